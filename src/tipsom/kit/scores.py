"""Pure: what a session's answers say. Scores, gains, item shares, the evaluation.

Test answers are records with `scenario` = `test/<test>/<phase>` (phase: pre or post),
`question` = item id and `answer` = the option ids chosen; evaluation answers have
`scenario` = `evaluation/form`, `question` = a scale or open-question id. A scenario id never
holds a '/', so the room's scenario views can tell these records apart. Correctness is
recomputed from the content (never trusted from the record); each participant's latest
answer to an item counts. A test has two forms (A and B, different items): a sheet's form is
the form of the items answered (each item belongs to one form), so a pre-test on A and a
post-test on B pair up by code. A score is the share of the form's items answered right, in
percent; an item left blank counts as not right.

Who takes which form: `assigned_forms` splits each audience of the attendance list in two
by list order (1st, 3rd ... take A before and B after; 2nd, 4th ... B then A), so a
form's difficulty cancels out of the room's gain.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

PHASES = ("pre", "post")
FORMS = ("A", "B")
EVALUATION = "evaluation/form"


def test_scenario(test_id: str, phase: str) -> str:
    return f"test/{test_id}/{phase}"


def is_kit_record(r: dict) -> bool:
    return "/" in str(r.get("scenario", ""))


def latest(records: Iterable[dict]) -> dict[tuple[str, str, str], dict]:
    """(participant, scenario, question) -> the participant's latest record."""
    out: dict[tuple[str, str, str], dict] = {}
    for r in records:
        out[(str(r.get("participant")), str(r.get("scenario")), str(r.get("question")))] = r
    return out


def right(item, answer) -> bool:
    """An answer is right when it picks exactly the correct options."""
    chosen = answer if isinstance(answer, list) else [answer]
    return {str(a) for a in chosen} == {o.id for o in item.options if o.correct}


@dataclass
class Taken:
    """One participant's test in one phase."""

    code: str
    test: str
    phase: str
    right: dict[str, bool]          # item id -> right (every item of the form)
    form: str = "A"

    @property
    def score(self) -> float:
        return 100 * sum(self.right.values()) / len(self.right)


def taken(records: Iterable[dict], tests: dict) -> list[Taken]:
    """Every test anyone took, by participant and phase (sorted by code, then phase)."""
    found: dict[tuple[str, str, str], dict[str, dict]] = defaultdict(dict)
    for (code, sid, qid), r in latest(records).items():
        parts = sid.split("/")
        if len(parts) == 3 and parts[0] == "test" and parts[1] in tests and parts[2] in PHASES:
            found[(code, parts[1], parts[2])][qid] = r
    out = []
    for (code, tid, phase), answers in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1], PHASES.index(kv[0][2]))):
        test = tests[tid]
        form = form_of(test, answers)
        if form is None:
            continue
        out.append(Taken(code, tid, phase, {i.id: i.id in answers and right(i, answers[i.id].get("answer"))
                                            for i in test.items if i.form == form}, form))
    return out


def form_of(test, answered) -> str | None:
    """The form whose items a sheet answers (the one with most answers; A on a tie); None if
    no answer is an item of the test."""
    counts = {f: sum(i.id in answered for i in test.items if i.form == f) for f in FORMS}
    best = max(FORMS, key=lambda f: counts[f])
    return best if counts[best] else None


def assigned_forms(people) -> dict[str, tuple[str, str]]:
    """code -> (form before, form after): each audience split in two by attendance-list order."""
    out, seen = {}, {}
    for p in people:
        n = seen[p.audience] = seen.get(p.audience, -1) + 1
        out[p.code] = ("A", "B") if n % 2 == 0 else ("B", "A")
    return out


def form_by_code(code: str, phase: str) -> str:
    """The form of a code not on any attendance list: half the codes (by a hash) take A first."""
    import hashlib

    first = "A" if hashlib.sha256(f"tipsom-form/{code.lower()}".encode()).digest()[0] % 2 == 0 else "B"
    return first if phase == "pre" else ("B" if first == "A" else "A")


def forms_ordered(tests_taken: list[Taken]) -> dict[str, list[tuple[str, float, float]]]:
    """'A→B' and 'B→A' -> (code, pre, post) of everyone who took both, by the order of forms taken."""
    pre = {(t.code, t.test): t for t in tests_taken if t.phase == "pre"}
    out: dict[str, list] = {}
    for t in tests_taken:
        before = pre.get((t.code, t.test))
        if t.phase == "post" and before is not None:
            out.setdefault(f"{before.form}→{t.form}", []).append((t.code, before.score, t.score))
    return dict(sorted(out.items()))


