"""The order things are numbered and printed in, the same in every document and widget. Pure.

`scenario_numbers(cur)`: one number per scenario across the programme, the scenarios the
programme's sessions name first (in session order, day by day), then every other scenario
by id. `day_scenarios(cur, audience)`: the scenarios the programme's sessions assign to an
audience (those named by a session of a day the audience attends and meant for it), in
programme order. `laws_by_importance(cur)`: the PTPA, then the PSMA, then related law.
"""

from __future__ import annotations

from .curriculum import Curriculum
from .models import LawFile, Scenario

FIRST_LAWS = ("ptpa", "psma")  # law ids start with these: ptpa-2018, psma-2018


def programme_scenarios(cur: Curriculum) -> list[str]:
    """Every scenario id the programme's sessions name, in programme order, each once."""
    days = cur.programme.days if cur.programme else []
    named = [sid for day in days for s in day.sessions for sid in s.scenarios]
    return [sid for sid in dict.fromkeys(named) if sid in cur.scenarios]


def scenario_order(cur: Curriculum) -> list[str]:
    """Every scenario id: the programme's first, then the rest by id."""
    first = programme_scenarios(cur)
    return first + sorted(sid for sid in cur.scenarios if sid not in set(first))


def scenario_numbers(cur: Curriculum) -> dict[str, int]:
    """Scenario id -> its number, from 1, in `scenario_order`."""
    return {sid: n for n, sid in enumerate(scenario_order(cur), 1)}


def day_scenarios(cur: Curriculum, audience: str) -> list[Scenario]:
    """The scenarios the programme assigns to `audience`: named by a session on one of its
    days and meant for it, in programme order."""
    days = [d for d in (cur.programme.days if cur.programme else []) if audience in d.audiences]
    named = dict.fromkeys(sid for d in days for s in d.sessions for sid in s.scenarios)
    return [cur.scenarios[sid] for sid in named if sid in cur.scenarios and audience in cur.scenarios[sid].audiences]


def session_scenarios(cur: Curriculum, session, audiences: list[str]) -> list[Scenario]:
    """The scenarios a session names that are meant for at least one of `audiences`."""
    return [cur.scenarios[sid] for sid in session.scenarios
            if sid in cur.scenarios and set(audiences) & set(cur.scenarios[sid].audiences)]


def laws_by_importance(laws: list[LawFile]) -> list[LawFile]:
    """The PTPA, then the PSMA, then related law by its short name."""
    def rank(law: LawFile) -> tuple:
        first = next((i for i, p in enumerate(FIRST_LAWS) if law.id.startswith(p)), len(FIRST_LAWS))
        return first, law.short.lower(), law.id

    return sorted(laws, key=rank)
