"""The programme's user errors: one clear message, exit 1, nothing half-imported."""

from __future__ import annotations

from ..errors import TipsomError


class ProgrammeError(TipsomError):
    """A session folder, a follow-up file or a database the user can fix or reach."""
