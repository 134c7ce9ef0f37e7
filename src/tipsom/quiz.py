"""Pure logic of the workbook's exercises: grading, the elements explorer, the walk, the room.

`grade(scenario, question, answer) -> Feedback` for every question kind; `Explorer` turns
toggled facts into the engine's `Assessment`; `WalkState` steps through a branching walk;
`room_summary(records)` counts how the room answered. No widgets, no files, no legal logic:
answers come from the scenario's answer key (which `tipsom check` holds to the engine),
explanations from the content and reasons from `law.assess`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from .content.checks import CITATION
from .content.models import Answer, Node, Question, Scenario, Walk
from .i18n import N_
from .law import Act, Aggravating, Assessment, Direction, Facts, Gender, Means, Movement, Purpose, assess

CLASSES = get_args(Answer.model_fields["classification"].annotation)
CLASS_LABELS = {"trafficking": N_("Trafficking in persons"), "smuggling": N_("Smuggling of migrants"),
                "both": N_("Both trafficking and smuggling"), "neither": N_("Neither")}
AGENCY_LABELS = {"police": N_("Police"), "fia": N_("FIA")}
INVESTIGATES = {"police": ["police"], "fia": ["fia"], "both": ["fia", "police"], "none": []}
INVESTIGATES_LABELS = {"police": N_("The police"), "fia": N_("The FIA"), "both": N_("Both the police and the FIA"),
                       "none": N_("Neither: no agency under the PTPA or the PSMA")}


class QuizError(ValueError):
    """An answer that does not fit its question (a bug in the caller, not the participant)."""


class Phrase(str):
    """A sentence with parts filled in. As a str it is the English; `say(t)` translates the
    sentence (`template`, a catalog entry) and each part with `t`, then fills it in, so a page
    in Urdu never shows an English frame around its Urdu parts."""

    template: str
    args: dict[str, str]

    def __new__(cls, template: str, **args: Any) -> Phrase:
        parts = {k: str(v) for k, v in args.items()}
        self = super().__new__(cls, template.format(**parts))
        self.template, self.args = template, parts
        return self

    def say(self, t: Callable[[str], str]) -> str:
        return t(self.template).format(**{k: t(v) for k, v in self.args.items()})


def say(t: Callable[[str], str], text: str) -> str:
    """Text for the reader in `t`'s language: a Phrase translated and filled, else `t(text)`."""
    return text.say(t) if isinstance(text, Phrase) else t(text)


@dataclass(frozen=True)
class Feedback:
    """What a participant sees after submitting: verdict, the right answer, why, and the law."""

    correct: bool | None                 # None: not graded (open questions)
    score: float                         # 0.0 .. 1.0
    headline: str
    answer: str                          # the right answer in words
    lines: list[str] = field(default_factory=list)      # explanations, from the content
    reasons: list[str] = field(default_factory=list)    # the engine's reasons
    provisions: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)     # indicators: correct options not picked
    wrong: list[str] = field(default_factory=list)      # indicators: wrong options picked


def cited(*texts: str) -> list[str]:
    """Provision ids cited as [act/section] in the texts, first mention first."""
    return list(dict.fromkeys(pid for t in texts for pid in CITATION.findall(t or "")))


def question(scenario: Scenario, qid: str) -> Question:
    for q in scenario.questions:
        if q.id == qid:
            return q
    raise QuizError(f"scenario {scenario.id!r} has no question {qid!r}")


ORDER = "tipsom/options/1:"


def ordered(scenario_id: str, q: Question | dict) -> list:
    """The question's options in the order every reader sees them (print, widgets, trainer
    guide): shuffled by a hash of scenario, question and option ids, so the order is the
    same in every build and every Python run (no `hash()`, no random state) and does not
    follow the order the author wrote them in (which put the correct one first). `ORDER`
    names the scheme: changing it reshuffles every question at once."""
    qid, options = (q["id"], q["options"]) if isinstance(q, dict) else (q.id, q.options)

    def key(o) -> str:
        oid = o["id"] if isinstance(o, dict) else o.id
        return hashlib.sha256(f"{ORDER}{scenario_id}/{qid}/{oid}".encode()).hexdigest()

    return sorted(options, key=key)


