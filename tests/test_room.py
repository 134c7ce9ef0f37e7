"""`tipsom room` on 127.0.0.1: join, pages in Voilà, the answers endpoint, trainer mode, faults.

One room runs for the module (a real Voilà server with real kernels, the fixture content);
simulated participants drive its pages through the kernel websocket (tipsom.room.client).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tipsom.room.client import Participant
from tipsom.room.loadtest import free_port, post, run_loadtest, start_room, stop_room

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("room")
    root = tmp / "project"
    shutil.copytree(WORKBOOK, root)
    session = tmp / "session"
    proc, urls = start_room(root, "police", "", session, free_port(), tmp / "room.log")
    try:
        yield {"proc": proc, "session": session, "log": tmp / "room.log", **urls}
    finally:
        stop_room(proc)


def get(url: str, cookie: str = "") -> tuple[int, str, dict]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace"), dict(err.headers)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 120))


async def opened(room, code: str, scenario: str = "job-offer") -> Participant:
    p = Participant(room["Participants"], code)
    await p.join()
    await p.open(scenario)
    await p.connect()
    return p


def shown(p: Participant) -> str:
    """Every text the page's widgets show (what the phone's browser draws)."""
    return "\n".join(str(m.get("value", "")) for m in p.models.values() if isinstance(m.get("value"), str))


def test_the_room_prints_both_urls_and_serves_the_join_page(room):
    assert room["Participants"].startswith("http://127.0.0.1:") and "/trainer?key=" in room["Trainer"]
    status, html, _ = get(room["Participants"])
    assert status == 200 and "Join the training" in html and 'name="code"' in html
    assert ".ipynb" not in html and "/work" not in html  # no file paths, no code
    status, urdu, _ = get(room["Participants"] + "?lang=ur")
    assert status == 200 and 'dir="rtl"' in urdu


def test_a_participant_answers_and_a_reload_gets_the_answers_back(room):
    async def go():
        p = await opened(room, "r1")
        (control, button, feedback), *_ = p.questions()
        await p.update(control, {"index": 1})  # smuggling: wrong
        await p.click(button, feedback)
        await p.close()
        again = Participant(room["Participants"], "R1")
        again.cookies = p.cookies  # the same phone, after sleeping: the same seat and page secret
        await again.open("job-offer")
        assert again.page_url == p.page_url
        await again.connect()
        await again.close()
        return shown(again)
    html = run(go())
    assert "Your answer from" in html and "Not quite" in html and "1 earlier answer(s) are shown below." in html
    lines = (room["session"] / "R1.jsonl").read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["correct"] is False


def test_the_browser_cannot_execute_code(room, tmp_path):
    marker = tmp_path / "ran"

    async def go():
        p = await opened(room, "x1")
        msg = await p.send("execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False,
                                               "store_history": False, "user_expressions": {}, "allow_stdin": False})
        await asyncio.sleep(3)
        await p.close()
        return p.replies.get(msg, {})
    replies = run(go())
    assert "execute_reply" not in replies and not marker.exists()


def test_participants_cannot_reach_trainer_mode_or_others_answers(room):
    base = room["Participants"]
    for path in ("trainer", "trainer/summary.json", "voila/render/police/trainer/scenario-job-offer.ipynb",
                 "answers", "answers/mine", "voila/files/..%2F..%2Fsession/R1.jsonl", "api/kernels",
                 "voila/render/..%2F..%2Fworkbooks/police/trainer/scenario-job-offer.ipynb",
                 "voila/files/..%2F..%2Fcurriculum/audiences.yaml"):
        status, body, _ = get(base + path)
        assert status in (403, 404), (path, status)
    status, _, headers = get(base + "voila/tree")
    assert status in (301, 302) and headers["Location"] == "/"
    status, _, headers = get(room["Trainer"])  # the trainer's link sets a cookie and drops the key from the address
    assert status == 302 and headers["Location"] == "/trainer"
    cookie = headers["Set-Cookie"].split(";")[0]
    status, body, _ = get(base + "trainer/summary.json?scenario=job-offer", cookie)
    assert status == 200 and json.loads(body)["scenarios"][0]["id"] == "job-offer"


def test_a_code_belongs_to_the_first_phone(room):
    async def go():
        a, b = Participant(room["Participants"], "same1"), Participant(room["Participants"], "SAME1")
        await a.join()
        resp = await b.fetch("/join?lang=en", "POST", {"code": "Same1"})
        return resp.code, resp.body.decode()
    code, body = run(go())
    assert code == 400 and "already in use on another phone" in body


BAD = [
    ({"scenario": "job-offer", "question": "classify", "answer": "trafficking", "participant": "R1"}, "cannot name a participant"),
    ({"scenario": ["x"], "question": "classify", "answer": "trafficking"}, "must be a non-empty text"),
    ({"scenario": "job-offer", "question": "classify", "answer": ["trafficking"]}, "one option id"),
    ({"scenario": "job-offer", "question": "nope", "answer": "x"}, "no question"),
    ({"scenario": "salon-job", "question": "classify", "answer": "trafficking"}, "its own case"),
]


def test_bad_input_is_refused_with_a_message_and_the_trainer_view_stays_fast(room):
    async def go():
        p = await opened(room, "bad1")
        await p.close()
        return p.page_url.rpartition("page=")[2]
    secret = run(go())
    url = room["Answers"]
    for body, says in BAD:
        req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={"X-Tipsom-Page": secret})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 400 and says in json.loads(err.value.read())["refused"]
    for raw, says in ((b"[" * 100_000 + b"]" * 100_000, "too long"), (b"x" * (10 * 1024 * 1024), "too long"),
                      (b'{"scenario": "job-offer", "question": "elders-call", "answer": "\\udc80"}', "lone surrogate")):
        req = urllib.request.Request(url, data=raw, method="POST", headers={"X-Tipsom-Page": secret})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert says in json.loads(err.value.read())["refused"]
    assert post(url, "wrong-secret", BAD[0][0]) == 403
    assert not (room["session"] / "BAD1.jsonl").exists()
    _, _, headers = get(room["Trainer"])
    started = time.monotonic()
    status, body, _ = get(room["Participants"] + "trainer/summary.json", headers["Set-Cookie"].split(";")[0])
    assert status == 200 and time.monotonic() - started < 2


def test_a_kernel_that_dies_is_restarted_and_the_page_shows_the_saved_answers(room):
    async def go():
        p = await opened(room, "k1")
        (control, button, feedback), *_ = p.questions()
        await p.update(control, {"index": 0})
        await p.click(button, feedback)
        await p.close()
        kernels = psutil.Process(room["proc"].pid).children(recursive=True)
        victim = max(kernels, key=lambda k: k.create_time())  # k1's kernel: the newest
        victim.kill()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # jupyter_server's restarter starts it again
            now = psutil.Process(room["proc"].pid).children(recursive=True)
            if len(now) >= len(kernels) and victim.pid not in {k.pid for k in now}:
                break
            await asyncio.sleep(0.5)
        else:
            raise AssertionError("the kernel was not restarted")
        again = Participant(room["Participants"], "k1")
        again.cookies = p.cookies
        await again.open("job-offer")
        await again.connect()
        await again.close()
        return shown(again)
    html = run(go())
    assert "Your answer from" in html and "1 earlier answer(s) are shown below." in html


def test_the_load_test_with_three_participants_on_warm_pages(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(WORKBOOK, root)
    figures = run_loadtest(root, "police", "job-offer", participants=3, seconds=120, warm=True)  # Voilà's preheat path
    assert figures["failed"] == 0, figures["errors"]
    assert figures["answers_sent"] == 3 * 6 and figures["answers_saved"] == figures["answers_sent"]
    assert figures["lost"] == 0 and figures["forged_accepted"] == 0 and figures["forged_sent"] >= 10
    assert figures["warm_pages"] == 3 and figures["kernels"] >= 3


def test_a_wrong_audience_or_scenario_is_one_clear_message(tmp_path):
    import socket

    from click.testing import CliRunner

    from tipsom.cli import main
    from tipsom.room.server import RoomError

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    taken = str(busy.getsockname()[1])
    for args, says in ((["--audience", "nobody"], "'nobody' is not an audience"),
                       (["--scenario", "salon-job"], "No scenario salon-job for police"),
                       (["--port", taken], "is a room already running?")):
        result = CliRunner().invoke(main, ["room", "--root", str(WORKBOOK), "--host", "127.0.0.1", *args])
        assert isinstance(result.exception, RoomError) and says in str(result.exception)
    busy.close()
