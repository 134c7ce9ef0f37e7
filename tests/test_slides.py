"""Slide decks: one per module and language, nothing loaded from outside, the trainer notes
only as speaker notes, and a deck that really opens offline in headless Chromium.

The browser test needs Debian's `chromium` at /usr/bin/chromium (`TIPSOM_BROWSER=1 make
install`); it is skipped without it unless TIPSOM_REQUIRE_BROWSER=1, which makes a missing
browser a failure. TIPSOM_SCREENSHOTS=<folder> keeps the screenshots of an English and an
Urdu slide.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tipsom.content import load_curriculum
from tipsom.handouts.language import Localised
from tipsom.slides import build_slides
from tipsom.slides.build import RevealMissing, reveal_folder
from tipsom.slides.deck import deck

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
CSS_REFS = re.compile(r"""url\(\s*["']?([^"')]*)|@import\s+["']([^"']*)""", re.I)


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(ROOT)


@pytest.fixture(scope="module")
def built(cur, tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    build_slides(cur, out)
    return out


class Split(HTMLParser):
    """The text of a page, inside and outside `<aside class="notes">`, and its slides."""

    def __init__(self):
        super().__init__()
        self.depth, self.slides, self.notes_in = 0, 0, 0
        self.outside, self.inside = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.slides += 1
        if self.depth or (tag == "aside" and "notes" in (dict(attrs).get("class") or "").split()):
            self.depth += 1
            self.notes_in += tag == "aside"

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        (self.inside if self.depth else self.outside).append(data)


class Refs(HTMLParser):
    """Every address a page would load or link: src, href, and url() in style attributes and elements."""

    def __init__(self):
        super().__init__()
        self.refs, self.style = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action"):
                self.refs.append(value or "")
            elif name == "style":
                self.refs += css_refs(value or "")
        self.style = tag == "style"

    def handle_data(self, data):
        if self.style:
            self.refs += css_refs(data)


def css_refs(css: str) -> list[str]:
    return [a or b for a, b in CSS_REFS.findall(css)]


def external(path_or_page) -> list[str]:
    """The references of an HTML page or CSS file that leave the machine (http:, https:, //)."""
    text = path_or_page.read_text(encoding="utf-8") if isinstance(path_or_page, Path) else path_or_page
    if isinstance(path_or_page, Path) and path_or_page.suffix == ".css":
        refs = css_refs(text)
    else:
        parser = Refs()
        parser.feed(text)
        refs = parser.refs
    return [r for r in refs if re.match(r"\s*(https?:|//)", r, re.I)]


def split(page: str) -> Split:
    s = Split()
    s.feed(page)
    return s


def words(text: str) -> str:
    """Text without Markdown marks and list bullets, whitespace collapsed."""
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text)
    return " ".join(re.sub(r"[*_`#\[\]()]", " ", text).split())


def test_one_deck_per_module_and_language_and_an_index(cur, built):
    for language in ("en", "ur"):
        assert sorted(p.stem for p in (built / language).glob("*.html")) == sorted(cur.modules)
    index = (built / "index.html").read_text(encoding="utf-8")
    assert index.count('href="en/') == index.count('href="ur/') == len(cur.modules)
    for language in ("en", "ur"):
        for m in cur.modules:
            assert f'href="{language}/{m}.html"' in index


def test_one_slide_a_key_point_with_title_objectives_and_discussion(cur, built):
    for module in cur.modules.values():
        page = (built / "en" / f"{module.id}.html").read_text(encoding="utf-8")
        assert split(page).slides == len(module.key_points) + 3
        assert page.count('class="key-point"') == len(module.key_points)
        for point in module.key_points:
            assert words(point)[:40] in words(" ".join(split(page).outside))


def test_no_deck_or_vendored_file_loads_anything_from_outside(built):
    files = [p for p in built.rglob("*") if p.suffix in (".html", ".css")]
    assert len(files) >= 23
    for path in files:
        assert external(path) == [], path
    assert external('<link href="https://cdn.example/x.css"><p style="background:url(//x/y.png)">') == [
        "https://cdn.example/x.css", "//x/y.png"]  # the scan finds what it looks for
    # each deck names only files of the build: the shared reveal folder
    page = (built / "ur" / "gender.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert (built / "ur" / ref).resolve().is_file(), ref


def test_the_trainer_notes_are_speaker_notes_and_nowhere_else(cur, built):
    for language in ("en", "ur"):
        for module in cur.modules.values():
            parts = split((built / language / f"{module.id}.html").read_text(encoding="utf-8"))
            assert parts.notes_in == parts.slides  # every slide has speaker notes
            inside, outside = words(" ".join(parts.inside)), words(" ".join(parts.outside))
            lines = [words(x) for x in module.trainer_notes.splitlines() if len(words(x)) > 30]
            assert lines
            for line in lines:
                assert line[:60] in inside
                assert line[:60] not in outside, (language, module.id, line)


def test_an_urdu_deck_is_right_to_left_in_urdu_with_english_notes(cur):
    module = cur.modules["gender"]
    page = deck(Localised(cur, "ur"), module)
    assert '<html lang="ur" dir="rtl">' in page and '"rtl": true' in page
    shown = words(" ".join(split(page).outside))
    assert words(cur.localise(module, "ur").key_points[0]) in shown
    assert '<span dir="ltr">PTPA</span>' in page  # a Latin run in Urdu text reads left to right
    assert words(module.key_points[0]) not in shown
    assert '<aside class="notes"><div lang="en" dir="ltr">' in page  # notes are not translated yet
    assert "tipsom-fonts-ur.css" in page


def test_an_untranslated_module_shows_english_left_to_right_in_an_urdu_deck():
    cur = load_curriculum(ROOT)
    del cur.overlays[("curriculum/modules/gender.yaml", "ur")]
    module = cur.modules["gender"]
    page = deck(Localised(cur, "ur"), module)
    assert f'<p class="point"><span lang="en" dir="ltr">{module.key_points[0]}</span></p>' in page
    assert "<h2>مقاصد</h2>" in page  # the interface strings are still Urdu


def test_content_markup_is_sanitised(cur):
    module = cur.modules["gender"].model_copy(update={
        "key_points": ['<script>alert(1)</script> *bold* <img src="http://x/y.png">'],
        "trainer_notes": '<iframe src="https://example.org"></iframe> [a](javascript:alert(1))'})
    page = deck(Localised(cur, "en"), module)
    assert "<script>alert" not in page and "<img" not in page and "<iframe" not in page
    assert "href=\"javascript:" not in page and external(page) == []
    assert "<em>bold</em>" in page


def test_a_missing_reveal_copy_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr("tipsom.slides.build.SOURCE_VENDOR", tmp_path / "none")
    with pytest.raises(RevealMissing, match="npm ci --prefix vendor/reveal"):
        reveal_folder(tmp_path)


NO_BROWSER = "no /usr/bin/chromium: install Debian's chromium (TIPSOM_BROWSER=1 make install) to run the slides' browser test"
needs_browser = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("TIPSOM_REQUIRE_BROWSER") != "1", reason=NO_BROWSER)

# How many pixels of a screenshot differ from its top-left pixel, counted by Chromium itself
COUNT_INK = """async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[0]) + Math.abs(d[i+1] - d[1]) + Math.abs(d[i+2] - d[2]) > 60) n++;
  return n / (c.width * c.height);
}"""


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_a_deck_opens_offline_in_chromium_and_goes_to_the_next_slide(built, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail("TIPSOM_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing: TIPSOM_BROWSER=1 make install")
    import base64

    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("TIPSOM_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []

    def local_only(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            ctx.route("**/*", local_only)
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            for language in ("en", "ur"):
                page.goto((built / language / "gender.html").as_uri())
                page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
                page.evaluate("() => document.fonts.ready")
                assert page.evaluate("() => Reveal.getIndices().h") == 0
                page.keyboard.press("Space")  # next slide: the objectives
                page.wait_for_function("() => Reveal.getIndices().h === 1")
                page.keyboard.press("Space")  # the first key point
                page.wait_for_function("() => Reveal.getIndices().h === 2")
                assert page.evaluate("() => Reveal.getCurrentSlide().classList.contains('key-point')")
                assert page.evaluate("() => Reveal.getTotalSlides()") == len(load_curriculum(ROOT).modules["gender"].key_points) + 3
                family = "Tipsom Urdu" if language == "ur" else "Tipsom Sans"  # the shipped font, loaded and used
                assert page.evaluate("() => getComputedStyle(document.querySelector('.present .point')).fontFamily"
                                     ).startswith(f'"{family}"')
                assert page.evaluate("(f) => [...document.fonts].some(x => x.family.includes(f) && x.status === 'loaded')", family)
                shot = shots / f"slide-{language}.png"
                page.screenshot(path=str(shot))
                ink = page.evaluate(COUNT_INK, "data:image/png;base64," + base64.b64encode(shot.read_bytes()).decode())
                assert 0.005 < ink < 0.6, (language, ink)  # text on a plain page: neither blank nor noise
            with page.expect_popup() as popup:  # the speaker view (key S) shows the trainer notes
                page.keyboard.press("s")
            speaker = popup.value
            speaker.wait_for_selector(".speaker-controls-notes :text('Timing')", timeout=30_000)
            assert "Who are the victims of trafficking" in speaker.locator(".speaker-controls-notes").inner_text()
            assert errors == []
        finally:
            browser.close()
    assert blocked == []


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_a_deck_printed_to_pdf_uses_only_the_shipped_fonts(built, tmp_path):
    """reveal.js's print view (`?print-pdf`), as a trainer prints handouts of the slides: every font
    embedded is a shipped one, none Type 3, the Urdu deck's in Nastaliq (issue 20: one font rule)."""
    if not CHROMIUM.exists():
        pytest.fail("TIPSOM_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing: TIPSOM_BROWSER=1 make install")
    from playwright.sync_api import sync_playwright

    from .test_handouts_urdu import shipped_fonts_only

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for language in ("en", "ur"):
                page = browser.new_page()
                page.goto((built / language / "telling-them-apart.html").as_uri() + "?print-pdf")
                page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
                page.evaluate("() => document.fonts.ready")
                pdf = tmp_path / f"slides-{language}.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                fonts = shipped_fonts_only(pdf)
                assert ("NotoNastaliqUrdu-Regular" in fonts) == (language == "ur"), (language, fonts)
        finally:
            browser.close()
