"""One scenario in print. Pure; `document.Document` calls `scenario(...)` for each.

Its text, questions (tick boxes and lines to write on, or the answers in the trainer
guide), the notes the edition shows, and its branching walk as numbered paragraphs
("go to §12"). `t` gives the labels in the document's language; a scenario not yet
translated prints with English labels, as one English block (see `document.Document`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..i18n import N_
from ..quiz import ordered
from .parts import (
    CLASSIFY,
    INVESTIGATES,
    OUTCOME,
    REGION,
    answer_key,
    box,
    e,
    items,
    lines,
    md,
    question_key,
    tag,
)


class Document(Protocol):
    """What a scenario asks of the document that prints it (`document.Document`)."""

    cur: Any
    loc: Any
    edition: str
    participant: bool
    walk_numbers: dict[tuple[str, str], int]

    def t(self, text: str) -> str: ...
    def audience_name(self, audience: str) -> str: ...

NOTES = (("indicators", N_("Signs to look for")), ("human_rights_notes", N_("Human rights")), ("gender_notes", N_("Gender")),
         ("trainer_notes", "Trainer notes"), ("debrief", "Debrief"))  # the last two: trainer guide only


def scenario(doc: Document, n: int, sc, v: dict, english: dict, t: Callable[[str], str]) -> str:
    """Scenario `n` of the document from its view `v`; `english` is the English view (to tell
    which notes are still untranslated)."""
    out = tag("h3", e(t("Scenario {n}: {title}").format(n=n, title=v.get("title", sc.id))))
    meta = []
    if "setting" in v:
        meta.append(e(t("{place} ({region})").format(place=v["setting"]["place"], region=t(REGION[v["setting"]["region"]]))))
    if not doc.participant:
        meta += [e(", ".join(doc.audience_name(a) for a in sc.audiences)), f"{sc.minutes} minutes",
                 e("law " + sc.law_version.replace("_", " ").replace("as amended", "as amended in").replace("as enacted", "as enacted in"))]
    out += tag("p", " · ".join(meta), "meta") if meta else ""
    out += tag("div", md(v["narrative"], root=doc.cur.root), "narrative") if "narrative" in v else ""
    if v.get("questions"):
        out += tag("h4", e(t("Questions"))) + tag("ol", "".join(question(doc, q, sc, t) for q in v["questions"]), "questions")
    if not doc.participant:
        out += answer_key(sc, doc.loc, doc.cur.root)
    asks_signs = any(q["kind"] == "indicators" for q in v.get("questions", []))
    for key, heading in NOTES:
        if key == "indicators" and doc.participant and asks_signs:
            continue  # the list would answer the question printed just above it
        if v.get(key):
            body = items(v[key]) if isinstance(v[key], list) else md(v[key], root=doc.cur.root)
            if v[key] == english.get(key) and t is doc.t:
                body = doc.loc.english_block(body)
            out += tag("div", tag("h4", e(t(heading))) + body, key.replace("_", "-"))
    if v.get("walk"):
        out += walk(doc, sc.id, v["walk"], t)
    return tag("section", out, "scenario", id=f"scenario-{sc.id}")


def question(doc: Document, q: dict, sc, t: Callable[[str], str]) -> str:
    out = tag("p", e(q["prompt"]), "prompt")
    kind = q["kind"]
    if doc.edition == "handout":
        out += items((o["text"] for o in ordered(sc.id, q)), "options") if q["options"] else ""
    elif doc.edition == "participant_workbook":
        labels = {"classify": CLASSIFY.values(), "investigates": INVESTIGATES.values()}.get(kind)
        labels = [t(x) for x in labels] if labels else [o["text"] for o in ordered(sc.id, q)]
        hint = {"indicators": t("Tick every one that applies."), "open": ""}.get(kind, t("Tick one."))
        out += (tag("p", e(hint), "hint") + tag("ul", "".join(box(x) for x in labels), "boxes")) if kind != "open" else ""
        out += tag("p", e(t("Why?") if kind != "open" else t("Your answer:")), "hint") + lines(5 if kind == "open" else 3)
    else:
        out += question_key(q, sc)
        if q["audiences"]:
            out += tag("p", "Asked of: " + e(", ".join(doc.audience_name(a) for a in q["audiences"])), "meta")
    return tag("li", out, f"question question-{kind}")


def walk(doc: Document, sid: str, walk: dict, t: Callable[[str], str]) -> str:
    num = {nid: n for (s, nid), n in doc.walk_numbers.items() if s == sid}
    nodes = sorted(walk["nodes"], key=lambda node: num[node["id"]])
    start = t("Start at §{n}. At each step choose one option and go to the section it names.").format(n=num[walk["start"]])
    out = tag("h4", e(t("Walk through the case"))) + tag("p", e(start), "hint")
    for node in nodes:
        n = num[node["id"]]
        body = tag("p", tag("span", f"§{n}", "sec-no") + " " + e(node["text"]))
        if node.get("ending"):
            end = node["ending"]
            the_end = t("The end: {outcome}.").format(outcome=t(OUTCOME[end["outcome"]]))
            body += tag("p", e(the_end) + " " + e(end["feedback"]), f"ending ending-{end['outcome']}")
        else:
            choices = ""
            for c in node["choices"]:
                go = tag("a", e(t("go to §{n}").format(n=num[c["goto"]])), href=f"#walk-{sid}-{num[c['goto']]}")
                extra = "" if doc.participant else tag("span", f" ({c['points']:+d} points) {e(c['feedback'])}", "feedback")
                choices += tag("li", f"{e(c['label'])} {go}{extra}")
            body += tag("ul", choices, "choices")
        out += tag("div", body, "walk-node", id=f"walk-{sid}-{n}")
    return tag("div", out, "walk")
