"""Load the curriculum: the only reader of content files.

Recipe: find the files -> read each (source.py) -> validate it against its model
(models.py), turning every pydantic error into a located `Problem` -> cross-check the
files together (checks.py). `load_curriculum` raises `ContentError` with every
problem; `check_project` returns them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem
from .law import Facts
from .models import KINDS, Audience, Contact, LawFile, Model, Module, Programme, Provision, Scenario, Term
from .source import Source, read_bytes, read_file
from .translations import LANGUAGES, Overlay, is_translation, load_overlay, translate, translation_path

RULE_OF_ERROR = {
    "extra_forbidden": "unknown-key", "missing": "missing-key", "literal_error": "unknown-value",
    "string_pattern_mismatch": "bad-id", "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range", "greater_than": "out-of-range", "less_than": "out-of-range",
    "too_short": "too-short", "string_too_short": "too-short", "too_long": "too-long",
}
HINTS = {
    "invalid-yaml": "Check the quoting and indentation near the line named; a YAML linter shows the exact spot.",
    "tab-indent": "Indent with spaces only (two per level).",
    "empty-file": "Copy scenarios/_template.yaml and fill it in, or delete the empty file.",
    "not-a-mapping": "A content file is a mapping of keys (`id: ...`, `title: ...`), not a list.",
    "binary-file": "Only YAML text files belong here; move the file out of the content folders.",
    "not-utf8": "Save the file as UTF-8 (most editors: 'Save with encoding').",
    "yaml-alias": "Write each value out in full; anchors and aliases are not used in content.",
    "too-deep": "Content is never nested this deep; look for a runaway indentation.",
    "unsafe-tag": "Remove the `!!` tag; plain YAML values are all that content needs.",
    "duplicate-key": "Keep one of the two keys; YAML would otherwise silently drop the first.",
    "unknown-key": "Remove the key or fix its spelling; scenarios/_template.yaml lists every key.",
    "missing-key": "Add the key; scenarios/_template.yaml shows it with a comment.",
    "unknown-value": "Use one of the values listed in the message.",
    "wrong-type": "Give the kind of value the message names (a list is written `[a, b]` or as `- a` lines).",
    "out-of-range": "Give a number inside the range named.",
    "bad-id": "Ids are lower-case letters, digits, '-' and '_'.",
}


@dataclass
class Curriculum:
    """Everything trainers own, validated and cross-checked."""

    root: Path
    audiences: dict[str, Audience] = field(default_factory=dict)
    programme: Programme | None = None
    modules: dict[str, Module] = field(default_factory=dict)
    laws: dict[str, LawFile] = field(default_factory=dict)
    provisions: dict[str, Provision] = field(default_factory=dict)
    glossary: list[Term] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    items: dict[str, tuple[str, Any]] = field(default_factory=dict)  # file -> (kind, model)
    overlays: dict[tuple[str, str], Overlay] = field(default_factory=dict)  # (file, language)

    def file_of(self, item: Any) -> str | None:
        return next((f for f, (_, it) in self.items.items() if it is item), None)

    def localise(self, item: Any, language: str) -> Any:
        """The item in `language` (English where no translation of a field exists)."""
        if language == "en":
            return item
        return translate(item, self.overlays.get((self.file_of(item) or "", language)))

    def is_translated(self, item: Any, language: str) -> bool:
        return language == "en" or (self.file_of(item) or "", language) in self.overlays


def kind_of(path: Path, root: Path) -> str | None:
    """Which model a file under `root` is validated against (None: not content)."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if rel.startswith("scenarios/"):
        return "scenario"
    if rel.startswith("curriculum/modules/"):
        return "module"
    if rel.startswith("curriculum/law/"):
        return "law"
    name = Path(rel).stem
    return name if name in ("audiences", "programme", "glossary", "contacts") else None


