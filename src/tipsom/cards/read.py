"""Reading one photo of the room: which card is held up, turned which way.

`read_photo(data, cards)` takes the photo's bytes (JPEG, PNG or WebP, as a phone or webcam
sends it) and the session's card map, and returns a `Reading`: the letter A-D read for each
code, the codes not read, and why any marker was refused. The letter is the card's edge at the
top of the photo: a card's marker is printed with its first corner top-left when A is at the
top, and OpenCV's ArUco detector returns each marker's corners in that order, whichever way the
card is turned. Which option a letter means is the caller's (the room's) business.

Safety first: the file's size and the picture's pixel count are checked from the header before
anything is decoded; a marker not on the session's cards is never counted, and a card seen twice
in one photo counts for nobody.
"""

from __future__ import annotations

import io
import math
import struct
import warnings
from dataclasses import dataclass, field

from .cardmap import CardMap
from .errors import CardError

LETTERS = "ABCD"  # the card's top, right, bottom and left edges
MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 64_000_000  # a 48 MP phone photo still reads; anything larger is refused before decoding
WORK_PIXELS = 13_000_000  # larger photos are decoded at 1/2 or 1/4 size (JPEG: inside the decoder)
FORMATS = ("JPEG", "PNG", "WEBP")  # what a phone's or a webcam's browser sends
SLANT = 32.0  # degrees from upright past which a card's top is ambiguous: not read
SMALLEST = 0.01  # the smallest marker side looked for, as a share of the photo's longer side


@dataclass(frozen=True)
class Seen:
    """One marker found in the photo: its id, where, and which edge of its card is up."""

    marker: int
    center: tuple[float, float]
    letter: str | None  # None: held at a slant
    angle: float  # degrees the card is turned from upright, clockwise, in [-45, 45) after the quarter turn


@dataclass
class Reading:
    """What one photo says: `read` {code: letter}; `unread` every code of the map not read, in
    map order (to hold up again); `refused` {code: why} for those of them seen but not counted
    (twice in the photo, at a slant); `unknown` marker ids found that are on none of the
    session's cards (never counted)."""

    read: dict[str, str] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # the photo's width and height as decoded

    def as_json(self) -> dict:
        return {"read": self.read, "unread": self.unread, "refused": self.refused, "unknown": self.unknown}


def read_photo(data: bytes, cards: CardMap) -> Reading:
    """The cards held up in one photo. Raises `CardError` for a broken, huge or card-less photo."""
    gray = decode(data)
    seen = detect(gray)
    if not seen:
        raise CardError("no answer card found in the photo: take it again closer, with the room lit "
                        "and the cards held still, facing the camera")
    return tally(seen, cards, (gray.shape[1], gray.shape[0]))


def decode(data: bytes):
    """The photo as one grey channel, turned upright by its EXIF orientation; size-capped.

    Pillow reads the header first (the size is checked before any pixel is decoded), then
    decodes: a JPEG at 1/2 or 1/4 size inside the decoder when it is large, and a file cut off
    in transfer is refused, not read in part."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise CardError("the photo is empty (0 bytes)")
    if len(data) > MAX_BYTES:
        raise CardError(f"the photo is too large ({len(data) / 2**20:.0f} MB; at most {MAX_BYTES // 2**20} MB): "
                        "send the camera's ordinary photo, not a RAW or panorama")
    huge = CardError(f"the photo is too large (over {MAX_PIXELS // 1_000_000} megapixels): take it at the camera's ordinary size")
    broken = CardError("the file is not a photo this can read (JPEG, PNG or WebP), or it is broken or cut off: take it again")
    try:
        with warnings.catch_warnings():  # the pixel cap below answers Pillow's bomb warning
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:  # reads the header only
                if image.width * image.height > MAX_PIXELS:
                    raise huge
                scale = 1
                while image.width * image.height / (scale * scale) > WORK_PIXELS and scale < 4:
                    scale *= 2
                if scale > 1 and image.format == "JPEG":
                    image.draft("L", (image.width // scale, image.height // scale))
                image.load()
                gray = ImageOps.exif_transpose(image.convert("L"))
    except Image.DecompressionBombError:
        raise huge from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, EOFError):
        raise broken from None
    factor = 1  # a large PNG or WebP, or a JPEG the decoder could not shrink enough
    while gray.width * gray.height / (factor * factor) > WORK_PIXELS:
        factor *= 2
    if factor > 1:
        gray = gray.reduce(factor)
    return np.asarray(gray)


def detector():
    """OpenCV's ArUco detector for the cards' dictionary, tuned for small markers far away."""
    import cv2

    from .cardmap import DICTIONARY

    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    params.adaptiveThreshWinSizeMin = 5
    params.adaptiveThreshWinSizeMax = 35
    params.adaptiveThreshWinSizeStep = 10
    params.polygonalApproxAccuracyRate = 0.05
    params.minCornerDistanceRate = 0.05
    params.perspectiveRemovePixelPerCell = 8
    params.perspectiveRemoveIgnoredMarginPerCell = 0.15
    params.maxErroneousBitsInBorderRate = 0.3
    params.errorCorrectionRate = 0.6
    return cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, DICTIONARY)), params)


def detect(gray) -> list[Seen]:
    """Every marker of the cards' dictionary in the picture, with the edge of its card at the top.

    The smallest outline looked at is a marker of 1/100 of the photo's longer side: OpenCV's
    detector keeps one of the nested outlines a blurred marker gives, and admitting outlines
    much smaller than any card's made it keep the wrong one (and miss the card) now and then."""
    det = detector()
    params = det.getDetectorParameters()
    params.minMarkerPerimeterRate = 4 * SMALLEST
    det.setDetectorParameters(params)
    corners, ids, _ = det.detectMarkers(gray)
    found = []
    for quad, marker in zip(corners, ids.ravel() if ids is not None else (), strict=True):
        if verified(gray, quad.reshape(4, 2), int(marker), det.getDictionary()):
            found.append(_seen(int(marker), quad.reshape(4, 2)))
    return _upright(found)


