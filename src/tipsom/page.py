"""The page model: what a case page shows, decided once for both fronts. Pure.

`CasePage(cur, scenario, audience, language)` holds, for one reader: the case's header and
narrative, its questions (`Ask`) with their choices in the order every reader sees them
(`quiz.ordered`), the feedback for an answer (`quiz.grade`), the explorer's reading of a set
of facts (`reading`) and a fresh walk. What a participant may see is gated by which
questions are *known* to them (answered when self-paced, revealed when the trainer paces):
the explorer opens once the classification is known, and it names who investigates only
once that question is known. The ipywidgets cards (tipsom.workbook) and the room's phone
pages (tipsom.room) both render this model; neither decides content or grading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import quiz
from .content.models import Question, Scenario
from .i18n import N_, direction, translator
from .views import view_for

ELEMENTS = {"acts": N_("Act"), "means": N_("Means"), "purposes": N_("Purpose"), "aggravating": N_("Aggravating"),
            "age": N_("Age"), "gender": N_("Gender"), "trafficking_movement": N_("Victim moved"),
            "direction": N_("Border crossing"), "attempt": N_("Only attempted"), "consent": N_("Consent given"),
            "irregular": N_("Crossing irregular"), "facilitator_benefit": N_("Paid for / benefit"),
            "exploitation_benefit": N_("Only gain: the exploitation")}
VALUES = {"recruit": N_("recruit"), "harbour": N_("harbour"), "transport": N_("transport"), "provide": N_("provide"),
          "obtain": N_("obtain"), "force": N_("force"), "fraud": N_("fraud"), "coercion": N_("coercion"),
          "compelled_labour": N_("compelled labour"), "commercial_sex": N_("commercial sex"),
          "organ_removal": N_("organ removal"), "forced_marriage": N_("forced marriage"), "forced_begging": N_("forced begging"),
          "serious_injury_or_death": N_("serious injury or death"), "organised_group": N_("organised group"),
          "documents_taken": N_("documents taken"), "repeat_offence": N_("repeat offence"),
          "life_endangered": N_("life endangered"), "inhuman_treatment": N_("inhuman treatment"), "female": N_("female"),
          "male": N_("male"), "transgender": N_("transgender"), "none": N_("none"), "within_pakistan": N_("within Pakistan"),
          "into_pakistan": N_("into Pakistan"), "out_of_pakistan": N_("out of Pakistan"), "basic": N_("basic"),
          "aggravated": N_("aggravated"), "woman_or_child": N_("woman or child")}


def words(value: Any) -> str:
    """A fact's value in plain words: yes, no, none, 'compelled labour'."""
    if isinstance(value, list | tuple):
        return ", ".join(words(v) for v in value) or N_("none")
    if isinstance(value, bool) or value is None:
        return {True: N_("yes"), False: N_("no"), None: N_("none")}[value]
    return str(value).replace("_", " ")


def value_words(t: Callable[[str], str], value: Any) -> str:
    """A fact's value as the explorer shows it, in the page's language."""
    if isinstance(value, list | tuple):
        return ", ".join(value_words(t, v) for v in value) or t("none")
    return t(VALUES[value]) if isinstance(value, str) and value in VALUES else t(words(value))


@dataclass(frozen=True)
class Choice:
    key: str        # what is recorded: a class, an investigates key or an option id
    label: str      # what the reader sees, in the page's language


@dataclass(frozen=True)
class Ask:
    """One question as a page shows it."""

    id: str
    kind: str
    prompt: str
    choices: tuple[Choice, ...]

    @property
    def many(self) -> bool:
        return self.kind == "indicators"


def choices(sc: Scenario, q: Question, t: Callable[[str], str]) -> tuple[Choice, ...]:
    """A question's choices in the order every reader sees them."""
    if q.kind == "classify":
        return tuple(Choice(c, t(quiz.CLASS_LABELS[c])) for c in quiz.CLASSES)
    if q.kind == "investigates":
        return tuple(Choice(k, t(v)) for k, v in quiz.INVESTIGATES_LABELS.items())
    if q.kind == "open":
        return ()
    return tuple(Choice(o.id, o.text) for o in quiz.ordered(sc.id, q))


@dataclass(frozen=True)
class Reading:
    """What the explorer says of a set of facts, in words."""

    verdict: str
    agencies: str | None           # None: not shown yet (that question is not known)
    ptpa: str
    psma: str
    reasons: list[str]
    unsettled: list[str]
    changed: list[tuple[str, str, str]]   # (element, was, now), in words
    also: list[str]
    alarm: bool                   # an offence is found


