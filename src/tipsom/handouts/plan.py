"""Step 1 of `make handouts` (see `build.py`): which documents to build, and what each reads.

English: the trainer guide and each audience's handout and participant workbook. Every
other language the content is translated into (Urdu: `<file>.ur.yaml` overlays) gets each
audience's two participant editions again; the trainer guide stays English, as trainer-only
fields are not translated. A document in another language also reads each of its files'
translations (there or not yet: a new one rebuilds it), its gettext catalog, its font and
its print CSS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content import Curriculum
from ..content.overlays import is_translation, translation_path
from ..errors import TipsomError
from ..i18n import LOCALE, direction

HERE = Path(__file__).resolve().parent  # the handouts package: its templates
PACKAGE = HERE.parent  # tipsom: its fonts and catalogs
LANGUAGES = {"en": "English", "ur": "Urdu"}
TRAINER_LANGUAGES = ("en",)  # trainer-only fields are not translated: the guide stays English
PARTICIPANT_EDITIONS = ("handout", "participant_workbook")
TRAINER = "trainer"


@dataclass(frozen=True)
class Doc:
    """One printed document: an audience's edition in a language."""

    audience: str
    edition: str
    language: str
    notebook: Path
    inputs: tuple[Path, ...]

    @property
    def key(self) -> str:
        return f"{self.audience}/{self.language}/{self.edition}"

    def outputs(self, out: Path) -> dict[str, Path]:
        return {ext: out / self.audience / self.language / f"{self.edition}.{ext}" for ext in ("html", "pdf")}


def plan(cur: Curriculum, audiences: list[str] | None = None, languages: list[str] | None = None) -> list[Doc]:
    """The documents to build: the trainer guide, then each audience's two editions, per language.

    Without `languages`: English, and every other language the content has translations in.
    Planning decides documents and their inputs only; titles are made where a document is
    rendered (`language.titles`).
    """
    known = [*cur.audiences, TRAINER]
    for a in audiences or []:
        if a not in known:
            raise TipsomError(f"unknown audience '{a}'; choose from {', '.join(known)}")
    for lang in languages or []:
        if lang not in LANGUAGES:
            raise TipsomError(f"unknown language '{lang}'; choose from {', '.join(LANGUAGES)}")
    chosen = audiences or known
    translated = {lang for _, lang in cur.overlays}
    langs = [lang for lang in LANGUAGES if lang in (languages or ["en", *translated])]
    root = cur.root
    docs = []
    for lang in langs:
        if TRAINER in chosen and lang in TRAINER_LANGUAGES:
            docs.append(Doc(TRAINER, "trainer_guide", lang, notebook(root, "trainer_guide"),
                            tuple(_content_files(root))))
        for aid, a in cur.audiences.items():
            if aid not in chosen:
                continue
            files = [root / "curriculum" / f"{n}.yaml" for n in ("audiences", "programme", "glossary", "contacts")]
            files += sorted((root / "curriculum" / "law").glob("*.yaml"))
            files += [root / "curriculum" / "modules" / f"{m}.yaml" for m in a.modules]
            files += [root / "scenarios" / f"{s.id}.yaml" for s in cur.scenarios.values() if aid in s.audiences]
            files = [f for f in files if not is_translation(f)]  # the law folder also holds translations
            if lang != "en":  # each file's translation, there or not (a new one rebuilds), and the catalog
                files += [translation_path(f, lang) for f in files] + language_files(lang)
            for edition in PARTICIPANT_EDITIONS:
                docs.append(Doc(aid, edition, lang, notebook(root, "handout"), tuple(sorted(set(files)))))
    return docs


def blocked(cur: Curriculum, docs: list[Doc]) -> dict[str, str]:
    """The documents that read a translation file which failed its check (`Curriculum.broken`):
    key -> why, naming the file's first problem. Every other document still builds."""
    root, out = Path(cur.root).resolve(), {}
    for doc in docs if cur.broken else []:
        read = [p.resolve().relative_to(root).as_posix() for p in doc.inputs if p.resolve().is_relative_to(root)]
        problems = [p for name in read for p in cur.broken.get(name, [])]
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            out[doc.key] = f"{doc.key}: {problems[0]}{more}; fix it and run `tipsom check`"
    return out


def language_files(language: str) -> list[Path]:
    """What only this language's documents read: its catalog, its font CSS and the font
    files that names, its print CSS, and the right-to-left CSS for such a language."""
    fonts, templates = PACKAGE / "fonts", HERE / "templates" / "handout"
    css = fonts / f"fonts-{language}.css"
    files = [LOCALE / language / "LC_MESSAGES" / "tipsom.po", css, templates / f"print-{language}.css"]
    if css.exists():
        files += [fonts / name for name in sorted(set(re.findall(r"url\(['\"]?([\w.-]+)", css.read_text(encoding="utf-8"))))]
    return files + ([templates / "print-rtl.css"] if direction(language) == "rtl" else [])


def notebook(root: Path, name: str) -> Path:
    """The project's notebook; a project without notebooks/ (a test fixture) uses the package's."""
    own = Path(root) / "notebooks" / f"{name}.ipynb"
    return (own if own.exists() else PACKAGE.parents[1] / "notebooks" / f"{name}.ipynb").resolve()


def _content_files(root: Path) -> list[Path]:
    from ..content.curriculum import content_files

    return [p for p in content_files(Path(root)) if p.exists()]
