"""Measure the elements explorer's answer to a toggle, headlessly (for `make bench`).

A toggle is timed from setting a control's value to the assessment HTML being rebuilt:
the widget's observer, `Explorer.set`, `law.assess` and the HTML. Widgets run without a
kernel here, so the browser's round trip (a few ms on localhost) is not included.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

LIMIT_MS = 50.0


def _case(root: Path):
    """The template scenario's facts (a realistic case every checkout has) and the law's provisions."""
    from tipsom.content import load_curriculum, read_facts
    from tipsom.errors import ContentError
    from tipsom.quiz import NEUTRAL

    template = root / "scenarios" / "_template.yaml"
    facts, _ = read_facts(template.read_bytes(), str(template)) if template.exists() else (None, [])
    try:
        provisions = load_curriculum(root).provisions
    except (ContentError, OSError):
        provisions = {}
    return facts or NEUTRAL, provisions


def run(root: Path | str = ".", toggles: int = 600) -> dict[str, float]:
    """Toggle every control of an explorer in turn, `toggles` times; median, p95 and max latency in ms
    (the issue's limit is `LIMIT_MS` = 50 ms)."""
    from tipsom.workbook.cards import Look
    from tipsom.workbook.explorer import ExplorerCard

    facts, provisions = _case(Path(root))
    card = ExplorerCard(Look(provisions), facts)
    controls = [(name, c) for name, ctl in card.controls.items() for c in (ctl if isinstance(ctl, list) else [ctl])]
    times = []
    for i in range(toggles):
        name, c = controls[i % len(controls)]
        start = time.perf_counter()
        if name == "age":
            c.value = 15 if c.value >= 18 else 30
        elif hasattr(c, "options"):
            values = [v for _, v in c.options]
            c.value = values[(values.index(c.value) + 1) % len(values)]
        else:
            c.value = not c.value
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"explorer_toggle_median_ms": round(statistics.median(times), 3),
            "explorer_toggle_p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
            "explorer_toggle_max_ms": round(times[-1], 3)}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:28} {value:8.3f}  (limit {LIMIT_MS:.0f} ms)")
