"""Thin ipywidgets front over quiz.py: the pages a notebook shows, one call per cell.

`scenario_page(...)`, `module_page(...)`, `start_page(...)` return a page whose methods
each return one section (a widget or static HTML). Every widget is a `Card`: it shows live
in JupyterLab and carries a `text/html` form for print and for a notebook opened without
a kernel. Participant mode grades only after a submission and never sends an answer to
the browser before; trainer mode shows keys, notes, debrief and how the room answered.
Interface strings go through `i18n` (`t(...)`); content comes localised from the curriculum.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import ipywidgets as W

from . import quiz
from .checks import CITATION
from .i18n import N_, direction, translator
from .models import Question, Scenario
from .responses import Recorder, ResponseError, room_summary, session_dir
from .views import view_for

MODES = ("participant", "trainer")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TONES = {"good": "#1b7f3b", "bad": "#b3261e", "note": "#5f6368", "trainer": "#9a6700", "error": "#b3261e"}
STYLE = ("<style>.tipsom .jupyter-widget-radio-box label,.tipsom .widget-radio-box label{height:auto;line-height:1.5;"
         "white-space:normal;margin-bottom:6px}.tipsom .jupyter-widget-checkbox,.tipsom .widget-checkbox{height:auto;"
         "width:auto}.tipsom .jupyter-widget-checkbox span,.tipsom .widget-checkbox span{white-space:normal;overflow:visible}"
         ".tipsom .tipsom-choice{white-space:normal;height:auto;text-align:start;padding:4px 10px;margin:2px 0}"
         ".tipsom-rtl{direction:rtl;line-height:2.2;font-family:'Noto Nastaliq Urdu','Jameel Noori Nastaleeq','Urdu Typesetting',"
         "'Noto Naskh Arabic',Amiri,var(--jp-ui-font-family)}.tipsom-rtl :is(p,li,h2,h3,summary,div){unicode-bidi:plaintext}"
         "</style>")


# Interface strings used inside f-strings, where pybabel (Python 3.11) cannot see them: listed
# here so `make messages` extracts them; `t(...)` looks them up by the same text.
F_STRINGS = (
    N_("Law"), N_("The answer"), N_("What the law says, step by step"), N_("Answer key (trainer)"),
    N_("The elements explorer: change a fact, watch what the law says"), N_("investigates"), N_("PTPA penalty range"),
    N_("PSMA penalty range"), N_("Changed from the case"), N_("Also consider"), N_("The elements explorer"),
    N_("Walk through the case"), N_("Outcome"), N_("End"), N_("correct"), N_("answered"), N_("How the room answered"),
    N_("Session folder"), N_("Trainer mode: answers are not recorded."), N_("Your answer was NOT saved."),
    N_("Saved."), N_("about {minutes} minutes"), N_("The case"), N_("Answer key"), N_("Trainer notes"),
    N_("Signs to draw out"), N_("Human rights"), N_("Gender"), N_("Debrief"), N_("Your code:"),
    N_("By the end you can"), N_("Key points"), N_("Discuss"), N_("Day {day}"), N_("After the session you can"),
    N_("How to use this workbook"), N_("Modules"), N_("Scenarios"),
)


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def box(inner: str, tone: str = "note") -> str:
    return (f'<div style="border-inline-start:4px solid {TONES[tone]};padding:4px 12px;margin:8px 0;line-height:1.45">'
            f"{inner}</div>")


def words(value: Any) -> str:
    """A fact's value in plain words: yes, no, none, 'compelled labour'."""
    if isinstance(value, list | tuple):
        return ", ".join(words(v) for v in value) or N_("none")
    if isinstance(value, bool) or value is None:
        return {True: N_("yes"), False: N_("no"), None: N_("none")}[value]
    return str(value).replace("_", " ")


