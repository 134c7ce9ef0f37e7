"""Reading levels held to: each audience's longest sentence and its form of citation
(`curriculum/audiences.yaml`), the check that measures the leaflet and card against them,
an audience's own wording of the leaflet, and citations printed in each audience's form.
Page budgets of the printed leaflet and card are in test_handouts.py."""

from __future__ import annotations

import html
import re

import pytest

from tipsom.content import check_project
from tipsom.content.reading import _card_texts, _texts, edition, sentences, words
from tipsom.handouts.cite import cite, cites
from tipsom.handouts.document import Document
from tipsom.handouts.language import Localised

from .conftest import FIXTURES, ROOT
from .test_printed import whole

BROKEN = FIXTURES / "broken" / "curriculum" / "leaflets"
LINES = {"sentence-too-long": [8, 26], "unknown-row": [22]}  # rule -> the lines the report must name


@pytest.mark.parametrize("rule", sorted(LINES))
def test_broken_leaflet(rule):
    found = check_project(ROOT, [BROKEN / rule / "leaflet.yaml"])
    assert [(p.rule, p.line) for p in found] == [(rule, line) for line in LINES[rule]], found


def test_every_fixture_has_its_lines():
    assert {p.name for p in BROKEN.iterdir() if p.is_dir()} == set(LINES)


def test_the_report_names_the_sentence_its_length_and_whose_limit():
    found = check_project(ROOT, [BROKEN / "sentence-too-long" / "leaflet.yaml"])
    assert "'Someone recruits, moves, hides or receives ...' has 17 words, more than elders (15)" in found[0].message
    assert "has 26 words, more than fia (25)" in found[1].message  # only the FIA reads its own cell


def test_sentences_end_at_full_stops_but_not_at_abbreviations():
    assert sentences("See s. 3 of the Act. Art. 3(b) applies, e.g. here! Is it? Yes.") == [
        "See s. 3 of the Act.", "Art. 3(b) applies, e.g. here!", "Is it?", "Yes."]
    assert sentences("The Protocol's. Next") == ["The Protocol's.", "Next"]
    assert words("A child's consent, under s. 7, is no defence.") == 9


def test_every_audience_has_a_checkable_reading_level(curriculum):
    levels = {a: (x.max_sentence_words, x.citations) for a, x in curriculum.audiences.items()}
    assert levels["elders"] == (15, "short") and levels["fia"][1] == levels["academia"][1] == "full"
    assert levels["elders"][0] == min(n for n, _ in levels.values())  # read aloud: the shortest
    assert levels["academia"][0] == max(n for n, _ in levels.values())
    for audience, (limit, _) in levels.items():  # the real content keeps to every limit
        texts = list(_texts(curriculum.leaflet, audience)) + list(_card_texts(curriculum.card))
        longest = max(words(s) for _, t in texts for s in sentences(t))
        assert longest <= limit, audience


def test_the_check_measures_what_each_audience_gets_printed(curriculum):
    for audience in curriculum.audiences:
        printed = html.unescape(whole(Document(curriculum, audience, "leaflet")))
        for _, text in _texts(curriculum.leaflet, audience):
            assert " ".join(text.split()) in printed, (audience, text[:40])


def test_an_audience_gets_its_own_wording_and_the_shared_text_elsewhere(curriculum):
    leaf = curriculum.leaflet
    shared = {r.id: r for r in leaf.side_by_side}
    fia, elders = edition(leaf, "fia"), edition(leaf, "elders")
    assert [r.id for r in fia.rows] == [r.id for r in leaf.side_by_side]
    assert fia.rows[0].trafficking != shared["what"].trafficking and "Three elements" in fia.rows[0].trafficking.text
    assert next(r for r in fia.rows if r.id == "border") == shared["border"]  # a row it leaves out stays shared
    assert elders.rows == list(leaf.side_by_side) and elders.rights == list(leaf.rights)
    assert fia.rights != list(leaf.rights) and len(fia.rights) >= len(leaf.rights)
    text = whole(Document(curriculum, "fia", "leaflet"))
    assert "non-bailable" in text and html.escape(shared["what"].trafficking.text) not in text
    academia = whole(Document(curriculum, "academia", "leaflet"))
    assert "Trafficking Protocol art. 3" in academia and "Smuggling Protocol art. 5" in academia


def law_cites(markup: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r'<span class="law-cite"> ([^<]*)</span>', markup)]


def test_the_fia_leaflet_cites_in_full_and_the_elders_leaflet_short(curriculum):
    fia = law_cites(whole(Document(curriculum, "fia", "leaflet")))
    elders = law_cites(whole(Document(curriculum, "elders", "leaflet")))
    assert fia and elders
    assert "Prevention of Trafficking in Persons Act, 2018, ss. 8, 9 (inferred)" in fia
    assert not any(re.search(r"\bPTPA s\.|\bPSMA,", c) for c in fia)
    assert any(c.startswith("PTPA s. 8 (inferred)") for c in elders)
    assert not any("Prevention of" in c for c in elders)
    card = law_cites(whole(Document(curriculum, "fia", "referral_card")))
    assert card and not any("Prevention of" in c for c in card)  # a card is given on: short, with room to write


def test_citations_in_full(curriculum):
    en, ur = Localised(curriculum, "en"), Localised(curriculum, "ur")
    assert cite("ptpa-2018/s3", en, full=True) == "Prevention of Trafficking in Persons Act, 2018, s. 3 (inferred)"
    assert cite("psma-2018/offence", en, full=True) == "Prevention of Smuggling of Migrants Act, 2018, Smuggling of migrants (number not known)"
    assert cite("un-protocols/tip-art3", en, full=True) == "Trafficking Protocol art. 3"
    assert cites(["ptpa-2018/s7", "ptpa-2018/s2", "crpc-1898/s545"], en, full=True) == (
        "Prevention of Trafficking in Persons Act, 2018, ss. 2, 7 (inferred); Code of Criminal Procedure, 1898, s. 545")
    assert cites(["ptpa-2018/s7", "ptpa-2018/s2"], en) == "PTPA s. 7 (inferred); PTPA s. 2 (inferred)"  # short: as before
    urdu = cite("ptpa-2018/s3", ur, full=True)
    assert "دفعہ 3" in urdu and not re.search("[A-Za-z]", urdu)  # no English name in brackets
