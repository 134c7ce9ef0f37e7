"""The room under load (for `make bench`): `tipsom room loadtest` with N phones at once.

Every simulated phone joins, opens a case, polls the room's state and answers each question
the simulated trainer opens, over HTTP as room.js does (no kernel anywhere); one phone then
reloads its case 100 times. The figures are compared with issue 18's goals for a 2-core laptop
(they hold at 200 phones; `make bench` runs 40 unless told --room N).
"""

from __future__ import annotations

import json
from pathlib import Path

GOALS = {"lost": 0, "counted_twice": 0, "forged_accepted": 0, "p95_ms": 150, "rss_mib_per_participant": 2,
         "join_s_max": 30, "reload_100_growth_mib": 20, "processes": 0}


def run(root: Path | str = ".", participants: int = 40, seconds: int = 60) -> dict:
    """The load test as README's trainer runs the room (trainer pace)."""
    from tipsom.room.loadtest import run_loadtest

    return run_loadtest(Path(root), "police", "", participants, seconds)


def report(figures: dict) -> str:
    lines = [json.dumps(figures)]
    for name, goal in GOALS.items():
        value = figures[name]
        lines.append(f"  {name:28} {value:>10}   goal <= {goal:<6} {'ok' if value <= goal else 'MISSED'}")
    lines.append(f"  {'answers saved / sent':28} {figures['answers_saved']:>4} / {figures['answers_sent']:<4}"
                 f"   failed participants: {figures['failed']}   load average: {figures['load_average']}")
    return "\n".join(lines)
