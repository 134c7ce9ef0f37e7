"""What the trainer prints: `build/kit/<audience>/<language>/` holds the test's two forms
(`test-A.pdf`, `test-B.pdf`), an answer sheet for each and the evaluation form;
`build/kit/attendance-day-<n>.pdf` one attendance sheet a day, in English and Urdu, with each
person's forms (A then B, or B then A: `scores.assigned_forms`).

The test prints its options in the shuffled order (`order.lettered`) with letters (A B C D;
الف ب ج د in Urdu); the answer sheet names its form and gives each letter its own cell with
its box, and `tipsom kit import` reads those letters back. A test or answer sheet serves as
pre-test for half the room and post-test for the other half, so it asks which; the evaluation
form is filled in once, at the end, and does not. Every sheet has a date line and page numbers.

The attendance sheet lists the day's people from the session's list (and 5 blank rows for
those who come without being on it), or, with no list, has as many blank rows as
`participants` in curriculum/programme.yaml (default 40); its header repeats on each page.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, translator
from .order import lettered
from .pdf import document, esc, print_pdf, write
from .roster import attendance_path, read_attendance
from .scores import FORMS, assigned_forms

SPARE_ROWS = 5  # blank attendance rows under a list: people who come without being on it
CSS = """
.item { break-inside: avoid; page-break-inside: avoid; margin: 0 0 8pt; }
.opt { margin-inline-start: 14pt; }
.box { display: inline-block; width: 11pt; height: 11pt; border: 1px solid #333; vertical-align: middle; background: #fff; }
.tick-label { white-space: nowrap; margin-inline-end: 14pt; }
.tick-label .box { margin-inline-end: 4pt; }
.field { border-bottom: 1px solid #333; display: inline-block; width: 45mm; }
.field.short { width: 30mm; }
.id-line { line-height: 2.4; }
td.choice { text-align: center; white-space: nowrap; min-width: 14mm; padding: 3pt 8pt; }
td.choice b { margin-inline-end: 5pt; }
table.answers td.n { width: 10mm; }
table.attendance { width: 100%; table-layout: fixed; }
table.attendance th:nth-child(1) { width: 8mm; }
table.attendance th:nth-child(2) { width: 24%; }
table.attendance th:nth-child(3) { width: 13%; }
table.attendance th:nth-child(4) { width: 19%; }
table.attendance th:nth-child(5) { width: 11%; }
table.attendance td { height: 8mm; }
.lines { border-bottom: 1px solid #999; height: 16pt; }
.both { font-size: 8pt; display: block; text-align: right; font-weight: 400; }
.ur-title { font-size: 15pt; font-weight: 700; margin: 0; }
"""
LABELS = [N_("Form"), N_("Forms (before, after)"), N_("Participant code"), N_("Before the training (pre-test)"), N_("After the training (post-test)"),
          N_("Answer sheet"), N_("Attendance"), N_("Day {day}"), N_("Signature"), N_("Name"), N_("Organisation"), N_("Date")]


def print_sheets(cur, out_dir: Path, session: Path | None = None) -> list[Path]:
    """Write every printable sheet; return the files written."""
    out_dir, written = Path(out_dir), []
    for audience in cur.audiences.values():
        test = cur.test_for(audience.id)
        for language in ("en", "ur"):
            folder = out_dir / audience.id / language
            jobs = [("evaluation", evaluation_html(cur, language))]
            if test is not None:
                for form in FORMS:
                    jobs += [(f"test-{form}", test_html(cur, test, audience, language, form)),
                             (f"answer-sheet-{form}", answer_sheet_html(cur, test, language, form))]
            for name, html_text in jobs:
                written.append(write(folder / f"{name}.pdf", print_pdf(html_text, language, name, cur.root)))
    people = read_attendance(session, cur.audiences) if session and attendance_path(session).exists() else []
    for day in cur.programme.days if cur.programme else []:
        written.append(write(out_dir / f"attendance-day-{day.day}.pdf", print_pdf(attendance_html(cur, day, people), "en", "attendance", cur.root)))
    return written


def _tick(label: str) -> str:
    """A box bound to its words: they never part at a line end."""
    return f"<span class=tick-label><span class=box></span>{label}</span>"


def _code_line(t, form: str = "", phase: bool = True) -> str:
    """Form, participant code, date and (for a test) which test this is."""
    shown = f"<b>{t('Form')} {form}</b> &nbsp; " if form else ""
    which = f"<br>{_tick(t('Before the training (pre-test)'))}{_tick(t('After the training (post-test)'))}" if phase else ""
    return (f"<p class=id-line>{shown}{t('Participant code')}: <span class=field></span> &nbsp; {t('Date')}: <span class='field short'></span>"
            f"{which}</p>")


def test_html(cur, test, audience, language: str, form: str = "A") -> str:
    t, test = translator(language), cur.localise(test, language)
    body = f"<h1>{esc(test.title)}</h1>{_code_line(t, form)}<p>{esc(test.instructions)}</p>"
    for n, item in enumerate(test.form(form), 1):
        opts = "".join(f"<div class=opt><b>{letter}</b>&nbsp; {esc(o.text)}</div>" for letter, o in lettered(test.id, item, language))
        body += f"<div class=item><p><b>{n}.</b> {esc(item.prompt)}</p>{opts}</div>"
    return document(test.title, body, language, css=CSS)


def answer_sheet_html(cur, test, language: str, form: str = "A") -> str:
    """A row per item: its number, then a cell per printed letter holding the letter and its box."""
    t, test = translator(language), cur.localise(test, language)
    rows = "".join(f"<tr><td class=n><b>{n}</b></td>" + "".join(f"<td class=choice><b>{letter}</b><span class=box></span></td>"
                                                                 for letter, _ in lettered(test.id, item, language))
                   + "</tr>" for n, item in enumerate(test.form(form), 1))
    return document(t("Answer sheet"), f"<h1>{t('Answer sheet')}: {esc(test.title)}</h1>{_code_line(t, form)}<table class=answers>{rows}</table>",
                    language, css=CSS)


def evaluation_html(cur, language: str) -> str:
    """Filled in once, after the training: no pre/post choice."""
    t, form = translator(language), cur.localise(cur.evaluation, language)
    scale = "".join(f"<td class=choice><b>{k}</b><span class=box></span></td>" for k in range(1, 6))
    rows = "".join(f"<tr><td class=n>S{n}</td><td>{esc(s.text)}</td>{scale}</tr>" for n, s in enumerate(form.scales, 1))
    opens = "".join(f"<div class=item><h3>C{n}. {esc(q.text)}</h3><div class=lines></div><div class=lines></div></div>"
                    for n, q in enumerate(form.open_questions, 1))
    return document(form.title, f"<h1>{esc(form.title)}</h1>{_code_line(t, phase=False)}<p>{esc(form.instructions)}</p>"
                    f"<p>1 = {esc(form.low)}; 5 = {esc(form.high)}</p><table>{rows}</table>{opens}", language, css=CSS)


def attendance_html(cur, day, people) -> str:
    """English and Urdu on one sheet: the day's people and spare rows, or `participants` blank rows."""
    te, tu = translator("en"), translator("ur")

    def both(text: str, fmt: dict | None = None) -> str:
        en, ur = te(text), tu(text)
        if fmt:
            en, ur = en.format(**fmt), ur.format(**fmt)
        return f"{en} <span class=both lang=ur dir=rtl>{ur}</span>"

    mine = [p for p in people if p.audience in day.audiences]
    forms = assigned_forms(people)
    rows = "".join(f"<tr><td class=n>{i}</td><td>{esc(p.name)}</td><td>{esc(p.code)}</td><td>{esc(p.organisation)}</td>"
                   f"<td>{', '.join(forms[p.code])}</td><td class=sign></td></tr>" for i, p in enumerate(mine, 1))
    blank = SPARE_ROWS if mine else cur.programme.participants
    rows += "".join(f"<tr><td class=n>{i}</td><td></td><td></td><td></td><td></td><td class=sign></td></tr>"
                    for i in range(len(mine) + 1, len(mine) + blank + 1))
    title = f"{te('Attendance')}: {te('Day {day}').format(day=day.day)}"
    head = (f"<h1>{title}</h1><p class=ur-title lang=ur dir=rtl>{tu('Attendance')}: {tu('Day {day}').format(day=day.day)}</p>"
            f"<p>{esc(cur.programme.title)} · {esc(day.title)}</p>"
            f"<p class=id-line>{te('Date')} / <span lang=ur>{tu('Date')}</span>: <span class=field></span></p>")
    cols = "".join(f"<th>{both(c)}</th>" for c in ("Name", "Participant code", "Organisation", "Forms (before, after)", "Signature"))
    return document(title, head + f"<table class=attendance><tr><th>#</th>{cols}</tr>{rows}</table>", "en", css=CSS, fonts="ur")
