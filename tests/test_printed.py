"""The printed sections (no kernel, no PDF): what each edition holds and never holds."""

from __future__ import annotations

import html
import json
import re

import pytest

from tipsom.content import load_curriculum
from tipsom.handouts.document import SECTIONS, Document
from tipsom.handouts.parts import md

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
    book = Document(fixture_cur, "police", "participant_workbook")  # one scenario: no list of contents
    assert [n for n in SECTIONS["participant_workbook"] if book.section(n)] == ["cover", "scenarios"]
    book = Document(fixture_cur, "civil_society", "participant_workbook")
    assert [n for n in SECTIONS["participant_workbook"] if book.section(n)] == ["cover", "contents", "scenarios"]
    assert [n for n in SECTIONS["leaflet"] if Document(fixture_cur, "elders", "leaflet").section(n)] == ["leaflet_front", "leaflet_back"]
    assert Document(fixture_cur, "elders", "referral_card").section("cards") is not None
    guide = Document(fixture_cur, "trainer", "trainer_guide")
    assert [n for n in SECTIONS["trainer_guide"] if guide.section(n)] == [
        n for n in SECTIONS["trainer_guide"] if n not in ("test_blueprint", "answer_keys") or fixture_cur.tests]  # the fixture has no test


@pytest.mark.parametrize("which", ["fixture", "project"])
def test_no_participant_edition_holds_trainer_text(which, fixture_cur, request):
    cur = fixture_cur if which == "fixture" else request.getfixturevalue("curriculum")
    from tipsom.handouts.cite import readable
    from tipsom.handouts.language import Localised

    loc = Localised(cur, "en")  # every edition prints the law as readers cite it
    secrets = [words(readable(t, loc)) for t in trainer_only(cur)]
    guide = words(whole(Document(cur, "trainer", "trainer_guide")))
    assert all(s in guide for s in secrets)  # the search itself works
    for audience in cur.audiences:
        for edition in ("leaflet", "referral_card", "word_list", "handout", "participant_workbook"):
            text = words(whole(Document(cur, audience, edition)))
            leaked = [s.strip() for s in secrets if s in text]
            assert not leaked, f"{audience}/{edition} shows trainer-only text: {leaked[:3]}"
            assert 'class="correct"' not in whole(Document(cur, audience, edition))


def test_trainer_guide_has_every_key_debrief_walk_and_timing(fixture_cur):
    from tipsom.handouts.cite import cite, readable
    from tipsom.handouts.language import Localised

    html, loc = whole(Document(fixture_cur, "trainer", "trainer_guide")), Localised(fixture_cur, "en")
    for s in fixture_cur.scenarios.values():
        assert words(readable(s.answer.explanation, loc)) in words(html)
        assert all(cite(p, loc) in html for p in s.answer.provisions)  # as readers cite them, not by id
        assert all(words(readable(d, loc)) in words(html) for d in s.debrief)
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
    assert "9999" not in html and "Counter-terrorism" not in html  # verified, but not a referral line


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
    for key in ("audience", "edition", "language", "root", "snapshot", "scenarios"):
        assert re.search(rf"^{key} = ", "".join(params[0]["source"]), re.M)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    shown = {m for c in code for m in re.findall(r'doc\.section\("(\w+)"\)', "".join(c["source"]))}
    editions = ["trainer_guide"] if name == "trainer_guide" else ["leaflet", "referral_card", "handout", "participant_workbook"]
    assert all(set(SECTIONS[e]) <= shown for e in editions)
    assert all(len("".join(c["source"]).splitlines()) <= 5 for c in code if c not in params)  # one name a line there


# ---- another language (Urdu) ------------------------------------------------------------------

