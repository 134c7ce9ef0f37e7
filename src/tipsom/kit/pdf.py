"""HTML documents of the kit and their PDF: one small door to the handout pipeline's printer.

`document` wraps a body in a self-contained page (the shipped fonts inlined, the
language's direction); `print_pdf` prints it through `handouts.render.to_pdf`, so when
the print engine changes underneath (WeasyPrint or Chromium), the kit does not.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..i18n import direction

BASE_CSS = """
body { font-family: 'Tipsom Sans', 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1d1d1d; }
[lang=ur] body, body[lang=ur] { font-family: 'Tipsom Urdu', 'Tipsom Sans', sans-serif; line-height: 2.3; }
h1 { font-family: 'Tipsom Serif', 'Tipsom Urdu', serif; font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #bbb; }
h3 { font-size: 11pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; margin: 4pt 0; }
th, td { border: 1px solid #bbb; padding: 2pt 6pt; text-align: start; vertical-align: top; }
th { background: #eef1f5; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; }
.note { background: #fff6dd; border-inline-start: 3pt solid #d9a400; padding: 3pt 8pt; }
.plot img { max-width: 100%; height: auto; }
.latin { direction: ltr; }
.small { font-size: 8.5pt; color: #555; }
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def document(title: str, body: str, language: str = "en", page: str = "A4", css: str = "") -> str:
    """A self-contained HTML page: fonts inlined as data: URIs, nothing fetched."""
    from ..handouts.render import fonts_css

    margin = "14mm 14mm 16mm" if page == "A4" else "12mm"
    return (f'<!DOCTYPE html><html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style id=\"tipsom-fonts\">{fonts_css(language)}</style>"
            f"<style>@page {{ size: {page}; margin: {margin}; }}{BASE_CSS}{css}</style></head>"
            f'<body lang="{language}">{body}</body></html>')


def print_pdf(html_text: str, language: str, name: str, root: Path | str = ".") -> bytes:
    """The PDF of one kit document, printed by the handout pipeline."""
    from ..handouts.render import to_pdf

    return to_pdf(html_text, {"language": language, "root": str(Path(root).resolve()), "audience": "kit",
                              "edition": name, "notebook": name})


def write(path: Path, data: bytes | str) -> Path:
    from ..handouts.render import write_atomic

    write_atomic(path, data.encode() if isinstance(data, str) else data)
    return path
