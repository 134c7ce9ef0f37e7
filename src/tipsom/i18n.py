"""Interface strings (headings, labels, feedback phrases) in the reader's language.

Strings are marked in code as `t("...")` where `t = translator(language)`; catalogs are
gettext `.po` files under `tipsom/locale/<lang>/LC_MESSAGES/tipsom.po`, read with Babel
(no compiled `.mo` needed). A string with no translation stays English. `make messages`
extracts the marked strings and updates the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"


@dataclass(frozen=True)
class Language:
    """One entry of the language table (`locale/languages.yaml`)."""

    code: str
    name: str
    native: str
    direction: str
    font: str | None
    required: bool


@cache
def languages() -> dict[str, Language]:
    """The language table, English first: code -> Language."""
    import yaml

    table = yaml.safe_load((LOCALE / "languages.yaml").read_text(encoding="utf-8"))["languages"]
    return {code: Language(code, **entry) for code, entry in table.items()}


def translated_languages() -> tuple[str, ...]:
    """Every language but English: those with overlays and catalogs."""
    return tuple(code for code in languages() if code != "en")


def direction(language: str) -> str:
    entry = languages().get(language)
    return entry.direction if entry else "ltr"


@cache
def catalog(language: str) -> dict[str, str]:
    """msgid -> msgstr for one language (empty and fuzzy entries left out)."""
    path = LOCALE / language / "LC_MESSAGES" / "tipsom.po"
    if language == "en" or not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        po = read_po(f, locale=language)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def translator(language: str) -> Callable[[str], str]:
    """A function giving each interface string in `language` (English if untranslated)."""
    strings = catalog(language)
    return lambda text: strings.get(text, text)


def N_(text: str) -> str:
    """Mark a string for extraction where it is defined; translate it where it is shown."""
    return text
