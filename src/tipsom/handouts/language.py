"""The language of a printed edition. Pure.

`Localised(cur, language)` holds the content a document prints in `language` (each item
through `Curriculum.localise`), says which items are still English, and marks each block
whose translation holds a draft or stale string (`mark(item)`), not the whole document. In a right-to-left document, `isolate(html)` turns each
run of Latin text (PTPA, [ptpa-2018/s3], 14 Feb 2025) into a left-to-right isolate, so a
mixed line reads in the right order; `english_block(...)` prints an untranslated block left
to right after a short note, `en`/`en_text` an untranslated phrase or paragraph. `titles(...)` names a
document in its language. An English
document passes through all of this unchanged.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from ..content import Curriculum
from ..content.states import unfinished
from ..i18n import LOCALE, N_, direction, languages, translator

NOT_TRANSLATED = N_("Not yet translated: shown in English.")
DRAFT = N_("This translation is a draft: it needs review by a fluent reader. "
           "Please tell the trainer about any mistake you find.")
DRAFT_EN = "Draft translation: needs review by a fluent reader."
SHARED = ("audiences", "glossary", "contacts", "programme")
EDITION_TITLES = {"leaflet": N_("Leaflet"), "referral_card": N_("Referral card"), "word_list": N_("Words to know"), "handout": N_("Reference handout"),
                  "participant_workbook": N_("Participant workbook"), "trainer_guide": "Trainer guide"}


def titles(cur: Curriculum, audience: str, edition: str, language: str) -> tuple[str, str]:
    """A document's title and running head in its language: "Community elders · Handout",
    "Community elders · Handout · English"; the trainer guide (English only) is "Trainer guide"."""
    if edition == "trainer_guide":
        title = EDITION_TITLES[edition]
    else:
        loc = Localised(cur, language)
        title = f"{loc.audiences[audience].name} · {loc.t(EDITION_TITLES[edition])}"
    return title, f"{title} · {languages()[language].native}"


class Localised:
    """The content of one document in its language, and how far it is translated."""

    def __init__(self, cur: Curriculum, language: str):
        self.cur, self.language = cur, language
        self.t = translator(language)
        self.dir = direction(language)
        self._done: dict[int, Any] = {}
        self._unfinished: dict[str, bool] = {}
        shared = {kind: item for kind, item in cur.items.values() if kind in SHARED}
        self.audiences = ({a.id: a for a in self.item(shared["audiences"]).audiences}
                          if "audiences" in shared else cur.audiences)
        self.glossary = list(self.item(shared["glossary"]).terms) if "glossary" in shared else cur.glossary
        self.contacts = list(self.item(shared["contacts"]).contacts) if "contacts" in shared else cur.contacts
        self.programme = self.item(cur.programme) if cur.programme else None
        self.laws = {k: self.item(law) for k, law in cur.laws.items()}
        self.provisions = {p.id: p for law in self.laws.values() for p in law.provisions}

    @property
    def english(self) -> bool:
        return self.language == "en"

    def item(self, item: Any) -> Any:
        """`item` in this language (itself in English); notes the status of its translation."""
        if self.english:
            return item
        if id(item) not in self._done:
            self._done[id(item)] = self.cur.localise(item, self.language)
        return self._done[id(item)]

    def translated(self, item: Any) -> bool:
        return self.cur.is_translated(item, self.language)

    @property
    def draft(self) -> bool:
        """Whether the interface strings (headings, labels) of this language are a draft."""
        return not self.english and catalog_is_draft(self.language)

    def unfinished(self, *items: Any) -> bool:
        """Whether the translation of any of `items` (English items) holds a draft or stale string."""
        if self.english:
            return False
        for item in items:
            file = self.cur.file_of(item) or ""
            if file not in self._unfinished:
                self._unfinished[file] = bool(file) and bool(unfinished(self.cur, self.language, [file]))
        return any(self._unfinished[self.cur.file_of(item) or ""] for item in items)

    def mark(self, *items: Any) -> str:
        """The request for review printed before a block whose translation holds a draft or stale
        string (nothing for a reviewed one, or in English)."""
        return tag_p(self.t(DRAFT), "draft-notice draft-mark") if self.unfinished(*items) else ""

    def en(self, text: str) -> str:
        """A short text that stays English (a law's version), escaped; isolated left to right in another language."""
        return html.escape(text) if self.english else f'<span lang="en" dir="ltr">{html.escape(text)}</span>'

    def en_text(self, text: str) -> str:
        """A longer text that stays English (a penalty, a source): in another language, its own
        left-to-right line(s), so a wrapped English sentence does not read right to left."""
        return html.escape(text) if self.english else f'<span class="en-text" lang="en" dir="ltr">{html.escape(text)}</span>'

    def english_block(self, body: str, cls: str = "") -> str:
        """A block that is not translated yet: a small note in this language, then the block in English."""
        if self.english:
            return body
        note = f'<p class="not-translated">{html.escape(self.t(NOT_TRANSLATED))}</p>'
        return (f'<div class="{" ".join(["not-yet-translated", cls]).strip()}">{note}'
                f'<div class="in-english" lang="en" dir="ltr">{body}</div></div>')

    def finish(self, markup: str) -> str:
        """A section's HTML, with Latin runs isolated when the document is right to left."""
        return isolate(markup) if self.dir == "rtl" else markup


def tag_p(text: str, cls: str) -> str:
    return f'<p class="{cls}">{html.escape(text)}</p>'


@cache
def catalog_is_draft(language: str) -> bool:
    """A catalog is draft while its header comment says so (`# ... draft ...`)."""
    path = LOCALE / language / "LC_MESSAGES" / "tipsom.po"
    if not path.exists():
        return False
    head = path.read_text(encoding="utf-8").split("msgid", 1)[0]
    return bool(re.search(r"^#.*\bdraft\b", head, re.M | re.I))


# ---- right to left: isolate each Latin run ----------------------------------------------

LATIN = r"A-Za-z0-9\u00C0-\u024F§"
LATIN_RUN = re.compile(rf"[\[(]?[{LATIN}](?:[{LATIN} .,:;/\-–—'’\"“”&%+=()\[\]]*[{LATIN})\]])?")  # with the neutrals inside
TAG = re.compile(r"(<[^>]*>)")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"}


def isolate(markup: str) -> str:
    """Wrap each Latin run in the text of `markup` in `<span dir="ltr">`, except inside
    elements that are left to right already. Tags and attributes are left as they are."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    for part in TAG.split(markup):
        if part.startswith("<"):
            _track(part, stack)
            out.append(part)
        elif part and not any(ltr for _, ltr in stack):
            out.append(_wrap(html.unescape(part)))
        else:
            out.append(part)
    return "".join(out)


def _track(tag: str, stack: list[tuple[str, bool]]) -> None:
    m = re.match(r"<(/?)([a-zA-Z][\w-]*)", tag)
    if not m:
        return
    name = m[2].lower()
    if m[1]:
        while stack:
            if stack.pop()[0] == name:
                break
    elif name not in VOID and not tag.endswith("/>"):
        stack.append((name, bool(re.search(r'\bdir="ltr"', tag))))


def _wrap(text: str) -> str:
    out, at = [], 0
    while m := LATIN_RUN.search(text, at):
        start, end = _balanced(text, m.start(), m.end())
        if start >= end:  # only brackets: look again after the first
            out.append(html.escape(text[at:m.start() + 1]))
            at = m.start() + 1
            continue
        out.append(html.escape(text[at:start]) + f'<span dir="ltr">{html.escape(text[start:end])}</span>')
        at = end
    return "".join(out) + html.escape(text[at:])


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a run to the part whose brackets pair up inside it: an unpaired bracket and
    what follows it are left to the surrounding text (which is looked at again)."""
    if text[start] in "([" and text.count(")" if text[start] == "(" else "]", start, end) == 0:
        start += 1
    depth: list[str] = []
    for i in range(start, end):
        c = text[i]
        if c in "([":
            depth.append(i)
        elif c in ")]":
            if not depth:
                end = i
                break
            depth.pop()
    if depth:
        end = min(end, depth[0])
    while start < end and not re.match(rf"[{LATIN})\]]", text[end - 1]):
        end -= 1
    return start, end
