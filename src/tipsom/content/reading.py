"""Reading levels that a check can hold content to.

Each audience of `curriculum/audiences.yaml` says, beside its free-text `reading_level`,
the longest sentence its leaflet and card may print (`max_sentence_words`) and how its
leaflet cites the law (`citations: short | full`). The leaflet gives an audience the shared text
unless the audience has its own wording of a cell or its own list of rights
(`curriculum/leaflet.yaml`); `edition` says which text each audience gets, for the printer
and for the check alike. `sentence-too-long` measures every English sentence an audience
gets against its limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Problem
from .curriculum import Curriculum
from .models import Claim, Compare, ForAudience, Leaflet
from .validate import HINTS

HINTS.update({
    "sentence-too-long": "Split the sentence, or give the audiences that read at a higher level their own wording "
                         "(leaflet.yaml: audiences: - id: ... side_by_side: or rights:); each audience's limit is its "
                         "max_sentence_words in curriculum/audiences.yaml.",
    "unknown-row": "Name a row by the id it has under side_by_side: in the same file.",
})
ABBREVIATIONS = re.compile(r"(?:^|[\s(])(?:(?i:s|ss|arts?|rs|e\.g|i\.e|cf|para|mr|ms|dr)|No|[A-Z])\.$")
END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
WORD = re.compile(r"[\w’'-]*\w")


def sentences(text: str) -> list[str]:
    """The sentences of a text, ended by . ! or ? (not the full stop of "s. 3" or "e.g.")."""
    out: list[str] = []
    for piece in END.split(" ".join(text.split())):
        if out and ABBREVIATIONS.search(out[-1]):
            out[-1] += " " + piece
        elif piece:
            out.append(piece)
    return out


def words(sentence: str) -> int:
    return len(WORD.findall(sentence))


@dataclass(frozen=True)
class Edition:
    """What one audience's leaflet prints: the rows and rights as it reads them, its own lines."""

    rows: list[Compare]
    rights: list[Claim]
    mine: ForAudience | None


def edition(leaflet: Leaflet, audience: str) -> Edition:
    """The leaflet as `audience` gets it: the shared text, with its own cells and rights."""
    mine = next((a for a in leaflet.audiences if a.id == audience), None)
    own = {c.id: c for c in mine.side_by_side} if mine else {}
    rows = []
    for row in leaflet.side_by_side:
        cells = own.get(row.id)
        if cells:
            row = row.model_copy(update={side: getattr(cells, side) for side in ("trafficking", "smuggling")
                                         if getattr(cells, side) is not None})
        rows.append(row)
    return Edition(rows, list(mine.rights) if mine and mine.rights else list(leaflet.rights), mine)


def _texts(leaflet: Leaflet, audience: str) -> Iterator[tuple[tuple, str]]:
    """Each text `audience` gets from the leaflet, by its path in leaflet.yaml."""
    mine = next((i for i, a in enumerate(leaflet.audiences) if a.id == audience), None)
    own = leaflet.audiences[mine] if mine is not None else None
    cells = {c.id: (j, c) for j, c in enumerate(own.side_by_side)} if own else {}
    yield ("title",), leaflet.title
    pictures = own is not None and bool(own.pictures)  # its front is pictures: no table, no shared rights
    for i, row in enumerate([] if pictures else leaflet.side_by_side):
        yield ("side_by_side", i, "heading"), row.heading
        j, mine_row = cells.get(row.id, (None, None))
        for side in ("trafficking", "smuggling"):
            if mine_row is not None and getattr(mine_row, side) is not None:
                yield ("audiences", mine, "side_by_side", j, side, "text"), getattr(mine_row, side).text
            else:
                yield ("side_by_side", i, side, "text"), getattr(row, side).text
    if own and own.rights:
        yield from ((("audiences", mine, "rights", i, "text"), c.text) for i, c in enumerate(own.rights))
    elif not pictures:
        yield from ((("rights", i, "text"), c.text) for i, c in enumerate(leaflet.rights))
    if own:
        yield ("audiences", mine, "intro"), own.intro
        yield from ((("audiences", mine, "can_do", i, "text"), c.text) for i, c in enumerate(own.can_do))
        for i, row in enumerate(own.pictures):
            yield ("audiences", mine, "pictures", i, "heading"), row.heading
            yield from ((("audiences", mine, "pictures", i, "pictures", j, "text"), p.text) for j, p in enumerate(row.pictures))
    for key in ("can_do_heading", "call_heading", "call_note") if pictures and not own.rights else (
            "rights_heading", "can_do_heading", "call_heading", "call_note"):
        yield (key,), getattr(leaflet, key)


def reading_checks(cur: Curriculum) -> Iterator[Problem]:
    """Every sentence of every audience's leaflet and card within that audience's limit."""
    if not cur.audiences:
        return
    for kind in ("leaflet", "card"):
        for name, (k, item) in cur.items.items():
            if k == kind:
                yield from _within_limits(cur, name, item, kind)
    for name, (k, leaf) in cur.items.items():
        if k == "leaflet":
            rows = {r.id for r in leaf.side_by_side}
            for i, a in enumerate(leaf.audiences):
                for j, cells in enumerate(a.side_by_side):
                    if cells.id not in rows:
                        yield cur.sources[name].problem(("audiences", i, "side_by_side", j, "id"), "unknown-row",
                                                        f"'{cells.id}' is not a row of side_by_side")


def _within_limits(cur: Curriculum, name: str, item, kind: str) -> Iterator[Problem]:
    """One problem per sentence over the limit, naming the audiences it is too long for."""
    over: dict[tuple, dict[str, tuple[int, int]]] = {}  # (path, sentence) -> audience -> (words, limit)
    for aid, audience in cur.audiences.items():
        texts = _texts(item, aid) if kind == "leaflet" else _card_texts(item)
        for path, text in texts:
            for s in sentences(text):
                if words(s) > audience.max_sentence_words:
                    over.setdefault((path, s), {})[aid] = (words(s), audience.max_sentence_words)
    src = cur.sources[name]
    for (path, s), who in over.items():
        n = next(iter(who.values()))[0]
        limits = ", ".join(f"{aid} ({limit})" for aid, (_, limit) in sorted(who.items(), key=lambda w: w[1][1]))
        yield src.problem(path, "sentence-too-long", f"'{_start(s)}' has {n} words, more than {limits} read in one sentence")


def _card_texts(card) -> Iterator[tuple[tuple, str]]:
    yield ("title",), card.title
    yield from ((("steps", i, "text"), s.text) for i, s in enumerate(card.steps))
    for key in ("numbers_heading", "local_heading"):
        yield (key,), getattr(card, key)


def _start(sentence: str) -> str:
    few = sentence.split()
    return " ".join(few[:6]) + (" ..." if len(few) > 6 else "")
