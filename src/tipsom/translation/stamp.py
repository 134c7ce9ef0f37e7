"""Record the hashes of translated strings that have none (`scripts/stamp_translations.py`).

For each translation without a `strings:` entry, or edited by hand since its entry was
written (its translation hash differs), a draft entry is written whose `source` is the hash
of the English *as it was when that translation was committed*: git history says which
commit brought the current translation, and what the English said there. So a translation
whose English changed later comes out stale, as it is. Without history (an uncommitted
edit, no git) the current English is taken. Reviewed entries that still match are never
touched, and entries of keys no longer translated are dropped. Running it twice changes
nothing the second time.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import yaml

from ..content import load_curriculum
from ..content.overlays import StringState, text_fields
from ..content.states import text_hash
from .overlayfile import edit


def stamp(root: Path) -> list[str]:
    """Stamp every overlay under `root`; return the files changed."""
    cur = load_curriculum(root, strict=False)
    changed = []
    for (file, _language), overlay in sorted(cur.overlays.items()):
        english = text_fields(cur.items[file][1].model_dump(mode="json"))
        tr = overlay.translation
        history = _History(root, overlay.file, file)
        strings = {}
        for key, text in tr.text.items():
            meta = tr.strings.get(key)
            if meta is None or meta.translation != text_hash(text):
                then = history.english_when_translated(key, text)
                meta = StringState(source=text_hash(then if then is not None else english.get(key, "")),
                                   translation=text_hash(text))
            strings[key] = meta
        path = root / overlay.file
        raw = path.read_text(encoding="utf-8")
        new = edit(raw, {}, strings)
        if new != raw:
            path.write_text(new, encoding="utf-8")
            changed.append(overlay.file)
    return changed


class _History:
    """The committed versions of one overlay and its English file, newest first."""

    def __init__(self, root: Path, overlay: str, english: str):
        self.root, self.overlay, self.english = root, overlay, english

    @cache  # noqa: B019 - one object per file, dropped after it
    def _commits(self) -> list[str]:
        out = _git(self.root, "log", "--format=%H", "--", self.overlay)
        return out.split() if out else []

    def english_when_translated(self, key: str, text: str) -> str | None:
        """The English of `key` in the oldest commit of the run of newest commits whose
        overlay holds `text` for it (None: not committed so)."""
        found = None
        for commit in self._commits():
            if _texts(self.root, commit, self.overlay, overlay=True).get(key) != text:
                break
            found = commit
        if found is None:
            return None
        return _texts(self.root, found, self.english, overlay=False).get(key)


@cache
def _texts(root: Path, commit: str, file: str, overlay: bool) -> dict[str, str]:
    raw = _git(root, "show", f"{commit}:./{file}")
    try:
        data = yaml.safe_load(raw) if raw else None
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    if overlay:
        text = data.get("text")
        return {k: v for k, v in text.items() if isinstance(v, str)} if isinstance(text, dict) else {}
    return text_fields(data)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
