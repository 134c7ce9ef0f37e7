"""Cross-checks of the trainer's kit: the knowledge tests (`curriculum/tests/<id>.yaml`) and
the evaluation form (`curriculum/evaluation.yaml`).

An item that asks how a case is classified or who investigates is held to the legal engine,
as a scenario's answer key is; every item names a module its audiences are taught and a
provision that exists; no key states a penalty figure that is not confirmed. Each test has
two parallel forms (A and B) that both test every objective of every module its audiences
are taught, and neither form gives its answers away to a test-wise reader: in every
language, no correct option of a single-answer item is over 1.5 times the others' mean
length, and in at most 40% of a form's single-answer items (when it has 5 or more) is the
correct option the longest, or the first as printed (`shown_order`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from ..errors import Problem
from ..law import assess
from .curriculum import Curriculum
from .followup import check_followup
from .models import FORMS, KnowledgeItem, KnowledgeTest
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
    "unknown-objective": "Name an objective as <module>/<n>: the n-th line of the module's `objectives` (from 1).",
    "objective-untested": "Add an item to the form that tests the objective, or add it to an item's `tests` "
                          "if the item really tests it.",
    "form-blueprint": "Give forms A and B the same number of items for each module: the same blueprint, other items.",
    "correct-first-often": "The shuffle puts the correct option first too often: rename an item (its id sets "
                           "the order) until at most 40% of the form's single-answer items show it first.",
    "correct-longest-often": "Make the correct option no longer than the longest wrong one in more items: "
                             "at most 40% of a form's single-answer items may have it longest.",
})
LONG_OPTION = 1.5   # a correct option longer than this times the mean of the others gives itself away
MOST = 0.4          # the share of a form's single-answer items whose correct option may be first, or longest
FEWEST = 5          # below this many single-answer items in a form, a share says nothing


def shown_order(test_id: str, item_id: str, option_ids: Sequence[str]) -> list[str]:
    """The option ids of a test item in the order they are shown and printed: sorted by a
    SHA-256 of test, item and option id, so the same everywhere and never the file's order."""
    def place(oid: str) -> str:
        return hashlib.sha256(f"{test_id}/{item_id}/{oid}".encode()).hexdigest()
    return sorted(option_ids, key=place)


LETTERS = "ABCDEF"
URDU_LETTERS = ("الف", "ب", "ج", "د", "ہ", "و")   # how Urdu papers letter options (abjad order)


def letters(language: str = "en") -> tuple[str, ...]:
    """The option letters printed in a language (Urdu: abjad order; others: Latin)."""
    return URDU_LETTERS if language == "ur" else tuple(LETTERS)


def lettered(test_id: str, item, language: str = "en") -> list[tuple[str, object]]:
    """(letter, option) in shown order for one item of a knowledge test, as its paper prints it."""
    by_id = {o.id: o for o in item.options}
    shown = letters(language)
    return [(shown[i], by_id[oid]) for i, oid in enumerate(shown_order(test_id, item.id, list(by_id)))]


def objectives(cur: Curriculum, test: KnowledgeTest) -> list[str]:
    """Every objective (`<module>/<n>`) of the modules all the test's audiences are taught (an
    item may test only those: `module-not-taught`), in the order the first audience is taught them."""
    listed = [a for a in test.audiences if a in cur.audiences]
    order = [*cur.audiences[listed[0]].modules, *cur.modules] if listed else list(cur.modules)
    taught = [m for m in dict.fromkeys(order) if m in cur.modules and all(m in cur.audiences[a].modules for a in listed)]
    return [f"{m}/{n}" for m in taught for n in range(1, len(cur.modules[m].objectives) + 1)]


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
        yield from _forms(cur, src, test)
        yield from _test_wise(cur, name, src, test)
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
    for j, ob in enumerate(item.tests):
        module, n = ob.split("/")
        if cur.modules and (module not in cur.modules or int(n) > len(cur.modules[module].objectives)):
            yield src.problem(at + ("tests", j), "unknown-objective", f"'{ob}' is not an objective of a module")
        elif cur.modules:
            for audience in test.audiences:
                taught = cur.audiences.get(audience)
                if taught is not None and module not in taught.modules:
                    yield src.problem(at + ("tests", j), "module-not-taught", f"'{module}' is not taught to {audience}")
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