def verified(gray, quad, marker: int, dictionary, ppc: int = 8) -> bool:
    """A second look before a marker counts: every one of its cells, border included, must be
    what the dictionary prints there (no bit corrected), clearly (the darkest white cell brighter
    than the lightest black one, black and white apart by a quarter of the white), and the card's
    margin must surround it, lighter than the black. Texture that happens to decode (a shirt, a poster) fails this."""
    import cv2
    import numpy as np

    cells = dictionary.markerSize + 2
    size = (cells + 2) * ppc  # the marker and one cell of its margin
    square = np.float32([[1, 1], [cells + 1, 1], [cells + 1, cells + 1], [1, cells + 1]]) * ppc
    warp = cv2.getPerspectiveTransform(quad.astype(np.float32), square)
    flat = cv2.warpPerspective(gray, warp, (size, size), flags=cv2.INTER_LINEAR).astype(np.float32)
    inner = flat[ppc:-ppc, ppc:-ppc].reshape(cells, ppc, cells, ppc)
    means = inner[:, ppc // 4:3 * ppc // 4, :, ppc // 4:3 * ppc // 4].mean(axis=(1, 3))
    white = cv2.aruco.generateImageMarker(dictionary, marker, cells, borderBits=1) > 127
    if white.all() or not white.any():
        return False
    black_max, white_min = means[~white].max(), means[white].min()
    black, light = means[~white].mean(), means[white].mean()
    if white_min <= black_max or light - black < max(20.0, 0.25 * light):
        return False
    lo, hi, end = ppc - 3, ppc - 1, size - ppc  # a strip just outside the marker's black border
    margin = np.concatenate([flat[lo:hi, ppc:end].ravel(), flat[end + 1:end + 3, ppc:end].ravel(),
                             flat[ppc:end, lo:hi].ravel(), flat[ppc:end, end + 1:end + 3].ravel()])
    return float(np.median(margin)) > black + 0.3 * (light - black)


def _seen(marker: int, quad) -> Seen:
    cx, cy = float(quad[:, 0].mean()), float(quad[:, 1].mean())
    top = (quad[0] + quad[1]) / 2  # the middle of the edge that is at the top when A is
    # the angle, clockwise from straight up, at which the card's A edge points
    angle = math.degrees(math.atan2(float(top[0]) - cx, cy - float(top[1])))
    return Seen(marker, (cx, cy), None, angle)


def _upright(found: list[Seen]) -> list[Seen]:
    """Name the letter at the top of each card. The camera may be rolled a little: the median of
    the cards' small turns (modulo a quarter) is taken as the photo's own tilt."""
    rest = sorted(((s.angle + 45) % 90) - 45 for s in found)
    roll = rest[len(rest) // 2] if len(rest) >= 5 and abs(rest[len(rest) // 2]) < 20 else 0.0
    out = []
    for s in found:
        a = (s.angle - roll) % 360  # where the A edge points, clockwise from the top
        quarter = round(a / 90) % 4
        off = ((a + 45) % 90) - 45
        # A edge turned `quarter` quarters clockwise: the edge now at the top is the one
        # `quarter` quarters anticlockwise of A, i.e. A, D, C, B
        letter = LETTERS[(4 - quarter) % 4] if abs(off) <= SLANT else None
        out.append(Seen(s.marker, s.center, letter, off))
    return out


def tally(seen: list[Seen], cards: CardMap, size: tuple[int, int] = (0, 0)) -> Reading:
    """The reading: known markers seen once and upright count; the rest are named, never counted."""
    by_marker: dict[int, list[Seen]] = {}
    for s in seen:
        by_marker.setdefault(s.marker, []).append(s)
    reading = Reading(size=size)
    reading.unknown = sorted(m for m in by_marker if m not in cards.cards)
    if not any(m in cards.cards for m in by_marker):
        raise CardError(f"no card of this session in the photo (found marker(s) {', '.join(map(str, reading.unknown))}, "
                        "printed for another session): check the session's cards.json")
    for marker in sorted(cards.cards):
        code, hits = cards.cards[marker], by_marker.get(marker, [])
        if len(hits) > 1:
            reading.refused[code] = f"its card is in the photo {len(hits)} times: only one card per code"
        elif hits and hits[0].letter is None:
            reading.refused[code] = f"the card is held at a slant ({hits[0].angle:+.0f} degrees): turn one letter to the top"
        elif hits:
            reading.read[code] = hits[0].letter
    reading.unread = [c for c in cards.codes if c not in reading.read]
    return reading
