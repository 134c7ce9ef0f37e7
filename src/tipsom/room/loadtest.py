"""`tipsom room loadtest`: a whole room on 127.0.0.1 over HTTP, bounded in count and time.

Starts `tipsom room` (trainer pace) on 127.0.0.1 with a fresh session folder. N simulated
phones join at once (a code each; the room's per-address join limit is lifted with the
hidden `--join-burst 0`, since every phone here has one address), open a case (page, CSS,
JS), long-poll the room's state as room.js does, and answer each question 0.5-3 s after
the trainer opens it (reading, choosing); one answer in five is sent twice with the same answer id, as a phone
does after an outage. A simulated trainer opens the questions one by one over `--seconds`
and reveals each, its projector asking for the counts every second. Meanwhile forged requests try to answer without a seat, with a forged
cookie, naming a participant, or to take a code in use. At the end one phone reloads its
case 100 times. Then what is on disk is counted. Prints one JSON line; stops itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from ..errors import TipsomError
from ..workbook.answers import read_answers

MAX_PARTICIPANTS = 500
POLL = 2.0


class LoadTestError(TipsomError):
    """The load test could not run: a message for whoever ran it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_room(root: Path, audience: str, scenario: str, session: Path, port: int, log: Path,
               extra: list[str] | None = None) -> tuple[subprocess.Popen, dict]:
    """`tipsom room` on 127.0.0.1 in its own process group; its printed URLs."""
    cmd = [sys.executable, "-m", "tipsom", "room", "--root", str(root), "--audience", audience, "--host", "127.0.0.1",
           "--port", str(port), "--session", str(session), *(["--scenario", scenario] if scenario else []), *(extra or [])]
    with open(log, "wb") as out:  # the room keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=out, start_new_session=True, text=True)
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(urls) < 2:
        line = proc.stdout.readline()
        if not line:
            break
        if m := re.match(r"(Participants|Trainer): (\S+)", line):
            urls[m.group(1)] = m.group(2)
    proc.drain = threading.Thread(target=proc.stdout.read, daemon=True)  # keep the pipe drained
    proc.drain.start()
    if len(urls) < 2:
        stop_room(proc)
        raise LoadTestError(f"The room did not start; see {log}:\n{log.read_text(errors='replace')[-2000:]}")
    return proc, urls


def stop_room(proc: subprocess.Popen) -> None:
    """Stop the room (its own process group), gently, then firmly."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    if getattr(proc, "drain", None) is not None:
        proc.drain.join(timeout=5)
    proc.stdout.close()


def rss_mib(pid: int) -> tuple[float, int]:
    """The room's resident memory (MiB, with any children) and how many processes it has started."""
    import psutil

    main = psutil.Process(pid)
    kids = main.children(recursive=True)
    return sum(p.memory_info().rss for p in [main, *kids]) / 2**20, len(kids)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


class Client:
    """HTTP with a cookie, no redirects followed (tornado's client: one connection pool for all phones)."""

    def __init__(self, http, base: str):
        self.http, self.base, self.cookie = http, base.rstrip("/"), ""

    async def call(self, path: str, method: str = "GET", body: bytes | str | None = None, form: bool = False):
        from tornado.httpclient import HTTPClientError

        headers = {"Cookie": self.cookie} if self.cookie else {}
        headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
        try:
            resp = await self.http.fetch(self.base + path, method=method, body=body, headers=headers, follow_redirects=False,
                                         raise_error=False, request_timeout=60, decompress_response=True)
        except HTTPClientError as err:
            return err.code, b"", {}
        for value in resp.headers.get_list("Set-Cookie"):
            self.cookie = value.split(";")[0]
        return resp.code, resp.body or b"", resp.headers


def answer_for(ask) -> object:
    """A plausible answer of a phone to one question of the page model."""
    if ask.kind == "open":
        return random.choice(["Call the police first.", "پولیس کو فون کریں\u200c", "👨\u200d👩 ask the family"])
    if ask.many:
        return random.sample([c.key for c in ask.choices], random.randint(1, len(ask.choices)))
    return random.choice(ask.choices).key


