"""The phones' side of the room: join, the case list, case pages and their parts, answers,
the explorer, the walk and the room's state. No kernel, no process: each request is a few
milliseconds of the page model (`tipsom.page`) and the answer store.

Identity is the seat cookie (signed, HTTP-only, SameSite=Strict) given at join; no address
or body names a participant. The trainer's pages are in trainer.py.
"""

from __future__ import annotations

import datetime
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import tornado.web
from tornado.ioloop import IOLoop
from tornado.locks import Condition

from .. import quiz
from ..content import Curriculum
from ..i18n import N_, translator
from ..page import CasePage
from ..workbook.cards import Look
from ..workbook.prepare import for_audience
from .pace import Pace
from .phone import case_page, end_part, explorer_part, join_page, question_part, reading_html, walk_part
from .seats import Bucket, Refusal, Seats
from .store import AnswerStore, NotSaved, Refused

SEAT, TRAINER = "tipsom_seat", "tipsom_trainer"
LANGS = ("en", "ur")
MAX_JSON = 16 * 1024
# What room.js says, in the page's language (the phone holds no other words)
PHONE_WORDS = {"saving": N_("Sending…"), "saved": N_("Saved."), "queued": N_("Not sent yet: the room cannot be reached. "
               "Your answer is kept on this phone and will be sent when the room is back."),
               "retry": N_("Not sent yet, will retry…"), "sent": N_("Sent: everything you answered has reached the room."),
               "choose": N_("Choose an answer first, then submit."), "left": N_("{s} s left"), "closed": N_("Time is up."),
               "refused": N_("Not saved:")}


@dataclass
class Room:
    """Everything the handlers share: the content, seats, answers, pace and the trainer's key."""

    cur: Curriculum
    audience: str
    scenario_ids: list[str]
    store: AnswerStore
    seats: Seats
    pace: Pace
    trainer_key: str
    participants_url: str = ""
    qr_svg: str = ""
    assets: dict[str, str] = field(default_factory=dict)
    fresh_pins: dict[str, str] = field(default_factory=dict)   # seat -> PIN, shown once after its first join
    buckets: dict[str, Bucket] = field(default_factory=dict)   # seat -> its requests that cost something
    writers: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(4, "tipsom-answers"))
    changed: Condition = field(default_factory=Condition)       # wakes the phones' long polls
    cards: Any = None                                           # the session's answer cards (a tipsom.cards.CardMap), if any

    def __post_init__(self) -> None:
        self.pace.listeners.append(self.changed.notify_all)

    def scenarios(self, language: str) -> list[tuple[str, str, int]]:
        """(id, title, minutes) of today's scenarios that exist in `language`, in the order given."""
        ready = {s.id: s for s in for_audience(self.cur, self.cur.audiences[self.audience], language)[1]}
        return [(sid, self.cur.localise(ready[sid], language).title, ready[sid].minutes)
                for sid in self.scenario_ids if sid in ready]

    @cache  # noqa: B019 - one room per process, lives as long as it
    def page(self, sid: str, language: str) -> CasePage:
        return CasePage(self.cur, self.cur.scenarios[sid], self.cur.audiences[self.audience], language)

    @cache  # noqa: B019
    def look(self, language: str) -> Look:
        return Look(self.cur.provisions, language, self.cur.root)

    def is_trainer(self, key: str | None) -> bool:
        import hmac

        return bool(key) and hmac.compare_digest(key.encode(), self.trainer_key.encode())

    def __hash__(self) -> int:
        return id(self)