def investigates_key(agencies: Iterable[str]) -> str:
    """The investigates choice ('police', 'fia', 'both', 'none') for a list of agencies."""
    wanted = sorted(set(agencies))
    return next(k for k, v in INVESTIGATES.items() if v == wanted)


def grade(scenario: Scenario, q: Question | str, answer: Any) -> Feedback:
    """Grade one answer: a class, an investigates choice, option ids, or free text."""
    q = question(scenario, q) if isinstance(q, str) else q
    return {"classify": _classify, "investigates": _investigates, "indicators": _indicators,
            "response": _response, "open": _open}[q.kind](scenario, q, answer)


def fitting(q: Question, answer: Any) -> tuple[Any, bool]:
    """What of a stored answer still fits the question as it is now, and whether all of it does.

    `(None, False)` when nothing fits: an option renamed since, a garbled or forged record.
    Indicators keep the picks that are still options (in the options' order).
    """
    if q.kind in ("classify", "investigates"):
        ok = isinstance(answer, str) and answer in (CLASSES if q.kind == "classify" else INVESTIGATES)
        return (answer, True) if ok else (None, False)
    if q.kind == "open":
        return (answer, True) if isinstance(answer, str) and answer.strip() else (None, False)
    ids = [o.id for o in q.options]
    if q.kind == "response":
        return (answer, True) if isinstance(answer, str) and answer in ids else (None, False)
    if not isinstance(answer, list) or not answer:
        return None, False
    kept = [i for i in ids if i in {a for a in answer if isinstance(a, str)}]
    return (kept, len(kept) == len(answer)) if kept else (None, False)


def _verdict(ok: bool, picked: str) -> str:
    return N_("Correct.") if ok else Phrase(N_("Not quite: you chose \u201c{choice}\u201d."), choice=picked)


AGENCY_STEPS = ("ptpa-2018/s8", "psma-2018/investigation")  # the reasons that answer "who investigates"
GRADED = ("classify", "investigates", "indicators", "response")


def steps(law: Assessment, agencies: bool) -> list[str]:
    """The engine's reasons for one question: who investigates, or everything else."""
    return [r for r in law.reasons if any(f"[{p}]" in r for p in AGENCY_STEPS) is agencies]


def _keyed(sc: Scenario, field_name: str, answer: str, right: str, labels: dict, law: Assessment,
           reasons: list[str], provisions: list[str]) -> Feedback:
    """Grade against the key, unless the law is open on this field: then record, do not mark."""
    points = law.open_on(field_name)
    if points:
        lines = [N_("The law is open on this point, so no answer is marked wrong:"), *(u.reason for u in points),
                 Phrase(N_("You chose \u201c{choice}\u201d; this workbook's reading is \u201c{reading}\u201d."),
                        choice=labels[answer], reading=labels[right])]
        return Feedback(None, 0.0, N_("Recorded, not marked: the law is open here."), labels[right], lines, reasons,
                        list(dict.fromkeys([*provisions, *cited(*lines)])))
    ok = answer == right
    return Feedback(ok, float(ok), _verdict(ok, labels[answer]), labels[right], [], reasons, provisions)


def _classify(sc: Scenario, q: Question, answer: Any) -> Feedback:
    if answer not in CLASSES:
        raise QuizError(f"{answer!r} is not one of {', '.join(CLASSES)}")
    law = assess(sc.facts)
    reasons = steps(law, agencies=False)
    return _keyed(sc, "classification", answer, sc.answer.classification, CLASS_LABELS, law, reasons, cited(*reasons))


def _investigates(sc: Scenario, q: Question, answer: Any) -> Feedback:
    if answer not in INVESTIGATES:
        raise QuizError(f"{answer!r} is not one of {', '.join(INVESTIGATES)}")
    law = assess(sc.facts)
    reasons = steps(law, agencies=True)
    return _keyed(sc, "agencies", answer, investigates_key(sc.answer.agencies), INVESTIGATES_LABELS, law, reasons,
                  cited(*reasons))


def summary(sc: Scenario, t: Callable[[str], str] = lambda text: text) -> Feedback:
    """The whole case, for the end of the scenario: the key's explanation, every step and open point
    (its label in the language of `t`, an `i18n.translator`)."""
    key, law = sc.answer, assess(sc.facts)
    lines = [key.explanation] + [t("Open point: ") + u.reason for u in law.unsettled]
    return Feedback(None, 0.0, N_("The whole case"), CLASS_LABELS[key.classification], lines, law.reasons,
                    list(dict.fromkeys([*key.provisions, *cited(*lines)])))


