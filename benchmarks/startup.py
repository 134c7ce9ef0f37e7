"""Start-up of the command line: `tipsom --help`, `check` and `assess` (goal: under 0.5 s each).

Each command runs as a fresh process, as a trainer types it; the median of several runs
is reported, in seconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_S = 0.5


def run(root: Path | str = ".", repeats: int = 5) -> dict[str, float]:
    root = Path(root)
    cases = sorted(p for p in (root / "scenarios").glob("[!_]*.yaml") if p.name.count(".") == 1)
    scenario = cases[0] if cases else root / "scenarios" / "_template.yaml"
    commands = {
        "tipsom --help": ["--help"],
        "tipsom check": ["check", "--root", str(root)],
        f"tipsom assess {scenario.name}": ["assess", str(scenario)],
    }
    out = {}
    for name, args in commands.items():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tipsom", *args], capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


def report(figures: dict[str, float]) -> str:
    return "\n".join(f"  {name:40} {secs:6.2f} s  {'ok' if secs < GOAL_S else 'OVER'} (goal < {GOAL_S} s)"
                     for name, secs in figures.items())


if __name__ == "__main__":
    print("Command-line start-up (median of 5):")
    print(report(run()))
