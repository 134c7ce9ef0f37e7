"""quiz.py: grading of every question kind, the explorer, the walk and the room summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipsom import quiz
from tipsom.i18n import translator
from tipsom.law import assess

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cur():
    from tipsom.content import load_curriculum

    return load_curriculum(WORKBOOK)


@pytest.fixture(scope="module")
def job(cur):
    return cur.scenarios["job-offer"]


def test_classify_right_and_wrong_explain_and_name_provisions(job):
    right = quiz.grade(job, "classify", "trafficking")
    assert right.correct is True and right.score == 1.0 and right.headline == "Correct."
    law = assess(job.facts)
    assert job.answer.explanation not in right.lines  # the whole explanation comes at the end
    assert right.reasons == [r for r in law.reasons if "[ptpa-2018/s8]" not in r]  # not who investigates
    assert {"ptpa-2018/s3", "ptpa-2018/s7"} <= set(right.provisions) and "ptpa-2018/s8" not in right.provisions
    wrong = quiz.grade(job, "classify", "smuggling")
    assert wrong.correct is False and wrong.score == 0.0
    assert "Smuggling of migrants" in wrong.headline and wrong.answer == "Trafficking in persons"


def test_classify_rejects_an_answer_that_is_not_a_class(job):
    with pytest.raises(quiz.QuizError, match="not one of"):
        quiz.grade(job, "classify", "slavery")


@pytest.mark.parametrize(("sid", "answer", "ok"), [
    ("job-offer", "police", True), ("job-offer", "fia", False), ("job-offer", "both", False),
    ("border-crossing", "fia", True), ("salon-job", "fia", True), ("salon-job", "none", False),
])
def test_investigates_is_graded_against_the_key(cur, sid, answer, ok):
    fb = quiz.grade(cur.scenarios[sid], "who-investigates", answer)
    assert fb.correct is ok
    assert any(p in fb.provisions for p in ("ptpa-2018/s8", "psma-2018/investigation"))


def test_investigates_feedback_gives_only_who_investigates(job):
    fb = quiz.grade(job, "who-investigates", "police")
    assert fb.reasons and all("[ptpa-2018/s8]" in r or "[psma-2018/investigation]" in r for r in fb.reasons)
    assert job.answer.explanation not in fb.lines


def test_the_whole_case_comes_at_the_end(job):
    fb = quiz.summary(job)
    assert fb.correct is None and fb.lines[0] == job.answer.explanation
    assert fb.reasons == assess(job.facts).reasons


def _open_case(job, **facts):
    data = job.model_dump()
    data["facts"].update(facts)
    return type(job).model_validate(data)


def test_an_unsettled_point_is_recorded_not_marked_wrong(job):
    # forced marriage is read as outside the PTPA, but the law is open: no answer is marked wrong
    sc = _open_case(job, purposes=["forced_marriage"])
    key = sc.model_dump()
    key["answer"].update(classification="neither", agencies=[], ptpa_penalty=None)
    sc = type(job).model_validate(key)
    for answer in ("trafficking", "neither"):
        fb = quiz.grade(sc, "classify", answer)
        assert fb.correct is None, answer
        assert "open" in fb.headline and any("slavery-like practices" in line for line in fb.lines)
        assert "ptpa-2018/s3" in fb.provisions
    assert quiz.grade(sc, "who-investigates", "police").correct is None
    assert any(line.startswith("Open point:") for line in quiz.summary(sc).lines)


def test_the_open_point_label_is_translated_before_it_is_joined(job):
    data = _open_case(job, purposes=["forced_marriage"]).model_dump()
    data["answer"].update(classification="neither", agencies=[], ptpa_penalty=None)
    lines = quiz.summary(type(job).model_validate(data), translator("ur")).lines[1:]
    assert lines and all(line.startswith("کھلا نکتہ: ") for line in lines)


@pytest.mark.parametrize("facts,key", [
    ({"purposes": ["forced_begging"]}, {}),  # forced begging before the 2025 Bill: a reading
    ({"trafficking_movement": "out_of_pakistan", "crossing": {"direction": "out_of_pakistan", "irregular": True,
      "facilitator_benefit": False, "exploitation_benefit": True}}, {"agencies": ["fia"]}),  # a gain only from the exploitation
])
def test_the_new_open_points_record_the_class_and_do_not_mark_it(job, facts, key):
    sc = _open_case(job, **facts)
    data = sc.model_dump()
    data["answer"].update(key)
    sc = type(job).model_validate(data)
    law = assess(sc.facts)
    assert sc.answer.classification == law.classification == "trafficking"
    for answer in ("trafficking", "both", "neither"):
        fb = quiz.grade(sc, "classify", answer)
        assert fb.correct is None and fb.score == 0.0 and "open" in fb.headline, answer


def test_referral_to_fia_does_not_mark_both_wrong(curriculum):
    sc = curriculum.scenarios["referral-to-fia"]
    assert quiz.grade(sc, "classify", "both").correct is None
    assert quiz.grade(sc, "classify", "smuggling").correct is None  # recorded: the whole class is open
    assert quiz.grade(sc, "who-investigates", "police").correct is False  # the FIA: settled either way


@pytest.mark.parametrize("sid", ["zaireen-taftan-begging", "children-begging-ring"])
def test_forced_begging_cases_are_recorded_not_scored(curriculum, sid):
    sc = curriculum.scenarios[sid]
    assert quiz.grade(sc, "classify", "neither").correct is None
    assert quiz.grade(sc, "who-investigates", "none").correct is None


def test_a_settled_point_is_still_marked(job):
    sc = _open_case(job, victim={"age": 30, "gender": "transgender"})  # open: the tier, not the class
    assert quiz.grade(sc, "classify", "smuggling").correct is False


def test_investigates_key_maps_agency_lists():
    assert quiz.investigates_key(["police"]) == "police"
    assert quiz.investigates_key(["police", "fia"]) == "both"
    assert quiz.investigates_key([]) == "none"


def test_indicators_name_missed_and_wrong_picks(job):
    fb = quiz.grade(job, "indicators", ["debt", "city"])
    assert fb.correct is False
    assert fb.missed == ["phone-taken"] and fb.wrong == ["city"]
    assert fb.score == 0.0  # one hit minus one wrong pick, of two
    assert any(line.startswith("Missed:") and "Restricting movement" in line for line in fb.lines)
    assert any(line.startswith("Not a sign:") for line in fb.lines)
    full = quiz.grade(job, "indicators", ["phone-taken", "debt"])
    assert full.correct is True and full.score == 1.0 and not full.missed and not full.wrong


def test_indicators_reject_unknown_options(job):
    with pytest.raises(quiz.QuizError):
        quiz.grade(job, "indicators", ["phone-taken", "nope"])


def test_response_explains_the_better_choice(job):
    good = quiz.grade(job, "response", "refer")
    assert good.correct is True and good.lines == [job.questions[3].options[0].feedback]
    bad = quiz.grade(job, "response", "fia")
    assert bad.correct is False
    assert bad.lines[0].startswith('The police investigate trafficking inside Pakistan; "only the FIA"')
    assert bad.lines[1].startswith("Better: Listen, explain her options")
    with pytest.raises(quiz.QuizError):
        quiz.grade(job, "response", ["refer", "fia"])


def test_open_questions_are_recorded_not_graded(job):
    fb = quiz.grade(job, "elders-call", "I would call the police.")
    assert fb.correct is None and fb.lines == [job.questions[4].model_answer]
    with pytest.raises(quiz.QuizError):
        quiz.grade(job, "elders-call", "   ")


def test_every_right_answer_scores_full_marks(cur):
    for sc in cur.scenarios.values():
        for q in sc.questions:
            answer = {"classify": sc.answer.classification, "investigates": quiz.investigates_key(sc.answer.agencies),
                      "indicators": [o.id for o in q.options if o.correct],
                      "response": next((o.id for o in q.options if o.correct), None), "open": "text"}[q.kind]
            fb = quiz.grade(sc, q, answer)
            assert fb.correct in (True, None), (sc.id, q.id)


def test_unknown_question_is_an_error(job):
    with pytest.raises(quiz.QuizError, match="no question"):
        quiz.grade(job, "nope", "x")


# ---- the explorer -------------------------------------------------------------------

def test_explorer_starts_at_the_case_and_follows_the_engine(job):
    ex = quiz.Explorer(job.facts)
    assert ex.assessment.classification == job.answer.classification
    assert ex.set("age", 30).classification == "trafficking"  # an adult, but fraud and coercion remain
    assert ex.set("means", []).classification == "neither"  # an adult without a means
    assert ex.changes() == [("means", ["fraud", "coercion"], []), ("age", 15, 30)]
    ex.set("direction", "out_of_pakistan")
    ex.toggle("irregular")
    assert ex.toggle("facilitator_benefit").classification == "smuggling"
    assert ex.assessment.agencies == ["fia"]
    ex.reset()
    assert ex.facts == job.facts and ex.changes() == []


def test_explorer_toggles_list_items_in_the_law_order(job):
    ex = quiz.Explorer(job.facts)
    ex.toggle("acts", "transport")
    assert ex.get("acts") == ["recruit", "harbour", "transport"]
    ex.toggle("acts", "recruit")
    assert ex.get("acts") == ["harbour", "transport"]
    with pytest.raises(quiz.QuizError):
        ex.set("colour", "red")


def test_neutral_facts_are_neither():
    assert quiz.Explorer().assessment.classification == "neither"


# ---- the walk -----------------------------------------------------------------------

def test_walk_moves_scores_and_ends(job):
    w = quiz.WalkState(job.walk)
    assert w.node.id == "report" and not w.done and w.best == 2
    step = w.choose(1)
    assert step.points == -1 and "myth" in step.feedback
    assert w.done and w.ending.outcome == "poor" and w.score == -1
    with pytest.raises(quiz.QuizError):
        w.choose(0)
    w.restart()
    w.choose(0)
    assert w.ending.outcome == "good" and w.score == 2 and [s.node for s in w.steps] == ["report"]


# ---- the room -----------------------------------------------------------------------

def test_room_summary_counts_each_participants_latest_answer():
    records = [
        {"participant": "A", "scenario": "s", "question": "classify", "kind": "classify", "answer": "smuggling", "correct": False},
        {"participant": "A", "scenario": "s", "question": "classify", "kind": "classify", "answer": "trafficking", "correct": True},
        {"participant": "B", "scenario": "s", "question": "classify", "kind": "classify", "answer": "trafficking", "correct": True},
        {"participant": "B", "scenario": "s", "question": "ind", "kind": "indicators", "answer": ["x", "y"], "correct": False},
        {"participant": "C", "scenario": "s", "question": "ind", "kind": "indicators", "answer": ["x"], "correct": True},
        {"participant": "C", "scenario": "s", "question": "who", "kind": "investigates", "answer": "both", "correct": False},
    ]
    room = quiz.room_summary(records)["s"]
    assert room["classify"] == {"kind": "classify", "answered": 2, "correct": 2, "answers": {"trafficking": 2}}
    assert room["ind"]["answers"] == {"x": 2, "y": 1} and room["ind"]["answered"] == 2
    assert room["who"]["answers"] == {"both": 1}


def test_feedback_in_urdu_has_no_english_frame_around_its_parts(job):
    """The verdict, the indicators' count and each sign's line are catalog sentences with their
    parts filled in: an Urdu page translates the sentence, not only the parts (issue 18.6)."""
    ur, en = translator("ur"), translator("en")
    wrong = quiz.grade(job, "classify", "smuggling")
    assert wrong.headline == "Not quite: you chose \u201cSmuggling of migrants\u201d."  # the English, as before
    assert quiz.say(en, wrong.headline) == wrong.headline
    said = quiz.say(ur, wrong.headline)
    assert "Not quite" not in said and ur("Smuggling of migrants") in said
    signs = quiz.grade(job, "indicators", ["city"])
    assert "You spotted" in signs.headline and "You spotted" not in quiz.say(ur, signs.headline)
    assert all(isinstance(line, quiz.Phrase) and not line.say(ur).startswith(("Yes", "Missed", "Not a sign"))
               for line in signs.lines)
