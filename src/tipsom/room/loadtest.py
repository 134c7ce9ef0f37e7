"""`tipsom room loadtest`: a whole room on 127.0.0.1, bounded in count and time.

Starts `tipsom room` on 127.0.0.1 with a fresh answers folder, lets N simulated participants
(`client.Participant`) join at once, each load a real scenario page in its own kernel, and
once the room is seated all answer every question at once through the widget protocol
(no pause to read: the worst case for the server), sends forged answers (a wrong page
secret, a record naming another participant, another page's scenario) straight to the
answers endpoint, then counts what was saved on disk. Prints one JSON line; stops itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import TipsomError
from ..workbook.answers import read_answers
from ..workbook.room_client import HEADER
from .client import Participant

MAX_PARTICIPANTS = 100


class LoadTestError(TipsomError):
    """The load test could not run: a message for whoever ran it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_room(root: Path, audience: str, scenario: str, session: Path, port: int, log: Path,
               warm: int = 0) -> tuple[subprocess.Popen, dict]:
    """`tipsom room` on 127.0.0.1 in its own process group; its printed URLs."""
    cmd = [sys.executable, "-m", "tipsom", "room", "--root", str(root), "--audience", audience, "--host", "127.0.0.1",
           "--port", str(port), "--session", str(session), "--warm", str(warm), *(["--scenario", scenario] if scenario else [])]
    with open(log, "wb") as out:  # the room keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=out, start_new_session=True, text=True)
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(urls) < 3:
        line = proc.stdout.readline()
        if not line:
            break
        if m := re.match(r"(Participants|Trainer|Answers endpoint \(this laptop only\)): (\S+)", line):
            urls[m.group(1).split()[0]] = m.group(2)
    proc.drain = threading.Thread(target=proc.stdout.read, daemon=True)  # keep the pipe drained
    proc.drain.start()
    if len(urls) < 3:
        stop_room(proc)
        raise LoadTestError(f"The room did not start; see {log}:\n{log.read_text(errors='replace')[-2000:]}")
    return proc, urls


def wait_warm(pid: int, pages: int, seconds: float) -> float:
    """Seconds until the room's warm pages are ready: `pages` kernels, all of them idle (each has run
    its page up to the point where it waits for its participant) - the room before the class comes in."""
    import psutil

    started, last, quiet = time.monotonic(), None, 0
    while time.monotonic() - started < seconds:
        main = psutil.Process(pid)
        kids, busy = main.children(recursive=True), 0.0
        for k in [main, *kids]:  # the room's process drives each warm page's cells: it must be quiet too
            try:
                busy += sum(k.cpu_times()[:2])
            except psutil.Error:
                continue
        quiet = quiet + 1 if len(kids) >= pages and last is not None and busy - last < 0.2 else 0
        if quiet >= 3:  # three seconds in a row with the room and its kernels using under a fifth of a CPU
            return time.monotonic() - started
        last = busy if len(kids) >= pages else None
        time.sleep(1.0)
    raise LoadTestError(f"The room did not warm {pages} pages within {seconds} s.")


def stop_room(proc: subprocess.Popen) -> None:
    """Stop the room and its kernels (its own process group), gently, then firmly."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # kernels left behind, if any
    except ProcessLookupError:
        pass
    proc.wait()
    if getattr(proc, "drain", None) is not None:
        proc.drain.join(timeout=5)
    proc.stdout.close()


def memory(pid: int) -> dict:
    """RSS and PSS (MiB) of the room's own process and, summed, of its kernels; how many kernels."""
    import psutil

    def mib(p) -> tuple[float, float]:
        try:
            info = p.memory_full_info()
        except (psutil.Error, OSError):
            return 0.0, 0.0
        return info.rss / 2**20, getattr(info, "pss", info.rss) / 2**20

    main = psutil.Process(pid)
    kids = [mib(k) for k in main.children(recursive=True)]
    rss, pss = mib(main)
    return {"rss": rss, "pss": pss, "kernels_rss": sum(k[0] for k in kids), "kernels_pss": sum(k[1] for k in kids),
            "kernels": len(kids)}


def post(url: str, secret: str, body: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={HEADER: secret})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


