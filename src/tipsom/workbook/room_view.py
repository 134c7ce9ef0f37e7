"""The trainer's room view: how the room answered, read from the session folder."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W

from .. import quiz
from ..content.models import Scenario
from .answers import room_summary
from .cards import Card, Look, box, esc

# ---- the room -------------------------------------------------------------------------

def room_html(look: Look, summary: dict, scenarios: dict[str, Scenario]) -> str:
    """How the room answered, question by question, every choice listed and the right one marked ✔."""
    t = look.t
    if not summary:
        return box(t("No answers in this session yet."))
    parts = []
    for sid, questions in summary.items():
        sc = scenarios.get(sid)
        parts.append(f"<h4>{esc(sc.title if sc else sid)}</h4>")
        for qid, row in questions.items():
            title, labels, right = _question_labels(sc, qid)
            counts = {**dict.fromkeys(labels, 0), **row["answers"]}
            graded = f", {row['correct']} {t('correct')}" if row["kind"] not in ("open", "walk-step") else ""
            width = max(row["answered"], 1)
            rows = "".join(f"<tr><td>{'✔' if a in right else ''}</td><td>{esc(t(labels.get(a, a)))[:120]}</td><td>{n}</td>"
                           f"<td><div style='background:#4a78b8;height:10px;width:{int(120 * n / width)}px'></div></td></tr>"
                           for a, n in counts.items())
            parts.append(f"<p><b>{esc(title)}</b> <small>({row['answered']} {t('answered')}{graded})</small></p><table>{rows}</table>")
    return "".join(parts)


def _question_labels(sc: Scenario | None, qid: str) -> tuple[str, dict[str, str], set[str]]:
    """A question's title, its answers' labels (in order) and the right answers, for the room."""
    q = next((q for q in sc.questions if q.id == qid), None) if sc else None
    if sc is not None and qid.startswith("walk"):
        node = next((n for n in (sc.walk.nodes if sc.walk else []) if n.id == qid.partition("/")[2]), None)
        return (f"Walk: {node.text[:80]}" if node else "Walk: how it ended"), {}, {"good"} if qid == "walk" else set()
    if q is None:
        return qid, {}, set()
    if q.kind == "classify":
        return q.prompt, dict(quiz.CLASS_LABELS), {sc.answer.classification}
    if q.kind == "investigates":
        labels = {"+".join(quiz.INVESTIGATES[k]) or "none": label for k, label in quiz.INVESTIGATES_LABELS.items()}
        return q.prompt, labels, {"+".join(sc.answer.agencies) or "none"}
    return q.prompt, {o.id: o.text for o in q.options}, {o.id for o in q.options if o.correct}


class RoomCard(Card):
    """The trainer's view of a session folder; Refresh re-reads it."""

    label = "How the room answered"

    def __init__(self, look: Look, folder: Path, scenarios: dict[str, Scenario], only: str | None = None):
        self.folder, self.scenarios, self.only, t = folder, scenarios, only, look.t
        self.table = W.HTML()
        refresh = W.Button(description=t("Refresh"), icon="refresh")
        refresh.on_click(self.refresh)
        super().__init__(look, [W.HTML(f"<h3>{t('How the room answered')}</h3><small>{t('Session folder')}: {esc(folder)}</small>"),
                                refresh, self.table])
        self.refresh()

    def refresh(self, _=None) -> None:
        self.table.value = room_html(self.look, room_summary(self.folder, self.only), self.scenarios)

    def static_html(self) -> str:
        return f"<h3>{self.look.t('How the room answered')}</h3>{self.table.value}"
