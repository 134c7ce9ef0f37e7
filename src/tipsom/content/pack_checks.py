"""Cross-checks of what the print pack reads: the scenarios the programme assigns, and the
leaflet's and card's own words (`curriculum/leaflet.yaml`, `curriculum/card.yaml`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from .curriculum import Curriculum
from .models import Claim
from .reading import reading_checks
from .source import Source
from .validate import HINTS

HINTS.update({
    "unknown-scenario": "Name a scenario by its id: the file name of a scenarios/*.yaml file without .yaml.",
    "scenario-not-for-day": "Assign a scenario to a session of a day one of its audiences attends, or add the audience to the scenario.",
    "uncited-claim": "A statement of law on the leaflet names the provisions it states: provisions: [act/section].",
    "card-contact": "Name in confirm_locally only unverified referral lines of curriculum/contacts.yaml, by id.",
    "leaflet-audience": "Give every audience of curriculum/audiences.yaml one entry under audiences: in curriculum/leaflet.yaml.",
})


def pack_checks(cur: Curriculum) -> Iterator[Problem]:
    yield from _programme_scenarios(cur)
    yield from _leaflet(cur)
    yield from _card(cur)
    yield from reading_checks(cur)


def _programme_scenarios(cur: Curriculum) -> Iterator[Problem]:
    if cur.programme is None:
        return
    src = cur.sources.get("curriculum/programme.yaml") or Source("curriculum/programme.yaml")
    for d, day in enumerate(cur.programme.days):
        for s, session in enumerate(day.sessions):
            for j, sid in enumerate(session.scenarios):
                where = ("days", d, "sessions", s, "scenarios", j)
                if sid not in cur.scenarios:
                    yield src.problem(where, "unknown-scenario", f"'{sid}' is not a scenario")
                elif not set(day.audiences) & set(cur.scenarios[sid].audiences):
                    yield src.problem(where, "scenario-not-for-day", f"'{sid}' is for none of day {day.day}'s audiences")


def _claims(cur: Curriculum, src: Source, claims: list[Claim], path: tuple, cited: bool) -> Iterator[Problem]:
    for i, claim in enumerate(claims):
        for j, pid in enumerate(claim.provisions):
            if cur.provisions and pid not in cur.provisions:
                yield src.problem(path + (i, "provisions", j), "unknown-provision", f"'{pid}' is not a provision in curriculum/law/")
        if cited and not claim.provisions:
            yield src.problem(path + (i,), "uncited-claim", "this statement of law names no provision")


def _leaflet(cur: Curriculum) -> Iterator[Problem]:
    if cur.leaflet is None:
        return
    src, leaf = cur.sources["curriculum/leaflet.yaml"], cur.leaflet
    for i, row in enumerate(leaf.side_by_side):
        for side in ("trafficking", "smuggling"):
            yield from _claims(cur, src, [getattr(row, side)], ("side_by_side", i, side), cited=True)
    yield from _claims(cur, src, leaf.rights, ("rights",), cited=True)
    for i, a in enumerate(leaf.audiences):
        if cur.audiences and a.id not in cur.audiences:
            yield src.problem(("audiences", i, "id"), "unknown-audience", f"'{a.id}' is not an audience")
        yield from _claims(cur, src, a.can_do, ("audiences", i, "can_do"), cited=False)
        yield from _claims(cur, src, a.rights, ("audiences", i, "rights"), cited=True)
        for j, cells in enumerate(a.side_by_side):
            for side in ("trafficking", "smuggling"):
                if getattr(cells, side) is not None:
                    yield from _claims(cur, src, [getattr(cells, side)], ("audiences", i, "side_by_side", j, side), cited=True)
    for aid in cur.audiences:
        if aid not in {a.id for a in leaf.audiences}:
            yield src.problem(("audiences",), "leaflet-audience", f"no leaflet text for the audience '{aid}'")


def _card(cur: Curriculum) -> Iterator[Problem]:
    if cur.card is None:
        return
    src = cur.sources[cur.file_of(cur.card) or "curriculum/card.yaml"]
    yield from _claims(cur, src, cur.card.steps, ("steps",), cited=False)
    contacts = {c.id: c for c in cur.contacts}
    for i, cid in enumerate(cur.card.confirm_locally):
        c = contacts.get(cid)
        if contacts and (c is None or not c.referral or c.verified):
            why = "is not a contact" if c is None else "is not a referral line" if not c.referral else "is verified: the card prints it anyway"
            yield src.problem(("confirm_locally", i), "card-contact", f"'{cid}' {why}")
