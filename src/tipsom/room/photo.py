"""Answer cards in the room: the trainer photographs the cards the room holds up for the open
question, and each card read becomes that participant's answer, as if sent from a phone.

The photo comes from the presenter's "Take a photo" (a file input that opens the camera on the
trainer's phone, or a picture from the laptop's webcam); `tipsom.cards.read_photo` reads it
(capped, nothing stored); the letter at the top of each card picks the option with that letter
in the order the phones and the print show. Each answer goes through the answer store like a
phone's (validated, one id per card and photo, so a photo sent twice counts once; a code's
newest answer is the one counted), so cards and phones mix in one session.
"""

from __future__ import annotations

import hashlib
import json

from tornado.ioloop import IOLoop

from ..cards import CardError, read_photo
from ..i18n import translator
from ..page import Ask
from .store import NotSaved, Refused
from .trainer import Trainer

MAX_PHOTO = 40 * 1024 * 1024   # bytes; read_photo refuses larger files too, this spares the reading
LETTERS = "ABCD"
SINGLE = ("classify", "investigates", "response")


def card_question(room, sid: str, qid: str, t) -> Ask:
    """The question a photo answers: one of today's, single-answer, with one to four options."""
    if sid not in room.scenario_ids:
        raise Refused(t("This case is not open in the room today."))
    ask = next((a for a in room.page(sid, "en").questions if a.id == qid), None)
    if ask is None:
        raise Refused(t("This case has no such question."))
    if ask.kind not in SINGLE or not 1 <= len(ask.choices) <= len(LETTERS):
        raise Refused(t("Answer cards answer a question with one answer and at most four options."))
    if room.pace.mode == "trainer" and f"{sid}/{qid}" in room.pace.revealed:
        raise Refused(t("The answer to this question has been shown; answers to it are closed."))
    return ask


class Photo(Trainer):
    """POST /trainer/photo?scenario=...&question=... with the photo as the body."""

    async def post(self) -> None:
        room, t = self.room, translator(self.language())
        if room.cards is None:
            return self.fail(t("This room has no answer cards: start it with --cards DIR/cards.json "
                               "(the map `tipsom kit cards` wrote beside the cards)."))
        sid, qid = self.get_argument("scenario", "")[:80], self.get_argument("question", "")[:120]
        try:
            ask = card_question(room, sid, qid, t)
        except Refused as err:
            return self.fail(str(err))
        photo = self.request.body
        if len(photo) > MAX_PHOTO:
            return self.fail(t("The photo is too large (at most 40 MB): take it again at a lower resolution."), 413)
        try:
            reading = await IOLoop.current().run_in_executor(None, read_photo, photo, room.cards)
        except CardError as err:
            return self.fail(str(err))
        if room.pace.mode == "trainer" and qid not in room.pace.opened.get(sid, []):
            room.pace.open(sid, qid, 0)  # a question answered by cards is open in the room
        digest = hashlib.sha256(photo).hexdigest()[:16]
        saved, refused = {}, dict(reading.refused)
        for code, letter in sorted(reading.read.items()):
            at = LETTERS.index(letter)
            if at >= len(ask.choices):
                refused[code] = t("letter {letter}: this question has only {n} options").format(letter=letter, n=len(ask.choices))
                continue
            body = json.dumps({"id": f"card-{digest}-{code}", "scenario": sid, "question": qid,
                               "answer": ask.choices[at].key, "language": "en"}).encode()
            try:
                await IOLoop.current().run_in_executor(room.writers, room.store.accept, code, body)
            except (Refused, NotSaved) as err:
                refused[code] = str(err)
                continue
            saved[code] = letter
        self.write({"read": saved, "unread": reading.unread, "refused": refused, "unknown": reading.unknown})

    def fail(self, message: str, status: int = 400) -> None:
        self.set_status(status)
        self.write({"error": message})


def photo_handlers(room) -> list:
    return [(r"/trainer/photo", Photo, {"room": room})]
