"""The termbase check: translations use the preferred terms of `curriculum/terms.yaml`.

Like the glossary checks of Weblate or Crowdin, `avoided-term` reports each term a concept
lists under `avoid:` for a language wherever a translation into that language uses it, with
the file, the line and the preferred term. A text that must name an avoided term to explain
it (the glossary's note that the press uses one word for two crimes) is listed by file and
key under that term's `explained_in:`; nothing else is excused, and an exception that no
longer names such a text is itself reported (`stale-term-exception`), so it cannot hide later
uses. `term-conflict`: a preferred or accepted term that holds a term to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import Problem
from ..i18n import LOCALE
from .curriculum import Curriculum
from .overlays import LANGUAGES, Overlay
from .source import Source
from .termbase import Avoid, Concept, Termbase
from .validate import HINTS

HINTS.update({
    "avoided-term": "Write the preferred term the message names (curriculum/terms.yaml says why); "
                    "a text that must name the avoided term to explain it is listed under its explained_in:.",
    "stale-term-exception": "Write explained_in: as \"<translation file>#<key>\" of a text that names the term, "
                            "or remove the exception.",
    "term-conflict": "A preferred or accepted term must not contain a term the same language avoids.",
})


def pattern(term: str) -> re.Pattern[str]:
    """A term as a whole-word pattern; its words may be split by any white space or line break."""
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)")


def terms_checks(cur: Curriculum) -> Iterator[Problem]:
    if cur.terms is None:
        return
    name = cur.file_of(cur.terms) or "curriculum/terms.yaml"
    src = cur.sources.get(name) or Source(name)
    yield from _conflicts(src, cur.terms)
    for (_, language), overlay in sorted(cur.overlays.items(), key=lambda kv: kv[0]):
        yield from _avoided(cur, overlay, language)
    for language in LANGUAGES:
        yield from _catalog(cur, language)
    yield from _stale(cur, src, cur.terms)


def _avoid(terms: Termbase, language: str) -> Iterator[tuple[int, Avoid, str]]:
    """Each term to avoid in `language`: its concept's index, the entry, the preferred term."""
    for c, concept in enumerate(terms.concepts):
        wording = getattr(concept, language, None)
        for a in wording.avoid if wording else []:
            yield c, a, wording.preferred


def _avoided(cur: Curriculum, overlay: Overlay, language: str) -> Iterator[Problem]:
    raw = _raw_lines(cur.root, overlay.file)
    for key, text in overlay.translation.text.items():
        for _, a, preferred in _avoid(cur.terms, language):
            if f"{overlay.file}#{key}" in a.explained_in:
                continue
            for n, _ in enumerate(pattern(a.term).finditer(text)):
                yield Problem(overlay.file, _line(raw, overlay, key, a.term, n), "avoided-term",
                              f"'{a.term}' is a term to avoid ({_first(a.why)}); write '{preferred}'")


def _catalog(cur: Curriculum, language: str) -> Iterator[Problem]:
    """The interface strings (`tipsom/locale/<language>/.../tipsom.po`) are a translation too."""
    from babel.messages.pofile import read_po

    path = LOCALE / language / "LC_MESSAGES" / "tipsom.po"
    if not path.exists():
        return
    try:
        shown = path.resolve().relative_to(cur.root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    with path.open("rb") as f:
        po = read_po(f, locale=language)
    raw = path.read_text(encoding="utf-8").splitlines()
    for m in po:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in (s for s in strings if s and m.id):
            for _, a, preferred in _avoid(cur.terms, language):
                for _ in pattern(a.term).finditer(text):
                    line = next((i for i in range(m.lineno, len(raw) + 1) if raw[i - 1].startswith("msgstr")), m.lineno)
                    yield Problem(shown, line, "avoided-term",
                                  f"'{a.term}' is a term to avoid ({_first(a.why)}); write '{preferred}'")


def _languages(terms: Termbase) -> list[str]:
    """English and each language of the table that the termbase has a field for (ur, ps)."""
    return ["en", *(code for code in LANGUAGES if code in Concept.model_fields)]


def _first(why: str) -> str:
    """The first sentence of a reason, for the message."""
    return re.split(r"(?<=[.;])\s", " ".join(why.split()), maxsplit=1)[0].rstrip(".;")


def _raw_lines(root: Path, file: str) -> list[str]:
    try:
        return (root / file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line(raw: list[str], overlay: Overlay, key: str, term: str, n: int) -> int:
    """The line of the `n`-th use of `term` in the text of `key` (the key's line if not found)."""
    start = overlay.lines.get(key, 1)
    after = sorted(v for v in overlay.lines.values() if v > start)
    end = after[0] - 1 if after else len(raw)
    region = "\n".join(raw[start - 1:end])
    found = list(pattern(term).finditer(region))
    if n < len(found):
        return start + region[:found[n].start()].count("\n")
    return start


def _stale(cur: Curriculum, src: Source, terms: Termbase) -> Iterator[Problem]:
    texts = {(ov.file, k): v for ov in cur.overlays.values() for k, v in ov.translation.text.items()}
    for c, concept in enumerate(terms.concepts):
        for language in _languages(terms):
            wording = getattr(concept, language, None)
            for i, a in enumerate(wording.avoid if wording else []):
                for j, entry in enumerate(a.explained_in):
                    file, _, key = entry.partition("#")
                    if not pattern(a.term).search(texts.get((file, key), "")):
                        yield src.problem(("concepts", c, language, "avoid", i, "explained_in", j), "stale-term-exception",
                                          f"'{entry}' is no translated text that names '{a.term}'")


def _conflicts(src: Source, terms: Termbase) -> Iterator[Problem]:
    for language in _languages(terms):
        avoided = [a.term for _, a, _ in _avoid(terms, language)]
        for c, concept in enumerate(terms.concepts):
            wording = getattr(concept, language, None)
            if wording is None:
                continue
            for field, term in [("preferred", wording.preferred), *(("also", t) for t in wording.also)]:
                for bad in avoided:
                    if pattern(bad).search(term):
                        yield src.problem(("concepts", c, language, field), "term-conflict",
                                          f"'{term}' contains '{bad}', a term to avoid in the same language")
