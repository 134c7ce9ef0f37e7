"""The law as readers cite it: "PTPA s. 3 (inferred)", never an internal id. Pure.

Content names provisions by id (`ptpa-2018/s3`, in text `[ptpa-2018/s3]`); participant
editions print each as the Act's short name and its section, marked when the number is
inferred, or, where the section number is not known, the Act's short name and the
provision's title ("PSMA, Smuggling of migrants"). In full (an audience with `citations:
full`), the Act's whole title: "Prevention of Trafficking in Persons Act, 2018, s. 3
(inferred)", and a provision without a known number says so. In another language the names
and titles come from the law file's translation (without an English name it gives in
brackets) and the words from the catalog.
"""

from __future__ import annotations

import re

from ..content.checks import CITATION
from ..i18n import N_

SECTION = N_("{law} s. {section}")
NAMED = N_("{law}, {title}")
INFERRED = N_(" (inferred)")
UNKNOWN = N_(" (number not known)")
LATIN_BRACKETS = re.compile(r"\s*\([^()\u0600-\u06ff]*[A-Za-z][^()\u0600-\u06ff]*\)")


def cite(pid: str, loc, full: bool = False) -> str:
    """One provision as a reader cites it (plain text, not escaped); an unknown id as it is."""
    p = loc.provisions.get(pid)
    law = loc.laws.get(pid.split("/", 1)[0])
    if p is None or law is None:
        return pid
    t = loc.t
    name = (law.title if loc.language == "en" else LATIN_BRACKETS.sub("", law.title).strip()) if full else law.short
    if p.section and p.section[:1].isdigit():
        text = t(SECTION).format(law=name, section=p.section)
    else:
        text = t(NAMED).format(law=name, title=p.section or p.title)
    if p.number_status == "inferred":
        return text + t(INFERRED)
    return text + (t(UNKNOWN) if full and p.number_status == "unknown" else "")


def cites(pids, loc, full: bool = False) -> str:
    """Several provisions, as readers cite them, separated by semicolons."""
    return "; ".join(cite(p, loc, full) for p in dict.fromkeys(pids))


def readable(markup: str, loc) -> str:
    """HTML with every `[act/section]` of the content turned into the reader's citation."""
    import html

    return CITATION.sub(lambda m: "[" + html.escape(cite(m[1], loc)) + "]", markup)


INTERNAL_ID = re.compile(r"\b[a-z]+(?:-[a-z]+)*-\d{4}/[a-z0-9-]+|\bun-protocols/[a-z0-9-]+")
