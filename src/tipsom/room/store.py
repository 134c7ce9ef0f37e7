"""The server-side answer store of a room: validate what a participant sends, then append it.

The server, not the participant's page, owns the answers. `AnswerStore.accept(participant,
body)` takes the identity the server gave at join (or the hub's user name) and the raw bytes
a page posted; it refuses anything that is not one known answer to one known question
(size, nesting, types, ids, lone surrogates, a record that names a participant), grades it
itself and appends it with `tipsom.workbook.answers.append` (one fsynced JSON-lines file per
participant, named by the server's identity). `summary()` is what the trainer's views show:
re-graded from the content, each participant counted once per question by file name.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from .. import quiz
from ..content import Curriculum
from ..content.models import Scenario
from ..errors import TipsomError
from ..workbook.answers import CODE, SUFFIX, ResponseError, append, check_code, read_answers, read_file
from ..workbook.room_view import ordered

MAX_BODY = 16 * 1024         # bytes of one posted answer
MAX_OPEN = 4096              # bytes of an open answer, UTF-8
MAX_PICKS = 32               # options in one multi-select answer
MAX_ANSWERS = 600            # answers one participant may store in a session
MAX_OPEN_EACH = 20           # open answers one participant may give to one question
KEYS = {"scenario", "question", "kind", "answer", "language", "path", "id"}
ANSWER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")  # made by the phone, so that a resent answer is stored once
LANGUAGES = ("en", "ur")


class Refused(TipsomError):
    """An answer the server will not store: a message for the participant (nothing stored)."""


class NotSaved(Refused):
    """A good answer the laptop could not write (disk full, read-only): the phone should send it again."""


def canonical(participant: str) -> str:
    """A participant code as the server files it: checked, upper case (codes are case-insensitive)."""
    try:
        return check_code(participant).upper()
    except ResponseError as err:
        raise Refused(str(err)) from None


def parse(body: bytes) -> dict[str, Any]:
    """The posted JSON object, or Refused: too big, not UTF-8, not JSON, nested, wrong keys."""
    if not isinstance(body, bytes | bytearray):
        raise Refused("The answer must be sent as bytes.")
    if len(body) > MAX_BODY:
        raise Refused(f"The answer is too long ({len(body) // 1024} KB; at most {MAX_BODY // 1024} KB). Shorten it and submit again.")
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("The answer could not be read (not JSON text). Reload the page and submit again.") from None
    if not isinstance(data, dict):
        raise Refused("The answer could not be read (not a JSON object).")
    unknown = sorted(set(data) - KEYS)
    if "participant" in data:
        raise Refused("An answer cannot name a participant: the server knows who you are from the join page.")
    if unknown:
        raise Refused(f"The answer has fields the room does not know: {', '.join(map(_short, unknown))}.")
    return data


def _short(value: Any) -> str:
    return repr(value)[:40]


def _text(data: dict, key: str, limit: int = 200) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise Refused(f"'{key}' must be a non-empty text, not {type(value).__name__}.")
    _utf8(value, key)
    if len(value.encode("utf-8")) > limit:
        raise Refused(f"'{key}' is too long (at most {limit} bytes).")
    return value


def _utf8(value: str, key: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(f"'{key}' holds a broken character (a lone surrogate). Type it again and submit.") from None


class AnswerStore:
    """One session folder of one room: `accept` a participant's answer, `summary` for the trainer."""

    def __init__(self, cur: Curriculum, folder: Path):
        self.cur, self.folder = cur, Path(folder)
        self.lock = threading.Lock()
        self.cache: dict[str, tuple] = {}  # file name -> (stat key, records, notes)
        self.locks: dict[str, threading.Lock] = {}
        self.reading = threading.Lock()
        self.ids: dict[str, dict[str, dict]] = {}        # participant -> answer id -> stored record
        self.latest: dict[str, dict[tuple, dict]] = {}   # participant -> (scenario, question) -> latest record
        self.counts: dict[str, Counter] = {}             # participant -> answers stored, open answers per question
        for r in read_answers(self.folder).records if self.folder.is_dir() else []:
            self._index(r["participant"], r)

    def _index(self, code: str, record: dict) -> None:
        if isinstance(record.get("id"), str):
            self.ids.setdefault(code, {})[record["id"]] = record
        key = (record.get("scenario"), record.get("question"))
        self.latest.setdefault(code, {})[key] = record
        counts = self.counts.setdefault(code, Counter())
        counts["all"] += 1
        if record.get("kind") == "open":
            counts[key] += 1

    def answered(self, participant: str, scenario: str) -> dict[str, dict]:
        """question -> this participant's latest stored answer to the scenario (from memory)."""
        return {q: r for (s, q), r in self.latest.get(participant, {}).items() if s == scenario and isinstance(q, str)}

    # ---- accepting --------------------------------------------------------------------

    def accept(self, participant: str, body: bytes, scenario: str | None = None) -> dict:
        """Validate one posted answer of `participant` (the server's identity) and append it;
        with `scenario`, only an answer to that scenario (the page's own) is accepted."""
        code = canonical(participant)
        data = parse(body)
        answer_id = data.pop("id", None)
        if answer_id is not None and not (isinstance(answer_id, str) and ANSWER_ID.match(answer_id)):
            raise Refused("The answer's id is not one the room made. Reload the page and submit again.")
        record = self.check(data)
        if scenario is not None and record["scenario"] != scenario:
            raise Refused("This page can only save answers to its own case. Reload the page.")
        with self.lock:
            mine = self.locks.setdefault(code, threading.Lock())
        with mine:  # one participant's answers one at a time; others' fsyncs go on meanwhile
            if answer_id is not None and answer_id in self.ids.get(code, {}):
                return {**self.ids[code][answer_id], "duplicate": True}  # a phone resending after an outage
            counts = self.counts.get(code, Counter())
            if counts["all"] >= MAX_ANSWERS:
                raise Refused(f"You have given {MAX_ANSWERS} answers in this session, the most the room keeps for one code.")
            if record["kind"] == "open" and counts[(record["scenario"], record["question"])] >= MAX_OPEN_EACH:
                raise Refused(f"You have answered this question {MAX_OPEN_EACH} times; your latest answer is kept.")
            try:
                saved = append(self.folder, code, {**record, **({"id": answer_id} if answer_id else {})})
            except ResponseError as err:  # the full message (with the laptop's folder) is for the trainer only
                print(f"warning: an answer of {code} was NOT saved: {err}", file=sys.stderr, flush=True)
                raise NotSaved("Your answer was NOT saved: the trainer's laptop could not write it (disk full?). "
                              "Tell the trainer; your phone will try again.") from None
            self._index(code, saved)
            return saved

    def check(self, data: dict[str, Any]) -> dict[str, Any]:
        """A clean record from posted data: known ids, an answer that fits, graded here."""
        sid, qid = _text(data, "scenario", 80), _text(data, "question", 120)
        language = data.get("language", "en")
        if language not in LANGUAGES:
            raise Refused(f"'language' must be one of {', '.join(LANGUAGES)}.")
        sc = self.cur.scenarios.get(sid)
        if sc is None:
            raise Refused(f"There is no scenario {_short(sid)} in this room. Reload the page from the join page.")
        kind = data.get("kind")
        if qid == "walk" or qid.startswith("walk/"):
            return {"scenario": sid, "language": language, **self._walk(self.cur.localise(sc, language), qid, data)}
        q = next((q for q in sc.questions if q.id == qid), None)
        if q is None:
            raise Refused(f"Scenario {sid} has no question {_short(qid)}. Reload the page.")
        if kind is not None and kind != q.kind:
            raise Refused(f"Question {qid} is a {q.kind} question, not {_short(kind)}.")
        if "path" in data:
            raise Refused("'path' belongs to a walk only.")
        answer = self._answer(q, data.get("answer"))
        try:
            fb = quiz.grade(sc, q, answer)
        except quiz.QuizError:
            raise Refused(f"That is not an answer to question {qid}: choose one of its options.") from None
        return {"scenario": sid, "question": qid, "kind": q.kind, "answer": answer, "correct": fb.correct,
                "score": fb.score, "language": language}

    def _answer(self, q, answer: Any) -> Any:
        if q.kind == "open":
            if not isinstance(answer, str) or not answer.strip():
                raise Refused("Write an answer before you submit.")
            _utf8(answer, "answer")
            if len(answer.encode("utf-8")) > MAX_OPEN:
                raise Refused(f"Your answer is too long: at most {MAX_OPEN} bytes (about a page). Shorten it and submit again.")
            return answer
        if q.kind == "indicators":
            if not isinstance(answer, list) or len(answer) > MAX_PICKS or not all(isinstance(a, str) for a in answer):
                raise Refused("Tick the signs you see, then submit (the answer must be a list of option ids).")
            for a in answer:
                _utf8(a, "answer")
            return sorted(set(answer), key=[o.id for o in q.options].index) if set(answer) <= {o.id for o in q.options} else answer
        if not isinstance(answer, str):
            raise Refused(f"Choose one answer, then submit (the answer must be one option id, not {type(answer).__name__}).")
        _utf8(answer, "answer")
        return answer

    def _walk(self, sc: Scenario, qid: str, data: dict) -> dict[str, Any]:
        """A walk step (its label must be a choice of that node) or the walk's end (replayed here)."""
        if sc.walk is None:
            raise Refused(f"Scenario {sc.id} has no walk.")
        state = quiz.WalkState(sc.walk)
        if qid.startswith("walk/"):
            node = state.nodes.get(qid.partition("/")[2])
            label = _text(data, "answer", 2000)
            choice = next((c for c in (node.choices if node else []) if c.label == label), None)
            if choice is None:
                raise Refused("That step is not a choice of this walk. Reload the page.")
            return {"question": qid, "kind": "walk-step", "answer": label, "points": choice.points}
        path = data.get("path")
        if not isinstance(path, list) or not 0 < len(path) <= len(state.nodes) or not all(isinstance(p, str) for p in path):
            raise Refused("The walk's path must be a list of steps.")
        for step in path:
            node, _, index = step.partition(":")
            if node != state.current or not index.isdigit():
                raise Refused("The walk's path does not follow the case. Restart the walk.")
            try:
                state.choose(int(index))
            except quiz.QuizError:
                raise Refused("The walk's path does not follow the case. Restart the walk.") from None
        if not state.done:
            raise Refused("The walk has not ended yet.")
        return {"question": "walk", "kind": "walk", "answer": state.ending.outcome, "correct": state.ending.outcome == "good",
                "points": state.score, "path": path}

    # ---- what the trainer sees ----------------------------------------------------------

    def records(self) -> tuple[list[dict[str, Any]], list[str]]:
        """Every stored answer, re-checked and re-graded; the participant is the file's name.
        A file is read again only when it changed (the presenter asks every second). One reader at a time."""
        with self.reading:
            return self._records()

    def _records(self) -> tuple[list[dict[str, Any]], list[str]]:
        out, skipped, seen = [], [], set()
        for path in sorted(self.folder.glob(f"*{SUFFIX}")) if self.folder.is_dir() else []:
            try:
                st = os.lstat(path)
            except OSError:
                continue
            key, seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode), seen | {path.name}
            hit = self.cache.get(path.name)
            if hit is None or hit[0] != key:
                hit = self.cache[path.name] = (key, *self._read(path))
            out += hit[1]
            skipped += hit[2]
        for gone in set(self.cache) - seen:
            del self.cache[gone]
        return out, skipped

    def _read(self, path: Path) -> tuple[list[dict[str, Any]], list[str]]:
        if not CODE.match(path.stem):
            return [], [f"{path}: not named by a participant code, not read"]
        answers = read_file(path)
        out, skipped = [], list(answers.skipped)
        for r in answers.records:
            try:
                out.append({**self.check({k: r[k] for k in KEYS if k in r}), "participant": r["participant"], "time": r.get("time")})
            except Refused as err:
                skipped.append(f"{path}: {err}")
        return out, skipped

    def mine(self, participant: str, scenario: str) -> list[dict[str, Any]]:
        """One participant's stored answers to one scenario, in the order given (a page restores them)."""
        code = canonical(participant)
        out = []
        for r in read_answers(self.folder, code).records:
            if r.get("scenario") != scenario:
                continue
            try:
                out.append({**self.check({k: r[k] for k in KEYS if k in r}), "time": r.get("time")})
            except Refused:
                continue
        return out

    def summary(self, scenario: str | None = None, language: str = "en") -> dict:
        """How the room answered: participants, submissions, notes skipped, and per scenario
        (in the order asked, else by id) each question in scenario order with its options'
        counts, labels (in `language`) and the right ones (`workbook.room_view.ordered`)."""
        from ..i18n import translator

        records, skipped = self.records()
        if scenario is not None:
            records = [r for r in records if r["scenario"] == scenario]
        counts = quiz.room_summary(records)
        ids = [scenario] if scenario is not None else sorted(counts)
        scenarios = {s: self.cur.localise(self.cur.scenarios[s], language) for s in ids if s in self.cur.scenarios}
        return {"participants": len({r["participant"] for r in records}), "submissions": len(records),
                "skipped": skipped, "scenarios": ordered(counts, scenarios, translator(language))}