class Look:
    """How a page speaks: interface strings in its language, citations named, reading direction."""

    def __init__(self, provs: dict, language: str = "en"):
        self.provs, self.language, self.t, self.dir = provs, language, translator(language), direction(language)

    def cite(self, text: str) -> str:
        """Escaped text; each [act/section] citation names its provision on hover."""
        def one(m):
            p = self.provs.get(m.group(1))
            title = f"{p.title} (section {p.section or '?'}, number {p.number_status})" if p else m.group(1)
            return f'<abbr title="{esc(title)}">[{esc(m.group(1))}]</abbr>'
        return CITATION.sub(one, esc(text))

    def paras(self, text: str) -> str:
        return "".join(f"<p>{self.cite(p.strip())}</p>" for p in str(text).split("\n\n") if p.strip())

    def items(self, lines, tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{self.cite(x)}</li>" for x in lines) + f"</{tag}>" if lines else ""

    def law(self, ids) -> str:
        refs = [f"{self.cite(f'[{pid}]')} {esc(self.provs[pid].title) if pid in self.provs else ''}" for pid in ids]
        return f"<p><small>{self.t('Law')}: " + "; ".join(refs) + "</small></p>" if refs else ""

    def feedback(self, fb: quiz.Feedback) -> str:
        t = self.t
        parts = [f"<b>{esc(t(fb.headline))}</b>"]
        if fb.correct is False and not (fb.missed or fb.wrong):  # indicators: each pick is explained below
            parts.append(f"<p>{t('The answer')}: <b>{self.cite(t(fb.answer))}</b></p>")
        parts += [f"<p>{self.cite(line)}</p>" for line in fb.lines]
        if fb.reasons:
            parts.append(f"<details><summary>{t('What the law says, step by step')}</summary>{self.items(fb.reasons)}</details>")
        tone = "note" if fb.correct is None else "good" if fb.correct else "bad"
        return box("".join(parts) + self.law(fb.provisions), tone)


class Static:
    """A block of static HTML: it prints, and shows without a kernel."""

    def __init__(self, html_text: str, look: Look | None = None):
        self.html = f'<div dir="{look.dir}" lang="{look.language}">{html_text}</div>' if look else html_text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return "tipsom section (static HTML)"


class Card(W.VBox):
    """A VBox of core controls with a `text/html` form next to the live widget."""

    label = "tipsom"

    def __init__(self, look: Look, children=(), **kwargs):
        self.look = look
        super().__init__([W.HTML(STYLE), *children], **kwargs)
        self.add_class("tipsom")
        if look.dir == "rtl":
            self.add_class("tipsom-rtl")

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, a short text label and the static HTML (not the children's long reprs)."""
        wrapped = f'<div class="tipsom" dir="{self.look.dir}" lang="{self.look.language}">{self.static_html()}</div>'
        return {"text/plain": self.label, "text/html": wrapped,
                WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": self._model_id}}


class SectionCard(Card):
    """Static HTML and, optionally, live cards below it."""

    def __init__(self, look: Look, html_text: str, cards=(), label: str = "tipsom"):
        self.html_text, self.cards, self.label = html_text, [c for c in cards if c is not None], label
        super().__init__(look, [W.HTML(html_text), *self.cards])

    def static_html(self) -> str:
        return self.html_text + "".join(c.static_html() for c in self.cards)


# ---- questions ----------------------------------------------------------------------

def key_html(look: Look, sc: Scenario, q: Question) -> str:
    """The trainer's answer key for one question."""
    t = look.t
    if q.kind == "classify":
        inner = f"<b>{esc(t(quiz.CLASS_LABELS[sc.answer.classification]))}</b>" + look.paras(sc.answer.explanation)
    elif q.kind == "investigates":
        inner = f"<b>{esc(t(quiz.INVESTIGATES_LABELS[quiz.investigates_key(sc.answer.agencies)]))}</b>"
        inner += look.law([p for p in quiz.cited(*quiz.assess(sc.facts).reasons) if p in sc.answer.provisions])
    elif q.kind == "open":
        inner = look.paras(q.model_answer or "")
    else:
        inner = look.items([f"{'✔' if o.correct else '✘'} {o.text} \u2014 {o.feedback}" for o in q.options])
    return box(f"<b>{t('Answer key (trainer)')}</b><br>{inner}", "trainer")


class QuestionCard(Card):
    """A prompt, a control, Submit, and the feedback: the base of every question widget."""

    def __init__(self, page: ScenarioPage, q: Question):
        self.page, self.q, self.given, t = page, q, None, page.look.t
        self.label = f"{q.kind}: {q.prompt}"
        self.control = self.make_control(t)
        self.submit_button = W.Button(description=t("Submit answer"), button_style="primary")
        self.feedback = W.HTML()
        key = key_html(page.look, page.scenario, q) if page.trainer else ""
        super().__init__(page.look, [W.HTML(f"<h3>{esc(q.prompt)}</h3>"), self.control, self.submit_button,
                                     self.feedback, W.HTML(key)])
        self.submit_button.on_click(self.submit)
        page.cards[q.id] = self
        if q.id in page.earlier:
            self.restore(page.earlier[q.id])

    def make_control(self, t) -> W.Widget:
        return W.RadioButtons(options=[(o.text, o.id) for o in self.q.options], value=None, layout=W.Layout(width="auto"))

    def answer(self) -> Any:
        return self.control.value

    def set_answer(self, value: Any) -> None:
        self.control.value = value

    def choices(self) -> list[str]:
        return [label for label, _ in self.control.options]

    def submit(self, _=None) -> None:
        answer, t = self.answer(), self.look.t
        if answer in (None, "", []) or (isinstance(answer, str) and not answer.strip()):
            self.feedback.value = box(t("Choose an answer first, then submit."))
            return
        if blocked := self.page.blocked():
            self.feedback.value = box(esc(blocked), "error")
            return
        fb = quiz.grade(self.page.scenario, self.q, answer)
        self.show(answer, fb, self.page.save(self.q, answer, fb))

    def show(self, answer: Any, fb: quiz.Feedback, note: str = "") -> None:
        self.given = (answer, fb)
        self.feedback.value = self.look.feedback(fb) + note
        self.page.notify(self.q.kind)

    def restore(self, record: dict) -> None:
        try:
            self.set_answer(record["answer"])
            fb = quiz.grade(self.page.scenario, self.q, record["answer"])
        except (KeyError, ValueError, quiz.QuizError):
            return  # the question changed since: leave it blank
        when = self.look.t("Your answer from {time}.").format(time=esc(str(record.get("time", "")).replace("T", " ")[:16]))
        self.show(record["answer"], fb, f"<p><small>{when}</small></p>")

    def static_html(self) -> str:
        marks = "".join(f"<li>○ {esc(c)}</li>" for c in self.choices())
        out = f"<h3>{esc(self.q.prompt)}</h3><ul style='list-style:none'>{marks}</ul>"
        out += self.look.feedback(self.given[1]) if self.given else ""
        return out + (key_html(self.look, self.page.scenario, self.q) if self.page.trainer else "")


class ClassifyCard(QuestionCard):
    def make_control(self, t):
        return W.RadioButtons(options=[(t(quiz.CLASS_LABELS[c]), c) for c in quiz.CLASSES], value=None,
                              layout=W.Layout(width="auto"))


class InvestigatesCard(QuestionCard):
    def make_control(self, t):
        return W.RadioButtons(options=[(t(v), k) for k, v in quiz.INVESTIGATES_LABELS.items()], value=None,
                              layout=W.Layout(width="auto"))


class IndicatorsCard(QuestionCard):
    def make_control(self, t):
        self.boxes = {o.id: W.Checkbox(value=False, description=o.text, indent=False, layout=W.Layout(width="auto"))
                      for o in self.q.options}
        return W.VBox(list(self.boxes.values()))

    def answer(self):
        return [oid for oid, b in self.boxes.items() if b.value]

    def set_answer(self, value):
        for oid, b in self.boxes.items():
            b.value = oid in value

    def choices(self):
        return [o.text for o in self.q.options]


class OpenCard(QuestionCard):
    def make_control(self, t):
        return W.Textarea(placeholder=t("Your answer"), layout=W.Layout(width="100%", height="6em"))

    def choices(self):
        return []


CARDS = {"classify": ClassifyCard, "investigates": InvestigatesCard, "indicators": IndicatorsCard,
         "response": QuestionCard, "open": OpenCard}


# ---- the elements explorer ------------------------------------------------------------

ELEMENTS = {"acts": N_("Act"), "means": N_("Means"), "purposes": N_("Purpose"), "aggravating": N_("Aggravating"),
            "age": N_("Age"), "gender": N_("Gender"), "trafficking_movement": N_("Victim moved"),
            "direction": N_("Border crossing"), "attempt": N_("Only attempted"), "consent": N_("Consent given"),
            "irregular": N_("Crossing irregular"), "facilitator_benefit": N_("Paid for / benefit")}


class ExplorerCard(Card):
    """Toggle the elements of the case and watch the engine's assessment change."""

    label = "The elements explorer"

    def __init__(self, look: Look, facts, locked_until: ScenarioPage | None = None):
        self.explorer, self.controls, self._quiet = quiz.Explorer(facts), {}, False
        self.result, self.body = W.HTML(), W.VBox()
        super().__init__(look, [W.HTML(f"<h3>{look.t('The elements explorer: change a fact, watch what the law says')}</h3>"),
                                self.body, self.result])
        if locked_until is not None and not locked_until.unlocked():
            self.result.value = box(look.t("Submit your answer to the classify question first; then explore what changes it."))
            locked_until.listeners.append(self.unlock)
        else:
            self.unlock()

    def unlock(self) -> None:
        if self.controls:
            return
        ex, t, auto = self.explorer, self.look.t, W.Layout(width="auto")
        for name, values in quiz.LISTS.items():
            self.controls[name] = [W.ToggleButton(value=v in ex.get(name), description=t(words(v)), layout=auto) for v in values]
        self.controls["age"] = W.IntSlider(value=ex.get("age"), min=0, max=80, continuous_update=False)
        for name, values in quiz.CHOICES.items():
            self.controls[name] = W.Dropdown(options=[(t(words(v)), v) for v in values], value=ex.get(name), layout=auto)
        for name in quiz.FLAGS:
            self.controls[name] = W.Checkbox(value=ex.get(name), indent=False, layout=auto)
        for name, ctl in self.controls.items():
            for c in ctl if isinstance(ctl, list) else [ctl]:
                c.observe(lambda _, n=name: self.changed(n), "value")
        reset = W.Button(description=t("Back to the case"), icon="undo")
        reset.on_click(self.reset)
        label = W.Layout(width="150px", flex="0 0 auto")
        self.body.children = [W.HBox([W.HTML(f"<b>{t(ELEMENTS[n])}</b>", layout=label), *(c if isinstance(c, list) else [c])],
                                     layout=W.Layout(flex_flow="row wrap")) for n, c in self.controls.items()] + [reset]
        self.render()

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
                f"<br><small>{t('PTPA penalty range')}: {esc(t(words(a.ptpa_penalty)))}; "
                f"{t('PSMA penalty range')}: {esc(t(words(a.psma_penalty)))}</small>")
        changed = "; ".join(f"{t(ELEMENTS[n])}: {t(words(was))} → {t(words(now))}" for n, was, now in self.explorer.changes())
        more = f"<p><small>{t('Changed from the case')}: {esc(changed)}</small></p>" if changed else ""
        also = f"<p><small>{t('Also consider')}: {esc(', '.join(a.also_consider))}</small></p>" if a.also_consider else ""
        self.result.value = box(head + look.items(a.reasons) + more + also, "bad" if a.trafficking or a.smuggling else "note")

    def static_html(self) -> str:
        title = f"<h3>{self.look.t('The elements explorer')}</h3>"
        if not self.controls:
            return title + self.result.value
        t = self.look.t
        facts = "".join(f"<li>{t(ELEMENTS[n])}: {esc(t(words(self.explorer.get(n))))}</li>" for n in ELEMENTS)
        return f"{title}<ul>{facts}</ul>{self.result.value}"


# ---- the branching walk ---------------------------------------------------------------

class WalkCard(Card):
    """Choices lead to nodes and to an ending, with a score."""

    label = "The walk"

    def __init__(self, page: ScenarioPage):
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


# ---- pages ----------------------------------------------------------------------------

class PageError(Exception):
    """A notebook parameter or the content is wrong: shown as one message, no traceback."""


def find_root(root: str | Path = "") -> Path:
    """The project folder: `root`, else $TIPSOM_ROOT, else the nearest folder up holding curriculum/."""
    if root or os.environ.get("TIPSOM_ROOT"):
        path = Path(root or os.environ["TIPSOM_ROOT"])
        if (path / "curriculum").is_dir():
            return path
        raise PageError(f"No curriculum/ folder in {path.resolve()}: check the notebook's `root` parameter.")
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "curriculum" / "audiences.yaml").is_file():
            return folder
    raise PageError("Cannot find the project's curriculum/ folder: set the notebook's `root` parameter.")


_LOADED: dict[Path, tuple[tuple, Any]] = {}


def _curriculum(root: Path):
    """The curriculum under `root`, loaded again only when a content file changed."""
    from .content import load_curriculum

    root = root.resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                         for folder in ("curriculum", "scenarios") for p in (root / folder).rglob("*.yaml")))
    if root not in _LOADED or _LOADED[root][0] != stamp:
        _LOADED[root] = (stamp, load_curriculum(root))
    return _LOADED[root][1]


