"""The kit's user errors: one located message (file, line, what to do), never a traceback."""

from __future__ import annotations

from pathlib import Path

from ..errors import TipsomError


class KitError(TipsomError):
    """A session file the trainer can fix: names the file, the line and what to do."""

    def __init__(self, file: Path | str, line: int | None, what: str, todo: str):
        self.file, self.line, self.what, self.todo = str(file), line, what, todo
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {what}. {todo}")
