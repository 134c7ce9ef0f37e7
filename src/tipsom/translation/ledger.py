"""The legal review ledger, `curriculum/reviews.yaml`: who signed off the law of each document.

Each scenario, module, knowledge test, the leaflet and the card is `signed off` when a legal
reviewer's latest entry matches the document as it is (a hash of its English content) and
the law version they checked it against (the document's own `law_version` where it has
one); `stale` when the document or its law version changed since; `never` without an
entry. `tipsom review sign FILE --by NAME --law-version V` appends an entry; the authors of
the content never sign their own work.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..content.models import Model
from ..content.source import read_file
from ..content.validate import HINTS, validate
from ..errors import ContentError, Problem, TipsomError

LEDGER = "curriculum/reviews.yaml"
REVIEWED_KINDS = ("scenario", "module", "test", "leaflet", "card")
HEAD = """\
# The legal review ledger: a legal reviewer's sign-off of the law in each document, against
# its content (a hash of the English file) and the law version checked. Appended by
# `tipsom review sign FILE --by NAME --law-version V`, never by the authors of the content.
# An edit to a document after its sign-off makes it stale (`tipsom review`).
signoffs:
"""
HINTS.setdefault("ledger", "Each entry of curriculum/reviews.yaml is {file, reviewer, signed_on, content, law_version}.")


class Signoff(Model):
    file: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)
    signed_on: date
    content: str = Field(pattern=r"^[0-9a-f]{12}$")
    law_version: Literal["as_enacted_2018", "as_amended_2025"]


class Ledger(Model):
    signoffs: list[Signoff] | None = None


@dataclass(frozen=True)
class Review:
    file: str
    state: str  # signed off, stale, never
    signoff: Signoff | None
    why: str = ""


def content_hash(item: Any) -> str:
    """A hash of a document's content (its data, not its comments or layout)."""
    data = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def reviewable(cur: Any) -> list[tuple[str, Any]]:
    return [(file, item) for file, (kind, item) in sorted(cur.items.items())
            if kind in REVIEWED_KINDS and not file.rsplit("/", 1)[-1].startswith("_")]


def read_ledger(root: Path) -> list[Signoff]:
    path = root / LEDGER
    if not path.exists():
        return []
    src = read_file(path, LEDGER)
    ledger = validate(src, Ledger) if not src.problems else None
    if ledger is None:
        raise ContentError(src.problems or [Problem(LEDGER, 1, "ledger", "cannot be read")])
    return list(ledger.signoffs or [])


def reviews(cur: Any) -> list[Review]:
    """Every reviewable document's legal review state."""
    latest: dict[str, Signoff] = {}
    for s in read_ledger(cur.root):
        latest[s.file] = s
    out = []
    for file, item in reviewable(cur):
        s = latest.get(file)
        own = getattr(item, "law_version", None)
        if s is None:
            out.append(Review(file, "never", None))
        elif s.content != content_hash(item):
            out.append(Review(file, "stale", s, "edited since the sign-off"))
        elif own is not None and own != s.law_version:
            out.append(Review(file, "stale", s, f"now {own}, signed off for {s.law_version}"))
        else:
            out.append(Review(file, "signed off", s))
    return out


def unreviewed(cur: Any, files: list[str]) -> list[Review]:
    """The documents among `files` whose law is not signed off as they are (for a final print)."""
    wanted = set(files)
    return [r for r in reviews(cur) if r.file in wanted and r.state != "signed off"]


def print_ledger(cur: Any, as_json: bool, require: bool, echo: Callable[..., None]) -> int:
    try:
        found = reviews(cur)
    except ContentError as err:
        for p in err.problems:
            echo(str(p), err=True)
        return 1
    if as_json:
        echo(json.dumps([{"file": r.file, "state": r.state, "why": r.why,
                          **({"reviewer": r.signoff.reviewer, "signed_on": r.signoff.signed_on.isoformat(), "content": r.signoff.content,
                              "law_version": r.signoff.law_version} if r.signoff else {})} for r in found],
                        indent=2, ensure_ascii=False))
    else:
        for r in found:
            by = f" by {r.signoff.reviewer} on {r.signoff.signed_on}, {r.signoff.law_version}" if r.signoff else ""
            echo(f"{r.state:10} {r.file}{by}" + (f" ({r.why})" if r.why else ""))
        counts = {s: sum(r.state == s for r in found) for s in ("signed off", "stale", "never")}
        echo(", ".join(f"{n} {s}" for s, n in counts.items()) + f" (the ledger: {LEDGER}).")
    if require and any(r.state != "signed off" for r in found):
        echo("Not every document's law is signed off as it is now.", err=True)
        return 1
    return 0


def sign(cur: Any, files: list[str], reviewer: str, law_version: str) -> None:
    """Append a sign-off of each of `files`, as they are now, to the ledger."""
    items = dict(reviewable(cur))
    unknown = [f for f in files if f not in items]
    if unknown:
        raise TipsomError(f"not a scenario, module, test, leaflet or card: {', '.join(unknown)}")
    if not reviewer.strip():
        raise TipsomError("name the reviewer: --by \"First Last\"")
    read_ledger(cur.root)  # a broken ledger is reported, never appended to
    path = cur.root / LEDGER
    text = path.read_text(encoding="utf-8") if path.exists() else HEAD
    text = re.sub(r"(?m)^signoffs:.*$", "signoffs:", text, count=1)
    entries = "".join(
        f"  - {{file: {json.dumps(f)}, reviewer: {json.dumps(reviewer.strip(), ensure_ascii=False)}, "
        f"signed_on: {date.today().isoformat()}, content: \"{content_hash(items[f])}\", law_version: {law_version}}}\n"
        for f in files)
    path.write_text(text.rstrip("\n") + "\n" + entries, encoding="utf-8")