def _forms(cur: Curriculum, src: Source, test: KnowledgeTest) -> Iterator[Problem]:
    """Forms A and B: the same number of items per module, and each tests every objective taught."""
    first = {f: next((i for i, it in enumerate(test.items) if it.form == f), None) for f in FORMS}
    if None in first.values():
        have = next(f for f in FORMS if first[f] is not None)
        yield src.problem(("items",), "form-blueprint", f"only form {have} has items; a test has forms A and B")
        return
    counts = {f: {} for f in FORMS}
    for item in test.items:
        counts[item.form][item.module] = counts[item.form].get(item.module, 0) + 1
    for module in sorted(set(counts["A"]) | set(counts["B"])):
        a, b = counts["A"].get(module, 0), counts["B"].get(module, 0)
        if a != b:
            yield src.problem(("items", first["B"]), "form-blueprint", f"'{module}' has {a} items in form A and {b} in form B")
    if not cur.modules:
        return
    for f in FORMS:
        tested = {ob for item in test.form(f) for ob in item.tests}
        for ob in objectives(cur, test):
            if ob not in tested:
                module, n = ob.split("/")
                text = cur.modules[module].objectives[int(n) - 1]
                yield src.problem(("items", first[f]), "objective-untested",
                                  f"no item of form {f} tests {ob} ({text[:60]}{'…' if len(text) > 60 else ''})")


def _test_wise(cur: Curriculum, name: str, src: Source, test: KnowledgeTest) -> Iterator[Problem]:
    """What a test-wise reader sees, in English and in each translation (its own text lengths).
    The printed order is the same in every language, so `correct-first-often` is said once."""
    editions = [(src.file, test, _source_lines(src, test))]
    editions += [(overlay.file, cur.localise(test, language), _overlay_lines(overlay))
                 for (file, language), overlay in sorted(cur.overlays.items()) if file == name]
    for file, shown, line in editions:
        for f in FORMS:
            single = [i for i in shown.form(f) if i.kind == "single"]
            first, longest = [], []
            for item in single:
                key = next(o for o in item.options if o.correct)
                others = [len(o.text) for o in item.options if not o.correct]
                mean = sum(others) / len(others)
                if len(key.text) > LONG_OPTION * mean:
                    yield Problem(file, line(item.id, key.id), "long-correct-option",
                                  f"the correct option of '{item.id}' has {len(key.text)} characters, over {LONG_OPTION} "
                                  f"times the {mean:.0f} of the others on average")
                if len(key.text) > max(others):
                    longest.append(item.id)
                if shown_order(test.id, item.id, [o.id for o in item.options])[0] == key.id:
                    first.append(item.id)
            shares = [("correct-longest-often", longest, "the longest")]
            if file == src.file:
                shares.append(("correct-first-often", first, "first as printed"))
            for rule, found, what in shares:
                if len(single) >= FEWEST and len(found) > MOST * len(single):
                    yield Problem(file, line(found[-1]), rule, f"form {f}: the correct option is {what} in {len(found)} of "
                                  f"{len(single)} single-answer items ({', '.join(found)})")


def _source_lines(src: Source, test: KnowledgeTest):
    """(item id, option id or None) -> its line in the English file."""
    at = {item.id: i for i, item in enumerate(test.items)}

    def line(item_id: str, option_id: str | None = None) -> int:
        item = test.items[at[item_id]]
        where = ("options", [o.id for o in item.options].index(option_id), "text") if option_id else ()
        return src.line_of(("items", at[item_id]) + where)
    return line


def _overlay_lines(overlay):
    """(item id, option id or None) -> its line in a translation (the prompt's if the option is not translated)."""
    def line(item_id: str, option_id: str | None = None) -> int:
        prompt = overlay.lines.get(f"items.{item_id}.prompt", 1)
        return overlay.lines.get(f"items.{item_id}.options.{option_id}.text", prompt) if option_id else prompt
    return line
