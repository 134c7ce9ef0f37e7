"""The law as readers cite it: "PTPA s. 3 (inferred)", never an internal id. Pure.

Content names provisions by id (`ptpa-2018/s3`, in text `[ptpa-2018/s3]`); participant
editions print each as the Act's short name and its section, marked when the number is
inferred, or, where the section number is not known, the Act's short name and the
provision's title ("PSMA, Smuggling of migrants"). In full (an audience with `citations:
full`), the Act's whole title: "Prevention of Trafficking in Persons Act, 2018, s. 3
(inferred)"; a provision without a known number says so, and one whose label names its
instrument and article ("Trafficking Protocol art. 3") prints as that label. In another
language the names and titles come from the law file's translation (without an English
name it gives in brackets) and the words from the catalog.
"""

from __future__ import annotations

import re

from ..content.checks import CITATION
from ..i18n import N_

SECTION = N_("{law} s. {section}")
NAMED = N_("{law}, {title}")
INFERRED = N_(" (inferred)")
FULL_SECTION = N_("{law}, s. {section}")
FULL_SECTIONS = N_("{law}, ss. {sections}")
UNKNOWN = N_(" (number not known)")
ARTICLE = re.compile(r"^\D+ art\. \d")  # a label naming its instrument and article
LATIN_BRACKETS = re.compile(r"\s*\([^()\u0600-\u06ff]*[A-Za-z][^()\u0600-\u06ff]*\)")


def cite(pid: str, loc, full: bool = False) -> str:
    """One provision as a reader cites it (plain text, not escaped); an unknown id as it is."""
    return cites([pid], loc, full)


def cites(pids, loc, full: bool = False) -> str:
    """Several provisions, as readers cite them, separated by semicolons; in full, the
    numbered sections of one Act together ("..., 2018, ss. 2, 3, 7 (inferred)")."""
    out, numbered = [], {}  # law id -> its numbered provisions, printed where the first one stood
    for pid in dict.fromkeys(pids):
        p, law = loc.provisions.get(pid), loc.laws.get(pid.split("/", 1)[0])
        if p is None or law is None:
            out.append(pid)
        elif p.section and p.section[:1].isdigit():
            if law.id not in numbered:
                out.append(law.id)
            numbered.setdefault(law.id, []).append(p)
        elif full and p.section and ARTICLE.match(p.section):  # "Trafficking Protocol art. 3" is already in full
            out.append(p.section + _mark(p.number_status, loc, full))
        else:
            text = loc.t(NAMED).format(law=_name(law, loc, full), title=p.section or p.title)
            out.append(text + _mark(p.number_status, loc, full))
    return "; ".join(_sections(loc.laws[x], numbered[x], loc, full) if x in numbered else x for x in out)


def _sections(law, provisions: list, loc, full: bool) -> str:
    t, name = loc.t, _name(law, loc, full)
    if not full:
        return "; ".join(t(SECTION).format(law=name, section=p.section) + _mark(p.number_status, loc, False)
                         for p in provisions)
    ordered = sorted(provisions, key=lambda p: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", p.section)])
    marks = {p.number_status for p in provisions}
    if len(ordered) == 1:
        text = t(FULL_SECTION).format(law=name, section=ordered[0].section)
    else:
        text = t(FULL_SECTIONS).format(law=name, sections=", ".join(p.section for p in ordered))
    return text + _mark("inferred" if "inferred" in marks else "confirmed", loc, True)


def _name(law, loc, full: bool) -> str:
    """The Act's short name, or in full its title (in another language without an English
    name the translation gives in brackets)."""
    if not full:
        return law.short
    return law.title if loc.language == "en" else LATIN_BRACKETS.sub("", law.title).strip()


def _mark(status: str, loc, full: bool) -> str:
    if status == "inferred":
        return loc.t(INFERRED)
    return loc.t(UNKNOWN) if full and status == "unknown" else ""


def readable(markup: str, loc) -> str:
    """HTML with every `[act/section]` of the content turned into the reader's citation."""
    import html

    return CITATION.sub(lambda m: "[" + html.escape(cite(m[1], loc)) + "]", markup)


INTERNAL_ID = re.compile(r"\b[a-z]+(?:-[a-z]+)*-\d{4}/[a-z0-9-]+|\bun-protocols/[a-z0-9-]+")


SOURCE_FILES = ((re.compile(r"curriculum/contacts\.yaml"), "the contacts list"),
                (re.compile(r"legal-basis\.md"), "the legal-basis notes"))
FILE_NAME = re.compile(r"\b[\w./-]+\.(?:yaml|yml|md|py|ipynb)\b")


def plain_sources(markup: str) -> str:
    """HTML with the project's file names that sources name (`legal-basis.md §7.4`) in words."""
    for pattern, words in SOURCE_FILES:
        markup = pattern.sub(words, markup)
    return markup
