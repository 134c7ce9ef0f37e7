"""The room's HTTP handlers, beside Voilà's: the join page, opening a case, the trainer's
presenter view and its JSON, and the answers endpoint that only the laptop's kernels reach.

Public (the room's Wi-Fi): `/` join, `/open/<scenario>`, `/trainer*` (trainer secret needed),
`/room/static`, `/room/fa` (Font Awesome, served here instead of a CDN) and Voilà's pages.
Private (127.0.0.1 only): `POST /answers` and `GET /answers/mine`, each with the page secret.
"""

from __future__ import annotations

import hmac
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tornado.web

from ..content import Curriculum
from ..workbook.answers import shown
from ..workbook.prepare import for_audience, notebook_name
from ..workbook.room_client import HEADER
from .seats import Seats
from .store import AnswerStore, Refused
from .views import join_page, presenter_page

SEAT, TRAINER = "tipsom_seat", "tipsom_trainer"
LANGS = ("en", "ur")


@dataclass
class Room:
    """Everything the handlers share: the content, who joined, the answers, the trainer's secret."""

    cur: Curriculum
    audience: str
    scenario_ids: list[str]
    store: AnswerStore
    seats: Seats
    trainer_key: str
    participants_url: str = ""
    qr_svg: str = ""
    revealed: set[str] = field(default_factory=set)
    warned: set[str] = field(default_factory=set)
    announce: Callable[[], None] = lambda: None

    def scenarios(self, language: str) -> list[tuple[str, str, int]]:
        """(id, title, minutes) of today's scenarios that exist in `language`, in the order given."""
        ready = {s.id: s for s in for_audience(self.cur, self.cur.audiences[self.audience], language)[1]}
        return [(sid, self.cur.localise(ready[sid], language).title, ready[sid].minutes)
                for sid in self.scenario_ids if sid in ready]

    def page_path(self, sid: str, language: str) -> str:
        return "/".join([self.audience, *([] if language == "en" else [language]), notebook_name("scenario", sid)])

    def is_trainer(self, key: str | None) -> bool:
        return bool(key) and hmac.compare_digest(key.encode(), self.trainer_key.encode())


class Base(tornado.web.RequestHandler):
    def initialize(self, room: Room) -> None:
        self.room = room

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def language(self) -> str:
        lang = self.get_argument("lang", "en")
        return lang if lang in LANGS else "en"

    def seat(self) -> str | None:
        value = self.get_signed_cookie(SEAT)
        return value.decode() if value else None


class JoinPage(Base):
    def get(self) -> None:
        lang = self.language()
        self.write(join_page(lang, self.room.seats.who(self.seat()), self.room.scenarios(lang),
                             codes_handed_out=self.room.seats.allowed is not None))


class Join(Base):
    def post(self) -> None:
        lang = self.language()
        try:
            seat, _ = self.room.seats.join(self.seat(), self.get_body_argument("code", "")[:64])
        except Refused as err:
            self.set_status(400)
            self.write(join_page(lang, None, [], error=str(err), codes_handed_out=self.room.seats.allowed is not None))
            return
        self.set_signed_cookie(SEAT, seat, expires_days=2, httponly=True, samesite="Strict")
        self.redirect(f"/?lang={lang}", status=303)


class Leave(Base):
    def get(self) -> None:
        lang = self.language()
        self.write(join_page(lang, None, [], codes_handed_out=self.room.seats.allowed is not None))


class Open(Base):
    """A participant opens a case: the server makes (or finds) the page's secret and sends the browser to Voilà."""

    def get(self, sid: str) -> None:
        lang, code = self.language(), self.room.seats.who(self.seat())
        if code is None:
            self.redirect(f"/?lang={lang}")
            return
        if sid not in {s for s, _, _ in self.room.scenarios(lang)}:
            raise tornado.web.HTTPError(404)
        secret = self.room.seats.page(code, sid, lang)
        self.redirect(f"/voila/render/{self.room.page_path(sid, lang)}?page={secret}")


