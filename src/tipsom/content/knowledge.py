"""Cross-checks of the trainer's kit: the knowledge tests (`curriculum/tests/<id>.yaml`) and
the evaluation form (`curriculum/evaluation.yaml`).

An item that asks how a case is classified or who investigates is held to the legal engine,
as a scenario's answer key is; every item names a module its audiences are taught and a
provision that exists; no key states a penalty figure that is not confirmed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..law import assess
from .curriculum import Curriculum
from .followup import check_followup
from .models import KnowledgeItem, KnowledgeTest
from .source import Source
from .validate import HINTS

HINTS.update({
    "test-options": "A 'single' item has one correct option; 'classify' items use the ids trafficking, smuggling, "
                    "both, neither; 'investigates' items police, fia, both, none.",
    "test-facts": "Give an item that asks 'classify' or 'investigates' the case's facts (as in a scenario); others take none.",
    "test-key-disagrees": "Mark the option the law gives as correct, or correct the facts: `tipsom assess` shows what the law says.",
    "test-uncited": "Cite in the explanation, written [act/section], a provision the item lists.",
    "module-not-taught": "An item checks a module its test's audiences are taught (curriculum/audiences.yaml `modules`).",
    "test-audience-twice": "Each audience takes one test: remove the audience from one of the two files.",
})


class Rules:
    """The shared checks this module applies, handed in by checks.py (which imports this module)."""

    def __init__(self, citation, provisions, citations, figures, audiences):
        self.citation, self.provisions, self.citations, self.figures, self.audiences = (
            citation, provisions, citations, figures, audiences)


def check_kit(cur: Curriculum, rules: Rules) -> Iterator[Problem]:
    """Every problem of the tests and the evaluation."""
    taken: dict[tuple[str, str], str] = {}
    for name, (kind, test) in cur.items.items():
        if kind != "test":
            continue
        src = cur.sources[name]
        stem = name.rsplit("/", 1)[-1].removesuffix(".yaml")
        if stem != test.id:
            yield src.problem(("id",), "id-mismatch", f"id '{test.id}' differs from the file name '{stem}'")
        yield from rules.audiences(cur, src, test.audiences, ("audiences",))
        folder = name.rpartition("/")[0]  # tests in one folder are one set (a fixture elsewhere is its own)
        for j, audience in enumerate(test.audiences):
            if (folder, audience) in taken:
                other = taken[(folder, audience)]
                said = "is listed twice" if other == name else f"already takes {other}"
                yield src.problem(("audiences", j), "test-audience-twice", f"'{audience}' {said}")
            taken.setdefault((folder, audience), name)
        seen: set[str] = set()
        for i, item in enumerate(test.items):
            if item.id in seen:
                yield src.problem(("items", i, "id"), "duplicate-id", f"item id '{item.id}' is used twice")
            seen.add(item.id)
            yield from _item(cur, src, test, item, ("items", i), rules)
    if cur.evaluation is not None:
        src = cur.sources.get("curriculum/evaluation.yaml") or Source("curriculum/evaluation.yaml")
        ids = [s.id for s in cur.evaluation.scales] + [q.id for q in cur.evaluation.open_questions]
        for i, sid in enumerate(ids):
            if sid in ids[:i]:
                where = ("scales", i) if i < len(cur.evaluation.scales) else ("open_questions", i - len(cur.evaluation.scales))
                yield src.problem(where, "duplicate-id", f"id '{sid}' is used twice")
    if cur.followup is not None:
        yield from check_followup(cur)


def _item(cur: Curriculum, src: Source, test: KnowledgeTest, item: KnowledgeItem, at: tuple,
          rules: Rules) -> Iterator[Problem]:
    if cur.modules and item.module not in cur.modules:
        yield src.problem(at + ("module",), "unknown-module", f"'{item.module}' is not a module")
    elif cur.modules:
        for audience in test.audiences:
            taught = cur.audiences.get(audience)
            if taught is not None and item.module not in taught.modules:
                yield src.problem(at + ("module",), "module-not-taught", f"'{item.module}' is not taught to {audience}")
    yield from rules.provisions(cur, src, item.provisions, at + ("provisions",))
    yield from rules.citations(cur, src, item.explanation, at + ("explanation",))
    yield from rules.citations(cur, src, item.prompt, at + ("prompt",))
    if not set(rules.citation.findall(item.explanation)) & set(item.provisions):
        yield src.problem(at + ("explanation",), "test-uncited", "the explanation cites none of the item's provisions")
    if item.facts is not None:
        law = assess(item.facts)
        expected = law.classification if item.asks == "classify" else _investigates(law.agencies)
        keyed = next(o.id for o in item.options if o.correct)
        if keyed != expected:
            i = next(j for j, o in enumerate(item.options) if o.correct)
            yield src.problem(at + ("options", i, "correct"), "test-key-disagrees",
                              f"the key says {keyed!r}, the law on these facts gives {expected!r}")
        if expected not in {o.id for o in item.options}:
            yield src.problem(at + ("options",), "test-key-disagrees", f"no option is {expected!r}, which the law gives")
    key = " ".join([item.explanation] + [o.text for o in item.options if o.correct])
    yield from rules.figures(cur, src, key, set(item.provisions) | set(rules.citation.findall(key)), at + ("explanation",))


def _investigates(agencies: list[str]) -> str:
    wanted = sorted(agencies)
    return {("police",): "police", ("fia",): "fia", ("fia", "police"): "both"}.get(tuple(wanted), "none")
