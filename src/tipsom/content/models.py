"""The typed, frozen shape of every content file. Field names equal the YAML keys.

Rules that need more than one file (an audience that exists, a provision id that
resolves, an answer key that agrees with the engine) live in `checks.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..law import Facts

Id = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
Text = Field(min_length=1)
Edition = Literal["leaflet", "referral_card", "word_list", "handout", "participant_workbook", "trainer_guide"]
Language = Literal["en", "ur"]
TRAINER_ONLY = ("answer", "trainer_notes", "debrief")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# ---- audiences.yaml -------------------------------------------------------------

class Shows(Model):
    handout: list[str]
    participant_workbook: list[str]


class Audience(Model):
    id: str = Id
    name: str = Text
    who: str = Text
    after_the_session: list[str] = Field(min_length=1)
    reading_level: str = Text
    max_sentence_words: int = Field(ge=8, le=60)  # the longest sentence its leaflet and card may print (English)
    citations: Literal["short", "full"]  # on its leaflet; short: "PTPA s. 3"; full: "Prevention of ... Act, 2018, s. 3"
    modules: list[str]
    shows: Shows


class Audiences(Model):
    audiences: list[Audience] = Field(min_length=1)


# ---- programme.yaml -------------------------------------------------------------

class Session(Model):
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    minutes: int = Field(ge=5, le=240)
    title: str = Text
    module: str | None = None
    method: Literal["presentation", "group_work", "scenario", "plenary", "break", "opening", "closing"]
    facilitator: Literal["programme_officer", "fia_lead", "subject_expert", "none"]
    scenarios: list[str] = []  # scenario ids worked in this session: each audience's workbook prints its own
    test: Literal["pre", "post"] | None = None  # the knowledge test's slot: as long as its audiences' longest test


class Day(Model):
    day: int = Field(ge=1, le=5)
    title: str = Text
    audiences: list[str] = Field(min_length=1)
    starts: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    ends: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    sessions: list[Session] = Field(min_length=1)


class Programme(Model):
    title: str = Text
    place: str = Text
    days: list[Day] = Field(min_length=1)
    dates: str | None = None        # as printed on certificates, e.g. "1 and 2 December 2026"
    venue: str | None = None        # the hall or building; certificates print it before `place`
    organiser: str | None = None    # who runs the training; certificates print it
    participants: int = Field(default=40, ge=1, le=500)  # expected each day: blank attendance rows when no list is loaded
    pass_mark: int = Field(default=70, ge=1, le=100)  # post-test score (percent) that counts as mastery in `tipsom programme report`
    core_cases: bool = True         # each day: a case of each class per audience, a police-only case (programme_checks.py)


# ---- modules/<id>.yaml ----------------------------------------------------------

class Module(Model):
    id: str = Id
    title: str = Text
    minutes: int = Field(ge=5, le=480)
    audiences: list[str] = Field(min_length=1)
    objectives: list[str] = Field(min_length=1)
    key_points: list[str] = Field(min_length=1)
    body: str = Text
    trainer_notes: str = Text
    discussion_questions: list[str] = Field(min_length=1)
    provisions: list[str]


# ---- law/<act>.yaml -------------------------------------------------------------

class Provision(Model):
    id: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")
    section: str | None
    number_status: Literal["confirmed", "inferred", "unknown"]
    title: str = Text
    summary: str = Text
    penalty: str | None = None
    penalty_status: Literal["confirmed", "unconfirmed", "none"] = "none"
    source: str = Text


class LawFile(Model):
    id: str = Id
    title: str = Text
    short: str = Text
    number: str = Text
    version: str = Text
    uncertain: str | None = None
    provisions: list[Provision] = Field(min_length=1)


# ---- glossary.yaml, contacts.yaml -------------------------------------------------

class Term(Model):
    term: str = Text
    definition: str = Text
    provisions: list[str] = []
    audiences: list[str] = []  # the audiences whose one-page word list prints the term


class Glossary(Model):
    terms: list[Term] = Field(min_length=1)


class Contact(Model):
    id: str = Id
    name: str = Text
    number: str = Text
    what: str = Text
    where: str = Text
    verified: bool
    source: str = Text
    referral: bool = True  # false: a line listed so it is not mistaken for a referral line (never on a card)


class Contacts(Model):
    contacts: list[Contact] = Field(min_length=1)


# ---- leaflet.yaml, card.yaml: the print pack's own words -----------------------------

class Claim(Model):
    """A sentence a participant reads; `provisions` names the law it states (printed as readers cite it)."""

    text: str = Text
    provisions: list[str] = []


class Compare(Model):
    id: str = Id
    heading: str = Text
    trafficking: Claim
    smuggling: Claim


class OwnCells(Model):
    """An audience's own text for cells of one side-by-side row (the others stay shared)."""

    id: str = Id  # a row id of side_by_side
    trafficking: Claim | None = None
    smuggling: Claim | None = None


