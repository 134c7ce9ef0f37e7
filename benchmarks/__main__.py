"""`make bench` (`python -m benchmarks`): the figures the issues name, in one run.

- the handouts: a cold build of every edition against the floor of its work, per-document
  times, a second build with nothing changed (handouts.py); the pages each participant
  gets, per audience and language, against the budget (pages.py);
- the two PDF engines, Chromium and WeasyPrint, on the same documents (engines.py);
- the build against the command-line chain a Jupyter user would script (chain.py);
- the widget explorer's response times (workbook.py);
- the command line's start-up (startup.py);
- the trainer's kit: the report and certificates of a 30-person session (kit.py);
- the answer cards: reading a 12 MP and a 3 MP photo of 40 cards, and how many read right (cards.py);
- a low-end phone in the room, English and Urdu, beside the Voila room it replaced (phone.py);
- the room under load: N participants answering at once (room.py);
- the slide decks (slides.py);
- the programme database: 100 sessions of 40 imported and reported, SQLite and PostgreSQL (programme.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import cards, chain, engines, handouts, kit, pages, phone, programme, room, slides, startup, workbook


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    sys.modules.setdefault("rfc3987_syntax", None)  # toolchain notes: skip a slow optional import
    from tipsom.content import load_curriculum
    from tipsom.errors import ContentError

    try:
        cur = load_curriculum(args.root)
    except ContentError as err:
        print(f"The content does not validate ({err}); run `tipsom check`.", file=sys.stderr)
        return 1
    load = os.getloadavg()[0]
    print(f"Load average before the run: {load:.2f} on {os.cpu_count()} cores"
          + (" (other work is running: the figures are inflated)" if load > 1.0 else ""))
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-") as tmp:
        out = Path(tmp) / "handouts"
        built = handouts.handouts(cur, out, args.workers)
        compared = engines.compare(out, sorted(built["docs"]), Path(tmp) / "engines")
        handouts.floor(cur, built, compared["chromium"]["times"], compared["chromium"]["start"])
        if not args.no_chain:
            chain.compare(cur, Path(tmp) / "chain", args.workers, built)
        pages.report(out)
    figures = workbook.run() or {}
    print("Widget explorer (ms):")
    for name, value in figures.items():
        print(f"  {name:40} {value:10.1f}" if isinstance(value, int | float) else f"  {name:40} {value}")
    print("Command-line start-up (median of 5 fresh processes):")
    print(startup.report(startup.run(args.root)))
    print("Trainer's kit, fixture session of 30 people:")
    for name, value in kit.run(cur).items():
        print(f"  {name:40} {value:10.2f}")
    print("Answer cards, 40 held up in a seeded synthetic room photo (goal: <= 3 s a photo, >= 39 of 40 right, 0 wrong):")
    print(cards.report(cards.run(args.root)))
    print("Slide decks (make slides):")
    print(slides.report(slides.run(cur)))
    print("The programme database, 100 synthetic sessions of 40 participants (seconds):")
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-programme-") as tmp:
        print(programme.report(cur, Path(tmp)))
    print("A low-end phone in the room (360 px, CPU 4x, 1.5 Mbps, 300 ms; before: the Voila room, room-ux.md):")
    print(phone.report(phone.run(args.root)))
    if args.room:
        print(f"The room: {args.room} phones at once on 127.0.0.1 over HTTP (no kernels; tipsom room loadtest):")
        print(room.report(room.run(args.root, args.room)))
    return 0


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--room", type=int, default=40, help="participants in the room's load test (default: 40; 0 skips it)")
    parser.add_argument("--no-chain", action="store_true", help="skip the command-line chain (the slowest part)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
