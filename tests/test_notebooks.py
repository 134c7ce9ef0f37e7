"""The notebooks: thin sources, prepared copies per audience, every notebook run through papermill.

Cost: one papermill run is ~1.7 s (a fresh kernel each, shut down at once), so the run
matrix executes, for each of the 6 audiences x 2 modes, the start page, the audience's
first module and one of its scenarios (rotating, so every fixture scenario runs): 36 runs
plus one Urdu scenario, shared by two worker processes (~30 s). The widget tests open
every real scenario for every audience without a kernel, where breadth is cheap.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.modules.setdefault("rfc3987_syntax", None)
import nbformat  # noqa: E402

from tipsom.workbook.lab import INTRO_ID  # noqa: E402
from tipsom.workbook.prepare import INJECTED_ID, for_audience, prepare_workbooks  # noqa: E402

HERE = Path(__file__).parent
WORKBOOK = HERE / "fixtures" / "workbook"
NOTEBOOKS = HERE.parent / "notebooks"
REGRESSION = HERE / "notebooks"
CELLS = {"start": ["parameters", "page", "contents", "room"],
         "module": ["parameters", "page", "explorer", "notes"],
         "scenario": ["parameters", "page", "narrative", "classify", "explorer", "investigates", "indicators",
                      "response", "open-questions", "walk", "notes"]}


@pytest.fixture(scope="module")
def cur():
    from tipsom.content import load_curriculum

    return load_curriculum(WORKBOOK)


@pytest.fixture(scope="module")
def prepared(cur, tmp_path_factory):
    out = tmp_path_factory.mktemp("workbooks")
    prepare_workbooks(cur, out)
    return out


@pytest.mark.parametrize("name", sorted(CELLS))
def test_source_notebooks_are_thin_parameterised_and_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert [c.id for c in nb.cells] == CELLS[name]
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[0].metadata.tags == ["parameters"]
    for cell in nb.cells:
        assert cell.cell_type == "code" and cell.outputs == [] and cell.execution_count is None
    for cell in nb.cells[1:]:  # no content in cells: calls into the package, no text of their own
        assert '"' not in cell.source and "'" not in cell.source, cell.source
        assert all(re.match(r"^(from tipsom\.workbook import \w+|page = \w+\(|\s+\w+=|page\.\w+\(\)$|$)", line)
                   for line in cell.source.splitlines()), cell.source


def test_prepare_writes_every_audiences_notebooks(cur, prepared):
    for audience in cur.audiences.values():
        modules, scenarios = for_audience(cur, audience)
        names = {"start.ipynb", *(f"module-{m.id}.ipynb" for m in modules), *(f"scenario-{s.id}.ipynb" for s in scenarios)}
        assert {p.name for p in (prepared / audience.id).glob("*.ipynb")} == names
        assert {p.name for p in (prepared / audience.id / "trainer").glob("*.ipynb")} == names
    assert {p.name for p in (prepared / "police" / "ur").glob("*.ipynb")} == {"start.ipynb", "scenario-border-crossing.ipynb"}
    assert not (prepared / "salon-job").exists() and not (prepared / "police" / "scenario-salon-job.ipynb").exists()


def test_prepared_notebooks_carry_their_parameters_and_no_outputs(prepared):
    nb = nbformat.read(prepared / "police" / "trainer" / "scenario-job-offer.ipynb", as_version=4)
    injected = nb.cells[2]
    assert injected.id == INJECTED_ID and injected.metadata.tags == ["injected-parameters"]
    params = dict(re.findall(r'^(\w+) = "(.*)"$', injected.source, re.M))
    assert params == {"audience": "police", "language": "en", "mode": "trainer", "root": str(WORKBOOK.resolve()),
                      "sessions_root": "../sessions", "scenario": "job-offer"}
    assert all(c.get("outputs", []) == [] for c in nb.cells) and "papermill" not in nb.metadata
    ur = nbformat.read(prepared / "police" / "ur" / "trainer" / "scenario-border-crossing.ipynb", as_version=4)
    assert 'language = "ur"' in ur.cells[2].source and 'sessions_root = "../../sessions"' in ur.cells[2].source


def hidden(cell) -> bool:
    return cell.metadata.get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("name", ["scenario-job-offer.ipynb", "start.ipynb", "module-why-it-matters.ipynb"])
def test_participant_copies_hide_their_code_and_say_what_to_press_on_top(prepared, name):
    nb = nbformat.read(prepared / "police" / name, as_version=4)
    first, code = nb.cells[0], [c for c in nb.cells if c.cell_type == "code"]
    assert first.cell_type == "markdown" and first.id == INTRO_ID and "Press ▶▶ in the toolbar" in first.source
    assert first.metadata.editable is False and nb.metadata.tipsom.mode == "participant"
    assert code and all(hidden(c) and c.metadata.editable is False for c in code)
    trainer = nbformat.read(prepared / "police" / "trainer" / name, as_version=4)
    assert trainer.cells[0].id == INTRO_ID and not any(hidden(c) for c in trainer.cells)
    assert all(c.metadata.get("editable", True) for c in trainer.cells if c.cell_type == "code")


def test_the_first_line_of_an_urdu_copy_is_urdu_and_right_to_left(prepared):
    nb = nbformat.read(prepared / "police" / "ur" / "scenario-border-crossing.ipynb", as_version=4)
    assert nb.cells[0].source.startswith('<div dir="rtl" lang="ur" style="font-family:') and "ٹول بار میں ▶▶ دبائیں" in nb.cells[0].source
    assert "Press" not in nb.cells[0].source


def test_a_participant_copy_is_saved_without_outputs_but_a_trainer_copy_keeps_them(prepared):
    """The Jupyter server's pre_save_hook (scripts/jupyter_server_config.json): the next participant sees nothing."""
    from tipsom.workbook.lab import scrub_participant

    for rel, kept in (("police/scenario-job-offer.ipynb", False), ("police/trainer/scenario-job-offer.ipynb", True)):
        nb = json.loads((prepared / rel).read_text())
        nb["metadata"]["widgets"] = {"state": {"x": 1}}
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [{"output_type": "stream", "name": "stdout", "text": "P07"}], 3
        model = {"type": "notebook", "content": nb}
        scrub_participant(model=model, path=rel, contents_manager=None)
        outputs = [c["outputs"] for c in model["content"]["cells"] if c["cell_type"] == "code"]
        assert all(outputs) is kept and ("widgets" in model["content"]["metadata"]) is kept
    for odd in ({"type": "file", "content": "x"}, {"type": "notebook", "content": {"metadata": []}}):
        scrub_participant(model=odd)  # other files and strange notebooks pass through untouched


