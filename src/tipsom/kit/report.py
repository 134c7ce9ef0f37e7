"""The session report: `build/reports/<session>/report.html` and `report.pdf` (A4), and
`report.ur.*` in Urdu.

Who attended (by audience and gender, from the attendance list), pre and post scores per
audience (mean and distribution), each participant's gain (by code), the gain per form
(mean scores of forms A and B before and after, and of the two groups A then B and B then A), the share
right per learning objective before and after, each item's share right (worst first), how the room answered each scenario question, and
the evaluation (means and comments). Participants are named by code only; a name typed
into a comment is blanked. What is missing (no post-test, no evaluation) is said, not hidden.

Printed for reading: every number is isolated left to right (`pdf.num`), so "+33.3" and
"45.0%" read the same in the Urdu report; comments and untranslated text take their own
direction (`dir=auto`); items are labelled "A·3" (form A, item 3) and objectives "O·1", which
no participant code can be (codes have no "·"); modules are named by their title.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import quiz
from ..i18n import N_, direction, translator
from ..workbook.answers import read_answers
from ..workbook.room_view import ordered
from . import plots
from .labels import item_label, objective_label
from .pdf import document, esc, num, print_pdf, write
from .roster import Person, read_attendance
from .scores import (
    EVALUATION,
    FORMS,
    PHASES,
    by_audience,
    distribution,
    evaluation,
    form_means,
    forms_ordered,
    gains,
    is_kit_record,
    item_shares,
    objective_shares,
    taken,
)

BANDS = ["0-20", "20-40", "40-60", "60-80", "80-100"]
CSS = """.band { display: inline-block; width: 48%; vertical-align: top; margin-inline-end: 1%; page-break-inside: avoid; }
body[lang=ur] td, body[lang=ur] th { line-height: 1.8; }
body[lang=ur] .band h3 { font-size: 10pt; }
"""
GENDERS = {"female": N_("Female"), "male": N_("Male"), "transgender": N_("Transgender")}


# Interface strings shown from inside f-strings, marked here so that `make messages` finds them.
STRINGS = [N_('What is missing'), N_('All'), N_('Who attended'), N_('Audience'), N_('Total'),
           N_('before (pre-test)'), N_('after (post-test)'), N_('Knowledge test'),
           N_('Nobody took the test in this session.'), N_('Knowledge test: scores per audience'),
           N_('Took the pre-test'), N_('Mean before'), N_('Took the post-test'), N_('Mean after'),
           N_('A score is the share of the test items answered right.'), N_('participants per score band'),
           N_('Score'), N_('Before'), N_('After'), N_('Gain per participant (codes only)'), N_('Code'),
           N_('Gain (points)'), N_('Each item, worst first'), N_('Item'), N_('Right before'), N_('Right after'),
           N_('Scenarios'), N_('No scenario answers in this session.'), N_('How the room answered the scenarios'),
           N_('answered'), N_('Evaluation'), N_('No evaluation answers in this session.'), N_('Statement'),
           N_('Mean'), N_('No comments.'), N_('Gain per form'), N_('Form'), N_('Order of forms'),
           N_('People'), N_('Gain per learning objective'), N_('Objective'), N_('Answers'), N_('{first}, then {second}'),
           N_('A·3 is item 3 of form A.'), N_('The key')]


def make_report(cur, session: Path, out_root: Path, languages=("en", "ur")) -> list[Path]:
    """Write the report of a session folder in each language; return the files written."""
    session = Path(session)
    people = read_attendance(session, cur.audiences)
    answers = read_answers(session)
    out = Path(out_root) / session.name
    written = []
    for language in languages:
        html_text = report_html(cur, session.name, people, answers.records, language, answers.skipped)
        suffix = "" if language == "en" else f".{language}"
        written.append(write(out / f"report{suffix}.html", html_text))
        written.append(write(out / f"report{suffix}.pdf", print_pdf(html_text, language, f"report{suffix}", cur.root)))
    return written


def report_html(cur, name: str, people: list[Person], records: list[dict], language: str = "en",
                skipped: list[str] | None = None) -> str:
    t = translator(language)
    tests = {tid: cur.localise(test, language) for tid, test in cur.tests.items()}
    audience_of = {p.code: p.audience for p in people}
    done = taken(records, tests)
    missing = _missing(cur, people, records, done, t) + [t("Skipped an unreadable line: ") + s for s in (skipped or [])]
    title = t("Session report")
    prog = cur.localise(cur.programme, language) if cur.programme else None
    head = f"<h1>{esc(title)}: <bdi dir=\"ltr\">{esc(name)}</bdi></h1>"
    if prog:
        head += f"<p>{esc(prog.title)} · {esc(prog.place)}</p>"
    if missing:
        head += f"<div class='note'><b>{t('What is missing')}</b><ul>" + "".join(f"<li>{esc(m)}</li>" for m in missing) + "</ul></div>"
    body = (head + _attendance(cur, people, language, t) + _scores(cur, done, audience_of, language, t)
            + _per_form(cur, done, tests, language, t) + _items(cur, done, tests, language, t) + _scenarios(cur, records, language, t) + _evaluation(cur, records, people, language, t))
    if direction(language) == "rtl":
        from ..handouts.language import isolate

        body = isolate(body)  # Latin runs (codes, PTPA, Q3) read left to right inside Urdu
        body = re.sub(r'<span dir="ltr">([^<]*)</span>%', r'<span dir="ltr">\1%</span>', body)  # 45.0%, not %45.0
    return document(f"{title}: {name}", body, language, css=CSS)


def _missing(cur, people, records, done, t) -> list[str]:
    notes = []
    for phase, label in (("pre", t("pre-test")), ("post", t("post-test"))):
        if not any(d.phase == phase for d in done):
            notes.append(t("No {test} answers in this session: its figures are left out.").format(test=label))
    codes = {p.code for p in people}
    strangers = sorted({str(r.get("participant")) for r in records} - codes)
    if strangers:
        notes.append(t("Answers from codes not on the attendance list (counted as 'unknown'): ") + ", ".join(strangers))
    if not any(r.get("scenario") == EVALUATION for r in records):
        notes.append(t("No evaluation answers in this session."))
    return notes


def _attendance(cur, people, language, t) -> str:
    rows, totals = "", dict.fromkeys(GENDERS, 0)
    for audience in [a for a in cur.audiences if any(p.audience == a for p in people)]:
        counts = {g: sum(p.audience == audience and p.gender == g for p in people) for g in GENDERS}
        for g in GENDERS:
            totals[g] += counts[g]
        rows += (f"<tr><td>{esc(cur.audience_name(audience, language))}</td>" + "".join(f"<td class=n>{counts[g]}</td>" for g in GENDERS)
                 + f"<td class=n><b>{sum(counts.values())}</b></td></tr>")
    heads = "".join(f"<th class=n>{t(label)}</th>" for label in GENDERS.values())
    rows += (f"<tr><th>{t('All')}</th>" + "".join(f"<th class=n>{totals[g]}</th>" for g in GENDERS)
             + f"<th class=n>{len(people)}</th></tr>")
    return f"<h2>{t('Who attended')}</h2><table><tr><th>{t('Audience')}</th>{heads}<th class=n>{t('Total')}</th></tr>{rows}</table>"


def _legend(t) -> str:
    return (f"<p class=small><span class=swatch style='background:{plots.PRE}'></span> {t('before (pre-test)')} &nbsp; "
            f"<span class=swatch style='background:{plots.POST}'></span> {t('after (post-test)')}</p>")


def _num(value, unit: str = "") -> str:
    return "–" if value is None else num(f"{value:.1f}{unit}")


def _gain(value) -> str:
    return "–" if value is None else num(f"{value:+.1f}")


def _scores(cur, done, audience_of, language, t) -> str:
    if not done:
        return f"<h2>{t('Knowledge test')}</h2><p>{t('Nobody took the test in this session.')}</p>"
    out = f"<h2>{t('Knowledge test: scores per audience')}</h2>"
    out += (f"<table><tr><th>{t('Audience')}</th><th class=n>{t('Took the pre-test')}</th><th class=n>{t('Mean before')}</th>"
            f"<th class=n>{t('Took the post-test')}</th><th class=n>{t('Mean after')}</th></tr>")
    found = by_audience(done, audience_of)
    groups = {a: found[a] for a in [*cur.audiences, "unknown"] if a in found}
    for audience, s in groups.items():
        out += (f"<tr><td>{esc(cur.audience_name(audience, language))}</td><td class=n>{len(s.pre)}</td><td class=n>{_num(s.mean('pre'), '%')}</td>"
                f"<td class=n>{len(s.post)}</td><td class=n>{_num(s.mean('post'), '%')}</td></tr>")
    out += f"</table><p class=small>{t('A score is the share of the test items answered right.')}</p>"
    for audience, s in groups.items():
        pre, post = distribution(s.pre), distribution(s.post)
        cells = "".join(f"<tr><td class=n>{num(b + '%')}</td><td class=n>{a}</td><td class=n>{c}</td></tr>" for b, a, c in zip(BANDS, pre, post, strict=False))
        out += (f"<div class=band><h3>{esc(cur.audience_name(audience, language))}: {t('participants per score band')}</h3>"
                f"<div class=plot>{plots.histogram(pre, post, BANDS)}</div>{_legend(t)}"
                f"<table><tr><th>{t('Score')}</th><th class=n>{t('Before')}</th><th class=n>{t('After')}</th></tr>{cells}</table></div>")
    rows = gains(done)
    if rows:
        body = "".join(f"<tr><td dir=ltr>{esc(c)}</td><td class=n>{_num(a)}</td><td class=n>{_num(b)}</td><td class=n>{_gain(g)}</td></tr>"
                       for c, a, b, g in rows)
        out += (f"<h3>{t('Gain per participant (codes only)')}</h3>"
                f"<div class=plot>{plots.gain_dots([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])}</div>{_legend(t)}"
                f"<table><tr><th>{t('Code')}</th><th class=n>{t('Before')}</th><th class=n>{t('After')}</th><th class=n>{t('Gain (points)')}</th></tr>{body}</table>")
    return out


def _per_form(cur, done, tests, language, t) -> str:
    """Each test's mean per form and phase, the two orders of forms, and the share right per objective."""
    out = ""
    for tid, test in tests.items():
        if not any(d.test == tid for d in done):
            continue
        means = form_means(done, tid)
        rows = "".join(f"<tr><td>{f}</td>" + "".join(f"<td class=n>{means[(f, ph)][0]}</td><td class=n>{_num(means[(f, ph)][1], '%')}</td>"
                                                      for ph in PHASES) + "</tr>" for f in FORMS)
        out += (f"<h2>{t('Gain per form')}: {esc(test.title)}</h2><table><tr><th>{t('Form')}</th><th class=n>{t('Took the pre-test')}</th>"
                f"<th class=n>{t('Mean before')}</th><th class=n>{t('Took the post-test')}</th><th class=n>{t('Mean after')}</th></tr>{rows}</table>")
        orders = forms_ordered([d for d in done if d.test == tid])
        if orders:
            then = t("{first}, then {second}")
            body = "".join(f"<tr><td>{then.format(first=num(order[0]), second=num(order[-1]))}</td><td class=n>{len(r)}</td>"
                           f"<td class=n>{_num(sum(x[1] for x in r) / len(r))}</td><td class=n>{_num(sum(x[2] for x in r) / len(r))}</td>"
                           f"<td class=n>{_gain(sum(x[2] - x[1] for x in r) / len(r))}</td></tr>"
                           for order, r in orders.items())
            out += (f"<table><tr><th>{t('Order of forms')}</th><th class=n>{t('People')}</th><th class=n>{t('Before')}</th>"
                    f"<th class=n>{t('After')}</th><th class=n>{t('Gain (points)')}</th></tr>{body}</table>")
        shares = objective_shares(done, test)
        if shares:
            labels = [objective_label(i) for i in range(1, len(shares) + 1)]
            cells = "".join(f"<tr><td class=n>{num(label)}</td><td dir=auto>{esc(cur.objective(ob, language))}<br><span class=small>"
                            f"{esc(cur.module_title(ob.split('/')[0], language))}</span></td><td class=n>{n}</td><td class=n>{_num(a, '%')}</td>"
                            f"<td class=n>{_num(b, '%')}</td><td class=n>{'–' if a is None or b is None else _gain(b - a)}</td></tr>"
                            for label, (ob, n, a, b) in zip(labels, shares, strict=True))
            out += (f"<h2>{t('Gain per learning objective')}: {esc(test.title)}</h2>"
                    f"<div class=plot>{plots.item_bars(labels, [r[2] for r in shares], [r[3] for r in shares])}</div>{_legend(t)}"
                    f"<table><tr><th>#</th><th>{t('Objective')}</th><th class=n>{t('Answers')}</th><th class=n>{t('Right before')}</th>"
                    f"<th class=n>{t('Right after')}</th><th class=n>{t('Gain (points)')}</th></tr>{cells}</table>")
    return out


