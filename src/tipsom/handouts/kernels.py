"""A fresh kernel for every document, started ahead: while a worker exports and prints one
document, the kernel for its next document starts (half a second or more, in a process of
its own), so the next execution finds it ready.

`start_ahead(cwd)` starts one; `manager()` is the kernel manager class the execution gets,
which hands over the kernel started ahead (nbclient then owns it and shuts it down after
the document, as it does a kernel of its own); `drop()` shuts down one nobody took.
"""

from __future__ import annotations

import tempfile
from functools import cache

_ahead: dict = {}  # {"cwd": ..., "km": ...}: the kernel started for the next document


@cache
def ipc_kernel_manager() -> type:
    """A kernel manager whose kernels talk over local IPC sockets: no TCP port, no plain-text traffic."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kw):
            kw.setdefault("transport", "ipc")
            kw.setdefault("ip", tempfile.mktemp(prefix="tipsom-kernel-"))
            super().__init__(**kw)

    return IpcKernelManager


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
    run_sync(km.start_kernel)(cwd=cwd)
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
