"""Urdu editions of the handouts: right to left in Nastaliq, mostly Arabic script, every
character printable by the shipped fonts, no answer in a participant edition, offline,
reproducible and incremental, and a golden of one audience.

They reuse the session build of the real project (`project_build`, both languages); the
reproducibility and incremental tests build the elders' two Urdu editions once more.
Nastaliq's text extracted from a PDF is lossy (letters come out spaced and reordered), so
PDF tests count scripts and look at positions; exact Urdu text is checked in the HTML.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from benchmarks.engines import recall as text_recall
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from tipsom.handouts import build_handouts, plan
from tipsom.handouts.language import titles
from tipsom.i18n import LOCALE

from .conftest import ROOT
from .test_handouts import AUDIENCES, GOLDENS, SHIPPED, html_text, pdf_pages, stable
from .test_printed import trainer_only, words

pytestmark = pytest.mark.slow
UR_EDITIONS = [f"{a}/ur/{e}" for a in AUDIENCES for e in ("leaflet", "referral_card", "participant_workbook", "handout")]
FONTS = ROOT / "src" / "tipsom" / "fonts"
PO = LOCALE / "ur" / "LC_MESSAGES" / "tipsom.po"
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]")
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c"))  # the embedding marks pdftotext puts around runs
TRAINER_KEYS = re.compile(r"^(questions\.[^.]+\.options\.[^.]+\.feedback|walk\.nodes\.[^.]+\.choices\.\d+\.feedback"
                          r"|.*model_answer|answer(\..*)?|trainer_notes|debrief(\..*)?)$")


def uwords(text: str) -> str:
    """Like `words`, for any script: markup, punctuation and line breaks do not matter."""
    import html

    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def urdu_texts() -> list[str]:
    """Every Urdu text: the content overlays and the catalog's translations."""
    import yaml
    from babel.messages.pofile import read_po

    texts = []
    for path in sorted(ROOT.glob("**/*.ur.yaml")):
        if ".venv" not in path.parts and "build" not in path.parts:
            texts += list(yaml.safe_load(path.read_text(encoding="utf-8"))["text"].values())
    with PO.open("rb") as f:
        texts += [m.string for m in read_po(f) if m.id]
    return texts


def printable() -> set[int]:
    """The code points the shipped fonts print, each face limited to its CSS unicode-range."""
    covered: set[int] = set()
    for css in sorted(FONTS.glob("fonts*.css")):
        for face in re.findall(r"@font-face\s*{([^}]*)}", css.read_text(encoding="utf-8")):
            font = re.search(r"url\(([^)]+)\)", face)[1]
            cmap = set(TTFont(FONTS / font).getBestCmap())
            ranges = re.search(r"unicode-range:\s*([^;]+);", face)
            allowed = set()
            for part in (ranges[1].split(",") if ranges else ["U+0000-10FFFF"]):
                lo, _, hi = part.strip()[2:].partition("-")
                allowed.update(range(int(lo, 16), int(hi or lo, 16) + 1))
            covered |= cmap & allowed
    return covered


# ---- every audience, listed -----------------------------------------------------------------

def test_each_audience_has_urdu_editions_listed_in_the_index(project_build):
    for key in UR_EDITIONS:
        assert (project_build / f"{key}.html").stat().st_size > 1000, key
        assert (project_build / f"{key}.pdf").read_bytes()[:5] == b"%PDF-", key
    assert not (project_build / "trainer" / "ur").exists()  # the trainer guide stays English
    index = (project_build / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{key}.html"' in index and f'href="{key}.pdf"' in index for key in UR_EDITIONS)
    assert index.count("<h4>Urdu: ") == len(AUDIENCES)


def test_urdu_html_is_right_to_left_with_its_font_and_the_english_is_not(project_build):
    for key in UR_EDITIONS:
        page = (project_build / f"{key}.html").read_text(encoding="utf-8")
        assert re.search(r'<html (dir="rtl" lang="ur"|lang="ur" dir="rtl")>', page), key
        assert "font-family: 'Tipsom Urdu'" in page and "url(data:font/ttf;base64," in page, key
        assert "@top-right { content: " in page and '@bottom-left { content: "صفحہ " counter(page)' in page
        assert "یہ اردو ترجمہ ابھی مسودہ ہے" in page, f"{key}: no request for review of the draft"
    english = (project_build / "elders/en/handout.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Tipsom Urdu" not in english and "اردو" not in english


# ---- the PDF ------------------------------------------------------------------------------

def embedded_fonts(pdf: Path) -> dict[str, str]:
    """BaseFont -> the family named inside the embedded font program."""
    import io

    out = {}
    for ref in PdfReader(pdf).pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        program = TTFont(io.BytesIO(desc["/FontFile2"].get_object().get_data()))
        out[font["/BaseFont"].split("+")[-1]] = program["name"].getDebugName(1)
    return out


def test_urdu_pdfs_embed_nastaliq_and_are_mostly_arabic_script(project_build):
    for key in UR_EDITIONS:
        pdf = project_build / f"{key}.pdf"
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"\+NotoNastaliqUrdu-Regular\s.*\byes\s+yes\s+yes\b", listing), (key, listing)
        fonts = embedded_fonts(pdf)
        assert fonts["NotoNastaliqUrdu-Regular"] == "Noto Nastaliq Urdu" and all(f.startswith(SHIPPED) for f in fonts), (key, fonts)
        letters = [c for c in "".join(pdf_pages(pdf)) if unicodedata.category(c).startswith("L")]
        share = sum(bool(ARABIC.match(c)) for c in letters) / len(letters)
        assert share > 0.6, f"{key}: only {share:.0%} of the letters are Arabic script"
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(pdf).pages} == {(595, 842)}


