"""The trainer's room view: how the room answered, read from the session folder.

`ordered(counts, scenarios)` is the pure summary both views show: the JupyterLab card here
and the presenter view of `tipsom room`. Each scenario's questions come in scenario order,
each with every option, its count and whether it is right; a view marks the right answers
only once the trainer presses Reveal.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W

from .. import quiz
from ..content.models import Scenario
from .answers import read_answers, shown
from .cards import Card, Look, box, esc

OUTCOMES = {"good": "Good outcome", "mixed": "Mixed outcome", "poor": "Poor outcome"}


def ordered(counts: dict[str, dict[str, dict]], scenarios: dict[str, Scenario], t=lambda s: s) -> list[dict]:
    """Per scenario (in the order of `scenarios`), its questions in scenario order, then the walk:
    {id, kind, prompt, answered, correct, options: [{key, label, count, right}], answers}."""
    out = []
    for sid, sc in scenarios.items():
        rows = counts.get(sid, {})
        questions = [(q.id, q.kind, q.prompt) for q in sc.questions]
        if sc.walk is not None:
            questions.append(("walk", "walk", "Walk through the case: how it ended"))
        items = []
        for qid, kind, prompt in questions:
            row = rows.get(qid, {"answered": 0, "correct": 0, "answers": {}})
            labels, right = _options(sc, qid, kind, t)
            given = row["answers"]
            options = [{"key": k, "label": label, "count": given.get(k, 0), "right": k in right} for k, label in labels.items()]
            items.append({"id": qid, "kind": kind, "prompt": prompt, "answered": row["answered"], "correct": row["correct"],
                          "options": options,
                          "answers": [[shown(a, 300), n] for a, n in list(given.items())[:20]] if kind == "open" else []})
        out.append({"id": sid, "title": sc.title, "questions": items})
    return out


def _options(sc: Scenario, qid: str, kind: str, t) -> tuple[dict[str, str], set[str]]:
    """A question's answers (key -> label, in order) and the right keys."""
    if kind == "classify":
        return {c: t(quiz.CLASS_LABELS[c]) for c in quiz.CLASSES}, {sc.answer.classification}
    if kind == "investigates":
        return {k: t(v) for k, v in quiz.INVESTIGATES_LABELS.items()}, {quiz.investigates_key(sc.answer.agencies)}
    if kind == "walk":
        return {k: t(v) for k, v in OUTCOMES.items()}, {"good"}
    if kind == "open":
        return {}, set()
    q = quiz.question(sc, qid)
    return {o.id: o.text for o in q.options}, {o.id for o in q.options if o.correct}


def room_html(look: Look, questions: list[dict], reveal: bool = False) -> str:
    """How the room answered, question by question in scenario order; ✔ marks the right answers once revealed."""
    t = look.t
    if not any(q["answered"] for s in questions for q in s["questions"]):
        return box(t("No answers in this session yet."))
    parts = []
    for s in questions:
        parts.append(f"<h3 style='font-size:1.6em'>{esc(s['title'])}</h3>")
        for q in s["questions"]:
            graded = f", {q['correct']} {t('correct')}" if reveal and q["kind"] != "open" else ""
            width = max(q["answered"], 1)
            rows = "".join(
                f"<tr><td style='width:1.5em'>{'✔' if reveal and o['right'] else ''}</td><td>{esc(shown(o['label'], 120))}</td>"
                f"<td style='text-align:end'>{o['count']}</td><td style='width:260px'><div style='background:"
                f"{'#1b7f3b' if reveal and o['right'] else '#4a78b8'};height:18px;width:{int(250 * o['count'] / width)}px'></div></td></tr>"
                for o in q["options"])
            rows += "".join(f"<tr><td></td><td>{esc(a)}</td><td>{n}</td><td></td></tr>" for a, n in q["answers"])
            parts.append(f"<p style='font-size:1.3em;margin-top:1em'><b>{esc(q['prompt'])}</b> <small>({q['answered']} "
                         f"{t('answered')}{graded})</small></p><table style='font-size:1.15em'>{rows}</table>")
    return "".join(parts)


def summary(folder: Path, scenarios: dict[str, Scenario], only: str | None, t=lambda s: s) -> list[dict]:
    """The session folder's answers as `ordered` questions; the participant is each file's name."""
    records = [r for r in read_answers(folder).records if only is None or r.get("scenario") == only]
    counts = quiz.room_summary(records)
    wanted = [only] if only else sorted(counts)
    return ordered(counts, {s: scenarios[s] for s in wanted if s in scenarios}, t)


class RoomCard(Card):
    """The trainer's view of a session folder: Refresh re-reads it, Reveal marks the right answers."""

    label = "How the room answered"

    def __init__(self, look: Look, folder: Path, scenarios: dict[str, Scenario], only: str | None = None):
        self.folder, self.scenarios, self.only, t = folder, scenarios, only, look.t
        self.table = W.HTML()
        refresh = W.Button(description=t("Refresh"), icon="refresh")
        refresh.on_click(self.refresh)
        self.reveal = W.ToggleButton(description=t("Reveal"), value=False, tooltip=t("Mark the right answers"))
        self.reveal.observe(self.refresh, "value")
        super().__init__(look, [W.HTML(f"<h3>{t('How the room answered')}</h3><small>{t('Session folder')}: {esc(folder)}</small>"),
                                W.HBox([refresh, self.reveal]), self.table])
        self.refresh()

    def refresh(self, _=None) -> None:
        questions = summary(self.folder, self.scenarios, self.only, self.look.t)
        self.table.value = room_html(self.look, questions, reveal=self.reveal.value)

    def static_html(self) -> str:
        return f"<h3>{self.look.t('How the room answered')}</h3>{self.table.value}"
