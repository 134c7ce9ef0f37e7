"""The room under load (for `make bench`): `tipsom room loadtest` with N participants at once.

Every participant joins, loads a real scenario page in its own kernel and answers every
question through the widget protocol, as a phone's browser would; the figures are compared
with the issue's goals for a 2-core laptop at N=40.
"""

from __future__ import annotations

import json
from pathlib import Path

GOALS = {"lost": 0, "forged_accepted": 0, "p95_ms": 500, "rss_mib_per_participant": 80, "join_s_max": 60}


def run(root: Path | str = ".", participants: int = 40, seconds: int = 300, warm: bool = True) -> dict:
    """The load test as README's trainer runs the room (`--warm N`: pages prepared before class), or cold."""
    from tipsom.room.loadtest import run_loadtest

    return run_loadtest(Path(root), "police", "", participants, seconds, warm=warm)


def report(figures: dict) -> str:
    lines = [json.dumps(figures)]
    for name, goal in GOALS.items():
        value = figures[name]
        lines.append(f"  {name:28} {value:>10}   goal <= {goal:<6} {'ok' if value <= goal else 'MISSED'}")
    lines.append(f"  {'answers saved / sent':28} {figures['answers_saved']:>4} / {figures['answers_sent']:<4}"
                 f"   failed participants: {figures['failed']}   load average: {figures['load_average']}")
    return "\n".join(lines)
