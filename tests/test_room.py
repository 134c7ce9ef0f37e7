"""`tipsom room` without kernels: seats and PINs, trainer pace, answers, restarts, the probe's failures.

Each test runs the room's tornado application in a thread on 127.0.0.1 over the fixture content
and drives it over HTTP like a phone and a presenter (urllib, with a cookie jar each).
"""

from __future__ import annotations

import asyncio
import gzip
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tipsom.room import store as store_module
from tipsom.room.server import RoomError, build, show_at

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cur():
    from tipsom.content import load_curriculum

    return load_curriculum(WORKBOOK, scope_translations=True)


class Running:
    """A room's application served from a thread with its own event loop."""

    def __init__(self, cur, session: Path, **kw):
        from tornado.httpserver import HTTPServer
        from tornado.netutil import bind_sockets

        self.room, self.app = build(cur, "police", session, font=False, **kw)
        sockets, ready = bind_sockets(0, "127.0.0.1"), threading.Event()
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        show_at(self.room, self.url + "/")

        def run() -> None:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.server = HTTPServer(self.app)
            self.server.add_sockets(sockets)
            ready.set()
            self.loop.run_forever()
            self.server.stop()
            self.loop.close()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def session(tmp_path) -> Path:
    return tmp_path / "session"


@pytest.fixture
def room(cur, session):
    running = Running(cur, session)
    yield running
    running.stop()


class Browser:
    """A phone or the presenter's laptop: a cookie jar, no redirects followed."""

    def __init__(self, base: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()

        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), Stay)

    def call(self, path: str, data: dict | bytes | None = None, form: bool = False, headers: dict | None = None):
        body = None if data is None else data if isinstance(data, bytes) else \
            urllib.parse.urlencode(data).encode() if form else json.dumps(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {},
                                     method="GET" if data is None else "POST")
        try:
            with self.opener.open(req, timeout=20) as resp:
                return resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as err:
            return err.code, err.read(), err.headers

    def text(self, path: str, **kw) -> tuple[int, str]:
        status, body, _ = self.call(path, **kw)
        return status, body.decode()

    def join(self, code: str, pin: str = "") -> int:
        return self.call("/join?lang=en", {"code": code, "pin": pin}, form=True)[0]

    def answer(self, question: str, answer, answer_id: str | None = None, scenario: str = "job-offer") -> tuple[int, dict]:
        status, body, _ = self.call("/api/answer?lang=en", {"id": answer_id or secrets.token_hex(8), "scenario": scenario,
                                                            "question": question, "answer": answer, "language": "en"})
        return status, json.loads(body)


def phone(room, code: str) -> Browser:
    p = Browser(room.url)
    assert p.join(code) == 303
    return p


def trainer(room) -> Browser:
    t = Browser(room.url)
    assert t.call(f"/trainer?key={room.room.trainer_key}")[0] == 302
    return t


def pin_of(p: Browser) -> str:
    return re.search(r"Your PIN is (\d{4})", p.text("/?lang=en")[1]).group(1)


def lines(session: Path, code: str) -> list[dict]:
    path = session / f"{code}.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


# ---- pages -----------------------------------------------------------------------------------

def test_every_page_says_its_language_direction_and_case(room):
    p = Browser(room.url)
    status, html = p.text("/?lang=ur")
    assert status == 200 and '<html lang="ur" dir="rtl">' in html and "<title>" in html and 'for="code"' in html
    assert p.join("p01") == 303
    status, html = p.text("/case/job-offer?lang=en")
    assert '<html lang="en" dir="ltr">' in html and "<title>A job offer in the city" in html
    assert ".ipynb" not in html and "kernel" not in html.lower() and str(room.room.store.folder) not in html
    status, html = p.text("/case/border-crossing?lang=ur")
    assert status == 200 and '<html lang="ur" dir="rtl">' in html


def test_urdu_and_arabic_digits_are_the_digits_of_a_code(room, session):
    assert phone(room, "P۰۷").call("/?lang=en")[1].decode().count("You are P07.") == 1
    assert phone(room, "Q٠٣").text("/")[1].count("You are Q03.") == 1