def _open(root, audience: str, mode: str, language: str):
    from .errors import ContentError
    from .translations import LANGUAGES

    if mode not in MODES:
        raise PageError(f"mode must be 'participant' or 'trainer', not {mode!r}.")
    if language not in ("en", *LANGUAGES):
        raise PageError(f"language must be one of en, {', '.join(LANGUAGES)}; not {language!r}.")
    try:
        cur = _curriculum(find_root(root))
    except ContentError as err:
        raise PageError("The content has problems; run `tipsom check`:\n" + "\n".join(map(str, err.problems[:10]))) from None
    if audience not in cur.audiences:
        raise PageError(f"{audience!r} is not an audience; use one of {', '.join(cur.audiences)}.")
    return cur, cur.audiences[audience], Look(cur.provisions, language)


class ErrorPage:
    """Stands in for a page that could not open: the first section shows why, the rest nothing."""

    def __init__(self, message: str):
        self.message, self.shown = message, False

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def section(*_, **__):
            if self.shown:
                return None
            self.shown = True
            return Static(box("<b>This page cannot open.</b><pre style='white-space:pre-wrap'>" + esc(self.message) + "</pre>", "error"))
        return section


class ScenarioPage:
    """One scenario for one audience in one mode; each method returns one section, in notebook order."""

    def __init__(self, cur, audience, scenario: Scenario, mode: str, look: Look, folder: Path, participant: str):
        self.cur, self.audience, self.mode, self.folder, self.look = cur, audience, mode, folder, look
        self.scenario = cur.localise(scenario, look.language)
        self.trainer = mode == "trainer"
        self.view = view_for(self.scenario, audience, mode, look.language)
        self.questions = [quiz.question(self.scenario, q["id"]) for q in self.view.get("questions", [])]
        self.cards: dict[str, QuestionCard] = {}
        self.listeners: list = []
        self.submitted: set[str] = set()
        self.recorder = Recorder(folder, audience.id)
        self.earlier: dict[str, dict] = {}
        self.start_note = self.start(participant) if participant and not self.trainer else ""

    def start(self, code: str) -> str:
        """Set the participant code; restore earlier answers; return a message (HTML)."""
        t = self.look.t
        try:
            self.recorder.start(code)
        except ResponseError as err:
            return box(esc(err), "error")
        self.earlier = self.recorder.earlier(self.scenario.id)
        for qid, card in self.cards.items():
            if qid in self.earlier:
                card.restore(self.earlier[qid])
        if self.unlocked():
            for unlock in self.listeners:
                unlock()
        back = " " + t("{n} earlier answer(s) are shown below.").format(n=len(self.earlier)) if self.earlier else ""
        return box(t("Saving your answers as {code} in {folder}.").format(
            code=f"<b>{esc(self.recorder.participant)}</b>", folder=esc(self.folder)) + back, "good")

    def blocked(self) -> str | None:
        if self.trainer or self.recorder.participant:
            return None
        return self.look.t("Enter your participant code at the top of the page and press Start; then submit.")

    def save(self, q: Question, answer: Any, fb: quiz.Feedback) -> str:
        return self.save_raw(q.id, q.kind, answer, correct=fb.correct, score=fb.score)

    def save_raw(self, qid: str, kind: str, answer: Any, **extra: Any) -> str:
        t = self.look.t
        if self.trainer:
            return f"<p><small>{t('Trainer mode: answers are not recorded.')}</small></p>"
        try:
            self.recorder.submit(self.scenario.id, qid, kind, answer, language=self.look.language, **extra)
        except ResponseError as err:
            return box(f"<b>{t('Your answer was NOT saved.')}</b> " + esc(err), "error")
        return f"<p><small>{t('Saved.')}</small></p>"

    def notify(self, kind: str) -> None:
        self.submitted.add(kind)
        if kind == "classify":
            for unlock in self.listeners:
                unlock()

    def unlocked(self) -> bool:
        return self.trainer or "classify" in self.submitted or any(r.get("kind") == "classify" for r in self.earlier.values())

    def header(self) -> Card:
        sc, t = self.scenario, self.look.t
        place = sc.setting.place + (f", {sc.setting.region.title()}" if sc.setting.region != "abroad" else "")
        law = t("applies the law as enacted in 2018") if sc.law_version == "as_enacted_2018" else t("applies the law as amended in 2025")
        head = (f"<h2>{esc(self.view.get('title', sc.title))}</h2><p>{esc(place)} · "
                f"{t('about {minutes} minutes').format(minutes=sc.minutes)} · {esc(self.audience.name)} · {law}</p>")
        if self.trainer:
            note = t("Trainer mode: answer keys, notes, debrief and the room view are shown. Session folder: {folder}")
            return SectionCard(self.look, head + box(note.format(folder=esc(self.folder)), "trainer"), label=sc.title)
        return ParticipantCard(self, head)

    def narrative(self) -> Static:
        return Static(f"<h3>{self.look.t('The case')}</h3>" + self.look.paras(self.view.get("narrative", "")), self.look)

    def question(self, kind: str) -> Card | None:
        cards = [CARDS[q.kind](self, q) for q in self.questions if q.kind == kind]
        return (cards[0] if len(cards) == 1 else SectionCard(self.look, "", cards, label=kind)) if cards else None

    def classify(self):
        return self.question("classify")

    def investigates(self):
        return self.question("investigates")

    def indicators(self):
        return self.question("indicators")

    def response(self):
        return self.question("response")

    def open_questions(self):
        return self.question("open")

    def explorer(self) -> ExplorerCard:
        return ExplorerCard(self.look, self.scenario.facts, locked_until=self)

    def walk(self) -> WalkCard | None:
        return WalkCard(self) if self.scenario.walk is not None else None

    def notes(self) -> Card | Static | None:
        """Trainer: the answer key, notes, debrief and the room; participant: what the edition shows."""
        sc, look, t = self.scenario, self.look, self.look.t
        if not self.trainer:
            shown = [(k, h) for k, h in (("human_rights_notes", "Human rights"), ("gender_notes", "Gender")) if self.view.get(k)]
            return Static("".join(f"<h3>{t(h)}</h3>{look.paras(self.view[k])}" for k, h in shown), look) if shown else None
        a = sc.answer
        agencies = ", ".join(t(quiz.AGENCY_LABELS[x]) for x in a.agencies) or t("none")
        key = (f"<h3>{t('Answer key')}</h3><p><b>{esc(t(quiz.CLASS_LABELS[a.classification]))}</b> · {t('investigates')}: "
               f"{esc(agencies)} · {t('PTPA penalty range')}: {esc(t(words(a.ptpa_penalty)))} · {t('PSMA penalty range')}: "
               f"{esc(t(words(a.psma_penalty)))}</p>{look.paras(a.explanation)}{look.law(a.provisions)}")
        notes = (f"<h3>{t('Trainer notes')}</h3>{look.paras(sc.trainer_notes)}<h3>{t('Signs to draw out')}</h3>{look.items(sc.indicators)}"
                 f"<h3>{t('Human rights')}</h3>{look.paras(sc.human_rights_notes)}<h3>{t('Gender')}</h3>{look.paras(sc.gender_notes)}"
                 f"<h3>{t('Debrief')}</h3>{look.items(sc.debrief, 'ol')}")
        room = RoomCard(look, self.folder, self.cur.scenarios, only=sc.id)
        return SectionCard(look, box(key + notes, "trainer"), [room], label="Trainer notes")


