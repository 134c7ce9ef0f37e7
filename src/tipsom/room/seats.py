"""Who is in the room, kept by the server: seats (browsers), their codes, and page secrets.

A participant joins with a code (chosen, or handed out by the trainer; no name; any case).
The browser gets a random seat token in a cookie; the server keeps seat -> code. A code
belongs to the first seat that takes it, so nobody can answer as someone else; the trainer
can free a code for a participant who changed phone. Opening a scenario gives a page
secret, random and unguessable, that the server maps to (code, scenario, language): the
page's kernel sends it with each answer, and the server files the answer under that code.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from .store import Refused, canonical


@dataclass(frozen=True)
class Page:
    """One participant's page of one scenario in one language."""

    code: str
    scenario: str
    language: str


class Seats:
    """The room's identities: seat token -> code, code -> seat, page secret -> Page."""

    def __init__(self, codes: list[str] | None = None):
        self.allowed = {canonical(c) for c in codes} if codes else None
        self.code_of: dict[str, str] = {}
        self.seat_of: dict[str, str] = {}
        self.pages: dict[str, Page] = {}
        self.secret_of: dict[Page, str] = {}
        self.joined_at: dict[str, float] = {}
        self.lock = threading.Lock()

    def join(self, seat: str | None, code: str) -> tuple[str, str]:
        """Seat `seat` (None: a new browser) takes `code`; return (seat token, canonical code)."""
        code = canonical(code)
        if self.allowed is not None and code not in self.allowed:
            raise Refused(f"{code} is not one of today's codes. Check the card your trainer gave you.")
        with self.lock:
            seat = seat if seat in self.code_of else secrets.token_urlsafe(24)
            holder = self.seat_of.get(code)
            if holder is not None and holder != seat:
                raise Refused(f"Code {code} is already in use on another phone or laptop. "
                              "If it is yours, ask the trainer to free it; or choose another code.")
            old = self.code_of.get(seat)
            if old and old != code:
                self.seat_of.pop(old, None)
            self.code_of[seat], self.seat_of[code] = code, seat
            self.joined_at.setdefault(code, time.time())
        return seat, code

    def who(self, seat: str | None) -> str | None:
        return self.code_of.get(seat or "")

    def free(self, code: str) -> bool:
        """The trainer frees a code: its seat leaves, its pages stop saving; the answers stay."""
        code = canonical(code)
        with self.lock:
            seat = self.seat_of.pop(code, None)
            self.code_of.pop(seat or "", None)
            for secret, page in list(self.pages.items()):
                if page.code == code:
                    del self.pages[secret]
                    del self.secret_of[page]
        return seat is not None

    def page(self, code: str, scenario: str, language: str) -> str:
        """The secret of this participant's page (the same one again on reload)."""
        page = Page(code, scenario, language)
        with self.lock:
            if page not in self.secret_of:
                secret = secrets.token_urlsafe(24)
                self.secret_of[page], self.pages[secret] = secret, page
            return self.secret_of[page]

    def owner(self, secret: str | None) -> Page | None:
        """Whose page a secret is (None for a wrong or freed secret)."""
        if not secret or len(secret) > 100:
            return None
        return self.pages.get(secret)

    @property
    def joined(self) -> list[str]:
        return sorted(self.seat_of)
