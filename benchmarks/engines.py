"""The two PDF engines side by side, on the same HTML (the documents of a cold build):

- Chromium (the build's engine): one browser, a new page per document, as a worker does;
- WeasyPrint (the engine before it; kept for this comparison only): fonts loaded once, as
  the old workers did, only data: URLs fetched.
For each: seconds per language and in all, pages, whether the PDF is tagged, and the Urdu
text layer (of the 4-letter sequences of each Urdu document's Urdu letters, the share that
`pdftotext` gives back; the build needs at least 85%).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
GOAL_RECALL = 0.85


def compare(out: Path, keys: list[str], scratch: Path) -> dict:
    """Print every document's HTML in `out` with both engines; print and return the figures."""
    scratch.mkdir(parents=True, exist_ok=True)
    figures = {name: run(engine, out, keys, scratch / name) for name, engine in (("chromium", chromium), ("weasyprint", weasyprint))}
    print(f"PDF engines, the same {len(keys)} HTML documents, one process each, one document at a time:")
    print(f"  {'engine':12} {'start':>7} {'en (s)':>8} {'ur (s)':>8} {'all (s)':>8} {'pages':>6} {'tagged':>7}")
    for name, f in figures.items():
        by = {lang: sum(t for k, t in f["times"].items() if k.split("/")[1] == lang) for lang in ("en", "ur")}
        print(f"  {name:12} {f['start']:7.2f} {by['en']:8.2f} {by['ur']:8.2f} {sum(f['times'].values()):8.2f} "
              f"{sum(f['pages'].values()):6d} {sum(f['tagged'].values()):3d}/{len(keys)}")
    urdu = [k for k in keys if k.split("/")[1] == "ur"]
    if urdu:
        print(f"  Urdu text layer (share of the 4-letter sequences given back; goal {GOAL_RECALL:.0%}):")
        print(f"    {'document':36} {'chromium':>9} {'weasyprint':>11}")
        for k in urdu:
            print(f"    {k:36} {figures['chromium']['recall'][k]:9.0%} {figures['weasyprint']['recall'][k]:11.0%}")
        for name, f in figures.items():
            print(f"    {name}: mean {statistics.fmean(f['recall'][k] for k in urdu):.0%}, lowest {min(f['recall'][k] for k in urdu):.0%}")
    return figures


def run(engine, out: Path, keys: list[str], to: Path) -> dict:
    t = time.perf_counter()
    print_one, close = engine()
    figures = {"start": time.perf_counter() - t, "times": {}, "pages": {}, "tagged": {}, "recall": {}}
    try:
        for key in keys:
            html = (out / f"{key}.html").read_text(encoding="utf-8")
            t = time.perf_counter()
            pdf = print_one(html)
            figures["times"][key] = time.perf_counter() - t
            path = to / f"{key.replace('/', '-')}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pdf)
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
            figures["pages"][key] = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
            figures["tagged"][key] = bool(re.search(r"^Tagged:\s+yes", info, re.M))
            if key.split("/")[1] == "ur":
                figures["recall"][key] = recall(html, path)
    finally:
        close()
    return figures


def chromium():
    from tipsom.handouts.chromium import Printer

    printer = Printer()
    printer.start()
    return printer.print, printer.close


def weasyprint():
    """WeasyPrint as the build used it: a font configuration and the fonts' CSS loaded once."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from tipsom.handouts.render import fonts_css

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    config = FontConfiguration()
    fonts = {lang: CSS(string=fonts_css(lang), font_config=config, url_fetcher=fetcher) for lang in ("en", "ur")}
    style = re.compile(r'<style id="tipsom-fonts">.*?</style>', re.S)

    def print_one(html: str) -> bytes:
        lang = "ur" if '<html dir="rtl" lang="ur">' in html[:2000] else "en"
        page = style.sub("", html, count=1)
        return HTML(string=page, url_fetcher=fetcher).write_pdf(stylesheets=[fonts[lang]], font_config=config)

    return print_one, lambda: None


# ---- the Urdu text layer ---------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def letters(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if ARABIC.match(c) and unicodedata.category(c).startswith("L"))


def text_of(html: str) -> str:
    """The text a reader sees in an HTML document (no style, script or title); the tests use it too."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def recall(html: str, pdf: Path) -> float:
    """Of the 4-letter sequences of the HTML's Urdu letters, the share found in `pdftotext` of the PDF."""
    def grams(s: str) -> set[str]:
        return {s[i:i + 4] for i in range(len(s) - 3)}

    printed = grams(letters(text_of(html)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True).stdout.decode()
    return len(printed & grams(letters(text))) / len(printed) if printed else 1.0