def recall(html_path: Path, pdf: Path) -> float:
    """Of the 4-letter sequences of the Urdu letters in the HTML, the share `pdftotext` gives back
    (the measure `make bench` reports)."""
    return text_recall(html_path.read_text(encoding="utf-8"), pdf)


def test_the_text_layer_of_every_urdu_pdf_returns_the_urdu_it_printed(project_build):
    """Issue 13.5: copying, searching or a screen reader gets the letters printed (WeasyPrint:
    ~23%; Chromium alone: 80-87%, raised Nastaliq letters on other lines; with textlayer.py 95%+)."""
    found = {key: recall(project_build / f"{key}.html", project_build / f"{key}.pdf") for key in UR_EDITIONS}
    low = {k: f"{v:.0%}" for k, v in found.items() if v < 0.85}
    assert not low, f"Urdu text layer under 85%: {low}"


def test_english_passages_in_an_urdu_pdf_are_tagged_english(project_build):
    page = (project_build / "fia/ur/handout.html").read_text(encoding="utf-8")  # it prints two cases not yet translated
    assert 'lang="en"' in page
    pdf = (project_build / "fia/ur/handout.pdf").read_bytes()
    assert b"/Lang (en-GB)" in pdf and b"/Lang (ur)" in pdf


def test_urdu_page_furniture_is_mirrored(project_build):
    """The page number sits bottom left in Urdu (bottom right in English); the running head top right."""
    def sides(pdf: Path) -> tuple[set[str], set[str]]:
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "2", str(pdf), "-"], capture_output=True, text=True).stdout
        words = [(float(x0), (float(y0) + float(y1)) / 2, float(x1)) for x0, y0, x1, y1
                 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', out)]
        bottom = {"left" if x1 < 297 else "right" if x0 > 297 else "middle" for x0, y, x1 in words if y > 800}
        top = {"left" if x1 < 297 else "right" if x0 > 297 else "middle" for x0, y, x1 in words if y < 50}  # the head, above the body's tall Nastaliq
        return bottom, top
    assert sides(project_build / "elders/ur/handout.pdf") == ({"left"}, {"left", "right"})
    assert sides(project_build / "elders/en/handout.pdf") == ({"right"}, {"left", "right"})
    page = (project_build / "elders/ur/handout.html").read_text(encoding="utf-8")
    head = re.search(r'@top-right \{ content: "([^"]+)"', page)[1]
    assert head == "علاقے کے بزرگ اور معتبرین · حوالہ جاتی ہینڈ آؤٹ · اردو"


# ---- no empty boxes ------------------------------------------------------------------------------

LAB_ONLY = {"▶"}  # JupyterLab's toolbar icon, named in the lab's own how-to line: never printed, drawn by the lab's fonts


def test_every_character_of_the_urdu_text_is_in_the_shipped_fonts():
    covered = printable()
    missing = {c for text in urdu_texts() for c in text if ord(c) not in covered and not c.isspace()} - LAB_ONLY
    assert not missing, "no shipped font prints " + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in sorted(missing))


# ---- no leaks ------------------------------------------------------------------------------

def urdu_secrets(cur) -> list[str]:
    return [text for (file, lang), overlay in cur.overlays.items() if lang == "ur"
            for key, text in overlay.translation.text.items() if TRAINER_KEYS.match(key)]


