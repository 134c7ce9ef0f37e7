"""How a prepared notebook looks and starts in JupyterLab, and what it keeps when saved.

`present` readies a prepared notebook for its reader: a first Markdown cell says what to
press; in participant copies every code cell's input is hidden (JupyterLab's
`jupyter.source_hidden` cell metadata) and locked, trainer copies keep their code. The
button named is the toolbar's ▶▶ "Restart the kernel and run all cells": unlike Run All
Cells it leaves the active cell where it is (the top), so the view does not jump to the
last cell, and the restart gives each new participant a clean kernel (scripts/lab-overrides.json
skips its confirmation dialog).

`scrub_participant` is a Jupyter server `pre_save_hook` (installed by scripts/install.sh):
a participant copy is saved without outputs or widget state, so on a shared laptop the next
person who opens it sees nothing of the last one. Answers are not in the notebook; they are
in the session folder.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, direction, translator

INTRO_ID = "how-to-start"
RTL_STYLE = ("font-family:'Noto Nastaliq Urdu','Jameel Noori Nastaleeq','Urdu Typesetting','Noto Naskh Arabic',Amiri,"
             "sans-serif;line-height:2.2;font-size:1.15em")
PRESS = N_("Press ▶▶ in the toolbar above (Restart the kernel and run all cells).")
THEN = {"scenario": N_("Then type the code your trainer gave you in the box below and press Start."),
        "module": N_("Then read on below."),
        "start": N_("Then read on below and open a scenario from the list."),
        "test": N_("Then type the code your trainer gave you in the box below and answer each question."),
        "evaluation": N_("Then tell us, in the boxes below, what you thought of the training.")}


def intro_source(kind: str, language: str) -> str:
    """The one line at the top of a prepared notebook: what to press, then what to do."""
    t = translator(language)
    line = f"**{t(PRESS)}** {t(THEN[kind])}"
    if direction(language) == "rtl":
        return f'<div dir="rtl" lang="{language}" style="{RTL_STYLE}">\n\n{line}\n\n</div>'
    return line


def present(nb, kind: str, mode: str, language: str) -> None:
    """Add the first Markdown cell; in participant copies hide and lock every code cell's input."""
    import nbformat

    intro = nbformat.v4.new_markdown_cell(intro_source(kind, language), id=INTRO_ID)
    intro.metadata.update({"editable": False, "deletable": False})
    nb.cells.insert(0, intro)
    nb.metadata["tipsom"] = {"kind": kind, "mode": mode, "language": language}
    if mode != "participant":
        return
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
            cell.metadata.update({"editable": False, "deletable": False})


def is_participant_copy(nb: dict[str, Any]) -> bool:
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    return isinstance(meta, dict) and isinstance(meta.get("tipsom"), dict) and meta["tipsom"].get("mode") == "participant"


def scrub_participant(model: dict[str, Any], **_: Any) -> None:
    """Jupyter `pre_save_hook`: save a participant copy without outputs, counts or widget state."""
    if model.get("type") != "notebook" or not is_participant_copy(model.get("content")):
        return
    nb = model["content"]
    nb["metadata"].pop("widgets", None)
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