class Trainer(Base):
    """The trainer's pages need the trainer secret, once in the URL, then in an HTTP-only cookie."""

    def prepare(self) -> None:
        key = self.get_argument("key", None)
        if self.room.is_trainer(key):
            self.set_signed_cookie(TRAINER, key, expires_days=1, httponly=True, samesite="Strict")
            if self.request.method == "GET" and self.request.path == "/trainer":
                self.redirect("/trainer")  # the secret leaves the address bar before the projector shows it
            return
        cookie = self.get_signed_cookie(TRAINER)
        if not self.room.is_trainer(cookie.decode() if cookie else None):
            self.set_status(403)
            self.finish("Trainer pages need the trainer link that `tipsom room` printed on the trainer's laptop.")


class Presenter(Trainer):
    def get(self) -> None:
        lang = self.language()
        self.write(presenter_page(lang, [(s, t) for s, t, _ in self.room.scenarios(lang)], self.room.participants_url,
                                  self.room.qr_svg))


class Summary(Trainer):
    """The presenter's JSON: counts per question; right answers only for questions revealed."""

    def get(self) -> None:
        sid = self.get_argument("scenario", "")
        s = self.room.store.summary(sid if sid in self.room.scenario_ids else None)
        for sc in s["scenarios"]:
            for q in sc["questions"]:
                if f"{sc['id']}/{q['id']}" not in self.room.revealed:
                    q["correct"] = None
                    for o in q["options"]:
                        o["right"] = False
        for note in s.pop("skipped"):
            if note not in self.room.warned:  # a FIFO, a symlink, a forged line...: said once on the terminal
                self.room.warned.add(note)
                print(f"warning: {shown(note, 300, keep='')}", file=sys.stderr, flush=True)
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({**s, "joined": len(self.room.seats.joined), "revealed": sorted(self.room.revealed)}))


class Reveal(Trainer):
    def post(self) -> None:
        try:
            data = json.loads(self.request.body[:1000])
            question, on = str(data["question"])[:200], bool(data.get("on", True))
        except (ValueError, KeyError, TypeError):
            raise tornado.web.HTTPError(400) from None
        (self.room.revealed.add if on else self.room.revealed.discard)(question)
        self.write({"revealed": sorted(self.room.revealed)})


class Free(Trainer):
    def post(self) -> None:
        self.write({"freed": self.room.seats.free(self.get_body_argument("code", "x")[:64])})


def public_handlers(room: Room, static: Path, fonts: Path, fontawesome: Path) -> list:
    kw = {"room": room}
    return [(r"/", JoinPage, kw), (r"/join", Join, kw), (r"/leave", Leave, kw), (r"/open/([a-z0-9_-]{1,80})", Open, kw),
            (r"/trainer", Presenter, kw), (r"/trainer/summary.json", Summary, kw), (r"/trainer/reveal", Reveal, kw),
            (r"/trainer/free", Free, kw),
            (r"/room/static/(.*)", tornado.web.StaticFileHandler, {"path": str(static)}),
            (r"/(?:room|files)/fonts/(.*)", tornado.web.StaticFileHandler, {"path": str(fonts)}),
            (r"/room/fa/(.*)", tornado.web.StaticFileHandler, {"path": str(fontawesome)}),
            (r"/voila/tree.*", tornado.web.RedirectHandler, {"url": "/"})]


# ---- the answers endpoint (127.0.0.1 only) ----------------------------------------------

class Answers(Base):
    """A page's kernel posts one answer; the server files it under the code that owns the page."""

    def page(self):
        page = self.room.seats.owner(self.request.headers.get(HEADER))
        if page is None:
            self.set_status(403)
            self.finish({"refused": "This page was not opened from the room's join page, or its code was freed. "
                                    "Open the case again from the join page."})
        return page

    def post(self) -> None:
        if (page := self.page()) is None:
            return
        try:
            saved = self.room.store.accept(page.code, self.request.body, scenario=page.scenario)
        except Refused as err:
            self.set_status(400)
            self.write({"refused": str(err)})
            return
        self.write({"saved": saved})

    def get(self) -> None:
        if (page := self.page()) is None:
            return
        self.write({"participant": page.code, "scenario": page.scenario,
                    "records": self.room.store.mine(page.code, page.scenario)})


def private_handlers(room: Room) -> list:
    return [(r"/answers", Answers, {"room": room}), (r"/answers/mine", Answers, {"room": room})]
