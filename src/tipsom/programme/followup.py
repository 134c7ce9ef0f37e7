"""The follow-up (Kirkpatrick level 3): `curriculum/followup.yaml` out as an XLSForm, its
answers back in from KoboToolbox's or ODK Central's CSV export.

The XLSForm has a `survey`, a `choices` and a `settings` sheet, labels in
`label::English (en)` and `label::Urdu (ur)` columns, and the participant code as its first,
required field (checked as a code). Reading the CSV back, each row is matched by code to a
participant in the database (with an `event` column where a code is in several events);
a bad row stops the import with its line, and nothing of the file is added. A response is
kept once by its submission id (`_uuid`, `meta/instanceID` or `KEY`), so the same export
read twice adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from io import BytesIO
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..kit.csvfile import read_table
from ..kit.errors import KitError
from ..kit.pdf import write
from ..workbook.answers import CODE
from .errors import ProgrammeError
from .schema import events, followups, participants

LANGUAGES = {"en": "English (en)", "ur": "Urdu (ur)"}
CODE_RULE = "regex(., '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$')"
KIND = {"scale": "integer", "count": "integer", "text": "text"}
IDS = ("uuid", "metainstanceid", "instanceid", "key")


def xlsform_rows(cur) -> dict[str, list[list]]:
    """The XLSForm's sheets as rows (a header first), from the follow-up in every language."""
    form = cur.followup
    if form is None:
        raise ProgrammeError("There is no curriculum/followup.yaml: write the follow-up questionnaire first (see AUTHORING.md).")
    local = {lang: cur.localise(form, lang) for lang in LANGUAGES}
    labels = [f"label::{name}" for name in LANGUAGES.values()]
    hints = [f"hint::{name}" for name in LANGUAGES.values()]
    messages = [f"constraint_message::{name}" for name in LANGUAGES.values()]
    survey = [["type", "name", *labels, *hints, "required", "constraint", *messages]]
    survey.append(["note", "intro", *(local[lang].instructions for lang in LANGUAGES), *[""] * len(hints), "", "", *[""] * len(messages)])
    survey.append(["text", "participant_code", *(local[lang].code_prompt for lang in LANGUAGES), *[""] * len(hints), "yes",
                   CODE_RULE, "Letters, digits, - or _ as on your certificate.", "سرٹیفکیٹ پر لکھا کوڈ: حروف، ہندسے، - یا _"])
    choices = [["list_name", "name", *labels]]
    for i, q in enumerate(form.questions):
        texts = [local[lang].questions[i] for lang in LANGUAGES]
        kind, rule, said = KIND.get(q.kind, f"{q.kind} {q.id}"), "", ["" for _ in LANGUAGES]
        if q.kind == "scale":
            rule = ". >= 1 and . <= 5"
            said = [f"1 = {local[lang].low}; 5 = {local[lang].high}" for lang in LANGUAGES]
        elif q.kind == "count":
            rule, said = ". >= 0 and . <= 1000", ["0 - 1000" for _ in LANGUAGES]
        hint = [t.hint or (f"1 = {local[lang].low} … 5 = {local[lang].high}" if q.kind == "scale" else "")
                for t, lang in zip(texts, LANGUAGES, strict=True)]
        survey.append([kind, q.id, *(t.text for t in texts), *hint, "yes" if q.required else "", rule, *said])
        for j, c in enumerate(q.choices):
            choices.append([q.id, c.id, *(t.choices[j].text for t in texts)])
    settings = [["form_title", "form_id", "version", "default_language"],
                [form.title, form.form_id, form.version.replace("-", ""), LANGUAGES["en"]]]
    return {"survey": survey, "choices": choices, "settings": settings}


