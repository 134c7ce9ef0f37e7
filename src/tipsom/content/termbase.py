"""The termbase (curriculum/terms.yaml): per concept, the preferred term in each language,
accepted short forms, and the terms to avoid with why. `terms.py` holds translations to it."""

from __future__ import annotations

from pydantic import Field

from .models import Id, Model, Text


class Avoid(Model):
    """A term not to use for a concept in one language, and why."""

    term: str = Text
    why: str = Text
    explained_in: list[str] = []  # "<file>#<key>": the only texts that may name it, to explain it


class Wording(Model):
    """How one language names a concept: the preferred term, accepted short forms, terms to avoid."""

    preferred: str = Text
    also: list[str] = []
    avoid: list[Avoid] = []


class Concept(Model):
    id: str = Id
    why: str = Text  # why these terms: what the avoided ones would make a reader believe
    en: Wording
    ur: Wording
    ps: Wording | None = None  # optional: a language being started (Pashto) names its terms as it goes


class Termbase(Model):
    concepts: list[Concept] = Field(min_length=1)