def form_means(tests_taken: list[Taken], test_id: str) -> dict[tuple[str, str], tuple[int, float | None]]:
    """(form, phase) -> (sheets, mean score) for one test."""
    out = {}
    for f in FORMS:
        for phase in PHASES:
            mine = [t.score for t in tests_taken if t.test == test_id and t.form == f and t.phase == phase]
            out[(f, phase)] = (len(mine), round(mean(mine), 1) if mine else None)
    return out


def objective_shares(tests_taken: list[Taken], test) -> list[tuple[str, int, float | None, float | None]]:
    """(objective, answers, share right before, after) in percent (not rounded), over both forms: each
    answer to an item counts for every objective the item tests."""
    found: dict[str, dict[str, list[bool]]] = {}
    items = {i.id: i for i in test.items}
    for t in tests_taken:
        if t.test != test.id:
            continue
        for iid, ok in t.right.items():
            for ob in items[iid].tests:
                found.setdefault(ob, {"pre": [], "post": []})[t.phase].append(ok)
    rows = []
    for ob in sorted(found, key=lambda o: (o.split("/")[0], int(o.split("/")[1]))):
        pre, post = found[ob]["pre"], found[ob]["post"]
        rows.append((ob, len(pre) + len(post), 100 * sum(pre) / len(pre) if pre else None,
                     100 * sum(post) / len(post) if post else None))
    return rows


@dataclass
class Scores:
    """Pre and post scores of one audience."""

    pre: list[float] = field(default_factory=list)
    post: list[float] = field(default_factory=list)

    def mean(self, phase: str) -> float | None:
        values = getattr(self, phase)
        return round(mean(values), 1) if values else None


def by_audience(tests_taken: list[Taken], audience_of: dict[str, str]) -> dict[str, Scores]:
    out: dict[str, Scores] = defaultdict(Scores)
    for t in tests_taken:
        getattr(out[audience_of.get(t.code, "unknown")], t.phase).append(t.score)
    return dict(sorted(out.items()))


def gains(tests_taken: list[Taken]) -> list[tuple[str, float, float, float]]:
    """(code, pre, post, post - pre) for everyone who took both, by code."""
    pre = {(t.code, t.test): t.score for t in tests_taken if t.phase == "pre"}
    return [(t.code, pre[(t.code, t.test)], t.score, t.score - pre[(t.code, t.test)])
            for t in tests_taken if t.phase == "post" and (t.code, t.test) in pre]


def numbered(test) -> list[tuple[str, object]]:
    """(printed number, item) of every item: 'A3' is the third item of form A."""
    return [(f"{f}{n}", item) for f in FORMS for n, item in enumerate(test.form(f), 1)]


def item_shares(tests_taken: list[Taken], test) -> list[tuple[str, object, float | None, float | None]]:
    """(number as printed, item, share right before, after) in percent, worst first (by after, then before)."""
    rows = []
    for n, item in numbered(test):
        share = {}
        for phase in PHASES:
            mine = [t.right[item.id] for t in tests_taken if t.test == test.id and t.phase == phase and item.id in t.right]
            share[phase] = round(100 * sum(mine) / len(mine), 1) if mine else None
        rows.append((n, item, share["pre"], share["post"]))
    def worst(row):
        pre, post = row[2], row[3]
        return (post if post is not None else 101, pre if pre is not None else 101, row[0][0], int(row[0][1:]))
    return sorted(rows, key=worst)


def distribution(values: list[float], bins: int = 5) -> list[int]:
    """How many scores fall in 0-20, 20-40, 40-60, 60-80, 80-100 (100 in the last)."""
    counts = [0] * bins
    for v in values:
        counts[min(int(v // (100 / bins)), bins - 1)] += 1
    return counts


@dataclass
class EvaluationResult:
    means: dict[str, float | None]
    counts: dict[str, Counter]
    comments: dict[str, list[tuple[str, str]]]   # question id -> (code, text)


def evaluation(records: Iterable[dict], form) -> EvaluationResult:
    answers = [r for r in latest(records).values() if r.get("scenario") == EVALUATION]
    counts: dict[str, Counter] = {s.id: Counter() for s in form.scales}
    comments: dict[str, list[tuple[str, str]]] = {q.id: [] for q in form.open_questions}
    for r in sorted(answers, key=lambda r: str(r.get("participant"))):
        qid, value = r.get("question"), r.get("answer")
        if qid in counts and isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            counts[qid][value] += 1
        elif qid in comments and isinstance(value, str) and value.strip():
            comments[qid].append((str(r.get("participant")), value.strip()[:2000]))
    means = {sid: (round(sum(k * n for k, n in c.items()) / sum(c.values()), 2) if c else None) for sid, c in counts.items()}
    return EvaluationResult(means, counts, comments)
