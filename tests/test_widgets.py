"""The workbook cards driven headlessly: set `.value`, `.click()`, read the feedback and the saved lines."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as W
import pytest

from tipsom.i18n import translator
from tipsom.workbook import cards as widgets
from tipsom.workbook import explorer, pages
from tipsom.workbook import room_view as room
from tipsom.workbook.answers import CODE, read_answers
from tipsom.workbook.pages import module_page, scenario_page, start_page

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def page(tmp_path, scenario="job-offer", audience="police", mode="participant", participant="", **kw):
    kw = {"session": "s", "sessions_root": str(tmp_path), "root": str(WORKBOOK), **kw}
    return scenario_page(scenario, audience=audience, mode=mode, participant=participant, **kw)


def saved(tmp_path, code="P1"):
    return read_answers(tmp_path / "s", code).records


def state_text(w: W.Widget) -> str:
    """Everything a widget tree sends to the browser, as one string."""
    out = [json.dumps(w.get_state(), default=str)]
    for child in getattr(w, "children", ()):
        out.append(state_text(child))
    return "\n".join(out)


def secrets_of(sc) -> list[str]:
    texts = [sc.answer.explanation, sc.trainer_notes, *sc.debrief]
    texts += [o.feedback for q in sc.questions for o in q.options]
    nodes = sc.walk.nodes if sc.walk else []
    texts += [c.feedback for n in nodes for c in n.choices] + [n.ending.feedback for n in nodes if n.ending]
    return texts + [q.model_answer for q in sc.questions if q.model_answer]


def all_sections(p):
    return [p.header(), p.narrative(), p.classify(), p.explorer(), p.investigates(), p.indicators(), p.response(),
            p.open_questions(), p.walk(), p.notes()]


def rendered(section) -> str:
    if section is None:
        return ""
    if isinstance(section, W.Widget):
        return state_text(section) + section._repr_mimebundle_()["text/html"]
    return section._repr_html_()


def test_participant_page_sends_no_answer_before_a_submission(tmp_path):
    p = page(tmp_path, participant="P1")
    sent = "\n".join(rendered(s) for s in all_sections(p))
    for secret in secrets_of(p.scenario):
        assert secret not in sent, secret
    assert "Trainer" not in sent and "(+2)" not in sent


def test_submitting_without_a_code_is_refused_and_saves_nothing(tmp_path):
    p = page(tmp_path)
    card = p.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    assert "Enter your participant code" in card.feedback.value
    assert p.scenario.answer.explanation not in card.feedback.value
    assert not (tmp_path / "s").exists()


def test_the_code_box_starts_saving_and_rejects_bad_codes(tmp_path):
    p = page(tmp_path)
    head = p.header()
    head.code.value = "Gul Bibi"
    head.go.click()
    assert "cannot be a participant code" in head.message.value
    head.code.value = "P1"
    head.go.click()
    assert "Saving your answers as <b>P1</b>" in head.message.value


def test_classify_gives_feedback_naming_provisions_and_saves(tmp_path):
    p = page(tmp_path, participant="P1")
    card = p.classify()
    card.submit_button.click()
    assert "Choose an answer first" in card.feedback.value and saved(tmp_path) == []
    card.control.value = "smuggling"
    card.submit_button.click()
    fb = card.feedback.value
    assert "Not quite" in fb and "The answer: <b>Trafficking in persons</b>" in fb
    assert "[ptpa-2018/s7]" in fb and "Child victims" in fb and "Saved." in fb
    assert "What the law says, step by step" in fb  # the engine's reasons
    [line] = saved(tmp_path)
    assert line["answer"] == "smuggling" and line["correct"] is False and line["scenario"] == "job-offer"
    assert line["language"] == "en" and line["audience"] == "police" and line["participant"] == "P1"


def test_investigates_indicators_response_and_open(tmp_path):
    p = page(tmp_path, participant="P1", audience="civil_society")
    who = p.investigates()
    who.control.value = "fia"
    who.submit_button.click()
    assert "Not quite" in who.feedback.value and "The police" in who.feedback.value
    ind = p.indicators()
    ind.boxes["debt"].value = True
    ind.boxes["city"].value = True
    ind.submit_button.click()
    assert "Missed: Her phone was taken" in ind.feedback.value and "Not a sign: The house is in the city" in ind.feedback.value
    resp = p.response()
    resp.control.value = "refer"
    resp.submit_button.click()
    assert "Correct." in resp.feedback.value and "Child Protection Unit" not in resp.feedback.value.split("Correct.")[0]
    opened = p.open_questions()
    opened.control.value = "I would call the police."
    opened.submit_button.click()
    assert "recorded" in opened.feedback.value and "Child Protection Unit in Quetta" in opened.feedback.value
    kinds = [r["kind"] for r in saved(tmp_path)]
    assert kinds == ["investigates", "indicators", "response", "open"]
    assert saved(tmp_path)[1]["answer"] == ["debt", "city"]


def test_the_whole_case_is_shown_only_after_every_graded_question(tmp_path):
    p = page(tmp_path, participant="P1")
    end = p.notes().cards[0]
    explanation = p.scenario.answer.explanation.split("[")[0]
    answers = {"classify": "trafficking", "investigates": "police", "indicators": ["debt"], "response": "refer"}
    for kind, answer in answers.items():
        assert explanation not in end.body.value, kind
        card = p.question(kind)
        card.set_answer(answer)
        card.submit_button.click()
        assert explanation not in card.feedback.value, kind
    assert explanation in end.body.value and "The whole case" in end.static_html()
    again = page(tmp_path, participant="P1")  # restored answers count
    assert explanation in again.notes().cards[0].body.value


def test_open_questions_follow_the_audience(tmp_path):
    assert page(tmp_path, audience="police").open_questions() is None
    assert page(tmp_path, audience="elders").open_questions() is None
    assert page(tmp_path, audience="civil_society").open_questions() is not None


def test_explorer_is_locked_for_participants_until_they_classify(tmp_path):
    p = page(tmp_path, participant="P1")
    ex = p.explorer()
    assert not ex.unlocked and ex.body.layout.display == "none"  # built hidden, so unlocking is cheap
    assert "Submit your answer to the classify question first" in ex.result.value
    sent = state_text(ex)
    assert '"value": 15' not in sent and "Trafficking in persons" not in sent  # neutral facts, nothing of the case
    assert not any(t.value for t in ex.controls["means"])
    card = p.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    assert ex.unlocked and ex.body.layout.display is None and "Trafficking in persons" in ex.result.value
    assert ex.controls["age"].value == 15
    ex.controls["age"].value = 30
    assert "The person is a child" not in ex.result.value and "Age: 15 → 30" in ex.result.value
    for toggle in ex.controls["means"]:
        toggle.value = False
    assert "<b>Neither</b>" in ex.result.value
    ex.reset()
    assert ex.controls["age"].value == 15 and "The person is a child" in ex.result.value
    assert "Open points" not in ex.result.value
    ex.controls["age"].value = 30
    ex.controls["gender"].value = "transgender"
    assert "Open points" in ex.result.value and "transgender woman" in ex.result.value


def test_trainer_sees_the_explorer_keys_notes_and_the_room(tmp_path):
    participant = page(tmp_path, participant="P1")
    card = participant.classify()
    card.control.value = "smuggling"
    card.submit_button.click()
    t = page(tmp_path, mode="trainer")
    assert t.explorer().controls
    key = t.classify()._repr_mimebundle_()["text/html"]
    assert "Answer key (trainer)" in key and t.scenario.answer.explanation.split("[")[0] in key
    notes = t.notes()
    html = notes._repr_mimebundle_()["text/html"]
    for text in (t.scenario.trainer_notes, t.scenario.debrief[0], "How the room answered"):
        assert widgets.esc(text) in html
    assert "(1 answered)" in html and "Smuggling of migrants" in html and "✔" not in html  # hidden until Reveal
    card.control.value = "trafficking"
    card.submit_button.click()
    room = notes.cards[0]
    room.reveal.value = True
    assert "1 answered, 1 correct" in room.table.value and "✔" in room.table.value  # the latest answer counts


def test_trainer_answers_are_not_recorded(tmp_path):
    t = page(tmp_path, mode="trainer")
    card = t.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    assert "Correct." in card.feedback.value and "not recorded" in card.feedback.value
    assert not (tmp_path / "s").exists()


def test_walk_choices_lead_to_an_ending_with_a_score(tmp_path):
    p = page(tmp_path, participant="P1")
    walk = p.walk()
    first = walk.choice_box.children
    assert [b.description for b in first] == ["1. Register the report and start an investigation.", "2. Send her to the FIA."]
    first[1].click()
    assert "-1 points" in walk.step_html.value and "Outcome: poor" in walk.node_html.value
    assert "score -1 of a possible 2" in walk.node_html.value and walk.choice_box.children == ()
    steps = saved(tmp_path)
    assert [(r["question"], r["kind"]) for r in steps] == [("walk/report", "walk-step"), ("walk", "walk")]
    assert steps[1]["answer"] == "poor" and steps[1]["points"] == -1
    walk.restart()
    walk.choice_box.children[0].click()
    assert "Outcome: good" in walk.node_html.value
    assert "(+2)" in page(tmp_path, mode="trainer").walk().choice_box.children[0].description


def test_reopening_shows_earlier_answers(tmp_path):
    p = page(tmp_path, participant="P1")
    card = p.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    again = page(tmp_path)  # a new kernel: the code is typed again
    card2, ex = again.classify(), again.explorer()
    assert card2.control.value is None and not ex.unlocked
    head = again.header()
    head.code.value = "P1"
    head.go.click()
    assert "1 earlier answer(s)" in head.message.value
    assert card2.control.value == "trafficking" and "Your answer from" in card2.feedback.value
    assert ex.unlocked  # the classification was submitted before
    with_param = page(tmp_path, participant="P1").classify()
    assert with_param.control.value == "trafficking" and "Correct." in with_param.feedback.value


def test_an_unwritable_session_folder_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = scenario_page("job-offer", audience="police", participant="P1", sessions_root=str(blocker), root=str(WORKBOOK))
    head = p.header()
    assert "Cannot save answers in" in head.message.value
    card = p.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    assert "Enter your participant code" in card.feedback.value


def test_every_card_has_a_static_html_form(tmp_path):
    for mode in ("participant", "trainer"):
        for section in all_sections(page(tmp_path, mode=mode, participant="P1")):
            if isinstance(section, W.Widget):
                bundle = section._repr_mimebundle_()
                assert WIDGET_VIEW in bundle and bundle["text/html"].startswith('<div class="tipsom" dir="ltr" lang="en">')
                assert "object at 0x" not in bundle["text/plain"]
    walk = page(tmp_path).walk()._repr_mimebundle_()["text/html"]
    assert "Send her to the FIA." in walk and "§" not in walk and "Officers go to the house" not in walk
    walk = page(tmp_path, mode="trainer").walk()._repr_mimebundle_()["text/html"]
    assert "§1" in walk and "(+2) — go to §2" in walk and "Gul is safe" in walk  # the whole map, for trainers


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"scenario": "nope"}, "No scenario 'nope' for Provincial police in en; choose one of: border-crossing, job-offer"),
    ({"scenario": "salon-job"}, "No scenario 'salon-job' for Provincial police"),
    ({"audience": "polise"}, "'polise' is not an audience"),
    ({"mode": "teacher"}, "mode must be 'participant' or 'trainer'"),
    ({"session": "../x"}, "cannot be a session name"),
])
def test_bad_parameters_show_one_message(tmp_path, kwargs, message):
    p = page(tmp_path, **{"scenario": "job-offer", **kwargs})
    first = p.header()
    assert "This page cannot open" in first._repr_html_() and widgets.esc(message) in first._repr_html_()
    assert p.classify() is None and p.walk() is None


def test_a_missing_root_is_a_message(tmp_path):
    p = scenario_page("job-offer", root=str(tmp_path))
    assert "No curriculum/ folder" in p.header()._repr_html_()


def test_default_scenario_is_the_audiences_first(tmp_path):
    assert page(tmp_path, scenario="").scenario.id == "border-crossing"


def test_module_page(tmp_path):
    m = module_page("telling-them-apart", audience="police", root=str(WORKBOOK))
    html = m.content()._repr_html_()
    assert "<h2>Telling trafficking and smuggling apart</h2>" in html and "<table>" in html
    assert '<abbr title="Child victims' in html
    assert m.notes() is None
    assert "Trainer notes" in module_page("telling-them-apart", mode="trainer", root=str(WORKBOOK)).notes()._repr_html_()
    ex = m.explorer()
    assert "<b>Neither</b>" in ex.result.value
    for toggle in ex.controls["acts"][:1] + ex.controls["means"][:1] + ex.controls["purposes"][:1]:
        toggle.value = True
    assert "<b>Trafficking in persons</b>" in ex.result.value
    assert "No module &#x27;nope&#x27;" in module_page("nope", root=str(WORKBOOK)).content()._repr_html_()


def test_start_page_lists_the_audiences_notebooks(tmp_path):
    s = start_page("fia", root=str(WORKBOOK), sessions_root=str(tmp_path))
    assert "Fixture programme" in s.programme()._repr_html_()
    links = s.contents()._repr_html_()
    for name in ("module-why-it-matters.ipynb", "scenario-border-crossing.ipynb", "scenario-salon-job.ipynb"):
        assert f'href="{name}"' in links
    assert "scenario-job-offer.ipynb" not in links
    assert s.room() is None
    assert "No answers in this session yet" in start_page("fia", mode="trainer", root=str(WORKBOOK),
                                                          sessions_root=str(tmp_path)).room().table.value


@pytest.mark.slow
def test_every_real_scenario_opens_for_every_audience_and_mode(root, tmp_path):
    """Each scenario opens for each of its audiences, and no answer reaches a participant's browser."""
    from tipsom.content import load_curriculum
    from tipsom.errors import ContentError

    try:
        cur = load_curriculum(root)
    except ContentError as err:
        pytest.skip(f"the project's content does not load yet ({len(err.problems)} problem(s)); `tipsom check` reports them")
    for sc in cur.scenarios.values():
        for audience in sc.audiences:
            p = scenario_page(sc.id, audience=audience, participant="P1", session="s", sessions_root=str(tmp_path), root=str(root))
            assert isinstance(p, pages.ScenarioPage), p.header()._repr_html_()
            sent = "\n".join(rendered(s) for s in all_sections(p))
            assert not [s for s in secrets_of(sc) if s in sent], (sc.id, audience)
        trainer = scenario_page(sc.id, audience=sc.audiences[0], mode="trainer", session="s", sessions_root=str(tmp_path),
                                root=str(root))
        assert widgets.esc(sc.trainer_notes.split("[")[0][:40]) in trainer.notes()._repr_mimebundle_()["text/html"], sc.id


