"""JupyterHub on 127.0.0.1 with the room's config (deploy/jupyterhub): three participants answer
through the `answers` hub service, the trainer's summary counts three, a participant is refused it.

Needs JupyterHub (`pip install -e .[hub]`, which `make install` does) and its proxy from npm
(`make hub-proxy`; `.ci/run` installs npm). The users' tokens are made by the hub's API, as
the hub makes a kernel's $JUPYTERHUB_API_TOKEN, and each answer is sent by the page's own
client (`workbook.hub_client.HubRecorder`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG = Path(__file__).parent / "fixtures" / "hub" / "jupyterhub_config.py"
WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
NEEDED = "JupyterHub's proxy is not installed: run `make hub-proxy` (needs npm: sudo apt-get install npm)"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not PROXY.exists() and not os.environ.get("TIPSOM_REQUIRE_HUB"),
                                                   reason=NEEDED)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url: str, token: str = "", method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"token {token}"} if token else {}
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method,
                                 headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        text = err.read()
        try:
            return err.code, json.loads(text)
        except ValueError:
            return err.code, {"text": text.decode(errors="replace")[:300]}
    except OSError as err:  # not listening yet
        return 0, {"error": str(err)}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    from tipsom.content import load_curriculum
    from tipsom.workbook.prepare import prepare_workbooks

    assert PROXY.exists(), NEEDED
    tmp_path = tmp_path_factory.mktemp("hub")
    prepare_workbooks(load_curriculum(WORKBOOK), tmp_path / "workbooks")
    ports = {k: free_port() for k in ("public", "hub", "answers", "proxy_api")}
    admin = secrets.token_hex(16)
    env = {**os.environ, "TIPSOM_ROOT": str(WORKBOOK), "TIPSOM_HUB_STATE": str(tmp_path / "state"),
           "TIPSOM_SESSION": str(tmp_path / "session"), "TIPSOM_WORKBOOKS": str(tmp_path / "workbooks" / "police"), "TIPSOM_TRAINERS": "trainer",
           "TIPSOM_HUB_URL": f"http://127.0.0.1:{ports['public']}", "TIPSOM_HUB_PORT": str(ports["hub"]),
           "TIPSOM_ANSWERS_PORT": str(ports["answers"]), "TIPSOM_TEST_PROXY_API_PORT": str(ports["proxy_api"]),
           "TIPSOM_TEST_ADMIN_TOKEN": admin}
    log = tmp_path / "hub.log"
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)], cwd=tmp_path,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{ports['public']}"
    try:
        for _ in range(300):
            assert proc.poll() is None, log.read_text()[-3000:]
            status, _ = call(f"{url}/services/answers/summary", admin)
            if status == 403 and call(f"{url}/hub/api/", admin)[0] == 200:  # the hub and its service answer
                break
            time.sleep(0.2)
        else:
            pytest.fail("the hub did not start in 60 s:\n" + log.read_text()[-3000:])
        print(f"hub and answers service up in {time.perf_counter() - started:.1f} s")
        yield url, admin, tmp_path / "session", log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_three_participants_answer_through_the_hub_service_and_only_the_trainer_sees_the_summary(hub):
    from tipsom.workbook.answers import ResponseError
    from tipsom.workbook.hub_client import HubRecorder

    url, admin, session, _ = hub
    people = ["p1", "p2", "p3"]
    status, _ = call(f"{url}/hub/api/users", admin, "POST", {"usernames": [*people, "trainer"]})
    assert status == 201
    tokens = {}
    for name in [*people, "trainer"]:
        status, made = call(f"{url}/hub/api/users/{name}/tokens", admin, "POST",
                            {"scopes": ["access:services!service=answers"], "note": "as a kernel's token"})
        assert status == 201, made
        tokens[name] = made["token"]
    service = f"{url}/services/answers"
    answers = {"p1": "trafficking", "p2": "trafficking", "p3": "smuggling"}
    for name in people:
        page = HubRecorder(service, tokens[name], "police")
        assert page.participant == name and page.remote
        saved = page.submit("job-offer", "classify", "classify", answers[name])
        assert (saved["participant"], saved["correct"]) == (name.upper(), answers[name] == "trafficking")
        assert [r["answer"] for r in HubRecorder(service, tokens[name], "police").earlier("job-offer").values()] == [answers[name]]
    # the body cannot name someone else, an unknown question is refused, nothing is stored for either
    with pytest.raises(ResponseError, match="cannot name a participant"):
        HubRecorder(service, tokens["p1"], "police")._call("POST", "", {"participant": "p2", "scenario": "job-offer"})
    with pytest.raises(ResponseError, match="question"):
        HubRecorder(service, tokens["p2"], "police").submit("job-offer", "nope", "classify", "trafficking")
    status, body = call(f"{service}/", "", "POST", {"scenario": "job-offer", "question": "classify", "answer": "both"})
    assert status == 403 and "hub" in body["refused"]  # no token: no answer
    status, summary = call(f"{service}/summary?scenario=job-offer", tokens["trainer"])
    assert status == 200 and summary["participants"] == 3 and summary["submissions"] == 3, summary
    status, body = call(f"{service}/summary", tokens["p1"])
    assert status == 403 and "Only the trainer" in body["refused"]
    assert sorted(p.name for p in session.iterdir()) == ["P1.jsonl", "P2.jsonl", "P3.jsonl"]


def test_a_participants_own_server_opens_voila_and_its_kernel_is_known_to_the_service(hub):
    """A real single-user server (the config's spawner args: IPC kernels, Voilà as the default page):
    the scenario page, run by Voilà in the participant's kernel, asks the service who it is and
    shows that name: the kernel's own $JUPYTERHUB_API_TOKEN reached the service."""
    url, admin, _, log = hub
    call(f"{url}/hub/api/users", admin, "POST", {"usernames": ["p9"]})
    status, made = call(f"{url}/hub/api/users/p9/tokens", admin, "POST", {"scopes": ["access:servers!user=p9"]})
    assert status == 201, made
    started = time.perf_counter()
    status, body = call(f"{url}/hub/api/users/p9/server", admin, "POST")
    assert status in (201, 202), body
    for _ in range(300):
        status, user = call(f"{url}/hub/api/users/p9", admin)
        if user.get("servers", {}).get("", {}).get("ready"):
            break
        time.sleep(0.2)
    else:
        lines = [x for x in log.read_text().splitlines() if "p9" in x or "rror" in x and "ConfigProxy" not in x]
        pytest.fail(f"p9's server did not start: {user}\n" + "\n".join(lines[-40:]))
    spawned = time.perf_counter() - started
    status, model = call(f"{url}/hub/api/users/p9", admin)
    assert model["servers"][""]["url"] == "/user/p9/"
    req = urllib.request.Request(f"{url}/user/p9/voila/render/scenario-job-offer.ipynb",
                                 headers={"Authorization": f"token {made['token']}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        html = resp.read().decode()
    print(f"p9's server ready in {spawned:.1f} s; Voilà page {len(html) // 1024} KB")
    # the page's static form names the hub user the service said owns the kernel's token
    assert "A job offer in the city" in html and "Your code: p9" in html and "This page cannot open" not in html
    assert "scenario_page(" not in html  # Voilà shows no code
    outside = re.findall(r'(?:src|href)="(https?://[^"]+)"|"fullMathjaxUrl": "(https?://[^"]+)"', html)
    assert outside == [] and "/user/p9/room/fa/css/all.min.css" in html  # the room's template: nothing from a CDN
    req = urllib.request.Request(f"{url}/user/p9/room/fa/css/all.min.css", headers={"Authorization": f"token {made['token']}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200 and b"Font Awesome" in resp.read(2000)
    call(f"{url}/hub/api/users/p9/server", admin, "DELETE")