class ParticipantCard(Card):
    """The page header in participant mode: the code box that saves and restores answers."""

    def __init__(self, page: ScenarioPage, head: str):
        self.page, self.head, t = page, head, page.look.t
        self.code = W.Text(placeholder="P07", description=t("Your code:"), value=page.recorder.participant or "")
        self.go = W.Button(description=t("Start"), button_style="primary")
        self.message = W.HTML(page.start_note or box(t("Enter the code your trainer gave you (no name needed) and press "
                                                       "Start. Your answers are saved as you submit them.")))
        self.go.on_click(self.start)
        super().__init__(page.look, [W.HTML(head), W.HBox([self.code, self.go]), self.message])

    def start(self, _=None) -> None:
        self.message.value = self.page.start(self.code.value)

    def static_html(self) -> str:
        return self.head + f"<p>{self.look.t('Your code:')} {esc(self.page.recorder.participant or '________')}</p>"


def markdown(text: str) -> str:
    """Module bodies are Markdown (with tables), cleaned of anything but plain markup."""
    import nh3
    from markdown_it import MarkdownIt

    return nh3.clean(MarkdownIt("commonmark").enable("table").render(text))


class ModulePage:
    """One module for one audience: its content, an explorer from a blank case, trainer notes."""

    def __init__(self, cur, audience, module, mode: str, look: Look):
        self.cur, self.audience, self.trainer, self.look = cur, audience, mode == "trainer", look
        self.module = cur.localise(module, look.language)
        self.view = view_for(self.module, audience, mode, look.language)

    def content(self) -> Static:
        v, look, t = self.view, self.look, self.look.t
        body = CITATION.sub(lambda m: look.cite(m.group(0)), markdown(v["body"]))
        return Static(f"<h2>{esc(v['title'])}</h2><p>{t('about {minutes} minutes').format(minutes=v['minutes'])} · "
                      f"{esc(self.audience.name)}</p><h3>{t('By the end you can')}</h3>{look.items(v['objectives'])}"
                      f"<h3>{t('Key points')}</h3>{look.items(v['key_points'])}{body}"
                      f"<h3>{t('Discuss')}</h3>{look.items(v['discussion_questions'], 'ol')}{look.law(v['provisions'])}", look)

    def explorer(self) -> ExplorerCard:
        return ExplorerCard(self.look, quiz.NEUTRAL)

    def notes(self) -> Static | None:
        if not self.trainer:
            return None
        return Static(box(f"<h3>{self.look.t('Trainer notes')}</h3>" + self.look.paras(self.module.trainer_notes), "trainer"), self.look)


