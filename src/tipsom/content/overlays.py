"""Content translations: `<file>.<lang>.yaml` beside the English source, keyed by content id.

A translation file overlays the English text field by field:

    language: ur
    strings:                 # per string: the hash of the English it translates, its state
      "title": {source: 9f86d081884c, state: draft}
    text:
      title: ...
      questions.classify.prompt: ...
      questions.indicators.options.debt.text: ...

Each string has a state (states.py): missing, draft, stale (its English changed since it was
translated) or reviewed (by a named reviewer, through `tipsom translations import
--reviewed-by`). `scripts/stamp_translations.py` records the hash of strings without one.

A key is the path of a text field in the English item, with list items named by their
`id` (or `term` in the glossary) and plain strings in a list by their position (from 0).
`translate` returns the item with the overlay applied; `report` says, per language and
audience, what is missing and what is still draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from ..errors import Problem
from ..i18n import translated_languages
from .markdown import findings
from .models import Model
from .source import read_file
from .validate import HINTS, validate

HINTS.setdefault("wrong-language", "Write the code of the file name's language: `language: ur` in a .ur.yaml file.")

LANGUAGES = translated_languages()  # from the language table, tipsom/locale/languages.yaml
# What a language edition needs (issue: Urdu editions): text keys per kind of item.
PARTICIPANT_SCENARIO_FIELDS = ("title", "narrative", "questions", "walk", "setting.place")
TRAINER_SCENARIO_FIELDS = ("answer.explanation", "indicators", "human_rights_notes", "gender_notes",
                           "trainer_notes", "debrief")


class StringState(Model):
    """What is known of one translated string: the English it translates, who reviewed it."""

    source: str = Field(pattern=r"^[0-9a-f]{12}$")  # hash of the English text it translates
    translation: str = Field(pattern=r"^[0-9a-f]{12}$")  # hash of the translation this state is about
    state: Literal["draft", "reviewed"] = "draft"
    reviewed_by: str | None = Field(default=None, min_length=1)
    reviewed_on: date | None = None

    @model_validator(mode="after")
    def _reviewed_by_someone(self) -> StringState:
        if (self.state == "reviewed") != bool(self.reviewed_by and self.reviewed_on):
            raise ValueError("a reviewed string, and only a reviewed string, names reviewed_by and reviewed_on")
        return self


class Translation(Model):
    language: str
    status: Literal["draft"] | None = None  # legacy: review is per string (strings:), never per file
    reviewed_by: None = None
    strings: dict[str, StringState] = {}
    text: dict[str, str] = Field(min_length=1)


@dataclass
class Overlay:
    """A loaded translation of one source file."""

    file: str
    source: str
    translation: Translation
    lines: dict[str, int] = field(default_factory=dict)


def translation_path(source: Path, language: str) -> Path:
    return source.with_name(f"{source.stem}.{language}.yaml")


def is_translation(path: Path) -> bool:
    parts = path.name.split(".")
    return len(parts) == 3 and parts[1] in LANGUAGES and parts[2] == "yaml"


def text_fields(data: Any, prefix: str = "") -> dict[str, str]:
    """Every text field of plain data, by translation key."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in NOT_TEXT or (isinstance(v, list) and v and isinstance(v[0], dict)):
                out.update(text_fields(v, f"{prefix}{k}."))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            name = v.get("id") or v.get("term") if isinstance(v, dict) else None
            out.update(text_fields(v, f"{prefix}{name if name else i}."))
    elif isinstance(data, str):
        out[prefix.rstrip(".")] = data
    return out


NOT_TEXT = {"id", "goto", "outcome", "region", "tags", "audiences", "languages", "law_version", "kind",
            "facts", "provisions", "number", "verified", "classification", "agencies", "ptpa_penalty",
            "psma_penalty", "start", "module", "method", "facilitator", "source", "section",
            "number_status", "penalty_status", "modules", "shows", "reading_level", "citations", "asks",
            "confirm_locally", "test", "form", "tests"}


