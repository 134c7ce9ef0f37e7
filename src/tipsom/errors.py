"""Errors of tipsom: what a user can fix, and what names the document that failed.

A `TipsomError` is for the user: the command line prints it as one clear message and
exits 1, never with a traceback. Anything else that escapes is a bug and keeps its
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a content file, at a line."""

    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: [{self.rule}] {self.message}"


class TipsomError(Exception):
    """A problem the user can fix; printed without a traceback."""


class ContentError(TipsomError):
    """Content that does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} content problem(s)")


class RenderError(TipsomError):
    """A document that failed to build, named by audience, edition and cell."""

    def __init__(self, audience: str, edition: str, file: str, cell: str, message: str):
        self.audience, self.edition, self.file, self.cell = audience, edition, file, cell
        super().__init__(f"{audience}/{edition}: {file}, cell {cell}: {message}")


class Stopped(BaseException):  # noqa: N818 - not an error: the user asked to stop
    """A build stopped by Ctrl-C or SIGTERM, after recording what had finished."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by {signal_name(signum)}")


def signal_name(signum: int) -> str:
    import signal

    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
