"""The build against the chain a Jupyter user would script, on the same documents.

The chain, one document at a time, each step its tool's command line: `papermill` (the
notebook with the document's parameters; the notebook then reads the project itself),
`jupyter nbconvert --to html --no-input`, and the same browser's `--print-to-pdf` (Debian's
chromium-headless-shell, which the build prints with). Our side:
a cold `build_handouts` of the same documents (its workers, kernels and browsers started from
nothing). The subset: every edition of one audience in both languages, and the trainer guide
(the full chain for every document takes minutes); the goal is a build at least 5x faster.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tipsom.handouts.chromium import CHROMIUM

SUBSET = ("elders", "trainer")
GOAL = 5.0


def compare(cur, scratch: Path, workers: int, full_build: dict | None = None) -> dict:
    from tipsom.handouts import build_handouts, plan

    docs = plan(cur, list(SUBSET))
    t = time.perf_counter()
    build_handouts(cur, scratch / "build", audiences=list(SUBSET), workers=workers, progress=lambda line: None)
    ours = time.perf_counter() - t
    steps = {"papermill": 0.0, "nbconvert": 0.0, "chromium": 0.0}
    for doc in docs:
        for step, seconds in chain(doc, Path(cur.root), scratch / "chain").items():
            steps[step] += seconds
    theirs = sum(steps.values())
    ratio = theirs / ours if ours else float("nan")
    print(f"Against the command-line chain ({', '.join(d.key for d in docs)}):")
    print("  chain, one document at a time: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()) + f" = {theirs:.1f} s")
    print(f"  tipsom handouts, cold, {workers} workers: {ours:.1f} s")
    print(f"  ratio: {ratio:.1f}x faster ({'meets' if ratio >= GOAL else 'UNDER'} the {GOAL:.0f}x goal)")
    if full_build:  # an estimate: the chain's mean per document, times every document of the cold build
        n = len(full_build["docs"])
        estimate = theirs / len(docs) * n
        print(f"  estimate for all {n} documents: chain {estimate:.0f} s (its mean per document x {n}) against the "
              f"cold build's {full_build['cold']:.0f} s = {estimate / full_build['cold']:.1f}x")
    return {"chain": theirs, "steps": steps, "ours": ours, "ratio": ratio, "docs": [d.key for d in docs]}


def chain(doc, root: Path, to: Path) -> dict[str, float]:
    """One document through the three commands; the seconds of each."""
    to.mkdir(parents=True, exist_ok=True)
    name = doc.key.replace("/", "-")
    bin_ = Path(sys.executable).parent
    env = {**os.environ, "TMPDIR": str(to)}
    executed, html, pdf = to / f"{name}.ipynb", to / f"{name}.html", to / f"{name}.pdf"
    params = [x for k in ("audience", "edition", "language") for x in ("-p", k, getattr(doc, k))]
    commands = {
        "papermill": [str(bin_ / "papermill"), str(doc.notebook), str(executed), *params, "-p", "root", str(root),
                      "-k", "python3", "--no-progress-bar", "--cwd", str(root)],
        "nbconvert": [str(bin_ / "jupyter"), "nbconvert", "--to", "html", "--no-input", "--log-level", "ERROR", str(executed)],
        "chromium": [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={to / 'profile'}",
                     "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
    }
    seconds = {}
    for step, command in commands.items():
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, timeout=600)
        seconds[step] = time.perf_counter() - t
    return seconds
