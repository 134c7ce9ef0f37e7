"""The card map, `cards.json`: which printed marker is whose card, by participant code only.

    {"family": "aruco", "dictionary": "DICT_5X5_100", "cards": {"0": "P01", "1": "P02"}}

`family` and `dictionary` name the registered fiducial family the markers come from (OpenCV's
ArUco dictionaries); `cards` maps each marker id to a participant code. No names: the map sits
beside the printed cards and in the room's session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CardError

FAMILY = "aruco"
DICTIONARY = "DICT_5X5_100"  # 100 markers, 3 bits corrected: a misread lands on no other card
MARKERS = 100


@dataclass(frozen=True)
class CardMap:
    """Marker id -> participant code, for one dictionary."""

    cards: dict[int, str] = field(default_factory=dict)
    dictionary: str = DICTIONARY

    def __post_init__(self):
        from ..workbook.answers import CODE  # the room's rule for a participant code (loaded here: it is heavy)

        seen: dict[str, int] = {}
        for marker, code in self.cards.items():
            if not 0 <= marker < MARKERS:
                raise CardError(f"marker {marker} is not one of the {MARKERS} markers of {self.dictionary}")
            if not CODE.match(code):
                raise CardError(f"'{code}' cannot be a participant code (1 to 32 letters, digits, '-' or '_')")
            if code.lower() in seen:
                raise CardError(f"the code '{code}' is on two cards (markers {seen[code.lower()]} and {marker})")
            seen[code.lower()] = marker

    @property
    def codes(self) -> list[str]:
        return [self.cards[m] for m in sorted(self.cards)]

    def as_json(self) -> dict:
        return {"family": FAMILY, "dictionary": self.dictionary,
                "cards": {str(m): self.cards[m] for m in sorted(self.cards)}}

    @classmethod
    def from_json(cls, data: object, where: str = "cards.json") -> CardMap:
        if not isinstance(data, dict) or not isinstance(data.get("cards"), dict):
            raise CardError(f"{where}: not a card map (expected {{\"dictionary\": ..., \"cards\": {{marker: code}}}})")
        if data.get("family", FAMILY) != FAMILY or data.get("dictionary", DICTIONARY) != DICTIONARY:
            raise CardError(f"{where}: cards of {data.get('family')}/{data.get('dictionary')}; this version reads "
                            f"{FAMILY}/{DICTIONARY}: print the cards again with `tipsom kit cards`")
        cards: dict[int, str] = {}
        for key, code in data["cards"].items():
            if not (isinstance(key, str) and key.isdigit() and isinstance(code, str)):
                raise CardError(f"{where}: '{key}': '{code}' is not a marker number and a participant code")
            cards[int(key)] = code
        try:
            return cls(cards)
        except CardError as err:
            raise CardError(f"{where}: {err}") from None

    @classmethod
    def load(cls, path: Path | str) -> CardMap:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise CardError(f"cannot read the card map {path}: {err.strerror}") from None
        except UnicodeDecodeError:
            raise CardError(f"{path}: not a card map (not UTF-8 text)") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise CardError(f"{path}:{err.lineno}: not valid JSON ({err.msg})") from None
        return cls.from_json(data, str(path))

    def text(self) -> str:
        return json.dumps(self.as_json(), indent=1, ensure_ascii=False) + "\n"


def assign(codes: list[str], before: CardMap | None = None) -> CardMap:
    """A map for these codes. A code that had a marker in `before` (the cards printed last time)
    keeps it, so cards already handed out stay right; new codes take the lowest free markers."""
    kept = {m: c for m, c in (before.cards.items() if before else ()) if c in codes}
    taken = {c for c in kept.values()}
    free = (m for m in range(MARKERS) if m not in kept)
    new = [c for c in codes if c not in taken]
    if len(kept) + len(new) > MARKERS:
        raise CardError(f"{len(codes)} codes: the cards hold at most {MARKERS} participants")
    cards = dict(kept)
    for code in new:
        cards[next(free)] = code
    return CardMap(cards)
