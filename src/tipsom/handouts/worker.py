"""One worker process of the handout build (`python -m tipsom.handouts.worker FD PARENT TMP [ROOT]`).

It loads the heavy libraries once, then builds the documents the build sends it over the
socket FD, one at a time (`render.run_job`), keeping one browser for all of them. Whatever
a document raises, it answers with that document's error and takes the next one; only
KeyboardInterrupt and SystemExit stop it. It runs in a session of its own (Ctrl-C in the
terminal reaches the build, which stops the workers), and it never outlives the build:
when the build process dies, even by SIGKILL, Linux sends this process SIGUSR1
(PR_SET_PDEATHSIG). SIGUSR1 (the build's own "stop now") and SIGTERM end its kernel and
browser, remove the build's temporary folder if the build is gone, and exit. (SIGUSR1, as
nbclient takes SIGTERM over while a notebook runs, and leaves it at the default after.)
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
from multiprocessing.connection import Connection

PR_SET_PDEATHSIG = 1
STOP = signal.SIGUSR1  # what the build sends to stop a worker now


def main(fd: int, parent: int, tmp: str, root: str | None = None) -> int:
    _watch(parent, tmp)
    conn = Connection(fd)
    from . import kernels

    if root:  # the first document's kernel starts while the libraries load and the browser starts
        kernels.start_ahead(root)
    from . import render

    render.warm_up()
    try:
        while True:
            try:
                job = conn.recv()
            except EOFError:  # the build closed the socket: nothing more to do
                break
            if job is None:
                break
            conn.send(attempt(job))
    finally:
        render.close()
    return 0


def attempt(job: dict) -> dict:
    """Build one document; any failure (a BaseException too) becomes that document's error."""
    from ..errors import RenderError
    from . import render

    try:
        return render.run_job(job)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # e.g. a library's fatal error that is not an Exception
        where = os.path.basename(job.get("notebook", "?"))
        return {"key": job["key"], "error": str(RenderError(job["audience"], job["edition"], where, "-",
                                                            f"{type(err).__name__}: {err}"))}
    finally:
        signal.signal(signal.SIGTERM, signal.getsignal(STOP))  # nbclient leaves SIGTERM at the default


def _watch(parent: int, tmp: str) -> None:
    """STOP when the build dies (Linux); on STOP or SIGTERM end everything this worker started."""
    def stop(signum, frame):
        end_children()
        if os.getppid() != parent:  # the build is gone: nobody else removes its temporary folder
            shutil.rmtree(tmp, ignore_errors=True)
        os._exit(128 + signum)

    for signum in (STOP, signal.SIGTERM):
        signal.signal(signum, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, STOP, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's stop() still ends the workers
        pass
    if os.getppid() != parent:  # the build died before the watch was set
        stop(STOP, None)


def end_children(grace: float = 2.0) -> None:
    """Terminate every process this one started (kernel, Playwright's driver, the browser),
    then kill what is still alive after `grace` seconds."""
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        try:
            child.terminate()
        except psutil.Error:
            pass
    for child in wait_gone(children, grace):
        try:
            child.kill()
        except psutil.Error:
            pass


def wait_gone(procs: list, timeout: float) -> list:
    """Wait until each process has exited; those still running after `timeout`. An exited
    process counts as gone while it waits to be reaped (a browser's helpers, orphaned when
    the driver exits, are reaped by whoever adopts them, which can take a second or more;
    psutil.wait_procs waits for that)."""
    import time

    deadline, alive = time.monotonic() + timeout, list(procs)
    while alive:
        alive = [p for p in alive if _running(p)]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    return alive


def _running(p) -> bool:
    import psutil

    try:
        return p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], *sys.argv[4:5]))
