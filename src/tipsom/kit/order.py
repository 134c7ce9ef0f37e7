"""The order options appear in: shuffled, but the same everywhere (room, JupyterLab, paper).

Each option's place comes from a SHA-256 of the test id, the item id and the option id
(`content.knowledge.shown_order`, which `tipsom check` also reads to count how often the
correct option comes first), so the order never depends on the file's order and never
changes between runs or machines. Printed options are lettered A, B, C... in English and
الف، ب، ج، د in Urdu; the paper import takes either.
"""

from __future__ import annotations

from ..content.knowledge import shown_order as shuffled

LETTERS = "ABCDEF"
URDU_LETTERS = ("الف", "ب", "ج", "د", "ہ", "و")   # how Urdu papers letter options (abjad order)


def letters(language: str = "en") -> tuple[str, ...]:
    """The option letters printed in a language."""
    return URDU_LETTERS if language == "ur" else tuple(LETTERS)


def lettered(test_id: str, item, language: str = "en") -> list[tuple[str, object]]:
    """(letter, option) in shown order for one item of a knowledge test."""
    by_id = {o.id: o for o in item.options}
    shown = letters(language)
    return [(shown[i], by_id[oid]) for i, oid in enumerate(shuffled(test_id, item.id, list(by_id)))]


def latin(letter: str) -> str | None:
    """A printed letter (A-F, or الف ب ج د ہ و) as its Latin letter; None if it is none."""
    letter = letter.strip().upper()
    if letter in LETTERS and len(letter) == 1:
        return letter
    return LETTERS[URDU_LETTERS.index(letter)] if letter in URDU_LETTERS else None
