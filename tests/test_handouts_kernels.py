"""The build's kernels (handouts/kernels.py): a kernel started ahead has what a handout notebook
imports loaded and nothing of another document; a kernel's client is ready without
jupyter_client's fixed wait and still loses no output of the first cell."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tipsom.handouts import kernels


def notebook(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})


def run(nb, manager, cwd) -> list[str]:
    NotebookClient(nb, kernel_name="python3", shutdown_kernel="immediate", kernel_manager_class=manager,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return ["".join(o.get("text", "") for o in cell.outputs) for cell in nb.cells]


@pytest.mark.slow
def test_a_kernel_started_ahead_has_the_document_code_loaded_and_nothing_else(tmp_path):
    try:
        kernels.start_ahead(str(tmp_path))
        first = run(notebook("import sys; print('tipsom.handouts.document' in sys.modules)", "secret = 42"),
                    kernels.manager(), tmp_path)
        kernels.start_ahead(str(tmp_path))
        second = run(notebook("print('secret' in globals())"), kernels.manager(), tmp_path)
    finally:
        kernels.drop()
    assert first[0] == "True\n" and second == ["False\n"]


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(5))
def test_the_first_output_of_a_new_kernel_is_never_lost(attempt, tmp_path):
    """The client is ready as soon as the kernel's IOPub is seen connected, not 0.2 s later;
    a cell printing at once must still be seen (five fresh kernels, started cold)."""
    outputs = run(notebook("print('first')", "print('second')"), kernels.ipc_kernel_manager(), tmp_path)
    assert outputs == ["first\n", "second\n"]
