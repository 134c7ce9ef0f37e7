"""JupyterHub for a tipsom room on one Linux machine: `make hub` (or `jupyterhub -f this file`).

Each participant logs in (firstuseauthenticator: the first password typed becomes theirs)
and gets a single-user server started by systemd (SystemdSpawner: its own transient Unix
user, a memory and CPU limit, private /tmp), opening Voilà on the prepared participant
workbook: no code, no execute requests from the browser. Kernels talk over IPC. The answers
go to the `answers` hub service (`tipsom.room.hub`), which takes the name from the hub,
never from the request, and files each answer with `AnswerStore.accept` in the session
folder. jupyterhub-idle-culler stops servers left idle. Settings come from the environment:

    TIPSOM_ROOT        the project folder (default: this repository)
    TIPSOM_WORKBOOKS   prepared workbooks of the audience (default: build/workbooks/police)
    TIPSOM_SESSION     the session folder for answers (default: build/hub/sessions/<today>)
    TIPSOM_TRAINERS    hub user names that may read the room's summary (default: trainer)
    TIPSOM_HUB_URL     where participants connect (default: http://0.0.0.0:8000, the room's Wi-Fi)
    TIPSOM_HUB_STATE   the hub's database, cookie secret and proxy token (default: build/hub)
    TIPSOM_ANSWERS_PORT, TIPSOM_HUB_PORT   ports on 127.0.0.1 for the service and the hub's API
"""

import datetime as dt
import os
import sys
from pathlib import Path

import tipsom.room

c = get_config()  # noqa: F821 (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("TIPSOM_ROOT", HERE.parents[1])).resolve()
WORKBOOKS = Path(os.environ.get("TIPSOM_WORKBOOKS", ROOT / "build" / "workbooks" / "police"))
STATE = Path(os.environ.get("TIPSOM_HUB_STATE", ROOT / "build" / "hub"))
SESSION = Path(os.environ.get("TIPSOM_SESSION", STATE / "sessions" / dt.date.today().isoformat()))
TRAINERS = os.environ.get("TIPSOM_TRAINERS", "trainer")
ANSWERS = f"http://127.0.0.1:{os.environ.get('TIPSOM_ANSWERS_PORT', '10101')}"
STATE.mkdir(parents=True, exist_ok=True)

# ---- the hub, its proxy, its state ----------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("TIPSOM_HUB_URL", "http://0.0.0.0:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("TIPSOM_HUB_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.concurrent_spawn_limit = 10   # more at once answer "429 try again" (measured: 40 spawns in 54 s at 20)
c.JupyterHub.active_server_limit = 60
c.JupyterHub.default_url = "/hub/home"

# ---- who logs in ------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.create_users = True
c.FirstUseAuthenticator.min_password_length = 6
c.Authenticator.allow_all = True          # anyone in the room's Wi-Fi who picks a free name
c.Authenticator.admin_users = set(TRAINERS.split(","))

# ---- each participant's server ---------------------------------------------------------
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = True      # a transient Unix user each: no participant reads another's files
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.SystemdSpawner.readonly_paths = [str(ROOT)]
c.Spawner.mem_limit = "400M"               # server ~160-200 MiB + one kernel per open page ~50-67 MiB
c.Spawner.cpu_limit = 1.0
c.Spawner.notebook_dir = str(WORKBOOKS)
c.Spawner.default_url = "/voila/render/start.ipynb"   # Voilà: the pages, never the code
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = [
    "--KernelManager.transport=ipc",                       # no TCP port race between kernels
    "--MappingKernelManager.cull_idle_timeout=1200",       # a page left open: its kernel stops after 20 min
    "--MappingKernelManager.cull_interval=120",
    '--ServerApp.jpserver_extensions={"tipsom.room.hub": True}',  # Voilà's room template, served offline
]
c.Spawner.environment = {
    "TIPSOM_ROOT": str(ROOT),
    "JUPYTER_PATH": str(Path(tipsom.room.__file__).parent / "share"),   # the room's Voilà template
    "TIPSOM_HUB_ANSWERS": ANSWERS + "/services/answers",
    "JUPYTER_RUNTIME_DIR": lambda spawner: f"/tmp/tipsom-jr-{spawner.user.name}"[:60],  # IPC paths < 108 bytes
}
# the kernel's $JUPYTERHUB_API_TOKEN may reach the answers service, nothing more
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "access:services!service=answers"]

# ---- the answers service and the culler -------------------------------------------------
c.JupyterHub.services = [
    {"name": "answers", "url": ANSWERS, "oauth_no_confirm": True, "display": True,
     "command": [sys.executable, "-m", "tipsom.room.hub", "--root", str(ROOT), "--session", str(SESSION),
                 "--trainers", TRAINERS]},
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=1800", "--cull-every=120"]},
]
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", "access:services!service=answers"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
