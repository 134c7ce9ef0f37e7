"""One module as a reveal.js slide deck: pure, from the curriculum to one HTML page.

The slides, in order: the title, the objectives, one slide a key point, the discussion
questions. Each slide carries the module's trainer notes (its trainer-only field) as
reveal.js speaker notes (`<aside class="notes">`, shown only in the speaker view, key S),
so the trainer has them whatever slide is up; nothing trainer-only is on a slide itself.
An Urdu deck reads right to left in Nastaliq; a note not yet translated stays English,
left to right. The deck links the shared reveal.js copy in `../reveal/` and nothing else.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..content.markdown import to_html
from ..content.models import Module
from ..handouts.language import DRAFT, Localised, catalog_is_draft
from ..i18n import N_

OBJECTIVES = N_("Objectives")
KEY_POINT = N_("Key point {number} of {total}")
DISCUSSION = N_("Discussion questions")
MINUTES = N_("{minutes} minutes")
e = html.escape


def markdown(text: str, root: Path | None = None) -> str:
    """Content Markdown as safe HTML (`content.markdown`: no raw HTML, links as text, images only
    from curriculum/images/, embedded): the one place the slides turn content into HTML."""
    return to_html(text, root)


def inline(text: str, root: Path | None = None) -> str:
    """A one-paragraph content text (a key point, an objective) as safe inline HTML."""
    out = markdown(text, root).strip()
    m = re.fullmatch(r"<p>(.*)</p>", out, re.S)
    return m[1] if m and "<p>" not in m[1] else out


def phrase(loc: Localised, shown: str, english: str) -> str:
    """A content text as inline HTML; one left untranslated is marked English, left to right."""
    out = inline(shown, loc.cur.root)
    return out if loc.english or shown != english else f'<span lang="en" dir="ltr">{out}</span>'


def listed(loc: Localised, tag: str, shown: list[str], english: list[str]) -> str:
    """A `<ul>`/`<ol>` of content texts (an overlay translates a list item by item)."""
    return f"<{tag}>" + "".join(f"<li>{phrase(loc, s, en)}</li>" for s, en in zip(shown, english, strict=True)) + f"</{tag}>"


def notes(loc: Localised, module: Module, shown: Module) -> str:
    """The trainer notes as speaker notes: English, left to right, where not translated."""
    body = markdown(shown.trainer_notes, loc.cur.root)
    if not loc.english and shown.trainer_notes == module.trainer_notes:
        body = f'<div lang="en" dir="ltr">{body}</div>'
    return f'<aside class="notes">{body}</aside>'


def is_draft(loc: Localised, module: Module) -> bool:
    """Whether a string of this module's translation is draft or stale, or the interface strings a draft."""
    from ..content.states import unfinished

    return not loc.english and (bool(unfinished(loc.cur, loc.language, [loc.cur.file_of(module) or ""]))
                                or catalog_is_draft(loc.language))


def slides(loc: Localised, module: Module) -> list[str]:
    """The `<section>` of each slide, in order."""
    shown, t = loc.item(module), loc.t
    aside = notes(loc, module, shown)
    draft = f'<p class="draft">{e(t(DRAFT))}</p>' if is_draft(loc, module) else ""
    out = [f'<section class="title"><h1>{phrase(loc, shown.title, module.title)}</h1>'
           f'<p class="minutes">{e(t(MINUTES).format(minutes=module.minutes))}</p>{draft}{aside}</section>',
           f'<section class="objectives"><h2>{e(t(OBJECTIVES))}</h2>'
           f'{listed(loc, "ul", shown.objectives, module.objectives)}{aside}</section>']
    total = len(shown.key_points)
    for number, (point, en) in enumerate(zip(shown.key_points, module.key_points, strict=True), 1):
        label = t(KEY_POINT).format(number=number, total=total)
        out.append(f'<section class="key-point"><p class="label">{e(label)}</p>'
                   f'<p class="point">{phrase(loc, point, en)}</p>{aside}</section>')
    out.append(f'<section class="discussion"><h2>{e(t(DISCUSSION))}</h2>'
               f'{listed(loc, "ol", shown.discussion_questions, module.discussion_questions)}{aside}</section>')
    return [loc.finish(s) for s in out]


def deck(loc: Localised, module: Module, reveal: str = "../reveal") -> str:
    """The whole HTML page of one module's deck in `loc`'s language."""
    config = {"hash": True, "rtl": loc.dir == "rtl", "slideNumber": "c/t", "transition": "none",
              "width": 1280, "height": 720, "margin": 0.05, "center": True}
    css = [f"{reveal}/reveal.css", f"{reveal}/theme/white.css", f"{reveal}/tipsom-fonts.css"]
    css += [f"{reveal}/tipsom-fonts-{loc.language}.css"] if not loc.english else []
    css += [f"{reveal}/tipsom-slides.css"]
    links = "".join(f'<link rel="stylesheet" href="{e(h)}">' for h in css)
    title = e(re.sub(r"<[^>]+>", "", inline(loc.item(module).title, loc.cur.root)))
    return (f'<!doctype html>\n<html lang="{loc.language}" dir="{loc.dir}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f'{links}\n</head>\n<body>\n<div class="reveal"><div class="slides">\n'
            + "\n".join(slides(loc, module))
            + f'\n</div></div>\n<script src="{e(reveal)}/reveal.js"></script>\n'
            f'<script src="{e(reveal)}/plugin/notes.js"></script>\n'
            f'<script>Reveal.initialize(Object.assign({json.dumps(config)}, {{plugins: [RevealNotes]}}));</script>\n'
            '</body>\n</html>\n')
