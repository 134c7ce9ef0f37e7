"""Prepare ready-to-open notebooks for each audience: `build/workbooks/<audience>/`.

For every audience: `start.ipynb`, `module-<id>.ipynb` for its modules and
`scenario-<id>.ipynb` for its scenarios, in participant mode, and the same set in
`trainer/` in trainer mode; `test-pre.ipynb`, `test-post.ipynb` and `evaluation.ipynb`
(the trainer's kit) for participants; translated copies in `<lang>/` (see `plan`). Each is `notebooks/<kind>.ipynb` with its parameters injected
by papermill's prepare-only mode: no outputs, nothing executed; then `lab.present` puts
one line on top saying what to press and hides the code of participant copies. A notebook is rewritten
only when its bytes change, and answers in `sessions/` are never touched.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..content import Curriculum
from ..content.models import Audience, Module, Scenario
from ..content.order import scenario_numbers
from .lab import present

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"  # src/tipsom/workbook/ -> the project
INJECTED_ID = "injected-parameters"


def notebook_name(kind: str, item_id: str = "") -> str:
    """The stable file name of a prepared notebook: start.ipynb, module-<id>.ipynb, scenario-<id>.ipynb."""
    return "start.ipynb" if kind == "start" else f"{kind}-{item_id}.ipynb"


def for_audience(cur: Curriculum, audience: Audience, language: str = "en") -> tuple[list[Module], list[Scenario]]:
    """The modules (in the audience's order) and scenarios (by their number, `content.order`) an
    audience works in a language."""
    def ready(item, langs=("en", language)) -> bool:
        return language == "en" or (language in langs and cur.is_translated(item, language))
    modules = [cur.modules[m] for m in audience.modules if m in cur.modules and ready(cur.modules[m])]
    numbers = scenario_numbers(cur)
    scenarios = sorted((s for s in cur.scenarios.values() if audience.id in s.audiences and ready(s, s.languages)),
                       key=lambda s: numbers[s.id])
    return modules, scenarios


def plan(cur: Curriculum, out_dir: Path) -> list[tuple[Path, str, dict]]:
    """(target, source kind, parameters) for every notebook to prepare.

    English copies go in `<audience>/` and `<audience>/trainer/`; another language's in
    `<audience>/<lang>/` and `<audience>/<lang>/trainer/`. All share `<audience>/sessions/`.
    """
    from ..content.overlays import LANGUAGES

    jobs = []
    for audience, language in ((a, lang) for a in cur.audiences.values() for lang in ("en", *LANGUAGES)):
        modules, scenarios = for_audience(cur, audience, language)
        if not scenarios and language != "en":
            continue
        for mode in ("participant", "trainer"):
            folder = out_dir / audience.id / ("" if language == "en" else language) / ("trainer" if mode == "trainer" else "")
            common = {"audience": audience.id, "language": language, "mode": mode, "root": _path_from(folder, cur.root)}
            sessions = {"sessions_root": os.path.relpath(out_dir / audience.id / "sessions", folder)}
            jobs.append((folder / notebook_name("start"), "start", {**common, **sessions}))
            jobs += [(folder / notebook_name("module", m.id), "module", {**common, "module": m.id}) for m in modules]
            jobs += [(folder / notebook_name("scenario", s.id), "scenario", {**common, **sessions, "scenario": s.id})
                     for s in scenarios]
            if mode == "participant":
                jobs += _kit_pages(cur, audience, folder, {k: v for k, v in {**common, **sessions}.items() if k != "mode"})
    return jobs


def _kit_pages(cur: Curriculum, audience: Audience, folder: Path, params: dict) -> list[tuple[Path, str, dict]]:
    """The knowledge test (before and after) and the evaluation form, where the content has them."""
    jobs = []
    if cur.test_for(audience.id) is not None:
        jobs += [(folder / f"test-{phase}.ipynb", "test", {**params, "phase": phase}) for phase in ("pre", "post")]
    if cur.evaluation is not None:
        jobs.append((folder / "evaluation.ipynb", "evaluation", params))
    return jobs


def _path_from(folder: Path, root: Path) -> str:
    """`root` as the notebook in `folder` finds it: relative inside the project, else absolute."""
    root, folder = root.resolve(), folder.resolve()
    return os.path.relpath(root, folder) if folder.is_relative_to(root) else str(root)


def prepare_workbooks(curriculum: Curriculum, out_dir: Path | str, notebooks: Path = NOTEBOOKS, only=None,
                      lab: bool = True) -> list[Path]:
    """Write every audience's prepared notebooks under `out_dir`; return the paths written.
    `only(kind, parameters)` keeps a subset (the room serves only participant scenario pages);
    `lab=False` leaves out what only JupyterLab needs (the line on what to press: Voilà runs
    the page itself and shows no code)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # skip nbformat's slow optional IRI checker
    import nbformat
    import papermill as pm

    out_dir = Path(out_dir)
    jobs = [j for j in plan(curriculum, out_dir) if only is None or only(j[1], j[2])]
    _ship_font(out_dir)
    written = []
    for target, kind, params in jobs:
        target.parent.mkdir(parents=True, exist_ok=True)
        nb = pm.execute_notebook(str(notebooks / f"{kind}.ipynb"), None, parameters=params, prepare_only=True,
                                 kernel_name="python3", language="python", progress_bar=False, log_output=False)
        _stabilise(nb)
        if lab:
            present(nb, kind, params.get("mode", "participant"), params["language"])  # the kit's pages are participants'
        text = nbformat.writes(nb) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
            written.append(target)
    wanted = {t for t, _, _ in jobs}
    for folder in {t.parent for t, _, _ in jobs}:
        for old in folder.glob("*.ipynb"):
            if old.name.startswith(("scenario-", "module-")) and old not in wanted:
                old.unlink()  # a scenario or module that no longer exists for this audience
    return written


def _ship_font(out_dir: Path) -> None:
    """Put the Urdu font where JupyterLab serves it (`/files/fonts/...` with `make lab`)."""
    font = Path(__file__).resolve().parents[1] / "fonts" / "NotoNastaliqUrdu-Regular.ttf"
    target = out_dir / "fonts" / font.name
    if target.exists() and target.stat().st_size == font.stat().st_size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font, target)
    shutil.copyfile(font.with_name("OFL-NotoNastaliqUrdu.txt"), target.with_name("OFL-NotoNastaliqUrdu.txt"))


def _stabilise(nb) -> None:
    """Same inputs, same bytes: a fixed id for the injected cell, no papermill timestamps."""
    for cell in nb.cells:
        cell.pop("execution", None)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = INJECTED_ID
    nb.metadata.pop("papermill", None)
