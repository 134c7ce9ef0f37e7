"""Participants' answers: one append-only JSON-lines file per participant in a session folder.

`<session>/<participant>.jsonl` holds one submission per line. A line is written with a
single `os.write` on an `O_APPEND` descriptor and then fsynced, so a crash or a closed
laptop loses nothing already submitted, and several kernels can write into one folder at
once. Reading never crashes: a torn or garbled line is skipped and reported.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import TipsomError
from ..quiz import Feedback
from ..quiz import room_summary as summarise

MAX_FILE = 4 * 1024 * 1024  # bytes of one participant's answer file read back; larger is skipped
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
SUFFIX = ".jsonl"


class ResponseError(TipsomError):
    """Answers cannot be saved or read: a message for the participant or trainer."""


DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")  # Urdu (Extended Arabic-Indic) and Arabic-Indic


def check_code(code: str) -> str:
    """A participant code: 1-32 letters, digits, '-' or '_' (no name needed), in capitals:
    `p01` and `P01` are one participant and one file, on any disk. Urdu and Arabic digits
    typed on a phone (`پ۰۷` is not a code, but `P۰۷` is P07) count as the digits they are."""
    code = (code or "").strip().translate(DIGITS) if isinstance(code, str) else ""
    if not code:
        raise ResponseError("Enter your participant code first (the short code your trainer gave you; no name needed).")
    if not CODE.match(code):
        raise ResponseError(f"'{code}' cannot be a participant code: use 1 to 32 letters, digits, '-' or '_', no spaces.")
    return code.upper()


JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: part of how Urdu and emoji are written, not a trick


def shown(text: Any, limit: int = 200, keep: str = "\n\t") -> str:
    """Text as a view prints it: control and format characters escaped (\\x1b, \\u202e), except the
    joiners Urdu and emoji need (ZWNJ, ZWJ); cut to `limit`."""
    text = str(text)
    out = "".join(c if c in keep or c in JOINERS or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")
                  else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") for c in text[:limit])
    return out + ("…" if len(text) > limit else "")


def session_dir(sessions_root: str | Path = "sessions", session: str = "", today: dt.date | None = None) -> Path:
    """The session folder: `<sessions_root>/<session>`, or today's date when no name is given."""
    name = (session or "").strip() or (today or dt.date.today()).isoformat()
    if not CODE.match(name.replace(".", "-")):
        raise ResponseError(f"'{name}' cannot be a session name: use letters, digits, '-', '_' or '.'.")
    return Path(sessions_root) / name


