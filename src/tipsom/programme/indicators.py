"""The programme's indicators, computed again from every answer in the database.

Scores come from the project's own scoring (`kit.scores.taken`: correctness from the content,
each participant's latest answer counts), per event, then add up: participants by sex,
audience, agency (organisation), district (the attendance list's, else the event's place from
programme.yaml) and place; pre and post means and gains per event, audience
and learning objective (the objectives an item tests, over both forms of a test); the share who mastered the content (post-test at
or above `pass_mark` in programme.yaml); item analysis across events (difficulty, upper-lower
discrimination, each option's share); evaluation means; the follow-up. One dict, the same for
`--json`, the HTML page and the XLSX workbook.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..kit.scores import FORMS, PHASES, Taken, evaluation, gains, latest, taken
from .importer import event_records
from .schema import events, followups, participants

SEXES = ("female", "male", "transgender")
UPPER_LOWER = 0.27  # the share of takers in each of the top and bottom groups for discrimination


def _mean(values) -> float | None:
    values = list(values)
    return round(mean(values), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(engine: Engine, cur) -> dict:
    """Every figure of the programme report."""
    pass_mark = cur.programme.pass_mark if cur.programme else 70
    out: dict = {"pass_mark": pass_mark}
    every: list[tuple[str, int, Taken]] = []     # (audience, event id, taken)
    chosen: dict[tuple[str, str], dict[tuple[int, str], dict[str, object]]] = defaultdict(dict)  # (test, phase) -> (event, code) -> item -> answer
    scale_counts: dict[str, Counter] = defaultdict(Counter)
    people = []
    event_rows = []
    with engine.connect() as conn:
        listed = conn.execute(select(events).order_by(events.c.first_day, events.c.name)).mappings().all()
        for ev in listed:
            mine = conn.execute(select(participants).where(participants.c.event_id == ev["id"])).mappings().all()
            people += [dict(p, event=ev["name"], place=ev["place"]) for p in mine]
            audience_of = {p["code"]: p["audience"] for p in mine}
            records = event_records(conn, ev["id"])
            done = taken(records, cur.tests)
            every += [(audience_of.get(t.code, "unknown"), ev["id"], t) for t in done]
            for (code, sid, qid), r in latest(records).items():
                parts = sid.split("/")
                if len(parts) == 3 and parts[0] == "test":
                    chosen[(parts[1], parts[2])].setdefault((ev["id"], code), {})[qid] = r.get("answer")
            if cur.evaluation is not None:
                result = evaluation(records, cur.evaluation)
                for sid, c in result.counts.items():
                    scale_counts[sid].update(c)
            event_rows.append(_event_row(ev, mine, done, pass_mark))
        follow = conn.execute(select(followups.c.participant, followups.c.event_id, followups.c.submission,
                                     followups.c.question, followups.c.answer)).all()
    out["events"] = len(listed)
    out["participants"] = len(people)
    out["by_sex"] = {s: sum(p["sex"] == s for p in people) for s in SEXES}
    out["by_audience"] = dict(sorted(Counter(p["audience"] for p in people).items()))
    out["by_agency"] = dict(sorted(Counter(p["organisation"] or "(not given)" for p in people).items()))
    out["by_place"] = dict(sorted(Counter(p["place"] for p in people).items()))
    out["by_district"] = dict(sorted(Counter(p["district"] or p["place"] or "(not given)" for p in people).items()))
    out["district_from_place"] = sum(not p["district"] for p in people)  # counted under their event's place
    out["by_audience_sex"] = {a: {s: sum(p["audience"] == a and p["sex"] == s for p in people) for s in SEXES}
                              for a in out["by_audience"]}
    out.update(_scores([t for *_, t in every], pass_mark))
    out["per_event"] = event_rows
    out["per_audience"] = {a: _scores([t for aud, _, t in every if aud == a], pass_mark)
                           for a in sorted({aud for aud, *_ in every})}
    out["per_objective"] = _objectives(cur, [t for *_, t in every])
    out["items"] = _items(cur, [(e, t) for _, e, t in every], chosen)
    out["evaluation"] = _evaluation(cur, scale_counts)
    out["followup"] = _followup(cur, follow)
    return out


def _scores(done: list[Taken], pass_mark: int) -> dict:
    pre = [t.score for t in done if t.phase == "pre"]
    post = [t.score for t in done if t.phase == "post"]
    paired = gains(done)
    mastered = sum(s >= pass_mark for s in post)
    return {"took_pre": len(pre), "took_post": len(post), "pre_mean": _mean(pre), "post_mean": _mean(post),
            "took_both": len(paired), "gain_mean": _mean(g for *_, g in paired),
            "mastered": mastered, "mastery_share": _share(mastered, len(post))}


def _event_row(ev, people, done: list[Taken], pass_mark: int) -> dict:
    return {"event": ev["name"], "place": ev["place"], "first_day": ev["first_day"], "last_day": ev["last_day"],
            "audiences": [a for a in ev["audiences"].split(",") if a], "trainers": [t for t in ev["trainers"].split(",") if t],
            "participants": len(people), "by_sex": {s: sum(p["sex"] == s for p in people) for s in SEXES},
            **_scores(done, pass_mark)}


def _objectives(cur, done: list[Taken]) -> dict:
    """Per learning objective (`<module>/<n>`, the items' `tests`): the share of its items
    answered right, before and after, over both forms (an answer counts for each objective its item tests)."""
    tested = {(tid, i.id): i.tests for tid, test in cur.tests.items() for i in test.items}
    right: dict[str, dict[str, list[bool]]] = defaultdict(lambda: {"pre": [], "post": []})
    for t in done:
        for qid, ok in t.right.items():
            for ob in tested[(t.test, qid)]:
                right[ob][t.phase].append(ok)
    out = {}
    for ob in sorted(right, key=lambda o: (o.split("/")[0], int(o.split("/")[1]))):
        pre, post = right[ob]["pre"], right[ob]["post"]
        before, after = _share(sum(pre), len(pre)), _share(sum(post), len(post))
        out[ob] = {"title": cur.objective(ob, "en"), "module": cur.module_title(ob.split("/")[0], "en"), "answers_pre": len(pre), "answers_post": len(post), "pre_share": before,
                   "post_share": after, "gain": None if before is None or after is None else round(after - before, 1)}
    return out


def _items(cur, done: list[tuple[int, Taken]], chosen) -> list[dict]:
    """Each item of each test, across events: per phase its difficulty (share right), its
    discrimination (share right in the top 27 % of takers minus the bottom 27 %) and each
    option's share (and blanks), so authors see weak items and distractors nobody picks."""
    rows = []
    for tid, test in cur.tests.items():
        for form in FORMS:
            rows += _form_items(test, form, [(e, t) for e, t in done if t.test == tid and t.form == form], chosen)
    return rows


def _form_items(test, form: str, done: list[tuple[int, Taken]], chosen) -> list[dict]:
    """The rows of one form's items (numbered as printed: 'number' 3 of 'form' B is B3), from its takers."""
    tid, rows, phases = test.id, [], {}
    for phase in PHASES:
        group = sorted(((e, t) for e, t in done if t.phase == phase), key=lambda et: et[1].score)
        if group:
            phases[phase] = group
    if phases:
        for n, item in enumerate(test.form(form), 1):
            row = {"test": tid, "form": form, "number": n, "item": item.id, "module": item.module, "tests": item.tests,
                   "prompt": item.prompt, "correct": [o.id for o in item.options if o.correct]}
            for phase, group in phases.items():
                k = max(1, round(UPPER_LOWER * len(group))) if len(group) >= 4 else 0
                upper, lower = [t for _, t in group[-k:]] if k else [], [t for _, t in group[:k]]
                answers = [chosen[(tid, phase)].get((e, t.code), {}).get(item.id) for e, t in group]
                picks = Counter()
                for a in answers:
                    for o in (a if isinstance(a, list) else [a] if a is not None else []):
                        picks[str(o)] += 1
                row[phase] = {
                    "n": len(group),
                    "difficulty": _share(sum(t.right[item.id] for _, t in group), len(group)),
                    "discrimination": (round((sum(t.right[item.id] for t in upper) - sum(t.right[item.id] for t in lower)) / k, 2)
                                       if k else None),
                    "options": {o.id: _share(picks[o.id], len(group)) for o in item.options},
                    "blank": _share(sum(not a for a in answers), len(group)),
                }
            rows.append(row)
    return rows


def _evaluation(cur, counts: dict[str, Counter]) -> dict:
    if cur.evaluation is None:
        return {}
    out = {}
    for s in cur.evaluation.scales:
        c = counts.get(s.id, Counter())
        n = sum(c.values())
        out[s.id] = {"text": s.text, "n": n, "mean": round(sum(k * v for k, v in c.items()) / n, 2) if n else None}
    return out


def _followup(cur, rows) -> dict:
    form = getattr(cur, "followup", None)
    submissions = {r.submission for r in rows}
    people = {(r.event_id, r.participant) for r in rows}
    questions = {}
    for q in (form.questions if form else []):
        mine = [r.answer for r in rows if r.question == q.id]
        entry = {"text": q.text, "kind": q.kind, "n": len(mine)}
        if q.kind in ("select_one", "select_multiple"):
            c = Counter(v for a in mine for v in a.split())
            entry["answers"] = {o.id: c.get(o.id, 0) for o in q.choices}
        elif q.kind in ("scale", "count"):
            numbers = [float(a) for a in mine if _number(a)]
            entry["mean"] = round(mean(numbers), 2) if numbers else None
        questions[q.id] = entry
    return {"responses": len(submissions), "participants": len(people), "questions": questions}


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
