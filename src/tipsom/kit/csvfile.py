"""Read a CSV a trainer typed or exported from Excel: tolerant of what Excel does, strict about
what is missing.

Handles a UTF-8 byte-order mark, Windows-1252 bytes (Excel's "CSV" on Windows), `;` or
tab as separators (Excel in many locales), blank lines and spaces around values. Headers
are matched without case, spaces or punctuation ("Participant code" = "code"). Rows keep
their line number for messages. Anything else wrong is a `KitError` naming file and line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KitError

MAX_BYTES = 5_000_000
MAX_ROWS = 20_000


@dataclass
class Row:
    line: int
    values: dict[str, str]          # by column name
    cells: list[str]                # every cell, as in the file
    header: list[str]               # the header line's cells (shared by every row)


def key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: every byte decodes to something."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_table(path: Path, columns: dict[str, tuple[str, ...]], what: str, optional: tuple[str, ...] = ()) -> list[Row]:
    """Rows of the CSV at `path` by column name. `columns`: name -> accepted header keys;
    a column named in `optional` may be left out of the file (its values are then "")."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise KitError(path, None, f"cannot read the {what} ({err.strerror})", "Check the file name and that the file exists.") from None
    if len(raw) > MAX_BYTES:
        raise KitError(path, None, f"the {what} is {len(raw) // 1_000_000} MB", "A session's file is far smaller; check you chose the right file.")
    text = decode(raw)
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise KitError(path, 1, f"the {what} is empty", f"Save it with a header line ({', '.join(columns)}) and one row per entry.")
    sep = max((",", ";", "\t"), key=lines[first].count)
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=sep)
    header = next(reader)
    found: dict[str, int] = {}
    for i, h in enumerate(header):
        for name, accepted in columns.items():
            if key(h) in accepted and name not in found:
                found[name] = i
    missing = [n for n in columns if n not in found and n not in optional]
    if missing:
        raise KitError(path, first + 1, f"the header has no column {', '.join(repr(m) for m in missing)} (found: {', '.join(h.strip() for h in header)})",
                       f"Add the column{'s' if len(missing) > 1 else ''} to the first line; the columns are: {', '.join(c + (' (optional)' if c in optional else '') for c in columns)}.")
    rows = []
    for n, cells in enumerate(reader, first + 2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise KitError(path, n, f"the {what} has more than {MAX_ROWS} rows", "Split it by session; one session has at most a few hundred.")
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in found.items()}
        rows.append(Row(n, {name: values.get(name, "") for name in columns}, cells, header))
    return rows