HOW_TO = [N_("Open a scenario notebook and choose Run ▸ Run All Cells."),
          N_("Enter the code your trainer gave you and press Start (no name needed)."),
          N_("Read the case, answer each question and press Submit answer: feedback appears at once."),
          N_("Your answers are saved as you submit them; if you close the notebook, open it again and press Start."),
          N_("After classifying, use the elements explorer: change a fact and watch what the law says.")]


class StartPage:
    """The programme of an audience, how to use the workbook, and links to every notebook."""

    def __init__(self, cur, audience, mode: str, look: Look, folder: Path):
        self.cur, self.audience, self.trainer, self.look, self.folder = cur, audience, mode == "trainer", look, folder

    def programme(self) -> Static:
        prog, aud, t = self.cur.programme, self.audience, self.look.t
        out = f"<h2>{esc(prog.title)}</h2><p>{esc(prog.place)} · {esc(aud.name)}</p>"
        for day in (d for d in prog.days if aud.id in d.audiences):
            rows = "".join(f"<tr><td>{esc(s.start)}</td><td>{esc(s.title)}</td><td>{s.minutes}</td></tr>" for s in day.sessions)
            out += f"<h3>{t('Day {day}').format(day=day.day)}: {esc(day.title)}</h3><table>{rows}</table>"
        return Static(out + f"<h3>{t('After the session you can')}</h3>" + self.look.items(aud.after_the_session), self.look)

    def contents(self) -> Static:
        from .workbooks import for_audience, notebook_name

        modules, scenarios = for_audience(self.cur, self.audience, self.look.language)
        t = self.look.t
        links = {kind: "".join(f'<li><a href="{notebook_name(kind, x.id)}">{esc(self.cur.localise(x, self.look.language).title)}</a></li>'
                               for x in found) for kind, found in (("module", modules), ("scenario", scenarios))}
        return Static(f"<h3>{t('How to use this workbook')}</h3><ol>" + "".join(f"<li>{t(h)}</li>" for h in HOW_TO) + "</ol>"
                      f"<h3>{t('Modules')}</h3><ul>{links['module']}</ul><h3>{t('Scenarios')}</h3><ul>{links['scenario']}</ul>", self.look)

    def room(self) -> RoomCard | None:
        return RoomCard(self.look, self.folder, self.cur.scenarios) if self.trainer else None


