"""The build's worker processes, seen from the build (`worker.py` is the other side).

`Workers(count, tmp)` starts up to `count` processes (`python -m tipsom.handouts.worker`),
each in a session of its own, with TMPDIR and the Jupyter runtime folder inside `tmp`
(the build's temporary folder, which the build removes), so no kernel socket, browser
profile or connection file is left anywhere else. `run(jobs)` hands each idle worker the
next job and yields each result as it comes; a worker that dies takes only its document
with it (a FAILED result) and is replaced. `stop()` ends the workers and everything they
started: at the end of a build, after an error, on Ctrl-C or SIGTERM (`stop_signals`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path

from ..errors import RenderError, Stopped
from .worker import STOP, wait_gone

SRC = Path(__file__).resolve().parents[2]  # the folder holding the tipsom package


class Worker:
    def __init__(self, tmp: Path, root: str | None = None):
        ours, theirs = socket.socketpair()
        env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
               "PYTHONPATH": os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tipsom.handouts.worker", str(theirs.fileno()), str(os.getpid()), str(tmp),
             *([root] if root else [])],
            pass_fds=[theirs.fileno()], env=env, start_new_session=True, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.job: dict | None = None

    def send(self, job: dict | None, more: bool = False) -> None:
        """Hand over a job (None: finish); `more`: other jobs wait, so its next kernel can start early."""
        self.job = job
        self.conn.send(job if job is None else {**job, "next": more})

    def tree(self) -> list:
        """This worker and every process it started (kernel, driver, browser), as psutil sees them."""
        import psutil

        try:
            me = psutil.Process(self.process.pid)
            return [me, *me.children(recursive=True)]
        except psutil.Error:
            return []


class Workers:
    def __init__(self, count: int, tmp: Path):
        self.count, self.tmp = max(1, count), Path(tmp)
        self.workers: list[Worker] = []

    def run(self, jobs: list[dict]) -> Iterator[dict]:
        """Each job's result, as it finishes (`{"key", "error"}` for a document that failed)."""
        todo = deque(jobs)
        root = todo[0]["root"] if todo else None  # the project folder: each worker starts a kernel there
        self.workers = [Worker(self.tmp, root) for _ in range(min(self.count, len(todo)))]
        for w in self.workers:
            w.send(todo.popleft(), more=len(todo) >= len(self.workers))
        while any(w.job for w in self.workers):
            busy = {w.conn: w for w in self.workers if w.job}
            for conn in wait(list(busy)):
                w = busy[conn]
                try:
                    result = conn.recv()
                    w.job = None
                except (EOFError, OSError):  # the worker died with its document: replace it
                    result = {"key": w.job["key"], "error": _died(w)}
                    conn.close()
                    self.workers.remove(w)
                    w = Worker(self.tmp, todo[0]["root"]) if todo else None
                    if w:
                        self.workers.append(w)
                if w and todo:
                    w.send(todo.popleft(), more=len(todo) >= len(self.workers))
                yield result

    def stop(self, grace: float = 5.0) -> None:
        """End every worker: idle ones finish (closing their browser), busy ones are
        terminated with their kernel and browser; whatever outlives `grace` is killed."""
        import psutil

        trees = [p for w in self.workers for p in w.tree()]
        for w in self.workers:
            with contextlib.suppress(OSError):
                if w.job is None:
                    w.conn.send(None)
                else:
                    os.kill(w.process.pid, STOP)
        for p in wait_gone(trees, grace):
            with contextlib.suppress(psutil.Error):
                p.kill()
        for w in self.workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                w.process.wait(timeout=grace)
            w.conn.close()
        self.workers = []


def _died(w: Worker) -> str:
    code = w.process.wait()
    how = f"signal {-code}" if code < 0 else f"exit code {code}"
    job = w.job
    return str(RenderError(job["audience"], job["edition"], Path(job["notebook"]).name, "-",
                           f"the worker process died ({how})"))


@contextlib.contextmanager
def stop_signals():
    """While the build runs (in the main thread): SIGTERM raises `Stopped`, as Ctrl-C
    raises KeyboardInterrupt, so the build ends its workers and records what finished."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Stopped(signum)

    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
