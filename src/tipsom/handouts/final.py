"""`tipsom handouts --final`: a print for participants holds no draft and no unreviewed law.

As mdbook-i18n-helpers never publishes a fuzzy entry, a final build refuses, before it builds
anything, while a document it would print reads a translated string that is draft or stale,
a catalog of interface strings marked draft, or a scenario, module, test, leaflet or card
whose law no legal reviewer has signed off as it is now (curriculum/reviews.yaml). It lists
each, by file and key, with the documents that read it.
"""

from __future__ import annotations

from pathlib import Path

from ..content import Curriculum
from ..content.overlays import is_translation
from ..content.states import unfinished
from ..i18n import LOCALE
from ..translation.ledger import LEDGER, unreviewed
from . import language
from .plan import Doc


def refusals(cur: Curriculum, docs: list[Doc]) -> list[str]:
    """One line per draft or stale string, draft catalog or unreviewed document the build would print."""
    root = Path(cur.root).resolve()
    found: dict[str, list[str]] = {}
    for doc in docs:
        files = [p.resolve().relative_to(root).as_posix() for p in doc.inputs
                 if p.resolve().is_relative_to(root) and not is_translation(p) and p.suffix == ".yaml"]
        if doc.language != "en":
            for s in unfinished(cur, doc.language, files):
                found.setdefault(f"{s.overlay_file}: {s.key}: {s.state} translation", []).append(doc.key)
            if language.catalog_is_draft(doc.language):
                catalog = LOCALE / doc.language / "LC_MESSAGES" / "tipsom.po"
                found.setdefault(f"{catalog.relative_to(LOCALE.parents[1]).as_posix()}: the interface strings are a draft (its header says so)", []).append(doc.key)
        for r in unreviewed(cur, files):
            why = f" ({r.why})" if r.why else ""
            found.setdefault(f"{r.file}: law {'never signed off' if r.state == 'never' else 'sign-off stale'}{why}",
                             []).append(doc.key)
    return [f"{line} [{_docs(keys)}]" for line, keys in sorted(found.items())]


def refusal_message(lines: list[str]) -> str:
    return (f"a final print holds no draft or stale translation and no unreviewed law; {len(lines)} thing(s) stand in "
            "the way (review translations: `tipsom translations import --reviewed-by`; law: the legal reviewer's "
            f"`tipsom review sign`, recorded in {LEDGER}):\n  " + "\n  ".join(lines))


def _docs(keys: list[str]) -> str:
    return ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
