"""The curriculum as loaded: everything trainers own, validated; and which files are content."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .models import (
    Audience,
    Card,
    Contact,
    Evaluation,
    KnowledgeTest,
    LawFile,
    Leaflet,
    Module,
    Programme,
    Provision,
    Scenario,
    Term,
)
from .overlays import Overlay, is_translation, translate
from .source import Source
from .termbase import Termbase

if TYPE_CHECKING:
    from .followup import Followup


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
    tests: dict[str, KnowledgeTest] = field(default_factory=dict)  # curriculum/tests/<id>.yaml
    evaluation: Evaluation | None = None
    followup: Followup | None = None  # curriculum/followup.yaml, the questionnaire months after
    leaflet: Leaflet | None = None
    card: Card | None = None
    terms: Termbase | None = None  # curriculum/terms.yaml: what translations are held to
    sources: dict[str, Source] = field(default_factory=dict)
    items: dict[str, tuple[str, Any]] = field(default_factory=dict)  # file -> (kind, model)
    overlays: dict[tuple[str, str], Overlay] = field(default_factory=dict)  # (file, language)
    broken: dict[str, list[Problem]] = field(default_factory=dict)  # translation file left out -> why

    def file_of(self, item: Any) -> str | None:
        return next((f for f, (_, it) in self.items.items() if it is item), None)

    def localise(self, item: Any, language: str) -> Any:
        """The item in `language` (English where no translation of a field exists)."""
        if language == "en":
            return item
        return translate(item, self.overlays.get((self.file_of(item) or "", language)))

    def is_translated(self, item: Any, language: str) -> bool:
        return language == "en" or (self.file_of(item) or "", language) in self.overlays

    def broken_translations(self, files: Iterable[str], language: str) -> list[Problem]:
        """The problems of the `language` translations of `files` that failed their check
        (left out of the curriculum: `load_curriculum(..., scope_translations=True)`)."""
        if language == "en":
            return []
        names = {f.removesuffix(".yaml") + f".{language}.yaml" for f in files}
        return sorted(p for name in names for p in self.broken.get(name, []))

    def audience_name(self, audience: str, language: str) -> str:
        """An audience's name in `language` (from the translated audiences.yaml); its id if unknown."""
        whole = self.items.get("curriculum/audiences.yaml", (None, None))[1]
        if whole is not None:
            for a in self.localise(whole, language).audiences:
                if a.id == audience:
                    return a.name
        return audience

    def module_title(self, module: str, language: str) -> str:
        """A module's title in `language`; its id if the curriculum has no such module."""
        return self.localise(self.modules[module], language).title if module in self.modules else module

    def objective(self, objective: str, language: str) -> str:
        """A learning objective's text in `language`, from its id `<module>/<n>` (the items' `tests`);
        the id itself if the curriculum has no such objective."""
        module, _, n = objective.partition("/")
        if module in self.modules and n.isdigit():
            texts = self.localise(self.modules[module], language).objectives
            if 1 <= int(n) <= len(texts):
                return texts[int(n) - 1]
        return objective

    def test_for(self, audience: str) -> KnowledgeTest | None:
        """The knowledge test an audience takes (None if it has none)."""
        return next((t for t in self.tests.values() if audience in t.audiences), None)


def kind_of(path: Path, root: Path) -> str | None:
    """Which model a file under `root` is validated against (None: not content)."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if rel.startswith("scenarios/"):
        return "scenario"
    if rel.startswith("curriculum/modules/"):
        return "module"
    if rel.startswith("curriculum/law/"):
        return "law"
    if rel.startswith("curriculum/tests/") or "/curriculum/tests/" in path.as_posix():  # also a copy elsewhere
        return "test"
    name = Path(rel).stem
    return name if name in (*REQUIRED, *OPTIONAL) else None


REQUIRED = ("audiences", "programme", "glossary", "contacts")
OPTIONAL = ("leaflet", "card", "evaluation", "followup", "terms")  # a project without them prints no leaflet, card, evaluation
# or follow-up (and without terms.yaml, translations are held to no termbase)


def content_files(root: Path) -> list[Path]:
    """Every content file (translations aside). A folder's notes for readers, such as
    `curriculum/law/SOURCES.md` or a `README.md` (upper-case name, .md), are not content."""
    files = [root / "curriculum" / f"{n}.yaml" for n in REQUIRED]
    files += [p for n in OPTIONAL if (p := root / "curriculum" / f"{n}.yaml").exists()]
    for folder in ("curriculum/modules", "curriculum/law", "curriculum/tests", "scenarios"):
        files += sorted(p for p in (root / folder).glob("*")
                        if p.is_file() and not p.name.startswith(".") and not is_translation(p) and not is_note(p))
    return files


def is_note(path: Path) -> bool:
    """A note for readers beside the content (`SOURCES.md`, `README.md`), not content."""
    return path.suffix == ".md" and path.stem.isupper()
