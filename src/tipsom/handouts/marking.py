"""The trainer guide's print tools: what to print for each day, with counts, and the knowledge
tests' answer keys for marking paper by hand. Pure; `document.Document` calls these.

The keys letter each item's options as the papers print them: shuffled by
`content.knowledge.shown_order`, lettered A, B, C... on English papers and الف، ب، ج، د on
Urdu papers (`content.knowledge.lettered`, which the kit's papers print with). An answer is right when it picks exactly
the keyed options (`kit.scores`).
"""

from __future__ import annotations

from math import ceil

from ..content.knowledge import lettered, letters
from .parts import e, tag

EXPECTED = 40  # participants a day when the programme does not say
CARDS_PER_SHEET = 4


def key_letters(test_id: str, item, language: str) -> list[str]:
    """The letters of the correct options of one item as a paper in `language` prints them."""
    return [letter for letter, o in lettered(test_id, item, language) if o.correct]


def answer_keys(doc) -> str:
    """Each test's key, form A and form B, for marking by hand; in English and Urdu letters."""
    tests = doc.tests
    if not tests:
        return ""
    urdu = tag("span", e("، ".join(letters("ur")[:4])), "", lang="ur", dir="rtl")
    out = tag("h2", "Knowledge tests: answer keys for marking by hand") + tag("p", e(
        "One point an item. An answer is right only when it ticks exactly the letters below: for a "
        "\"choose all that apply\" item, all of them and no other. The letters are those printed on the papers "
        "(English papers A, B, C, D; Urdu papers ") + urdu + e("). Keep these pages away from participants."))
    for test in tests.values():
        names = ", ".join(doc.audience_name(a) for a in test.audiences)
        out += tag("h3", e(test.title)) + tag("p", e(names), "meta")
        for form in ("A", "B"):
            rows = ""
            for n, item in enumerate(test.form(form), 1):
                several = " (all that apply)" if item.kind == "multiple" else ""
                rows += tag("tr", tag("td", f"{form}{n}", "number") + tag("td", e(", ".join(key_letters(test.id, item, "en"))) + several)
                            + tag("td", tag("span", e("، ".join(key_letters(test.id, item, "ur"))), "", lang="ur", dir="rtl"))
                            + tag("td", '<span class="box"></span>'))
            head = tag("tr", "".join(tag("th", h) for h in ("Item", "English paper", "Urdu paper", "Checked")))
            out += tag("div", tag("h4", f"Form {form}") + tag("table", tag("thead", head) + tag("tbody", rows), "answer-key-table"),
                       "key-form")
    return out


def what_to_print(doc, day) -> str:
    """Every document of the day's kit with how many to print for the expected number of participants."""
    cur = doc.cur
    people = getattr(day, "participants", None) or getattr(cur.programme, "participants", None) or EXPECTED
    shares = _shares(day.audiences, people)
    rows = []
    for aid in day.audiences:
        n = shares[aid]
        name = doc.audience_name(aid)
        rows += [(f"Leaflet ({name})", n, "one A4 sheet, both sides"),
                 (f"Referral card sheet ({name})", ceil(n / CARDS_PER_SHEET), f"{CARDS_PER_SHEET} cards a sheet, cut apart; one card each"),
                 (f"Workbook ({name})", n, "the day's scenarios, with space to write")]
    for test in (t for t in cur.tests.values() if set(t.audiences) & set(day.audiences)):
        n = sum(shares[a] for a in day.audiences if a in test.audiences)
        rows += [(f"Test form A: {test.title}", n, "half the room before the training, the other half after it"),
                 (f"Test form B: {test.title}", n, "the other half: each person takes both forms"),
                 ("Answer sheets", 2 * n, "one for the pre-test, one for the post-test")]
    rows += [("Evaluation form", people, "at the end of the day"),
             ("Attendance sheet", 1, "one copy, all its pages: signed on arrival"),
             ("Answer cards (to hold up)", people, "one set each, if the room votes with cards"),
             ("Certificates", people, "after the day, from the session's results (tipsom certificates)")]
    body = "".join(tag("tr", tag("td", e(what)) + tag("td", str(count), "number") + tag("td", e(note), "meta"))
                   for what, count, note in rows)
    head = tag("tr", "".join(tag("th", h) for h in ("Document", "Copies", "Notes")))
    intro = (f"For {people} participants ({', '.join(f'{shares[a]} {doc.audience_name(a)}' for a in day.audiences)}). "
             "tipsom handouts prints the leaflet, card and workbook; tipsom kit print the tests, answer sheets, "
             "evaluation form and attendance sheet; tipsom kit cards the answer cards.")
    return tag("h4", "What to print") + tag("p", e(intro), "meta") + tag("table", tag("thead", head) + tag("tbody", body), "what-to-print")


def _shares(audiences: list[str], people: int) -> dict[str, int]:
    """The participants split evenly between the day's audiences (the first take any remainder)."""
    base, extra = divmod(people, len(audiences)) if audiences else (0, 0)
    return {a: base + (1 if i < extra else 0) for i, a in enumerate(audiences)}


VOTING_CARDS = (("red", "Trafficking in persons", "ٹریفکنگ"),
                ("blue", "Smuggling of migrants", "تارکینِ وطن کی اسمگلنگ"))  # colours: print.css


def materials(doc) -> str:
    """What the module notes ask for that the guide can print: the coloured voting cards of
    "Telling trafficking and smuggling apart" (red = trafficking, blue = smuggling, both cards =
    both, no card = neither), one page each, to print in colour or on red and blue paper."""
    if not any(m.id == "telling-them-apart" for m in doc.modules):
        return ""
    people = getattr(doc.cur.programme, "participants", None) or EXPECTED
    intro = (f"Voting cards for \"Telling trafficking and smuggling apart\": print each page below in colour (or on "
             f"red and blue paper) and cut it in two. Give every group one card of each colour, or every participant "
             f"one of each ({ceil(people / 2)} copies of each page for {people} participants). A group answers with the "
             "red card for trafficking, the blue card for smuggling, both cards for both, and no card for neither.")
    out = tag("h2", "Materials to print") + tag("p", e(intro))
    for colour, english, urdu in VOTING_CARDS:
        half = (tag("p", e(english), "card-word") + tag("p", tag("span", e(urdu), "", lang="ur", dir="rtl"), "card-word")
                + tag("p", e(colour.upper()), "card-colour"))
        out += tag("div", tag("div", half, "vote-half") + tag("div", half, "vote-half"), f"vote-card vote-{colour}")
    return out