def export_followup(cur, out: Path) -> Path:
    """Write `followup.xlsx` (an XLSForm) into `out`; return its path."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in xlsform_rows(cur).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buf = BytesIO()
    book.save(buf)
    return write(Path(out) / "followup.xlsx", buf.getvalue())


def import_followup(engine: Engine, cur, path: Path) -> tuple[int, int]:
    """Add the responses in the CSV export; return (responses added, responses already there)."""
    form = cur.followup
    if form is None:
        raise ProgrammeError("There is no curriculum/followup.yaml to read the answers against.")
    path = Path(path)
    try:
        rows = read_table(path, {"code": ("participantcode", "code")}, "follow-up export")
    except KitError as err:
        raise ProgrammeError(f"{err} Nothing of the file was added.") from None
    if not rows:
        raise ProgrammeError(f"{path}: the export has a header but no responses; nothing was added.")
    column = {_name(h): i for i, h in enumerate(rows[0].header)}
    by_id = next((column[k] for k in IDS if k in column), None)
    with engine.begin() as conn:
        known: dict[str, list[tuple[int, str]]] = {}
        for event_id, name, code in conn.execute(select(participants.c.event_id, events.c.name, participants.c.code)
                                                 .join(events, events.c.id == participants.c.event_id)):
            known.setdefault(code, []).append((event_id, name))
        planned, seen = [], {}
        for row in rows:
            planned += _row(form, path, row, column, by_id, known, seen)
        responses = select(func.count(func.distinct(followups.c.submission)))
        before = conn.execute(responses).scalar_one()
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        if planned:
            conn.execute(insert(followups).on_conflict_do_nothing(), planned)
        added = conn.execute(responses).scalar_one() - before
    return added, len(seen) - added


def _name(header: str) -> str:
    """A column's question name: the last part of a group path, without punctuation or case."""
    return re.sub(r"[^a-z0-9]", "", header.strip().lower().rsplit("/", 1)[-1] if "instanceid" not in header.lower()
                  else header.strip().lower())


def _row(form, path: Path, row, column, by_id, known, seen) -> list[dict]:
    def cell(i):
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    def bad(what: str, todo: str) -> ProgrammeError:
        return ProgrammeError(f"{path}:{row.line}: {what}. {todo} Nothing of the file was added.")

    code = row.values["code"].strip()
    if not CODE.match(code):
        raise bad(f"'{code[:40]}' is not a participant code", "Correct the code in the export (as on the certificate).")
    code = code.upper()
    places = known.get(code)
    if not places:
        raise bad(f"'{code}' is not a participant of any imported event", "Import that session first, or correct the code.")
    if len(places) > 1:
        named = cell(column.get("event"))
        places = [p for p in places if p[1] == named]
        if len(places) != 1:
            raise bad(f"'{code}' is a participant of several events", "Add an 'event' column naming the session folder of each row.")
    event_id = places[0][0]
    submission = cell(by_id) or hashlib.sha256("\x1f".join(row.cells).encode()).hexdigest()
    submission = submission.removeprefix("uuid:")[:100]
    if submission in seen:
        raise bad(f"response '{submission}' is also on line {seen[submission]}", "Export each response once.")
    seen[submission] = row.line
    out = []
    for q in form.questions:
        value = cell(column.get(re.sub(r"[^a-z0-9]", "", q.id)))
        if not value:
            if q.required:
                raise bad(f"the required question '{q.id}' is empty", "Export the form's own responses, as collected.")
            continue
        choices = {c.id for c in q.choices}
        if q.kind == "select_one" and value not in choices or q.kind == "select_multiple" and not set(value.split()) <= choices:
            raise bad(f"'{q.id}' is '{value[:60]}', not among its choices ({', '.join(sorted(choices))})",
                      "Export with the choices' names (KoboToolbox: 'XML values and headers'), not their labels.")
        if q.kind in ("scale", "count"):
            top = 5 if q.kind == "scale" else 1000
            if not value.isdigit() or not (1 if q.kind == "scale" else 0) <= int(value) <= top:
                raise bad(f"'{q.id}' is '{value[:20]}', not a whole number in its range", "Check the export.")
        out.append({"event_id": event_id, "participant": code, "submission": submission, "question": q.id,
                    "answer": value[:2000]})
    return out
