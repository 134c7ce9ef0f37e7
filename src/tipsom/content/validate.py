"""Validate one read file against its model, turning every pydantic error into a located
`Problem` with a rule id, a message in the trainers' words and, for a misspelling, "did you mean".
`HINTS` holds the one "how to fix" line per rule that the report prints (checks.py adds its own).
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from .models import Model
from .source import Source

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


def report_lines(problems: list) -> list[str]:
    """The sorted report of located problems: one line each, a summary, one hint per rule."""
    lines = [str(p) for p in sorted(set(problems))]
    lines.append(f"\n{len(problems)} problem(s) in {len({p.file for p in problems})} file(s).")
    rules = sorted({p.rule for p in problems})
    if rules:
        lines.append("How to fix:")
        lines += [f"  [{rule}] {HINTS.get(rule, 'See AUTHORING.md.')}" for rule in rules]
    return lines


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
    """The model inside an annotation (`list[Option]`, `Walk | None`), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
