"""The trainer's kit: knowledge test, attendance, evaluation, session report, certificates.

`make_report`, `make_certificates`, `import_paper` and `print_sheets` are what the command
line calls; `test_page` and `evaluation_page` are the notebook pages of the room.
"""

from __future__ import annotations

from .errors import KitError

__all__ = ["KitError", "evaluation_page", "import_paper", "make_certificates", "make_report", "print_sheets", "test_page"]


def __getattr__(name: str):
    """Load each part when first used, so `import tipsom.kit` stays light."""
    from importlib import import_module

    where = {"make_report": "report", "make_certificates": "certificates", "import_paper": "paper",
             "print_sheets": "sheets", "test_page": "pages", "evaluation_page": "pages"}
    if name in where:
        return getattr(import_module(f".{where[name]}", __name__), name)
    raise AttributeError(name)
