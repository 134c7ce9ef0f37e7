"""The room's pages of the kit: the knowledge test and the evaluation form, in a notebook.

`test_page(audience, phase)` and `evaluation_page(audience)` return a page whose methods
each give one section (`header`, `questions`, `hand_in`). The test shows the form the
participant takes in this phase (`form`, or from the code: the session's attendance list
splits each audience A→B / B→A, `scores.assigned_forms`; a code not on it by a hash); its
questions appear once the code is given. Answers are saved through the
workbook's `Recorder`, like scenario answers, so the room's server path applies. The test
shows no right answers: the trainer discusses them after the post-test.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as W

from ..i18n import N_
from ..workbook.answers import Recorder, ResponseError, session_dir
from ..workbook.cards import box, esc
from ..workbook.pages import PageError, _guard, _open
from .errors import KitError
from .order import lettered
from .roster import attendance_path, read_attendance
from .scores import EVALUATION, FORMS, PHASES, assigned_forms, form_by_code, right, test_scenario

STRINGS = [N_("Hand in"), N_("Handed in: {n} of {total} answered. Thank you."), N_("Your code:"), N_("Start"), N_("Form")]


class KitPage:
    """The code box and the hand-in button shared by the test and the evaluation."""

    def __init__(self, look, audience, folder: Path, participant: str):
        self.look, self.audience, self.t = look, audience, look.t
        self.recorder = Recorder(folder, audience.id)
        self.code = W.Text(value=participant, placeholder="P07", description=self.t("Your code:"))
        self.message = W.HTML()
        self.result = W.HTML()
        if participant:
            self.start()

    def start(self, _=None) -> bool:
        try:
            self.recorder.start(self.code.value)
        except ResponseError as err:
            self.message.value = box(esc(err), "error")
            return False
        self.message.value = box(self.t("Saving your answers as {code} in {folder}.").format(
            code=f"<b>{esc(self.recorder.participant)}</b>", folder=esc(self.recorder.folder)), "good")
        return True

    def header(self) -> W.Widget:
        go = W.Button(description=self.t("Start"), button_style="primary")
        go.on_click(self.start)
        return W.VBox([W.HTML(f"<h2>{esc(self.title)}</h2><p>{esc(self.instructions)}</p>"), W.HBox([self.code, go]), self.message])

    def hand_in(self) -> W.Widget:
        button = W.Button(description=self.t("Hand in"), button_style="success")
        button.on_click(self.submit)
        return W.VBox([button, self.result])


class Choice(W.VBox):
    """Options as tick boxes beside wrapping labels (a phone-wide screen keeps them readable);
    `single`: ticking one clears the others, as radio buttons do."""

    def __init__(self, shown: list[tuple[str, str]], single: bool):
        self.ids = [oid for _, oid in shown]
        self.ticks = [W.Checkbox(value=False, indent=False, layout=W.Layout(width="28px")) for _ in shown]
        if single:
            for tick in self.ticks:
                tick.observe(self._only(tick), names="value")
        super().__init__([W.HBox([tick, W.HTML(esc(label))]) for tick, (label, _) in zip(self.ticks, shown, strict=True)])

    def _only(self, mine: W.Checkbox):
        def clear(change) -> None:
            if change["new"]:
                for other in self.ticks:
                    if other is not mine:
                        other.value = False
        return clear

    def pick(self, *ids: str) -> None:
        for tick, oid in zip(self.ticks, self.ids, strict=True):
            tick.value = oid in ids

    def chosen(self) -> list[str]:
        return sorted(oid for tick, oid in zip(self.ticks, self.ids, strict=True) if tick.value)


class TestPage(KitPage):
    __test__ = False  # not a pytest class

    def __init__(self, cur, look, audience, test, phase: str, folder: Path, participant: str, form: str = ""):
        self.test, self.phase, self.fixed = cur.localise(test, look.language), phase, form
        self.title, self.instructions = self.test.title, self.test.instructions
        self.folder, self.form = Path(folder), form or None
        self.choices: dict[str, W.Widget] = {}
        for item in self.test.items:
            self.choices[item.id] = Choice([(f"{letter}. {o.text}", o.id) for letter, o in lettered(test.id, item, look.language)],
                                           single=item.kind == "single")
        self.box = W.VBox()
        super().__init__(look, audience, folder, participant)

    def start(self, _=None) -> bool:
        if not super().start():
            return False
        self.form = self.fixed or self.form_for(self.recorder.participant)
        self.box.children = [W.HTML(f"<p><b>{esc(self.t('Form'))} {self.form}</b></p>")] + [
            W.VBox([W.HTML(f"<p><b>{n}.</b> {esc(item.prompt)}</p>"), self.choices[item.id]])
            for n, item in enumerate(self.test.form(self.form), 1)]
        return True

    def form_for(self, code: str) -> str:
        """The form of this phase for a code: the attendance list's split, else a hash of the code."""
        if attendance_path(self.folder).exists():
            try:
                people = read_attendance(self.folder)
            except KitError:  # a list the trainer is still fixing must not stop the test
                people = []
            split = assigned_forms([p for p in people if p.audience == self.audience.id] or people)
            for code_on_list, forms in split.items():
                if code_on_list.lower() == code.lower():
                    return forms[PHASES.index(self.phase)]
        return form_by_code(code, self.phase)

    def questions(self) -> W.Widget:
        return self.box

    def answer(self, item) -> list[str]:
        return self.choices[item.id].chosen()

    def submit(self, _=None) -> None:
        if not self.recorder.participant and not self.start():
            return
        n = 0
        try:
            for item in self.test.form(self.form):
                chosen = self.answer(item)
                if chosen:
                    self.recorder.submit(test_scenario(self.test.id, self.phase), item.id, "test", chosen,
                                         language=self.look.language, correct=right(item, chosen))
                    n += 1
        except ResponseError as err:
            self.result.value = box(esc(err), "error")
            return
        self.result.value = box(self.t("Handed in: {n} of {total} answered. Thank you.").format(n=n, total=len(self.test.form(self.form))), "good")


