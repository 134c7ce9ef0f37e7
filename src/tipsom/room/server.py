"""`tipsom room`: Voilà serving the day's participant pages, with the room's own handlers.

One process on the trainer's laptop. Voilà (its standalone app, configured the way its docs
describe: a template, `page_config_hook`, kernel manager and culling traits) renders each
participant page in its own kernel, shows no code and refuses execute requests from the
browser. The room adds the join page, the presenter view and, on 127.0.0.1 only, the answers
endpoint the kernels post to. Kernels talk over IPC sockets in a short runtime folder.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

from ..content import Curriculum
from ..errors import TipsomError
from ..workbook.prepare import for_audience, prepare_workbooks
from ..workbook.room_client import ENV_URL

HERE = Path(__file__).parent
FONTS = HERE.parent / "fonts"
CULL_IDLE = 20 * 60      # seconds a kernel with no browser may idle before it is shut down
WARM_AGAIN = 120         # seconds after a warm kernel is taken before Voilà warms another (not during the join)


class RoomError(TipsomError):
    """The room cannot start: a message for the trainer."""


def fontawesome() -> Path:
    import fontawesomefree

    return Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"


def lan_address() -> str:
    """The laptop's address on the room's network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def qr(url: str) -> tuple[str, str]:
    """The participants' URL as a QR code: (terminal text, inline SVG)."""
    import segno

    code = segno.make(url, error="m")
    text = io.StringIO()
    code.terminal(out=text, compact=True)
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)  # sized by CSS (viewBox)
    return text.getvalue(), svg


def mathjax_stub(page_config, base_url, settings, log, voila_configuration, notebook_path):
    """Voilà's page_config_hook: MathJax from the room's own stub, not a CDN."""
    return {**page_config, "fullMathjaxUrl": f"{base_url}room/static/mathjax-stub.js", "mathjaxConfig": "TeX-AMS_CHTML-full,Safe"}


def prepare_pages(cur: Curriculum, audience: str, out: Path) -> None:
    """The audience's participant scenario pages (English and translated), nothing else."""
    def keep(kind: str, params: dict) -> bool:
        return kind == "scenario" and params["mode"] == "participant" and params["audience"] == audience
    prepare_workbooks(cur, out, only=keep, lab=False)
    for trainer in out.rglob("trainer"):
        shutil.rmtree(trainer, ignore_errors=True)  # never serve a trainer page to the room


def serve_answers(room) -> str:
    """The answers endpoint on 127.0.0.1 (the laptop's kernels only), in a thread of its own so that
    saving an answer never waits behind Voilà rendering a page; return its URL."""
    import asyncio

    import tornado.web
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    from .handlers import private_handlers

    sockets, ready = bind_sockets(0, "127.0.0.1"), threading.Event()

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        HTTPServer(tornado.web.Application(private_handlers(room)), max_body_size=16 * 1024 * 1024).add_sockets(sockets)
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, name="tipsom-answers", daemon=True).start()
    ready.wait(30)
    return f"http://127.0.0.1:{sockets[0].getsockname()[1]}/answers"


def make_app(room, pages: Path, runtime: Path, host: str, port: int, warm: int = 0):
    """Voilà's app with the room's handlers first, configured for a room."""
    from traitlets.config import Config
    from voila.app import Voila
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from .handlers import public_handlers

    class RoomVoila(Voila):
        def init_handlers(self):
            ours = public_handlers(room, HERE / "static", FONTS, fontawesome())
            return ours + [h for h in super().init_handlers() if h[1] is not TornadoVoilaTreeHandler]

        def start(self):
            from tornado.ioloop import IOLoop

            os.environ[ENV_URL] = serve_answers(room)
            IOLoop.current().add_callback(room.announce)  # runs once Voilà listens and its loop starts
            super().start()

    c = Config()
    c.Voila.ip, c.Voila.port, c.Voila.port_retries, c.Voila.open_browser = host, port, 0, False
    c.Voila.root_dir, c.Voila.connection_dir_root = str(pages), str(runtime)
    c.Voila.tornado_settings = {"cookie_secret": secrets.token_bytes(32), "xsrf_cookies": False}
    c.VoilaConfiguration.template = "tipsom"
    c.VoilaConfiguration.page_config_hook = mathjax_stub
    c.VoilaConfiguration.show_tracebacks = False
    c.KernelManager.transport = "ipc"
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE
    c.MappingKernelManager.cull_interval = 60
    c.MappingKernelManager.cull_connected = False
    if warm:  # Voilà's pre-heated kernels: each of today's English pages runs in advance, up to its participant
        c.VoilaConfiguration.preheat_kernel = True
        c.VoilaKernelManager.kernel_pools_config = {
            "default": {"pool_size": 0}, **{room.page_path(sid, "en"): {"pool_size": warm} for sid in room.scenario_ids}}
        c.VoilaKernelManager.fill_delay = WARM_AGAIN
    app = RoomVoila(config=c)
    app.initialize([])
    return app


def serve(cur: Curriculum, audience: str, host: str = "0.0.0.0", port: int = 8866, scenarios: list[str] | None = None,
          session: Path | None = None, codes: list[str] | None = None, warm: int = 0, out=None) -> None:
    """Run the room until Ctrl+C: prepare the pages, print the URLs and QR code, serve."""
    from .handlers import Room
    from .seats import Seats
    from .store import AnswerStore

    if audience not in cur.audiences:
        raise RoomError(f"{audience!r} is not an audience; use one of {', '.join(cur.audiences)}.")
    ready = [s.id for s in for_audience(cur, cur.audiences[audience], "en")[1]]
    wanted = list(scenarios or ready)
    missing = [s for s in wanted if s not in ready]
    if missing:
        raise RoomError(f"No scenario {', '.join(missing)} for {audience}; choose from: {', '.join(ready)}.")
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        raise RoomError(f"Cannot listen on {host}:{port} ({err.strerror}): is a room already running? "
                        "Stop it, or choose another --port.") from None
    build = cur.root / "build"
    session = session or build / "workbooks" / audience / "sessions" / dt.date.today().isoformat()
    runtime = Path(tempfile.mkdtemp(prefix="tr-", dir="/tmp"))  # short: IPC socket paths must stay under 108 bytes
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    os.environ.setdefault("JUPYTER_WIDGETS_ECHO", "0")  # one browser per kernel: no echo of its own updates
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(HERE / "share"), *filter(None, [os.environ.get("JUPYTER_PATH")])])
    prepare_pages(cur, audience, build / "room")
    room = Room(cur, audience, wanted, AnswerStore(cur, session), Seats(codes), secrets.token_urlsafe(18))
    shown_host = lan_address() if host in ("0.0.0.0", "", "::") else host
    room.participants_url = f"http://{shown_host}:{port}/"
    terminal, room.qr_svg = qr(room.participants_url)
    echo = out or (lambda s: print(s, flush=True))

    def announce() -> None:
        echo(f"Participants: {room.participants_url}")
        echo(f"Trainer: http://{shown_host}:{port}/trainer?key={room.trainer_key}")
        echo(f"Answers: {session}")
        echo(f"Answers endpoint (this laptop only): {os.environ[ENV_URL]}")
        echo(terminal)
        echo("Keep the Trainer link to yourself; press Ctrl+C to end the room.")
    room.announce = announce
    try:
        app = make_app(room, build / "room", runtime, host, port, warm)
        app.start()
    except OSError as err:
        raise RoomError(f"Cannot listen on {host}:{port} ({err.strerror}); choose another --port.") from None
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
        sys.stdout.flush()
