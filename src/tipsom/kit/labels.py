"""How the reports label items and objectives: "A·3" (form A, item 3) and "O·1" (the first
objective of a table), which no participant code can be (codes have no "·"). The session
report and the programme report both print them.
"""

from __future__ import annotations


def item_label(n: str) -> str:
    """'A3' (form A, item 3) as printed in a report: 'A·3'."""
    return f"{n[0]}·{n[1:]}"


def objective_label(i: int) -> str:
    """The `i`-th objective of a table (from 1): 'O·1'."""
    return f"O·{i}"