def test_the_explorer_answers_a_toggle_well_under_50_ms(root):
    from benchmarks.workbook import LIMIT_MS, run

    figures = run(root, toggles=120)
    assert set(figures) == {"explorer_toggle_median_ms", "explorer_toggle_p95_ms", "explorer_toggle_max_ms"}
    assert figures["explorer_toggle_median_ms"] < LIMIT_MS / 5  # measured ~0.3 ms; `make bench` reports it


def test_an_urdu_page_reads_right_to_left_and_grades_the_same(tmp_path):
    p = page(tmp_path, scenario="border-crossing", participant="P1", language="ur")
    head = p.header()._repr_mimebundle_()["text/html"]
    assert head.startswith('<div class="tipsom" dir="rtl" lang="ur">') and "ایران کی طرف رات کا سفر" in head
    card = p.classify()
    assert "tipsom-rtl" in card._dom_classes and card.q.prompt.startswith("کیا یہ")
    card.control.value = "smuggling"
    card.submit_button.click()
    assert translator("ur")("Correct.") in card.feedback.value and saved(tmp_path)[0]["language"] == "ur"
    untranslated = page(tmp_path, language="ur").header()._repr_html_()  # job-offer has no Urdu text
    assert "No scenario &#x27;job-offer&#x27; for Provincial police in ur" in untranslated


