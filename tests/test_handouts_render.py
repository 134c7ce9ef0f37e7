"""The export stage without a kernel: template, static widgets, clean-up, atomic writes."""

from __future__ import annotations

import uuid

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tipsom.content import load_curriculum
from tipsom.errors import TipsomError
from tipsom.handouts import plan, render

from .conftest import FIXTURES

JOB = {"title": "Media · Handout", "edition": "handout", "running_head": 'Media · "Handout" · English',
       "language": "en", "audience": "media", "notebook": "handout.ipynb", "key": "media/en/handout"}


def widget_notebook() -> nbformat.NotebookNode:
    model = uuid.uuid4().hex
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": model, "version_major": 2, "version_minor": 0},
            "text/html": "<p>Static form of the classify widget</p>", "text/plain": "Box()"}
    cells = [new_markdown_cell("About this notebook", metadata={"tags": ["remove-cell"]}),
             new_code_cell("audience = 'media'", metadata={"tags": ["parameters"]}),
             new_code_cell("audience = 'media'", metadata={"tags": ["injected-parameters"]}, id=uuid.uuid4().hex[:8]),
             new_code_cell("show()", execution_count=3, outputs=[
                 new_output("display_data", data=view),
                 new_output("stream", name="stderr", text="a warning\n")]),
             new_code_cell("nothing()", execution_count=4)]
    nb = new_notebook(cells=cells, metadata={"papermill": {"start_time": str(uuid.uuid4())},
                                             "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {model: {}}}}})
    for i, c in enumerate(nb.cells):
        c.id = c.get("id") if "injected-parameters" in c.metadata.get("tags", []) else f"cell-{i}"
    return nb


def test_widgets_print_their_static_form_and_nothing_random():
    first, second = render.export(widget_notebook(), JOB), render.export(widget_notebook(), JOB)
    assert first == second
    assert "Static form of the classify widget" in first
    for absent in ("<script", "widget-view", "model_id", "widget-state", "a warning", "About this notebook",
                   "audience = ", "In&nbsp;[", "require.js", "class=\"jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noOutputs"):
        assert absent not in first, absent


def test_the_head_carries_fonts_css_and_an_escaped_running_head():
    page = render.export(widget_notebook(), JOB)
    assert '<style id="tipsom-fonts">' in page and "url(data:font/woff2;base64," in page
    assert 'content: "Media · \\"Handout\\" · English"' in page
    assert "size: A4" in page and 'counter(page) " of " counter(pages)' in page
    assert "<title>Media · Handout</title>" in page and '<html lang="en">' in page


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "a" / "handout.pdf"
    render.write_atomic(target, b"first")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(render.os, "replace", broken)
    with pytest.raises(OSError):
        render.write_atomic(target, b"second")
    assert target.read_bytes() == b"first" and sorted(p.name for p in target.parent.iterdir()) == ["handout.pdf"]


def test_a_failure_travels_back_from_a_worker_as_data(tmp_path):
    job = {**JOB, "root": str(tmp_path), "snapshot": None, "notebook": str(tmp_path / "missing.ipynb"),
           "html": str(tmp_path / "x.html"), "pdf": str(tmp_path / "x.pdf")}
    result = render.run_job(job)
    assert result["key"] == "media/en/handout" and result["error"].startswith("media/handout: missing.ipynb, cell -:")
    assert not list(tmp_path.iterdir())


def test_plan_names_every_edition_and_its_inputs():
    cur = load_curriculum(FIXTURES / "handouts")
    docs = {d.key: d for d in plan(cur)}
    assert list(docs)[0] == "trainer/en/trainer_guide" and len(docs) == 1 + 6 * 3  # the print pack by default
    assert [d.key for d in plan(cur, ["elders"])] == ["elders/en/leaflet", "elders/en/referral_card", "elders/en/participant_workbook"]
    docs = {d.key: d for d in plan(cur, editions=["pack", "reference"])}
    media = {p.name for p in docs["media/en/handout"].inputs}
    assert {"newsroom.yaml", "border-crossing.yaml", "audiences.yaml", "contacts.yaml"} <= media
    assert "housemaid.yaml" not in media and "rights-based-approach.yaml" in media
    assert "rights-based-approach.yaml" not in {p.name for p in docs["elders/en/handout"].inputs}
    book = {p.name for p in docs["media/en/participant_workbook"].inputs}
    assert "border-crossing.yaml" in book and "newsroom.yaml" not in book  # only what the programme gives the day
    assert {"leaflet.yaml", "contacts.yaml"} <= {p.name for p in docs["media/en/leaflet"].inputs}
    assert "card.yaml" in {p.name for p in docs["media/en/referral_card"].inputs}
    assert [d.key for d in plan(cur, ["media"], editions=["reference"])] == ["media/en/handout"]
    picked = {d.key: d for d in plan(cur, ["media"], scenarios=["newsroom"])}["media/en/participant_workbook"]
    assert picked.scenarios == ("newsroom",) and "newsroom.yaml" in {p.name for p in picked.inputs}
    with pytest.raises(TipsomError, match="unknown scenario 'nowhere'"):
        plan(cur, scenarios=["nowhere"])
    with pytest.raises(TipsomError, match="unknown edition 'long'"):
        plan(cur, editions=["long"])


def test_an_urdu_page_is_right_to_left_with_its_font_and_mirrored_furniture():
    job = {**JOB, "language": "ur", "title": "میڈیا · ہینڈ آؤٹ", "running_head": "میڈیا · ہینڈ آؤٹ · اردو"}
    page = render.export(widget_notebook(), job)
    assert '<html dir="rtl" lang="ur">' in page and "<title>میڈیا · ہینڈ آؤٹ</title>" in page
    assert "font-family: 'Tipsom Urdu'" in page and "url(data:font/ttf;base64," in page
    assert '@top-right { content: "میڈیا · ہینڈ آؤٹ · اردو"; }' in page
    assert '@bottom-left { content: "صفحہ " counter(page) " از " counter(pages); }' in page
    assert "line-height: 2.2" in page and "padding-right: 6mm" in page  # Nastaliq room; lists mirrored
    english = render.export(widget_notebook(), JOB)
    assert "Tipsom Urdu" not in english and "@bottom-right { content: \"Page \" counter(page)" in english
    assert "padding-right: 6mm" not in english
