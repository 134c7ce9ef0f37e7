"""How fast the handouts build, against the floor of the work they need:
- the cold build of every edition (an empty output folder, `workers` processes);
- the time of each document (execute, export, PDF), and the mean per language;
- the floor: one bare kernel start-and-run plus one PDF render per document, divided
  over the worker processes; the goal is a cold build within 1.5x the floor;
- a second build with nothing changed (incremental: should be well under 1 s);
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

GOAL = 1.5


def handouts(cur, out: Path, workers: int) -> dict:
    """Cold build, per-document times, the floor, and a second (up-to-date) build."""
    from tipsom.handouts import build_handouts

    t = time.perf_counter()
    report = build_handouts(cur, out, workers=workers, progress=lambda line: None)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    build_handouts(cur, out, workers=workers, progress=lambda line: None)
    again = time.perf_counter() - t
    docs = sorted(report["built"].items())
    kernel, pdfs = floor_parts(out, [key for key, _ in docs])
    floor = (len(docs) * kernel + sum(pdfs.values())) / workers
    print(f"Handouts: {len(docs)} documents, {workers} worker processes")
    print(f"  {'document':40} {'execute':>8} {'export':>8} {'pdf':>8} {'total':>8}")
    for key, t in docs:
        print(f"  {key:40} {t['execute']:8.2f} {t['export']:8.2f} {t['pdf']:8.2f} {t['total']:8.2f}")
    mean = statistics.fmean(t["total"] for _, t in docs) if docs else 0.0
    print(f"  time per document (mean, in a worker): {mean:.2f} s")
    for lang in sorted({key.split("/")[1] for key, _ in docs}):
        mine = [t for key, t in docs if key.split("/")[1] == lang]
        print(f"    {lang}: {len(mine)} documents, mean {statistics.fmean(t['total'] for t in mine):.2f} s "
              f"(pdf {statistics.fmean(t['pdf'] for t in mine):.2f} s)")
    print(f"  floor: bare kernel {kernel:.2f} s x {len(docs)} + PDF renders {sum(pdfs.values()):.2f} s, "
          f"over {workers} workers = {floor:.2f} s")
    ratio = cold / floor if floor else float("nan")
    verdict = "within" if ratio <= GOAL else "OVER"
    print(f"  cold build: {cold:.2f} s = {ratio:.2f}x the floor ({verdict} the {GOAL}x goal)")
    print(f"  second build, nothing changed: {again:.2f} s")
    return {"cold": cold, "floor": floor, "ratio": ratio, "kernel": kernel, "pdf": pdfs, "again": again, "docs": dict(docs)}


def floor_parts(out: Path, keys: list[str]) -> tuple[float, dict[str, float]]:
    """The median of three bare kernel start-and-runs, and one PDF render of each document."""
    from tipsom.handouts import render

    kernel = statistics.median(bare_kernel() for _ in range(3))
    for language in sorted({key.split("/")[1] for key in keys}):
        render.print_fonts(language)  # loaded once per worker in the build too
    pdfs = {}
    for key in keys:
        html = (out / f"{key}.html").read_text(encoding="utf-8")
        t = time.perf_counter()
        render.to_pdf(html, {"root": str(out), "audience": key, "edition": "", "notebook": "", "language": key.split("/")[1]})
        pdfs[key] = time.perf_counter() - t
    return kernel, pdfs


def bare_kernel() -> float:
    """Start a fresh kernel, run one empty cell, shut it down at once."""
    import nbformat
    from nbclient import NotebookClient

    from tipsom.handouts.render import ipc_kernel_manager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    t = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate", kernel_manager_class=ipc_kernel_manager()).execute()
    return time.perf_counter() - t
