"""The print pack's own sheets: the leaflet (one A4 sheet, both sides) and the referral
card (one A4 page of four cards to cut out). Pure; `document.Document` calls these.

Their words are content (`curriculum/leaflet.yaml`, `curriculum/card.yaml`, with their
translations), each audience's own wording where it has one (`content/reading.py`); the
law prints as readers cite it (`cite.py`), on the leaflet in full for an audience with
`citations: full` (the card, given on to anyone, cites short); the numbers are the
verified referral lines of `curriculum/contacts.yaml`, each a `tel:` link in HTML (the card also
prints the unverified lines it names in `confirm_locally`, each marked to confirm locally).
"""

from __future__ import annotations

import re

from ..content.reading import edition
from ..i18n import N_
from . import pictures
from .cite import cites
from .parts import e, lines, tag

CARDS_PER_PAGE = 8  # wallet cards on one sheet, two by four (85 x 55 mm each)
TRAFFICKING, SMUGGLING = N_("Trafficking in persons"), N_("Smuggling of migrants")
CONFIRM = N_("Number: confirm locally before use.")


def referral_contacts(contacts: list) -> list:
    """The lines a participant may be given: verified numbers that are referral lines."""
    return [c for c in contacts if c.verified and c.referral]


def confirm_locally(card, contacts: list) -> list:
    """The unverified referral lines the card prints all the same, each marked to confirm locally."""
    wanted = set(card.confirm_locally)
    return [c for c in contacts if c.id in wanted and c.referral and not c.verified]


def tel(number: str) -> str:
    """A phone number as a `tel:` link (digits only in the link), or the text if it has none."""
    digits = re.sub(r"\D", "", number)
    return tag("a", e(number), "tel", href=f"tel:{digits}") if digits and not re.search(r"[A-Za-z]", number) else e(number)


def claim(c, loc, cls: str = "", full: bool = False) -> str:
    """A sentence and, after it, the law it states as readers cite it (`full`: in full)."""
    law = tag("span", " " + e(cites(c.provisions, loc, full)), "law-cite") if c.provisions else ""
    return tag("li" if cls == "li" else "p", e(c.text) + law)


def in_full(doc) -> bool:
    return doc.audience.citations == "full"


def leaflet_front(doc) -> str:
    leaf, loc, t, full = doc.loc.item(doc.cur.leaflet), doc.loc, doc.t, in_full(doc)
    ed = edition(leaf, doc.audience.id)
    mine = ed.mine
    prog = loc.programme
    head = tag("p", f"{e(prog.title)} · {e(prog.place)}" if prog else "", "kicker")
    head += tag("h1", e(leaf.title)) + tag("p", e(doc.audience.name), "edition")
    head += tag("p", e(mine.intro), "intro") if mine else ""
    if mine and mine.pictures:  # pictures first, and the numbers to call on the front, large; no kicker
        head = tag("h1", e(leaf.title)) + tag("p", e(doc.audience.name), "edition") + tag("p", e(mine.intro), "intro")
        return (tag("header", head, "leaflet-head") + pictures.rows(mine.pictures, loc)
                + tag("h2", e(leaf.call_heading), "call-heading") + numbers(loc, "contacts big-numbers"))
    rows = "".join(tag("tr", tag("th", e(r.heading)) + tag("td", claim(r.trafficking, loc, full=full))
                       + tag("td", claim(r.smuggling, loc, full=full))) for r in ed.rows)
    top = tag("tr", "<th></th>" + tag("th", e(t(TRAFFICKING))) + tag("th", e(t(SMUGGLING))))
    return tag("header", head, "leaflet-head") + tag("table", tag("thead", top) + tag("tbody", rows), "side-by-side leaflet-table")


def leaflet_back(doc) -> str:
    leaf, loc, full = doc.loc.item(doc.cur.leaflet), doc.loc, in_full(doc)
    ed = edition(leaf, doc.audience.id)
    can_do = (tag("h2", e(leaf.can_do_heading)) + tag("ul", "".join(claim(c, loc, "li", full) for c in ed.mine.can_do), "can-do")
              if ed.mine else "")
    if ed.mine and ed.mine.pictures:  # the numbers are on the front; its own rights only, if it has them
        rights = (tag("h2", e(leaf.rights_heading)) + tag("ul", "".join(claim(c, loc, "li", full) for c in ed.mine.rights), "rights")
                  if ed.mine.rights else "")
        card = doc.loc.item(doc.cur.card) if doc.cur.card else None  # the local numbers, to write in
        local = tag("h2", e(card.local_heading)) + lines(card.local_lines) if card else ""
        return (can_do + rights + tag("p", e(leaf.call_note), "hint") + local + pictures.credit(doc)
                + draft_note(doc, doc.cur.leaflet, *([doc.cur.card] if card else []), *_shared(doc)))
    out = tag("h2", e(leaf.rights_heading)) + tag("ul", "".join(claim(c, loc, "li", full) for c in ed.rights), "rights")
    out += can_do + tag("h2", e(leaf.call_heading)) + numbers(loc) + tag("p", e(leaf.call_note), "hint")
    return out + draft_note(doc, doc.cur.leaflet, *_shared(doc))


def numbers(loc, cls: str = "contacts") -> str:
    rows = "".join(tag("tr", tag("td", tag("strong", e(c.name)) + tag("span", " · " + e(c.where), "where"))
                          + tag("td", tel(c.number), "number")) for c in referral_contacts(loc.contacts))
    return tag("table", rows, cls) if rows else ""


def card_sheet(doc) -> str:
    """Eight wallet cards (85 x 55 mm, a bank card's width) on one A4 sheet printed on both sides:
    the fronts (what to do) on the first page, the backs (whom to call, local contacts) on the
    second, each in a grid of two by four with lines to cut along. The cards are identical and
    the grid is centred, so either way of turning the sheet puts a back behind a front."""
    card, loc = doc.loc.item(doc.cur.card), doc.loc
    # cited short for every audience: a card is given on, and full names crowd out the lines to write on
    steps = tag("ol", "".join(claim(s, loc, "li") for s in card.steps), "steps")
    nums = "".join(tag("li", tag("span", e(c.name), "name") + " " + tag("span", tel(c.number), "number"))
                   for c in referral_contacts(loc.contacts))
    nums += "".join(tag("li", tag("span", e(c.name), "name") + " " + tag("span", tel(c.number), "number") + " "
                        + tag("em", e(doc.t(CONFIRM)), "confirm"))
                    for c in confirm_locally(card, loc.contacts))
    front = tag("h2", e(card.title)) + steps
    back = tag("h3", e(card.numbers_heading)) + tag("ul", nums, "numbers") + tag("h3", e(card.local_heading)) + lines(card.local_lines)

    def grid(side: str, css: str) -> str:
        cell = tag("td", tag("div", side, "cut-card"))
        return tag("table", "".join(tag("tr", cell * 2) for _ in range(CARDS_PER_PAGE // 2)), css)
    return grid(front, "card-grid card-fronts") + grid(back, "card-grid card-backs") + draft_note(doc, doc.cur.card, *_shared(doc))


def draft_note(doc, *items) -> str:
    """A sheet whose translation holds a draft or stale string (or whose labels are a draft)
    says so, in its own language only (the sheet stays in one language)."""
    from .language import DRAFT

    return tag("p", e(doc.t(DRAFT)), "draft-notice pack-draft") if doc.loc.unfinished(*items) or doc.loc.draft else ""


def _shared(doc) -> list:
    """The shared files a sheet prints from: audiences, contacts, programme."""
    return [item for kind, item in doc.cur.items.values() if kind in ("audiences", "contacts", "programme")]