class Phone:
    def __init__(self, http, base: str, code: str, scenario: str):
        self.c, self.code, self.scenario = Client(http, base), code, scenario
        self.acked: set[str] = set()
        self.times: list[float] = []
        self.joined: float | None = None
        self.answered: set[str] = set()
        self.sent = 0
        self.error = ""

    async def join(self, started: float) -> None:
        status, _, _ = await self.c.call("/join?lang=en", "POST", urlencode({"code": self.code}), form=True)
        if status != 303:
            raise RuntimeError(f"join {status}")
        for path in (f"/case/{self.scenario}?lang=en", "/static/room.css", "/static/room.js"):
            status, _, _ = await self.c.call(path)
            if status != 200:
                raise RuntimeError(f"GET {path}: {status}")
        self.joined = time.monotonic() - started

    async def live(self, page, until: float) -> None:
        """Poll the state; answer each question once it opens (one in five sent twice, same id)."""
        asks, version = {a.id: a for a in page.questions}, ""
        while (left := until - time.monotonic()) > 0:
            status, body, _ = await self.c.call(f"/api/state?case={self.scenario}&lang=en&v={version}&w={min(20, left):.1f}")
            if status == 200:
                state = json.loads(body)
                version = state["v"]
                for qid, token in state["parts"].items():
                    if qid in asks and qid not in self.answered and token.split(":")[1][0] == "1":
                        self.answered.add(qid)
                        await asyncio.sleep(random.uniform(0.5, 3.0))  # reading the question, choosing
                        await self.answer(asks[qid])
            else:
                await asyncio.sleep(POLL)

    async def answer(self, ask) -> None:
        answer_id = secrets.token_hex(12)
        body = json.dumps({"id": answer_id, "scenario": self.scenario, "question": ask.id, "answer": answer_for(ask),
                           "language": "en"})
        for _ in range(2 if random.random() < 0.2 else 1):
            clicked = time.monotonic()
            status, resp, _ = await self.c.call("/api/answer?lang=en", "POST", body)
            self.times.append(time.monotonic() - clicked)
            self.sent += 1
            if status == 200:
                self.acked.add(answer_id)
            else:
                self.error = f"answer {status}: {resp[:200]!r}"


async def trainer(http, base: str, key_url: str, page, scenario: str, until: float, start: float) -> None:
    """Open each question in turn, spread over the run, and reveal it before the next."""
    c = Client(http, base)
    await c.call(key_url.replace(c.base, ""))
    gap = max(3.0, (until - start - 2 * POLL) / max(1, len(page.questions)))

    async def projector() -> None:  # the presenter's page asks for the counts every second
        while time.monotonic() < until:
            await c.call(f"/trainer/summary.json?scenario={scenario}")
            await asyncio.sleep(1.0)

    shown = asyncio.ensure_future(projector())
    for ask in page.questions:
        await c.call("/trainer/open", "POST", json.dumps({"scenario": scenario, "question": ask.id}))
        await asyncio.sleep(gap * 0.8)
        await c.call("/trainer/reveal", "POST", json.dumps({"question": f"{scenario}/{ask.id}"}))
        await asyncio.sleep(gap * 0.2)
    await shown


async def forge(http, base: str, phones: list[Phone], scenario: str, question: str) -> tuple[int, int]:
    """Requests that must not be accepted: (sent, accepted)."""
    good = {"scenario": scenario, "question": question, "answer": "neither", "id": secrets.token_hex(8)}
    tries = []
    nobody, fake = Client(http, base), Client(http, base)
    fake.cookie = "tipsom_seat=2|1:0|10:1700000000|11:tipsom_seat|8:Zm9yZ2Vk|" + "0" * 64
    tries += [(nobody, "/api/answer", good, False), (fake, "/api/answer", good, False)]
    for i, p in enumerate(phones[:20]):
        other = phones[(i + 1) % len(phones)].code
        tries += [(p.c, "/api/answer", {**good, "participant": other}, False),
                  (p.c, "/trainer/summary.json", None, False),
                  (Client(http, base), "/join?lang=en", urlencode({"code": other}), True)]
    accepted = 0
    for client, path, body, form in tries:
        data = body if isinstance(body, str) else None if body is None else json.dumps(body)
        status, _, _ = await client.call(path, "GET" if body is None else "POST", data, form=form)
        accepted += 200 <= status < 300 or (path.startswith("/join") and status == 303)
    return len(tries), accepted