def content_files(root: Path) -> list[Path]:
    files = [root / "curriculum" / f"{n}.yaml" for n in ("audiences", "programme", "glossary", "contacts")]
    for folder in ("curriculum/modules", "curriculum/law", "scenarios"):
        files += sorted(p for p in (root / folder).glob("*")
                        if p.is_file() and not p.name.startswith(".") and not is_translation(p))
    return files


def validate(src: Source, model: type[Model]) -> Model | None:
    """Validate a read file against its model; problems go into `src.problems`."""
    if src.problems:
        return None
    if not isinstance(src.data, dict):
        found = type(src.data).__name__.replace("NoneType", "nothing")
        src.problem((), "not-a-mapping", f"the file holds a {found}, not a mapping of keys")
        return None
    try:
        return model.model_validate(src.data)
    except ValidationError as err:
        for e in err.errors(include_url=False):
            _report(src, model, e)
        return None


def _report(src: Source, model: type[Model], e: dict) -> None:
    loc, kind = tuple(e["loc"]), e["type"]
    where = ".".join(str(p) for p in loc) or "the file"
    rule = RULE_OF_ERROR.get(kind, kind if "-" in kind else "wrong-type")
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        msg = f"'{loc[-1]}' is not a known key here{_did_you_mean(str(loc[-1]), known)}"
    elif kind == "missing":
        msg = f"'{where}' is missing"
    elif kind == "literal_error":
        allowed = e.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in allowed.replace(" or ", ",").split(",") if o.strip(" '")]
        msg = f"{where}: {e['input']!r} is not allowed; use one of {allowed}{_did_you_mean(str(e['input']), options)}"
    elif rule in ("wrong-type", "out-of-range", "too-short", "too-long", "bad-id"):
        msg = f"{where}: {e['msg'].lower()} (found {_short(e['input'])})"
    else:
        msg = f"{where}: {e['msg']}"
    src.problem(loc, rule, msg)


def _fields_at(model: type[Model], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    for arg in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner_model(arg) if getattr(arg, "__args__", None) else None
        if inner is not None:
            return inner
    return None


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_facts(raw: bytes, name: str) -> tuple[Facts | None, list[Problem]]:
    """Facts from a scenario file or a file holding a `facts:` mapping (for `assess`)."""
    src = read_bytes(raw, name)
    if not src.problems and isinstance(src.data, dict) and "facts" in src.data:
        src.data, src.lines = src.data["facts"], {k[1:]: v for k, v in src.lines.items() if k[:1] == ("facts",)}
    facts = validate(src, Facts)
    return facts, src.problems  # type: ignore[return-value]


def load_curriculum(root: Path | str = ".", strict: bool = True) -> Curriculum:
    """Read and check everything under `root`; raise ContentError if anything is wrong."""
    cur, problems = _load(Path(root), None)
    if problems and strict:
        raise ContentError(problems)
    return cur


def check_project(root: Path | str = ".", files: list[Path] | None = None) -> list[Problem]:
    """Every problem in the project, or only those in `files` (still checked against it)."""
    _, problems = _load(Path(root), files)
    return sorted(set(problems))


def _load(root: Path, only: list[Path] | None) -> tuple[Curriculum, list[Problem]]:
    from .checks import cross_check

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
        item = validate(src, KINDS[kind])
        if item is not None:
            cur.items[src.file] = (kind, item)
            _place(cur, kind, item, path)
            _overlays(cur, path, src.file, item, root)
    problems = [p for s in cur.sources.values() for p in s.problems] + cross_check(cur)
    if only is not None:
        wanted = {_shown(p, root) for p in only}
        problems = [p for p in problems if p.file in wanted]
    return cur, problems


def _overlays(cur: Curriculum, path: Path, shown: str, item: Any, root: Path) -> None:
    for language in LANGUAGES:
        tpath = translation_path(path, language)
        if tpath.exists():
            overlay, problems = load_overlay(tpath, _shown(tpath, root), item)
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
    elif kind == "scenario" and not path.name.startswith("_"):
        cur.scenarios[item.id] = item


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
