"""The programme: every session in one database, the indicators a donor asks for, the follow-up.

`open_db` opens (and migrates) the database, `import_folders` reads session folders into it,
`figures` computes the indicators, `write_report` writes them as HTML, PDF and XLSX,
`export_followup` writes the follow-up XLSForm and `import_followup` reads its CSV back.
"""

from __future__ import annotations

from .errors import ProgrammeError

__all__ = ["ProgrammeError", "export_followup", "figures", "import_folders", "import_followup", "open_db", "write_report"]


def __getattr__(name: str):
    """Load each part when first used, so `import tipsom.programme` stays light."""
    from importlib import import_module

    where = {"open_db": "db", "import_folders": "importer", "figures": "indicators", "write_report": "report",
             "export_followup": "followup", "import_followup": "followup"}
    if name in where:
        return getattr(import_module(f".{where[name]}", __name__), name)
    raise AttributeError(name)
