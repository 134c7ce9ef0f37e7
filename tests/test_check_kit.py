"""`tipsom check` of the trainer's kit: one broken knowledge test per rule, and the real tests."""

from __future__ import annotations

import pytest

from tipsom.content import check_project
from tipsom.law import assess

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken" / "curriculum" / "tests"
LINES = {"module-not-taught": 47, "test-audience-twice": 4, "test-facts": 9, "test-key-disagrees": 29,
         "test-options": 32, "test-uncited": 42, "unconfirmed-figure": 42, "unknown-objective": 47,
         "objective-untested": 80, "form-blueprint": 92, "long-correct-option": 92, "correct-first-often": 84,
         "correct-longest-often": 58}
VALID = ("valid", "urdu-long-option")  # the second is valid in English; its Urdu overlay is not


def test_the_valid_fixture_is_valid():
    assert check_project(ROOT, [BROKEN / "valid.yaml"]) == []


def test_every_fixture_has_a_line():
    assert {p.stem for p in BROKEN.glob("*.yaml") if p.stem not in VALID and ".ur" not in p.suffixes} == set(LINES)


@pytest.mark.parametrize("rule", sorted(LINES))
def test_broken_fixture(rule):
    found = check_project(ROOT, [BROKEN / f"{rule}.yaml"])
    assert [(p.rule, p.line) for p in found] == [(rule, LINES[rule])], found


def test_an_urdu_option_is_measured_in_urdu():
    found = check_project(ROOT, [BROKEN / "urdu-long-option.yaml"])
    assert [(p.file.rsplit("/", 1)[-1], p.rule, p.line) for p in found] == [("urdu-long-option.ur.yaml", "long-correct-option", 6)]


def test_every_audience_takes_one_test_of_two_forms_of_ten_to_twenty_items(curriculum):
    for audience in curriculum.audiences:
        test = curriculum.test_for(audience)
        assert test is not None, audience
        assert [10 <= len(test.form(f)) <= 20 for f in "AB"] == [True, True], audience
        assert not {i.id for i in test.form("A")} & {i.id for i in test.form("B")}


def test_each_form_tests_every_objective_its_audiences_are_taught(curriculum):
    from tipsom.content.knowledge import objectives

    for test in curriculum.tests.values():
        wanted = objectives(curriculum, test)
        assert len(wanted) >= 32, test.id
        for form in "AB":
            assert set(wanted) <= {o for i in test.form(form) for o in i.tests}, (test.id, form)


def test_no_form_gives_its_answers_away_in_any_language(curriculum):
    from tipsom.content.knowledge import shown_order

    for test in curriculum.tests.values():
        for language in ("en", "ur"):
            shown = curriculum.localise(test, language)
            for form in "AB":
                single = [i for i in shown.form(form) if i.kind == "single"]
                first = longest = 0
                for item in single:
                    key = next(o for o in item.options if o.correct)
                    others = [len(o.text) for o in item.options if not o.correct]
                    assert len(key.text) <= 1.5 * sum(others) / len(others), (test.id, language, item.id)
                    longest += len(key.text) > max(others)
                    first += shown_order(test.id, item.id, [o.id for o in item.options])[0] == key.id
                assert first <= 0.4 * len(single) and longest <= 0.4 * len(single), (test.id, language, form)


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