def test_interface_strings_inside_f_strings_are_listed_for_extraction():
    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (widgets, explorer, room, pages))
    used = set(__import__("re").findall(r"\{[a-z.]*t\('([^']*)'\)", source))
    assert used and used <= set(widgets.F_STRINGS)


def test_the_code_box_starts_empty_with_a_placeholder_that_cannot_pass_for_a_code(tmp_path):
    head = page(tmp_path).header()
    assert head.code.value == "" and head.code.placeholder == "type your code here"
    assert not CODE.match(head.code.placeholder)  # it looks like an instruction, not a filled-in code
    head.go.click()
    assert "Enter your participant code first" in head.message.value and not (tmp_path / "s").exists()
    ur = page(tmp_path, scenario="border-crossing", language="ur").header()
    assert ur.code.placeholder == translator("ur")("type your code here") != "type your code here"


def test_a_new_participant_on_the_same_laptop_is_asked_for_a_code_again(tmp_path):
    first = page(tmp_path)
    head = first.header()
    head.code.value = "P1"
    head.go.click()
    card = first.classify()
    card.control.value = "trafficking"
    card.submit_button.click()
    again = page(tmp_path)  # the notebook run again (▶▶ restarts the kernel): nothing of P1 on the page
    head2, card2 = again.header(), again.classify()
    assert head2.code.value == "" and again.recorder.participant is None
    assert card2.control.value is None and card2.feedback.value == "" and "P1" not in rendered(head2)