def test_the_installed_server_config_names_the_hook_that_exists():
    from jupyter_server.services.contents.manager import ContentsManager
    from traitlets.config import Config

    config = json.loads((HERE.parent / "scripts" / "jupyter_server_config.json").read_text())
    manager = ContentsManager(config=Config(config))
    from tipsom.workbook.lab import scrub_participant

    assert manager.pre_save_hook is scrub_participant


def test_prepare_is_stable_keeps_sessions_and_drops_stale_notebooks(cur, tmp_path):
    first = prepare_workbooks(cur, tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.ipynb")}
    (tmp_path / "police" / "sessions" / "today").mkdir(parents=True)
    (tmp_path / "police" / "sessions" / "today" / "P1.jsonl").write_text("{}\n")
    stale = tmp_path / "police" / "scenario-gone.ipynb"
    shutil.copy(tmp_path / "police" / "scenario-job-offer.ipynb", stale)
    assert prepare_workbooks(cur, tmp_path) == [] and len(first) == len(before)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.ipynb")} == before
    assert (tmp_path / "police" / "sessions" / "today" / "P1.jsonl").exists()


def test_root_is_relative_inside_the_project(cur, tmp_path):
    from tipsom.workbook.prepare import plan

    inside = plan(cur, WORKBOOK / "build" / "workbooks")
    target, _, params = next(j for j in inside if j[0].name == "scenario-job-offer.ipynb")
    assert params["root"] == "../../.." and (target.parent / params["root"]).resolve() == WORKBOOK.resolve()


# ---- every notebook runs, for every audience and both modes ---------------------------

AUDIENCES = ["police", "fia", "elders", "media", "academia", "civil_society"]


def execute(path: str) -> tuple[str, str, str]:
    """Run one prepared notebook in a fresh kernel (in a worker process): (path, errors, outputs' HTML)."""
    sys.modules.setdefault("rfc3987_syntax", None)
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    for attempt in (1, 2):
        try:
            nb = pm.execute_notebook(path, None, kernel_name="python3", progress_bar=False, log_output=False,
                                     cwd=str(Path(path).parent), shutdown_kernel="immediate")
            break
        except PapermillExecutionError as err:  # a cell raised: papermill says which
            return path, f"{type(err).__name__}: {err}", ""
        except Exception as err:  # the kernel itself failed (start-up under load): one more try
            if attempt == 2:
                return path, f"{type(err).__name__}: {err}", ""
    html = [o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", [])]
    return path, "", json.dumps(html, ensure_ascii=False)


def matrix(cur) -> list[tuple[str, str, str, str]]:
    """(audience, mode, kind, relative path) of every notebook the run tests execute."""
    rows = []
    for audience in AUDIENCES:
        modules, scenarios = for_audience(cur, cur.audiences[audience])
        sc = scenarios[AUDIENCES.index(audience) % len(scenarios)]  # rotate: every fixture scenario runs
        for mode in ("participant", "trainer"):
            folder = f"{audience}/{'trainer/' if mode == 'trainer' else ''}"
            rows += [(audience, mode, "start", folder + "start.ipynb"),
                     (audience, mode, "module", f"{folder}module-{modules[0].id}.ipynb"),
                     (audience, mode, "scenario", f"{folder}scenario-{sc.id}.ipynb")]
    return rows + [("police", "participant", "urdu", "police/ur/scenario-border-crossing.ipynb")]


@pytest.fixture(scope="module")
def executed(cur, prepared):
    """Every notebook of the matrix, run once by two worker processes (each with its own kernels)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    paths = [str(prepared / rel) for *_, rel in matrix(cur)]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = {path: (errors, html) for path, errors, html in pool.map(execute, paths, timeout=600)}
    return {rel: done[str(prepared / rel)] for *_, rel in matrix(cur)}


def html_of(executed, rel: str) -> str:
    errors, html = executed[rel]
    assert not errors, f"{rel}: {errors}"
    return html


def in_json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["participant", "trainer"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_notebook_runs_for_every_audience(cur, executed, audience, mode):
    rows = {kind: rel for a, m, kind, rel in matrix(cur) if (a, m) == (audience, mode)}
    sc = cur.scenarios[Path(rows["scenario"]).stem.removeprefix("scenario-")]
    start = html_of(executed, rows["start"])
    assert in_json(f'href="scenario-{sc.id}.ipynb"') in start
    assert ("How the room answered" in start) is (mode == "trainer")
    module = cur.modules[Path(rows["module"]).stem.removeprefix("module-")]
    assert in_json(module.title) in html_of(executed, rows["module"])
    html = html_of(executed, rows["scenario"])
    assert in_json(sc.title) in html
    assert (in_json(sc.answer.explanation.split("[")[0][:40]) in html) is (mode == "trainer")
    assert ("Answer key (trainer)" in html) is (mode == "trainer")


@pytest.mark.slow
def test_an_urdu_scenario_runs(executed):
    html = html_of(executed, "police/ur/scenario-border-crossing.ipynb")
    assert "ایران کی طرف رات کا سفر" in html and in_json('dir="rtl"') in html


# ---- regression of one scenario notebook per mode (pytest-notebook) --------------------

@pytest.mark.slow
@pytest.mark.parametrize("mode", ["participant", "trainer"])
def test_scenario_notebook_regression(nb_regression, mode):
    """tests/notebooks/scenario-<mode>.ipynb: re-run it and compare every output (widget ids aside).

    Regenerate after an intended change with `pytest tests/test_notebooks.py --nb-force-regen`.
    """
    nb_regression.diff_ignore = ("/metadata/widgets", "/cells/*/outputs/*/data/application/vnd.jupyter.widget-view+json",
                                 "/cells/*/outputs/*/traceback")
    nb_regression.diff_replace = (("/cells/*/outputs", r"\b[0-9a-f]{32}\b", "WIDGET-ID"),)
    nb_regression.exec_timeout = 60
    path = REGRESSION / f"scenario-{mode}.ipynb"
    try:
        nb_regression.check(str(path))
    finally:
        if nb_regression.force_regen:  # keep the committed file small: the widget state is ignored anyway
            nb = nbformat.read(path, as_version=4)
            nb.metadata.pop("widgets", None)
            nbformat.write(nb, path)
