"""Page numbers for a printed contents list, whatever prints the PDF.

The trainer guide's contents links each entry to its part (`<a class="toc-link"
href="#id">`); print.css asks for the page with `target-counter(attr(href), page)`, which
WeasyPrint honours and Chromium (156) does not (it prints the entries without numbers).
An engine without it prints twice: `anchor_pages(pdf)` reads where each id landed from the
first PDF's named destinations (both engines write one per id), `fill_contents(html,
pages)` writes the numbers into the links (`data-page`, shown by print.css), and the second
print is the document. The contents come first and each entry keeps one line, so filling
in the numbers moves nothing.
"""

from __future__ import annotations

import io
import re

TOC_LINK = re.compile(r'<a class="toc-link" href="#([\w-]+)">')


def needs_pages(html: str) -> bool:
    return bool(TOC_LINK.search(html))


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination (an element id) -> the page it is on, from 1."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def fill_contents(html: str, pages: dict[str, int]) -> str:
    """The HTML with each contents link carrying the page of its target."""
    def one(m: re.Match) -> str:
        page = pages.get(m[1])
        return m[0] if page is None else f'<a class="toc-link toc-filled" href="#{m[1]}" data-page="{page}">'

    return TOC_LINK.sub(one, html)
