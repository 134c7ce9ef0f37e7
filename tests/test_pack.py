"""The print pack and what every document shares, without a kernel or a PDF: one scenario
number everywhere, options in the same hashed order in print, widgets and the trainer
guide, the law as readers cite it, verified referral numbers only, the day's scenarios,
and the trainer guide's own pages. The PDFs (pages, budgets, Urdu script) are in
test_handouts.py."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest

from tipsom import quiz
from tipsom.content import check_project
from tipsom.content.order import day_scenarios, laws_by_importance, scenario_numbers, scenario_order
from tipsom.handouts.cite import INTERNAL_ID, cite
from tipsom.handouts.document import SECTIONS, Document
from tipsom.handouts.language import Localised

from .conftest import FIXTURES, ROOT
from .test_printed import whole

PARTICIPANT = ("leaflet", "referral_card", "participant_workbook", "handout")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
SINGLE = ("response",)  # exactly one correct option (classify and investigates print fixed labels)


def numbered(markup: str) -> dict[str, int]:
    """Scenario id -> the number a document prints in its heading."""
    text = html.unescape(markup)
    return {sid: int(n) for sid, n in re.findall(r'id="scenario-([\w-]+)"><h3>\D*?(\d+)', text)}


def arabic_share(markup: str) -> float:
    text = html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", markup, flags=re.S))
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    return sum(bool(ARABIC.match(c)) for c in letters) / len(letters)


# ---- one scenario number --------------------------------------------------------------------

def test_programme_scenarios_are_numbered_first_then_the_rest_by_id(curriculum):
    order = scenario_order(curriculum)
    named = list(dict.fromkeys(sid for d in curriculum.programme.days for s in d.sessions for sid in s.scenarios))
    assert order[:len(named)] == named and named
    assert order[len(named):] == sorted(set(curriculum.scenarios) - set(named))
    assert sorted(order) == sorted(curriculum.scenarios)


def test_every_document_and_the_widgets_print_the_same_number(curriculum, tmp_path):
    numbers = scenario_numbers(curriculum)
    guide = numbered(Document(curriculum, "trainer", "trainer_guide").section("scenarios").html)
    assert guide == numbers  # the guide prints every scenario
    for audience in curriculum.audiences:
        for edition in ("participant_workbook", "handout"):
            for language in ("en", "ur"):
                printed = numbered(Document(curriculum, audience, edition, language).section("scenarios").html)
                assert printed and all(numbers[s] == n for s, n in printed.items()), (audience, edition, language)
    contents = Document(curriculum, "trainer", "trainer_guide").section("contents").html
    assert all(f"Scenario {numbers[s]}: {html.escape(curriculum.scenarios[s].title, quote=True)}" in contents for s in numbers)
    from tipsom.workbook.pages import scenario_page

    for sid in list(numbers)[:4]:
        sc = curriculum.scenarios[sid]
        page = scenario_page(sid, audience=sc.audiences[0], session="s", sessions_root=str(tmp_path), root=str(ROOT))
        assert f"Scenario {numbers[sid]}: " in page.header().static_html()


# ---- the day's scenarios ----------------------------------------------------------------------

def test_a_workbook_prints_only_the_scenarios_the_programme_gives_its_audience(curriculum):
    for audience in curriculum.audiences:
        book = Document(curriculum, audience, "participant_workbook")
        assert [s.id for s in book.scenarios] == [s.id for s in day_scenarios(curriculum, audience)]
        assert 4 <= len(book.scenarios) <= 7, audience  # four classes at least (issue 19); what a day has time for
        reference = Document(curriculum, audience, "handout")
        assert len(reference.scenarios) > len(book.scenarios)  # the reference edition still has them all
    chosen = Document(curriculum, "media", "participant_workbook", scenarios=["turkey-promise", "airport-interception"])
    numbers = scenario_numbers(curriculum)
    assert [s.id for s in chosen.scenarios] == sorted(["turkey-promise", "airport-interception"], key=numbers.get)


def test_a_session_naming_an_unknown_or_unsuited_scenario_is_reported(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "handouts", root)
    prog = root / "curriculum" / "programme.yaml"
    prog.write_text(prog.read_text().replace("scenarios: [housemaid, border-crossing]", "scenarios: [housemaid, nowhere]"))
    leaf = root / "curriculum" / "leaflet.yaml"
    leaf.write_text(leaf.read_text().replace("      provisions: [psma-2018/investigation]\n", "")
                    .replace("[ptpa-2018/s6]", "[ptpa-2018/s99]"))
    found = {(p.file, p.rule) for p in check_project(root)}
    assert ("curriculum/programme.yaml", "unknown-scenario") in found
    assert ("curriculum/leaflet.yaml", "uncited-claim") in found and ("curriculum/leaflet.yaml", "unknown-provision") in found


# ---- honest options ----------------------------------------------------------------------------

def test_the_correct_option_is_first_in_at_most_40_percent_of_single_answer_questions(curriculum):
    questions = [(s.id, q) for s in curriculum.scenarios.values() for q in s.questions if q.kind in SINGLE]
    first = sum(quiz.ordered(sid, q)[0].correct for sid, q in questions)
    assert questions and first / len(questions) <= 0.40, f"{first} of {len(questions)}"
    written_first = sum(q.options[0].correct for _, q in questions)
    assert first < written_first  # the order is not the author's


def test_the_order_is_a_pure_function_of_ids_stable_across_python_runs(curriculum):
    sc = curriculum.scenarios["brick-kiln-peshgi"]
    q = next(q for q in sc.questions if q.kind == "response")
    mine = [o.id for o in quiz.ordered(sc.id, q)]
    assert mine == [o["id"] for o in quiz.ordered(sc.id, q.model_dump(mode="json"))]  # models and views alike
    code = ("import sys; from tipsom import quiz; from tipsom.content import load_curriculum; "
            "sc = load_curriculum(sys.argv[1]).scenarios['brick-kiln-peshgi']; "
            "print(','.join(o.id for o in quiz.ordered(sc.id, next(q for q in sc.questions if q.kind == 'response'))))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True,
                             env={"PYTHONHASHSEED": seed, "PATH": ""})
        assert out.stdout.strip() == ",".join(mine)


def test_print_widgets_and_trainer_guide_show_the_same_order(curriculum, tmp_path):
    from tipsom.workbook.pages import scenario_page

    guide = Document(curriculum, "trainer", "trainer_guide").section("scenarios").html
    for sid in sorted(curriculum.scenarios)[:6]:
        sc = curriculum.scenarios[sid]
        audience = sc.audiences[0]
        book = Document(curriculum, audience, "participant_workbook", scenarios=[sid]).section("scenarios").html
        page = scenario_page(sid, audience=audience, session="s", sessions_root=str(tmp_path), root=str(ROOT))
        for q in (q for q in page.questions if q.kind in ("response", "indicators")):
            page.question(q.kind)  # builds the widgets
            expected = [o.text for o in quiz.ordered(sid, q)]
            assert page.cards[q.id].choices() == expected, (sid, q.id)
            boxes = [html.unescape(x) for x in re.findall(r'<span class="box"></span>([^<]*)</li>', book)]
            assert contiguous(expected, boxes), (sid, q.id, "workbook")
            keyed = [html.unescape(x) for x in re.findall(r'<li(?: class="correct")?>([^<]*) <strong>(?:Not c|C)orrect\.', guide)]
            assert contiguous(expected, keyed), (sid, q.id, "trainer guide")


def contiguous(part: list[str], whole_list: list[str]) -> bool:
    return any(whole_list[i:i + len(part)] == part for i in range(len(whole_list) - len(part) + 1))


def test_no_participant_edition_prints_the_signs_under_the_signs_question(curriculum):
    for audience in ("police", "fia"):  # their reference handout shows `indicators`
        text = whole(Document(curriculum, audience, "handout"))
        assert "Signs to look for" not in text
    trainer = whole(Document(curriculum, "trainer", "trainer_guide"))
    sc = curriculum.scenarios["brick-kiln-peshgi"]
    assert html.escape(sc.indicators[0]) in trainer  # the trainer guide keeps the list


# ---- the law as readers cite it --------------------------------------------------------------------

def test_citations_read_as_readers_cite_them(curriculum):
    en = Localised(curriculum, "en")
    assert cite("ptpa-2018/s3", en) == "PTPA s. 3 (inferred)"
    assert cite("psma-2018/offence", en) == "PSMA, Smuggling of migrants"
    assert cite("ppc-1860/s371-a", en) == "PPC s. 371-A"
    assert cite("un-protocols/som-art3", en) == "UNTOC and Protocols, Smuggling Protocol art. 3"
    ur = cite("ptpa-2018/s3", Localised(curriculum, "ur"))
    assert "دفعہ 3" in ur and "PTPA" not in ur


def test_no_participant_edition_prints_an_internal_id(curriculum):
    for audience in curriculum.audiences:
        for edition in PARTICIPANT:
            for language in ("en", "ur"):
                text = html.unescape(re.sub(r"<[^>]+>", " ", whole(Document(curriculum, audience, edition, language))))
                found = INTERNAL_ID.findall(text)
                assert not found, (audience, edition, language, found[:3])


def test_the_trainer_guide_prints_no_internal_id_or_file_name(curriculum):
    """The guide cites the law as the handouts do (the law as printed: "PTPA s. 3 (inferred)")."""
    from tipsom.handouts.cite import FILE_NAME

    guide = whole(Document(curriculum, "trainer", "trainer_guide"))
    text = html.unescape(re.sub(r"<[^>]+>", " ", guide))
    assert not INTERNAL_ID.findall(text), INTERNAL_ID.findall(text)[:5]
    assert not FILE_NAME.findall(text), FILE_NAME.findall(text)[:5]
    assert "PTPA s. 3 (inferred)" in text and "the legal-basis notes" in text


# ---- the leaflet and the card ------------------------------------------------------------------------

def test_the_card_prints_verified_referral_numbers_and_marks_the_ones_to_confirm(curriculum):
    shown = [c for c in curriculum.contacts if c.verified and c.referral]
    marked = [c for c in curriculum.contacts if c.id in curriculum.card.confirm_locally]
    assert shown and all(not c.referral for c in curriculum.contacts if "terrorism" in c.what.lower())
    assert [c.id for c in marked] == ["police-15"] and not any(c.verified for c in marked)  # 15: not confirmed for Balochistan
    for audience in curriculum.audiences:
        for language in ("en", "ur"):
            for edition in ("referral_card", "leaflet"):
                text = whole(Document(curriculum, audience, edition, language))
                assert all(f'href="tel:{re.sub(r"[^0-9]", "", c.number)}"' in text for c in shown)
                on_card = marked if edition == "referral_card" else []
                for c in curriculum.contacts:
                    if c not in shown and c not in on_card:
                        assert f">{html.escape(c.number)}<" not in text, (audience, edition, c.id)
                for c in on_card:  # printed, and each time marked to confirm locally
                    assert text.count(f">{html.escape(c.number)}<") == 8 == text.count('class="confirm"'), (audience, language)
            card = whole(Document(curriculum, audience, "referral_card", language))
            assert card.count('class="cut-card"') == 2 * 8 and card.count('class="write-line"') == 8 * curriculum.card.local_lines  # fronts, backs
            assert card.index('class="card-grid card-fronts"') < card.index('class="card-grid card-backs"')


def test_the_leaflet_speaks_to_its_audience_and_cites_every_claim(curriculum):
    for audience in curriculum.audiences:
        text = whole(Document(curriculum, audience, "leaflet"))
        mine = next(a for a in curriculum.leaflet.audiences if a.id == audience)
        assert html.escape(mine.can_do[0].text) in text and html.escape(mine.intro) in text
        others = [a for a in curriculum.leaflet.audiences if a.id != audience]
        assert not any(html.escape(a.intro) in text for a in others)
        claims = (len(mine.pictures) if mine.pictures else  # pictures first: each row cites its law once
                  2 * len(curriculum.leaflet.side_by_side) + len(curriculum.leaflet.rights))
        assert text.count('class="law-cite"') >= claims


@pytest.mark.parametrize("edition", ["leaflet", "referral_card"])
def test_urdu_leaflet_and_card_are_urdu_throughout(curriculum, edition):
    for audience in curriculum.audiences:
        doc = Document(curriculum, audience, edition, "ur")
        share = arabic_share(whole(doc))
        assert share >= 0.90, f"{audience}/{edition}: {share:.1%} of the letters are Arabic script"
        assert "draft-notice" in whole(doc)


# ---- the trainer guide ----------------------------------------------------------------------------

def test_the_trainer_guide_opens_with_the_checklist_and_lists_its_contents(curriculum):
    guide = Document(curriculum, "trainer", "trainer_guide")
    shown = [n for n in SECTIONS["trainer_guide"] if guide.section(n)]
    assert shown[:3] == ["cover", "checklist", "contents"]
    checklist = guide.section("checklist").html
    assert all(html.escape(c.name) in checklist for c in curriculum.contacts)
    assert checklist.count("Not verified: confirm locally before use.") == sum(not c.verified for c in curriculum.contacts)
    assert "no: not a referral line" in checklist
    text = whole(guide)
    targets = re.findall(r'<a class="toc-link" href="#([\w-]+)"', guide.section("contents").html)
    assert len(targets) > 20 and all(f'id="{t}"' in text for t in targets)
    css = (ROOT / "src/tipsom/handouts/templates/handout/print.css").read_text()
    assert "target-counter(attr(href), page)" in css


def test_the_session_table_names_scenarios_and_what_to_print(curriculum):
    table = Document(curriculum, "trainer", "trainer_guide").section("programme").html
    assert all(f"<th>{h}</th>" in table for h in ("Time", "Session", "Module", "Scenarios", "What to print"))
    numbers = scenario_numbers(curriculum)
    for sid in (sid for d in curriculum.programme.days for s in d.sessions for sid in s.scenarios):
        assert f"{numbers[sid]}. {html.escape(curriculum.scenarios[sid].title)}" in table
    assert table.count("<h4>What to print</h4>") == len(curriculum.programme.days)
    for kit in ("Test form A", "Test form B", "Answer sheets", "Evaluation form", "Attendance sheet",
                "Answer cards", "Certificates", "Leaflet (", "Referral card sheet (", "Workbook ("):
        assert table.count(kit) >= len(curriculum.programme.days), kit
    assert "For 40 participants (20 Provincial police, 20 Federal Investigation Agency)" in table  # the default, split between the day's audiences
    assert '<td>Answer sheets</td><td class="number">80</td>' in table  # pre and post, each of the 40


def test_the_printed_answer_keys_letter_options_as_the_papers_do(curriculum):
    from tipsom.handouts.marking import key_letters
    from tipsom.kit.order import lettered

    keys = Document(curriculum, "trainer", "trainer_guide").section("answer_keys").html
    for test in curriculum.tests.values():
        for form in ("A", "B"):
            for n, item in enumerate(test.form(form), 1):
                for language in ("en", "ur"):
                    assert key_letters(test.id, item, language) == [
                        letter for letter, o in lettered(test.id, item, language) if o.correct], (test.id, item.id)
                letters = ", ".join(key_letters(test.id, item, "en"))
                assert f'<td class="number">{form}{n}</td><td>{letters}' in keys, (test.id, form, n)


def test_the_law_prints_in_order_of_importance(curriculum):
    laws = [law.id for law in laws_by_importance(list(curriculum.laws.values()))]
    assert laws[:2] == ["ptpa-2018", "psma-2018"]
    for doc in (Document(curriculum, "trainer", "trainer_guide"), Document(curriculum, "fia", "handout")):
        text = doc.section("law_at_a_glance").html
        heads = [curriculum.laws[i].title for i in laws if html.escape(curriculum.laws[i].title) in text]
        at = [text.index(html.escape(title)) for title in heads]
        assert at == sorted(at) and heads[0] == curriculum.laws["ptpa-2018"].title


def test_contents_page_numbers_can_be_read_back_and_filled_in_for_any_engine():
    from weasyprint import HTML

    from tipsom.handouts.contents import anchor_pages, fill_contents, needs_pages

    page = ('<html><body><ul class="toc"><li><a class="toc-link" href="#one">One</a></li>'
            '<li><a class="toc-link" href="#two">Two</a></li></ul>'
            '<h2 id="one" style="break-before: page">One</h2><h2 id="two" style="break-before: page">Two</h2></body></html>')
    assert needs_pages(page)
    pages = anchor_pages(HTML(string=page).write_pdf())
    assert pages["one"] == 2 and pages["two"] == 3
    filled = fill_contents(page, pages)
    assert '<a class="toc-link toc-filled" href="#two" data-page="3">' in filled and not needs_pages(filled)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_elders_leaflet_is_pictures_first_short_with_the_numbers_on_the_front(curriculum, language):
    doc = Document(curriculum, "elders", "leaflet", language)
    front, back = doc.section("leaflet_front").html, doc.section("leaflet_back").html
    pictures = re.findall(r'<img src="([^"]+)" alt="([^"]*)" class="pictogram">', front)
    assert len(pictures) >= 4
    assert all(src.startswith("data:image/svg+xml;base64,") and alt.strip() for src, alt in pictures)  # offline, each with alt
    text = html.unescape(re.sub(r"<[^>]+>", " ", front + back))
    words = [w for w in text.split() if re.search(r"\w", w)]  # "·" is not a word
    assert len(words) <= (350 if language == "en" else 480), len(words)  # Urdu writes an idea in about 1.3 times the words
    numbers = [c.number for c in curriculum.contacts if c.verified and c.referral]
    assert numbers and all(n in front for n in numbers) and 'class="contacts big-numbers"' in front
    assert "CC BY 4.0" in back and "Font Awesome Free" in back  # the icons' licence, credited on the page
    assert 'class="leaflet-table' not in front  # the legal table is the other audiences' front


def test_an_unknown_pictogram_is_a_clear_error(curriculum):
    from tipsom.errors import TipsomError
    from tipsom.handouts.pictures import icon

    with pytest.raises(TipsomError, match="no Font Awesome Free solid icon named 'no-such-icon'"):
        icon("no-such-icon")


def test_a_days_trainer_guide_holds_that_days_sessions_scenarios_modules_and_tests(curriculum):
    from tipsom.content.order import day_scenarios

    whole_guide = Document(curriculum, "trainer", "trainer_guide")
    for day in curriculum.programme.days:
        guide = Document(curriculum, "trainer", "trainer_guide", day=day.day)
        text = whole(guide)
        assert f"Day {day.day}: " in guide.section("cover").html
        assert all(f"Day {d.day}: {html.escape(d.title)}" not in guide.section("programme").html
                   for d in curriculum.programme.days if d is not day)
        used = {s.id for a in day.audiences for s in day_scenarios(curriculum, a)}
        assert {s.id for s in guide.scenarios} == used and len(guide.scenarios) < len(whole_guide.scenarios)
        assert {m.id for m in guide.modules} == {s.module for s in day.sessions if s.module}
        assert guide.tests and all(set(t.audiences) & set(day.audiences) for t in guide.tests.values())
        assert not INTERNAL_ID.findall(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def test_the_guide_prints_the_voting_cards_the_module_notes_ask_for(curriculum):
    notes = curriculum.modules["telling-them-apart"].trainer_notes
    assert "red = trafficking" in notes and "blue = smuggling" in notes  # what the cards must match
    materials = Document(curriculum, "trainer", "trainer_guide").section("materials").html
    assert materials.count('class="vote-card vote-red"') == 1 and materials.count('class="vote-card vote-blue"') == 1
    red = materials.split('vote-red')[1].split('vote-blue')[0]
    assert "Trafficking in persons" in red and "Smuggling" not in red
    assert "تارکینِ وطن کی اسمگلنگ" in materials and "انسانی اسمگلنگ" not in materials  # curriculum/terms.yaml
