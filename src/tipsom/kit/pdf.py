"""HTML documents of the kit and their PDF: one small door to the handout pipeline's printer.

`document` wraps a body in a self-contained page (the shipped fonts inlined, the
language's direction, page numbers in the page margin); `print_pdf` prints it through
`handouts.render.to_pdf`, so when the print engine changes underneath (WeasyPrint or
Chromium), the kit does not.

One font rule for every page: only the shipped fonts (Noto Sans and Serif for Latin, Noto
Nastaliq Urdu for Urdu), so nothing printed may need a character outside them (no ■ ✔ →
☐: boxes and marks are drawn with CSS). A page holding Urdu anywhere (a certificate's
Urdu half) loads the Urdu font even when it is an English page (`fonts="ur"`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..i18n import direction, translator

BASE_CSS = """
body { font-family: 'Tipsom Sans', sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1d1d1d; }
[lang=ur] body, body[lang=ur], [lang=ur] { font-family: 'Tipsom Urdu', 'Tipsom Sans', sans-serif; }
body[lang=ur] { line-height: 2.3; }
[lang=en] { font-family: 'Tipsom Sans', sans-serif; }
h1 { font-family: 'Tipsom Serif', 'Tipsom Urdu', 'Tipsom Sans', serif; font-size: 18pt; margin: 0 0 4pt; }
body[lang=ur] h1 { font-family: 'Tipsom Urdu', 'Tipsom Serif', 'Tipsom Sans', serif; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #bbb; }
h3 { font-size: 11pt; margin: 10pt 0 3pt; }
h1, h2, h3, .keep-next { break-after: avoid; page-break-after: avoid; }
body[lang=ur] h2, body[lang=ur] h3 { padding-top: 0.6em; }  /* Nastaliq's tall strokes stay inside the heading's box, never printed at the foot of the page before */
table { border-collapse: collapse; margin: 4pt 0; }
thead { display: table-header-group; }
tr, .plot, .keep { break-inside: avoid; page-break-inside: avoid; }
thead { break-after: avoid; }
th, td { border: 1px solid #bbb; padding: 2pt 6pt; text-align: start; vertical-align: top; }
th { background: #eef1f5; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; }
bdi, .iso { unicode-bidi: isolate; }
.note { background: #fff6dd; border-inline-start: 3pt solid #d9a400; padding: 3pt 8pt; }
.plot img { max-width: 100%; height: auto; }
.latin { direction: ltr; }
.small { font-size: 8.5pt; color: #555; }
.swatch { display: inline-block; width: 8pt; height: 8pt; vertical-align: baseline; }
.tick { display: inline-block; width: 5pt; height: 9pt; border: solid #1d1d1d; border-width: 0 2pt 2pt 0; transform: rotate(45deg); }
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def num(text: object) -> str:
    """A number (with its sign or %) kept left to right as one piece in a right-to-left line."""
    return f'<bdi dir="ltr">{esc(text)}</bdi>'


def head_rows(markup: str) -> str:
    """Each table's first row of headings made its `<thead>`: printed again at the top of each
    page the table runs onto, and never left alone at the foot of a page."""
    return re.sub(r"<table([^>]*)>(<tr>\s*<th(?:(?!</tr>).)*</tr>)", r"<table\1><thead>\2</thead>", markup, flags=re.S)


def page_numbers(language: str) -> str:
    """`@page` rules that print "Page n of m" at the foot, on the side where a line ends."""
    from ..handouts.render import PAGE_OF

    parts = [p for p in translator(language)(PAGE_OF).replace("{page}", "\0page\0").replace("{pages}", "\0pages\0").split("\0") if p]
    content = " ".join(f"counter({p})" if p in ("page", "pages") else '"' + p.replace('"', '\\"') + '"' for p in parts)
    side = "right" if direction(language) == "ltr" else "left"
    font = "'Tipsom Urdu', 'Tipsom Sans'" if language == "ur" else "'Tipsom Sans'"
    return (f"@page {{ @bottom-{side} {{ content: {content}; font-family: {font}, sans-serif; font-size: 8.5pt; color: #555;"
            f" direction: {direction(language)}; }} }}")


def document(title: str, body: str, language: str = "en", page: str = "A4", css: str = "", fonts: str = "",
             numbered: bool = True) -> str:
    """A self-contained HTML page: fonts inlined as data: URIs, nothing fetched. `fonts`: the
    language whose fonts to load when it is not the page's (Urdu text on an English page);
    `numbered`: "Page n of m" at the foot of each page."""
    from ..handouts.render import fonts_css

    margin = "14mm 14mm 16mm" if page == "A4" else "12mm"
    pages = page_numbers(language) if numbered else ""
    return (f'<!DOCTYPE html><html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style id=\"tipsom-fonts\">{fonts_css(fonts or language)}</style>"
            f"<style>@page {{ size: {page}; margin: {margin}; }}{pages}{BASE_CSS}{css}</style></head>"
            f'<body lang="{language}">{head_rows(body)}</body></html>')


def print_pdf(html_text: str, language: str, name: str, root: Path | str = ".") -> bytes:
    """The PDF of one kit document, printed by the handout pipeline."""
    from ..handouts.render import to_pdf

    return to_pdf(html_text, {"language": language, "root": str(Path(root).resolve()), "audience": "kit",
                              "edition": name, "notebook": name})


def write(path: Path, data: bytes | str) -> Path:
    from ..handouts.render import write_atomic

    write_atomic(path, data.encode() if isinstance(data, str) else data)
    return path