def run_loadtest(root: Path, audience: str = "police", scenario: str = "", participants: int = 10,
                 seconds: int = 180) -> dict:
    """Run the room's load test; return the figures (one JSON object)."""
    from tornado.httpclient import AsyncHTTPClient

    from ..content import load_curriculum
    from ..page import CasePage
    from ..workbook.prepare import for_audience

    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise LoadTestError(f"--participants must be 1 to {MAX_PARTICIPANTS}.")
    cur = load_curriculum(root, scope_translations=True)
    ready = [s.id for s in for_audience(cur, cur.audiences[audience], "en")[1]] if audience in cur.audiences else []
    scenario = scenario or (ready[0] if ready else "")
    if scenario not in ready:
        raise LoadTestError(f"No scenario {scenario!r} for {audience!r}; choose from: {', '.join(ready) or 'none'}.")
    page = CasePage(cur, cur.scenarios[scenario], cur.audiences[audience], "en")
    with tempfile.TemporaryDirectory(prefix="tipsom-load-") as tmp:
        session, port = Path(tmp) / "session", free_port()
        log = Path(tmp) / "room.log"
        proc, urls = start_room(Path(root).resolve(), audience, scenario, session, port, log,
                                ["--join-burst", "0", "--max", str(max(100, participants))])
        base = urls["Participants"]
        try:
            before, _ = rss_mib(proc.pid)

            async def room() -> tuple:
                AsyncHTTPClient.configure(None, max_clients=participants + 20)
                http = AsyncHTTPClient()
                phones = [Phone(http, base, f"L{i:03d}", scenario) for i in range(participants)]
                started = time.monotonic()

                async def one(p: Phone) -> None:
                    try:
                        await p.join(started)
                    except Exception as err:  # a phone that fails is counted, not fatal to the room
                        p.error = f"{type(err).__name__}: {err}"
                await asyncio.gather(*(one(p) for p in phones))
                start = time.monotonic()
                until = start + seconds
                seated = [p for p in phones if p.joined is not None]
                await asyncio.gather(trainer(http, base, urls["Trainer"], page, scenario, until, start),
                                     *(p.live(page, until + POLL) for p in seated))
                forged = await forge(http, base, seated, scenario, page.questions[0].id)
                during, _ = rss_mib(proc.pid)
                reload_from, _ = rss_mib(proc.pid)
                for _ in range(100 if seated else 0):  # one phone reloads its case 100 times
                    await seated[0].c.call(f"/case/{scenario}?lang=en")
                reloaded, processes = rss_mib(proc.pid)
                return phones, forged, during, reloaded - reload_from, processes
            phones, (forged_sent, forged_accepted), during, reload_growth, processes = asyncio.run(room())
        finally:
            stop_room(proc)
        on_disk: dict[str, list[str]] = {}
        for r in read_answers(session).records:
            on_disk.setdefault(r["participant"], []).append(str(r.get("id")))
    acked = sum(len(p.acked) for p in phones)
    lost = sum(len(p.acked - set(on_disk.get(p.code, []))) for p in phones)
    twice = sum(len(ids) - len(set(ids)) for ids in on_disk.values())
    times = [t * 1000 for p in phones for t in p.times]
    errors = [f"{p.code}: {p.error}" for p in phones if p.error]
    return {"participants": participants, "answers_sent": sum(p.sent for p in phones), "answers_acknowledged": acked,
            "answers_saved": sum(len(set(v)) for v in on_disk.values()), "lost": lost, "counted_twice": twice,
            "forged_sent": forged_sent, "forged_accepted": forged_accepted, "p50_ms": round(percentile(times, 0.5)),
            "p95_ms": round(percentile(times, 0.95)),
            "rss_mib_per_participant": round(max(0.0, during - before) / participants, 2),
            "room_rss_mib": round(during, 1), "reload_100_growth_mib": round(reload_growth, 1), "processes": processes,
            "join_s_max": round(max((p.joined for p in phones if p.joined is not None), default=0.0), 2),
            "failed": len(errors), "errors": errors[:5], "scenario": scenario, "seconds": seconds,
            "load_average": [round(x, 2) for x in os.getloadavg()]}
