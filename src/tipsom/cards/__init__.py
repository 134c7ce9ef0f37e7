"""Answer cards: printed cards a room holds up, read from one photo (issue 22).

`read_photo(data, cards)` reads a photo (read.py) into a `Reading` of letters A-D per
participant code; `CardMap` is `cards.json` (cardmap.py). Which option a letter names is the
caller's business. Printing the cards (layout.py) sits above the kit's printer and is imported
from `tipsom.cards.layout` by the command line, so the room can use this package without it.
"""

from __future__ import annotations

from .cardmap import CardMap
from .errors import CardError

__all__ = ["CardError", "CardMap", "Reading", "read_photo"]


def __getattr__(name: str):
    """Load the reader when first used: OpenCV loads only where a photo is read."""
    if name in ("read_photo", "Reading"):
        from . import read

        return getattr(read, name)
    raise AttributeError(name)