def test_no_urdu_participant_edition_holds_an_answer_in_either_language(project_build, curriculum):
    english = [words(t) for t in trainer_only(curriculum)]
    urdu = [uwords(t) for t in urdu_secrets(curriculum)]
    assert len(urdu) > 100  # the Urdu option feedback alone
    sample = curriculum.localise(curriculum.scenarios["brick-kiln-peshgi"], "ur").narrative
    assert uwords(sample) in uwords(html_text(project_build / "elders/ur/handout.html"))  # the search works on Urdu
    for key in UR_EDITIONS:
        page = html_text(project_build / f"{key}.html")
        latin, anyscript = words(page), uwords(page)
        printed = words("\n".join(pdf_pages(project_build / f"{key}.pdf")))
        leaked = [s.strip() for s in english if s in latin or s in printed] + [s.strip() for s in urdu if s in anyscript]
        assert not leaked, f"{key} shows trainer-only text: {leaked[:3]}"


# ---- what is not translated yet -------------------------------------------------------------------

def test_an_untranslated_scenario_prints_in_english_after_an_urdu_note(project_build, curriculum):
    page = (project_build / "fia/ur/handout.html").read_text(encoding="utf-8")  # the reference handout prints them all
    title = curriculum.scenarios["makran-boat"].title
    block = re.search(r'<div class="not-yet-translated scenario-in-english"><p class="not-translated">([^<]+)</p>'
                      r'<div class="in-english" dir="ltr" lang="en">', page)
    assert block and "ترجمہ نہیں" in block[1]
    assert title in page and "<h4>Questions</h4>" in page  # the English block has English labels
    urdu = curriculum.localise(curriculum.scenarios["chaman-family-crossing"], "ur").title
    assert urdu in html_text(project_build / "fia/ur/handout.html")


# ---- goldens ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_golden_of_the_elders_urdu_editions(kind, project_build):
    """The elders' Urdu text as a reader sees it (HTML), and the PDF's pages with the Latin text
    on each (PTPA, provision ids, numbers, English blocks). Real content: an edit of the Urdu
    translations needs `TIPSOM_UPDATE_GOLDENS=1` to rewrite it."""
    for edition in ("leaflet", "referral_card", "participant_workbook", "handout"):
        path = project_build / f"elders/ur/{edition}.{kind}"
        if kind == "html":
            text = stable(html_text(path))
        else:  # the page count and each page's text as `pdftotext` reads it, Urdu and Latin
            pages = pdf_pages(path)
            text = f"pages: {len(pages)}\n" + "".join(f"-- page {i}\n" + stable(page.translate(BIDI_MARKS))
                                                      for i, page in enumerate(pages, 1))
        golden = GOLDENS / f"elders-ur-{edition}.{kind}.txt"
        if os.environ.get("TIPSOM_UPDATE_GOLDENS"):
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs (TIPSOM_UPDATE_GOLDENS=1 rewrites it)"


# ---- reproducible and incremental --------------------------------------------------------------

def test_urdu_builds_are_byte_identical_and_rebuild_when_a_translation_changes(project_build, curriculum, tmp_path):
    again = tmp_path / "again"
    build_handouts(curriculum, again, audiences=["elders"], languages=["ur"], progress=lambda line: None, editions=["reference"])
    for key in ("elders/ur/handout",):
        for ext in ("html", "pdf"):
            assert (again / f"{key}.{ext}").read_bytes() == (project_build / f"{key}.{ext}").read_bytes(), f"{key}.{ext}"
    root = tmp_path / "project"
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    from tipsom.content import load_curriculum

    report = build_handouts(load_curriculum(root), again, audiences=["elders"], languages=["ur"], progress=lambda line: None,
                            editions=["reference"])
    assert report["up_to_date"] == 1 and not report["built"]
    overlay = root / "scenarios" / "brick-kiln-peshgi.ur.yaml"
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("وہ پیشگی جو کبھی ختم نہیں ہوتی", "وہ پیشگی جو ختم نہیں ہوتی"),
                       encoding="utf-8")
    report = build_handouts(load_curriculum(root), again, audiences=["elders"], languages=["ur"], progress=lambda line: None,
                            editions=["reference"])
    assert sorted(report["built"]) == ["elders/ur/handout"]
    assert "وہ پیشگی جو ختم نہیں ہوتی" in html_text(again / "elders/ur/handout.html")
    docs = json.loads((again / ".manifest.json").read_text())["docs"]
    assert set(docs) == {"elders/ur/handout"}
    assert {"tipsom/locale/ur/LC_MESSAGES/tipsom.po", "scenarios/brick-kiln-peshgi.ur.yaml", "scenarios/brick-kiln-peshgi.yaml",
            "curriculum/glossary.ur.yaml", "tipsom/fonts/NotoNastaliqUrdu-Regular.ttf"} <= set(docs["elders/ur/handout"]["files"])


