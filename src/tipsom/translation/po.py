"""Translators work in gettext PO files, written and read with Babel.

`export` writes one PO file per content file (`scenarios/nushki-truck.po`): each English
text field is a `msgid`, its `msgctxt` the English file and key (`scenarios/nushki-truck.yaml#
narrative`), its `msgstr` the translation so far. Draft and stale strings are fuzzy, as
gettext's msgmerge marks a guess and as mdbook-i18n-helpers never publishes one; reviewed
strings are not. Notes for the translator (`#.`) name the audience, the termbase's terms the
English uses (with the terms to avoid) and why a string is stale. `import_po` (po_import.py)
brings them back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ..content.overlays import text_fields
from ..content.states import String, strings, translatable
from ..content.terms import pattern
from ..i18n import languages

TRAINERS = ("answer", "trainer_notes", "debrief", "indicators", "human_rights_notes", "gender_notes")
KEEP = ("Keep provision ids such as [ptpa-2018/s3], PTPA, PSMA, FIA, {placeholders}, links and "
        "Markdown (**bold**, lists, ### headings) as in the English.")


HEADER = """\
# {name} translation of {file} (tipsom). Translators: write each msgstr and leave fuzzy
# what is not final. Reviewers: clear the fuzzy flag of each string you approve, then
# `tipsom translations import --reviewed-by "YOUR NAME" FILE.po`. Keep each msgctxt.
#"""


def po_name(file: str) -> str:
    """The PO file of a content file, relative to the export folder."""
    return file.removesuffix(".yaml") + ".po"


def export(cur: Any, language: str, out: Path) -> list[Path]:
    """Write the PO files of every translatable content file into `out`; return them."""
    written = []
    for file, kind, item in translatable(cur):
        catalog = Catalog(locale=language, project="tipsom", fuzzy=False, charset="utf-8",
                          header_comment=HEADER.format(name=languages()[language].name, file=file),
                          creation_date=datetime.now(UTC), language_team=languages()[language].name)
        for s in strings(cur, language, file):
            flags = {"fuzzy"} if s.state in ("draft", "stale") else set()
            catalog.add(s.english, s.translation or "", context=f"{file}#{s.key}", flags=flags,
                        auto_comments=notes(cur, kind, item, s))
        if not len(catalog):
            continue
        path = out / po_name(file)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=0, sort_output=False)
        written.append(path)
    return written


def notes(cur: Any, kind: str, item: Any, s: String) -> list[str]:
    """What a translator needs beside the English: who reads it, its terms, its state."""
    out = [f"Audience: {audience(cur, kind, item, s.key)}."]
    out += [f"Term: {t}" for t in terms_in(cur, s.english, s.language)]
    if s.state == "stale":
        out.append("Stale: the English changed since this was translated. Check the translation against it, "
                   "then clear the fuzzy flag.")
    elif s.state == "draft":
        out.append("Draft: not yet reviewed. A reviewer clears the fuzzy flag of each string they approve.")
    if any(mark in s.english for mark in ("[", "{", "**", "\n", "%")):
        out.append(KEEP)
    return out


def audience(cur: Any, kind: str, item: Any, key: str) -> str:
    """Who reads a string, in the trainers' words."""
    names = {a.id: a.name for a in cur.audiences.values()}
    if kind == "scenario" and key.split(".")[0] in TRAINERS or key.endswith(("trainer_notes", "model_answer")):
        return "trainers only (the trainer guide)"
    parts = key.split(".")
    if kind == "leaflet" and parts[0] == "audiences" and len(parts) > 1 and parts[1] in cur.audiences:
        a = cur.audiences[parts[1]]
        return f"{a.name}, at most {a.max_sentence_words} words a sentence"
    ids = getattr(item, "audiences", None)
    if isinstance(ids, list | tuple) and ids and all(isinstance(i, str) for i in ids):
        return ", ".join(names.get(i, i) for i in ids)
    if kind in ("leaflet", "card"):
        return "every audience; the shared text keeps to the elders' 15 words a sentence"
    return "every audience" if kind in ("audiences", "glossary", "contacts", "programme") else "participants and trainers"


def terms_in(cur: Any, english: str, language: str) -> list[str]:
    """The termbase's concepts an English text names: preferred term, accepted forms, terms to avoid."""
    if cur.terms is None:
        return []
    out = []
    for concept in cur.terms.concepts:
        wording = getattr(concept, language, None)
        names = [concept.en.preferred, *concept.en.also]
        if wording is None or not any(pattern(n).search(english) or pattern(n.lower()).search(english.lower()) for n in names):
            continue
        line = f"{concept.en.preferred} = {wording.preferred}"
        if wording.also:
            line += f" (also: {', '.join(wording.also)})"
        if wording.avoid:
            line += f"; avoid: {', '.join(a.term for a in wording.avoid)}"
        out.append(line)
    return out


def english_texts(cur: Any, file: str) -> dict[str, str]:
    return text_fields(cur.items[file][1].model_dump(mode="json"))
