"""A fresh kernel for every document, started ahead: while a worker exports and prints one
document, the kernel for its next document starts (half a second or more, in a process of
its own) and imports what a handout notebook imports (IPython's `exec_lines`, run before the
kernel answers), so the next execution finds it ready. Nothing else carries over: each
document still runs in a kernel of its own.

`start_ahead(cwd)` starts one; `manager()` is the kernel manager class the execution gets,
which hands over the kernel started ahead (nbclient then owns it and shuts it down after
the document, as it does a kernel of its own); `drop()` shuts down one nobody took.
"""

from __future__ import annotations

import tempfile
from functools import cache

_ahead: dict = {}  # {"cwd": ..., "km": ...}: the kernel started for the next document
PRELOAD = ["--IPKernelApp.exec_lines=import tipsom.handouts.document"]  # what every handout notebook imports


@cache
def ipc_kernel_manager() -> type:
    """A kernel manager whose kernels talk over local IPC sockets: no TCP port, no plain-text
    traffic; its clients are `ready_client()`s."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        client_factory = ready_client()

        def __init__(self, **kw):
            kw.setdefault("transport", "ipc")
            kw.setdefault("ip", tempfile.mktemp(prefix="tipsom-kernel-"))
            super().__init__(**kw)

    return IpcKernelManager


@cache
def ready_client() -> type:
    """jupyter_client's asynchronous client, ready without a fixed wait. Its `wait_for_ready`
    asks for kernel_info until the reply comes and IOPub is seen connected, then reads IOPub
    until 0.2 s pass without a message: a fifth of a second lost on every document. This one
    reads IOPub up to the kernel's idle status for that request, the last message the kernel
    sends for it, and is ready then (a later message with another parent is not the
    execution's: nbclient skips it)."""
    import time
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                request = self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    reply = None
                if reply and reply["msg_type"] == "kernel_info_reply" and await self._idle_after(request):
                    self._handle_kernel_info_reply(reply)
                    return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

        async def _idle_after(self, request: str) -> bool:
            while True:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:  # IOPub not connected yet: ask again
                    return False
                if (msg["parent_header"].get("msg_id") == request and msg["msg_type"] == "status"
                        and msg["content"].get("execution_state") == "idle"):
                    return True

    return ReadyClient


@cache
def manager() -> type:
    """The IPC kernel manager class, giving out the kernel started ahead when there is one."""
    class AheadKernelManager(ipc_kernel_manager()):
        def __new__(cls, *args, **kw):
            km = _ahead.pop("km", None)
            _ahead.clear()
            if km is not None and km.kernel_name == kw.get("kernel_name", km.kernel_name) and km.has_kernel:
                return km  # Python then calls __init__ on it: see below
            if km is not None:
                _shutdown(km)
            return super().__new__(cls, *args, **kw)

        def __init__(self, **kw):
            if getattr(self, "_given", None) is False:  # started ahead: already set up
                self._given = True
                return
            super().__init__(**kw)

    return AheadKernelManager


def start_ahead(cwd: str, kernel_name: str = "python3") -> None:
    """Start the kernel for the next document now, in `cwd` (the project folder)."""
    if _ahead:
        return
    from jupyter_core.utils import run_sync

    km = manager()(kernel_name=kernel_name)
    run_sync(km.start_kernel)(cwd=cwd, extra_arguments=PRELOAD)
    km._given = False
    _ahead.update(cwd=cwd, km=km)


def matching(cwd: str) -> None:
    """Drop a kernel started ahead in another folder than the next document's."""
    if _ahead and _ahead["cwd"] != cwd:
        drop()


def drop() -> None:
    km = _ahead.pop("km", None)
    _ahead.clear()
    if km is not None:
        _shutdown(km)


def _shutdown(km) -> None:
    from jupyter_core.utils import run_sync

    run_sync(km.shutdown_kernel)(now=True)  # also removes its connection file and sockets
