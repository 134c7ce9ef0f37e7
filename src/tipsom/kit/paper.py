"""Answers typed in from paper: `tipsom kit import SESSION FILE.csv`.

A test CSV has a row per answer sheet: `code`, `phase` (pre or post), optionally `form`
(A or B, as printed on the sheet; without the column, or with the cell empty, the form is
the one the attendance list assigns: `scores.assigned_forms`) and one column per item number
as printed on that form (`1`, `2`, ... or `Q1`, `Q2`, ...) holding the letters ticked (`B`,
or `A C` for several; the Urdu letters الف ب ج د as printed on Urdu papers are read too).
An evaluation CSV (no `phase` column) has `code`, a column per statement as printed (`S1`,
`S2`, ...) holding 1 to 5, and `C1`, `C2`, ... for the comments. Letters are turned back
into option ids through the printed order of the sheet's form (`order.lettered`), and each
answer is appended to the session like an answer given in the room, marked `source: paper`.
Which test a row belongs to comes from the participant's audience on the attendance list.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..workbook.answers import append
from .csvfile import key, read_table
from .errors import KitError
from .order import LETTERS, URDU_LETTERS, lettered
from .roster import read_attendance
from .scores import EVALUATION, FORMS, PHASES, assigned_forms, right, test_scenario

SEPARATORS = re.compile(r"[\s,+/&;،]+")


def import_paper(cur, session: Path, csv_path: Path) -> tuple[int, int]:
    """Append every answer in the CSV to the session; return (sheets, answers)."""
    session, csv_path = Path(session), Path(csv_path)
    listed = read_attendance(session, cur.audiences)
    people = {p.code.lower(): p for p in listed}
    split = assigned_forms(listed)
    longest = max((len(t.form(f)) for t in cur.tests.values() for f in FORMS), default=0)
    columns = {"code": ("code", "participantcode", "participant"), "phase": ("phase", "test", "when")}
    first = read_table(csv_path, {"code": columns["code"]}, "paper answers")
    if first and not any(key(h) in columns["phase"] for h in first[0].header):
        return _evaluation(cur, session, csv_path, first, people)
    rows = read_table(csv_path, columns, "paper answers")
    if not rows:
        raise KitError(csv_path, 2, "the file has a header but no answer sheets", "Add one row per answer sheet.")
    header_items = _item_columns(csv_path, rows[0].header, longest)
    form_at = next((i for i, h in enumerate(rows[0].header) if key(h) in ("form", "version", "paper")), None)
    planned, seen = [], {}
    for row in rows:
        code, phase = row.values["code"], row.values["phase"].lower()
        person = people.get(code.lower())
        if person is None:
            raise KitError(csv_path, row.line, f"'{code}' is not on the attendance list", "Check the code on the sheet, or add the participant to attendance.csv.")
        if phase not in PHASES:
            raise KitError(csv_path, row.line, f"phase '{row.values['phase']}' is neither pre nor post", "Write pre or post.")
        if (person.code, phase) in seen:
            raise KitError(csv_path, row.line, f"'{code}' has a {phase} sheet on line {seen[(person.code, phase)]} too",
                           "Keep one row per participant and phase.")
        seen[(person.code, phase)] = row.line
        test = cur.test_for(person.audience)
        if test is None:
            raise KitError(csv_path, row.line, f"no test is written for the audience '{person.audience}'", "Add it to a file in curriculum/tests/.")
        given = (row.cells[form_at].strip().upper() if form_at is not None and form_at < len(row.cells) else "")
        if given and given not in FORMS:
            raise KitError(csv_path, row.line, f"form '{row.cells[form_at].strip()}' is neither A nor B", "Write the form printed on the sheet: A or B.")
        form = given or split[person.code][PHASES.index(phase)]
        cells = {item: (row.cells[i].strip() if i < len(row.cells) else "") for item, i in header_items.items()}
        for n, item in enumerate(test.form(form), 1):
            shown = dict(lettered(test.id, item))
            letters, bad = _letters(cells.get(n, ""))
            bad += [x for x in letters if x not in shown]
            if bad:
                last = len(shown) - 1
                raise KitError(csv_path, row.line, f"item {n} of form {form}: '{' '.join(bad)}' is not a letter printed for it "
                               f"(A to {LETTERS[last]}, or {URDU_LETTERS[0]} to {URDU_LETTERS[last]})",
                               "Type the letters ticked on the sheet; leave the cell empty if none.")
            if letters:
                answer = sorted(shown[x].id for x in dict.fromkeys(letters))
                planned.append((person.code, {"audience": person.audience, "scenario": test_scenario(test.id, phase),
                                              "question": item.id, "kind": "test", "answer": answer,
                                              "correct": right(item, answer), "score": None, "source": "paper"}))
    for code, record in planned:
        append(session, code, record)
    return len(seen), len(planned)


def _letters(cell: str) -> tuple[list[str], list[str]]:
    """The Latin letters a cell names (`B`, `A C`, `AC`, `ب`, `الف ج`) and what is no letter."""
    out, bad = [], []
    for word in SEPARATORS.split(cell.strip()):
        while word:
            urdu = next((u for u in sorted(URDU_LETTERS + ("ه", "ھ"), key=len, reverse=True) if word.startswith(u)), None)
            if urdu:
                out.append(LETTERS[URDU_LETTERS.index({"ه": "ہ", "ھ": "ہ"}.get(urdu, urdu))])
                word = word[len(urdu):]
            else:
                ch, word = word[0].upper(), word[1:]
                (out if ch in LETTERS else bad).append(ch)
    return out, bad


def _item_columns(path: Path, header: list[str], longest: int) -> dict[int, int]:
    """Item number -> column index, from the header line."""
    found = {}
    for i, h in enumerate(header):
        m = re.fullmatch(r"(?:q|item)?\s*(\d{1,2})", h.strip().lower())
        if m and 1 <= int(m[1]) <= longest:
            found[int(m[1])] = i
    if not found:
        raise KitError(path, 1, "the header has no item columns", "Name them by the printed item number: 1, 2, 3 ... (or Q1, Q2 ...).")
    return found


def _evaluation(cur, session: Path, csv_path: Path, rows, people) -> tuple[int, int]:
    """Evaluation forms typed in: S<n> columns hold 1 to 5, C<n> columns the comments."""
    form = cur.evaluation
    if form is None:
        raise KitError(csv_path, 1, "there is no evaluation form to import into", "Restore curriculum/evaluation.yaml.")
    wanted = {f"s{n}": (s.id, "scale") for n, s in enumerate(form.scales, 1)}
    wanted |= {f"c{n}": (q.id, "comment") for n, q in enumerate(form.open_questions, 1)}
    where = {i: wanted[key(h)] for i, h in enumerate(rows[0].header) if key(h) in wanted}
    if not where:
        raise KitError(csv_path, 1, "the header has neither a 'phase' column (a test) nor S1, S2 ... columns (an evaluation)",
                       "Name the columns as printed on the sheet: code, phase, 1, 2 ... or code, S1, S2 ..., C1, C2 ...")
    planned, seen = [], {}
    for row in rows:
        person = people.get(row.values["code"].lower())
        if person is None:
            raise KitError(csv_path, row.line, f"'{row.values['code']}' is not on the attendance list", "Check the code on the form.")
        if person.code in seen:
            raise KitError(csv_path, row.line, f"'{person.code}' has a form on line {seen[person.code]} too", "Keep one row per form.")
        seen[person.code] = row.line
        for i, (qid, kind) in where.items():
            cell = row.cells[i].strip() if i < len(row.cells) else ""
            if not cell:
                continue
            if kind == "scale" and cell not in ("1", "2", "3", "4", "5"):
                raise KitError(csv_path, row.line, f"'{row.header[i]}' is '{cell}', not a number from 1 to 5", "Type the number circled; leave it empty if none.")
            answer = int(cell) if kind == "scale" else cell[:2000]
            planned.append((person.code, {"audience": person.audience, "scenario": EVALUATION, "question": qid, "kind": kind,
                                          "answer": answer, "correct": None, "score": None, "source": "paper"}))
    for code, record in planned:
        append(session, code, record)
    return len(seen), len(planned)
