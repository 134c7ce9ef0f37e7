"""The knowledge test in a room without phones: the trainer reads an item aloud, the room holds
up its answer cards, one photo an item (`tipsom cards read PHOTO --cards cards.json --session
DIR --phase pre --item 3`).

Each card's letter is its holder's answer to that item of the form their code takes (the
attendance list's split, `scores.assigned_forms`, or `--form`), turned into the option printed
with that letter (`order.lettered`) and appended to the session like a paper answer, marked
`source: cards`. A photo read twice changes nothing: scores count each item's latest answer.
"""

from __future__ import annotations

from pathlib import Path

from ..workbook.answers import append
from .errors import KitError
from .order import LETTERS, lettered
from .roster import read_attendance
from .scores import FORMS, PHASES, assigned_forms, right, test_scenario


def import_cards(cur, session: Path, read: dict[str, str], phase: str, item: int, form: str | None = None
                 ) -> tuple[int, dict[str, str]]:
    """Append each card's answer to item `item` (as printed: 1, 2, ...); return (stored, {code: why not})."""
    session = Path(session)
    if phase not in PHASES:
        raise KitError(session, None, f"phase '{phase}' is neither pre nor post", "Give --phase pre or --phase post.")
    if form is not None and form not in FORMS:
        raise KitError(session, None, f"form '{form}' is neither A nor B", "Give --form A or --form B, or leave it out.")
    listed = read_attendance(session, cur.audiences)
    people, split = {p.code.lower(): p for p in listed}, assigned_forms(listed)
    planned, skipped = [], {}
    for code, letter in sorted(read.items()):
        person = people.get(code.lower())
        test = cur.test_for(person.audience) if person else None
        if test is None:
            skipped[code] = "not on the attendance list" if person is None else f"no test for the audience '{person.audience}'"
            continue
        name = form or split[person.code][PHASES.index(phase)]
        items = test.form(name)
        if not 1 <= item <= len(items):
            raise KitError(session, None, f"form {name} of the test '{test.id}' has items 1 to {len(items)}, not {item}",
                           "Give the item number as printed on the paper.")
        shown = dict(lettered(test.id, items[item - 1]))
        if items[item - 1].kind != "single" or len(shown) > 4:
            raise KitError(session, None, f"item {item} of form {name} takes several answers or has more than four options",
                           "Answer cards answer single-answer items with at most four options: use the paper sheet for this one.")
        if letter not in shown:
            skipped[code] = f"letter {letter}: item {item} of form {name} has only {LETTERS[len(shown) - 1]} as its last letter"
            continue
        answer = [shown[letter].id]
        planned.append((person.code, {"audience": person.audience, "scenario": test_scenario(test.id, phase),
                                      "question": items[item - 1].id, "kind": "test", "answer": answer,
                                      "correct": right(items[item - 1], answer), "score": None, "source": "cards"}))
    for code, record in planned:
        append(session, code, record)
    return len(planned), skipped