def test_an_urdu_edition_takes_content_and_labels_in_urdu(curriculum):
    doc = Document(curriculum, "elders", "handout", "ur")
    cover, messages = doc.section("cover").html, doc.section("key_messages").html
    assert "علاقے کے بزرگ اور معتبرین" in cover and "ہینڈ آؤٹ" in cover and "Community elders" not in cover
    assert "اہم پیغامات" in messages and "Key messages" not in messages
    assert 'class="draft-notice"' in cover and "needs review by a fluent reader" in cover
    book = whole(Document(curriculum, "elders", "participant_workbook", "ur"))
    assert "ایک پر نشان لگائیں۔" in book and "Tick one." not in book  # every elders scenario is translated
    assert whole(Document(curriculum, "elders", "handout")) == whole(Document(curriculum, "elders", "handout", "en"))


def test_what_is_not_translated_prints_in_english_after_a_note(curriculum):
    chosen = ["makran-boat", "turkey-promise", "chaman-family-crossing"]  # as `tipsom handouts --scenarios` would
    book = Document(curriculum, "fia", "participant_workbook", "ur", chosen).section("scenarios").html
    assert book.count('class="not-translated"') == 2  # makran-boat and turkey-promise
    assert curriculum.scenarios["makran-boat"].title in book and "Tick one." in book
    law = Document(curriculum, "fia", "handout", "ur").section("law_at_a_glance").html
    assert "Emigration Ordinance" in law and 'lang="en"' in law  # a law with no Urdu translation
    assert "سزاؤں اور ماخذ کا ابھی ترجمہ نہیں ہوا" in law


def reviewed_copy(curriculum, files=None):
    """A copy of the curriculum whose Urdu strings (of `files`, or all) a fixture reviewer approved."""
    import copy
    from datetime import date

    from tipsom.content.overlays import StringState, text_fields
    from tipsom.content.states import text_hash

    cur = copy.deepcopy(curriculum)
    for (file, _), overlay in cur.overlays.items():
        if files is not None and file not in files:
            continue
        english = text_fields(cur.items[file][1].model_dump(mode="json"))
        approved = {k: StringState(source=text_hash(english[k]), translation=text_hash(v), state="reviewed",
                                   reviewed_by="Fixture Reviewer", reviewed_on=date(2026, 1, 1))
                    for k, v in overlay.translation.text.items()}
        overlay.translation = overlay.translation.model_copy(update={"strings": approved})
    return cur


def test_a_reviewed_translation_prints_no_request_for_review(curriculum, monkeypatch):
    from tipsom.handouts import language as printed_lang

    cur = reviewed_copy(curriculum)
    monkeypatch.setattr(printed_lang, "catalog_is_draft", lambda language: False)
    assert "draft-notice" not in whole(Document(cur, "elders", "handout", "ur"))
    monkeypatch.setattr(printed_lang, "catalog_is_draft", lambda language: True)  # the interface strings still draft
    assert "draft-notice" in Document(cur, "elders", "handout", "ur").section("cover").html


def test_only_the_blocks_holding_draft_or_stale_text_are_marked(curriculum, monkeypatch):
    from tipsom.handouts import language as printed_lang

    monkeypatch.setattr(printed_lang, "catalog_is_draft", lambda language: False)
    doc = Document(curriculum, "elders", "participant_workbook", "ur")
    first, second = (s.id for s in doc.scenarios[:2])
    cur = reviewed_copy(curriculum, {f"scenarios/{second}.yaml", "curriculum/audiences.yaml", "curriculum/programme.yaml"})
    book = Document(cur, "elders", "participant_workbook", "ur")
    scenarios = book.section("scenarios").html
    before = scenarios.split(f'id="scenario-{first}"')[0]
    between = scenarios.split(f'id="scenario-{first}"')[1].split(f'id="scenario-{second}"')[0]
    assert "draft-mark" in before  # the draft scenario's mark sits just before it
    assert "draft-mark" not in between  # the reviewed one has none
    assert "draft-notice" not in book.section("cover").html