class Base(tornado.web.RequestHandler):
    def initialize(self, room: Room) -> None:
        self.room = room

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' "
                        "'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")

    def language(self) -> str:
        lang = self.get_argument("lang", "en")
        return lang if lang in LANGS else "en"

    def seat(self) -> str | None:
        value = self.get_signed_cookie(SEAT)
        return value.decode() if value else None

    def code(self) -> str | None:
        return self.room.seats.who(self.seat())

    def json_body(self) -> dict[str, Any]:
        if len(self.request.body) > MAX_JSON:
            raise Refused("Too long.")
        try:
            data = json.loads(self.request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise Refused("Not JSON.") from None
        if not isinstance(data, dict):
            raise Refused("Not a JSON object.")
        return data

    def refuse(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish({"refused": message})

    def write_error(self, status_code: int, **kwargs) -> None:  # no traceback, no path, for anyone
        self.finish({"refused": self._reason} if self.request.path.startswith("/api/") else self._reason)

    def costly(self) -> bool:
        """One more request that computes something from this seat: False (and 429) past its allowance."""
        bucket = self.room.buckets.setdefault(self.seat() or "", Bucket(40, 0.25))
        if bucket.take():
            return True
        self.refuse(429, translator(self.language())("Too many requests from this phone; wait a few seconds."))
        return False


class JoinPage(Base):
    def get(self) -> None:
        lang, code = self.language(), self.code()
        self.write(join_page(translator(lang), lang, self.room.assets, code, self.room.scenarios(lang),
                             pin=self.room.fresh_pins.pop(self.seat() or "", None),
                             codes_handed_out=self.room.seats.allowed is not None))


class Join(Base):
    def post(self) -> None:
        lang, t = self.language(), translator(self.language())
        try:
            seat, _, pin = self.room.seats.join(self.seat(), self.get_body_argument("code", "")[:64],
                                                self.get_body_argument("pin", "")[:16], self.request.remote_ip)
        except Refusal as err:
            self.set_status(400 if "Too many" not in err.message else 429)
            self.write(join_page(t, lang, self.room.assets, None, [], error=t(err.message).format(**err.values),
                                 codes_handed_out=self.room.seats.allowed is not None))
            return
        except Refused:
            self.set_status(400)
            self.write(join_page(t, lang, self.room.assets, None, [], codes_handed_out=self.room.seats.allowed is not None,
                                 error=t("That cannot be a code: use 1 to 32 letters, digits, '-' or '_', no spaces.")))
            return
        if pin:
            self.room.fresh_pins[seat] = pin
        self.set_signed_cookie(SEAT, seat, expires_days=3, httponly=True, samesite="Strict")
        self.redirect(f"/?lang={lang}", status=303)


class Leave(Base):
    def post(self) -> None:
        self.room.seats.leave(self.seat())
        self.clear_cookie(SEAT)
        self.redirect(f"/?lang={self.language()}", status=303)


class Case(Base):
    """A case page, or one of its parts (`/case/<id>/part/<name>`), for the seat's code."""

    def get(self, sid: str, part: str | None = None) -> None:
        lang, code = self.language(), self.code()
        if code is None:
            if part is not None:
                return self.refuse(403, translator(lang)("Join again: open the room's address."))
            return self.redirect(f"/?lang={lang}")
        if sid not in {s for s, _, _ in self.room.scenarios(lang)}:
            raise tornado.web.HTTPError(404)
        if part is not None:
            parts = self.parts(sid, lang, code, part)
            if part not in parts:
                raise tornado.web.HTTPError(404)
            return self.write(parts[part])
        cp = self.room.page(sid, lang)
        self.write(case_page(cp, self.room.look(lang), self.room.assets, code, "".join(self.parts(sid, lang, code).values()),
                             {k: cp.t(v) for k, v in PHONE_WORDS.items()}))

    def parts(self, sid: str, lang: str, code: str, only: str | None = None) -> dict[str, str]:
        """The page's parts in order (or only the one asked for), each as this phone may see it now."""
        room, cp, look = self.room, self.room.page(sid, lang), self.room.look(lang)
        tokens, known, answered = state(room, sid, lang, code)

        def wanted(name: str) -> bool:
            return only is None or name == only
        out = {a.id: question_part(cp, look, a, n, room.pace.shows(sid, a.id), a.id in known, answered.get(a.id),
                                   room.pace.left(sid, a.id), tokens[a.id], closed=room.pace.mode == "trainer" and a.id in known)
               for n, a in enumerate(cp.questions, 1) if wanted(a.id)}
        if wanted("wait"):
            out["wait"] = (f'<p class="part msg" data-part="wait" data-s="{tokens["wait"]}" role="status"'
                           f'{"" if tokens["wait"] != "0" else " hidden"}>'
                           f'{cp.t("The next question appears here when the trainer opens it.")}</p>')
        if wanted("explorer"):
            out["explorer"] = explorer_part(cp, look, known, tokens["explorer"])
        if wanted("walk") and (walk := cp.walk()) is not None:
            out["walk"] = walk_part(cp, look, walk, [], shown=cp.explorer_open(known))
        if wanted("end"):
            out["end"] = end_part(cp, look, known, tokens["end"])
        return out


def state(room: Room, sid: str, lang: str, code: str) -> tuple[dict[str, str], set[str], dict[str, dict]]:
    """Each part's token (what it shows for this phone now), what the phone may know, its answers."""
    cp, answered = room.page(sid, lang), room.store.answered(code, sid)
    known = room.pace.known(sid, answered)
    tokens = {a.id: f"{room.pace.mode}:{int(room.pace.shows(sid, a.id))}{int(a.id in known)}:"
                    f"{answered.get(a.id, {}).get('time', '')}:{int(room.pace.left(sid, a.id) is not None)}"
              for a in cp.questions}
    tokens["wait"] = str(sum(not room.pace.shows(sid, a.id) for a in cp.questions))
    tokens["explorer"] = f"{int(cp.explorer_open(known))}{int(cp.agencies_shown(known))}"
    if cp.scenario.walk is not None:
        tokens["walk"] = str(int(cp.explorer_open(known)))
    tokens["end"] = str(int(cp.finished(known)))
    return tokens, known, answered


class State(Base):
    """What the phone polls: each part's token and the countdowns (a few hundred bytes). A long poll:
    with `v` (the room's version the phone last saw) the answer waits until the trainer changes
    something, or `w` seconds (at most 25) pass."""

    async def get(self) -> None:
        sid, lang, code = self.get_argument("case", ""), self.language(), self.code()
        if code is None:
            return self.refuse(403, translator(lang)("Join again: open the room's address."))
        if sid not in self.room.scenario_ids:
            raise tornado.web.HTTPError(404)
        if self.get_argument("v", "") == str(self.room.pace.version):
            try:
                wait = min(25.0, max(0.0, float(self.get_argument("w", "20"))))
            except ValueError:
                wait = 20.0
            await self.room.changed.wait(timeout=datetime.timedelta(seconds=wait))
            if self.request.connection.stream is None or self.request.connection.stream.closed():
                return  # the phone went away meanwhile
            code = self.code()
            if code is None:
                return self.refuse(403, translator(lang)("Join again: open the room's address."))
        tokens, _, _ = state(self.room, sid, lang, code)
        left = {q: s for q in self.room.pace.opened.get(sid, []) if (s := self.room.pace.left(sid, q)) is not None}
        self.write({"v": self.room.pace.version, "parts": tokens, "left": left})


class Answer(Base):
    """One answer, posted as JSON with the phone's answer id; the seat cookie says whose it is.
    It is validated, graded, appended and fsynced in a worker thread: the room never waits on a disk."""

    async def post(self) -> None:
        t, code = translator(self.language()), self.code()
        if code is None:
            return self.refuse(403, t("Join again: open the room's address. Your answer is kept on this phone."))
        if not self.costly():
            return
        try:
            data = self.json_body()
            sid, qid = str(data.get("scenario", ""))[:80], str(data.get("question", ""))[:120]
            if sid not in self.room.scenario_ids:
                raise Refused(t("This case is not open in the room today."))
            pace = self.room.pace
            if not qid.startswith("walk") and not pace.shows(sid, qid):
                raise Refused(t("This question is not open yet."))
            if pace.mode == "trainer" and f"{sid}/{qid}" in pace.revealed:
                raise Refused(t("The answer to this question has been shown; answers to it are closed."))
            if pace.left(sid, qid) == 0:
                raise Refused(t("Time is up for this question."))
            saved = await IOLoop.current().run_in_executor(self.room.writers, self.room.store.accept, code, self.request.body)
        except NotSaved as err:
            return self.refuse(503, str(err))
        except Refused as err:
            return self.refuse(400, str(err))
        self.write({"saved": True, "duplicate": bool(saved.get("duplicate")), "refresh": self.room.pace.mode == "self"})


class Explore(Base):
    """The explorer: the phone sends the facts as its form shows them; the engine answers here."""

    def post(self) -> None:
        lang, code = self.language(), self.code()
        if code is None:
            return self.refuse(403, translator(lang)("Join again: open the room's address."))
        if not self.costly():
            return
        try:
            data = self.json_body()
            sid = data.get("case")
            if sid not in self.room.scenario_ids:
                raise Refused("no such case")
            cp = self.room.page(sid, lang)
            known = self.room.pace.known(sid, self.room.store.answered(code, sid))
            if not cp.explorer_open(known):
                raise Refused("not open")
            explorer = cp.explorer()
            for name, value in dict(data.get("facts") or {}).items():
                if name not in (*quiz.LISTS, *quiz.CHOICES, *quiz.FLAGS, "age") or isinstance(value, dict):
                    raise Refused("unknown fact")
                value = value if name not in quiz.FLAGS else bool(value)
                if name == "age" and (not isinstance(value, int) or not 0 <= value <= 120):
                    raise Refused("age")
                explorer.set(name, value)
        except (Refused, quiz.QuizError, ValueError, TypeError):
            return self.refuse(400, translator(lang)("The explorer could not read that; reload the page."))
        self.write(reading_html(cp.reading(explorer, known), self.room.look(lang)))


class Walk(Base):
    """The walk: the phone sends its path; the server replays it, saves the step, renders where it stands."""

    def post(self) -> None:
        lang, code, t = self.language(), self.code(), translator(self.language())
        if code is None:
            return self.refuse(403, t("Join again: open the room's address."))
        if not self.costly():
            return
        try:
            data = self.json_body()
            sid, path, answer_id = data.get("case"), data.get("path"), data.get("id")
            if sid not in self.room.scenario_ids or not isinstance(path, list) or len(path) > 50:
                raise Refused("path")
            cp = self.room.page(sid, lang)
            state_, steps = cp.walk(), []
            if state_ is None:
                raise Refused("no walk")
            for step in path:
                node, _, index = str(step).partition(":")
                if node != state_.current or not index.isdigit():
                    raise Refused("path")
                steps.append((node, state_.choose(int(index))))
            if steps and isinstance(answer_id, str):
                node, step = steps[-1]
                base = {"scenario": sid, "language": lang}
                self.room.store.accept(code, json.dumps({**base, "question": f"walk/{node}", "answer": step.label,
                                                         "id": f"{answer_id[:60]}-s"}).encode())
                if state_.done:
                    self.room.store.accept(code, json.dumps({**base, "question": "walk", "path": path,
                                                             "id": f"{answer_id[:60]}-e"}).encode())
        except (Refused, quiz.QuizError):
            return self.refuse(400, t("That step is not a choice of this walk. Start again."))
        self.write(walk_part(cp, self.room.look(lang), state_, path))


def phone_handlers(room: Room) -> list:
    kw = {"room": room}
    case = r"([a-z0-9][a-z0-9_-]{0,79})"
    return [(r"/", JoinPage, kw), (r"/join", Join, kw), (r"/leave", Leave, kw), (rf"/case/{case}", Case, kw),
            (rf"/case/{case}/part/([A-Za-z0-9_-]{{1,120}})", Case, kw), (r"/api/state", State, kw),
            (r"/api/answer", Answer, kw), (r"/api/explore", Explore, kw), (r"/api/walk", Walk, kw)]
