"""`tipsom translations`: each language's strings by state, per file, and what is required."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..content.overlays import LANGUAGES, needs
from ..content.states import STATES, counts, strings
from ..i18n import languages as table

NOT_ALLOWED = {"translated": ("missing",), "current": ("missing", "stale"), "reviewed": ("missing", "draft", "stale")}


def print_states(cur: Any, languages: tuple[str, ...], as_json: bool, require: str | None, verbose: bool,
                 echo: Callable[..., None]) -> int:
    """Print the counts (text or JSON); return the exit status (1: a requirement not met)."""
    chosen = tuple(languages) or LANGUAGES
    found = counts(cur, chosen)
    failing = False
    if as_json:
        echo(json.dumps({lang: ({k: v[k] for k in STATES} | ({"files": v["files"]} if verbose else {}))
                         for lang, v in found.items()}, indent=2, ensure_ascii=False))
    else:
        for lang, v in found.items():
            echo(f"{lang} ({table()[lang].name}): " + ", ".join(f"{v[k]} {k}" for k in STATES))
            for file, c in v["files"].items():
                echo(f"    {file:52} " + " ".join(f"{c[k]:4} {k}" for k in STATES))
                if verbose:
                    for s in strings(cur, lang, file):
                        if s.state == "stale":
                            echo(f"        stale: {s.key} (its English changed since it was translated)")
    for lang in chosen:
        if table()[lang].required:
            failing |= _required(cur, lang, verbose and not as_json, echo)
    if require:
        bad = {lang: sum(v[k] for k in NOT_ALLOWED[require]) for lang, v in found.items()}
        for lang, n in bad.items():
            if n:
                files = [f for f, c in found[lang]["files"].items() if any(c[k] for k in NOT_ALLOWED[require])]
                echo(f"{lang}: {n} string(s) not {require}, in {len(files)} file(s) "
                     f"(states not allowed: {', '.join(NOT_ALLOWED[require])}).", err=True)
                failing = True
    return 1 if failing else 0


def _required(cur: Any, language: str, verbose: bool, echo: Callable[..., None]) -> bool:
    """The files every audience's edition needs (AUTHORING.md section 7): True if one is missing."""
    by_audience = defaultdict(list)
    for need in needs(cur, language):
        by_audience[need.audience].append(need)
    failing = False
    for audience, items in by_audience.items():
        missing = [n for n in items if n.status in ("partial", "missing")]
        failing |= bool(missing)
        if verbose or missing:
            echo(f"{language} {audience:14} {len(items):3} files needed, {len(missing)} not translated")
        for n in items if verbose else missing:
            left = f" ({n.missing} of {n.total} text fields untranslated)" if n.missing else ""
            echo(f"    {n.status:8} {n.file}{left}")
    if failing:
        echo(f"Required {language} translations are missing: add <file>.{language}.yaml beside each "
             "file listed (see AUTHORING.md).", err=True)
    return failing
