"""What a day of the programme must give its audiences: test slots that fit the knowledge
tests, a case of each class the engine gives, and, where the police attend, a case only the
police investigate.

- `programme-test-slot`: a day whose audiences take a knowledge test (`curriculum/tests/`)
  has a session marked `test: pre` and one marked `test: post`, each at least as long as the
  longest of those tests' `minutes` (read from the tests, never written here).
- `programme-case-mix`: each audience of a day works, in that day's sessions, at least four
  cases meant for it that cover trafficking only, smuggling only, both and neither, as the
  legal engine assesses their facts (a case whose class is an open point counts by the
  engine's reading, which its key follows).
- `programme-police-case`: a day the police attend schedules, for them, a case of trafficking
  inside Pakistan that only the police investigate, with neither point open: the police's own
  role is taught as the law, not as a reading.

A programme may set `core_cases: false` (a short briefing that cannot hold four cases); the
case rules then do not apply, and the test slots still do.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..law import assess
from .curriculum import Curriculum
from .source import Source
from .validate import HINTS

CLASSES = ("trafficking", "smuggling", "both", "neither")
MIN_CASES = 4
HINTS.update({
    "programme-test-slot": "Give the day a session marked test: pre and one marked test: post, each as long as its audiences' longest knowledge test.",
    "programme-case-mix": "Schedule, for each audience of the day, cases of trafficking only, smuggling only, both and neither "
                          "(run `tipsom assess` on a case to see its class; add the audience to a case that suits it).",
    "programme-police-case": "Schedule a case of trafficking inside Pakistan that only the police investigate, for the police.",
})


def programme_checks(cur: Curriculum) -> Iterator[Problem]:
    if cur.programme is None:
        return
    src = cur.sources.get(cur.file_of(cur.programme) or "curriculum/programme.yaml") or Source("curriculum/programme.yaml")
    for d, day in enumerate(cur.programme.days):
        yield from _test_slots(cur, src, d, day)
        if cur.programme.core_cases:
            yield from _cases(cur, src, d, day)


def _test_slots(cur: Curriculum, src: Source, d: int, day) -> Iterator[Problem]:
    tests = [t for t in cur.tests.values() if set(t.audiences) & set(day.audiences)]
    if not tests:
        return
    longest = max(tests, key=lambda t: t.minutes)
    for when in ("pre", "post"):
        slots = [(s, session) for s, session in enumerate(day.sessions) if session.test == when]
        if not slots:
            yield src.problem(("days", d, "sessions"), "programme-test-slot",
                              f"day {day.day} has no session marked test: {when}, and its audiences take the test '{longest.id}'")
        for s, session in slots:
            if session.minutes < longest.minutes:
                yield src.problem(("days", d, "sessions", s, "minutes"), "programme-test-slot",
                                  f"the {when}-test slot '{session.title}' has {session.minutes} minutes;"
                                  f" the test '{longest.id}' takes {longest.minutes}")


def _cases(cur: Curriculum, src: Source, d: int, day) -> Iterator[Problem]:
    scheduled = list(dict.fromkeys(sid for s in day.sessions for sid in s.scenarios if sid in cur.scenarios))
    laws = {sid: assess(cur.scenarios[sid].facts) for sid in scheduled}
    for j, audience in enumerate(day.audiences):
        mine = [sid for sid in scheduled if audience in cur.scenarios[sid].audiences]
        classes = {laws[sid].classification for sid in mine}
        missing = [c for c in CLASSES if c not in classes]
        if missing or len(mine) < MIN_CASES:
            lacking = f"no case of {', '.join(missing)}" if missing else f"only {len(mine)} case(s)"
            yield src.problem(("days", d, "audiences", j), "programme-case-mix",
                              f"on day {day.day}, '{audience}' works {len(mine)} case(s) and {lacking}"
                              f" (needs {MIN_CASES} covering {', '.join(CLASSES)})")
    if "police" in day.audiences:
        police = [sid for sid in scheduled if "police" in cur.scenarios[sid].audiences
                  and laws[sid].classification == "trafficking" and laws[sid].agencies == ["police"]
                  and not laws[sid].open_on("classification") and not laws[sid].open_on("agencies")]
        if not police:
            yield src.problem(("days", d, "audiences", day.audiences.index("police")), "programme-police-case",
                              f"day {day.day} gives the police no case of trafficking inside Pakistan that only the police investigate")
