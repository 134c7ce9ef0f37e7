"""tipsom: a training workbook on trafficking in persons and smuggling of migrants.

The public API, in a few names (imported lazily so the command line starts fast):
`load_curriculum`, `check_project`, `assess`, `Facts`, `view_for`, `build_handouts`,
`prepare_workbooks`.
"""

from __future__ import annotations

__all__ = ["load_curriculum", "check_project", "assess", "Facts", "view_for", "build_handouts", "prepare_workbooks"]

_WHERE = {"load_curriculum": "content", "check_project": "content", "assess": "law", "Facts": "law",
          "view_for": "views", "build_handouts": "handouts", "prepare_workbooks": "workbook"}


def __getattr__(name: str):
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