def test_a_page_address_is_not_an_identity(room, session):
    """I3: without the seat cookie nothing is saved, whatever the address says."""
    owner = phone(room, "V1")
    trainer(room).call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    stranger = Browser(room.url)
    status, body = stranger.answer("classify", "neither")
    assert status == 403 and "Join again" in body["refused"]
    status, _, headers = stranger.call("/case/job-offer?lang=en")
    assert status == 302 and headers["Location"].startswith("/?")
    assert stranger.call("/case/job-offer/part/classify?lang=en")[0] == 403
    assert owner.answer("classify", "trafficking")[0] == 200
    assert [r["answer"] for r in lines(session, "V1")] == ["trafficking"]


def test_a_code_in_use_needs_its_pin_and_the_pin_moves_it(room):
    """E6: a stranger cannot take a code; its owner, with the PIN, takes it to another phone."""
    first = phone(room, "P07")
    pin = pin_of(first)
    assert "Your PIN is" not in first.text("/")[1]  # shown once
    other = Browser(room.url)
    assert other.join("p07") == 400 and "in use" in other.text("/")[1] + other.call(
        "/join?lang=en", {"code": "P07"}, form=True)[1].decode()
    assert other.join("P07", "0000" if pin != "0000" else "1111") == 400
    assert other.join("P07", "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in pin)) == 303  # the PIN, typed in Urdu digits
    assert "You are P07." in other.text("/")[1]
    assert first.call("/api/state?case=job-offer")[0] == 403  # the old phone lost the code


def test_joins_are_limited_per_address_and_the_room_has_a_cap(cur, tmp_path):
    """E5: one address cannot join codes without end; the room holds at most --max codes."""
    running = Running(cur, tmp_path / "s1", join_burst=3)
    try:
        codes = [Browser(running.url).join(f"X{i}") for i in range(6)]
        assert codes[:3] == [303] * 3 and set(codes[3:]) == {429}
    finally:
        running.stop()
    running = Running(cur, tmp_path / "s2", max_codes=2, join_burst=0)
    try:
        assert [Browser(running.url).join(c) for c in ("A", "B")] == [303, 303]
        late = Browser(running.url)
        status, body, _ = late.call("/join?lang=en", {"code": "C"}, form=True)
        assert status == 400 and "The room is full (2 codes)" in body.decode()
    finally:
        running.stop()


def test_seats_pins_and_the_trainer_key_survive_a_restart(cur, session):
    """F2, F3: after a restart the same phone keeps its code, a stranger cannot take it, the key still works."""
    running = Running(cur, session)
    owner, screen = phone(running, "F1"), trainer(running)
    screen.call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    assert owner.answer("classify", "trafficking", "answer-0001")[0] == 200
    key = running.room.trainer_key
    running.stop()
    assert stat.S_IMODE((session / "room-key.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((session / "seats.json").stat().st_mode) == 0o600
    again = Running(cur, session)
    try:
        owner.base = screen.base = again.url
        assert again.room.trainer_key == key and screen.call("/trainer/summary.json")[0] == 200
        assert "You are F1." in owner.text("/")[1]
        assert owner.answer("classify", "trafficking", "answer-0001")[1]["duplicate"] is True  # resent after the outage
        stranger = Browser(again.url)
        assert stranger.join("F1") == 400
        assert len(lines(session, "F1")) == 1
        summary = json.loads(screen.call("/trainer/summary.json?scenario=job-offer")[1])
        assert summary["joined"] == 1 and summary["participants"] == 1
    finally:
        again.stop()


def test_a_resent_answer_is_stored_once(room, session):
    p = phone(room, "D1")
    trainer(room).call("/trainer/open", {"scenario": "job-offer", "question": "indicators"})
    for _ in range(3):
        assert p.answer("indicators", ["debt"], "same-answer-id")[0] == 200
    assert p.answer("indicators", ["debt", "city"], "another-answer")[0] == 200
    assert [r["answer"] for r in lines(session, "D1")] == [["debt"], ["debt", "city"]]
    assert p.answer("indicators", ["debt"], "bad id!")[0] == 400


# ---- the trainer paces -----------------------------------------------------------------------

def test_an_answer_is_saved_but_its_feedback_waits_for_reveal(room, session):
    p, screen = phone(room, "T1"), trainer(room)
    assert p.answer("classify", "smuggling")[0] == 400  # not open yet
    screen.call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    status, body = p.answer("classify", "smuggling")
    assert status == 200 and set(body) == {"saved", "duplicate", "refresh"}  # no verdict, no key
    part = p.text("/case/job-offer/part/classify?lang=en")[1]
    assert "Saved." in part and "Not quite" not in part and "The answer" not in part
    assert 'data-part="who-investigates" data-s="trainer:00' in p.text("/case/job-offer?lang=en")[1]  # not shown yet
    explorer = p.text("/case/job-offer/part/explorer?lang=en")[1]
    assert "Trafficking in persons" not in explorer and "<form" not in explorer
    screen.call("/trainer/reveal", {"question": "job-offer/classify"})
    part = p.text("/case/job-offer/part/classify?lang=en")[1]
    assert "Not quite" in part and "Smuggling of migrants" in part and " disabled" in part
    assert p.answer("classify", "trafficking")[0] == 400  # closed once shown
    explorer = p.text("/case/job-offer/part/explorer?lang=en")[1]
    assert "Trafficking in persons" in explorer and "investigates" not in explorer.split('id="reading"')[1]
    assert "ptpa-2018/s8" not in explorer  # the step that says who investigates waits for its own question
    screen.call("/trainer/reveal", {"question": "job-offer/who-investigates"})
    explorer = p.text("/case/job-offer/part/explorer?lang=en")[1]
    assert "investigates" in explorer.split('id="reading"')[1] and "Police" in explorer


def test_self_pace_shows_each_feedback_at_once(cur, session):
    running = Running(cur, session, pace="self")
    try:
        p = phone(running, "S1")
        status, body = p.answer("classify", "trafficking")
        assert status == 200 and body["refresh"] is True
        assert "Correct." in p.text("/case/job-offer/part/classify?lang=en")[1]
        assert "investigates" not in p.text("/case/job-offer/part/explorer?lang=en")[1].split('id="reading"')[1]
    finally:
        running.stop()


def test_the_explorer_asks_the_engine_on_the_server(room):
    p, screen = phone(room, "E1"), trainer(room)
    screen.call("/trainer/reveal", {"question": "job-offer/classify"})
    status, html = p.text("/api/explore?lang=en", data={"case": "job-offer", "facts": {"age": 30, "means": []}})
    assert status == 200 and "<b>Neither</b>" in html and "Age: 15 → 30" in html
    assert p.call("/api/explore", {"case": "job-offer", "facts": {"rm -rf": 1}})[0] == 400
    assert Browser(room.url).call("/api/explore", {"case": "job-offer", "facts": {}})[0] == 403


def test_open_answers_are_listed_with_counts_and_the_trainer_can_hide_one(cur, session):
    running = Running(cur, session, pace="self")
    try:
        for code, text in (("O1", "Call the police 👨\u200d👩"), ("O2", "Call the police 👨\u200d👩"), ("O3", "\u202eevil")):
            running.room.store.accept(code, json.dumps({"scenario": "job-offer", "question": "elders-call",
                                                        "answer": text}).encode())
        screen = trainer(running)
        summary = json.loads(screen.call("/trainer/summary.json?scenario=job-offer")[1])
        q = next(q for q in summary["scenarios"][0]["questions"] if q["id"] == "elders-call")
        assert [(a[0], a[1]) for a in q["answers"]] == [("Call the police 👨\u200d👩", 2), ("\\u202eevil", 1)]
        screen.call("/trainer/hide", {"key": q["answers"][1][2]})
        summary = json.loads(screen.call("/trainer/summary.json?scenario=job-offer")[1])
        q = next(q for q in summary["scenarios"][0]["questions"] if q["id"] == "elders-call")
        assert q["answers"][1][3] is True and q["answers"][0][3] is False
    finally:
        running.stop()


# ---- what a participant may send -----------------------------------------------------------

BAD = [
    ({"scenario": "job-offer", "question": "classify", "answer": "trafficking", "participant": "R1"}, "cannot name a participant"),
    ({"scenario": "job-offer", "question": "classify", "answer": ["trafficking"]}, "one option id"),
    ({"scenario": "job-offer", "question": "nope", "answer": "x"}, "not open yet"),
    ({"scenario": "salon-job", "question": "classify", "answer": "trafficking"}, "not open in the room"),
]


def test_bad_answers_are_refused_with_a_message_and_nothing_is_saved(room, session):
    p = phone(room, "B1")
    trainer(room).call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    for body, says in BAD:
        status, raw, _ = p.call("/api/answer", body)
        assert status == 400 and says in json.loads(raw)["refused"], (body, raw)
    for raw in (b"[" * 100_000 + b"]" * 100_000, b"x" * (1024 * 1024), b'{"scenario": "job-offer", "question": "classify", '
                                                                          b'"answer": "\\udc80"}'):
        status, _, _ = p.call("/api/answer", raw)
        assert status == 400
    assert not (session / "B1.jsonl").exists()
    assert p.call("/trainer/summary.json")[0] == 403 and p.call("/trainer/open", {"scenario": "job-offer"})[0] == 403


def test_a_participant_has_caps_on_open_answers_and_requests(room, session, monkeypatch):
    monkeypatch.setattr(store_module, "MAX_OPEN_EACH", 2)
    for code in ("C1", "C2"):
        for _ in range(2):
            room.room.store.accept(code, json.dumps({"scenario": "job-offer", "question": "elders-call", "answer": "x"}).encode())
    with pytest.raises(store_module.Refused, match="20 times|2 times"):
        room.room.store.accept("C1", json.dumps({"scenario": "job-offer", "question": "elders-call", "answer": "y"}).encode())
    p = phone(room, "C3")
    statuses = [p.call("/api/explore", {"case": "job-offer", "facts": {}})[0] for _ in range(60)]
    assert 429 in statuses  # a phone cannot make the server compute without end


def test_no_laptop_path_in_a_participants_message(room, session):
    p = phone(room, "W1")
    trainer(room).call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    (session / "W1.jsonl").mkdir(parents=True)  # the answer file cannot be written
    status, body = p.answer("classify", "trafficking")
    assert status == 503 and "NOT saved" in body["refused"]  # 503: the phone keeps it and tries again
    assert str(session) not in body["refused"] and "/" not in body["refused"]


def test_static_files_are_compressed_and_cached_under_versioned_urls(room):
    p = phone(room, "G1")
    html = p.text("/case/job-offer?lang=en")[1]
    js = re.search(r'src="(/static/room\.js\?v=[0-9a-f]+)"', html).group(1)
    status, body, headers = p.call(js, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and "max-age" in headers["Cache-Control"]
    assert b"localStorage" in gzip.decompress(body)
    status, _, headers = p.call("/case/job-offer?lang=en", headers={"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-store"


def test_a_wrong_audience_scenario_or_session_is_one_clear_message(cur, tmp_path):
    for kw, says in (({"audience": "nobody"}, "'nobody' is not an audience"),
                     ({"scenarios": ["salon-job"]}, "No scenario salon-job for police")):
        with pytest.raises(RoomError, match=says):
            build(cur, kw.pop("audience", "police"), tmp_path / "s", font=False, **kw)
    from click.testing import CliRunner

    from tipsom.cli import main

    result = CliRunner().invoke(main, ["room", "--root", str(WORKBOOK), "--host", "127.0.0.1", "--session", "x y"])
    assert isinstance(result.exception, RoomError) and "cannot be a session name" in str(result.exception)


# ---- the process -----------------------------------------------------------------------------

@pytest.mark.slow
def test_the_terminal_keeps_its_links_and_a_crash_leaves_nothing_in_temp(tmp_path):
    """One process, no line per request, nothing in $TMPDIR after kill -9; the font is cut once and cached."""
    from tipsom.room.loadtest import free_port

    root, tmp = tmp_path / "project", tmp_path / "tmp"
    shutil.copytree(WORKBOOK, root)
    tmp.mkdir()
    port = free_port()
    out = tmp_path / "out.txt"
    with out.open("wb") as f:
        proc = subprocess.Popen([sys.executable, "-m", "tipsom", "room", "--root", str(root), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=f, stderr=subprocess.STDOUT,
                                env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if "Keep the Trainer link" in out.read_text():
                break
            time.sleep(0.3)
        printed = out.read_text()
        assert "Participants: " in printed and "Trainer: " in printed and "▀" in printed + "█"
        p = Browser(base)
        assert p.join("K1") == 303
        for _ in range(10):
            assert p.call("/case/job-offer?lang=en")[0] == 200
        html = p.text("/case/border-crossing?lang=ur")[1]
        font = re.search(r"url\('(/font/[0-9a-f]+\.woff2)'\)", html).group(1)
        status, data, headers = p.call(font)
        assert status == 200 and data[:4] == b"wOF2" and len(data) < 200_000 and "immutable" in headers["Cache-Control"]
        assert out.read_text() == printed  # no line per request: the QR code and the links stay in view
        assert len(list((root / "build" / "workbooks" / "police" / "sessions").iterdir())) == 1
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert list(tmp.iterdir()) == []


def test_a_phone_that_did_not_answer_sees_the_answer_once_revealed(room):
    p, screen = phone(room, "N1"), trainer(room)
    screen.call("/trainer/open", {"scenario": "job-offer", "question": "response"})
    assert "Listen, explain" not in p.text("/case/job-offer/part/response?lang=en")[1].split("</fieldset>")[-1]
    screen.call("/trainer/reveal", {"question": "job-offer/response"})
    part = p.text("/case/job-offer/part/response?lang=en")[1]
    assert "You did not answer this question" in part and "Listen, explain her options" in part.split("</fieldset>")[-1]


def test_the_presenter_speaks_the_rooms_language_and_shows_the_qr_code_large(room):
    screen = trainer(room)
    status, html = screen.text("/trainer?lang=ur")
    assert status == 200 and '<html lang="ur" dir="rtl">' in html and "Noto Nastaliq Urdu" in html
    assert 'id="big" hidden' in html and "<svg" in html and room.url in html
    status, body, _ = screen.call("/trainer/summary.json?lang=ur&scenario=border-crossing")
    summary = json.loads(body)
    assert summary["url"] == room.url + "/" and summary["pace"] == "trainer"
    assert any("\u0600" <= c <= "\u06ff" for c in summary["scenarios"][0]["questions"][0]["prompt"])  # Urdu prompts
    assert Browser(room.url).call("/trainer?lang=ur")[0] == 403


def test_the_address_is_followed_and_127_0_0_1_alone_is_a_warning(room, tmp_path):
    from tipsom.room.server import Address

    found, said = [[]], []
    address = Address(room.room, "0.0.0.0", 8866, tmp_path, said.append, find=lambda: found[0])
    address.follow()
    assert room.room.participants_url == "http://127.0.0.1:8866/" and any("Warning: this laptop has no network" in s
                                                                          for s in said)
    said.clear()
    address.follow()
    assert said == []  # nothing new, nothing printed
    found[0] = ["10.42.0.1"]  # the hotspot is on
    old_qr = room.room.qr_svg
    address.follow()
    assert room.room.participants_url == "http://10.42.0.1:8866/" and room.room.qr_svg != old_qr
    assert said[0].startswith("The laptop's address changed to 10.42.0.1") and not any("Warning" in s for s in said)
    summary = json.loads(trainer(room).call("/trainer/summary.json")[1])
    assert summary["url"] == "http://10.42.0.1:8866/" and "<svg" in summary["qr"]  # the presenter follows
