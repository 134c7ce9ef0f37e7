"""`tipsom check` of the trainer's kit: one broken knowledge test per rule, and the real tests."""

from __future__ import annotations

import pytest

from tipsom.content import check_project
from tipsom.law import assess

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken" / "curriculum" / "tests"
LINES = {"module-not-taught": 31, "test-audience-twice": 4, "test-facts": 9, "test-key-disagrees": 27,
         "test-options": 30, "test-uncited": 38, "unconfirmed-figure": 38}


def test_the_valid_fixture_is_valid():
    assert check_project(ROOT, [BROKEN / "valid.yaml"]) == []


def test_every_fixture_has_a_line():
    assert {p.stem for p in BROKEN.glob("*.yaml") if p.stem != "valid"} == set(LINES)


@pytest.mark.parametrize("rule", sorted(LINES))
def test_broken_fixture(rule):
    found = check_project(ROOT, [BROKEN / f"{rule}.yaml"])
    assert [(p.rule, p.line) for p in found] == [(rule, LINES[rule])], found


def test_every_audience_takes_one_test_of_ten_to_fifteen_items(curriculum):
    for audience in curriculum.audiences:
        test = curriculum.test_for(audience)
        assert test is not None and 10 <= len(test.items) <= 15, audience


def test_every_law_item_agrees_with_the_engine_and_cites_existing_provisions(curriculum):
    for test in curriculum.tests.values():
        for item in test.items:
            assert set(item.provisions) <= set(curriculum.provisions)
            if item.facts is not None:
                law = assess(item.facts)
                keyed = next(o.id for o in item.options if o.correct)
                want = law.classification if item.asks == "classify" else {
                    ("police",): "police", ("fia",): "fia", ("fia", "police"): "both"}.get(tuple(sorted(law.agencies)), "none")
                assert keyed == want, (test.id, item.id)


def test_the_kit_content_of_the_project_checks_clean():
    files = [p for p in sorted((ROOT / "curriculum" / "tests").glob("*.yaml")) if p.name.count(".") == 1]
    files.append(ROOT / "curriculum" / "evaluation.yaml")
    assert check_project(ROOT, files) == []


def test_every_test_and_the_evaluation_have_a_complete_urdu_draft(curriculum):
    from tipsom.content.overlays import text_fields
    from tipsom.content.states import strings

    for file in [f"curriculum/tests/{t}.yaml" for t in curriculum.tests] + ["curriculum/evaluation.yaml"]:
        overlay = curriculum.overlays[(file, "ur")]
        english = text_fields(curriculum.items[file][1].model_dump(mode="json"))
        assert set(overlay.translation.text) == set(english), file
        assert not any(s.state == "reviewed" for s in strings(curriculum, "ur", file))  # nobody reviewed it yet
