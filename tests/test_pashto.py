"""Pashto as data (issue 21): a language table entry, a catalog, a font and overlays; every
character each language prints is in its own font; the elders' Pashto leaflet prints in Naskh,
right to left, and its text layer reads back."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from tipsom.content.states import strings
from tipsom.handouts import build_handouts, plan
from tipsom.i18n import LOCALE, languages, translated_languages

from .conftest import ROOT

FONTS = ROOT / "src" / "tipsom" / "fonts"
PASHTO_LETTERS = "ټځڅډړږښګڼېۍ"  # the letters Pashto adds to the Arabic script
LAB_ONLY = {"▶"}  # JupyterLab's toolbar icon, named in the lab's how-to line: never printed
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u200e\u200f"))


def faces(css: Path) -> list[tuple[set[int], set[int]]]:
    """(code points the face's file has, code points its unicode-range gives it) per @font-face."""
    out = []
    for face in re.findall(r"@font-face\s*{([^}]*)}", css.read_text(encoding="utf-8")):
        cmap = set(TTFont(FONTS / re.search(r"url\(([^)]+)\)", face)[1]).getBestCmap())
        ranges = re.search(r"unicode-range:\s*([^;]+);", face)
        allowed: set[int] = set()
        for part in (ranges[1].split(",") if ranges else ["U+0000-10FFFF"]):
            lo, _, hi = part.strip()[2:].partition("-")
            allowed.update(range(int(lo, 16), int(hi or lo, 16) + 1))
        out.append((cmap, allowed))
    return out


def printed_texts(language: str) -> str:
    """Every text a language prints: its overlays and its catalog's translations."""
    texts = []
    for path in sorted(ROOT.glob(f"**/*.{language}.yaml")):
        if not {".venv", "build", "tests"} & set(path.parts):
            texts += list(yaml.safe_load(path.read_text(encoding="utf-8"))["text"].values())
    with (LOCALE / language / "LC_MESSAGES" / "tipsom.po").open("rb") as f:
        texts += [m.string for m in read_po(f) if m.id and isinstance(m.string, str)]
    return "\n".join(texts)


@pytest.mark.parametrize("language", translated_languages())
def test_every_character_a_language_prints_is_in_its_own_font(language):
    entry = languages()[language]
    own = faces(FONTS / entry.font)
    latin = faces(FONTS / "fonts.css")
    for weight in range(len(own)):  # each weight: regular and bold
        cmap, allowed = own[weight]
        for ch in sorted(set(printed_texts(language))):
            cp = ord(ch)
            if unicodedata.category(ch)[0] in "CZ" or ch.isspace() or ch in LAB_ONLY:
                continue
            if cp in allowed:
                assert cp in cmap, f"{language}: {ch!r} U+{cp:04X} is not in {entry.font} face {weight}"
            else:
                assert any(cp in c and cp in a for c, a in latin), f"{language}: {ch!r} U+{cp:04X} has no font"


def test_the_pashto_font_is_naskh_and_covers_pashto_letters():
    css = (FONTS / "fonts-ps.css").read_text(encoding="utf-8")
    for name in re.findall(r"url\(([^)]+)\)", css):
        font = TTFont(FONTS / name)
        assert font["name"].getDebugName(1) == "Noto Naskh Arabic"
        assert float(font["name"].getDebugName(5).split()[1]) >= 2.019  # declares ps (google/fonts METADATA)
        assert all(ord(ch) in font.getBestCmap() for ch in PASHTO_LETTERS)
    assert (FONTS / "OFL-NotoNaskhArabic.txt").read_text().count("SIL Open Font License") >= 1


def test_pashto_is_a_table_entry_and_its_first_content_is_all_draft(curriculum):
    assert languages()["ps"].direction == "rtl" and languages()["ps"].font == "fonts-ps.css"
    ps = [s for s in strings(curriculum, "ps") if s.translation is not None]
    assert {s.file for s in ps} == {"curriculum/leaflet.yaml", "curriculum/card.yaml", "curriculum/audiences.yaml",
                                    "curriculum/contacts.yaml",  # the numbers the leaflet and card print
                                    "curriculum/law/ptpa-2018.yaml", "curriculum/law/psma-2018.yaml",
                                    "curriculum/law/thota-2010.yaml"}  # the provision titles they cite
    assert {s.state for s in ps} <= {"draft", "stale"} and "draft" in {s.state for s in ps}  # nobody reviewed the Pashto
    assert any(ch in s.translation for s in ps for ch in PASHTO_LETTERS)
    keys = [d.key for d in plan(curriculum) if d.language == "ps"]
    assert keys == ["elders/ps/leaflet", "elders/ps/referral_card", "civil_society/ps/leaflet",
                    "civil_society/ps/referral_card"]


@pytest.mark.slow
def test_the_elders_pashto_leaflet_prints_in_naskh_right_to_left_and_reads_back(curriculum, tmp_path):
    build_handouts(curriculum, tmp_path, audiences=["elders"], languages=["ps"], editions=["pack"],
                   progress=lambda line: None)
    pdf, html = tmp_path / "elders" / "ps" / "leaflet.pdf", tmp_path / "elders" / "ps" / "leaflet.html"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\+NotoNaskhArabic-Regular\s.*\byes\s+yes\s+yes\b", fonts), fonts
    assert "Nastaliq" not in fonts
    page = html.read_text(encoding="utf-8")
    assert '<html lang="ps" dir="rtl"' in page or ('lang="ps"' in page and 'dir="rtl"' in page)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert text.count("\f") == 2  # one sheet, both sides
    flat = " ".join(text.translate(BIDI_MARKS).split())
    leaflet = yaml.safe_load((ROOT / "curriculum" / "leaflet.ps.yaml").read_text(encoding="utf-8"))["text"]
    for key in ("title", "audiences.elders.intro", "audiences.elders.pictures.acts.heading", "can_do_heading"):
        words = [w for w in re.findall(r"\w+", leaflet[key])]
        assert " ".join(words) in " ".join(re.findall(r"\w+", flat)), key
    assert "draft-notice" in page  # the Pashto is a draft and says so
