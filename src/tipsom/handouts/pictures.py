"""Pictures first: the leaflet's pictogram rows for readers with little schooling. Pure.

Each picture is a Font Awesome Free solid icon (the `fontawesomefree` package, pinned; icons
CC BY 4.0, credited on the page), embedded in the page as a data URI (offline), with its
`alt` text from the content. A row's sentences cite their law once, under the row, as
readers cite it (`cite.py`).
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from ..errors import TipsomError
from ..i18n import N_
from .cite import cites
from .parts import e, tag

CREDIT = N_("Pictures: Font Awesome Free {version} by Fonticons, Inc. (fontawesome.com), licence CC BY 4.0.")


def _package() -> Path:
    import fontawesomefree

    return Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"


@cache
def icon(name: str) -> str:
    """The icon's SVG as a data URI; an unknown name is a clear error naming it."""
    path = _package() / "svgs" / "solid" / f"{name}.svg"
    if not path.is_file():
        raise TipsomError(f"curriculum/leaflet.yaml: no Font Awesome Free solid icon named '{name}' "
                          f"(the names are the files in fontawesomefree's svgs/solid/)")
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def version() -> str:
    from importlib.metadata import version as installed

    return installed("fontawesomefree")


def rows(picture_rows, loc) -> str:
    """Each row: its heading, its pictures with their sentences, and the law they state."""
    out = ""
    for row in picture_rows:
        cells = "".join(tag("li", f'<img src="{icon(p.icon)}" alt="{e(p.alt)}" class="pictogram">'
                              + tag("span", e(p.text), "picture-text")) for p in row.pictures)
        law = [pid for p in row.pictures for pid in p.provisions]
        cite = tag("p", tag("span", " " + e(cites(law, loc)), "law-cite"), "row-cite") if law else ""
        out += tag("section", tag("h2", e(row.heading)) + tag("ul", cells, "pictograms") + cite, "picture-row")
    return tag("div", out, "pictures")


def credit(doc) -> str:
    return tag("p", e(doc.t(CREDIT).format(version=version())), "picture-credit")
