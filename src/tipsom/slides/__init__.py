"""Slide decks for the projector: each module as an offline reveal.js deck, English and Urdu.

deck.py turns one module into one HTML page (pure); build.py writes every deck, the shared
reveal.js copy from npm and an index (`tipsom slides`, `make slides`).
"""

from .build import build_slides

__all__ = ["build_slides"]
