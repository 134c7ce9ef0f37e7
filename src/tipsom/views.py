"""What a given reader may see: `view_for(item, audience, edition, language)`. Pure.

Editions: `handout` and `participant_workbook` are for participants; `trainer_guide`
and the live `trainer` mode see everything. Which scenario fields a participant edition
shows is data (`curriculum/audiences.yaml`); answer material never reaches it.
"""

from __future__ import annotations

from typing import Any

from .content.models import TRAINER_ONLY, Audience, Module, Scenario

PARTICIPANT_EDITIONS = ("leaflet", "referral_card", "word_list", "handout", "participant_workbook", "participant")
TRAINER_EDITIONS = ("trainer_guide", "trainer")
ANSWER_KEYS_IN_QUESTIONS = ("model_answer",)
ANSWER_KEYS_IN_OPTIONS = ("correct", "feedback")


def is_participant(edition: str) -> bool:
    if edition in PARTICIPANT_EDITIONS:
        return True
    if edition in TRAINER_EDITIONS:
        return False
    raise ValueError(f"unknown edition {edition!r}")


def view_for(item: Scenario | Module, audience: Audience, edition: str, language: str = "en") -> dict[str, Any]:
    """The fields of `item` this audience's edition shows, as plain data.

    A participant view keeps only the fields the audience's edition lists (the live
    `participant` mode uses the participant workbook's list), drops questions meant for
    other audiences, and strips every answer from questions; a trainer view keeps all.
    `language` is accepted for the Urdu editions; content is English until translated.
    """
    data = item.model_dump(mode="json")
    participant = is_participant(edition)
    if isinstance(item, Module):
        return {k: v for k, v in data.items() if not (participant and k in TRAINER_ONLY)}
    if participant:
        shows = getattr(audience.shows, "handout" if edition == "handout" else "participant_workbook")
        data = {k: data[k] for k in ("id", *shows) if k in data and k not in TRAINER_ONLY}
    if "questions" in data:
        data["questions"] = [_question(q, participant) for q in data["questions"]
                             if not q["audiences"] or audience.id in q["audiences"]]
    return data


def _question(q: dict, participant: bool) -> dict:
    if not participant:
        return q
    q = {k: v for k, v in q.items() if k not in ANSWER_KEYS_IN_QUESTIONS}
    q["options"] = [{k: v for k, v in o.items() if k not in ANSWER_KEYS_IN_OPTIONS} for o in q["options"]]
    return q
