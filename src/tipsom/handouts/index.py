"""`index.html` of a build: what to print, by day and audience, with each file's pages.

The trainer guide first (trainer only), then each day of the programme and each of its
audiences: per language, the print pack (leaflet, referral card, the day's workbook) with
what each file is for and its page count, the pages each participant gets, and the
optional reference handout where it was built. A language whose translation is a draft
says so. Page counts come from the PDFs (pypdf).
"""

from __future__ import annotations

import html
from pathlib import Path

from ..content import Curriculum
from .language import catalog_is_draft
from .plan import LANGUAGES, PACK, TRAINER

LABELS = {"leaflet": "Leaflet", "referral_card": "Referral card", "word_list": "Word list", "participant_workbook": "Workbook",
          "handout": "Reference handout", "trainer_guide": "Trainer guide"}
FOR = {"leaflet": "one per participant: one A4 sheet, printed on both sides",
       "referral_card": "one per two participants: print both sides, cut into eight wallet cards (85 x 55 mm), four each to keep and give away",
       "word_list": "one per participant: one A4 page, the words this audience needs",
       "participant_workbook": "one per participant: the day's scenarios, with space to write",
       "handout": "optional: the long reference edition, for whoever wants the detail",
       "trainer_guide": "trainer only: holds the answer keys; never hand it out"}
ORDER = (*PACK, "handout")


def page_count(path: Path) -> int | None:
    from pypdf import PdfReader

    try:
        return len(PdfReader(path).pages)
    except Exception:  # a file missing or being rewritten: say nothing rather than fail the build
        return None


def page_counts(out: Path, manifest: dict) -> dict[str, int | None]:
    """Document key -> pages of its PDF (as its worker counted them, or read from the file)."""
    return {key: entry.get("pages") or page_count(out / f"{key}.pdf") for key, entry in manifest["docs"].items()}


SHARED = {"referral_card": 2}  # participants sharing one copy: a sheet of eight wallet cards gives two people four each


def per_participant(counts: dict[str, int | None]) -> dict[tuple[str, str], int]:
    """(audience, language) -> pages each participant gets: the print pack's PDFs, a shared
    sheet counted for its share (rounded up)."""
    totals: dict[tuple[str, str], int] = {}
    for key, pages in counts.items():
        audience, language, edition = key.split("/")
        if edition in PACK and pages:
            totals[(audience, language)] = totals.get((audience, language), 0) - (-pages // SHARED.get(edition, 1))
    return totals


def write_index(out: Path, cur: Curriculum, manifest: dict) -> None:
    """`index.html`: every document built, grouped by day and audience, with links, pages and purpose."""
    from .render import PRINT_CSS, fonts_css, write_atomic

    counts = page_counts(out, manifest)
    totals = per_participant(counts)
    built = sorted(manifest["docs"])
    body = ""
    guides = [k for k in built if k.startswith(TRAINER + "/")]
    if guides:
        body += "<h2>Trainers</h2>\n" + _table(guides, counts)
    days = cur.programme.days if cur.programme else []
    placed: set[str] = set()
    for day in days:
        shown = "".join(_audience(cur, aid, built, counts, totals) for aid in day.audiences)
        body += f"<h2>Day {day.day}: {html.escape(day.title)}</h2>\n{shown}" if shown else ""
        placed.update(day.audiences)
    rest = [a for a in cur.audiences if a not in placed]
    if rest:
        body += "<h2>Other audiences</h2>\n" + "".join(_audience(cur, a, built, counts, totals) for a in rest)
    drafts = [LANGUAGES[lang] for lang in LANGUAGES if lang != "en" and _draft(cur, lang)
              and any(k.split("/")[1] == lang for k in built)]
    note = (f"<p class=\"draft-notice\">{', '.join(drafts)}: a draft translation. Have a fluent reader check "
            "each file before you print it for participants.</p>\n") if drafts else ""
    title = cur.programme.title if cur.programme else "Handouts"
    page = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Handouts: {html.escape(title)}</title>\n"
            f"<style>\n{fonts_css()}\n{PRINT_CSS.read_text(encoding='utf-8')}\n</style>\n</head>\n<body class=\"tipsom-doc\"><main>\n"
            f"<h1>Handouts</h1>\n<p>{html.escape(title)}</p>\n<p>What to print: for each participant, the leaflet, the "
            f"referral card and the workbook of their audience, in their language. Check every contact in the trainer "
            f"guide's first pages before printing the cards.</p>\n{note}{body}</main></body>\n</html>\n")
    if not (out / "index.html").exists() or (out / "index.html").read_bytes() != page.encode():
        write_atomic(out / "index.html", page.encode())


def _audience(cur: Curriculum, aid: str, built: list[str], counts: dict, totals: dict) -> str:
    keys = [k for k in built if k.split("/")[0] == aid]
    if not keys:
        return ""
    name = cur.audiences[aid].name if aid in cur.audiences else aid
    out = f"<h3>{html.escape(name)}</h3>\n"
    for lang in (lang for lang in LANGUAGES if any(k.split("/")[1] == lang for k in keys)):
        mine = sorted((k for k in keys if k.split("/")[1] == lang), key=lambda k: ORDER.index(k.split("/")[2]))
        total = totals.get((aid, lang))
        out += (f"<h4>{LANGUAGES[lang]}" + (f": {total} pages per participant" if total else "") + "</h4>\n")
        out += _table(mine, counts)
    return out


def _table(keys: list[str], counts: dict) -> str:
    rows = ""
    for key in keys:
        edition, _, day = key.split("/")[2].partition("-day")  # a day's trainer guide: trainer_guide-day1
        pages = counts.get(key)
        label = LABELS.get(edition, edition) + (f", day {day} only" if day else "")
        rows += (f"<tr><td>{html.escape(label)}</td><td>{html.escape(FOR.get(edition, ''))}</td>"
                 f"<td>{pages if pages is not None else '?'}</td>"
                 f"<td><a href=\"{key}.pdf\">PDF</a></td><td><a href=\"{key}.html\">HTML</a></td></tr>\n")
    return ("<table>\n<thead><tr><th>File</th><th>What it is for</th><th>Pages</th><th colspan=\"2\">Files</th></tr></thead>\n"
            f"<tbody>\n{rows}</tbody>\n</table>\n")


def _draft(cur: Curriculum, language: str) -> bool:
    from ..content.states import strings

    return catalog_is_draft(language) or any(s.state in ("draft", "stale") for s in strings(cur, language))
