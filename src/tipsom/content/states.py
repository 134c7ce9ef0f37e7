"""The state of every translated string, as Weblate and gettext keep it.

A string is `missing` (no translation), `draft` (translated, not yet reviewed: gettext's
fuzzy), `stale` (its English changed since it was translated: the hash of the English kept
beside it in the overlay's `strings:` no longer matches) or `reviewed` (a named reviewer
approved this very translation of this very English; an edit to either makes it stale or
draft again). Beside each translation the overlay keeps the hash of the English it
translates and of the translation itself; a string with no hash, or edited by hand since
(its translation hash differs), is a draft: `scripts/stamp_translations.py` records its
hashes (from git history: the English as it was when that translation was committed). An
entry of a key no longer in `text:` (after a merge that removed it) means nothing; the
script drops it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .overlays import LANGUAGES, StringState, text_fields

STATES = ("missing", "draft", "stale", "reviewed")
UNTRANSLATED_KINDS = ("terms",)  # the termbase holds its own Urdu and Pashto


def text_hash(text: str) -> str:
    """A short hash of a text, blind to trailing spaces and the line break at its end."""
    norm = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


def state_of(english: str, translation: str | None, meta: StringState | None) -> str:
    if translation is None:
        return "missing"
    if meta is None or meta.translation != text_hash(translation):
        return "draft"  # no hash yet, or edited since it was recorded
    if meta.source != text_hash(english):
        return "stale"
    return meta.state


@dataclass(frozen=True)
class String:
    """One English text field of a content file and its translation into one language."""

    file: str  # the English file
    key: str
    language: str
    english: str
    translation: str | None
    meta: StringState | None

    @property
    def state(self) -> str:
        return state_of(self.english, self.translation, self.meta)

    @property
    def overlay_file(self) -> str:
        return self.file.removesuffix(".yaml") + f".{self.language}.yaml"


def translatable(cur: Any) -> Iterator[tuple[str, str, Any]]:
    """(file, kind, item) of every content file whose text is translated."""
    for file, (kind, item) in sorted(cur.items.items()):
        if kind not in UNTRANSLATED_KINDS and not file.rsplit("/", 1)[-1].startswith("_"):
            yield file, kind, item


def strings(cur: Any, language: str, file: str | None = None) -> Iterator[String]:
    """Every string of the curriculum (or of one file) in `language`, in file and key order."""
    for name, _, item in translatable(cur):
        if file is not None and name != file:
            continue
        overlay = cur.overlays.get((name, language))
        text = overlay.translation.text if overlay else {}
        meta = overlay.translation.strings if overlay else {}
        for key, english in text_fields(item.model_dump(mode="json")).items():
            yield String(name, key, language, english, text.get(key), meta.get(key))


def counts(cur: Any, languages: tuple[str, ...] = LANGUAGES) -> dict[str, dict[str, Any]]:
    """Per language: the total of each state, and per file the same counts."""
    out: dict[str, dict[str, Any]] = {}
    for language in languages:
        total: Counter[str] = Counter()
        files: dict[str, Counter[str]] = {}
        for s in strings(cur, language):
            state = s.state
            total[state] += 1
            files.setdefault(s.file, Counter())[state] += 1
        out[language] = {**{k: total[k] for k in STATES},
                         "files": {f: {k: c[k] for k in STATES} for f, c in files.items()}}
    return out


def unfinished(cur: Any, language: str, files: list[str]) -> list[String]:
    """The draft and stale strings of `files` in `language` (what a final print refuses)."""
    wanted = set(files)
    return [s for s in strings(cur, language) if s.file in wanted and s.state in ("draft", "stale")]