class Pictogram(Claim):
    """A sentence with a picture: a Font Awesome Free solid icon by name, and words for those who cannot see it."""

    icon: str = Id   # e.g. handshake: fontawesomefree's svgs/solid/handshake.svg
    alt: str = Text  # what the picture shows, for a screen reader


class PictureRow(Model):
    id: str = Id
    heading: str = Text
    pictures: list[Pictogram] = Field(min_length=1, max_length=4)


class ForAudience(Model):
    id: str = Id  # an audience id
    intro: str = Text
    can_do: list[Claim] = Field(min_length=1)
    side_by_side: list[OwnCells] = []  # its own wording of shared cells, at its reading level
    rights: list[Claim] = []           # its own list of rights, in place of the shared one
    pictures: list[PictureRow] = []    # pictures first: its front is these rows in place of the table


class Leaflet(Model):
    title: str = Text
    side_by_side: list[Compare] = Field(min_length=1)
    rights_heading: str = Text
    rights: list[Claim] = Field(min_length=1)
    can_do_heading: str = Text
    audiences: list[ForAudience] = Field(min_length=1)
    call_heading: str = Text
    call_note: str = Text


class Card(Model):
    title: str = Text
    steps: list[Claim] = Field(min_length=1)
    numbers_heading: str = Text
    # contact ids of referral lines not verified for this place that the card prints all the same,
    # each marked "confirm locally" (e.g. police-15: a step names the police, so the card gives a number)
    confirm_locally: list[str] = []
    local_heading: str = Text
    local_lines: int = Field(default=3, ge=1, le=6)


# ---- scenarios/<id>.yaml ----------------------------------------------------------

class Setting(Model):
    place: str = Text
    region: Literal["balochistan", "pakistan", "abroad"]
    tags: list[str] = []


class Option(Model):
    id: str = Id
    text: str = Text
    correct: bool
    feedback: str = Text


class Question(Model):
    id: str = Id
    kind: Literal["classify", "investigates", "indicators", "response", "open"]
    prompt: str = Text
    audiences: list[str] = []
    options: list[Option] = []
    model_answer: str | None = None

    @model_validator(mode="after")
    def _fits_kind(self) -> Question:
        if self.kind in ("indicators", "response"):
            if len(self.options) < 2 or not any(o.correct for o in self.options):
                raise PydanticCustomError("question-options", "a '{kind}' question needs two or more options, one or more marked correct: true", {"kind": self.kind})
            if self.kind == "response" and sum(o.correct for o in self.options) != 1:
                raise PydanticCustomError("question-options", "a 'response' question has exactly one option marked correct: true", {})
        elif self.options:
            raise PydanticCustomError("question-options", "a '{kind}' question takes no options (they come from the answer key)", {"kind": self.kind})
        if self.kind == "open" and not self.model_answer:
            raise PydanticCustomError("question-options", "an 'open' question needs a model_answer for the trainer", {})
        return self


class Answer(Model):
    classification: Literal["trafficking", "smuggling", "both", "neither"]
    agencies: list[Literal["police", "fia"]]
    ptpa_penalty: Literal["basic", "woman_or_child", "aggravated"] | None
    psma_penalty: Literal["basic", "aggravated"] | None
    explanation: str = Text
    provisions: list[str] = Field(min_length=1)


class Choice(Model):
    label: str = Text
    goto: str = Id
    points: int = Field(ge=-5, le=5)
    feedback: str = Text


class Ending(Model):
    outcome: Literal["good", "mixed", "poor"]
    feedback: str = Text


class Node(Model):
    id: str = Id
    text: str = Text
    choices: list[Choice] = []
    ending: Ending | None = None

    @model_validator(mode="after")
    def _choices_or_ending(self) -> Node:
        if bool(self.choices) == bool(self.ending):
            raise PydanticCustomError("broken-walk", "a node has either choices or an ending, not both or neither", {})
        return self


