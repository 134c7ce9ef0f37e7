"""The printed sections (no kernel, no PDF): what each edition holds and never holds."""

from __future__ import annotations

import html
import json
import re

import pytest

from tipsom.content import load_curriculum
from tipsom.printed import SECTIONS, Document
from tipsom.printed_parts import md

from .conftest import FIXTURES, ROOT

PROJECT = FIXTURES / "handouts"


@pytest.fixture(scope="module")
def fixture_cur():
    return load_curriculum(PROJECT)


def whole(doc: Document) -> str:
    return "".join(s.html for name in SECTIONS[doc.edition] if (s := doc.section(name)))


def words(text: str) -> str:
    """Text reduced to lower-case words, so markup, punctuation and line breaks do not matter."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def trainer_only(cur) -> list[str]:
    """Every answer, trainer note, debrief and feedback text in the content."""
    texts = [m.trainer_notes for m in cur.modules.values()]
    for s in cur.scenarios.values():
        texts += [s.answer.explanation, s.trainer_notes, *s.debrief]
        for q in s.questions:
            texts += [o.feedback for o in q.options] + ([q.model_answer] if q.model_answer else [])
        if s.walk:
            texts += [c.feedback for n in s.walk.nodes for c in n.choices]
    return texts


def test_each_edition_has_its_sections(fixture_cur):
    doc = Document(fixture_cur, "civil_society", "handout")
    shown = [n for n in SECTIONS["handout"] if doc.section(n)]
    assert shown == list(SECTIONS["handout"])
    assert doc.section("programme") is None  # not a handout section
    book = Document(fixture_cur, "police", "participant_workbook")
    assert [n for n in SECTIONS["participant_workbook"] if book.section(n)] == ["cover", "scenarios"]
    guide = Document(fixture_cur, "trainer", "trainer_guide")
    assert [n for n in SECTIONS["trainer_guide"] if guide.section(n)] == list(SECTIONS["trainer_guide"])


@pytest.mark.parametrize("which", ["fixture", "project"])
def test_no_participant_edition_holds_trainer_text(which, fixture_cur, request):
    cur = fixture_cur if which == "fixture" else request.getfixturevalue("curriculum")
    secrets = [words(t) for t in trainer_only(cur)]
    guide = words(whole(Document(cur, "trainer", "trainer_guide")))
    assert all(s in guide for s in secrets)  # the search itself works
    for audience in cur.audiences:
        for edition in ("handout", "participant_workbook"):
            text = words(whole(Document(cur, audience, edition)))
            leaked = [s.strip() for s in secrets if s in text]
            assert not leaked, f"{audience}/{edition} shows trainer-only text: {leaked[:3]}"
            assert 'class="correct"' not in whole(Document(cur, audience, edition))


def test_trainer_guide_has_every_key_debrief_walk_and_timing(fixture_cur):
    html = whole(Document(fixture_cur, "trainer", "trainer_guide"))
    for s in fixture_cur.scenarios.values():
        assert words(s.answer.explanation) in words(html)
        assert all(p in html for p in s.answer.provisions)
        assert all(words(d) in words(html) for d in s.debrief)
    assert "09:30 to 10:30" in html and "FIA lead" in html
    assert words(fixture_cur.modules["gender"].trainer_notes) in words(html)


def test_walks_print_as_numbered_sections_that_resolve(fixture_cur):
    for audience, edition in (("civil_society", "participant_workbook"), ("trainer", "trainer_guide")):
        html = Document(fixture_cur, audience, edition).section("scenarios").html
        numbers = [int(n) for n in re.findall(r'<span class="sec-no">§(\d+)</span>', html)]
        targets = [int(n) for n in re.findall(r"go to §(\d+)", html)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 5
        assert targets and set(targets) <= set(numbers)
        assert "Start at §1." in html and "The end: a good ending." in html
    participant = Document(fixture_cur, "civil_society", "participant_workbook").section("scenarios").html
    assert "points)" not in participant and "points)" in Document(fixture_cur, "trainer", "trainer_guide").section("scenarios").html


def test_workbook_questions_have_boxes_and_lines_but_no_answers(fixture_cur):
    html = Document(fixture_cur, "elders", "participant_workbook").section("scenarios").html
    assert html.count('<span class="box">') == 4 + 4 + 3 + 2  # classify, investigates, 3 signs, 2 responses
    assert html.count('class="write-line"') == 3 * 4 + 5  # "Why?" lines, and the elders' open question
    assert "Whom would you call first" in html and "Answer:" not in html


def test_referral_card_prints_numbers_only_when_verified(fixture_cur):
    html = Document(fixture_cur, "media", "handout").section("referral_card").html
    assert ">15<" in html and "Police emergency" in html
    assert "000-000-0000" not in html and "FIA helpline" in html
    assert "confirm locally before use" in html


def test_law_at_a_glance_carries_the_honesty_of_the_files(fixture_cur):
    html = Document(fixture_cur, "fia", "handout").section("law_at_a_glance").html
    assert "Not yet settled:" in html and "(number inferred)" in html
    assert "Penalty (not confirmed):" in html  # psma-2018/offence
    assert "Source: Gazette of Pakistan Extraordinary" in html


def test_glossary_holds_the_terms_an_audience_needs(fixture_cur):
    terms = re.findall(r"<dt>([^<]+)</dt>", Document(fixture_cur, "elders", "handout").section("glossary").html)
    assert "Trafficking in persons" in terms and "Smuggling of migrants" in terms
    assert "Referral" not in terms  # cited by nothing, named nowhere in the elders' edition


def test_content_markdown_cannot_inject_markup():
    out = md("Hello <script>alert(1)</script> *world* [x](javascript:alert(1))\n\n### Part", shift=1)
    assert "<script" not in out and "href=\"javascript" not in out and "<em>world</em>" in out
    assert "<h4>Part</h4>" in out


@pytest.mark.parametrize("name", ["handout", "trainer_guide"])
def test_notebooks_are_thin_parameterised_and_clean(name):
    nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z-]+", i) for i in ids)
    params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    for key in ("audience", "edition", "language", "root", "snapshot"):
        assert re.search(rf"^{key} = ", "".join(params[0]["source"]), re.M)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    shown = {m for c in code for m in re.findall(r'doc\.section\("(\w+)"\)', "".join(c["source"]))}
    editions = ["trainer_guide"] if name == "trainer_guide" else ["handout", "participant_workbook"]
    assert all(set(SECTIONS[e]) <= shown for e in editions)
    assert all(len("".join(c["source"]).splitlines()) <= 5 for c in code)
