"""Pieces of the printed handouts: safe HTML from content text, labels, and the parts of
a scenario (answer key, provisions, walk numbering). Pure; `document.py` assembles them.

Labels a participant reads are marked `N_`/`t` for the gettext catalogs (`make messages`);
those only the trainer guide prints (answer key, programme, module notes) stay English,
as the trainer guide is printed in English only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from ..content import Curriculum
from ..content.markdown import to_html
from ..content.models import Provision
from ..i18n import N_
from ..quiz import ordered
from ..views import view_for

CLASSIFY = {"trafficking": N_("Trafficking in persons"), "smuggling": N_("Smuggling of migrants"),
            "both": N_("Both"), "neither": N_("Neither")}
INVESTIGATES = {"police": N_("The police"), "fia": N_("The FIA"), "both": N_("Both the police and the FIA"),
                "neither": N_("No agency (neither offence)")}
PENALTY = {"basic": "basic range", "woman_or_child": "higher range (a woman or a child)",
           "aggravated": "aggravated range", None: "none"}
OUTCOME = {"good": N_("a good ending"), "mixed": N_("a mixed ending"), "poor": N_("a poor ending")}
NUMBER_STATUS = {"confirmed": "", "inferred": N_(" (number inferred)"), "unknown": N_(" (number not known)")}
REGION = {"balochistan": N_("Balochistan"), "pakistan": N_("Pakistan"), "abroad": N_("Abroad")}

e = html.escape


def md(text: str, shift: int = 0, root: Path | None = None) -> str:
    """Markdown from a content file as safe HTML (`content.markdown`: no raw HTML, links as text,
    only images shipped under `root`); headings move down `shift` levels."""
    out = to_html(text, root)
    return re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", out) if shift else out


def tag(name: str, body: str, cls: str = "", **attrs: str) -> str:
    """`<name class=cls attrs>body</name>`; `body` is HTML already, attributes get escaped."""
    attrs = {"class": cls, **attrs} if cls else attrs
    extra = "".join(f' {k}="{e(v)}"' for k, v in attrs.items())
    return f"<{name}{extra}>{body}</{name}>"


def items(values: Iterable[str], cls: str = "") -> str:
    return tag("ul", "".join(tag("li", e(v)) for v in values), cls)


def lines(n: int) -> str:
    return tag("div", '<div class="write-line"></div>' * n, "write-space")


def box(label: str) -> str:
    return tag("li", f'<span class="box"></span>{e(label)}')


def trainer_view(cur: Curriculum, sc, language: str) -> dict:
    """The trainer view of a scenario, with the questions of all its audiences."""
    views = [view_for(sc, cur.audiences[a], "trainer_guide", language) for a in sc.audiences if a in cur.audiences]
    base = views[0] if views else sc.model_dump(mode="json")
    seen = {q["id"] for v in views for q in v["questions"]}
    base["questions"] = [q for q in sc.model_dump(mode="json")["questions"] if q["id"] in seen]
    return base


def programme_order(cur: Curriculum) -> list:
    order = [s.module for d in (cur.programme.days if cur.programme else []) for s in d.sessions if s.module]
    ids = list(dict.fromkeys([m for m in order if m in cur.modules] + sorted(cur.modules)))
    return [cur.modules[m] for m in ids]


def number_walks(views: list[dict]) -> dict[tuple[str, str], int]:
    """§ numbers for every walk node in the document: depth first from each start, in order."""
    numbers: dict[tuple[str, str], int] = {}
    for v in views:
        walk = v.get("walk")
        if not walk:
            continue
        nodes = {n["id"]: n for n in walk["nodes"]}
        queue = [walk["start"]] + list(nodes)
        while queue:
            nid = queue.pop(0)
            if (v["id"], nid) in numbers or nid not in nodes:
                continue
            numbers[(v["id"], nid)] = len(numbers) + 1
            queue[:0] = [c["goto"] for c in nodes[nid]["choices"]]
    return numbers


def question_key(q: dict, sc) -> str:
    kind, key = q["kind"], sc.answer
    if kind == "classify":
        return tag("p", "Answer: " + CLASSIFY[key.classification] + ". See the answer key.", "answer")
    if kind == "investigates":
        agencies = key.agencies
        label = INVESTIGATES["both" if len(agencies) == 2 else agencies[0] if agencies else "neither"]
        return tag("p", f"Answer: {label}. See the answer key.", "answer")
    out = ""
    for o in ordered(sc.id, q):
        mark = tag("strong", "Correct." if o["correct"] else "Not correct.")
        out += tag("li", f"{e(o['text'])} {mark} {e(o['feedback'])}", "correct" if o["correct"] else "")
    out = tag("ul", out, "options") if out else ""
    if q.get("model_answer"):
        out += tag("p", tag("strong", "Model answer: ") + e(q["model_answer"]), "answer")
    return out


def answer_key(sc, loc, root: Path | None = None) -> str:
    """A scenario's key for the trainer guide; provisions as readers cite them (`cite.py`), with their titles."""
    from .cite import cite

    key, provisions = sc.answer, loc.provisions
    agencies = " and ".join(INVESTIGATES[a] for a in key.agencies) or INVESTIGATES["neither"]
    rows = [("Classification", e(CLASSIFY[key.classification])), ("Who investigates", e(agencies)),
            ("PTPA penalty", e(PENALTY[key.ptpa_penalty])), ("PSMA penalty", e(PENALTY[key.psma_penalty])),
            ("Explanation", md(key.explanation, root=root)),
            ("Provisions", items(f"{cite(p, loc)}: {provisions[p].title}" if p in provisions else p
                                 for p in key.provisions))]
    body = "".join(tag("dt", k) + tag("dd", v) for k, v in rows)
    return tag("div", tag("h4", "Answer key") + tag("dl", body), "answer-key")


