"""The pages a notebook shows, one call per cell: `scenario_page`, `module_page`, `start_page`.

Each page method returns one section (a widget or static HTML). A wrong parameter or
invalid content shows one message in the notebook, not a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as W

from .. import quiz
from ..content.models import Question, Scenario
from ..content.order import scenario_numbers
from ..i18n import N_
from ..page import words
from ..views import view_for
from .answers import Recorder, ResponseError, session_dir
from .cards import CARDS, MODES, Card, Look, QuestionCard, SectionCard, Static, SummaryCard, box, esc
from .explorer import ExplorerCard, WalkCard
from .hub_client import recorder_for
from .room_view import RoomCard

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
    from ..content import load_curriculum

    root = root.resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                         for folder in ("curriculum", "scenarios") for p in (root / folder).rglob("*.yaml")))
    if root not in _LOADED or _LOADED[root][0] != stamp:
        _LOADED[root] = (stamp, load_curriculum(root, scope_translations=True))
    return _LOADED[root][1]


def _open(root, audience: str, mode: str, language: str):
    from ..content.overlays import LANGUAGES
    from ..errors import ContentError

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
    return cur, cur.audiences[audience], Look(cur.provisions, language, cur.root)


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
        self.finish_listeners: list = []
        self.submitted: set[str] = set()
        self.recorder = Recorder(folder, audience.id) if self.trainer else recorder_for(folder, audience.id)
        self.earlier: dict[str, dict] = {}
        if getattr(self.recorder, "remote", False):  # in the room: the code given at join
            participant = self.recorder.participant or ""
        self.start_note = self.start(participant) if participant and not self.trainer else ""
        if not self.start_note and getattr(self.recorder, "problem", ""):
            self.start_note = box(esc(self.recorder.problem), "error")

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
        if self.finished():
            for reveal in self.finish_listeners:
                reveal()
        back = " " + t("{n} earlier answer(s) are shown below.").format(n=len(self.earlier)) if self.earlier else ""
        code = f"<b>{esc(self.recorder.participant)}</b>"
        if getattr(self.recorder, "remote", False):
            return box(t("Saving your answers as {code} in the room.").format(code=code) + back, "good")
        return box(t("Saving your answers as {code} in {folder}.").format(code=code, folder=esc(self.folder)) + back, "good")

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
        if kind in ("classify", "investigates"):
            for unlock in self.listeners:
                unlock()
        if self.finished():
            for reveal in self.finish_listeners:
                reveal()

    def unlocked(self) -> bool:
        return self.trainer or "classify" in self.submitted or any(r.get("kind") == "classify" for r in self.earlier.values())

    def agencies_known(self) -> bool:
        """The explorer names who investigates once that question is answered (or the page asks no such question)."""
        if self.trainer or not any(q.kind == "investigates" for q in self.questions):
            return True
        return "investigates" in self.submitted or any(r.get("kind") == "investigates" for r in self.earlier.values())

    def finished(self) -> bool:
        """Every graded question of the page has an answer (then the whole case is shown)."""
        done = self.submitted | {r.get("kind") for r in self.earlier.values()}
        return all(q.kind in done for q in self.questions if q.kind in quiz.GRADED)

    def header(self) -> Card:
        sc, t = self.scenario, self.look.t
        place = sc.setting.place + (f", {sc.setting.region.title()}" if sc.setting.region != "abroad" else "")
        law = t("applies the law as enacted in 2018") if sc.law_version == "as_enacted_2018" else t("applies the law as amended in 2025")
        title = t("Scenario {n}: {title}").format(n=scenario_numbers(self.cur)[sc.id], title=self.view.get("title", sc.title))
        head = (f"<h2>{esc(title)}</h2><p>{esc(place)} · "
                f"{t('about {minutes} minutes').format(minutes=sc.minutes)} · {esc(self.audience.name)} · {law}</p>")
        if self.trainer:
            note = t("Trainer mode: answer keys, notes, debrief and the room view are shown. Session folder: {folder}")
            return SectionCard(self.look, head + box(note.format(folder=esc(self.folder)), "trainer"), label=sc.title)
        return ParticipantCard(self, head)

    def narrative(self) -> Static:
        return Static(f"<h3>{self.look.t('The case')}</h3>" + self.look.markdown(self.view.get("narrative", "")), self.look)

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
            notes = "".join(f"<h3>{t(h)}</h3>{look.markdown(self.view[k])}" for k, h in shown)
            return SectionCard(look, notes, [SummaryCard(self)], label="The whole case")
        a = sc.answer
        agencies = ", ".join(t(quiz.AGENCY_LABELS[x]) for x in a.agencies) or t("none")
        key = (f"<h3>{t('Answer key')}</h3><p><b>{esc(t(quiz.CLASS_LABELS[a.classification]))}</b> · {t('investigates')}: "
               f"{esc(agencies)} · {t('PTPA penalty range')}: {esc(t(words(a.ptpa_penalty)))} · {t('PSMA penalty range')}: "
               f"{esc(t(words(a.psma_penalty)))}</p>{look.markdown(a.explanation)}{look.law(a.provisions)}")
        notes = (f"<h3>{t('Trainer notes')}</h3>{look.markdown(sc.trainer_notes)}<h3>{t('Signs to draw out')}</h3>{look.items(sc.indicators)}"
                 f"<h3>{t('Human rights')}</h3>{look.markdown(sc.human_rights_notes)}<h3>{t('Gender')}</h3>{look.markdown(sc.gender_notes)}"
                 f"<h3>{t('Debrief')}</h3>{look.items(sc.debrief, 'ol')}")
        room = RoomCard(look, self.folder, self.cur.scenarios, only=sc.id)
        return SectionCard(look, box(key + notes, "trainer"), [room], label="Trainer notes")


class ParticipantCard(Card):
    """The page header in participant mode: the code box that saves and restores answers."""

    def __init__(self, page: ScenarioPage, head: str):
        self.page, self.head, t = page, head, page.look.t
        self.code = W.Text(placeholder=t("type your code here"), description=t("Your code:"), value=page.recorder.participant or "",
                           layout=W.Layout(width="22em"))
        self.code.add_class("tipsom-code")
        self.go = W.Button(description=t("Start"), button_style="primary")
        self.message = W.HTML(page.start_note or box(t("Enter the code your trainer gave you (no name needed) and press "
                                                       "Start. Your answers are saved as you submit them.")))
        self.go.on_click(self.start)
        super().__init__(page.look, [W.HTML(head), W.HBox([self.code, self.go]), self.message])

    def start(self, _=None) -> None:
        self.message.value = self.page.start(self.code.value)

    def static_html(self) -> str:
        return self.head + f"<p>{self.look.t('Your code:')} {esc(self.page.recorder.participant or '________')}</p>"


class ModulePage:
    """One module for one audience: its content, an explorer from a blank case, trainer notes."""

    def __init__(self, cur, audience, module, mode: str, look: Look):
        self.cur, self.audience, self.trainer, self.look = cur, audience, mode == "trainer", look
        self.module = cur.localise(module, look.language)
        self.view = view_for(self.module, audience, mode, look.language)

    def content(self) -> Static:
        v, look, t = self.view, self.look, self.look.t
        body = look.markdown(v["body"])
        return Static(f"<h2>{esc(v['title'])}</h2><p>{t('about {minutes} minutes').format(minutes=v['minutes'])} · "
                      f"{esc(self.audience.name)}</p><h3>{t('By the end you can')}</h3>{look.items(v['objectives'])}"
                      f"<h3>{t('Key points')}</h3>{look.items(v['key_points'])}{body}"
                      f"<h3>{t('Discuss')}</h3>{look.items(v['discussion_questions'], 'ol')}{look.law(v['provisions'])}", look)

    def explorer(self) -> ExplorerCard:
        return ExplorerCard(self.look, quiz.NEUTRAL)

    def notes(self) -> Static | None:
        if not self.trainer:
            return None
        return Static(box(f"<h3>{self.look.t('Trainer notes')}</h3>" + self.look.markdown(self.module.trainer_notes), "trainer"), self.look)


HOW_TO = [N_("Open a scenario notebook and press ▶▶ in the toolbar (Restart the kernel and run all cells)."),
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
        from .prepare import for_audience, notebook_name

        modules, scenarios = for_audience(self.cur, self.audience, self.look.language)
        t = self.look.t
        numbers = scenario_numbers(self.cur)

        def name(kind: str, x) -> str:
            title = self.cur.localise(x, self.look.language).title
            return t("Scenario {n}: {title}").format(n=numbers[x.id], title=title) if kind == "scenario" else title
        links = {kind: "".join(f'<li><a href="{notebook_name(kind, x.id)}">{esc(name(kind, x))}</a></li>'
                               for x in found) for kind, found in (("module", modules), ("scenario", scenarios))}
        return Static(f"<h3>{t('How to use this workbook')}</h3><ol>" + "".join(f"<li>{t(h)}</li>" for h in HOW_TO) + "</ol>"
                      f"<h3>{t('Modules')}</h3><ul>{links['module']}</ul><h3>{t('Scenarios')}</h3><ul>{links['scenario']}</ul>", self.look)

    def room(self) -> RoomCard | None:
        return RoomCard(self.look, self.folder, self.cur.scenarios) if self.trainer else None


def _translated(cur, item, language: str) -> None:
    """A page in another language cannot open while its item's or the audiences' translation fails its check."""
    problems = cur.broken_translations([cur.file_of(item) or "", "curriculum/audiences.yaml"], language)
    if problems:
        raise PageError("The translation of this page has problems; run `tipsom check`:\n" + "\n".join(map(str, problems[:10])))


def _guard(build):
    try:
        return build()
    except (PageError, ResponseError) as err:
        return ErrorPage(str(err))


def _pick(kind: str, wanted: str, ids: list[str], audience: str, language: str) -> str:
    """The id asked for, or the audience's first; a clear message when it is not theirs."""
    chosen = wanted or (ids[0] if ids else "")
    if chosen not in ids:
        raise PageError(f"No {kind} {chosen!r} for {audience} in {language}; choose one of: {', '.join(ids) or 'none yet'}.")
    return chosen


