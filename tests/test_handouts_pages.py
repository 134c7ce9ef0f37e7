"""Whole questions on every page: no question's prompt, option list or card split across
pages, in any language. Reads each page's text of the real project's PDFs (`pdftotext`,
page by page) and finds on which page each question's prompt and its options print.

Nastaliq's extracted text is lossy (letters spaced and reordered), so a text is found by
its 4-letter sequences, measured against what the whole document gives back: a text on one
page is found there about as well as in the whole document; a text split over two pages is not.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from .test_handouts import AUDIENCES

pytestmark = pytest.mark.slow
QUESTION = re.compile(r'<li class="question[^"]*">(.*?)</li>\s*(?=<li class="question|</ol>)', re.S)
PROMPT = re.compile(r'<p class="prompt">(.*?)</p>', re.S)
OPTIONS = re.compile(r'<ul class="(?:boxes|options)">(.*?)</ul>', re.S)
CARD = re.compile(r'<div class="cut-card">(.*?)</div>', re.S)
EDITIONS = [f"{a}/{lang}/{e}" for a in AUDIENCES for lang in ("en", "ur")
            for e in ("participant_workbook", "handout", "referral_card")]


def letters(text: str) -> str:
    """The letters of a text (any script), lower case, without markup, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return "".join(c for c in text.lower() if unicodedata.category(c).startswith("L"))


def grams(text: str) -> set[str]:
    s = letters(text)
    return {s[i:i + 4] for i in range(len(s) - 3)}


def page_texts(pdf: Path) -> list[set[str]]:
    """Each page's 4-letter sequences, from `pdftotext` of that page alone."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout)[1])
    return [grams(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                 capture_output=True, text=True, check=True).stdout) for n in range(1, pages + 1)]


def blocks(markup: str) -> list[tuple[str, str]]:
    """What must print on one page: each question (its prompt, with its options) and each card."""
    out = []
    for q in QUESTION.findall(markup):
        prompt, options = PROMPT.search(q), OPTIONS.search(q)
        out.append(("prompt", prompt[1]))
        if options:
            out.append(("options", prompt[1] + " " + options[1]))
    return out + [("card", c) for c in CARD.findall(markup)]


def split_blocks(pdf: Path, markup: str) -> list[str]:
    """The blocks that no single page holds as well as the whole document does."""
    pages = page_texts(pdf)
    whole = set().union(*pages)
    bad = []
    for kind, text in blocks(markup):
        wanted = grams(text)
        if len(wanted) < 8:
            continue
        overall = len(wanted & whole) / len(wanted)
        best = max(len(wanted & p) / len(wanted) for p in pages)
        if best < 0.9 * overall:
            bad.append(f"{kind} ({best:.0%} on one page, {overall:.0%} in all): {letters(text)[:60]}")
    return bad


def test_blocks_split_over_two_pages_are_found(tmp_path):
    """The measure itself: a prompt pushed over a page break is caught, one on a page is not."""
    from tipsom.handouts.chromium import Printer

    prompt = "Who must the elder call when a family is held at a brick kiln by a debt it cannot repay"
    markup = f'<ol><li class="question question-open"><p class="prompt">{prompt}</p></li></ol>'
    printer = Printer()
    try:
        for gap, expected in (("270mm", 1), ("10mm", 0)):
            page = (f'<html><body style="margin:0"><div style="height:{gap}"></div>'
                    f'<p style="width:30mm;font-size:14pt;line-height:1.5">{prompt}</p></body></html>')
            pdf = tmp_path / "two.pdf"
            pdf.write_bytes(printer.print(page))
            assert len(split_blocks(pdf, markup)) == expected, gap
    finally:
        printer.close()


@pytest.mark.parametrize("key", EDITIONS)
def test_no_question_option_list_or_card_is_split_across_pages(key, project_build):
    folder = project_build.joinpath(*key.split("/")[:2])
    pdf, page = folder / f"{key.split('/')[2]}.pdf", folder / f"{key.split('/')[2]}.html"
    if not pdf.exists():
        pytest.skip(f"{key} is not built")
    assert not split_blocks(pdf, page.read_text(encoding="utf-8")), key

