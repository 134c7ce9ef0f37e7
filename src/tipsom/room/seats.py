"""Who is in the room, kept by the server and in the session folder: seats, codes and PINs.

A participant joins with a code (chosen, or handed out by the trainer; no name; any case;
Urdu digits count). The browser gets a random seat token in a signed, HTTP-only cookie; the
server keeps seat -> code. A code belongs to one seat at a time. At first join the phone is
shown a short PIN: with the code and its PIN, another browser (a new phone, a cleared
cookie, a changed address) takes the code back, and the old seat loses it; without the PIN
nobody can take a code in use. Seats and PINs are written to `<session>/seats.json` (0600)
at each change, so they survive a restart. Joins are rate-limited per address and the room
holds at most `max_codes` codes.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_
from .store import Refused, canonical

FILE = "seats.json"


@dataclass
class Bucket:
    """A token bucket: `burst` joins at once, then one every `every` seconds."""

    burst: int
    every: float
    tokens: float = 0.0
    at: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) / self.every)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Refusal(Refused):
    """A join refused: `message` is an interface string (translated by the page), `values` fill it."""

    def __init__(self, message: str, **values):
        super().__init__(message.format(**values))
        self.message, self.values = message, values


class Seats:
    """The room's identities: seat token -> code, code -> (seat, PIN); saved in the session folder."""

    def __init__(self, folder: Path | None = None, codes: list[str] | None = None, max_codes: int = 100,
                 burst: int = 6, every: float = 10.0):
        self.folder, self.max_codes, self.burst, self.every = folder, max_codes, burst, every
        self.allowed = {canonical(c) for c in codes} if codes else None
        self.code_of: dict[str, str] = {}
        self.seat_of: dict[str, str] = {}
        self.pin_of: dict[str, str] = {}
        self.buckets: dict[str, Bucket] = {}
        self.lock = threading.Lock()
        self.load()

    # ---- the session folder -----------------------------------------------------------------

    def load(self) -> None:
        path = self.folder / FILE if self.folder else None
        if path is None or not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        for code, seat in data.get("codes", {}).items():
            if seat.get("seat"):
                self.seat_of[code], self.code_of[seat["seat"]] = seat["seat"], code
            self.pin_of[code] = seat["pin"]

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(mode=0o750, parents=True, exist_ok=True)
        data = {"codes": {c: {"seat": self.seat_of.get(c), "pin": pin} for c, pin in sorted(self.pin_of.items())}}
        tmp = self.folder / f".{FILE}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / FILE)

    # ---- joining ----------------------------------------------------------------------------

    def join(self, seat: str | None, code: str, pin: str = "", address: str = "") -> tuple[str, str, str | None]:
        """Seat `seat` (None: a new browser) takes `code`; return (seat token, code, PIN to show once
        or None). A code in use on another seat needs its PIN."""
        code = canonical(code)
        pin = (pin or "").strip().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))[:8]
        if self.allowed is not None and code not in self.allowed:
            raise Refusal(N_("{code} is not one of today's codes. Check the card your trainer gave you."), code=code)
        with self.lock:
            mine = seat if seat in self.code_of else None
            if self.code_of.get(mine or "") == code:
                return mine, code, None  # joining again with the code it holds
            if self.burst and not self.buckets.setdefault(address, Bucket(self.burst, self.every)).take():
                raise Refusal(N_("Too many tries from this phone. Wait a minute, then try again."))
            holder, known = self.seat_of.get(code), code in self.pin_of
            if known and not (pin and secrets.compare_digest(pin, self.pin_of[code])):
                if holder is None and not pin:
                    raise Refusal(N_("Code {code} was used before. Type its PIN (shown when it first joined) to use it "
                                     "again, or choose another code."), code=code)
                raise Refusal(N_("Code {code} is in use. If it is yours, type its PIN (shown when you first joined); "
                                 "otherwise choose another code."), code=code)
            if not known and len(self.pin_of) >= self.max_codes:
                raise Refusal(N_("The room is full ({n} codes). Ask the trainer."), n=self.max_codes)
            seat = mine or secrets.token_urlsafe(24)
            if holder is not None:
                self.code_of.pop(holder, None)  # the old phone loses the code
            old = self.code_of.get(seat)
            if old and old != code:
                self.seat_of.pop(old, None)
            new_pin = None
            if not known:
                new_pin = self.pin_of[code] = f"{secrets.randbelow(10_000):04d}"
            self.code_of[seat], self.seat_of[code] = code, seat
            self.save()
        return seat, code, new_pin

    def who(self, seat: str | None) -> str | None:
        return self.code_of.get(seat or "")

    def leave(self, seat: str | None) -> None:
        """The phone gives its code up (it keeps its PIN for a later return)."""
        with self.lock:
            code = self.code_of.pop(seat or "", None)
            if code:
                self.seat_of.pop(code, None)
                self.save()

    def free(self, code: str) -> bool:
        """The trainer frees a code: its seat and PIN go; its answers stay. Whoever joins next with it gets a new PIN."""
        code = canonical(code)
        with self.lock:
            seat = self.seat_of.pop(code, None)
            self.code_of.pop(seat or "", None)
            known = self.pin_of.pop(code, None) is not None
            self.save()
        return known

    def pin(self, code: str) -> str | None:
        return self.pin_of.get(code)

    @property
    def joined(self) -> list[str]:
        return sorted(self.seat_of)