def _options(q: Question, answer: Any, many: bool) -> set[str]:
    listed = isinstance(answer, list | tuple | set | frozenset)
    picked = {str(a) for a in answer} if listed else {str(answer)}
    known = {o.id for o in q.options}
    if not picked <= known or listed is not many or (not many and len(picked) != 1):
        raise QuizError(f"{answer!r} does not name {'options' if many else 'one option'} of {q.id!r}")
    return picked


def _indicators(sc: Scenario, q: Question, answer: Any) -> Feedback:
    picked = _options(q, answer, many=True)
    right = {o.id for o in q.options if o.correct}
    missed = [o.id for o in q.options if o.correct and o.id not in picked]
    wrong = [o.id for o in q.options if not o.correct and o.id in picked]
    ok = not missed and not wrong
    hits = len(right & picked)
    score = max(0.0, (hits - len(wrong)) / len(right))
    headline = N_("Correct: you spotted every sign.") if ok else (
        Phrase(N_("You spotted {hits} of {total} signs and picked {wrong} that are not signs."), hits=hits, total=len(right),
               wrong=len(wrong)) if wrong else Phrase(N_("You spotted {hits} of {total} signs."), hits=hits, total=len(right)))
    lines = [Phrase(N_("Missed: {sign} \u2014 {why}") if o.id in missed else N_("Not a sign: {sign} \u2014 {why}") if o.id in wrong
                    else N_("Yes: {sign} \u2014 {why}"), sign=o.text, why=o.feedback)
             for o in q.options if o.id in picked or o.correct]
    return Feedback(ok, round(score, 3), headline, "; ".join(o.text.rstrip(".") for o in q.options if o.correct),
                    lines, [], cited(*(o.feedback for o in q.options)), missed, wrong)


def _response(sc: Scenario, q: Question, answer: Any) -> Feedback:
    (pick,) = _options(q, answer, many=False)
    chosen = next(o for o in q.options if o.id == pick)
    best = next(o for o in q.options if o.correct)
    lines = [chosen.feedback] + ([] if chosen.correct else [Phrase(N_("Better: {option} \u2014 {why}"), option=best.text,
                                                                  why=best.feedback)])
    return Feedback(chosen.correct, float(chosen.correct), _verdict(chosen.correct, chosen.text), best.text,
                    lines, [], cited(*lines))


def _open(sc: Scenario, q: Question, answer: Any) -> Feedback:
    if not isinstance(answer, str) or not answer.strip():
        raise QuizError("an open answer is a non-empty text")
    model = q.model_answer or ""
    return Feedback(None, 0.0, N_("Your answer is recorded. Compare it with this one:"), model, [model], [], cited(model))


# ---- the elements explorer ----------------------------------------------------------

LISTS = {"acts": get_args(Act), "means": get_args(Means), "purposes": get_args(Purpose),
         "aggravating": get_args(Aggravating)}
CHOICES = {"gender": get_args(Gender), "trafficking_movement": get_args(Movement), "direction": get_args(Direction)}
FLAGS = ("attempt", "consent", "irregular", "facilitator_benefit", "exploitation_benefit")
CROSSING = ("direction", "irregular", "facilitator_benefit", "exploitation_benefit")
NEUTRAL = Facts.model_validate({
    "acts": [], "attempt": False, "means": [], "purposes": [], "victim": {"age": 25, "gender": "female"},
    "consent": False, "trafficking_movement": "none",
    "crossing": {"direction": "none", "irregular": False, "facilitator_benefit": False}, "aggravating": []})


