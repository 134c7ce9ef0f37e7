"""The printed form of the handouts: static HTML for paper, made from the content. Pure.

`open_document(root, audience, edition, language)` gives a `Document`; each cell of a
handout notebook shows one `doc.section(name)`. Sections are built from `view_for` data,
so a participant edition never holds what `view_for` strips. Questions get tick boxes and
lines to write on; a branching walk becomes numbered paragraphs ("go to §12"). Headings
and labels are the only words written here: every statement of law comes from the files.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from .content import Curriculum, load_curriculum
from .models import Audience
from .printed_parts import (
    CLASSIFY,
    INVESTIGATES,
    OUTCOME,
    answer_key,
    box,
    e,
    end_time,
    items,
    label,
    lines,
    md,
    number_walks,
    penalty,
    programme_order,
    provision_entry,
    provision_text,
    question_key,
    strings,
    tag,
    trainer_view,
)
from .views import is_participant, view_for

EDITION_TITLES = {"handout": "Handout", "participant_workbook": "Participant workbook",
                  "trainer_guide": "Trainer guide"}
SECTIONS = {
    "handout": ("cover", "key_messages", "side_by_side", "who_investigates", "rights_and_gender",
                "law_at_a_glance", "scenarios", "glossary", "referral_card"),
    "participant_workbook": ("cover", "scenarios"),
    "trainer_guide": ("cover", "programme", "module_notes", "scenarios", "law_at_a_glance"),
}
TOPIC_MODULES = {"who_investigates": ("who-investigates",), "rights_and_gender": ("rights-based-approach", "gender")}
SIDE_BY_SIDE = (("What it is", "ptpa-2018/s3", "psma-2018/offence"),
                ("Who investigates", "ptpa-2018/s8", "psma-2018/investigation"),
                ("The person harmed or moved", "ptpa-2018/s6", "psma-2018/non-criminalisation"))


class Section:
    """One printed section; Jupyter shows it through `_repr_html_`."""

    def __init__(self, name: str, html_text: str):
        self.name, self.html = name, html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Section({self.name!r})"


def open_document(root: Path | str, audience: str, edition: str, language: str = "en",
                  snapshot: str | None = None) -> Document:
    """The document for one audience and edition (the trainer guide: audience 'trainer').

    `snapshot` names a pickled, already validated `Curriculum` that the build writes once,
    so that each document's kernel need not read and check every file again.
    """
    if snapshot:
        with open(snapshot, "rb") as f:
            return Document(pickle.load(f), audience, edition, language)
    return Document(load_curriculum(root), audience, edition, language)


class Document:
    """What one printed edition holds, section by section."""

    def __init__(self, cur: Curriculum, audience: str, edition: str, language: str = "en"):
        if edition not in SECTIONS:
            raise ValueError(f"unknown edition {edition!r}")
        self.cur, self.edition, self.language = cur, edition, language
        self.participant = is_participant(edition)
        self.audience: Audience | None = cur.audiences[audience] if self.participant else None
        if self.participant:
            self.modules = [cur.modules[m] for m in self.audience.modules if m in cur.modules]
            self.scenarios = [s for s in sorted(cur.scenarios.values(), key=lambda s: s.id)
                              if audience in s.audiences and language in s.languages]
            self.views = [view_for(s, self.audience, edition, language) for s in self.scenarios]
        else:
            self.modules = programme_order(cur)
            self.scenarios = [s for s in sorted(cur.scenarios.values(), key=lambda s: s.id) if language in s.languages]
            self.views = [trainer_view(cur, s, language) for s in self.scenarios]
        self.walk_numbers = number_walks(self.views)

    def section(self, name: str) -> Section | None:
        """The named section of this edition, or None if the edition has no such section."""
        if name not in SECTIONS[self.edition]:
            return None
        body = getattr(self, "_" + name)()
        return Section(name, tag("section", body, f"tipsom-section tipsom-{name.replace('_', '-')}")) if body else None

    # ---- the sections, in the order they print ------------------------------------

    def _cover(self) -> str:
        prog = self.cur.programme
        kicker = f"{prog.title} · {prog.place}" if prog else ""
        head = tag("p", e(kicker), "kicker") + tag("h1", e(self.audience.name if self.audience else "Trainer guide"))
        if self.audience:
            head += tag("p", e(EDITION_TITLES[self.edition]), "edition") + tag("p", e(self.audience.who), "who")
        else:
            head += tag("p", "For trainers only: this guide holds the answer keys. Do not hand it out.", "notice")
        if self.edition == "participant_workbook":
            head += tag("div", "<span>Name</span>" + lines(1) + "<span>Date</span>" + lines(1), "name-date")
        return tag("header", head, "cover")

    def _key_messages(self) -> str:
        out = tag("h2", "Key messages") + tag("h3", "After this session you will") + items(self.audience.after_the_session)
        topical = {m for ids in TOPIC_MODULES.values() for m in ids}
        for m in self.modules:
            if m.id not in topical:
                out += tag("h3", e(m.title)) + items(m.key_points)
        return out

    def _side_by_side(self) -> str:
        rows = ""
        for heading, left, right in SIDE_BY_SIDE:
            a, b = self.cur.provisions.get(left), self.cur.provisions.get(right)
            if a and b:
                rows += tag("tr", tag("th", e(heading)) + tag("td", provision_text(a)) + tag("td", provision_text(b)))
        a, b = self.cur.provisions.get(SIDE_BY_SIDE[0][1]), self.cur.provisions.get(SIDE_BY_SIDE[0][2])
        if a and b and (a.penalty or b.penalty):
            rows += tag("tr", tag("th", "Penalty") + tag("td", penalty(a)) + tag("td", penalty(b)))
        if not rows:
            return ""
        head = tag("tr", "<th></th>" + tag("th", "Trafficking in persons") + tag("th", "Smuggling of migrants"))
        return tag("h2", "Trafficking and smuggling side by side") + tag("table", tag("thead", head) + tag("tbody", rows), "side-by-side")

    def _who_investigates(self) -> str:
        return self._topic("who_investigates", "Who investigates")

    def _rights_and_gender(self) -> str:
        return self._topic("rights_and_gender", "Rights and gender")

    def _topic(self, key: str, heading: str) -> str:
        mods = [m for m in self.modules if m.id in TOPIC_MODULES[key]]
        body = "".join(tag("h3", e(m.title)) + items(m.key_points) for m in mods)
        return tag("h2", heading) + body if body else ""

    def _law_at_a_glance(self) -> str:
        ids = [p for m in self.modules for p in m.provisions]
        if not self.participant:
            ids += [p for s in self.scenarios for p in s.answer.provisions]
        wanted = dict.fromkeys(p for p in ids if p in self.cur.provisions)
        out = ""
        for law in sorted(self.cur.laws.values(), key=lambda law: law.id):
            mine = [p for p in law.provisions if p.id in wanted]
            if not mine:
                continue
            out += tag("h3", f"{e(law.title)} ({e(law.short)}), {e(law.version)}")
            if law.uncertain:
                out += tag("p", tag("strong", "Not yet settled: ") + e(law.uncertain), "uncertain")
            out += "".join(provision_entry(p) for p in mine)
        heading = "The law at a glance" if self.participant else "Provisions cited"
        return tag("h2", heading) + out if out else ""

    def _scenarios(self) -> str:
        if not self.views:
            return ""
        heading = {"handout": "Scenarios to discuss", "participant_workbook": "Scenarios",
                   "trainer_guide": "Scenarios and answer keys"}[self.edition]
        return tag("h2", heading) + "".join(self._scenario(i, s, v) for i, (s, v) in enumerate(zip(self.scenarios, self.views, strict=True), 1))

    def _glossary(self) -> str:
        terms = self._needed_terms()
        if not terms:
            return ""
        body = "".join(tag("dt", e(t.term)) + tag("dd", e(t.definition)) for t in terms)
        return tag("h2", "Words to know") + tag("dl", body, "glossary")

    def _referral_card(self) -> str:
        verified = [c for c in self.cur.contacts if c.verified]
        unverified = [c for c in self.cur.contacts if not c.verified]
        out = tag("h2", "Referral card")
        if verified:
            rows = "".join(tag("tr", tag("td", tag("strong", e(c.name)) + "<br>" + e(c.what))
                                   + tag("td", e(c.number), "number") + tag("td", e(c.where))) for c in verified)
            out += tag("table", rows, "contacts")
        if unverified:
            out += tag("h3", "Confirm locally before use")
            out += tag("ul", "".join(tag("li", tag("strong", e(c.name)) + f" · {e(c.where)}<br>{e(c.what)} "
                                         + tag("em", "Number: confirm locally before use.")) for c in unverified), "unverified")
        out += tag("p", "Local contacts:", "local") + lines(3)
        return tag("div", out, "card")

    def _programme(self) -> str:
        prog = self.cur.programme
        if prog is None:
            return ""
        out = tag("h2", "Programme") + tag("p", f"{e(prog.title)}, {e(prog.place)}")
        for day in prog.days:
            names = ", ".join(self._audience_name(a) for a in day.audiences)
            out += tag("h3", f"Day {day.day}: {e(day.title)}") + tag("p", f"{day.starts} to {day.ends} · {e(names)}", "meta")
            rows = tag("tr", "".join(tag("th", h) for h in ("Time", "Session", "Method", "Facilitator", "Module")))
            for s in day.sessions:
                module = self.cur.modules[s.module].title if s.module in self.cur.modules else (s.module or "")
                rows += tag("tr", tag("td", f"{s.start} to {end_time(s.start, s.minutes)}") + tag("td", e(s.title))
                            + tag("td", label(s.method)) + tag("td", label(s.facilitator)) + tag("td", e(module)))
            out += tag("table", rows, "programme")
        return out

    def _module_notes(self) -> str:
        out = tag("h2", "Module notes")
        for m in self.modules:
            v = view_for(m, None, self.edition, self.language)
            names = ", ".join(self._audience_name(a) for a in v["audiences"])
            out += tag("section", tag("h3", e(v["title"])) + tag("p", f"{v['minutes']} minutes · {e(names)}", "meta")
                       + tag("h4", "Objectives") + items(v["objectives"]) + tag("h4", "Key points") + items(v["key_points"])
                       + md(v["body"], shift=1) + tag("div", tag("h4", "Trainer notes") + md(v["trainer_notes"]), "trainer-notes")
                       + tag("h4", "Discussion questions") + items(v["discussion_questions"])
                       + tag("p", "Provisions: " + e(", ".join(v["provisions"])), "cites"), "module")
        return out

    # ---- parts --------------------------------------------------------------------

    def _scenario(self, n: int, sc, v: dict) -> str:
        out = tag("h3", f"Scenario {n}: {e(v.get('title', sc.id))}")
        meta = [f"{e(v['setting']['place'])} ({e(v['setting']['region'].capitalize())})"] if "setting" in v else []
        if not self.participant:
            meta += [e(", ".join(self._audience_name(a) for a in sc.audiences)), f"{sc.minutes} minutes",
                     e("law " + sc.law_version.replace("_", " ").replace("as amended", "as amended in").replace("as enacted", "as enacted in"))]
        out += tag("p", " · ".join(meta), "meta") if meta else ""
        out += tag("div", md(v["narrative"]), "narrative") if "narrative" in v else ""
        if v.get("questions"):
            out += tag("h4", "Questions") + tag("ol", "".join(self._question(q, sc) for q in v["questions"]), "questions")
        if not self.participant:
            out += answer_key(sc, self.cur.provisions)
        for key, heading in (("indicators", "Signs to look for"), ("human_rights_notes", "Human rights"),
                             ("gender_notes", "Gender"), ("trainer_notes", "Trainer notes"), ("debrief", "Debrief")):
            if v.get(key):
                body = items(v[key]) if isinstance(v[key], list) else md(v[key])
                out += tag("div", tag("h4", heading) + body, key.replace("_", "-"))
        if v.get("walk"):
            out += self._walk(sc.id, v["walk"])
        return tag("section", out, "scenario", id=f"scenario-{sc.id}")

    def _question(self, q: dict, sc) -> str:
        out = tag("p", e(q["prompt"]), "prompt")
        kind = q["kind"]
        if self.edition == "handout":
            out += items((o["text"] for o in q["options"]), "options") if q["options"] else ""
        elif self.edition == "participant_workbook":
            labels = {"classify": CLASSIFY.values(), "investigates": INVESTIGATES.values()}.get(kind) or [o["text"] for o in q["options"]]
            hint = {"indicators": "Tick every one that applies.", "open": ""}.get(kind, "Tick one.")
            out += (tag("p", hint, "hint") + tag("ul", "".join(box(x) for x in labels), "boxes")) if kind != "open" else ""
            out += tag("p", "Why?" if kind != "open" else "Your answer:", "hint") + lines(5 if kind == "open" else 3)
        else:
            out += question_key(q, sc)
            if q["audiences"]:
                out += tag("p", "Asked of: " + e(", ".join(self._audience_name(a) for a in q["audiences"])), "meta")
        return tag("li", out, f"question question-{kind}")

    def _walk(self, sid: str, walk: dict) -> str:
        num = {nid: n for (s, nid), n in self.walk_numbers.items() if s == sid}
        nodes = sorted(walk["nodes"], key=lambda node: num[node["id"]])
        out = tag("h4", "Walk through the case") + tag("p", f"Start at §{num[walk['start']]}. At each step choose one option and go to the section it names.", "hint")
        for node in nodes:
            n = num[node["id"]]
            body = tag("p", tag("span", f"§{n}", "sec-no") + " " + e(node["text"]))
            if node.get("ending"):
                end = node["ending"]
                body += tag("p", f"The end: {OUTCOME[end['outcome']]}. " + e(end["feedback"]), f"ending ending-{end['outcome']}")
            else:
                choices = ""
                for c in node["choices"]:
                    go = tag("a", f"go to §{num[c['goto']]}", href=f"#walk-{sid}-{num[c['goto']]}")
                    extra = "" if self.participant else tag("span", f" ({c['points']:+d} points) {e(c['feedback'])}", "feedback")
                    choices += tag("li", f"{e(c['label'])} {go}{extra}")
                body += tag("ul", choices, "choices")
            out += tag("div", body, "walk-node", id=f"walk-{sid}-{n}")
        return tag("div", out, "walk")

    def _audience_name(self, aid: str) -> str:
        a = self.cur.audiences.get(aid)
        return a.name if a else aid

    def _needed_terms(self) -> list:
        """Glossary terms of this edition: cited by its provisions or named in its text."""
        cited = {p for m in self.modules for p in m.provisions}
        words = [self.audience.who, *self.audience.after_the_session] + [k for m in self.modules for k in m.key_points]
        words += [str(x) for v in self.views for x in strings(v)]
        text = " ".join(words).lower()
        return [t for t in self.cur.glossary if cited.intersection(t.provisions) or t.term.lower() in text]
