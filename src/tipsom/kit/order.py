"""The order options appear in: shuffled, but the same everywhere (room, JupyterLab, paper).

Each option's place comes from a SHA-256 of the test id, the item id and the option id
(`content.knowledge.shown_order`, which `tipsom check` also reads to count how often the
correct option comes first), so the order never depends on the file's order and never
changes between runs or machines. Printed options are lettered A, B, C... in English and
الف، ب، ج، د in Urdu; the paper import takes either.
"""

from __future__ import annotations

from ..content.knowledge import LETTERS, URDU_LETTERS, lettered, letters
from ..content.knowledge import shown_order as shuffled

__all__ = ["LETTERS", "URDU_LETTERS", "latin", "lettered", "letters", "shuffled"]


def latin(letter: str) -> str | None:
    """A printed letter (A-F, or الف ب ج د ہ و) as its Latin letter; None if it is none."""
    letter = letter.strip().upper()
    if letter in LETTERS and len(letter) == 1:
        return letter
    return LETTERS[URDU_LETTERS.index(letter)] if letter in URDU_LETTERS else None