def _guard(build):
    try:
        return build()
    except (PageError, ResponseError) as err:
        return ErrorPage(str(err))


def scenario_page(scenario: str = "", audience: str = "police", language: str = "en", mode: str = "participant",
                  participant: str = "", session: str = "", sessions_root: str = "sessions", root: str = ""):
    """The page of one scenario; `scenario` "" opens the audience's first scenario."""
    def build():
        from .workbooks import for_audience

        cur, aud, look = _open(root, audience, mode, language)
        ids = [s.id for s in for_audience(cur, aud, language)[1]]
        sid = scenario or (ids[0] if ids else "")
        if sid not in ids:
            raise PageError(f"No scenario {sid!r} for {aud.name} in {language}; choose one of: {', '.join(ids) or 'none yet'}.")
        return ScenarioPage(cur, aud, cur.scenarios[sid], mode, look, session_dir(sessions_root, session), participant)
    return _guard(build)


def module_page(module: str = "", audience: str = "police", language: str = "en", mode: str = "participant", root: str = ""):
    """The page of one module; `module` "" opens the audience's first module."""
    def build():
        from .workbooks import for_audience

        cur, aud, look = _open(root, audience, mode, language)
        ids = [m.id for m in for_audience(cur, aud, language)[0]]
        mid = module or (ids[0] if ids else "")
        if mid not in ids:
            raise PageError(f"No module {mid!r} for {aud.name} in {language}; choose one of: {', '.join(ids) or 'none yet'}.")
        return ModulePage(cur, aud, cur.modules[mid], mode, look)
    return _guard(build)


def start_page(audience: str = "police", language: str = "en", mode: str = "participant", session: str = "",
               sessions_root: str = "sessions", root: str = ""):
    """The start page of an audience's workbook."""
    def build():
        cur, aud, look = _open(root, audience, mode, language)
        return StartPage(cur, aud, mode, look, session_dir(sessions_root, session))
    return _guard(build)
