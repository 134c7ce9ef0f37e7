"""How fast the handouts build, against the floor of the work they need:
- the cold build of every edition (an empty output folder, `workers` processes);
- the time of each document (execute, export, PDF), and the mean per language;
- the floor: per document, one bare kernel start-and-run, the document's own notebook code
  (its cells, run in a kernel already up: importing tipsom and making the document) and one
  Chromium print (in a browser already running, as in a worker), divided over the worker
  processes, plus one browser start (the workers start theirs side by side); the goal is a
  cold build within 1.3x the floor. The floor without the notebook's code (the figure
  before it was counted) is shown too;
- a second build with nothing changed (incremental: should be well under 1 s).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

GOAL = 1.3


def handouts(cur, out: Path, workers: int) -> dict:
    """Cold build, per-document times, and a second (up-to-date) build."""
    from tipsom.handouts import build_handouts

    t = time.perf_counter()
    report = build_handouts(cur, out, workers=workers, progress=lambda line: None)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    build_handouts(cur, out, workers=workers, progress=lambda line: None)
    again = time.perf_counter() - t
    docs = sorted(report["built"].items())
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
    print(f"  cold build: {cold:.2f} s; second build, nothing changed: {again:.2f} s")
    return {"cold": cold, "again": again, "docs": dict(docs), "workers": workers}


def floor(cur, figures: dict, prints: dict[str, float], browser_start: float) -> dict:
    """The floor of the cold build from the engines' Chromium figures, and the ratio to it."""
    kernel = statistics.median(bare_kernel() for _ in range(3))
    docs, workers = figures["docs"], figures["workers"]
    code = notebook_code(cur, sorted(docs))
    bare = (len(docs) * kernel + sum(prints[k] for k in docs)) / workers + browser_start
    total = bare + sum(code.values()) / workers
    ratio = figures["cold"] / total if total else float("nan")
    print(f"  floor: (bare kernel {kernel:.2f} s x {len(docs)} + the notebooks' own code {sum(code.values()):.2f} s "
          f"+ Chromium prints {sum(prints[k] for k in docs):.2f} s) / {workers} workers + browser start "
          f"{browser_start:.2f} s = {total:.2f} s")
    print(f"  cold build: {figures['cold']:.2f} s = {ratio:.2f}x the floor ({'within' if ratio <= GOAL else 'OVER'} the {GOAL}x goal); "
          f"{figures['cold'] / bare:.2f}x the floor without the notebooks' code ({bare:.2f} s)")
    return {"floor": total, "ratio": ratio, "kernel": kernel, "code": code, "bare_floor": bare}


def notebook_code(cur, keys: list[str]) -> dict[str, float]:
    """Each document's notebook cells, run one document at a time in a kernel that is already up
    (started ahead, as the build's are): the sum of the cells' times as papermill records them."""
    import dataclasses
    import pickle
    import tempfile
    from datetime import datetime

    import papermill as pm

    from tipsom.handouts import kernels, plan

    docs = {d.key: d for d in plan(cur)}
    root = str(Path(cur.root).resolve())
    found = {}
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-") as tmp:
        snapshot = Path(tmp) / "curriculum.pickle"
        snapshot.write_bytes(pickle.dumps(dataclasses.replace(cur, sources={})))
        for key in keys:
            d = docs[key]
            kernels.start_ahead(root)
            time.sleep(1.0)  # the kernel is up and has imported what the notebook imports
            params = {"audience": d.audience, "edition": d.edition, "language": d.language, "root": root,
                      "snapshot": str(snapshot), "scenarios": list(d.scenarios) or None}
            nb = pm.execute_notebook(str(d.notebook), None, parameters=params, kernel_name="python3", progress_bar=False,
                                     request_save_on_cell_execute=False, cwd=root, shutdown_kernel="immediate",
                                     record_timing=True, kernel_manager_class=kernels.manager())
            found[key] = sum((datetime.fromisoformat(c.metadata.papermill["end_time"].rstrip("Z"))
                              - datetime.fromisoformat(c.metadata.papermill["start_time"].rstrip("Z"))).total_seconds()
                             for c in nb.cells if c.cell_type == "code" and c.metadata.papermill.get("start_time"))
    return found


def bare_kernel() -> float:
    """Start a fresh kernel, run one empty cell, shut it down at once."""
    import nbformat
    from nbclient import NotebookClient

    from tipsom.handouts.kernels import ipc_kernel_manager

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")],
                                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    t = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate", kernel_manager_class=ipc_kernel_manager()).execute()
    return time.perf_counter() - t
