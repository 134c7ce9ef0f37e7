"""Cross-checks: rules that need more than one content file.

Each check takes the loaded `Curriculum` and returns located `Problem`s. The answer-key
check runs the legal engine on every scenario's facts: keys must agree with the law.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..law import assess
from .curriculum import Curriculum
from .knowledge import LONG_OPTION, Rules, check_kit
from .markdown import IMAGE_FOLDER, MAX_LIST_LEVELS, findings
from .models import TRAINER_ONLY, Scenario
from .pack_checks import pack_checks
from .programme_checks import programme_checks
from .source import Source
from .validate import HINTS

CITATION = re.compile(r"\[([a-z0-9-]+/[a-z0-9-]+)\]")
FIGURE = re.compile(r"\b(?:Rs\.?\s*\d[\d,]*(?:\.\d+)?(?:\s*million)?|\d+\s*(?:to|-|–)\s*\d+\s*years?|\d+\s*years?)", re.I)
CLASS_WORD = re.compile(r"\b(?:traffick|smuggl)\w*", re.I)  # an indicators prompt names no class
WORDING = re.compile(r"\billegal(?:s\b|\s+(?:migrants?|immigrants?|aliens?|persons?|people|workers?|women|men|children|foreigners?)\b)", re.I)
SCENARIO_FIELDS = {"title", "setting", "narrative", "questions", "indicators", "human_rights_notes",
                   "gender_notes", "walk", *TRAINER_ONLY}
REQUIRED_QUESTIONS = ("classify", "investigates", "indicators", "response")
HINTS.update({
    "unknown-audience": "Use an audience id from curriculum/audiences.yaml.",
    "unknown-module": "Use a module id: the file name of a curriculum/modules/*.yaml file.",
    "unknown-provision": "Cite a provision id that exists in curriculum/law/*.yaml, written [act/section].",
    "id-mismatch": "The id equals the file name without .yaml; rename one of them.",
    "duplicate-id": "Give each item its own id.",
    "answer-disagrees": "Correct the answer key or the facts: run `tipsom assess FILE` to see what the law says.",
    "answer-uncited": "Cite the provisions the explanation relies on, written [act/section].",
    "unconfirmed-figure": "Answer keys state only penalty figures marked penalty_status: confirmed in curriculum/law/.",
    "broken-walk": "Every choice's goto names a node; every node is reachable from start and leads to an ending.",
    "trainer-field-shown": "A participant edition never shows answer, trainer_notes or debrief.",
    "unknown-field": "Name scenario fields as they appear in scenarios/_template.yaml.",
    "programme-time": "Each session starts when the previous one ends; the day ends by its stated time.",
    "programme-audience": "Give the audience the module in curriculum/audiences.yaml and in the module's audiences, or move the session.",
    "wording": "Say 'migrant', 'person who was trafficked'; never call a person 'illegal'.",
    "missing-question": "Every scenario asks: classify, investigates, indicators and response.",
    "provision-prefix": "A provision id starts with its law file's id, e.g. ptpa-2018/s3.",
    "missing-file": "Restore the file from git, or create it from the documentation.",
    "content-image": f"Put the image file in {IMAGE_FOLDER}/ and write ![what it shows](images/<name>.png); "
                     "nothing is fetched from an address.",
    "raw-html": "Write Markdown (**bold**, lists, ![image](images/<name>.png)); HTML in content prints as text.",
    "markdown-too-deep": f"Flatten the lists or quotes: at most {MAX_LIST_LEVELS} list levels, one inside the other.",
    "prompt-names-class": "Ask which facts point to an offence, or make one more serious, without naming trafficking or smuggling.",
    "long-correct-option": "Shorten the correct option or give the wrong ones their own plausible reasons: length must not give the answer away.",
})


def cross_check(cur: Curriculum) -> list[Problem]:
    problems: list[Problem] = []
    for check in (_audiences, _programme, _modules, _laws, _scenarios, _glossary, _wording, _markdown, pack_checks,
                  programme_checks):
        problems.extend(check(cur))
    problems.extend(check_kit(cur, Rules(CITATION, _provisions, _citations, _figures, _unknown_audiences)))
    return problems


def _src(cur: Curriculum, file: str) -> Source:
    return cur.sources.get(file) or Source(file)


def _files(cur: Curriculum, kind: str) -> Iterator[tuple[str, Source, Any]]:
    """Each valid file of one kind: its name, source and model."""
    for name, (k, item) in cur.items.items():
        if k == kind:
            yield name, cur.sources[name], item


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].removesuffix(".yaml")


def _audiences(cur: Curriculum) -> Iterator[Problem]:
    src = _src(cur, "curriculum/audiences.yaml")
    for i, a in enumerate(cur.audiences.values()):
        for j, m in enumerate(a.modules):
            if cur.modules and m not in cur.modules:
                yield src.problem(("audiences", i, "modules", j), "unknown-module", f"'{m}' is not a module")
        for edition in ("handout", "participant_workbook"):
            for j, f in enumerate(getattr(a.shows, edition)):
                where = ("audiences", i, "shows", edition, j)
                if f in TRAINER_ONLY:
                    yield src.problem(where, "trainer-field-shown", f"the {edition} of '{a.id}' would show '{f}', which is for trainers only")
                elif f not in SCENARIO_FIELDS:
                    yield src.problem(where, "unknown-field", f"'{f}' is not a scenario field")


def _unknown_audiences(cur: Curriculum, src: Source, names: list[str], path: tuple) -> Iterator[Problem]:
    import difflib

    for j, name in enumerate(names):
        if cur.audiences and name not in cur.audiences:
            close = difflib.get_close_matches(name, list(cur.audiences), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield src.problem(path + (j,), "unknown-audience", f"'{name}' is not an audience{hint}")


def _programme(cur: Curriculum) -> Iterator[Problem]:
    if cur.programme is None:
        return
    src = _src(cur, "curriculum/programme.yaml")
    for d, day in enumerate(cur.programme.days):
        yield from _unknown_audiences(cur, src, day.audiences, ("days", d, "audiences"))
        clock = _minutes(day.starts)
        for s, session in enumerate(day.sessions):
            if _minutes(session.start) != clock:
                yield src.problem(("days", d, "sessions", s, "start"), "programme-time", f"'{session.title}' starts at {session.start}, but the session before ends at {_clock(clock)}")
            if session.module and cur.modules and session.module not in cur.modules:
                yield src.problem(("days", d, "sessions", s, "module"), "unknown-module", f"'{session.module}' is not a module")
            elif session.module and cur.modules:
                for a in day.audiences:
                    given = a in cur.audiences and session.module in cur.audiences[a].modules
                    if a in cur.audiences and not (given and a in cur.modules[session.module].audiences):
                        yield src.problem(("days", d, "sessions", s, "module"), "programme-audience",
                                          f"day {day.day} gives '{a}' the module '{session.module}', which audiences.yaml or the module does not give them")
            clock = _minutes(session.start) + session.minutes
        if clock > _minutes(day.ends):
            yield src.problem(("days", d, "ends"), "programme-time", f"day {day.day} runs to {_clock(clock)}, after its end at {day.ends}")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _modules(cur: Curriculum) -> Iterator[Problem]:
    for name, src, module in _files(cur, "module"):
        if _stem(name) != module.id:
            yield src.problem(("id",), "id-mismatch", f"id '{module.id}' differs from the file name")
        yield from _unknown_audiences(cur, src, module.audiences, ("audiences",))
        yield from _provisions(cur, src, module.provisions, ("provisions",))
        for key in ("body", "trainer_notes"):
            yield from _citations(cur, src, getattr(module, key), (key,))


def _laws(cur: Curriculum) -> Iterator[Problem]:
    for name, src, law in _files(cur, "law"):
        if _stem(name) != law.id:
            yield src.problem(("id",), "id-mismatch", f"id '{law.id}' differs from the file name")
        for i, p in enumerate(law.provisions):
            if not p.id.startswith(law.id + "/"):
                yield src.problem(("provisions", i, "id"), "provision-prefix", f"'{p.id}' does not start with '{law.id}/'")


def _provisions(cur: Curriculum, src: Source, ids: list[str], path: tuple) -> Iterator[Problem]:
    for j, pid in enumerate(ids):
        if cur.provisions and pid not in cur.provisions:
            yield src.problem(path + (j,), "unknown-provision", f"'{pid}' is not a provision in curriculum/law/")


def _citations(cur: Curriculum, src: Source, text: str | None, path: tuple) -> Iterator[Problem]:
    for pid in CITATION.findall(text or ""):
        if cur.provisions and pid not in cur.provisions:
            yield src.problem(path, "unknown-provision", f"'[{pid}]' cites no provision in curriculum/law/")


def _scenarios(cur: Curriculum) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for name, src, sc in _files(cur, "scenario"):
        stem = _stem(name)
        if stem != sc.id:
            yield src.problem(("id",), "id-mismatch", f"id '{sc.id}' differs from the file name '{stem}'")
        if sc.id in seen and not stem.startswith("_"):
            yield src.problem(("id",), "duplicate-id", f"id '{sc.id}' is also used by {seen[sc.id]}")
        seen.setdefault(sc.id, name)
        yield from _scenario(cur, src, sc)


def _scenario(cur: Curriculum, src: Source, sc: Scenario) -> Iterator[Problem]:
    yield from _unknown_audiences(cur, src, sc.audiences, ("audiences",))
    kinds = {q.kind for q in sc.questions}
    for kind in REQUIRED_QUESTIONS:
        if kind not in kinds:
            yield src.problem(("questions",), "missing-question", f"no '{kind}' question")
    for i, q in enumerate(sc.questions):
        yield from _unknown_audiences(cur, src, q.audiences, ("questions", i, "audiences"))
        if q.kind == "indicators" and (m := CLASS_WORD.search(q.prompt)):
            yield src.problem(("questions", i, "prompt"), "prompt-names-class",
                              f"the prompt of '{q.id}' says '{m.group(0)}': it tells the participant the class before they decide")
    key, law = sc.answer, assess(sc.facts)
    for field, expected in (("classification", law.classification), ("agencies", law.agencies),
                            ("ptpa_penalty", law.ptpa_penalty), ("psma_penalty", law.psma_penalty)):
        if getattr(key, field) != expected:
            yield src.problem(("answer", field), "answer-disagrees", f"the answer key says {getattr(key, field)!r}, the law on these facts gives {expected!r}")
    yield from _provisions(cur, src, key.provisions, ("answer", "provisions"))
    if not CITATION.search(key.explanation):
        yield src.problem(("answer", "explanation"), "answer-uncited", "the explanation cites no provision id")
    for text, path in _texts(sc):
        yield from _citations(cur, src, text, path)
    cited = set(CITATION.findall(key.explanation)) | set(key.provisions)
    yield from _figures(cur, src, key.explanation, cited, ("answer", "explanation"))
    yield from _option_lengths(src, sc)
    if sc.walk is not None:
        yield from _walk(src, sc)


def _option_lengths(src: Source, sc: Scenario) -> Iterator[Problem]:
    """In a single-answer question, the correct option may not be much longer than the others."""
    for i, q in enumerate(sc.questions):
        if q.kind != "response":
            continue
        others = [len(o.text) for o in q.options if not o.correct]
        for j, o in enumerate(q.options):
            mean = sum(others) / len(others)
            if o.correct and len(o.text) > LONG_OPTION * mean:
                yield src.problem(("questions", i, "options", j, "text"), "long-correct-option",
                                  f"the correct option of '{q.id}' has {len(o.text)} characters, over {LONG_OPTION} times"
                                  f" the {mean:.0f} of the others on average")


def _figures(cur: Curriculum, src: Source, text: str, cited: set[str], path: tuple) -> Iterator[Problem]:
    """A penalty figure in an answer key must be a confirmed penalty of a provision it cites."""
    confirmed = " ".join(p.penalty or "" for pid, p in cur.provisions.items()
                         if pid in cited and p.penalty_status == "confirmed")
    for figure in FIGURE.findall(text):
        if _norm(figure) not in _norm(confirmed):
            yield src.problem(path, "unconfirmed-figure", f"'{figure.strip()}' is not a confirmed penalty figure")


def _norm(text: str) -> str:
    return re.sub(r"[\s.,]+", " ", text.lower().replace("–", "-")).strip()


def _texts(sc: Scenario) -> Iterator[tuple[str, tuple]]:
    yield sc.answer.explanation, ("answer", "explanation")
    for key in ("narrative", "human_rights_notes", "gender_notes", "trainer_notes"):
        yield getattr(sc, key), (key,)
    for i, q in enumerate(sc.questions):
        for j, o in enumerate(q.options):
            yield o.feedback, ("questions", i, "options", j, "feedback")
        if q.model_answer:
            yield q.model_answer, ("questions", i, "model_answer")


def _walk(src: Source, sc: Scenario) -> Iterator[Problem]:
    walk = sc.walk
    nodes = {n.id: n for n in walk.nodes}
    if walk.start not in nodes:
        yield src.problem(("walk", "start"), "broken-walk", f"start '{walk.start}' is not a node")
        return
    for i, n in enumerate(walk.nodes):
        for j, c in enumerate(n.choices):
            if c.goto not in nodes:
                yield src.problem(("walk", "nodes", i, "choices", j, "goto"), "broken-walk", f"goto '{c.goto}' is not a node")
    reach, todo = set(), [walk.start]
    while todo:
        nid = todo.pop()
        if nid in reach or nid not in nodes:
            continue
        reach.add(nid)
        todo += [c.goto for c in nodes[nid].choices]
    ends = {n.id for n in walk.nodes if n.ending}
    changed = True
    while changed:
        changed = False
        for n in walk.nodes:
            if n.id not in ends and any(c.goto in ends for c in n.choices):
                ends.add(n.id)
                changed = True
    for i, n in enumerate(walk.nodes):
        if n.id not in reach:
            yield src.problem(("walk", "nodes", i), "broken-walk", f"node '{n.id}' cannot be reached from start")
        elif n.id not in ends:
            yield src.problem(("walk", "nodes", i), "broken-walk", f"node '{n.id}' never leads to an ending")


def _glossary(cur: Curriculum) -> Iterator[Problem]:
    src = _src(cur, "curriculum/glossary.yaml")
    for i, t in enumerate(cur.glossary):
        yield from _provisions(cur, src, t.provisions, ("terms", i, "provisions"))
        for j, aid in enumerate(t.audiences):
            if aid not in cur.audiences:
                yield src.problem(("terms", i, "audiences", j), "unknown-audience", f"'{aid}' is not an audience")


def _wording(cur: Curriculum) -> Iterator[Problem]:
    for name, (kind, _) in cur.items.items():
        if kind == "law":
            continue
        src = cur.sources[name]
        stack = [((), src.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, dict):
                stack += [(path + (k,), v) for k, v in value.items()]
            elif isinstance(value, list):
                stack += [(path + (i,), v) for i, v in enumerate(value)]
            elif isinstance(value, str):
                for m in WORDING.finditer(value):
                    if value[max(0, m.start() - 1):m.start()] not in "\"'“‘":
                        yield src.problem(path, "wording", f"'{m.group(0)}' calls a person illegal")


def _markdown(cur: Curriculum) -> Iterator[Problem]:
    """Every text of every content file as Markdown: images not shipped, raw HTML, too deep."""
    for name in cur.items:
        src = cur.sources[name]
        for path, text in _strings((), src.data):
            for f in findings(text, cur.root):
                yield Problem(src.file, src.text_line(path, f.line), f.rule, f.message)


def _strings(path: tuple, value: Any) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(path + (k,), v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(path + (i,), v)
    elif isinstance(value, str):
        yield path, value
