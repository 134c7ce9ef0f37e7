"""The text layer of right-to-left words (handouts/textlayer.py): a Nastaliq word comes back
from `pdftotext` whole and in order, the page looks the same pixel for pixel, and anything
not printed by Chromium is left as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tipsom.handouts import chromium
from tipsom.handouts.render import fonts_css
from tipsom.handouts.textlayer import anchored

# Words whose letters Nastaliq draws far apart: a long cascade, final yeh barree after a raised
# lam, a lam-alef ligature; at heading size the steps are several points high.
WORDS = "ٹریفکنگ معاملے پہلے علاقے اسمگلنگ بلوچستان"


def page(words: str) -> str:
    return (f'<!DOCTYPE html><html lang="ur" dir="rtl"><head><meta charset="utf-8"><title>t</title>'
            f'<style>{fonts_css("ur")} body {{ font-family: "Tipsom Urdu"; }} h1 {{ font-size: 30pt; }}</style>'
            f'</head><body><h1>{words}</h1><p>{words}</p><p lang="en" dir="ltr">An English line.</p></body></html>')


def text(pdf: bytes, tmp: Path) -> str:
    (tmp / "t.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp / "t.pdf"), "-"], capture_output=True, check=True,
                          text=True).stdout


def pixels(pdf: bytes, tmp: Path, name: str) -> list[bytes]:
    (tmp / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp / f"{name}.pdf"), str(tmp / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp.glob(f"{name}-*.png"))]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[bytes, bytes]:
    """The same page as Chromium prints it, and after the text layer."""
    printer = chromium.Printer()
    try:
        original, chromium.anchored = chromium.anchored, lambda pdf: pdf
        try:
            raw = printer.print(page(WORDS))
        finally:
            chromium.anchored = original
        return raw, printer.print(page(WORDS))
    finally:
        printer.close()


@pytest.mark.slow
def test_nastaliq_words_come_back_whole_and_in_order(printed, tmp_path):
    raw, fixed = printed
    expected = WORDS.split()
    lines = [line.strip("\u202a\u202b\u202c ") for line in text(fixed, tmp_path).splitlines()]
    assert lines.count(WORDS) == 2, text(fixed, tmp_path)  # the heading and the paragraph, each one line
    assert "An English line." in lines
    # what Chromium alone gives: letters on other lines and spaces inside the words
    assert [w for w in text(raw, tmp_path).split() if w in expected] != expected * 2


@pytest.mark.slow
def test_the_page_looks_the_same(printed, tmp_path):
    raw, fixed = printed
    assert raw != fixed
    assert pixels(raw, tmp_path, "raw") == pixels(fixed, tmp_path, "fixed")


@pytest.mark.slow
def test_the_layer_is_the_same_bytes_each_time_and_added_once(printed):
    raw, fixed = printed
    assert anchored(raw) == fixed
    assert anchored(fixed) == fixed


@pytest.mark.parametrize("pdf", [b"", b"not a pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF"],
                         ids=["empty", "not-a-pdf", "no-pages"])
def test_what_it_cannot_read_is_left_as_it_is(pdf):
    assert anchored(pdf) is pdf


@pytest.mark.slow
def test_a_page_without_right_to_left_text_is_left_as_it_is():
    printer = chromium.Printer()
    try:
        original, chromium.anchored = chromium.anchored, lambda pdf: pdf
        try:
            raw = printer.print('<html lang="en"><body><h1>Trafficking and smuggling</h1></body></html>')
        finally:
            chromium.anchored = original
    finally:
        printer.close()
    assert anchored(raw) is raw
