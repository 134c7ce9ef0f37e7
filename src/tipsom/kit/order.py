"""The order options appear in: shuffled, but the same everywhere (room, JupyterLab, paper).

Each option's place comes from a SHA-256 of the test id, the item id and the option id,
so the order never depends on the file's order (where authors put the right answer first)
and never changes between runs or machines. Printed options are lettered A, B, C...
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LETTERS = "ABCDEF"


def shuffled(test_id: str, item_id: str, option_ids: Sequence[str]) -> list[str]:
    """The option ids in the order they are shown."""
    def place(oid: str) -> str:
        return hashlib.sha256(f"{test_id}/{item_id}/{oid}".encode()).hexdigest()
    return sorted(option_ids, key=place)


def lettered(test_id: str, item) -> list[tuple[str, object]]:
    """(letter, option) in shown order for one item of a knowledge test."""
    by_id = {o.id: o for o in item.options}
    return [(LETTERS[i], by_id[oid]) for i, oid in enumerate(shuffled(test_id, item.id, list(by_id)))]
