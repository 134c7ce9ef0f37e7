"""The patches the Chromium engine makes to a PDF (no browser needed), and one real print:
dates from the build, structure ids in writing order, right-to-left bookmarks in reading
order, every request but the document blocked."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tipsom.handouts import chromium

INFO = b"<</Title (x)\n/CreationDate (D:20261201090925+05'00')\n/ModDate (D:20261201090925+05'00')>>"


def tree(numbers: list[int]) -> bytes:
    """Three table headers as Skia writes them, numbered by the renderer, and their IDTree leaf."""
    elems = b"".join(b"%d 0 obj\n<</S /TH\n/ID (node%08d)>>\nendobj\n" % (10 + i, n) for i, n in enumerate(numbers))
    pairs = sorted((b"(node%08d)" % n, b"%d 0 R" % (10 + i)) for i, n in enumerate(numbers))
    leaf = b"<</Limits [%s %s]\n/Names [%s]>>" % (pairs[0][0], pairs[-1][0], b" ".join(k + b" " + r for k, r in pairs))
    return elems + b"/Headers [(node%08d)]\n" % numbers[1] + leaf


def test_the_dates_are_the_builds_and_nothing_moves(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    fixed = chromium.fixed_dates(INFO)
    assert len(fixed) == len(INFO) and fixed.count(b"(D:20000101000000+00'00')") == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert b"(D:20231114221320+00'00')" in chromium.fixed_dates(INFO)
    with pytest.raises(chromium.PrintError):
        chromium.fixed_dates(b"no dates")


def test_structure_ids_depend_only_on_the_document():
    first, second = tree([63, 57, 70]), tree([7, 3, 12])  # the same tables, numbered in another order
    assert chromium.fixed_ids(first) == chromium.fixed_ids(second)
    fixed = chromium.fixed_ids(first)
    assert len(fixed) == len(first)
    assert re.findall(rb"/ID \(node(\d{8})\)", fixed) == [b"00000001", b"00000002", b"00000003"]
    assert b"/Headers [(node00000002)]" in fixed  # the header a cell names is still the same element
    assert b"/Names [(node00000001) 10 0 R (node00000002) 11 0 R (node00000003) 12 0 R]" in fixed
    assert b"/Limits [(node00000001) (node00000003)]" in fixed


def test_right_to_left_bookmarks_read_in_order():
    def title(text: str) -> bytes:
        return b"/Title <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"

    pdf = title("پیغامات اہم") + title("Key messages") + title("موازنہ کا اسمگلنگموازنہ کا اسمگلنگ") + title("Other")
    fixed = chromium.fixed_titles(pdf, ["اہم پیغامات", "Key messages", "اسمگلنگ کا موازنہ"])
    titles = [bytes.fromhex(h.decode()).decode("utf-16-be") for h in re.findall(rb"<FEFF([0-9A-F]*)>", fixed)]
    assert [t.rstrip() for t in titles] == ["اہم پیغامات", "Key messages", "اسمگلنگ کا موازنہ", "Other"]
    assert len(fixed) == len(pdf)


def test_a_wrapped_right_to_left_heading_keeps_its_word_order():
    """Chromium joins a heading's two lines without a space and reverses each line's words: the
    title is one character shorter than the heading, and still comes out in reading order."""
    heading = "اگر کسی کی ٹریفکنگ ہو رہی ہو، یا اسے پیسے لے کر سرحد پار کروائی جا رہی ہو"
    first, second = heading.split(" سرحد")
    drawn = " ".join(reversed(first.split())) + " ".join(reversed(("سرحد" + second).split()))
    pdf = b"/Title <FEFF" + drawn.encode("utf-16-be").hex().upper().encode() + b">"
    fixed = chromium.fixed_titles(pdf, [heading])
    title = bytes.fromhex(re.search(rb"<FEFF([0-9A-F]*)>", fixed)[1].decode()).decode("utf-16-be")
    assert title.split() == heading.split()[:-2] + ["رہیہو"] and len(fixed) == len(pdf)


@pytest.mark.slow
def test_a_print_is_tagged_with_bookmarks_and_fetches_nothing():
    printer = chromium.Printer()
    try:
        page = ('<!DOCTYPE html><html lang="ur" dir="rtl"><head><title>t</title></head><body><h1>اہم پیغامات</h1>'
                '<div lang="en"><p>An English passage.</p></div></body></html>')
        pdf = printer.print(page)
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.trailer["/Root"]["/Lang"] == "ur" and "/StructTreeRoot" in reader.trailer["/Root"]
        assert [m.title.strip() for m in reader.outline] == ["اہم پیغامات"]
        assert b"/Lang (en-GB)" in pdf and pdf == printer.print(page)
        with pytest.raises(chromium.PrintError, match=r"asks for files from outside \(http://127.0.0.1:9/map.png"):
            printer.print('<html><body><img src="http://127.0.0.1:9/map.png"></body></html>')
    finally:
        printer.close()
