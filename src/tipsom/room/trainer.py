"""The trainer's side of the room: the presenter view, its JSON, and pacing the phones
(open a question, optional countdown, reveal, hide an open answer, free a code).

Every trainer request needs the trainer key: once in the printed link, then an HTTP-only,
SameSite=Strict cookie. The key lives in the session folder (0600) and survives a restart.
"""

from __future__ import annotations

import json
import sys

import tornado.web

from ..workbook.answers import shown
from .handlers import TRAINER, Base, Room
from .pace import answer_key
from .views import presenter_page


class Trainer(Base):
    def prepare(self) -> None:
        key = self.get_argument("key", None)
        if self.room.is_trainer(key):
            self.set_signed_cookie(TRAINER, key, expires_days=3, httponly=True, samesite="Strict")
            if self.request.method == "GET" and self.request.path == "/trainer":
                self.redirect(f"/trainer?lang={self.language()}")  # the key leaves the address bar before the projector shows it
            return
        cookie = self.get_signed_cookie(TRAINER)
        if not self.room.is_trainer(cookie.decode() if cookie else None):
            self.set_status(403)
            self.finish("Trainer pages need the trainer link that `tipsom room` printed on the trainer's laptop.")

    def body_json(self) -> dict:
        try:
            data = json.loads(self.request.body[:4000])
            if not isinstance(data, dict):
                raise ValueError
            return data
        except (ValueError, UnicodeDecodeError):
            raise tornado.web.HTTPError(400) from None


class Presenter(Trainer):
    def get(self) -> None:
        lang = self.language()
        self.write(presenter_page(lang, [(s, t) for s, t, _ in self.room.scenarios(lang)], self.room.participants_url,
                                  self.room.qr_svg, self.room.pace.mode, self.room.assets,
                                  cards=self.room.cards is not None))


class Summary(Trainer):
    """The presenter's JSON: counts per question of this session; right answers only once revealed;
    open answers with their hide keys (hidden ones apart); the pace; the address as it is now."""

    async def get(self) -> None:
        from tornado.ioloop import IOLoop

        room, lang = self.room, self.language()
        sid = self.get_argument("scenario", "")
        # re-reading the session's files runs beside the loop, not in it: phones' answers never wait for the projector
        s = await IOLoop.current().run_in_executor(room.writers, room.store.summary, sid if sid in room.scenario_ids else None,
                                                   lang)
        for sc in s["scenarios"]:
            for q in sc["questions"]:
                key = f"{sc['id']}/{q['id']}"
                q["opened"] = room.pace.mode == "self" or q["id"] in room.pace.opened.get(sc["id"], [])
                q["left"] = room.pace.left(sc["id"], q["id"])
                if key not in room.pace.revealed:
                    q["correct"] = None
                    for o in q["options"]:
                        o["right"] = False
                q["answers"] = [[text, n, k, k in room.pace.hidden] for text, n, k in self.open_answers(sc["id"], q)]
        for note in s.pop("skipped"):
            if note not in room.__dict__.setdefault("warned", set()):  # a FIFO, a symlink, a forged line...: said once
                room.warned.add(note)
                print(f"warning: {shown(note, 300, keep='')}", file=sys.stderr, flush=True)
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({**s, "joined": len(room.seats.joined), "revealed": sorted(room.pace.revealed),
                               "pace": room.pace.mode, "url": room.participants_url, "qr": room.qr_svg}))

    def open_answers(self, sid: str, q: dict) -> list[tuple[str, int, str]]:
        """(text as shown, count, hide key) of an open question's answers, most given first."""
        if q["kind"] != "open":
            return []
        counts: dict[str, int] = {}
        for answers in self.room.store.latest.values():
            r = answers.get((sid, q["id"]))
            if r and isinstance(r.get("answer"), str):
                counts[r["answer"]] = counts.get(r["answer"], 0) + 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
        return [(shown(text, 300), n, answer_key(sid, q["id"], text)) for text, n in top]


class Open(Trainer):
    """Open a question on the phones (trainer pace), with an optional countdown in seconds."""

    def post(self) -> None:
        data = self.body_json()
        sid, qid, seconds = str(data.get("scenario", "")), str(data.get("question", "")), data.get("seconds", 0)
        if sid not in self.room.scenario_ids or not isinstance(seconds, int) or not 0 <= seconds <= 3600:
            raise tornado.web.HTTPError(400)
        if qid not in {q.id for q in self.room.page(sid, "en").questions}:
            raise tornado.web.HTTPError(400)
        self.room.pace.open(sid, qid, seconds)
        self.write({"opened": self.room.pace.opened.get(sid, [])})


class Reveal(Trainer):
    def post(self) -> None:
        data = self.body_json()
        question, on = str(data.get("question", ""))[:200], bool(data.get("on", True))
        sid, _, qid = question.partition("/")
        if sid not in self.room.scenario_ids:
            raise tornado.web.HTTPError(400)
        if on and self.room.pace.mode == "trainer" and qid not in self.room.pace.opened.get(sid, []):
            self.room.pace.open(sid, qid, 0)  # revealing a question opens it too
        self.room.pace.reveal(question, on)
        self.write({"revealed": sorted(self.room.pace.revealed)})


class Hide(Trainer):
    """Moderation: hide an open answer from the projector (the answer stays in the participant's file)."""

    def post(self) -> None:
        data = self.body_json()
        key, on = str(data.get("key", ""))[:40], bool(data.get("on", True))
        self.room.pace.hide(key, on)
        self.write({"hidden": on})


class Free(Trainer):
    def post(self) -> None:
        self.write({"freed": self.room.seats.free(self.get_body_argument("code", "x")[:64])})


def trainer_handlers(room: Room) -> list:
    kw = {"room": room}
    return [(r"/trainer", Presenter, kw), (r"/trainer/summary.json", Summary, kw), (r"/trainer/open", Open, kw),
            (r"/trainer/reveal", Reveal, kw), (r"/trainer/hide", Hide, kw), (r"/trainer/free", Free, kw)]
