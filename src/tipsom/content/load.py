"""Load the curriculum: the only reader of content files.

Recipe: find the files (curriculum.py) -> read each (source.py) -> validate it against its
model (validate.py: every pydantic error becomes a located `Problem`) -> read its translation
overlays (overlays.py) -> cross-check the files together (checks.py). `load_curriculum`
raises `ContentError` with every problem; `check_project` returns them, and also holds the
translations to the termbase (terms.py): a term to avoid is for `tipsom check` to report, like
a translation tool's glossary check, and never stops a document or page from being built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..law import Facts
from .checks import cross_check
from .curriculum import Curriculum, content_files, kind_of
from .followup import Followup
from .models import KINDS
from .overlays import LANGUAGES, is_translation, load_overlay, translation_path
from .source import Source, read_bytes, read_file
from .termbase import Termbase
from .terms import terms_checks
from .validate import validate


def read_facts(raw: bytes, name: str) -> tuple[Facts | None, list[Problem]]:
    """Facts from a scenario file or a file holding a `facts:` mapping (for `assess`)."""
    src = read_bytes(raw, name)
    if not src.problems and isinstance(src.data, dict) and "facts" in src.data:
        src.data, src.lines = src.data["facts"], {k[1:]: v for k, v in src.lines.items() if k[:1] == ("facts",)}
    facts = validate(src, Facts)
    return facts, src.problems  # type: ignore[return-value]


def load_curriculum(root: Path | str = ".", strict: bool = True, scope_translations: bool = False) -> Curriculum:
    """Read and check everything under `root`; raise ContentError if anything is wrong.

    With `scope_translations`, a problem in a translation file blocks only what reads that
    file: the file is left out and its problems are kept in `Curriculum.broken` for the
    documents and pages in its language to report.
    """
    cur, problems = _load(Path(root), None)
    if scope_translations:
        for p in problems:
            if is_translation(Path(p.file)):
                cur.broken.setdefault(p.file, []).append(p)
        problems = [p for p in problems if not is_translation(Path(p.file))]
    if problems and strict:
        raise ContentError(problems)
    return cur


def check_project(root: Path | str = ".", files: list[Path] | None = None) -> list[Problem]:
    """Every problem in the project, or only those in `files` and their translations (still checked against it)."""
    _, problems = _load(Path(root), files, terms=True)
    return sorted(set(problems))


def _load(root: Path, only: list[Path] | None, terms: bool = False) -> tuple[Curriculum, list[Problem]]:
    cur = Curriculum(root)
    paths = content_files(root)
    extra = [p for p in (only or []) if p.resolve() not in {q.resolve() for q in paths}]
    for path in paths + extra:
        if not path.exists():
            if path.parent.name == "curriculum":
                src = Source(_shown(path, root))
                src.problem((), "missing-file", "this file is required")
                cur.sources[src.file] = src
            continue
        kind = kind_of(path.resolve(), root.resolve()) or "scenario"
        src = read_file(path, _shown(path, root))
        cur.sources[src.file] = src
        if path.suffix not in (".yaml", ".yml"):
            src.problem((), "not-yaml", "content files end in .yaml")
            continue
        item = validate(src, {"followup": Followup, "terms": Termbase}.get(kind) or KINDS[kind])
        if item is not None:
            cur.items[src.file] = (kind, item)
            _place(cur, kind, item, path)
            _overlays(cur, path, src.file, item, root)
    problems = [p for s in cur.sources.values() for p in s.problems] + cross_check(cur)
    if terms:
        problems += terms_checks(cur)
    if only is not None:  # the files asked for, and their translations
        wanted = {_shown(q, root) for p in only for q in (p, *(translation_path(p, lang) for lang in LANGUAGES))}
        problems = [p for p in problems if p.file in wanted]
    return cur, problems


def _overlays(cur: Curriculum, path: Path, shown: str, item: Any, root: Path) -> None:
    for language in LANGUAGES:
        tpath = translation_path(path, language)
        if tpath.exists():
            overlay, problems = load_overlay(tpath, _shown(tpath, root), item, root)
            if overlay is not None:
                cur.overlays[(shown, language)] = overlay
            cur.sources.setdefault(_shown(tpath, root), Source(_shown(tpath, root))).problems.extend(problems)


def _place(cur: Curriculum, kind: str, item: Any, path: Path) -> None:
    if kind == "audiences":
        cur.audiences = {a.id: a for a in item.audiences}
    elif kind == "programme":
        cur.programme = item
    elif kind == "module":
        cur.modules[item.id] = item
    elif kind == "law":
        cur.laws[item.id] = item
        cur.provisions.update((p.id, p) for p in item.provisions)
    elif kind == "glossary":
        cur.glossary = list(item.terms)
    elif kind == "contacts":
        cur.contacts = list(item.contacts)
    elif kind in ("leaflet", "card", "terms"):
        setattr(cur, kind, item)
    elif kind == "scenario" and not path.name.startswith("_"):
        cur.scenarios[item.id] = item
    elif kind == "test":
        cur.tests[item.id] = item
    elif kind == "evaluation":
        cur.evaluation = item
    elif kind == "followup":
        cur.followup = item


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
