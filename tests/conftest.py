"""Shared fixtures. Skips nbformat's slow optional IRI checker (toolchain notes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.modules.setdefault("rfc3987_syntax", None)  # no Jupyter schema uses the iri format

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def curriculum():
    from tipsom.content import load_curriculum

    return load_curriculum(ROOT)


@pytest.fixture(scope="session")
def project_build(tmp_path_factory, curriculum) -> Path:
    """`make handouts` of the real project, the print pack and the reference handout in both
    languages, built once."""
    from tipsom.handouts import build_handouts

    out = tmp_path_factory.mktemp("project") / "handouts"
    build_handouts(curriculum, out, progress=lambda line: None, editions=["pack", "reference"])
    return out


@pytest.fixture(scope="session")
def curriculum_law() -> set[str]:
    """Every provision id in curriculum/law/, read without the rest of the project."""
    from tipsom.content.models import LawFile
    from tipsom.content.source import read_file
    from tipsom.content.validate import validate

    ids: set[str] = set()
    for path in sorted((ROOT / "curriculum" / "law").glob("*.yaml")):
        if path.name.count(".") > 1:  # a translation overlay, e.g. ptpa-2018.ur.yaml
            continue
        law = validate(read_file(path), LawFile)
        assert law is not None, path
        ids.update(p.id for p in law.provisions)
    return ids