class EvaluationPage(KitPage):
    def __init__(self, cur, look, audience, folder: Path, participant: str):
        self.form = cur.localise(cur.evaluation, look.language)
        self.title, self.instructions = self.form.title, self.form.instructions
        self.scales = {s.id: W.ToggleButtons(options=[1, 2, 3, 4, 5], value=None) for s in self.form.scales}
        self.texts = {q.id: W.Textarea(layout=W.Layout(width="95%")) for q in self.form.open_questions}
        super().__init__(look, audience, folder, participant)

    def questions(self) -> W.Widget:
        rows = [W.VBox([W.HTML(f"<p>{esc(s.text)}</p>"), self.scales[s.id]]) for s in self.form.scales]
        rows += [W.VBox([W.HTML(f"<p><b>{esc(q.text)}</b></p>"), self.texts[q.id]]) for q in self.form.open_questions]
        return W.VBox([W.HTML(f"<p>1 = {esc(self.form.low)}; 5 = {esc(self.form.high)}</p>"), *rows])

    def submit(self, _=None) -> None:
        if not self.recorder.participant and not self.start():
            return
        n = 0
        try:
            for sid, widget in self.scales.items():
                if widget.value is not None:
                    self.recorder.submit(EVALUATION, sid, "scale", int(widget.value))
                    n += 1
            for qid, widget in self.texts.items():
                if widget.value.strip():
                    self.recorder.submit(EVALUATION, qid, "comment", widget.value.strip()[:2000])
                    n += 1
        except ResponseError as err:
            self.result.value = box(esc(err), "error")
            return
        total = len(self.scales) + len(self.texts)
        self.result.value = box(self.t("Handed in: {n} of {total} answered. Thank you.").format(n=n, total=total), "good")


def test_page(audience: str = "police", phase: str = "pre", language: str = "en", participant: str = "",
              session: str = "", sessions_root: str = "sessions", root: str = "", form: str = ""):
    """The knowledge test of an audience, before (`pre`) or after (`post`) the training, in
    form `form` (A or B; empty: the participant's form, from the code)."""
    def build():
        cur, aud, look = _open(root, audience, "participant", language)
        if phase not in PHASES:
            raise PageError(f"phase must be 'pre' or 'post', not {phase!r}.")
        if form not in ("", *FORMS):
            raise PageError(f"form must be A or B (or empty: from the code), not {form!r}.")
        test = cur.test_for(aud.id)
        if test is None:
            raise PageError(f"No knowledge test is written for {aud.name}: add the audience to a file in curriculum/tests/.")
        return TestPage(cur, look, aud, test, phase, session_dir(sessions_root, session), participant, form)
    return _guard(build)


test_page.__test__ = False  # not a pytest test, despite its name


def evaluation_page(audience: str = "police", language: str = "en", participant: str = "", session: str = "",
                    sessions_root: str = "sessions", root: str = ""):
    """The evaluation form."""
    def build():
        cur, aud, look = _open(root, audience, "participant", language)
        if cur.evaluation is None:
            raise PageError("There is no curriculum/evaluation.yaml.")
        return EvaluationPage(cur, look, aud, session_dir(sessions_root, session), participant)
    return _guard(build)
