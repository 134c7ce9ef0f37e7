"""The termbase (`curriculum/terms.yaml`) and `tipsom check` holding translations to it.

One broken fixture per rule in tests/fixtures/terms/: a translation using a term to avoid,
an exception that no longer names such a text, a preferred term holding an avoided one, a
termbase with a key it does not know. And the real project: no term to avoid anywhere but
in the glossary's own explanation of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tipsom.content import check_project, load_curriculum
from tipsom.content.terms import pattern

from .conftest import FIXTURES, ROOT

TERMS = FIXTURES / "terms"
LINES = {"stale-term-exception": 13, "term-conflict": 8, "unknown-key": 7}  # rule -> the line it must name


@pytest.mark.parametrize("rule", sorted(LINES))
def test_broken_termbase(rule):
    found = check_project(ROOT, [TERMS / rule / "terms.yaml"])
    assert [(p.rule, p.line) for p in found] == [(rule, LINES[rule])], found


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the curriculum (termbase included, no translations) with the template as its only scenario."""
    shutil.copytree(ROOT / "curriculum", tmp_path / "curriculum", ignore=shutil.ignore_patterns("*.ur.yaml", "*.ps.yaml"))
    (tmp_path / "scenarios").mkdir()
    shutil.copy(ROOT / "scenarios" / "_template.yaml", tmp_path / "scenarios" / "_template.yaml")
    programme = tmp_path / "curriculum" / "programme.yaml"
    programme.write_text("".join(line for line in programme.read_text().splitlines(True) if "scenarios: [" not in line)
                         + "core_cases: false\n")  # a one-case project: the programme's case rules do not apply
    return tmp_path


def test_an_avoided_term_is_reported_at_its_line_with_the_preferred_term(project):
    shutil.copy(TERMS / "avoided-term.ur.yaml", project / "scenarios" / "_template.ur.yaml")
    found = [p for p in check_project(project) if p.file.endswith(".ur.yaml")]
    assert [(p.file, p.line, p.rule) for p in found] == [
        ("scenarios/_template.ur.yaml", 5, "avoided-term"),  # a quoted title
        ("scenarios/_template.ur.yaml", 8, "avoided-term"),  # split over two lines of a | block
    ], found
    assert all("write 'تارکینِ وطن کی اسمگلنگ'" in p.message for p in found)


def test_a_pashto_avoided_term_is_reported_too(project):
    """The termbase's `ps:` terms hold the Pashto overlays: the ambiguous د انسانانو قاچاق and انساني قاچاق."""
    shutil.copy(TERMS / "avoided-term.ps.yaml", project / "scenarios" / "_template.ps.yaml")
    found = [p for p in check_project(project) if p.file.endswith(".ps.yaml")]
    assert [(p.file, p.line, p.rule) for p in found] == [
        ("scenarios/_template.ps.yaml", 5, "avoided-term"),  # the press's word for trafficking, in a title
        ("scenarios/_template.ps.yaml", 8, "avoided-term"),  # split over two lines of a | block
    ], found
    assert "write 'د انسانانو سوداګري (ټرافیکنګ)'" in found[0].message
    assert "write 'د کډوالو قاچاق'" in found[1].message


def test_the_pashto_catalog_is_held_to_the_termbase(project, monkeypatch):
    """Interface strings in Pashto are a translation too: an avoided term in tipsom.po is reported at its msgstr."""
    from tipsom.content import terms

    locale = project / "locale"
    (locale / "ps" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "ps" / "LC_MESSAGES" / "tipsom.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Smuggling of migrants"\nmsgstr "انساني قاچاق"\n', encoding="utf-8")
    monkeypatch.setattr(terms, "LOCALE", locale)
    found = [(p.line, p.rule) for p in check_project(project) if p.file.endswith("tipsom.po")]
    assert found == [(6, "avoided-term")], found


def test_a_term_to_avoid_never_stops_a_build(project):
    """The termbase is for `check`; a document with an avoided term still builds (and check fails)."""
    shutil.copy(TERMS / "avoided-term.ur.yaml", project / "scenarios" / "_template.ur.yaml")
    cur = load_curriculum(project)
    assert ("scenarios/_template.yaml", "ur") in cur.overlays and cur.terms is not None


def test_the_explanation_is_excused_only_where_it_is_listed(project):
    """The glossary may name the avoided term to explain it; the same words elsewhere may not."""
    shutil.copy(ROOT / "curriculum" / "glossary.ur.yaml", project / "curriculum" / "glossary.ur.yaml")
    explanation = load_curriculum(ROOT).overlays[("curriculum/glossary.yaml", "ur")].translation.text[
        "terms.human smuggling (press usage).definition"]
    assert pattern("انسانی اسمگلنگ").search(explanation)
    assert not [p for p in check_project(project) if p.file == "curriculum/glossary.ur.yaml"]
    body = ("language: ur\nstatus: draft\nreviewed_by: null\ntext:\n  narrative: >-\n    "
            + " ".join(explanation.split()) + "\n")
    (project / "scenarios" / "_template.ur.yaml").write_text(body, encoding="utf-8")
    found = {p.rule for p in check_project(project) if p.file == "scenarios/_template.ur.yaml"}
    assert found == {"avoided-term"}


def test_whole_words_only():
    avoid = pattern("انسانی اسمگلنگ")
    assert avoid.search("یہ انسانی\n    اسمگلنگ ہے")
    assert not avoid.search("تارکینِ وطن کی اسمگلنگ اور انسانی حقوق")
    assert not pattern("مہاجر").search("بین الاقوامی تنظیم برائے مہاجرت")


def test_the_termbase_names_every_concept_the_course_needs(curriculum):
    ids = {c.id for c in curriculum.terms.concepts}
    assert {"trafficking-in-persons", "smuggling-of-migrants", "migrant", "person-who-was-trafficked", "fia",
            "ahtc", "police", "irregular-crossing", "emigration"} <= ids
    smuggling = next(c for c in curriculum.terms.concepts if c.id == "smuggling-of-migrants")
    assert smuggling.ur.preferred == "تارکینِ وطن کی اسمگلنگ"
    assert "انسانی اسمگلنگ" in {a.term for a in smuggling.ur.avoid}
    trafficking = next(c for c in curriculum.terms.concepts if c.id == "trafficking-in-persons")
    assert smuggling.ps.preferred == "د کډوالو قاچاق" and "د انسانانو قاچاق" in {a.term for a in trafficking.ps.avoid}


def test_the_real_translations_use_no_term_to_avoid():
    found = [p for p in check_project(ROOT) if p.rule in ("avoided-term", "stale-term-exception", "term-conflict")]
    assert found == [], "\n".join(map(str, found))
