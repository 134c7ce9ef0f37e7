"""Read one session folder for the programme, through the project's own readers.

The attendance list (`kit.roster.read_attendance`) and the answers
(`workbook.answers.read_answers`, which already holds the room's and the paper import's
answers) are read as the session report reads them; nothing here parses those files again.
What the database cannot take is refused with one located message: an unreadable answer
line (unless the trainer asks to skip it), an attendance list with a code twice, answers to
a test or item this version of the curriculum does not have (a folder from another version).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..kit.errors import KitError
from ..kit.roster import Person, read_attendance
from ..workbook.answers import CODE, read_answers
from .errors import ProgrammeError


@dataclass
class Folder:
    """What one session folder holds, ready for the database."""

    path: Path
    name: str
    people: list[Person]
    records: list[dict]
    skipped: list[str] = field(default_factory=list)

    def days(self) -> tuple[str | None, str | None]:
        found = sorted(d for r in self.records if (d := _day(r.get("time"))))
        return (found[0], found[-1]) if found else (None, None)


def read_folder(cur, path: Path | str, skip_unreadable: bool = False) -> Folder:
    """The folder's attendance and answers; a `ProgrammeError` for what cannot be imported."""
    path = Path(path)
    if not path.is_dir():
        raise ProgrammeError(f"{path}: no session folder here (it holds attendance.csv and the answers).")
    name = path.resolve().name
    if not CODE.match(name.replace(".", "-")):
        raise ProgrammeError(f"{path}: '{name}' cannot name an event; rename the folder with letters, digits, '-', '_' or '.'.")
    try:
        people = read_attendance(path, cur.audiences)
    except KitError as err:
        raise ProgrammeError(f"{err} Nothing of {path} was imported.") from None
    answers = read_answers(path)
    if answers.skipped and not skip_unreadable:
        raise ProgrammeError(f"{answers.skipped[0].removesuffix(', skipped')}. Nothing of {path} was imported: look at that line "
                             "(a torn last line is an answer the writer never finished), or import again with "
                             "--skip-unreadable to leave such lines out; they are noted in the database.")
    for r in answers.records:
        _check_version(cur, path, r)
    return Folder(path, name, people, answers.records, answers.skipped)


def _check_version(cur, path: Path, r: dict) -> None:
    sid, qid = r.get("scenario"), r.get("question")
    if not isinstance(sid, str) or not isinstance(qid, str):
        raise ProgrammeError(f"{path}/{r.get('participant')}.jsonl: an answer names no scenario or question; the folder "
                             "comes from another version of tipsom. Nothing of it was imported.")
    parts = sid.split("/")
    if parts[0] == "test" and len(parts) == 3:
        test = cur.tests.get(parts[1])
        if test is None or qid not in {i.id for i in test.items}:
            what = f"the test '{parts[1]}'" if test is None else f"item '{qid}' of the test '{parts[1]}'"
            raise ProgrammeError(f"{path}/{r.get('participant')}.jsonl: answers {what}, which this curriculum does not have: "
                                 "the folder comes from another version of the tests. Nothing of it was imported; import it "
                                 "with the tipsom version that ran the session.")


def digest(record: dict) -> str:
    """The same answer (participant, question, time, answer, ...) gives the same digest on any laptop."""
    return hashlib.sha256(canonical(record).encode()).hexdigest()


def canonical(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _day(time) -> str | None:
    try:
        return dt.datetime.fromisoformat(str(time)).date().isoformat()
    except ValueError:
        return None