class Explorer:
    """Facts the participant toggles, and the engine's assessment of them after each change."""

    def __init__(self, case: Facts = NEUTRAL):
        self.case = case
        self.reset()

    def reset(self) -> Assessment:
        self.facts = self.case
        self.assessment = assess(self.case)
        return self.assessment

    def get(self, name: str) -> Any:
        if name in CROSSING:
            return getattr(self.facts.crossing, name)
        if name in ("age", "gender"):
            return getattr(self.facts.victim, name)
        return getattr(self.facts, name)

    def set(self, name: str, value: Any) -> Assessment:
        """Set one element (acts, means, purposes, aggravating, age, gender, consent, attempt,
        trafficking_movement, direction, irregular, facilitator_benefit, exploitation_benefit) and reassess."""
        data = self.facts.model_dump()
        if name in LISTS:
            value = [v for v in LISTS[name] if v in set(value)]  # keep the law's order
        where = data["crossing"] if name in CROSSING else data["victim"] if name in ("age", "gender") else data
        if name not in where:
            raise QuizError(f"{name!r} is not an element of the facts")
        where[name] = value
        self.facts = Facts.model_validate(data)
        self.assessment = assess(self.facts)
        return self.assessment

    def toggle(self, name: str, item: str | None = None) -> Assessment:
        """Flip a yes/no element, or add/remove `item` from a list element."""
        if item is None:
            return self.set(name, not self.get(name))
        now = set(self.get(name))
        return self.set(name, now ^ {item})

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(element, value in the case, value now) for every element changed."""
        names = [*LISTS, "age", "gender", *FLAGS, "trafficking_movement", "direction"]
        was = Explorer(self.case)
        return [(n, was.get(n), self.get(n)) for n in names if was.get(n) != self.get(n)]


# ---- the branching walk -------------------------------------------------------------

@dataclass
class Step:
    node: str
    choice: int
    label: str
    points: int
    feedback: str


class WalkState:
    """Where a participant is in a walk: `node`, `choose(i)`, `score`, `ending`, `best`."""

    def __init__(self, walk: Walk):
        self.walk = walk
        self.nodes = {n.id: n for n in walk.nodes}
        self.restart()

    def restart(self) -> None:
        self.current, self.steps = self.walk.start, []

    @property
    def node(self) -> Node:
        return self.nodes[self.current]

    @property
    def done(self) -> bool:
        return self.node.ending is not None

    @property
    def score(self) -> int:
        return sum(s.points for s in self.steps)

    @property
    def ending(self):
        return self.node.ending

    def choose(self, index: int) -> Step:
        if self.done or not 0 <= index < len(self.node.choices):
            raise QuizError(f"node {self.current!r} has no choice {index}")
        c = self.node.choices[index]
        step = Step(self.current, index, c.label, c.points, c.feedback)
        self.steps.append(step)
        self.current = c.goto
        return step

    @property
    def best(self) -> int:
        """The highest score any path from the start can reach (each node visited once)."""
        def walk(nid: str, seen: frozenset) -> int:
            n = self.nodes[nid]
            options = [c.points + walk(c.goto, seen | {c.goto}) for c in n.choices
                       if c.goto in self.nodes and c.goto not in seen]
            return max(options, default=0)
        return walk(self.walk.start, frozenset({self.walk.start}))


# ---- the room -----------------------------------------------------------------------

def answer_keys(kind: str, answer: Any) -> list[str]:
    """What one answer counts as in the room view: each pick of a multi-select counts."""
    if isinstance(answer, list | tuple):
        return [str(a) for a in answer] if kind == "indicators" else ["+".join(map(str, answer)) or "none"]
    return [str(answer)]


def room_summary(records: Iterable[dict]) -> dict[str, dict[str, dict]]:
    """scenario -> question -> {kind, answered, correct, answers: {answer: count}}, counting
    each participant's latest answer to each question once."""
    latest: dict[tuple, dict] = {}
    for r in records:
        key = (r.get("participant"), r.get("scenario"), r.get("question"))
        if all(isinstance(k, str) for k in key):  # a forged or garbled line is not counted
            latest[key] = r
    out: dict[str, dict[str, dict]] = {}
    for (_, sid, qid), r in sorted(latest.items(), key=lambda kv: tuple(map(str, kv[0]))):
        row = out.setdefault(str(sid), {}).setdefault(str(qid), {"kind": r.get("kind"), "answered": 0, "correct": 0,
                                                                  "answers": Counter()})
        row["answered"] += 1
        row["correct"] += r.get("correct") is True
        row["answers"].update(answer_keys(str(r.get("kind")), r.get("answer")))
    for questions in out.values():
        for row in questions.values():
            row["answers"] = dict(sorted(row["answers"].items(), key=lambda kv: (-kv[1], kv[0])))
    return out
