"""The two widgets that work a whole case: the elements explorer and the branching walk.

Both are thin fronts over quiz.py (the engine answers; a widget only shows).
"""

from __future__ import annotations

import ipywidgets as W

from .. import quiz
from ..i18n import N_
from .cards import Card, Look, Page, box, esc, words

# ---- the elements explorer ------------------------------------------------------------

ELEMENTS = {"acts": N_("Act"), "means": N_("Means"), "purposes": N_("Purpose"), "aggravating": N_("Aggravating"),
            "age": N_("Age"), "gender": N_("Gender"), "trafficking_movement": N_("Victim moved"),
            "direction": N_("Border crossing"), "attempt": N_("Only attempted"), "consent": N_("Consent given"),
            "irregular": N_("Crossing irregular"), "facilitator_benefit": N_("Paid for / benefit"),
            "exploitation_benefit": N_("Only gain: the exploitation")}
VALUES = {"recruit": N_("recruit"), "harbour": N_("harbour"), "transport": N_("transport"), "provide": N_("provide"),
          "obtain": N_("obtain"), "force": N_("force"), "fraud": N_("fraud"), "coercion": N_("coercion"),
          "compelled_labour": N_("compelled labour"), "commercial_sex": N_("commercial sex"),
          "organ_removal": N_("organ removal"), "forced_marriage": N_("forced marriage"), "forced_begging": N_("forced begging"),
          "serious_injury_or_death": N_("serious injury or death"), "organised_group": N_("organised group"),
          "documents_taken": N_("documents taken"), "repeat_offence": N_("repeat offence"),
          "life_endangered": N_("life endangered"), "inhuman_treatment": N_("inhuman treatment"), "female": N_("female"),
          "male": N_("male"), "transgender": N_("transgender"), "none": N_("none"), "within_pakistan": N_("within Pakistan"),
          "into_pakistan": N_("into Pakistan"), "out_of_pakistan": N_("out of Pakistan"), "basic": N_("basic"),
          "aggravated": N_("aggravated"), "woman_or_child": N_("woman or child")}


def value_words(t, value) -> str:
    """A fact's value as the explorer shows it, in the page's language."""
    if isinstance(value, list | tuple):
        return ", ".join(value_words(t, v) for v in value) or t("none")
    return t(VALUES[value]) if isinstance(value, str) and value in VALUES else t(words(value))


class ExplorerCard(Card):
    """Toggle the elements of the case and watch the engine's assessment change."""

    label = "The elements explorer"

    def __init__(self, look: Look, facts, locked_until: Page | None = None):
        self.explorer, self.controls, self._quiet, self.unlocked = quiz.Explorer(facts), {}, False, False
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
        a, t, look = self.explorer.assessment, self.look.t, self.look
        agencies = ", ".join(t(quiz.AGENCY_LABELS[x]) for x in a.agencies) or t("no agency under the PTPA or the PSMA")
        head = (f"<b>{esc(t(quiz.CLASS_LABELS[a.classification]))}</b> &nbsp;·&nbsp; {t('investigates')}: <b>{esc(agencies)}</b>"
                f"<br><small>{t('PTPA penalty range')}: {esc(value_words(t, a.ptpa_penalty))}; "
                f"{t('PSMA penalty range')}: {esc(value_words(t, a.psma_penalty))}</small>")
        changed = "; ".join(f"{t(ELEMENTS[n])}: {value_words(t, was)} → {value_words(t, now)}" for n, was, now in self.explorer.changes())
        more = f"<p><small>{t('Changed from the case')}: {esc(changed)}</small></p>" if changed else ""
        also = f"<p><small>{t('Also consider')}: {esc(', '.join(a.also_consider))}</small></p>" if a.also_consider else ""
        open_ = (f"<p><small>{t('Open points: decided here by a reading, not settled law')}:</small></p>"
                 + look.items([u.reason for u in a.unsettled])) if a.unsettled else ""
        self.result.value = box(head + look.items(a.reasons) + open_ + more + also,
                                "bad" if a.trafficking or a.smuggling else "note")

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
