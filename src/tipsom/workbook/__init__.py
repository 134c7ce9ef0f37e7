"""The JupyterLab front: the pages a notebook shows (`start_page`, `module_page`,
`scenario_page`), made of thin ipywidgets cards over `tipsom.quiz` (cards.py, explorer.py with
the walk, room_view.py), the participant's answers (answers.py) and the ready-to-open notebooks
per audience (`prepare_workbooks`, prepare.py). Names load lazily: preparing notebooks needs
no widgets.
"""

from __future__ import annotations

__all__ = ["module_page", "prepare_workbooks", "scenario_page", "start_page"]

_WHERE = {"module_page": "pages", "scenario_page": "pages", "start_page": "pages", "prepare_workbooks": "prepare"}


def __getattr__(name: str):
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