def provision_text(p: Provision) -> str:
    return e(p.summary) + tag("span", f" [{e(p.id)}]", "cite")


def penalty(p: Provision, loc) -> str:
    """A provision's penalty (English until translated: `loc.en_text`), flagged when not confirmed."""
    if not p.penalty:
        return ""
    status = "" if p.penalty_status == "confirmed" else tag("strong", e(loc.t(" (not confirmed)")))
    return loc.en_text(p.penalty) + status + tag("span", f" [{e(p.id)}]", "cite")


def provision_entry(p: Provision, loc, ids: bool = True) -> str:
    """One provision: title, section and whether its number is sure; its id only where `ids`
    (the trainer guide: a participant reads the law as cited, not the project's ids)."""
    t = loc.t
    where = (t("s. {section}").format(section=p.section) if p.section and p.section[:1].isdigit()
             else p.section or t("section"))  # "s. 3"; "Smuggling Protocol art. 3" as it is
    status = t(NUMBER_STATUS[p.number_status]) if NUMBER_STATUS[p.number_status] else ""
    cite = " · " + tag("span", e(p.id), "cite") if ids else ""
    head = tag("p", tag("strong", e(p.title)) + f" · {e(where)}{e(status)}" + cite, "provision-head")
    body = tag("p", e(p.summary))
    if p.penalty:
        label = t("Penalty: ") if p.penalty_status == "confirmed" else t("Penalty (not confirmed): ")
        body += tag("p", tag("strong", e(label)) + loc.en_text(p.penalty))
    return tag("div", head + body + tag("p", e(t("Source: ")) + loc.en_text(p.source), "source"), "provision")


def strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def end_time(start: str, minutes: int) -> str:
    h, m = map(int, start.split(":"))
    t = h * 60 + m + minutes
    return f"{t // 60:02d}:{t % 60:02d}"


def label(value: str) -> str:
    return e(re.sub(r"\bfia\b", "FIA", value.replace("_", " ")).capitalize().replace("Fia", "FIA"))
