"""The trainer guide's own pages: a printed contents page with page numbers, the pre-print
checklist of every contact, the programme session by session (time, session, module,
scenarios, what to print) and the knowledge tests' blueprint (which item of each form tests
which objective). Pure; `document.Document` calls these. English only, like the guide.
"""

from __future__ import annotations

from ..content.knowledge import objectives
from ..content.order import session_scenarios
from .marking import what_to_print
from .pack import confirm_locally, referral_contacts
from .parts import e, end_time, label, lines, tag

PRINT_AT_OPENING = "Everything in \"What to print\" below, before the day starts"


def contents(doc) -> str:
    """Each part of the guide, each module and each scenario, with the page it starts on
    (print.css: `target-counter(attr(href), page)`); links in HTML."""
    def entry(text: str, href: str, cls: str = "") -> str:
        return tag("li", tag("a", e(text), "toc-link", href=href), cls)

    out = entry("Before you print: contacts to check", "#section-checklist")
    out += entry("Programme, session by session", "#section-programme")
    if doc.tests:
        out += entry("Knowledge tests: the blueprint", "#section-test-blueprint")
        out += entry("Knowledge tests: answer keys for marking by hand", "#section-answer-keys")
    if any(m.id == "telling-them-apart" for m in doc.modules):
        out += entry("Materials to print", "#section-materials")
    out += entry("Module notes", "#section-module-notes")
    out += "".join(entry(m.title, f"#module-{m.id}", "toc-sub") for m in doc.modules)
    out += entry("Scenarios and answer keys", "#section-scenarios")
    out += "".join(entry(f"Scenario {doc.numbers[s.id]}: {s.title}", f"#scenario-{s.id}", "toc-sub") for s in doc.scenarios)
    out += entry("Provisions cited", "#section-law-at-a-glance")
    return tag("h2", "Contents") + tag("ul", out, "toc")


def checklist(doc) -> str:
    """Every contact with its verification state: check each before printing the cards."""
    on_card = {c.id for c in referral_contacts(doc.cur.contacts)}
    marked = {c.id for c in confirm_locally(doc.cur.card, doc.cur.contacts)} if doc.cur.card else set()
    rows = tag("tr", "".join(tag("th", h) for h in ("Contact", "Number", "Where", "State", "On the card", "Checked")))
    for c in doc.cur.contacts:
        state = (f"Verified ({e(c.source)})" if c.verified else
                 f"<strong>Not verified: confirm locally before use.</strong> {e(c.source)}")
        card = ("yes" if c.id in on_card else "yes, marked: confirm locally" if c.id in marked
                else "no: not a referral line" if not c.referral else "no: not verified")
        rows += tag("tr", tag("td", tag("strong", e(c.name))) + tag("td", e(c.number), "number") + tag("td", e(c.where))
                    + tag("td", state) + tag("td", e(card)) + tag("td", '<span class="box"></span>'))
    intro = ("Before each training, call or confirm every contact below, tick it, and write the local numbers the "
             "cards leave blank (the police station, the FIA circle, the Child Protection Unit) on the cards before "
             "handing them out. The cards print the numbers marked verified below, and the ones marked to confirm "
             "locally, with that mark.")
    return (tag("h2", "Before you print: contacts to check") + tag("p", e(intro)) + tag("table", rows, "checklist")
            + tag("p", "Checked by and on:", "hint") + lines(1))


def sessions(doc) -> str:
    """The programme: each day's sessions with their module, the scenarios they work and what to print."""
    cur, prog = doc.cur, doc.cur.programme
    if prog is None:
        return ""
    out = tag("h2", "Programme, session by session") + tag("p", f"{e(prog.title)}, {e(prog.place)}")
    for day in doc.days:
        names = ", ".join(doc.audience_name(a) for a in day.audiences)
        head = tag("h3", f"Day {day.day}: {e(day.title)}") + tag("p", f"{day.starts} to {day.ends} · {e(names)}", "meta")
        rows = ""
        for i, s in enumerate(day.sessions):
            module = cur.modules[s.module].title if s.module in cur.modules else ""
            found = session_scenarios(cur, s, day.audiences)
            scen = "".join(tag("li", f"{doc.numbers[x.id]}. {e(x.title)} "
                               + tag("span", "(" + e(", ".join(doc.audience_name(a) for a in x.audiences if a in day.audiences)) + ")", "meta"))
                           for x in found)
            what = (PRINT_AT_OPENING if i == 0 else
                    "In the workbook: scenario " + ", ".join(str(doc.numbers[x.id]) for x in found) if found else "")
            rows += tag("tr", tag("td", f"{s.start} to {end_time(s.start, s.minutes)}")
                        + tag("td", e(s.title) + tag("span", f" · {label(s.method)} · {label(s.facilitator)}", "meta"))
                        + tag("td", e(module)) + tag("td", tag("ul", scen, "session-scenarios") if scen else "")
                        + tag("td", e(what)))
        top = tag("thead", tag("tr", "".join(tag("th", h) for h in ("Time", "Session", "Module", "Scenarios", "What to print"))))
        out += tag("div", head + tag("table", top + tag("tbody", rows), "programme sessions") + what_to_print(doc, day), "day")
    return out



def blueprint(doc) -> str:
    """Each test: per module, which items of form A and form B test each of its objectives
    (A3 is the third item of form A), numbered as printed."""
    cur = doc.cur
    if not doc.tests:
        return ""
    out = tag("h2", "Knowledge tests: the blueprint") + tag("p", e(
        "Each test has two forms with different items on the same objectives. The attendance sheet says who takes "
        "which form first: half of each audience takes form A before the training and form B after it, the other "
        "half B then A, so that a harder form cannot pass for a gain. Objective n is the n-th objective listed "
        "for the module in the module notes; a cell names the items that test it."))
    for test in doc.tests.values():
        number = {i.id: f"{f}{n}" for f in ("A", "B") for n, i in enumerate(test.form(f), 1)}
        wanted = objectives(cur, test)
        width = max((int(o.split("/")[1]) for o in wanted), default=0)
        rows = ""
        for module in dict.fromkeys(o.split("/")[0] for o in wanted):
            cells = ""
            for n in range(1, width + 1):
                ob = f"{module}/{n}"
                found = [number[i.id] for i in test.items if ob in i.tests] if ob in wanted else []
                cells += tag("td", e(" ".join(found)) if ob in wanted else "", "number")
            rows += tag("tr", tag("td", e(cur.modules[module].title)) + cells)
        head = tag("tr", tag("th", "Module") + "".join(tag("th", f"Objective {n}") for n in range(1, width + 1)))
        names = ", ".join(doc.audience_name(a) for a in test.audiences)
        meta = f"{e(names)} · form A {len(test.form('A'))} items, form B {len(test.form('B'))} items · {test.minutes} minutes a form"
        out += tag("h3", e(test.title)) + tag("p", meta, "meta") + tag("table", tag("thead", head) + tag("tbody", rows), "blueprint")
    return out
