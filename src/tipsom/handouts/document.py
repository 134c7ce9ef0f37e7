"""The printed form of the handouts: static HTML for paper, made from the content. Pure.

`open_document(root, audience, edition, language)` gives a `Document`; each cell of a
handout notebook shows one `doc.section(name)`. Sections are built from `view_for` data,
so a participant edition never holds what `view_for` strips. Questions get tick boxes and
lines to write on; a branching walk becomes numbered paragraphs ("go to §12"). Headings
and labels are the only words written here: every statement of law comes from the files.
In another language (Urdu) the content comes through `Curriculum.localise` and the labels
through the gettext catalog (`language.Localised`); what is not translated yet prints
in English with a short note, and each block whose translation holds a draft or stale string
says so (`Localised.mark`), as does the cover while the headings and labels are a draft.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from ..content import Curriculum, load_curriculum
from ..content.models import Audience
from ..content.order import day_scenarios, laws_by_importance, scenario_numbers
from ..i18n import N_
from ..views import is_participant, view_for
from . import guide, marking, pack
from .cite import cites, plain_sources, readable
from .language import DRAFT, DRAFT_EN, EDITION_TITLES, Localised
from .parts import (
    e,
    items,
    lines,
    md,
    number_walks,
    penalty,
    programme_order,
    provision_entry,
    provision_text,
    strings,
    tag,
    trainer_view,
)
from .scenario import scenario

SECTIONS = {
    "leaflet": ("leaflet_front", "leaflet_back"),
    "referral_card": ("cards",),
    "word_list": ("word_list",),
    "participant_workbook": ("cover", "contents", "scenarios"),
    "handout": ("cover", "contents", "key_messages", "side_by_side", "who_investigates", "rights_and_gender",
                "law_at_a_glance", "scenarios", "glossary", "referral_card"),
    "trainer_guide": ("cover", "checklist", "contents", "programme", "test_blueprint", "answer_keys", "materials",
                      "module_notes", "scenarios", "law_at_a_glance"),
}
TOPIC_MODULES = {"who_investigates": ("who-investigates",), "rights_and_gender": ("rights-based-approach", "gender")}
TOPIC_HEADINGS = {"who_investigates": N_("Who investigates"), "rights_and_gender": N_("Rights and gender")}
SIDE_BY_SIDE = ((N_("What it is"), "ptpa-2018/s3", "psma-2018/offence"),
                (N_("Who investigates"), "ptpa-2018/s8", "psma-2018/investigation"),
                (N_("The person harmed or moved"), "ptpa-2018/s6", "psma-2018/non-criminalisation"))
SCENARIO_HEADINGS = {"handout": N_("Scenarios to discuss"), "participant_workbook": N_("Scenarios"),
                     "trainer_guide": "Scenarios and answer keys"}
PART_HEADINGS = {"key_messages": N_("Key messages"), "side_by_side": N_("Trafficking and smuggling side by side"),
                 "who_investigates": N_("Who investigates"), "rights_and_gender": N_("Rights and gender"),
                 "law_at_a_glance": N_("The law at a glance"), "glossary": N_("Words to know"),
                 "referral_card": N_("Referral card")}


class Section:
    """One printed section; Jupyter shows it through `_repr_html_`."""

    def __init__(self, name: str, html_text: str):
        self.name, self.html = name, html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Section({self.name!r})"


def open_document(root: Path | str, audience: str, edition: str, language: str = "en",
                  snapshot: str | None = None, scenarios: list[str] | None = None, day: int | None = None) -> Document:
    """The document for one audience and edition (the trainer guide: audience 'trainer').

    `snapshot` names a pickled, already validated `Curriculum` that the build writes once,
    so that each document's kernel need not read and check every file again. `scenarios`
    (ids) replaces the day's scenarios the programme assigns to the audience; `day` makes the
    trainer guide that day's edition.
    """
    if snapshot:
        with open(snapshot, "rb") as f:
            return Document(pickle.load(f), audience, edition, language, scenarios, day)
    return Document(load_curriculum(root), audience, edition, language, scenarios, day)


class Document:
    """What one printed edition holds, section by section, in its language."""

    def __init__(self, cur: Curriculum, audience: str, edition: str, language: str = "en",
                 scenarios: list[str] | None = None, day: int | None = None):
        if edition not in SECTIONS:
            raise ValueError(f"unknown edition {edition!r}")
        self.cur, self.edition, self.language = cur, edition, language
        self.loc = Localised(cur, language)
        self.t = self.loc.t
        self.participant = is_participant(edition)
        self.audience: Audience | None = self.loc.audiences[audience] if self.participant else None
        self.numbers = scenario_numbers(cur)
        printable = {"en", language}  # an Urdu edition prints an untranslated scenario in English
        if self.participant:
            english = cur.audiences[audience]
            self.english_modules = [cur.modules[m] for m in english.modules if m in cur.modules]
            self.modules = [self.loc.item(m) for m in self.english_modules]
            self.scenarios = [s for s in self._chosen(audience, scenarios)
                              if audience in s.audiences and printable.intersection(s.languages)]
            self.english_views = [view_for(s, english, edition) for s in self.scenarios]
            self.views = [view_for(self.loc.item(s), self.audience, edition, language) for s in self.scenarios]
        else:  # the trainer guide: the whole programme, or one day's (its sessions' modules, its audiences' scenarios)
            days = cur.programme.days if cur.programme else []
            self.days = [d for d in days if d.day == day] if day else list(days)
            if day and not self.days:
                raise ValueError(f"the programme has no day {day}")
            wanted = {a for d in self.days for a in d.audiences} if day else set(cur.audiences)
            taught = {s.module for d in self.days for s in d.sessions if s.module}
            self.modules = [m for m in programme_order(cur) if not day or m.id in taught]
            used = {s.id for a in wanted for s in day_scenarios(cur, a)} | {x for d in self.days for s in d.sessions
                                                                           for x in s.scenarios}
            self.scenarios = [cur.scenarios[sid] for sid in self.numbers if language in cur.scenarios[sid].languages
                              and (not day or sid in used)]  # a day's: those its sessions and workbooks work
            self.views = self.english_views = [trainer_view(cur, s, language) for s in self.scenarios]
            self.tests = {k: t for k, t in cur.tests.items() if wanted.intersection(t.audiences)}
        self.walk_numbers = number_walks(self.views)
        self.day = day

    def _chosen(self, audience: str, ids: list[str] | None) -> list:
        """The scenarios this edition prints, in programme order: the workbook those the
        programme assigns to the audience (or `ids`); the reference handout all of its own."""
        if ids:
            return [self.cur.scenarios[i] for i in sorted(dict.fromkeys(ids), key=lambda i: self.numbers.get(i, 0))
                    if i in self.cur.scenarios]
        if self.edition == "participant_workbook":
            return day_scenarios(self.cur, audience)
        return [self.cur.scenarios[sid] for sid in self.numbers]

    def section(self, name: str) -> Section | None:
        """The named section of this edition, or None if the edition has no such section."""
        if name not in SECTIONS[self.edition]:
            return None
        body = getattr(self, "_" + name)()
        cls = f"tipsom-section tipsom-{name.replace('_', '-')}"
        markup = tag("section", body, cls, id=f"section-{name.replace('_', '-')}")
        markup = readable(markup, self.loc)  # the law as readers cite it, never an internal id
        if not self.participant:  # nor a file of the project: the trainer holds paper, not the repository
            markup = plain_sources(markup)
        return Section(name, self.loc.finish(markup)) if body else None

    # ---- the print pack's sheets and the trainer guide's own pages (pack.py, guide.py) ----

    def _leaflet_front(self) -> str:
        return pack.leaflet_front(self) if self.cur.leaflet else ""

    def _leaflet_back(self) -> str:
        return pack.leaflet_back(self) if self.cur.leaflet else ""

    def _cards(self) -> str:
        return pack.card_sheet(self) if self.cur.card else ""

    def _contents(self) -> str:
        if not self.participant:
            return guide.contents(self)
        links = [(f"section-{n.replace('_', '-')}", self.t(PART_HEADINGS[n])) for n in SECTIONS[self.edition] if n in PART_HEADINGS]
        names = [(f"scenario-{s.id}", self.t("Scenario {n}: {title}").format(n=self.numbers[s.id], title=v.get("title", s.title)))
                 for s, v in zip(self.scenarios, self.views, strict=True)]
        at = next((i for i, (href, _) in enumerate(links) if href == "section-glossary"), len(links))
        entries = links[:at] + names + links[at:]
        if len(entries) < 2:
            return ""
        body = "".join(tag("li", tag("a", e(text), href=f"#{href}")) for href, text in entries)
        return tag("nav", tag("h2", e(self.t("Contents"))) + tag("ul", body, "toc"), "screen-contents")

    def _checklist(self) -> str:
        return guide.checklist(self)

    # ---- the sections, in the order they print ------------------------------------

    def _cover(self) -> str:
        t, prog = self.t, self.loc.programme
        kicker = f"{e(prog.title)} · {e(prog.place)}" if prog else ""
        head = tag("p", kicker, "kicker") + tag("h1", e(self.audience.name if self.audience else "Trainer guide"))
        if self.audience:
            head += tag("p", e(t(EDITION_TITLES[self.edition])), "edition") + tag("p", e(self.audience.who), "who")
        else:
            if self.day:  # one day's edition
                d = self.days[0]
                head += tag("p", f"Day {d.day}: {e(d.title)} · " + e(", ".join(self.audience_name(a) for a in d.audiences)), "edition")
            head += tag("p", "For trainers only: this guide holds the answer keys. Do not hand it out.", "notice")
        if self.loc.draft or self.loc.unfinished(*self._shared()):
            head += tag("p", e(t(DRAFT)) + "<br>" + self.loc.en(DRAFT_EN), "draft-notice")
        if self.edition == "participant_workbook":
            head += tag("div", tag("span", e(t("Name"))) + lines(1) + tag("span", e(t("Date"))) + lines(1), "name-date")
        return tag("header", head, "cover")

    def _key_messages(self) -> str:
        t = self.t
        out = tag("h2", e(t("Key messages"))) + tag("h3", e(t("After this session you will"))) + items(self.audience.after_the_session)
        topical = {m for ids in TOPIC_MODULES.values() for m in ids}
        for m, english in zip(self.modules, self.english_modules, strict=True):
            if m.id not in topical:
                out += tag("h3", e(m.title)) + self.loc.mark(english) + items(m.key_points)
        return out

    def _side_by_side(self) -> str:
        t, provisions, rows = self.t, self.loc.provisions, ""
        for heading, left, right in SIDE_BY_SIDE:
            a, b = provisions.get(left), provisions.get(right)
            if a and b:
                rows += tag("tr", tag("th", e(t(heading))) + tag("td", provision_text(a)) + tag("td", provision_text(b)))
        a, b = provisions.get(SIDE_BY_SIDE[0][1]), provisions.get(SIDE_BY_SIDE[0][2])
        if a and b and (a.penalty or b.penalty):
            rows += tag("tr", tag("th", e(t("Penalty"))) + tag("td", penalty(a, self.loc)) + tag("td", penalty(b, self.loc)))
        if not rows:
            return ""
        head = tag("tr", "<th></th>" + tag("th", e(t("Trafficking in persons"))) + tag("th", e(t("Smuggling of migrants"))))
        return (tag("h2", e(t("Trafficking and smuggling side by side"))) + self._english_law_note()
                + tag("table", tag("thead", head) + tag("tbody", rows), "side-by-side"))

    def _who_investigates(self) -> str:
        return self._topic("who_investigates")

    def _rights_and_gender(self) -> str:
        return self._topic("rights_and_gender")

    def _topic(self, key: str) -> str:
        mods = [(m, en) for m, en in zip(self.modules, self.english_modules, strict=True) if m.id in TOPIC_MODULES[key]]
        body = "".join(tag("h3", e(m.title)) + self.loc.mark(en) + items(m.key_points) for m, en in mods)
        return tag("h2", e(self.t(TOPIC_HEADINGS[key]))) + body if body else ""

    def _law_at_a_glance(self) -> str:
        ids = [p for m in self.modules for p in m.provisions]
        if not self.participant:
            ids += [p for s in self.scenarios for p in s.answer.provisions]
        wanted = dict.fromkeys(p for p in ids if p in self.cur.provisions)
        out = ""
        for law in laws_by_importance(list(self.cur.laws.values())):
            if not any(p.id in wanted for p in law.provisions):
                continue
            if self.loc.english or self.loc.translated(law):
                out += self.loc.mark(law) + self._law(self.loc.laws[law.id], wanted, self.loc)
            else:  # a law not yet translated prints whole, in English
                out += self.loc.english_block(self._law(law, wanted, Localised(self.cur, "en")), cls="law")
        heading = self.t("The law at a glance") if self.participant else "Provisions cited"
        return tag("h2", e(heading)) + self._english_law_note() + out if out else ""

    def _law(self, law, wanted: dict, loc: Localised) -> str:
        t = loc.t
        title = t("{title} ({short}), {version}").format(title=e(law.title), short=e(law.short), version=loc.en(law.version))
        out = tag("h3", title)
        if law.uncertain:
            unsettled = tag("strong", e(t("Not yet settled: ")))
            out += (tag("p", unsettled + e(law.uncertain), "uncertain") if loc.english else
                    tag("div", unsettled + loc.english_block(tag("p", e(law.uncertain))), "uncertain"))
        return out + "".join(provision_entry(p, loc, False) for p in law.provisions if p.id in wanted)

    def _english_law_note(self) -> str:
        note = N_("Penalties and sources are not yet translated: they are shown in English.")
        return "" if self.loc.english else tag("p", e(self.t(note)), "hint")

    def _scenarios(self) -> str:
        if not self.views:
            return ""
        out = tag("h2", e(self.t(SCENARIO_HEADINGS[self.edition])))
        for sc, v, english in zip(self.scenarios, self.views, self.english_views, strict=True):
            n = self.numbers[sc.id]
            if self.loc.english or self.loc.translated(sc):
                out += self.loc.mark(sc) + scenario(self, n, sc, v, english, self.t)
            else:
                out += self.loc.english_block(scenario(self, n, sc, english, english, str), cls="scenario-in-english")
        return out

    def _glossary(self) -> str:
        terms = self._needed_terms()
        if not terms:
            return ""
        body = "".join(tag("dt", e(t.term)) + tag("dd", e(t.definition)) for t in terms)
        glossary = [item for kind, item in self.cur.items.values() if kind == "glossary"]
        return tag("h2", e(self.t("Words to know"))) + self.loc.mark(*glossary) + tag("dl", body, "glossary")

    def _word_list(self) -> str:
        """One page: the glossary terms chosen for this audience (glossary.yaml `audiences`)."""
        terms = [self.loc.glossary[i] for i, t in enumerate(self.cur.glossary) if self.audience.id in t.audiences]
        if not terms:
            return ""
        body = "".join(tag("h3", e(t.term)) + tag("p", e(t.definition)) for t in terms)  # each term a bookmark
        glossary = [item for kind, item in self.cur.items.values() if kind == "glossary"]
        title = tag("h2", e(f"{self.t('Words to know')} · {self.audience.name}"))
        return title + self.loc.mark(*glossary) + tag("div", body, "word-list")

    def _referral_card(self) -> str:
        t = self.t
        verified = pack.referral_contacts(self.loc.contacts)
        unverified = [c for c in self.loc.contacts if not c.verified]
        out = tag("h2", e(t("Referral card"))) + self.loc.mark(*[i for k, i in self.cur.items.values() if k == "contacts"])
        if verified:
            rows = "".join(tag("tr", tag("td", tag("strong", e(c.name)) + "<br>" + e(c.what))
                                   + tag("td", pack.tel(c.number), "number") + tag("td", e(c.where))) for c in verified)
            out += tag("table", rows, "contacts")
        if unverified:
            out += tag("h3", e(t("Confirm locally before use")))
            out += tag("ul", "".join(tag("li", tag("strong", e(c.name)) + f" · {e(c.where)}<br>{e(c.what)} "
                                         + tag("em", e(t("Number: confirm locally before use.")))) for c in unverified), "unverified")
        out += tag("p", e(t("Local contacts:")), "local") + lines(3)
        return tag("div", out, "card")

    def _programme(self) -> str:
        return guide.sessions(self)

    def _test_blueprint(self) -> str:
        return guide.blueprint(self)

    def _answer_keys(self) -> str:
        return marking.answer_keys(self)

    def _materials(self) -> str:
        return marking.materials(self)

    def _module_notes(self) -> str:
        out = tag("h2", "Module notes")
        for m in self.modules:
            v = view_for(m, None, self.edition, self.language)
            names = ", ".join(self.audience_name(a) for a in v["audiences"])
            out += tag("section", tag("h3", e(v["title"])) + tag("p", f"{v['minutes']} minutes · {e(names)}", "meta")
                       + tag("h4", "Objectives") + items(v["objectives"]) + tag("h4", "Key points") + items(v["key_points"])
                       + md(v["body"], 1, self.cur.root) + tag("div", tag("h4", "Trainer notes") + md(v["trainer_notes"], root=self.cur.root), "trainer-notes")
                       + tag("h4", "Discussion questions") + items(v["discussion_questions"])
                       + tag("p", "Provisions: " + e(cites(v["provisions"], self.loc)), "cites"), "module", id=f"module-{m.id}")
        return out

    # ---- parts --------------------------------------------------------------------

    def _shared(self) -> list:
        """The shared files the cover prints from (audiences, programme)."""
        return [item for kind, item in self.cur.items.values() if kind in ("audiences", "programme")]

    def audience_name(self, aid: str) -> str:
        a = self.cur.audiences.get(aid)
        return a.name if a else aid

    def _needed_terms(self) -> list:
        """Glossary terms of this edition: cited by its provisions or named in its English text
        (so every language prints the same terms, each in that language)."""
        english = self.cur.audiences[self.audience.id]
        cited = {p for m in self.english_modules for p in m.provisions}
        words = [english.who, *english.after_the_session] + [k for m in self.english_modules for k in m.key_points]
        words += [str(x) for v in self.english_views for x in strings(v)]
        text = " ".join(words).lower()
        return [self.loc.glossary[i] for i, t in enumerate(self.cur.glossary)
                if cited.intersection(t.provisions) or t.term.lower() in text]
