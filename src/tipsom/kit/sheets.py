"""What the trainer prints: `build/kit/<audience>/<language>/` holds the test's two forms
(`test-A.pdf`, `test-B.pdf`), an answer sheet for each and the evaluation form;
`build/kit/attendance-day-<n>.pdf` one attendance sheet a day, with each person's forms
(A→B or B→A, `scores.assigned_forms`).

The test prints its options in the shuffled order (`order.lettered`) with letters (A B C D;
الف ب ج د in Urdu); the answer sheet names its form and has a box per letter, and
`tipsom kit import` reads those letters back.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import N_, translator
from .order import lettered
from .pdf import document, esc, print_pdf, write
from .roster import attendance_path, read_attendance
from .scores import FORMS, assigned_forms

CSS = """
.item { page-break-inside: avoid; margin: 0 0 8pt; }
.opt { margin-inline-start: 14pt; }
.box { display: inline-block; width: 11pt; height: 11pt; border: 1px solid #333; margin: 0 3pt; }
.field { border-bottom: 1px solid #333; display: inline-block; width: 45mm; }
td.sign { width: 45mm; height: 16pt; }
.lines { border-bottom: 1px solid #999; height: 16pt; }
"""
LABELS = [N_("Form"), N_("Forms (before → after)"), N_("Participant code"), N_("Before the training (pre-test)"), N_("After the training (post-test)"),
          N_("Answer sheet"), N_("Attendance"), N_("Day {day}"), N_("Signature"), N_("Name"), N_("Organisation")]


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


def _code_line(t, form: str = "") -> str:
    shown = f"<b>{t('Form')} {form}</b> &nbsp; " if form else ""
    return (f"<p>{shown}{t('Participant code')}: <span class=field></span> &nbsp; <span class=box></span> {t('Before the training (pre-test)')}"
            f" &nbsp; <span class=box></span> {t('After the training (post-test)')}</p>")


def test_html(cur, test, audience, language: str, form: str = "A") -> str:
    t, test = translator(language), cur.localise(test, language)
    body = f"<h1>{esc(test.title)}</h1>{_code_line(t, form)}<p>{esc(test.instructions)}</p>"
    for n, item in enumerate(test.form(form), 1):
        opts = "".join(f"<div class=opt><b>{letter}</b>&nbsp; {esc(o.text)}</div>" for letter, o in lettered(test.id, item, language))
        body += f"<div class=item><p><b>{n}.</b> {esc(item.prompt)}</p>{opts}</div>"
    return document(test.title, body, language, css=CSS)


def answer_sheet_html(cur, test, language: str, form: str = "A") -> str:
    t, test = translator(language), cur.localise(test, language)
    rows = "".join(f"<tr><td class=n><b>{n}</b></td><td>" + "".join(f"{letter}<span class=box></span>"
                                                                    for letter, _ in lettered(test.id, item, language))
                   + "</td></tr>" for n, item in enumerate(test.form(form), 1))
    return document(t("Answer sheet"), f"<h1>{t('Answer sheet')}: {esc(test.title)}</h1>{_code_line(t, form)}<table>{rows}</table>",
                    language, css=CSS)


def evaluation_html(cur, language: str) -> str:
    t, form = translator(language), cur.localise(cur.evaluation, language)
    scale = "".join(f"<td class=n>{k}<span class=box></span></td>" for k in range(1, 6))
    rows = "".join(f"<tr><td class=n>S{n}</td><td>{esc(s.text)}</td>{scale}</tr>" for n, s in enumerate(form.scales, 1))
    opens = "".join(f"<h3>C{n}. {esc(q.text)}</h3><div class=lines></div><div class=lines></div>"
                    for n, q in enumerate(form.open_questions, 1))
    return document(form.title, f"<h1>{esc(form.title)}</h1><p>{esc(form.instructions)}</p><p>1 = {esc(form.low)}; 5 = {esc(form.high)}</p>"
                    f"{_code_line(t)}<table>{rows}</table>{opens}", language, css=CSS)


def attendance_html(cur, day, people) -> str:
    t = translator("en")
    mine = [p for p in people if p.audience in day.audiences]
    forms = assigned_forms(people)
    rows = "".join(f"<tr><td class=n>{i}</td><td>{esc(p.name)}</td><td>{esc(p.code)}</td><td>{esc(p.organisation)}</td>"
                   f"<td class=n>{' → '.join(forms[p.code])}</td><td class=sign></td></tr>" for i, p in enumerate(mine, 1))
    rows += "".join(f"<tr><td class=n>{i}</td><td></td><td></td><td></td><td></td><td class=sign></td></tr>" for i in range(len(mine) + 1, len(mine) + 11))
    head = f"<h1>{t('Attendance')}: {t('Day {day}').format(day=day.day)}</h1><p>{esc(cur.programme.title)} · {esc(day.title)}</p>"
    return document(t("Attendance"), head + f"<table style='width:100%'><tr><th>#</th><th>{t('Name')}</th><th>{t('Participant code')}</th>"
                    f"<th>{t('Organisation')}</th><th>{t('Forms (before → after)')}</th><th>{t('Signature')}</th></tr>{rows}</table>",
                    "en", css=CSS)
