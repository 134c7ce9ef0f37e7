"""Step 1 of `make handouts` (see `build.py`): which documents to build, and what each reads.

English: the trainer guide and each audience's print pack: the leaflet, the referral card,
the one-page word list and the day's workbook (the long reference handout only when asked for). Every other
language the content is translated into (Urdu: `<file>.ur.yaml` overlays) gets each
audience's participant editions again; the trainer guide stays English, as trainer-only
fields are not translated. A document in another language also reads each of its files'
translations (there or not yet: a new one rebuilds it), its gettext catalog, its font and
its print CSS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content import Curriculum
from ..content.order import day_scenarios
from ..content.overlays import is_translation, translation_path
from ..errors import TipsomError
from ..i18n import LOCALE, direction, languages

HERE = Path(__file__).resolve().parent  # the handouts package: its templates
PACKAGE = HERE.parent  # tipsom: its fonts and catalogs
LANGUAGES = {code: lang.name for code, lang in languages().items()}  # the language table
TRAINER_LANGUAGES = ("en",)  # trainer-only fields are not translated: the guide stays English
PACK = ("leaflet", "referral_card", "word_list", "participant_workbook")  # what `make handouts` prints for each participant
REFERENCE = ("handout",)  # the long reference handout: only with --edition reference
EDITIONS = {"pack": PACK, "reference": REFERENCE}
PARTICIPANT_EDITIONS = PACK + REFERENCE
TRAINER = "trainer"
OWN_FILES = {"leaflet": ("leaflet",), "referral_card": ("card",), "word_list": ("glossary",)}  # curriculum/<name>.yaml a sheet reads


@dataclass(frozen=True)
class Doc:
    """One printed document: an audience's edition in a language."""

    audience: str
    edition: str
    language: str
    notebook: Path
    inputs: tuple[Path, ...]
    scenarios: tuple[str, ...] = ()  # chosen by hand (--scenarios); empty: the programme's
    day: int = 0  # the trainer guide of one day of the programme; 0: the whole guide

    @property
    def name(self) -> str:
        return f"{self.edition}-day{self.day}" if self.day else self.edition

    @property
    def key(self) -> str:
        return f"{self.audience}/{self.language}/{self.name}"

    def outputs(self, out: Path) -> dict[str, Path]:
        return {ext: out / self.audience / self.language / f"{self.name}.{ext}" for ext in ("html", "pdf")}


def plan(cur: Curriculum, audiences: list[str] | None = None, languages: list[str] | None = None,
         editions: list[str] | None = None, scenarios: list[str] | None = None) -> list[Doc]:
    """The documents to build: the trainer guide, then each audience's print pack (leaflet,
    referral card, the day's workbook; with `editions=["reference"]` the reference handout
    instead, or both), per language.

    Without `languages`: English, and in every other language each document whose own
    content (the leaflet, the card, the workbook's scenarios and modules) has a translation.
    `scenarios` (ids) replaces the programme's choice of scenarios for every workbook.
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
    for name in editions or []:
        if name not in EDITIONS:
            raise TipsomError(f"unknown edition '{name}'; choose from {', '.join(EDITIONS)}")
    for sid in scenarios or []:
        if sid not in cur.scenarios:
            raise TipsomError(f"unknown scenario '{sid}'; `tipsom list` shows every scenario id")
    wanted = [e for name in (editions or ["pack"]) for e in EDITIONS[name]]
    wanted = [e for e in wanted if e not in OWN_FILES or all(getattr(cur, n) for n in OWN_FILES[e])]
    chosen = audiences or known
    translated = {lang for _, lang in cur.overlays}
    langs = [lang for lang in LANGUAGES if lang in (languages or ["en", *translated])]
    root = cur.root
    docs = []
    for lang in langs:
        if TRAINER in chosen and lang in TRAINER_LANGUAGES:
            guide = Doc(TRAINER, "trainer_guide", lang, notebook(root, "trainer_guide"), tuple(_content_files(root)))
            days = [d.day for d in cur.programme.days] if cur.programme and len(cur.programme.days) > 1 else []
            docs += [guide] + [Doc(guide.audience, guide.edition, lang, guide.notebook, guide.inputs, day=n) for n in days]
        for aid, a in cur.audiences.items():
            if aid not in chosen:
                continue
            for edition in wanted:
                if edition == "word_list" and not any(aid in t.audiences for t in cur.glossary):
                    continue  # no terms chosen for this audience's word list (glossary.yaml `audiences`)
                picked = tuple(scenarios or ()) if edition == "participant_workbook" else ()
                files = _inputs(cur, a, edition, picked)
                if lang != "en" and not languages and not _has_content(cur, aid, files, edition, lang):
                    continue  # nothing of its own in this language yet (Pashto: the leaflet and card first)
                if lang != "en":  # each file's translation, there or not (a new one rebuilds), and the catalog
                    files += [translation_path(f, lang) for f in files] + language_files(lang)
                docs.append(Doc(aid, edition, lang, notebook(root, "handout"), tuple(sorted(set(files))), picked))
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


def _has_content(cur: Curriculum, audience: str, files: list[Path], edition: str, language: str) -> bool:
    """Whether a document has content of its own in `language`: its audience's name is
    translated (curriculum/audiences.<language>.yaml) and one of its own files (the leaflet,
    the card, the workbook's scenarios and modules) has a translation."""
    names = next((o.translation.text for (f, lang), o in cur.overlays.items()
                  if lang == language and f == "curriculum/audiences.yaml"), {})
    own = [f for f in files if f.parent.name in ("scenarios", "modules") or f.stem in OWN_FILES.get(edition, ())]
    return f"audiences.{audience}.name" in names and any(translation_path(f, language).exists() for f in own)


def _inputs(cur: Curriculum, a, edition: str, picked: tuple[str, ...] = ()) -> list[Path]:
    """The content files one audience's edition reads (English sources): the workbook only the
    scenarios it prints (their numbers, which depend on every scenario id, are in every hash)."""
    root = cur.root / "curriculum"
    shared = ["audiences", "programme", "contacts"] + ([] if edition in OWN_FILES else ["glossary"])
    files = [root / f"{n}.yaml" for n in shared + list(OWN_FILES.get(edition, ()))]
    files += sorted((root / "law").glob("*.yaml"))
    if edition not in OWN_FILES:
        files += [root / "modules" / f"{m}.yaml" for m in a.modules]
        printed = (day_scenarios(cur, a.id) if not picked else [cur.scenarios[i] for i in picked]) \
            if edition == "participant_workbook" else [s for s in cur.scenarios.values() if a.id in s.audiences]
        files += [cur.root / "scenarios" / f"{s.id}.yaml" for s in printed if a.id in s.audiences]
    return [f for f in files if not is_translation(f)]  # the law folder also holds translations


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