def apply(data: Any, text: dict[str, str], prefix: str = "") -> Any:
    """Plain data with each translated text field replaced (others stay English)."""
    if isinstance(data, dict):
        return {k: apply(v, text, f"{prefix}{k}.") for k, v in data.items()}
    if isinstance(data, list):
        out = []
        for i, v in enumerate(data):
            name = v.get("id") or v.get("term") if isinstance(v, dict) else None
            out.append(apply(v, text, f"{prefix}{name if name else i}."))
        return out
    if isinstance(data, str):
        return text.get(prefix.rstrip("."), data)
    return data


def translate(item: Model, overlay: Overlay | None) -> Model:
    """The item in the overlay's language; unchanged without an overlay."""
    if overlay is None:
        return item
    return type(item).model_validate(apply(item.model_dump(mode="json"), overlay.translation.text))


def load_overlay(path: Path, shown: str, english: Model, root: Path | None = None) -> tuple[Overlay | None, list[Problem]]:
    """Read and check one translation file against its English item (its images against `root`)."""
    src = read_file(path, shown)
    tr = validate(src, Translation)
    if tr is None:
        return None, src.problems
    lines = {k: src.line_of(("text", k)) for k in tr.text}
    known = text_fields(english.model_dump(mode="json"))
    problems = [Problem(shown, lines[k], "unknown-translation-key", f"'{k}' is not a text field of the English source")
                for k in tr.text if k not in known]
    problems += [Problem(shown, lines[k], "empty-translation", f"'{k}' is empty")
                 for k, v in tr.text.items() if not v.strip()]
    if tr.language != shown.rsplit(".", 2)[-2]:
        problems.append(Problem(shown, src.line_of(("language",)), "wrong-language",
                                f"language: {tr.language} in a .{shown.rsplit('.', 2)[-2]}.yaml file"))
    problems += [Problem(shown, src.text_line(("text", k), f.line), f.rule, f.message)
                 for k, v in tr.text.items() for f in findings(v, root or Path("."))]
    if problems:
        return None, problems
    return Overlay(shown, shown.replace(f".{tr.language}.yaml", ".yaml"), tr, lines), []


def required_keys(kind: str, english: Model) -> dict[str, str]:
    """The text keys a language edition needs for one item (participant-facing first)."""
    texts = text_fields(english.model_dump(mode="json"))
    if kind == "scenario":
        wanted = PARTICIPANT_SCENARIO_FIELDS
    elif kind == "module":
        wanted = ("title", "key_points", "objectives")
    elif kind == "audiences":
        wanted = ("audiences",)
    else:
        wanted = ("",)
    return {k: v for k, v in texts.items()
            if any(k == w or k.startswith(w + ".") or not w for w in wanted) and not k.endswith("model_answer")}


REQUIRED_SCENARIO_AUDIENCES = ("elders", "police")


@dataclass(frozen=True)
class Need:
    """One item an audience's edition in a language needs, and how far it is translated."""

    language: str
    audience: str
    file: str
    missing: int
    total: int
    status: str  # missing, partial, translated (whether reviewed: states.py, per string)


def needs(cur: Any, language: str) -> list[Need]:
    """What each audience's `language` edition needs: shared files, its modules, its scenarios."""
    out: list[Need] = []
    for audience in sorted(cur.audiences):
        for file, (kind, item) in sorted(cur.items.items()):
            if not _needed(kind, item, audience):
                continue
            want = required_keys(kind, item)
            overlay = cur.overlays.get((file, language))
            have = overlay.translation.text if overlay else {}
            missing = sum(k not in have for k in want)
            status = "missing" if overlay is None else "partial" if missing else "translated"
            out.append(Need(language, audience, file, missing, len(want), status))
    return out


def _needed(kind: str, item: Any, audience: str) -> bool:
    if kind in ("audiences", "contacts", "glossary"):
        return True
    if kind == "module":
        return audience in item.audiences
    if kind == "scenario":
        return audience in REQUIRED_SCENARIO_AUDIENCES and audience in item.audiences and not item.id.startswith("_")
    return False


def orphans(root: Path) -> list[Problem]:
    """Translation files whose English source does not exist."""
    found = []
    for path in sorted(root.glob("**/*.yaml")):
        if is_translation(path) and ".venv" not in path.parts and "tests" not in path.parts:
            source = path.with_name(path.name.split(".")[0] + ".yaml")
            if not source.exists():
                found.append(Problem(path.relative_to(root).as_posix(), 1, "orphan-translation",
                                     f"no English source {source.name} beside it"))
    return found
