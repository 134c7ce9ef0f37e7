"""`tipsom programme report`: the indicators as HTML and A4 PDF (English, Urdu) and XLSX.

Written into `build/programme/`: `programme.html` and `programme.pdf` (`programme.ur.*` in
Urdu) and `programme.xlsx`. The page is made from the same figures as `--json`
(`indicators.figures`), printed through the kit's printer (`kit.pdf`), its plots drawn
as the session report's are (numbers and short labels only; words are HTML around them).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..i18n import N_, direction, translator
from ..kit import plots
from ..kit.labels import item_label, objective_label
from ..kit.pdf import document, esc, num, print_pdf, write
from .workbook import write_xlsx

SEXES = {"female": N_("Female"), "male": N_("Male"), "transgender": N_("Transgender")}
CSS = ".weak { background: #fde8e8; }"

# Interface strings shown from inside f-strings, marked here so that `make messages` finds them.
STRINGS = [N_("Programme report"), N_("Events"), N_("Participants"), N_("Who attended"), N_("Audience"), N_("Agency"),
           N_("Place"), N_("Total"), N_("Knowledge test"), N_("Pre-test mean"), N_("Post-test mean"), N_("Mean gain"),
           N_("Mastery"), N_("Pass mark"), N_("Event"), N_("Days"), N_("Objective"), N_("Right before"),
           N_("Right after"), N_("Gain (points)"), N_("Item analysis"), N_("Difficulty"), N_("Discrimination"),
           N_("Options"), N_("Blank"), N_("Evaluation"), N_("Statement"), N_("Mean"), N_("Follow-up"),
           N_("Responses"), N_("Question"), N_("Answers"), N_("No follow-up responses yet."), N_("Took the pre-test"),
           N_("Took the post-test"), N_("participants at or above the pass mark in the post-test"),
           N_("Nothing imported yet: run tipsom programme import SESSION_FOLDER first."), N_("District"),
           N_("A·3 is item 3 of form A."),
           N_("{n} participants have no district on their attendance list: they are counted under their event's place.")]


def write_report(cur, found: dict, out: Path, languages=("en", "ur"), pdf: bool = True) -> list[Path]:
    """Write the report in each language and the workbook; return the files written."""
    out = Path(out)
    written = []
    for language in languages:
        page = report_html(cur, found, language)
        suffix = "" if language == "en" else f".{language}"
        written.append(write(out / f"programme{suffix}.html", page))
        if pdf:
            written.append(write(out / f"programme{suffix}.pdf", print_pdf(page, language, f"programme{suffix}", cur.root)))
    written.append(write_xlsx(cur, found, out / "programme.xlsx"))
    return written


def _n(value, unit: str = "") -> str:
    return "–" if value is None else f"{value:.1f}{unit}" if isinstance(value, float) else f"{value}{unit}"


def _table(heads: list[str], rows: list[list], numeric_from: int = 1, classes: list[str] | None = None) -> str:
    head = "".join(f"<th{' class=n' if i >= numeric_from else ''}>{esc(h)}</th>" for i, h in enumerate(heads))
    body = "".join(f"<tr{f' class={c}' if c else ''}>" + "".join(
        f"<td{' class=n' if i >= numeric_from else ''}>{v if isinstance(v, Markup) else esc(v)}</td>" for i, v in enumerate(row))
        + "</tr>" for row, c in zip(rows, classes or [""] * len(rows), strict=True))
    return f"<table><tr>{head}</tr>{body}</table>"


class Markup(str):
    """HTML already escaped."""


def report_html(cur, found: dict, language: str = "en") -> str:
    t = translator(language)
    prog = cur.localise(cur.programme, language) if cur.programme else None
    title = t("Programme report")
    body = f"<h1>{esc(title)}</h1>" + (f"<p>{esc(prog.title)}</p>" if prog else "")
    if not found["events"]:
        body += f"<p class=note>{t('Nothing imported yet: run tipsom programme import SESSION_FOLDER first.')}</p>"
        return document(title, body, language)
    pct = "%"
    body += _table([t("Events"), t("Participants"), t("Pre-test mean"), t("Post-test mean"), t("Mean gain"), t("Mastery")],
                   [[found["events"], found["participants"], _n(found["pre_mean"], pct), _n(found["post_mean"], pct),
                     _n(found["gain_mean"]), _n(found["mastery_share"], pct)]], numeric_from=0)
    body += (f"<p class=small>{t('Mastery')}: {found['mastered']} {t('participants at or above the pass mark in the post-test')} "
             f"({t('Pass mark')} {found['pass_mark']}%).</p>")
    body += _who(cur, found, t, language) + _events(found, t) + _audiences(cur, found, t, language) + _objectives(cur, found, t, language)
    body += _items(cur, found, t, language) + _evaluation(cur, found, t, language) + _followup(cur, found, t, language)
    if direction(language) == "rtl":
        from ..handouts.language import isolate

        body = isolate(body)
        body = re.sub(r'<span dir="ltr">([^<]*)</span>%', r'<span dir="ltr">\1%</span>', body)
    return document(title, body, language, css=CSS)


def _who(cur, found, t, language) -> str:
    heads = [t("Audience"), *(t(s) for s in SEXES.values()), t("Total")]
    rows = [[cur.audience_name(a, language), *found["by_audience_sex"][a].values(), n] for a, n in found["by_audience"].items()]
    rows.append([t("Total"), *found["by_sex"].values(), found["participants"]])
    out = f"<h2>{t('Who attended')}</h2>" + _table(heads, rows)
    out += _table([t("Agency"), t("Participants")], [[a, n] for a, n in found["by_agency"].items()])
    out += _table([t("District"), t("Participants")], [[a, n] for a, n in found["by_district"].items()])
    if found["district_from_place"]:
        out += ("<p class=small>" + esc(t("{n} participants have no district on their attendance list: they are counted under "
                                          "their event's place.").format(n=found["district_from_place"])) + "</p>")
    out += _table([t("Place"), t("Participants")], [[a, n] for a, n in found["by_place"].items()])
    return out


def _events(found, t) -> str:
    rows = [[e["event"], f"{e['first_day'] or ''} – {e['last_day'] or ''}", e["place"], e["participants"],
             *e["by_sex"].values(), _n(e["pre_mean"]), _n(e["post_mean"]), _n(e["gain_mean"]), _n(e["mastery_share"])]
            for e in found["per_event"]]
    plot = _bars([f"E{i + 1}" for i in range(len(rows))], [e["pre_mean"] for e in found["per_event"]],
                 [e["post_mean"] for e in found["per_event"]])
    return (f"<h2>{t('Events')}</h2><div class=plot>{plot}</div>"
            + _table(["#", t("Event"), t("Days"), t("Place"), t("Participants"), *(t(s) for s in SEXES.values()),
                      t("Pre-test mean"), t("Post-test mean"), t("Mean gain"), t("Mastery")],
                     [[f"E{i + 1}", *r] for i, r in enumerate(rows)], numeric_from=4))


def _audiences(cur, found, t, language) -> str:
    rows = [[cur.audience_name(a, language), s["took_pre"], _n(s["pre_mean"]), s["took_post"], _n(s["post_mean"]), _n(s["gain_mean"]),
             _n(s["mastery_share"])] for a, s in found["per_audience"].items()]
    return f"<h2>{t('Knowledge test')}</h2>" + _table(
        [t("Audience"), t("Took the pre-test"), t("Pre-test mean"), t("Took the post-test"), t("Post-test mean"),
         t("Mean gain"), t("Mastery")], rows)


def _objectives(cur, found, t, language) -> str:
    """Each learning objective, numbered O·1, O·2... as in the session report: its text and its
    module's title in the report's language, with its share right before and after."""
    rows = [[Markup(num(objective_label(i))), Markup(f"{esc(cur.objective(ob, language))}<br><span class=small>"
                                        f"{esc(cur.module_title(ob.split('/')[0], language))}</span>"),
             _n(o["pre_share"]), _n(o["post_share"]), _n(o["gain"])]
            for i, (ob, o) in enumerate(found["per_objective"].items(), 1)]
    return _table(["#", t("Objective"), t("Right before"), t("Right after"), t("Gain (points)")], rows, numeric_from=2)


def _items(cur, found, t, language) -> str:
    out = (f"<h2>{t('Item analysis')}</h2><p class=small>{esc(t('A·3 is item 3 of form A.'))} {esc(t('Difficulty'))}: % right; "
           f"{esc(t('Discrimination'))}: upper 27% − lower 27%.</p>")
    for tid, test in cur.tests.items():
        mine = [i for i in found["items"] if i["test"] == tid]
        if not mine:
            continue
        test_l = cur.localise(test, language)
        out += f"<h3>{esc(test_l.title)}</h3>"
        rows, classes = [], []
        shown = {it.id: it for it in test_l.items}
        for i in mine:
            item = shown[i["item"]]
            post = i.get("post") or i.get("pre")
            opts = "<br>".join(f"{'<span class=tick></span>&nbsp; ' if o.id in i['correct'] else ''}{esc(o.text[:60])}: {_n(post['options'][o.id])}%"
                               for o in item.options)
            module = esc(cur.module_title(i["module"], language))
            rows.append([Markup(num(item_label(f"{i['form']}{i['number']}"))),
                         Markup(f"{esc(item.prompt)}<br><span class=small>{module}</span><br><span class=small>{opts}</span>"),
                         _n((i.get("pre") or {}).get("difficulty")), _n(post["difficulty"]), _n(post["discrimination"]),
                         _n(post["blank"])])
            d = post["discrimination"]
            classes.append("weak" if (d is not None and d < 0.2) or (post["difficulty"] or 0) < 30 else "")
        out += _table(["#", t("Question"), t("Right before"), t("Right after"), t("Discrimination"), t("Blank")], rows,
                      numeric_from=2, classes=classes)
    return out


def _evaluation(cur, found, t, language) -> str:
    if not found["evaluation"]:
        return ""
    form = cur.localise(cur.evaluation, language)
    texts = {s.id: s.text for s in form.scales}
    rows = [[f"S{i + 1}", texts.get(sid, sid), e["n"], "–" if e["mean"] is None else f"{e['mean']:.2f}"]
            for i, (sid, e) in enumerate(found["evaluation"].items())]
    plot = plots.scale_bars(list(found["evaluation"]), [e["mean"] for e in found["evaluation"].values()])
    return f"<h2>{t('Evaluation')}</h2><div class=plot>{plot}</div>" + _table(["#", t("Statement"), "n", t("Mean")], rows, 2)


def _followup(cur, found, t, language) -> str:
    follow = found["followup"]
    out = f"<h2>{t('Follow-up')}</h2>"
    if not follow["responses"]:
        return out + f"<p>{t('No follow-up responses yet.')}</p>"
    form = cur.localise(cur.followup, language) if getattr(cur, "followup", None) else None
    texts = {q.id: q.text for q in form.questions} if form else {}
    rows = [[texts.get(q, q), e["n"], _n(e.get("mean")) if "mean" in e else
             ", ".join(f"{k}: {v}" for k, v in e.get("answers", {}).items())] for q, e in follow["questions"].items()]
    return out + f"<p>{t('Responses')}: {follow['responses']}</p>" + _table([t("Question"), t("Answers"), ""], rows)


def _bars(labels: list[str], pre: list, post: list) -> str:
    """Each event's pre and post mean (percent), numbered E1, E2... (as the kit's item bars are drawn)."""
    plt = plots._pyplot()
    fig, ax = plt.subplots(figsize=(4.6, 0.28 * len(labels) + 0.5))
    y = list(range(len(labels)))[::-1]
    ax.barh([v + 0.2 for v in y], [p or 0 for p in pre], height=0.4, color=plots.PRE)
    ax.barh([v - 0.2 for v in y], [p or 0 for p in post], height=0.4, color=plots.POST)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    return plots._svg(fig)
