"""`make slides` figures: the time to write every module's deck in English and Urdu, and the
sizes a trainer copies to a USB stick, beside nbconvert's slides exporter (what a Jupyter
user would use instead) turning the same module, one cell a slide, into one reveal.js page."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def run(cur) -> dict[str, float | str]:
    from tipsom.slides import build_slides

    times = []
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-slides-") as tmp:
        for i in range(3):
            start = time.perf_counter()
            written = build_slides(cur, Path(tmp) / f"run{i}")
            times.append(time.perf_counter() - start)
        out = Path(tmp) / "run0"
        decks = [p for p in written if p.parent.name in ("en", "ur")]
        figures: dict[str, float | str] = {
            "decks written": len(decks),
            "all decks, median of 3 (ms)": 1000 * statistics.median(times),
            "per deck (ms)": 1000 * statistics.median(times) / len(decks),
            "largest deck (kB)": max(p.stat().st_size for p in decks) / 1000,
            "shared reveal folder (kB)": sum(p.stat().st_size for p in (out / "reveal").rglob("*") if p.is_file()) / 1000,
        }
    figures["nbconvert slides exporter, one module (ms)"] = nbconvert_one(cur)
    return figures


def nbconvert_one(cur) -> float:
    """nbconvert's SlidesExporter on a notebook of one module (one Markdown cell a slide), in-process."""
    import nbformat
    from nbconvert import SlidesExporter

    module = next(iter(cur.modules.values()))
    cells = [f"# {module.title}", "## Objectives\n\n" + "\n".join(f"- {o}" for o in module.objectives)]
    cells += module.key_points + ["## Discussion\n\n" + "\n".join(f"1. {q}" for q in module.discussion_questions)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c, metadata={"slideshow": {"slide_type": "slide"}})
                                         for c in cells])
    exporter = SlidesExporter(reveal_url_prefix="../reveal")
    exporter.from_notebook_node(nb)  # warm: templates load once
    start = time.perf_counter()
    exporter.from_notebook_node(nb)
    return 1000 * (time.perf_counter() - start)


def report(figures: dict[str, float | str]) -> str:
    return "\n".join(f"  {k:44} {v:10.1f}" if isinstance(v, float) else f"  {k:44} {v:>10}" for k, v in figures.items())
