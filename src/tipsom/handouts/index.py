"""`index.html` of a build: what was built, by audience, with links to each document."""

from __future__ import annotations

import html
from pathlib import Path

from ..content import Curriculum
from .plan import LANGUAGES, TRAINER


def write_index(out: Path, cur: Curriculum, manifest: dict) -> None:
    """`index.html`: every document built, by audience, linking its HTML and PDF."""
    from .render import PRINT_CSS, fonts_css, write_atomic

    names = {TRAINER: "Trainers", **{a.id: a.name for a in cur.audiences.values()}}
    rows = ""
    for key in sorted(manifest["docs"], key=lambda k: (k.split("/")[0] != TRAINER, k)):
        audience, language, edition = key.split("/")
        label = edition.replace("_", " ").capitalize()
        rows += (f"<tr><td>{html.escape(names.get(audience, audience))}</td><td>{html.escape(label)}</td>"
                 f"<td>{LANGUAGES.get(language, language)}</td><td><a href=\"{key}.html\">HTML</a></td>"
                 f"<td><a href=\"{key}.pdf\">PDF</a></td></tr>\n")
    title = cur.programme.title if cur.programme else "Handouts"
    page = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Handouts: {html.escape(title)}</title>\n"
            f"<style>\n{fonts_css()}\n{PRINT_CSS.read_text(encoding='utf-8')}\n</style>\n</head>\n<body class=\"tipsom-doc\"><main>\n<h1>Handouts</h1>\n<p>{html.escape(title)}</p>\n"
            f"<table>\n<thead><tr><th>Audience</th><th>Edition</th><th>Language</th><th colspan=\"2\">Files</th></tr></thead>\n"
            f"<tbody>\n{rows}</tbody>\n</table>\n</main></body>\n</html>\n")
    if not (out / "index.html").exists() or (out / "index.html").read_bytes() != page.encode():
        write_atomic(out / "index.html", page.encode())