def _now() -> str:
    """The laptop's local time with its offset (2026-12-07T15:04:05+05:00): what the trainer's clock says."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def append(folder: Path, participant: str, record: dict[str, Any]) -> dict[str, Any]:
    """Append one submission as a line of `<folder>/<participant>.jsonl`, atomically and synced."""
    record = {"time": _now(), "participant": check_code(participant), **record}
    line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
    path = Path(folder) / f"{record['participant']}{SUFFIX}"
    try:
        Path(folder).mkdir(mode=0o750, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o640)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(0, "not a regular file")
    except OSError as err:
        raise ResponseError(f"Cannot save answers in {folder}: {err.strerror}. Ask the trainer for a folder you can write to.") from None
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # an earlier writer died mid-line: keep its fragment on its own line
        written = os.write(fd, line)
        if written != len(line):
            raise ResponseError(f"Only part of the answer reached {path} (disk full?); submit it again.")
        os.fsync(fd)
    except OSError as err:
        raise ResponseError(f"Cannot save the answer in {path}: {err.strerror}.") from None
    finally:
        os.close(fd)
    if size == 0:
        _sync_dir(Path(folder))
    return record


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class Answers:
    """Every readable submission in a session, and a note for each line skipped."""

    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_file(path: Path, out: Answers | None = None) -> Answers:
    """The submissions of one answer file. Only a regular file is read (no symlink, FIFO or
    device, opened with O_NOFOLLOW), at most MAX_FILE bytes; anything else is skipped with a note."""
    out = out or Answers()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        why = "a symbolic link, not read" if err.errno == errno.ELOOP else f"cannot read ({err.strerror})"
        out.skipped.append(f"{path}: {why}")
        return out
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            out.skipped.append(f"{path}: not a regular file (a FIFO, device or folder), not read")
            return out
        if info.st_size > MAX_FILE:
            out.skipped.append(f"{path}: too large ({info.st_size // 1024 // 1024} MiB; at most {MAX_FILE // 1024 // 1024}), not read")
            return out
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_FILE + 1)
    except OSError as err:
        out.skipped.append(f"{path}: cannot read ({err.strerror})")
        return out
    finally:
        os.close(fd)
    lines = raw.split(b"\n")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):
            torn = "torn last line (the writer stopped mid-answer)" if n == len(lines) else "unreadable line"
            out.skipped.append(f"{path}:{n}: {torn}, skipped")
            continue
        record["participant"] = Path(path).stem  # who wrote it is the file's name, never the line's word
        out.records.append(record)
    return out


def read_answers(folder: Path | str, participant: str | None = None) -> Answers:
    """Submissions in the session folder (one participant's, or everyone's), by participant.

    A participant is named by the file, whatever a line says. Files whose names differ only
    in case (`p01.jsonl` and `P01.jsonl`, from before codes were capitalised) are one
    participant: their lines are merged in time order.
    """
    folder, out = Path(folder), Answers()
    wanted = None if participant is None else check_code(participant)
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []:
        if not CODE.match(path.stem):
            out.skipped.append(f"{path}: not named by a participant code, not read")
            continue
        code = path.stem.upper()
        if wanted is None or code == wanted:
            files.setdefault(code, []).append(path)
    for code, paths in sorted(files.items()):
        start = len(out.records)
        for path in paths:
            read_file(path, out)
        mine = out.records[start:]
        for record in mine:
            record["participant"] = code
        if len(paths) > 1:
            out.records[start:] = sorted(mine, key=lambda r: str(r.get("time", "")))
    return out


def room_summary(folder: Path | str, scenario: str | None = None) -> dict[str, dict[str, dict]]:
    """How the room answered: scenario -> question -> counts (see `quiz.room_summary`)."""
    records = [r for r in read_answers(folder).records if "/" not in str(r.get("scenario"))]  # '/': the kit's test, evaluation
    return summarise(r for r in records if scenario is None or r.get("scenario") == scenario)


class Recorder:
    """One participant's answers in one session, as a notebook page uses them."""

    def __init__(self, folder: Path, audience: str, participant: str = ""):
        self.folder, self.audience, self.participant = Path(folder), audience, None
        if participant:
            self.start(participant)

    def start(self, code: str) -> list[dict[str, Any]]:
        """Check the code and that the folder is writable; return the earlier submissions."""
        code = check_code(code)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ResponseError(f"Cannot save answers in {self.folder}: {err.strerror}. Ask the trainer for a folder you can write to.") from None
        if not os.access(self.folder, os.W_OK):
            raise ResponseError(f"Cannot save answers in {self.folder}: permission denied. Ask the trainer for a folder you can write to.")
        self.participant = code
        return read_answers(self.folder, code).records

    def submit(self, scenario: str, question: str, kind: str, answer: Any, feedback: Feedback | None = None,
               **extra: Any) -> dict[str, Any]:
        if self.participant is None:
            raise ResponseError("Enter your participant code at the top of the page first (no name needed).")
        record = {"audience": self.audience, "scenario": scenario, "question": question, "kind": kind,
                  "answer": answer, "correct": feedback.correct if feedback else None,
                  "score": feedback.score if feedback else None, **extra}
        return append(self.folder, self.participant, record)

    def earlier(self, scenario: str) -> dict[str, dict[str, Any]]:
        """question id -> this participant's latest submission for the scenario."""
        if self.participant is None:
            return {}
        return {r["question"]: r for r in read_answers(self.folder, self.participant).records
                if r.get("scenario") == scenario and isinstance(r.get("question"), str)}


def print_results(session: Path | str, as_json: bool = False, out=None) -> None:
    """Print how the room answered in a session folder (for `tipsom results`)."""
    folder, echo = Path(session), out or print
    if not folder.is_dir():
        raise ResponseError(f"No session folder at {folder}. Sessions are in sessions/<date>/ next to the workbooks.")
    answers = read_answers(folder)
    for note in answers.skipped:
        print(f"warning: {shown(note, 300, keep='')}", file=sys.stderr)
    people = sorted({str(r.get("participant")) for r in answers.records})
    summary = summarise(r for r in answers.records if "/" not in str(r.get("scenario")))  # not the kit's test, evaluation
    if as_json:
        echo(json.dumps({"session": str(folder), "participants": people, "submissions": len(answers.records),
                         "skipped": answers.skipped, "scenarios": summary}, indent=2, ensure_ascii=False))
        return
    echo(f"Session {folder}: {len(people)} participant(s), {len(answers.records)} submission(s).")
    for sid, questions in summary.items():
        echo(f"\n{shown(sid, 80, keep='')}")
        for qid, row in questions.items():
            graded = f", {row['correct']} correct" if row["kind"] not in ("open", "walk-step") else ""
            name = qid if qid == row["kind"] else f"{qid} ({row['kind']})"
            echo(f"  {shown(name, 120, keep='')}: {row['answered']} answered{graded}")
            for answer, n in row["answers"].items():
                echo(f"    {n:4}  {shown(answer, 70, keep='')}")