def reading(explorer: quiz.Explorer, t: Callable[[str], str], agencies: bool = True) -> Reading:
    """The engine's assessment of the explorer's facts; without `agencies`, nothing that says who investigates."""
    a = explorer.assessment
    named = ", ".join(t(quiz.AGENCY_LABELS[x]) for x in a.agencies) or t("no agency under the PTPA or the PSMA")
    changed = [(t(ELEMENTS[n]), value_words(t, was), value_words(t, now)) for n, was, now in explorer.changes()]
    return Reading(t(quiz.CLASS_LABELS[a.classification]), named if agencies else None, value_words(t, a.ptpa_penalty),
                   value_words(t, a.psma_penalty), list(a.reasons if agencies else quiz.steps(a, agencies=False)),
                   [u.reason for u in a.unsettled], changed, list(a.also_consider), a.trafficking or a.smuggling)


class CasePage:
    """One scenario for one reader (audience, language, participant or trainer)."""

    def __init__(self, cur, scenario: Scenario, audience, language: str = "en", trainer: bool = False):
        self.cur, self.audience, self.language, self.trainer = cur, audience, language, trainer
        self.scenario = cur.localise(scenario, language)
        self.t, self.dir = translator(language), direction(language)
        self.view = view_for(self.scenario, audience, "trainer" if trainer else "participant", language)
        self.questions = [self._ask(quiz.question(self.scenario, q["id"])) for q in self.view.get("questions", [])]

    def _ask(self, q: Question) -> Ask:
        return Ask(q.id, q.kind, q.prompt, choices(self.scenario, q, self.t))

    @property
    def title(self) -> str:
        return self.view.get("title", self.scenario.title)

    @property
    def narrative(self) -> str:
        """The case as Markdown with [act/section] citations (each front renders it)."""
        return self.view.get("narrative", "")

    def ask(self, qid: str) -> Ask:
        for a in self.questions:
            if a.id == qid:
                return a
        raise quiz.QuizError(f"scenario {self.scenario.id!r} shows no question {qid!r}")

    def feedback(self, qid: str, answer: Any) -> quiz.Feedback:
        return quiz.grade(self.scenario, qid, answer)

    def unanswered(self, qid: str) -> quiz.Feedback:
        """What a reader who did not answer is shown once the answer is known: the key's answer and why."""
        q = quiz.question(self.scenario, qid)
        key = {"classify": lambda: self.scenario.answer.classification,
               "investigates": lambda: quiz.investigates_key(self.scenario.answer.agencies),
               "indicators": lambda: [o.id for o in q.options if o.correct],
               "response": lambda: next(o.id for o in q.options if o.correct), "open": lambda: "-"}[q.kind]()
        fb = quiz.grade(self.scenario, q, key)
        return quiz.Feedback(None, 0.0, N_("You did not answer this question. The answer:"), fb.answer,
                             [] if q.kind == "indicators" else fb.lines, fb.reasons, fb.provisions)

    def fitting(self, qid: str, answer: Any) -> tuple[Any, bool]:
        return quiz.fitting(quiz.question(self.scenario, qid), answer)

    # ---- what is known, and so what may be shown ----------------------------------------

    def _known(self, kind: str, known: Iterable[str]) -> bool:
        ids = {a.id for a in self.questions if a.kind == kind}
        return self.trainer or not ids or bool(ids & set(known))

    def explorer_open(self, known: Iterable[str]) -> bool:
        """The explorer shows the case once the classification is known (it answers that question)."""
        return self._known("classify", known)

    def agencies_shown(self, known: Iterable[str]) -> bool:
        """The explorer names who investigates once that question is known."""
        return self._known("investigates", known)

    def finished(self, known: Iterable[str]) -> bool:
        """Every graded question is known: the whole case can be explained."""
        known = set(known)
        return self.trainer or all(a.id in known for a in self.questions if a.kind in quiz.GRADED)

    def explorer(self) -> quiz.Explorer:
        return quiz.Explorer(self.scenario.facts)

    def reading(self, explorer: quiz.Explorer, known: Iterable[str]) -> Reading:
        return reading(explorer, self.t, self.agencies_shown(known))

    def walk(self) -> quiz.WalkState | None:
        return quiz.WalkState(self.scenario.walk) if self.scenario.walk is not None else None

    def summary(self) -> quiz.Feedback:
        return quiz.summary(self.scenario, self.t)