def test_an_urdu_document_depends_on_its_translations_and_the_catalog(curriculum):
    docs = {d.key: d for d in plan(curriculum, editions=["pack", "reference"])}
    pashto = ["elders/ps/leaflet", "elders/ps/referral_card", "civil_society/ps/leaflet", "civil_society/ps/referral_card"]
    assert len(docs) == 1 + len(curriculum.programme.days) + 2 * 5 * len(curriculum.audiences) + len(pashto)  # a guide a day too
    assert set(pashto) <= set(docs)
    urdu, english = docs["elders/ur/handout"], docs["elders/en/handout"]
    assert PO in urdu.inputs and PO not in english.inputs
    assert FONTS / "NotoNastaliqUrdu-Regular.ttf" in urdu.inputs and FONTS / "NotoNastaliqUrdu-Regular.ttf" not in english.inputs
    names = {p.name for p in urdu.inputs}
    assert {"brick-kiln-peshgi.ur.yaml", "glossary.ur.yaml", "ptpa-2018.ur.yaml", "programme.ur.yaml"} <= names
    assert {"glossary.yaml", "glossary.ur.yaml", "audiences.ur.yaml"} <= {p.name for p in docs["elders/ur/word_list"].inputs}
    assert not any(p.name.endswith(".ur.yaml") for p in english.inputs)
    assert titles(curriculum, "elders", "handout", "ur") == ("علاقے کے بزرگ اور معتبرین · حوالہ جاتی ہینڈ آؤٹ",
                                                            "علاقے کے بزرگ اور معتبرین · حوالہ جاتی ہینڈ آؤٹ · اردو")


def shipped_fonts_only(pdf: Path) -> set[str]:
    """The fonts `pdffonts` lists for a PDF, after checking that each is a shipped font,
    embedded, and none is a Type 3 font; returns their names without the subset tag."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(row.split()[0].split("+")[-1].startswith(SHIPPED) for row in rows), (pdf, listing)
    assert "Type 3" not in listing and all(" yes " in row for row in rows), (pdf, listing)
    return {row.split()[0].split("+")[-1] for row in rows}


def test_every_pdf_in_either_language_uses_only_the_shipped_fonts(project_build):
    """No system font (a Latin-only family on Urdu text fell back to DejaVu) and no Type 3 font
    (Chromium's way of drawing a synthesised bold or slant), on any page of any document."""
    for pdf in sorted(project_build.rglob("*.pdf")):
        shipped_fonts_only(pdf)


@pytest.fixture(scope="module")
def kit_build(tmp_path_factory) -> Path:
    """`tipsom kit print --session`, `tipsom report` (both languages) and `tipsom certificates` of the
    30-person fixture, on a copy of the project whose programme has its dates set."""
    import sys

    from .conftest import FIXTURES

    top = tmp_path_factory.mktemp("kit")
    root, session = top / "project", top / "session-30"
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    programme = root / "curriculum" / "programme.yaml"
    programme.write_text("dates: 1 and 2 December 2026\n" + programme.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(FIXTURES / "session-30-participants", session)
    run = [sys.executable, "-m", "tipsom"]
    for args in (["kit", "print", "--session", str(session)], ["report", str(session), "--out", str(root / "build" / "reports")],
                 ["certificates", str(session), "--out", str(root / "build" / "certificates")]):
        done = subprocess.run(run + args + ["--root", str(root)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return root / "build"


def test_every_kit_report_and_certificate_pdf_uses_only_the_shipped_fonts_urdu_in_nastaliq(kit_build):
    """The font rule of the handouts for everything else printed (issue 20): the tests, answer
    sheets, evaluation forms, attendance sheets and answer cards, the session report and the
    certificates, whose Urdu half is in Nastaliq."""
    pdfs = sorted(kit_build.rglob("*.pdf"))
    assert len(pdfs) == 5 * 2 * 6 + 2 + 1 + 2 + 1  # 6 audiences' forms in 2 languages, 2 days, cards, report x2, certificates
    for pdf in pdfs:
        fonts = shipped_fonts_only(pdf)
        urdu = "ur" in pdf.relative_to(kit_build).parts or pdf.name in ("report.ur.pdf", "certificates.pdf", "cards.pdf") \
            or pdf.name.startswith("attendance")
        assert ("NotoNastaliqUrdu-Regular" in fonts) == urdu, (pdf, fonts)
