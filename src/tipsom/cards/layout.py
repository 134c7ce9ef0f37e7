"""Printing the answer cards: `cards.pdf`, one A4 page per participant, and `cards.json`.

Each page is a 190 mm square card (a dashed line to cut along, if wanted) with, in its middle,
the participant's marker from OpenCV's ArUco dictionary (cardmap.DICTIONARY), drawn as vector
squares from `cv2.aruco.generateImageMarker`'s own pixels. Around it, one letter on each edge in
English and Urdu: A at the top, B on the right, C at the bottom, D on the left, each printed
upright for when its edge is at the top. The code sits in every corner. Below the card, how to
hold it. The marker's first corner is top-left when A is at the top: that is how the reader
tells which edge is up.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, translator
from ..kit.pdf import document, esc, print_pdf, write
from .cardmap import DICTIONARY, CardMap, assign
from .errors import CardError

CARD_MM = 190  # the square card
MARKER_MM = 134  # the marker, black border included; 28 mm each side for the letters
URDU = ("الف", "ب", "ج", "د")
LETTERS = "ABCD"

CSS = f"""
@page {{ size: A4; margin: 8mm 10mm; }}
body {{ margin: 0; }}
.page {{ page-break-after: always; font-family: 'Tipsom Sans', sans-serif; line-height: 1.45; }}
.page:last-child {{ page-break-after: auto; }}
.card {{ position: relative; width: {CARD_MM}mm; height: {CARD_MM}mm; box-sizing: border-box; border: 0.4mm dashed #999; }}
.marker {{ position: absolute; left: {(CARD_MM - MARKER_MM) / 2}mm; top: {(CARD_MM - MARKER_MM) / 2}mm;
  width: {MARKER_MM}mm; height: {MARKER_MM}mm; }}
.side {{ position: absolute; inset: 0; }}
.edge {{ position: absolute; left: 0; right: 0; top: 0; height: {(CARD_MM - MARKER_MM) / 2}mm; display: flex;
  align-items: flex-start; justify-content: center; gap: 6mm; direction: ltr; padding-top: 2.5mm; box-sizing: border-box; }}
.en {{ font-family: 'Tipsom Sans', sans-serif; font-weight: 700; font-size: 66pt; line-height: 1; }}
.ur {{ font-family: 'Tipsom Urdu', 'Tipsom Sans', sans-serif; font-weight: 700; font-size: 40pt; line-height: 1; position: relative; top: 2mm; }}
.code {{ position: absolute; left: 4mm; top: 3mm; font-family: 'Tipsom Sans', sans-serif; font-size: 11pt; color: #333; }}
.how {{ margin-top: 6mm; font-size: 11pt; }}
.how .big {{ font-size: 20pt; font-weight: 700; }}
.how [lang=ur] {{ font-family: 'Tipsom Urdu', 'Tipsom Sans', sans-serif; direction: rtl; line-height: 2.2; }}
"""

HOW = [N_("Hold the card up high, facing the trainer, with the letter of your answer at the top."),
       N_("Keep your fingers on the edge of the card, off the black square."),
       N_("The trainer takes one photo of the room."), N_("You may cut along the dashed line.")]


def make_cards(codes: list[str], out: Path, root: Path | str = ".") -> tuple[Path, Path, CardMap]:
    """Write `out/cards.pdf` and `out/cards.json` for these codes. Codes already in a
    `cards.json` there keep their markers (cards handed out stay right)."""
    if not codes:
        raise CardError("no participant codes: name them with --codes P01,P02,... or --session")
    out = Path(out)
    before = CardMap.load(out / "cards.json") if (out / "cards.json").exists() else None
    cards = assign(codes, before)
    order = {code: n for n, code in enumerate(codes)}
    pages = "".join(card_html(m, c) for m, c in sorted(cards.cards.items(), key=lambda mc: order[mc[1]]))
    # an Urdu document (its font is inlined only there), each page laid out left to right
    pdf = print_pdf(document("Answer cards", pages, "ur", css=CSS, numbered=False), "ur", "cards", root)  # nothing but the card on its page
    return write(out / "cards.pdf", pdf), write(out / "cards.json", cards.text()), cards


def card_html(marker: int, code: str) -> str:
    """One page: the card and how to hold it."""
    sides = "".join(f'<div class=side style="transform: rotate({90 * n}deg)"><div class=edge>'
                    f'<span class=en>{LETTERS[n]}</span><span class=ur lang=ur>{URDU[n]}</span></div>'
                    f'<div class=code>{esc(code)}</div></div>' for n in range(4))
    en, ur = translator("en"), translator("ur")
    how = (f'<div class=how><p class=big>{esc(code)}</p><p>{esc(" ".join(en(t) for t in HOW))}</p>'
           f'<p lang=ur>{esc(" ".join(ur(t) for t in HOW))}</p>'
           f'<p class=small>{esc(code)}: {DICTIONARY} {marker}</p></div>')
    return f"<section class=page dir=ltr lang=en><div class=card>{marker_svg(marker)}{sides}</div>{how}</section>"


def marker_svg(marker: int) -> str:
    """The marker as vector squares, one per cell of OpenCV's own image of it (with its border)."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, DICTIONARY))
    cells = dictionary.markerSize + 2
    image = cv2.aruco.generateImageMarker(dictionary, marker, cells, borderBits=1)
    rects = []
    for y in range(cells):
        x = 0
        while x < cells:
            if image[y, x] < 128:
                end = x
                while end < cells and image[y, end] < 128:
                    end += 1
                rects.append(f'<rect x="{x}" y="{y}" width="{end - x}" height="1"/>')
                x = end
            else:
                x += 1
    return (f'<svg class=marker xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {cells} {cells}" shape-rendering="crispEdges" '
            f'role="img" aria-label="answer card marker {marker}"><rect width="{cells}" height="{cells}" fill="#fff"/>'
            f'<g fill="#000">{"".join(rects)}</g></svg>')
