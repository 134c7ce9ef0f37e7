"""The answer cards' user errors: one clear message, never a traceback."""

from __future__ import annotations

from ..errors import TipsomError


class CardError(TipsomError):
    """Something the trainer can fix: a photo with no card, a broken or huge file, a bad card map."""