@pytest.mark.parametrize("text,expected", [
    ("جسے PTPA جبری [ptpa-2018/s3]۔", 'جسے <span dir="ltr">PTPA</span> جبری <span dir="ltr">[ptpa-2018/s3]</span>۔'),
    ("منظور کیا (14 Feb 2025) اور", 'منظور کیا <span dir="ltr">(14 Feb 2025)</span> اور'),
    ("PTPA (2018 میں منظور)", '<span dir="ltr">PTPA</span> (<span dir="ltr">2018</span> میں منظور)'),
    ("مرکز (AHTC — Anti-Human Trafficking Circle)", 'مرکز <span dir="ltr">(AHTC — Anti-Human Trafficking Circle)</span>'),
    ("§12 پر جائیں", '<span dir="ltr">§12</span> پر جائیں'),
    ('کبھی "غیر قانونی" نہیں', "کبھی &quot;غیر قانونی&quot; نہیں"),
])
def test_latin_runs_in_urdu_are_isolated_left_to_right(text, expected):
    from tipsom.handouts.language import isolate

    assert isolate(f"<p>{html.escape(text)}</p>") == f"<p>{expected}</p>"


def test_isolation_leaves_tags_and_english_blocks_alone():
    from tipsom.handouts.language import isolate

    markup = '<a href="#walk-x-12" class="go">§12</a><div lang="en" dir="ltr"><p>A <em>B</em> (C)</p><br></div><p>FIA</p>'
    assert isolate(markup) == ('<a href="#walk-x-12" class="go"><span dir="ltr">§12</span></a>'
                               '<div lang="en" dir="ltr"><p>A <em>B</em> (C)</p><br></div><p><span dir="ltr">FIA</span></p>')


def test_the_urdu_catalog_is_complete_draft_and_keeps_placeholders():
    from babel.messages.pofile import read_po

    from tipsom.i18n import LOCALE

    with (LOCALE / "tipsom.pot").open("rb") as f:
        pot = {m.id for m in read_po(f) if m.id}
    with (LOCALE / "ur" / "LC_MESSAGES" / "tipsom.po").open("rb") as f:
        po = read_po(f)
    strings = {m.id: m.string for m in po if m.id}
    assert set(strings) == pot, "run `make messages`"
    assert not [k for k, v in strings.items() if not v.strip()], "every string needs its Urdu"
    assert not [m.id for m in po if m.id and m.fuzzy]
    for msgid, msgstr in strings.items():
        assert sorted(re.findall(r"\{\w+\}", msgid)) == sorted(re.findall(r"\{\w+\}", msgstr)), msgid
        for latin in ("PTPA", "PSMA", "FIA"):
            assert msgid.count(latin) == msgstr.count(latin), (msgid, latin)
    assert "draft, needs review by a fluent reader" in po.header_comment.lower()
    assert strings["Smuggling of migrants"] == "تارکینِ وطن کی اسمگلنگ" and "ٹریفکنگ" in strings["Trafficking in persons"]


def test_the_trainer_guide_prints_every_material_its_notes_call_for(curriculum):
    """Issue 20, point 4: no note asks for a map, a role-play brief or a news item the guide does not print."""
    from tipsom.handouts.cite import readable
    from tipsom.handouts.language import Localised

    loc = Localised(curriculum, "en")
    guide = words(whole(Document(curriculum, "trainer", "trainer_guide")))
    for note in trainer_only(curriculum):
        text = words(readable(note, loc))
        assert text in guide  # the note is what the trainer reads
        assert not re.search(r" (?:a|the|printed|this) maps? ", text), f"a map the guide does not print: {note[:80]}"
        if " role play " in text:
            assert " role play brief" in text, f"a role-play without its brief: {note[:80]}"
        if " news item " in text:
            assert 'News item: "' in note and re.search(r" five mistakes 1 .+ 2 .+ 3 .+ 4 .+ 5 ", text), \
                f"a news item without its text or its five mistakes: {note[:80]}"