def _items(cur, done, tests, language, t) -> str:
    out = ""
    for tid, test in tests.items():
        if not any(d.test == tid for d in done):
            continue
        rows = item_shares(done, test)
        out += (f"<h2>{t('Each item, worst first')}: {esc(test.title)}</h2>"
                f"<div class=plot>{plots.item_bars([item_label(r[0]) for r in rows], [r[2] for r in rows], [r[3] for r in rows])}</div>"
                f"{_legend(t)}<p class=small>{t('A·3 is item 3 of form A.')}</p>")
        body = "".join(f"<tr><td class=n>{num(item_label(n))}</td><td dir=auto>{esc(item.prompt)}<br><span class=small>"
                       f"{esc(cur.module_title(item.module, language))}</span></td>"
                       f"<td class=n>{_num(pre, '%')}</td><td class=n>{_num(post, '%')}</td></tr>" for n, item, pre, post in rows)
        out += (f"<table><tr><th>#</th><th>{t('Item')}</th><th class=n>{t('Right before')}</th><th class=n>{t('Right after')}</th></tr>"
                f"{body}</table>")
    return out


def _scenarios(cur, records, language, t) -> str:
    counts = quiz.room_summary(r for r in records if not is_kit_record(r))
    if not counts:
        return f"<h2>{t('Scenarios')}</h2><p>{t('No scenario answers in this session.')}</p>"
    scenarios = {sid: cur.localise(cur.scenarios[sid], language) for sid in counts if sid in cur.scenarios}
    out = f"<h2>{t('How the room answered the scenarios')}</h2>"
    key = f"<span class=tick role=img aria-label=\"{esc(t('The key'))}\"></span>"
    for sc in ordered(counts, scenarios, t):  # the room's own summary: questions in scenario order
        out += f"<h3>{esc(sc['title'])}</h3>"
        for q in sc["questions"]:
            if q["kind"] in ("open", "walk") or not q["answered"]:
                continue
            n = q["answered"]
            cells = "".join(f"<tr><td>{key if o['right'] else ''}</td><td dir=auto>{esc(o['label'])}</td><td class=n>{o['count']}</td>"
                            f"<td class=n>{num(format(100 * o['count'] / n, '.0f') + '%')}</td></tr>" for o in q["options"] if o["count"])
            out += f"<div class=keep><p><b>{esc(q['prompt'])}</b> <span class=small>({n} {t('answered')})</span></p><table>{cells}</table></div>"
    return out


