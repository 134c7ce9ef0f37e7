"""The print pipeline behind `make handouts`: plan -> execute (papermill) -> export (nbconvert)
-> PDF (Chromium), in worker processes, with a hash manifest for incremental builds.

By stage: plan.py (which documents, what each reads), build.py (up to date? build, index),
pool.py and worker.py (the worker processes, seen from each side), render.py (one document
in a worker), chromium.py (the worker's browser, which prints), and the printed document
that a handout notebook shows: document.py, its parts.py, scenario.py and language.py.
`code.py` derives which source files the build hash covers. Templates live beside them.
`build_handouts` loads lazily: a handout notebook's kernel imports document.py, not the build.
"""

from __future__ import annotations

from .plan import Doc, plan

__all__ = ["Doc", "build_handouts", "plan"]


def __getattr__(name: str):
    if name == "build_handouts":
        from .build import build_handouts

        return build_handouts
    raise AttributeError(name)