class Seated:
    """The room is seated once every participant has its page (or has failed): then all answer at once."""

    def __init__(self, n: int):
        self.left, self.event = n, asyncio.Event()

    def done(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.event.set()


async def one(base: str, code: str, scenario: str, started: float, timeout: float, seated: Seated) -> dict:
    p = Participant(base, code)
    try:
        try:
            await p.join()
            await p.open(scenario)
            await p.connect()
        finally:
            seated.done()
        joined = time.monotonic() - started
        await asyncio.wait_for(seated.event.wait(), timeout)
        sent, times = await p.answer_everything(timeout)
        return {"code": code, "joined": joined, "sent": sent, "times": times,
                "secret": p.page_url.rpartition("page=")[2], "error": ""}
    except Exception as err:  # a participant that fails is counted, not fatal to the room
        return {"code": code, "joined": None, "sent": 0, "times": [], "secret": "", "error": f"{type(err).__name__}: {err}"}
    finally:
        await p.close()


def forge(answers_url: str, base: str, people: list[dict], scenario: str) -> tuple[int, int]:
    """Forged answers: a wrong secret, a record naming another participant, another case, the public port."""
    attempts = accepted = 0
    real = [p for p in people if p["secret"]]
    good = {"scenario": scenario, "question": "classify", "answer": "neither"}
    tries = [(answers_url, "not-a-secret", good)]
    for i, p in enumerate(real):
        other = real[(i + 1) % len(real)]["code"]
        tries += [(answers_url, p["secret"], {**good, "participant": other}),
                  (answers_url, p["secret"] + "x", good),
                  (answers_url, p["secret"], {**good, "scenario": "another-case"}),
                  (base + "answers", p["secret"], good)]
    for url, secret, body in tries:
        attempts += 1
        accepted += 200 <= post(url, secret, body) < 300
    return attempts, accepted


def per(after: dict, before: dict, kind: str, n: int) -> float:
    """MiB a participant costs: a kernel's average, plus the room process's growth shared out."""
    kernel = after[f"kernels_{kind}"] / max(after["kernels"], 1)
    return round(kernel + max(0.0, after[kind] - before[kind]) / n, 1)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def run_loadtest(root: Path, audience: str = "police", scenario: str = "", participants: int = 10, seconds: int = 180,
                 warm: bool = False) -> dict:
    """Run the room's load test; return the figures (one JSON object). With `warm`, the room prepares one
    page per participant in advance (`tipsom room --warm N`, as a trainer could start it before class)."""
    from ..content import load_curriculum
    from ..workbook.prepare import for_audience

    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise LoadTestError(f"--participants must be 1 to {MAX_PARTICIPANTS}.")
    cur = load_curriculum(root)
    ready = [s.id for s in for_audience(cur, cur.audiences[audience], "en")[1]] if audience in cur.audiences else []
    scenario = scenario or (ready[0] if ready else "")
    if scenario not in ready:
        raise LoadTestError(f"No scenario {scenario!r} for {audience!r}; choose from: {', '.join(ready) or 'none'}.")
    with tempfile.TemporaryDirectory(prefix="tipsom-load-") as tmp:
        session, port = Path(tmp) / "session", free_port()
        log = Path(tmp) / "room.log"
        proc, urls = start_room(Path(root).resolve(), audience, scenario, session, port, log, participants if warm else 0)
        try:
            warm_s = wait_warm(proc.pid, participants, seconds) if warm else 0.0
            time.sleep(1.0)
            before = memory(proc.pid)
            base = urls["Participants"]

            async def room() -> list[dict]:
                started = time.monotonic()
                seated = Seated(participants)
                jobs = [one(base, f"L{i:03d}", scenario, started, seconds, seated) for i in range(participants)]
                return await asyncio.wait_for(asyncio.gather(*jobs), seconds)

            try:
                people = asyncio.run(room())
            except TimeoutError:
                raise LoadTestError(f"The load test did not finish within {seconds} s; try fewer --participants or more --seconds.") from None
            after = memory(proc.pid)
            attempts, forged = forge(urls["Answers"], base, people, scenario)
        finally:
            stop_room(proc)
        saved: dict[str, int] = {}
        for r in read_answers(session).records:
            saved[r["participant"]] = saved.get(r["participant"], 0) + 1
    sent = sum(p["sent"] for p in people)
    times = [t * 1000 for p in people for t in p["times"]]
    lost = sum(max(0, p["sent"] - saved.get(p["code"], 0)) for p in people)
    errors = [f"{p['code']}: {p['error']}" for p in people if p["error"]]
    return {"participants": participants, "answers_sent": sent, "answers_saved": sum(saved.values()), "lost": lost,
            "forged_sent": attempts, "forged_accepted": forged, "p50_ms": round(percentile(times, 0.5)),
            "p95_ms": round(percentile(times, 0.95)), "rss_mib_per_participant": per(after, before, "rss", participants),
            "pss_mib_per_participant": per(after, before, "pss", participants), "kernels": after["kernels"],
            "join_s_max": round(max((p["joined"] for p in people if p["joined"] is not None), default=0.0), 2),
            "failed": len(errors), "errors": errors[:5], "scenario": scenario, "warm_pages": participants if warm else 0,
            "warm_s": round(warm_s, 1), "load_average": [round(x, 2) for x in os.getloadavg()]}
