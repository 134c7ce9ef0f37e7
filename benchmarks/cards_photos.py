"""Synthetic photos of a room holding up answer cards, for the tests and `make bench`.

`room_photo(cards, seed)` draws each card as printed (the marker from OpenCV at the layout's
size on the card, the letters at the edges, the code in the corners), turns it 0/90/180/270
degrees for its answer, tilts it up to 15 degrees, scales it to 110-260 px wide, bends it in
perspective, and sets it on a cluttered 4000x3000 room; then blurs, lights it unevenly, adds
sensor noise and saves a JPEG. Everything comes from `random.Random(seed)` and numpy's
generator with the same seed, so a seed always gives the same photo and the same answers.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np

LETTERS = "ABCD"


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    held: dict[str, str]  # code -> the letter held at the top
    size: tuple[int, int]


def card_image(marker: int, code: str, side: int = 760):
    """One card as printed, `side` px square, upright (A at the top)."""
    import cv2

    from tipsom.cards.cardmap import DICTIONARY
    from tipsom.cards.layout import CARD_MM, MARKER_MM

    card = np.full((side, side), 255, np.uint8)
    m = int(round(side * MARKER_MM / CARD_MM))
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, DICTIONARY))
    bits = cv2.aruco.generateImageMarker(dictionary, marker, dictionary.markerSize + 2, borderBits=1)
    mark = cv2.resize(bits, (m, m), interpolation=cv2.INTER_NEAREST)
    o = (side - m) // 2
    card[o:o + m, o:o + m] = mark
    band = o
    font, scale, thick = cv2.FONT_HERSHEY_DUPLEX, band / 40, max(1, band // 12)
    for turn, letter in enumerate(LETTERS):  # each letter upright when its edge is at the top
        layer = np.full_like(card, 255)
        (tw, th), _ = cv2.getTextSize(letter, font, scale, thick)
        cv2.putText(layer, letter, ((side - tw) // 2, (band + th) // 2), font, scale, 0, thick, cv2.LINE_AA)
        layer = np.rot90(layer, -turn)  # B on the right edge, C at the bottom, D on the left
        card = np.minimum(card, layer)
    small = band / 110
    for turn in range(4):
        layer = np.full_like(card, 255)
        cv2.putText(layer, code, (band // 6, band // 3), font, small, 60, max(1, thick // 3), cv2.LINE_AA)
        card = np.minimum(card, np.rot90(layer, -turn))
    cv2.rectangle(card, (1, 1), (side - 2, side - 2), 150, max(1, side // 300))
    return card


def room_photo(cards: dict[int, str] | list[tuple[int, str]], seed: int, size: tuple[int, int] = (4000, 3000), quality: int = 82,
               widths: tuple[int, int] = (110, 260), tilt: float = 15.0, blur: tuple[float, float] = (0.6, 1.4),
               images: dict[int, object] | None = None) -> Photo:
    """A photo of the room with every card of `cards` (marker -> code, or pairs) held up once; `images`
    gives a card's picture upright (a printed page rendered by pdftoppm, say) instead of drawing it."""
    import cv2

    rng, npr = random.Random(seed), np.random.default_rng(seed)
    cards = sorted(cards.items() if isinstance(cards, dict) else cards)
    w, h = size
    photo = _room(npr, w, h)
    held: dict[str, str] = {}
    cols = max(1, math.ceil(math.sqrt(len(cards) * w / h)))
    rows = max(1, math.ceil(len(cards) / cols))
    cell_w, cell_h = w / cols, h / rows
    for n, (marker, code) in enumerate(cards):
        quarter = rng.randrange(4)  # quarter turns clockwise: A, D, C, B at the top
        held[code] = LETTERS[(4 - quarter) % 4]
        width = rng.uniform(*widths)
        angle = quarter * 90 + rng.uniform(-tilt, tilt)
        cx = (n % cols + 0.5) * cell_w + rng.uniform(-0.2, 0.2) * (cell_w - width)
        cy = (n // cols + 0.5) * cell_h + rng.uniform(-0.2, 0.2) * (cell_h - width)
        card = images[marker] if images is not None else card_image(marker, code)
        src = np.float32([[0, 0], [card.shape[1], 0], [card.shape[1], card.shape[0]], [0, card.shape[0]]])
        dst = _corners(rng, cx, cy, width, width * card.shape[0] / card.shape[1], angle)
        M = cv2.getPerspectiveTransform(src, dst)
        tone = rng.uniform(0.75, 1.0)  # paper in shade
        warped = cv2.warpPerspective(card, M, (w, h), flags=cv2.INTER_AREA, borderValue=0)
        mask = cv2.warpPerspective(np.full_like(card, 255), M, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        x0, y0 = int(max(0, dst[:, 0].min() - 2)), int(max(0, dst[:, 1].min() - 2))
        x1, y1 = int(min(w, dst[:, 0].max() + 3)), int(min(h, dst[:, 1].max() + 3))
        a = mask[y0:y1, x0:x1].astype(np.float32) / 255
        photo[y0:y1, x0:x1] = photo[y0:y1, x0:x1] * (1 - a) + warped[y0:y1, x0:x1] * tone * a
        _hand(rng, photo, dst)
    photo = _light(npr, photo, w, h)
    sigma = rng.uniform(*blur)
    photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    photo = photo + npr.normal(0, 4.0, photo.shape)
    rgb = cv2.cvtColor(np.clip(photo, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    ok, jpeg = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return Photo(jpeg.tobytes(), held, size)


def _corners(rng: random.Random, cx: float, cy: float, width: float, height: float, angle: float):
    """The card's four corners in the photo: turned, then each pulled a little (perspective)."""
    rx, ry = width / 2, height / 2
    out = []
    t = math.radians(angle)
    for x, y in ((-rx, -ry), (rx, -ry), (rx, ry), (-rx, ry)):
        x, y = x * rng.uniform(0.9, 1.0), y * rng.uniform(0.9, 1.0)  # seen from the side, foreshortened
        out.append([cx + x * math.cos(t) - y * math.sin(t), cy + x * math.sin(t) + y * math.cos(t)])
    return np.float32(out)


def _room(npr, w: int, h: int):
    """A cluttered grey room: a gradient wall, people-sized blobs, chairs, texture."""
    import cv2

    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    room = np.broadcast_to(110 + 60 * yy, (h, w)).copy()
    for _ in range(160):
        c = (int(npr.integers(0, w)), int(npr.integers(0, h)))
        axes = (int(npr.integers(40, 260)), int(npr.integers(60, 400)))
        cv2.ellipse(room, c, axes, float(npr.uniform(0, 180)), 0, 360, float(npr.uniform(20, 230)), -1)
    for _ in range(120):
        p = (int(npr.integers(0, w)), int(npr.integers(0, h)))
        q = (p[0] + int(npr.integers(-300, 300)), p[1] + int(npr.integers(-300, 300)))
        cv2.line(room, p, q, float(npr.uniform(0, 255)), int(npr.integers(2, 14)))
    small = npr.normal(0, 18, (h // 8, w // 8)).astype(np.float32)
    return room + cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _hand(rng: random.Random, photo, dst) -> None:
    """Fingers over the bottom corner of the card (on the paper, off the marker)."""
    import cv2

    lo = dst[np.argmax(dst[:, 1])]
    size = np.linalg.norm(dst[0] - dst[1])
    cv2.ellipse(photo, (int(lo[0]), int(lo[1])), (int(size * 0.12), int(size * 0.07)), rng.uniform(0, 180), 0, 360,
                rng.uniform(60, 160), -1)


def _light(npr, photo, w: int, h: int):
    """Uneven light: a window on one side, a dim corner, a vignette."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sx, sy = npr.uniform(0, w), npr.uniform(0, h)
    window = np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * (0.6 * w) ** 2))
    vignette = 1 - 0.35 * (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / 2
    gain = (0.45 + 0.6 * window) * vignette
    return photo * gain
