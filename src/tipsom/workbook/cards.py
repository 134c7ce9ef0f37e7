"""Thin ipywidgets cards over quiz.py: the look, the card base and one card per question kind.

Every widget is a `Card`: it shows live in JupyterLab and carries a `text/html` form for
print and for a notebook opened without a kernel. Participant mode grades only after a
submission and never sends an answer to the browser before; trainer mode shows keys.
The explorer and walk are in explorer.py, the room view in room_view.py, the pages in pages.py.
Interface strings go through `i18n` (`t(...)`); content comes localised from the curriculum.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Protocol

import ipywidgets as W

from .. import quiz
from ..content.checks import CITATION
from ..content.markdown import to_html
from ..content.models import Question, Scenario
from ..i18n import N_, direction, translator
from ..page import choices

MODES = ("participant", "trainer")


class Page(Protocol):
    """What a card asks of the scenario page that holds it (`pages.ScenarioPage`)."""

    look: Look
    scenario: Scenario
    trainer: bool
    cards: dict[str, Any]
    earlier: dict[str, Any]
    listeners: list[Any]
    finish_listeners: list[Any]

    def blocked(self) -> str | None: ...
    def unlocked(self) -> bool: ...
    def agencies_known(self) -> bool: ...
    def finished(self) -> bool: ...
    def save(self, q: Question, answer: Any, fb: quiz.Feedback) -> str: ...
    def save_raw(self, qid: str, kind: str, answer: Any, **extra: Any) -> str: ...
    def notify(self, kind: str) -> None: ...
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TONES = {"good": "#1b7f3b", "bad": "#b3261e", "note": "#5f6368", "trainer": "#9a6700", "error": "#b3261e"}
# Options wrap beside their button (a flex row: the button first, on the right in Urdu), not under it
STYLE = ("<style>.tipsom .jupyter-widget-radio-box label,.tipsom .widget-radio-box label,.tipsom .widget-checkbox label"
         "{display:flex;align-items:baseline;gap:.6em;height:auto;line-height:1.5;white-space:normal;margin-bottom:6px;"
         "text-align:start}.tipsom .widget-radio-box input,.tipsom .widget-checkbox input{float:none;flex:0 0 auto;margin:0;"
         "order:-1}.tipsom-rtl :is(button,select,input,textarea){font-family:inherit;height:auto;line-height:1.9}"
         ".tipsom .jupyter-widget-checkbox,.tipsom .widget-checkbox{height:auto;"
         "width:auto}.tipsom .jupyter-widget-checkbox span,.tipsom .widget-checkbox span{white-space:normal;overflow:visible}"
         ".tipsom .tipsom-code input{font-size:1.2em;border:2px solid #1976d2}.tipsom .tipsom-code input::placeholder"
         "{font-style:italic;color:#888}"
         ".tipsom .tipsom-choice{white-space:normal;height:auto;text-align:start;padding:4px 10px;margin:2px 0}"
         "@font-face{font-family:'Noto Nastaliq Urdu';src:local('Noto Nastaliq Urdu'),"
         "url('/files/fonts/NotoNastaliqUrdu-Regular.ttf') format('truetype')}"
         ".tipsom-rtl{direction:rtl;line-height:2.2;font-family:'Noto Nastaliq Urdu','Jameel Noori Nastaleeq','Urdu Typesetting',"
         "'Noto Naskh Arabic',Amiri,var(--jp-ui-font-family)}.tipsom-rtl :is(p,li,h2,h3,summary,div){unicode-bidi:plaintext}"
         ".tipsom .jupyter-button.mod-active,.tipsom .widget-toggle-button.mod-active{background:#1a4e8a;color:#fff;"
         "font-weight:600;box-shadow:inset 0 0 0 2px #0d2c52}"  # the explorer's chosen facts stand out on a projector
         "</style>")


# Interface strings used inside f-strings, where pybabel (Python 3.11) cannot see them: listed
# here so `make messages` extracts them; `t(...)` looks them up by the same text.
F_STRINGS = (
    N_("Law"), N_("The answer"), N_("What the law says, step by step"), N_("Answer key (trainer)"),
    N_("The elements explorer: change a fact, watch what the law says"), N_("investigates"), N_("PTPA penalty range"),
    N_("PSMA penalty range"), N_("Changed from the case"), N_("Also consider"), N_("The elements explorer"),
    N_("Open points: decided here by a reading, not settled law"),
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


class Look:
    """How a page speaks: interface strings in its language, citations named, reading direction;
    content Markdown with the images shipped under `root`."""

    def __init__(self, provs: dict, language: str = "en", root: Path | None = None):
        self.provs, self.language, self.t, self.dir = provs, language, translator(language), direction(language)
        self.root = root

    def cite(self, text: str) -> str:
        """Escaped text; each [act/section] citation names its provision on hover."""
        def one(m):
            p = self.provs.get(m.group(1))
            title = f"{p.title} (section {p.section or '?'}, number {p.number_status})" if p else m.group(1)
            return f'<abbr title="{esc(title)}">[{esc(m.group(1))}]</abbr>'
        return CITATION.sub(one, esc(text))

    def markdown(self, text: str) -> str:
        """Content Markdown as print shows it (`content.markdown`), each citation named on hover."""
        compact = re.sub(r">\n(?=<|$)", ">", to_html(text, self.root))  # as paras() writes it: no newline between blocks
        parts = re.split(r"(<[^>]*>)", compact)
        return "".join(p if p.startswith("<") else self.cite(html.unescape(p)) for p in parts)  # escaped as esc() does

    def paras(self, text: str) -> str:
        return "".join(f"<p>{self.cite(p.strip())}</p>" for p in str(text).split("\n\n") if p.strip())

    def items(self, lines, tag: str = "ul") -> str:
        return f"<{tag}>" + "".join(f"<li>{self.cite(x)}</li>" for x in lines) + f"</{tag}>" if lines else ""

    def law(self, ids) -> str:
        refs = [f"{self.cite(f'[{pid}]')} {esc(self.provs[pid].title) if pid in self.provs else ''}" for pid in ids]
        return f"<p><small>{self.t('Law')}: " + "; ".join(refs) + "</small></p>" if refs else ""

    def feedback(self, fb: quiz.Feedback) -> str:
        t = self.t
        parts = [f"<b>{esc(quiz.say(t, fb.headline))}</b>"]
        if fb.correct is False and not (fb.missed or fb.wrong):  # indicators: each pick is explained below
            parts.append(f"<p>{t('The answer')}: <b>{self.cite(t(fb.answer))}</b></p>")
        parts += [f"<p>{self.cite(line.say(t) if isinstance(line, quiz.Phrase) else line)}</p>" for line in fb.lines]
        if fb.reasons:
            parts.append(f"<details><summary>{t('What the law says, step by step')}</summary>{self.items(fb.reasons)}</details>")
        tone = "note" if fb.correct is None else "good" if fb.correct else "bad"
        return box("".join(parts) + self.law(fb.provisions), tone)


class Static:
    """A block of static HTML: it prints, and shows without a kernel."""

    def __init__(self, html_text: str, look: Look | None = None):
        if look is None:
            self.html = html_text
        else:  # right-to-left text needs the Nastaliq font and line height of the cards
            rtl = look.dir == "rtl"
            self.html = (f'{STYLE if rtl else ""}<div class="tipsom{" tipsom-rtl" if rtl else ""}" dir="{look.dir}" '
                         f'lang="{look.language}">{html_text}</div>')

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
        inner = look.items([f"{'✔' if o.correct else '✘'} {o.text} \u2014 {o.feedback}" for o in quiz.ordered(sc.id, q)])
    return box(f"<b>{t('Answer key (trainer)')}</b><br>{inner}", "trainer")


class QuestionCard(Card):
    """A prompt, a control, Submit, and the feedback: the base of every question widget."""

    def __init__(self, page: Page, q: Question):
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
        """One radio button per choice of the page model, in its order (`page.choices`)."""
        return W.RadioButtons(options=[(c.label, c.key) for c in choices(self.page.scenario, self.q, t)], value=None,
                              layout=W.Layout(width="auto"))

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
        """Show an earlier submission: what still fits the question as it is now; say what does not."""
        t, time = self.look.t, esc(str(record.get("time", "")).replace("T", " ")[:16])
        answer, whole = quiz.fitting(self.q, record.get("answer"))
        if answer is None:
            self.feedback.value = box(t("Your earlier answer ({time}) no longer fits this question, which has "
                                        "changed since. Please answer it again.").format(time=time))
            return
        self.set_answer(answer)
        if not whole:
            self.feedback.value = box(t("Part of your earlier answer ({time}) no longer fits this question, which "
                                        "has changed since. What still fits is ticked: check it and submit again.").format(time=time))
            return
        when = t("Your answer from {time}.").format(time=time)
        self.show(answer, quiz.grade(self.page.scenario, self.q, answer), f"<p><small>{when}</small></p>")

    def static_html(self) -> str:
        marks = "".join(f"<li>○ {esc(c)}</li>" for c in self.choices())
        out = f"<h3>{esc(self.q.prompt)}</h3><ul style='list-style:none'>{marks}</ul>"
        out += self.look.feedback(self.given[1]) if self.given else ""
        return out + (key_html(self.look, self.page.scenario, self.q) if self.page.trainer else "")


class IndicatorsCard(QuestionCard):
    def make_control(self, t):
        self.boxes = {c.key: W.Checkbox(value=False, description=c.label, indent=False, layout=W.Layout(width="auto"))
                      for c in choices(self.page.scenario, self.q, t)}
        return W.VBox(list(self.boxes.values()))

    def answer(self):
        return [o.id for o in self.q.options if self.boxes[o.id].value]  # recorded in the content's order, shown shuffled

    def set_answer(self, value):
        for oid, b in self.boxes.items():
            b.value = oid in value

    def choices(self):
        return [b.description for b in self.boxes.values()]


class OpenCard(QuestionCard):
    def make_control(self, t):
        return W.Textarea(placeholder=t("Your answer"), layout=W.Layout(width="100%", height="6em"))

    def choices(self):
        return []


CARDS = {"classify": QuestionCard, "investigates": QuestionCard, "indicators": IndicatorsCard,
         "response": QuestionCard, "open": OpenCard}


class SummaryCard(Card):
    """The whole case (the key's explanation, every step of the law, the open points), shown at
    the end: once every graded question of the page has an answer."""

    label = "The whole case"

    def __init__(self, page: Page):
        self.page, self.body = page, W.HTML()
        super().__init__(page.look, [self.body])
        page.finish_listeners.append(self.reveal)
        if page.finished():
            self.reveal()
        else:
            self.body.value = box(page.look.t("Answer the questions above to see the whole case explained."))

    def reveal(self) -> None:
        self.body.value = self.page.look.feedback(quiz.summary(self.page.scenario, self.page.look.t))

    def static_html(self) -> str:
        return self.body.value