def _evaluation(cur, records, people, language, t) -> str:
    form = cur.localise(cur.evaluation, language) if cur.evaluation else None
    if form is None:
        return ""
    result = evaluation(records, form)
    if not any(result.counts[s.id] for s in form.scales) and not any(result.comments.values()):
        return f"<h2>{t('Evaluation')}</h2><p>{t('No evaluation answers in this session.')}</p>"
    rows = "".join(f"<tr><td class=n>S{i + 1}</td><td>{esc(s.text)}</td><td class=n>{sum(result.counts[s.id].values())}</td>"
                   f"<td class=n>{'–' if result.means[s.id] is None else f'{result.means[s.id]:.2f}'}</td>"
                   + "".join(f"<td class=n>{result.counts[s.id][k]}</td>" for k in range(1, 6)) + "</tr>"
                   for i, s in enumerate(form.scales))
    out = (f"<h2>{t('Evaluation')}</h2><div class=plot>{plots.scale_bars([s.id for s in form.scales], [result.means[s.id] for s in form.scales])}</div>"
           f"<p class=small>1 = {esc(form.low)}; 5 = {esc(form.high)}</p><table><tr><th>#</th><th>{t('Statement')}</th><th class=n>n</th>"
           f"<th class=n>{t('Mean')}</th>" + "".join(f"<th class=n>{k}</th>" for k in range(1, 6)) + f"</tr>{rows}</table>")
    blank = _name_pattern(people)
    for q in form.open_questions:
        said = result.comments[q.id]
        items = "".join(f"<li><bdi class=small dir=ltr>{esc(c)}</bdi> <bdi dir=auto>{esc(blank(text))}</bdi></li>" for c, text in said)
        out += f"<h3>{esc(q.text)}</h3>" + (f"<ul>{items}</ul>" if said else f"<p class=small>{t('No comments.')}</p>")
    return out


def _name_pattern(people: list[Person]):
    """A function that blanks every attendee's name (and each part of it, 3+ letters) in a text."""
    parts = sorted({w for p in people for w in [p.name, *p.name.split()] if len(w) >= 3}, key=len, reverse=True)
    if not parts:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in parts) + r")(?!\w)", re.I)
    return lambda text: pattern.sub("[…]", text)
