"""Bring translated PO files back into the overlays, all or nothing.

Every string that would change is checked first: its English is still the English of that
key, its Markdown is safe, it keeps the provision ids and placeholders of the English, and it
uses no term the termbase says to avoid. Each problem is reported at the PO file and line of
its `msgid`. Then every overlay it changes is rendered and read back through the same check
as `tipsom check`; only when all pass is anything written (each file replaced whole).

A fuzzy string is a draft. A string that is not fuzzy is reviewed only when the PO file is
imported `--reviewed-by NAME`: the reviewer's approval, never the translator's or the team's;
otherwise it is a draft of the current English. An unchanged string keeps its state, so
importing files just exported changes nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from babel.messages.pofile import PoFileError, read_po

from ..content.markdown import findings
from ..content.overlays import LANGUAGES, StringState, load_overlay
from ..content.states import state_of, text_hash, translatable
from ..content.terms import _avoid, pattern
from ..content.validate import HINTS
from ..errors import Problem
from .overlayfile import edit, new_file
from .po import english_texts

MAX_PO_BYTES = 5_000_000  # the largest content file's PO is about 100 kB
PROVISION = re.compile(r"\[([a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.()-]*)\]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%(?:\([a-z_]+\))?[sd]")
HINTS.update({
    "invalid-po": "Save the file as a gettext PO file (UTF-8), as `tipsom translations export` wrote it.",
    "po-language": "Keep the header's \"Language: ur\\n\" line (or the code of the language translated).",
    "po-context": "Keep each msgctxt exactly as exported: it names the content file and key the string belongs to.",
    "po-plural": "Write one msgstr per string; content strings have no plural forms.",
    "po-twice": "Give each string once, or the same translation each time.",
    "english-changed": "Export again (`tipsom translations export`) and translate the English as it is now.",
    "changed-provision": "Copy each provision id such as [ptpa-2018/s3] from the English exactly, and add none.",
    "changed-placeholders": "Copy each {placeholder} from the English exactly, untranslated.",
    "broken-overlay": "Run `tipsom check`, fix the translation file it names, then import again.",
    "no-reviewer": "Write the reviewer's name: --reviewed-by \"First Last\".",
})
NOTE = "{language} translation of {file}: strings are drafts until a reviewer approves them (tipsom translations)."


def import_po(cur: Any, files: list[Path], reviewer: str | None) -> tuple[list[Problem], dict[str, int]]:
    """Apply PO `files` to the overlays under `cur.root`. Returns (problems, {overlay file: strings
    changed}); with any problem nothing is written."""
    if reviewer is not None and not reviewer.strip():
        return [Problem("--reviewed-by", 1, "no-reviewer", "name the reviewer")], {}
    known = {file for file, _, _ in translatable(cur)}
    problems: list[Problem] = []
    changes: dict[tuple[str, str], dict[str, tuple[str, StringState]]] = {}
    seen: dict[tuple[str, str, str], str] = {}
    for path in files:
        shown = str(path)
        if path.stat().st_size > MAX_PO_BYTES:
            problems.append(Problem(shown, 1, "invalid-po", f"the file is over {MAX_PO_BYTES:,} bytes; split it"))
            continue
        try:
            with path.open("rb") as f:
                catalog = read_po(f, abort_invalid=True, ignore_obsolete=True)
        except (PoFileError, UnicodeDecodeError, ValueError) as err:
            problems.append(Problem(shown, getattr(err, "lineno", 1) or 1, "invalid-po", f"this is not a PO file Babel can read: {err}"))
            continue
        language = str(catalog.locale) if catalog.locale else ""
        if language not in LANGUAGES:
            problems.append(Problem(shown, 1, "po-language", f"the header's Language: is '{language}'; "
                                    f"write one of {', '.join(LANGUAGES)}"))
            continue
        for m in catalog:
            if not m.id:
                continue
            where = Problem(shown, m.lineno or 1, "", "")
            found = _entry(cur, known, language, m, reviewer, where)
            if isinstance(found, list):
                problems += found
                continue
            if found is None:
                continue
            file, key, text, meta = found
            if seen.setdefault((file, language, key), text) != text:
                problems.append(_at(where, "po-twice", f"'{file}#{key}' is given twice with different translations"))
                continue
            changes.setdefault((file, language), {})[key] = (text, meta)
    if problems:
        return problems, {}
    rendered, problems = _render(cur, changes)
    if problems:
        return problems, {}
    for path, text in rendered.items():
        _replace(path, text)
    return [], {f.removesuffix(".yaml") + f".{lang}.yaml": len(ks) for (f, lang), ks in changes.items()}


def _at(where: Problem, rule: str, message: str) -> Problem:
    return Problem(where.file, where.line, rule, message)


def _entry(cur: Any, known: set[str], language: str, m: Any, reviewer: str | None, where: Problem):
    """(file, key, text, state) for a string that changes, None if it does not, or its problems."""
    file, _, key = (m.context or "").partition("#")
    if file not in known or not key:
        return [_at(where, "po-context", f"msgctxt '{m.context}' names no translatable content file and key "
                                          "(write <file>#<key>, as exported)")]
    english = english_texts(cur, file)
    if key not in english:
        return [_at(where, "unknown-translation-key", f"'{key}' is not a text field of {file}")]
    if not isinstance(m.string, str):
        return [_at(where, "po-plural", "content strings have no plural forms")]
    text = m.string
    if not text:
        return None  # untranslated: nothing to bring back
    overlay = cur.overlays.get((file, language))
    now = overlay.translation.text.get(key) if overlay else None
    meta = overlay.translation.strings.get(key) if overlay else None
    state = state_of(english[key], now, meta)
    if text == now and (state != "reviewed" if m.fuzzy else state == "reviewed" or (state == "draft" and not reviewer)):
        return None  # unchanged, and no one approved it anew (a reviewed string marked fuzzy again is a draft)
    if m.id != english[key]:
        return [_at(where, "english-changed", f"the English of {file}#{key} changed since this file was exported; "
                                               "export again and translate the new English")]
    problems = _validate(cur, language, file, key, english[key], text, where)
    if problems:
        return problems
    if reviewer and not m.fuzzy:
        new = StringState(source=text_hash(english[key]), translation=text_hash(text), state="reviewed",
                          reviewed_by=reviewer.strip(), reviewed_on=date.today())
    else:
        new = StringState(source=text_hash(english[key]), translation=text_hash(text))
    if text == now and meta == new:
        return None
    return file, key, text, new


def _validate(cur: Any, language: str, file: str, key: str, english: str, text: str, where: Problem) -> list[Problem]:
    out = []
    if not text.strip():
        out.append(_at(where, "empty-translation", f"the translation of {file}#{key} is blank"))
    for f in findings(text, cur.root):
        out.append(_at(where, f.rule, f.message))
    for name, rx in (("provision ids", PROVISION), ("placeholders", PLACEHOLDER)):
        want, got = set(rx.findall(english)), set(rx.findall(text))
        if want != got:
            lost = ", ".join(sorted(want - got)) or "none"
            added = ", ".join(sorted(got - want)) or "none"
            out.append(_at(where, f"changed-{name.split()[0]}",
                           f"the {name} differ from the English (left out: {lost}; added: {added}); keep them exactly"))
    if cur.terms is not None:
        overlay_file = file.removesuffix(".yaml") + f".{language}.yaml"
        for _, avoid, preferred in _avoid(cur.terms, language):
            if f"{overlay_file}#{key}" not in avoid.explained_in and pattern(avoid.term).search(text):
                out.append(_at(where, "avoided-term", f"'{avoid.term}' is a term to avoid; write '{preferred}' "
                                                        "(curriculum/terms.yaml says why)"))
    return out


def _render(cur: Any, changes: dict) -> tuple[dict[Path, str], list[Problem]]:
    """Each changed overlay's new text, read back through the overlay check."""
    rendered: dict[Path, str] = {}
    problems: list[Problem] = []
    for (file, language), keys in sorted(changes.items()):
        overlay = cur.overlays.get((file, language))
        shown = file.removesuffix(".yaml") + f".{language}.yaml"
        path = cur.root / shown
        texts = {k: t for k, (t, _) in keys.items()}
        if overlay is None and path.exists():
            problems.append(Problem(shown, 1, "broken-overlay", "this translation file does not load; "
                                    "run `tipsom check` and fix it before importing into it"))
            continue
        if overlay is None:
            states = {k: m for k, (_, m) in keys.items()}
            body = new_file(language, texts, states, NOTE.format(language=language, file=file))
        else:
            states = {**overlay.translation.strings, **{k: m for k, (_, m) in keys.items()}}
            body = edit(path.read_text(encoding="utf-8"), texts, states)
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / path.name
            probe.write_text(body, encoding="utf-8")
            loaded, found = load_overlay(probe, shown, cur.items[file][1], cur.root)
        if loaded is None or any(loaded.translation.text.get(k) != t for k, t in texts.items()):
            problems += found or [Problem(shown, 1, "import-failed", "the new text does not read back as imported")]
            continue
        rendered[path] = body
    return rendered, problems


def _replace(path: Path, text: str) -> None:
    """Write a file whole: a temporary file beside it, then one rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