def test_option_labels_wrap_beside_their_button_and_sit_on_the_right_in_urdu():
    css = widgets.STYLE
    assert ".tipsom .widget-radio-box label" in css and "display:flex" in css and "white-space:normal" in css
    assert "order:-1" in css and "float:none" in css  # the button first in the reading direction, not floated left


def test_the_explorer_shows_its_labels_and_values_in_urdu(tmp_path):
    p = page(tmp_path, scenario="border-crossing", participant="P1", language="ur")
    card = p.classify()
    card.control.value = "smuggling"
    card.submit_button.click()
    ex, t = p.explorer(), translator("ur")
    labels = [b.description for b in ex.controls["acts"] + ex.controls["purposes"]]
    assert labels[0] == "بھرتی" and t("compelled labour") in labels
    assert all(not any("a" <= ch <= "z" for ch in label) for label in labels), labels
    assert [x for x, _ in ex.controls["direction"].options] == [t("none"), t("into Pakistan"), t("out of Pakistan")]
    assert "out of pakistan" not in ex.result.value and t(explorer.ELEMENTS["acts"]) in rendered(ex)
    ex.controls["means"][0].value = True  # force: the change is listed in Urdu
    assert f"{t('Means')}: {t('none')} → {t('force')}" in ex.result.value


def test_the_explorer_names_who_investigates_only_once_that_question_is_answered(tmp_path):
    """The page model's rule in the widgets too: nothing on the page answers a later question."""
    p = page(tmp_path, participant="P1")
    ex, card, who = p.explorer(), p.classify(), p.investigates()
    card.control.value = "trafficking"
    card.submit_button.click()
    assert ex.unlocked and "investigates" not in ex.result.value and "ptpa-2018/s8" not in ex.result.value
    who.control.value = "police"
    who.submit_button.click()
    assert "investigates" in ex.result.value and "Police" in ex.result.value
