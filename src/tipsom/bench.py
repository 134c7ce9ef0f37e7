"""`make bench`: how fast the handouts build, against the floor of the work they need.

In one run it reports:
- the cold build of every edition (an empty output folder, `workers` processes);
- the time of each document (execute, export, PDF), and the mean per language;
- the floor: one bare kernel start-and-run plus one PDF render per document, divided
  over the worker processes; the goal is a cold build within 1.5x the floor;
- a second build with nothing changed (incremental: should be well under 1 s);
- the widget explorer's figures from `tipsom.bench_workbook.run()`, when that module exists;
- the command line's start-up (`tipsom.bench_cli`).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.5


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    sys.modules.setdefault("rfc3987_syntax", None)  # toolchain notes: skip a slow optional import
    from .content import load_curriculum
    from .errors import ContentError

    try:
        cur = load_curriculum(args.root)
    except ContentError as err:
        print(f"The content does not validate ({err}); run `tipsom check`.", file=sys.stderr)
        return 1
    load = os.getloadavg()[0]
    print(f"Load average before the run: {load:.2f} on {os.cpu_count()} cores"
          + (" (other work is running: the figures are inflated)" if load > 1.0 else ""))
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-") as tmp:
        handouts(cur, Path(tmp) / "handouts", args.workers)
    workbook()
    startup(args.root)
    return 0


def startup(root) -> None:
    """Command-line start-up: --help, check and assess, each a fresh process."""
    from . import bench_cli

    print("Command-line start-up (median of 5 fresh processes):")
    print(bench_cli.report(bench_cli.run(root)))


def handouts(cur, out: Path, workers: int) -> dict:
    """Cold build, per-document times, the floor, and a second (up-to-date) build."""
    from .handouts import build_handouts

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
    from . import render

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

    from .render import ipc_kernel_manager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    t = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate", kernel_manager_class=ipc_kernel_manager()).execute()
    return time.perf_counter() - t


def workbook() -> None:
    """The widget explorer's figures (ms), when `tipsom.bench_workbook` exists."""
    if importlib.util.find_spec("tipsom.bench_workbook") is None:
        print("Widget explorer: tipsom.bench_workbook is not there yet; skipped.")
        return
    from . import bench_workbook

    figures = bench_workbook.run() or {}
    print("Widget explorer (ms):")
    for name, value in figures.items():
        print(f"  {name:40} {value:10.1f}" if isinstance(value, int | float) else f"  {name:40} {value}")


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tipsom.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
