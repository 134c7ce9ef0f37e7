"""Answer cards (issue 22): how long one photo of the room takes to read, at 12 MP and at 3 MP
(goal: <= 3 s each), and how many of 40 cards read right and wrong (goal: >= 39 right, 0 wrong)
on seeded synthetic room photos (cards_photos.py), drawn and from the printed PDF's pages.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

CODES = [f"P{n:02d}" for n in range(1, 41)]
SEEDS = range(100, 105)


def run(root: Path) -> dict[str, object]:
    from tipsom.cards.cardmap import assign
    from tipsom.cards.read import read_photo

    from .cards_photos import room_photo

    cards = assign(CODES)
    out: dict[str, object] = {}
    for name, size, widths in (("12 MP (4000x3000)", (4000, 3000), (110, 260)), ("3 MP (2000x1500)", (2000, 1500), (55, 130))):
        photos = [room_photo(cards.cards, seed, size=size, widths=widths) for seed in SEEDS]
        times, right, wrong = [], 0, 0
        for photo in photos:
            start = time.perf_counter()
            reading = read_photo(photo.jpeg, cards)
            times.append(time.perf_counter() - start)
            r, w = _score(photo, reading)
            right, wrong = right + r, wrong + w
        out[f"read a {name} photo, median (s)"] = statistics.median(times)
        out[f"read a {name} photo, slowest (s)"] = max(times)
        out[f"{name}: read right / wrong of {40 * len(photos)}"] = f"{right} / {wrong}"
    out.update(_printed(root))
    return out


def _printed(root: Path) -> dict[str, object]:
    """The same on photos made from the real PDF's pages (Chromium, then pdftoppm)."""
    import cv2

    from tipsom.cards.layout import make_cards
    from tipsom.cards.read import read_photo
    from tipsom.handouts import render

    from .cards_photos import room_photo

    with tempfile.TemporaryDirectory() as tmp:
        try:
            start = time.perf_counter()
            pdf, _, cards = make_cards(CODES, Path(tmp), root)
            made = time.perf_counter() - start
        finally:
            render.close()
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(Path(tmp) / "page")], check=True)
        pages = sorted(Path(tmp).glob("page-*.pgm"))
        images = {m: cv2.imread(str(pages[n]), cv2.IMREAD_GRAYSCALE) for n, m in enumerate(sorted(cards.cards))}
        right = wrong = 0
        for seed in SEEDS:
            photo = room_photo(cards.cards, seed, images=images)
            r, w = _score(photo, read_photo(photo.jpeg, cards))
            right, wrong = right + r, wrong + w
    return {"print 40 cards to PDF (s)": made,
            f"printed pages, 12 MP: read right / wrong of {40 * len(SEEDS)}": f"{right} / {wrong}"}


def _score(photo, reading) -> tuple[int, int]:
    right = sum(reading.read.get(code) == letter for code, letter in photo.held.items())
    return right, sum(photo.held.get(code) != letter for code, letter in reading.read.items())


def report(figures: dict[str, object]) -> str:
    return "\n".join(f"  {k:52} {v:10.2f}" if isinstance(v, float) else f"  {k:52} {v:>10}" for k, v in figures.items())