def scenario_page(scenario: str = "", audience: str = "police", language: str = "en", mode: str = "participant",
                  participant: str = "", session: str = "", sessions_root: str = "sessions", root: str = ""):
    """The page of one scenario; `scenario` "" opens the audience's first scenario."""
    def build():
        from .prepare import for_audience

        cur, aud, look = _open(root, audience, mode, language)
        if scenario in cur.scenarios:
            _translated(cur, cur.scenarios[scenario], language)
        sid = _pick("scenario", scenario, [s.id for s in for_audience(cur, aud, language)[1]], aud.name, language)
        return ScenarioPage(cur, aud, cur.scenarios[sid], mode, look, session_dir(sessions_root, session), participant)
    return _guard(build)


def module_page(module: str = "", audience: str = "police", language: str = "en", mode: str = "participant", root: str = ""):
    """The page of one module; `module` "" opens the audience's first module."""
    def build():
        from .prepare import for_audience

        cur, aud, look = _open(root, audience, mode, language)
        if module in cur.modules:
            _translated(cur, cur.modules[module], language)
        mid = _pick("module", module, [m.id for m in for_audience(cur, aud, language)[0]], aud.name, language)
        return ModulePage(cur, aud, cur.modules[mid], mode, look)
    return _guard(build)


def start_page(audience: str = "police", language: str = "en", mode: str = "participant", session: str = "",
               sessions_root: str = "sessions", root: str = ""):
    """The start page of an audience's workbook."""
    def build():
        cur, aud, look = _open(root, audience, mode, language)
        return StartPage(cur, aud, mode, look, session_dir(sessions_root, session))
    return _guard(build)
