"""Answer cards: printed cards a room holds up, read from one photo (issue 22).

`make_cards` prints them (layout.py); `read_photo(data, cards)` reads a photo (read.py) into a
`Reading` of letters A-D per participant code; `CardMap` is `cards.json` (cardmap.py).
Which option a letter names is the caller's business.
"""

from __future__ import annotations

from .cardmap import CardMap
from .errors import CardError

__all__ = ["CardError", "CardMap", "Reading", "make_cards", "read_photo"]


def __getattr__(name: str):
    """Load each part when first used: OpenCV loads only for the commands that need it."""
    from importlib import import_module

    where = {"make_cards": "layout", "read_photo": "read", "Reading": "read"}
    if name in where:
        return getattr(import_module(f".{where[name]}", __name__), name)
    raise AttributeError(name)
