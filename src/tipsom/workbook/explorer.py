"""The two widgets that work a whole case: the elements explorer and the branching walk.

Both are thin fronts over quiz.py (the engine answers; a widget only shows).
"""

from __future__ import annotations

import ipywidgets as W

from .. import quiz
from ..page import ELEMENTS, reading, value_words
from .cards import Card, Look, Page, box, esc

# ---- the elements explorer ------------------------------------------------------------

class ExplorerCard(Card):
    """Toggle the elements of the case and watch the engine's assessment change."""

    label = "The elements explorer"

    def __init__(self, look: Look, facts, locked_until: Page | None = None):
        self.explorer, self.controls, self._quiet, self.unlocked = quiz.Explorer(facts), {}, False, False
        self.page = locked_until
        self.result, self.body = W.HTML(), W.VBox()
        super().__init__(look, [W.HTML(f"<h3>{look.t('The elements explorer: change a fact, watch what the law says')}</h3>"),
                                self.body, self.result])
        if locked_until is not None and not locked_until.unlocked():
            # Built now, hidden and on neutral facts (nothing of the case reaches the browser before the
            # answer): unlocking then only sets values, cheap enough for a whole room classifying at once.
            self.build(quiz.Explorer(quiz.NEUTRAL))
            self.body.layout.display = "none"
            self.result.value = box(look.t("Submit your answer to the classify question first; then explore what changes it."))
            locked_until.listeners.append(self.unlock)
        else:
            self.build(self.explorer)
            self.unlock()
        if locked_until is not None:
            locked_until.listeners.append(self.render_if_unlocked)  # who investigates shows once that is answered

    def render_if_unlocked(self) -> None:
        if self.unlocked:
            self.render()

    def agencies(self) -> bool:
        """Whether the reading may name who investigates (the page model's rule: once that question is answered)."""
        return self.page is None or self.page.agencies_known()

    def build(self, shown: quiz.Explorer) -> None:
        """The controls, showing `shown`'s facts."""
        t, auto = self.look.t, W.Layout(width="auto")
        for name, values in quiz.LISTS.items():
            self.controls[name] = [W.ToggleButton(value=v in shown.get(name), description=value_words(t, v), layout=auto) for v in values]
        self.controls["age"] = W.IntSlider(value=shown.get("age"), min=0, max=80, continuous_update=False)
        for name, values in quiz.CHOICES.items():
            self.controls[name] = W.Dropdown(options=[(value_words(t, v), v) for v in values], value=shown.get(name), layout=auto)
        for name in quiz.FLAGS:
            self.controls[name] = W.Checkbox(value=shown.get(name), indent=False, layout=auto)
        for name, ctl in self.controls.items():
            for c in ctl if isinstance(ctl, list) else [ctl]:
                c.observe(lambda _, n=name: self.changed(n), "value")
        reset = W.Button(description=t("Back to the case"), icon="undo")
        reset.on_click(self.reset)
        label = W.Layout(width="150px", flex="0 0 auto")
        self.body.children = [W.HBox([W.HTML(f"<b>{t(ELEMENTS[n])}</b>", layout=label), *(c if isinstance(c, list) else [c])],
                                     layout=W.Layout(flex_flow="row wrap")) for n, c in self.controls.items()] + [reset]

    def unlock(self) -> None:
        """Show the case's facts and what the law says of them."""
        if self.unlocked:
            return
        self.unlocked = True
        self.reset()
        self.body.layout.display = None

    def changed(self, name: str) -> None:
        if self._quiet:
            return
        ctl = self.controls[name]
        value = [v for v, c in zip(quiz.LISTS[name], ctl, strict=True) if c.value] if isinstance(ctl, list) else ctl.value
        self.explorer.set(name, value)
        self.render()

    def reset(self, _=None) -> None:
        self.explorer.reset()
        self._quiet = True
        try:
            for name, ctl in self.controls.items():
                if isinstance(ctl, list):
                    for v, c in zip(quiz.LISTS[name], ctl, strict=True):
                        c.value = v in self.explorer.get(name)
                else:
                    ctl.value = self.explorer.get(name)
        finally:
            self._quiet = False
        self.render()

    def render(self) -> None:
        """The page model's reading (`page.reading`) of the facts as they stand."""
        r, t, look = reading(self.explorer, self.look.t, self.agencies()), self.look.t, self.look
        who = f" &nbsp;·&nbsp; {t('investigates')}: <b>{esc(r.agencies)}</b>" if r.agencies is not None else ""
        head = (f"<b>{esc(r.verdict)}</b>{who}"
                f"<br><small>{t('PTPA penalty range')}: {esc(r.ptpa)}; {t('PSMA penalty range')}: {esc(r.psma)}</small>")
        changed = "; ".join(f"{n}: {was} → {now}" for n, was, now in r.changed)
        more = f"<p><small>{t('Changed from the case')}: {esc(changed)}</small></p>" if changed else ""
        also = f"<p><small>{t('Also consider')}: {esc(', '.join(r.also))}</small></p>" if r.also else ""
        open_ = (f"<p><small>{t('Open points: decided here by a reading, not settled law')}:</small></p>"
                 + look.items(r.unsettled)) if r.unsettled else ""
        self.result.value = box(head + look.items(r.reasons) + open_ + more + also, "bad" if r.alarm else "note")

    def static_html(self) -> str:
        title = f"<h3>{self.look.t('The elements explorer')}</h3>"
        if not self.unlocked:
            return title + self.result.value
        t = self.look.t
        facts = "".join(f"<li>{t(ELEMENTS[n])}: {esc(value_words(t, self.explorer.get(n)))}</li>" for n in ELEMENTS)
        return f"{title}<ul>{facts}</ul>{self.result.value}"


