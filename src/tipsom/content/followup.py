"""`curriculum/followup.yaml`: the questionnaire asked months after the training (Kirkpatrick
level 3), exported as an XLSForm by `tipsom programme followup`; its model and check rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ..errors import Problem
from .models import Model, Text
from .source import Source
from .validate import HINTS

HINTS.update({
    "followup-choices": "A select_one or select_multiple question lists two or more choices; other kinds list none.",
    "followup-reserved": "participant_code and event are the form's own fields: give the question another id.",
})
RESERVED = ("participant_code", "event")
FormName = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")  # an XLSForm name: a letter, then letters, digits, '_'


class FollowupChoice(Model):
    id: str = FormName
    text: str = Text


class FollowupQuestion(Model):
    """One question: `select_one` / `select_multiple` list their `choices`; `scale` is 1 to 5
    (the form's `low` and `high`); `count` a whole number from 0; `text` free text."""

    id: str = FormName
    kind: Literal["select_one", "select_multiple", "scale", "count", "text"]
    text: str = Text
    hint: str | None = None
    required: bool = False
    choices: list[FollowupChoice] = []


class Followup(Model):
    """The follow-up questionnaire, exported as an XLSForm for KoboToolbox or ODK Collect."""

    form_id: str = FormName
    version: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")  # a date: raise it when the questions change
    title: str = Text
    months_after: int = Field(ge=1, le=24)
    instructions: str = Text
    code_prompt: str = Text     # the label of the participant code, which every response must carry
    low: str = Text             # what 1 means on a scale
    high: str = Text            # what 5 means
    questions: list[FollowupQuestion] = Field(min_length=1)


def check_followup(cur) -> Iterator[Problem]:
    """The follow-up: unique ids, no field of the form's own, choices where (and only where) picked."""
    src = cur.sources.get("curriculum/followup.yaml") or Source("curriculum/followup.yaml")
    seen: set[str] = set()
    for i, q in enumerate(cur.followup.questions):
        if q.id in seen:
            yield src.problem(("questions", i, "id"), "duplicate-id", f"question id '{q.id}' is used twice")
        if q.id in RESERVED:
            yield src.problem(("questions", i, "id"), "followup-reserved", f"'{q.id}' is a field the form adds itself")
        seen.add(q.id)
        picks = q.kind in ("select_one", "select_multiple")
        if picks and len(q.choices) < 2:
            yield src.problem(("questions", i, "choices"), "followup-choices", f"a {q.kind} question needs two or more choices")
        elif not picks and q.choices:
            yield src.problem(("questions", i, "choices"), "followup-choices", f"a {q.kind} question takes no choices")
        ids = [c.id for c in q.choices]
        for j, cid in enumerate(ids):
            if cid in ids[:j]:
                yield src.problem(("questions", i, "choices", j, "id"), "duplicate-id", f"choice id '{cid}' is used twice")