class Walk(Model):
    start: str = Id
    nodes: list[Node] = Field(min_length=2)


class Scenario(Model):
    id: str = Field(pattern=r"^_?[a-z0-9][a-z0-9_-]*$")
    title: str = Text
    law_version: Literal["as_enacted_2018", "as_amended_2025"]
    setting: Setting
    audiences: list[str] = Field(min_length=1)
    languages: list[Language] = Field(min_length=1)
    minutes: int = Field(ge=5, le=120)
    narrative: str = Text
    facts: Facts
    questions: list[Question] = Field(min_length=1)
    answer: Answer
    indicators: list[str] = []
    human_rights_notes: str = Text
    gender_notes: str = Text
    trainer_notes: str = Text
    debrief: list[str] = Field(min_length=1)
    walk: Walk | None = None


# ---- tests/<id>.yaml (the knowledge test), evaluation.yaml ----------------------

TEST_ANSWERS = {"classify": ("trafficking", "smuggling", "both", "neither"), "investigates": ("police", "fia", "both", "none")}


class ItemOption(Model):
    id: str = Id
    text: str = Text
    correct: bool


FORMS, OBJECTIVE = ("A", "B"), r"^[a-z0-9][a-z0-9-]*/[1-9][0-9]?$"  # a test's forms; an objective: <module>/<n>


class KnowledgeItem(Model):
    """An item of form A or B; `tests`: its objectives (`<module>/<n>`); classify/investigates items carry `facts`."""

    id: str = Id
    form: Literal["A", "B"]
    module: str = Id
    tests: list[Annotated[str, Field(pattern=OBJECTIVE)]] = Field(min_length=1)
    asks: Literal["knowledge", "classify", "investigates"]
    kind: Literal["single", "multiple"]
    prompt: str = Text
    facts: Facts | None = None
    options: list[ItemOption] = Field(min_length=2, max_length=6)
    explanation: str = Text
    provisions: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _fits(self) -> KnowledgeItem:
        right = sum(o.correct for o in self.options)
        if (right != 1) if self.kind == "single" else (right < 1):
            raise PydanticCustomError("test-options", "a '{kind}' item has {many} option marked correct: true",
                                      {"kind": self.kind, "many": "exactly one" if self.kind == "single" else "one or more"})
        if self.asks != "knowledge":
            if self.facts is None:
                raise PydanticCustomError("test-facts", "an item that asks '{asks}' carries the case's facts", {"asks": self.asks})
            allowed = TEST_ANSWERS[self.asks]
            odd = [o.id for o in self.options if o.id not in allowed]
            if odd or self.kind != "single":
                raise PydanticCustomError("test-options", "a '{asks}' item is kind: single with option ids from {allowed}",
                                          {"asks": self.asks, "allowed": ", ".join(allowed)})
        elif self.facts is not None:
            raise PydanticCustomError("test-facts", "only an item that asks 'classify' or 'investigates' carries facts", {})
        return self


class KnowledgeTest(Model):
    """The test of some audiences in two parallel forms (A before and B after, or B then A); `minutes` a form."""

    id: str = Id
    title: str = Text
    audiences: list[str] = Field(min_length=1)
    law_version: Literal["as_enacted_2018", "as_amended_2025"]
    minutes: int = Field(ge=5, le=60)
    instructions: str = Text
    items: list[KnowledgeItem] = Field(min_length=10, max_length=40)

    def form(self, name: str) -> list[KnowledgeItem]:  # the items of one form, in file order
        return [i for i in self.items if i.form == name]


class Scale(Model):
    id: str = Id
    text: str = Text


class Evaluation(Model):
    """What participants thought of the training: 1-5 scales and open questions."""

    title: str = Text
    instructions: str = Text
    low: str = Text     # what 1 means
    high: str = Text    # what 5 means
    scales: list[Scale] = Field(min_length=1)
    open_questions: list[Scale] = Field(min_length=1)


KINDS: dict[str, type[Model]] = {
    "audiences": Audiences, "programme": Programme, "module": Module, "law": LawFile,
    "glossary": Glossary, "contacts": Contacts, "scenario": Scenario, "leaflet": Leaflet, "card": Card,
    "test": KnowledgeTest, "evaluation": Evaluation,
}  # followup.yaml and terms.yaml: models in followup.py and termbase.py