# ---- the branching walk ---------------------------------------------------------------

class WalkCard(Card):
    """Choices lead to nodes and to an ending, with a score."""

    label = "The walk"

    def __init__(self, page: Page):
        self.page, self.state, t = page, quiz.WalkState(page.scenario.walk), page.look.t
        self.step_html, self.node_html, self.choice_box = W.HTML(), W.HTML(), W.VBox()
        restart = W.Button(description=t("Start again"), icon="refresh")
        restart.on_click(self.restart)
        super().__init__(page.look, [W.HTML(f"<h3>{t('Walk through the case')}</h3>"), self.step_html, self.node_html,
                                     self.choice_box, restart])
        if (r := page.earlier.get("walk")) is not None:
            self.step_html.value = box(t("You finished this walk earlier: outcome {outcome}, {points} points. "
                                         "Start again to replay.").format(outcome=esc(r.get("answer")), points=esc(r.get("points"))))
        self.render()

    def restart(self, _=None) -> None:
        self.state.restart()
        self.step_html.value = ""
        self.render()

    def render(self) -> None:
        s, look, t = self.state, self.look, self.look.t
        end = s.ending
        ending = box(f"<b>{t('Outcome')}: {esc(t(end.outcome))}</b> · "
                     + t("score {score} of a possible {best}").format(score=s.score, best=s.best) + look.paras(end.feedback),
                     {"good": "good", "mixed": "note", "poor": "bad"}[end.outcome]) if end else ""
        self.node_html.value = look.paras(s.node.text) + ending
        buttons = []
        for i, c in enumerate(s.node.choices):
            b = W.Button(description=f"{i + 1}. {c.label}" + (f"  ({c.points:+d})" if self.page.trainer else ""),
                         layout=W.Layout(width="auto", height="auto"))
            b.add_class("tipsom-choice")
            b.on_click(lambda _, i=i: self.choose(i))
            buttons.append(b)
        self.choice_box.children = buttons

    def choose(self, index: int) -> None:
        if blocked := self.page.blocked():
            self.step_html.value = box(esc(blocked), "error")
            return
        s, t = self.state, self.look.t
        node = s.current
        step = s.choose(index)
        notes = [self.page.save_raw(f"walk/{node}", "walk-step", step.label, points=step.points)]
        if s.done:
            notes.append(self.page.save_raw("walk", "walk", s.ending.outcome, correct=s.ending.outcome == "good",
                                            points=s.score, path=[f"{st.node}:{st.choice}" for st in s.steps]))
        tone = "good" if step.points > 0 else "bad" if step.points < 0 else "note"
        chose = t("You chose: {choice} ({points} points)").format(choice=esc(step.label), points=f"{step.points:+d}")
        self.step_html.value = box(f"{chose}<br>{self.look.cite(step.feedback)}", tone) + "".join(dict.fromkeys(notes))
        self.render()

    def static_html(self) -> str:
        """Trainer: the whole walk as numbered sections with outcomes; participant: only where they stand."""
        look, t, nodes = self.look, self.look.t, self.state.walk.nodes
        if not self.page.trainer:
            choices = look.items([c.label for c in self.state.node.choices], "ol")
            return f"<h3>{t('Walk through the case')}</h3>{look.paras(self.state.node.text)}{choices}"
        number = {n.id: i + 1 for i, n in enumerate(nodes)}
        parts = []
        for n in nodes:
            body = look.paras(n.text)
            if n.ending:
                body += f"<p><i>{t('End')} ({esc(t(n.ending.outcome))}).</i> {look.cite(n.ending.feedback)}</p>"
            body += look.items([f"{c.label} ({c.points:+d}) \u2014 " + t("go to §{n}").format(n=number.get(c.goto, "?"))
                                for c in n.choices])
            parts.append(f"<p><b>§{number[n.id]}</b></p>{body}")
        return f"<h3>{t('Walk through the case')}</h3>" + "".join(parts)
