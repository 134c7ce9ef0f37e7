"""Build one handout document: execute (papermill) -> export (nbconvert) -> PDF (Chromium).

This runs in a worker process (`worker.py`); the heavy libraries load here only. Each
document gets a fresh kernel that is shut down at once, and a new page in the worker's
browser (`chromium.py`), which prints it. Files are written to a
temporary name beside their target and moved into place, so no half-written file is
ever left in build/. A failure raises `RenderError` naming audience, edition and cell.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

sys.modules.setdefault("rfc3987_syntax", None)  # no Jupyter schema uses the iri format (toolchain notes)

from ..errors import RenderError  # noqa: E402
from ..i18n import N_, direction, translator  # noqa: E402
from . import kernels  # noqa: E402
from .contents import anchor_pages, fill_contents, needs_pages  # noqa: E402

HERE = Path(__file__).resolve().parent
GUIDE_URDU = ('\n.tipsom-answer-keys [lang="ur"] { font-family: "Tipsom Urdu", "Tipsom Sans"; font-size: 10pt; line-height: 1.6; }'
              '\n.tipsom-materials [lang="ur"] { font-family: "Tipsom Urdu", "Tipsom Sans"; font-size: 24pt; line-height: 2.4; }\n')
TEMPLATES = HERE / "templates"
FONTS = HERE.parent / "fonts"
PRINT_CSS = TEMPLATES / "handout" / "print.css"
HEADER_END = N_("TIP/SOM training")  # the running head's other side; the page number below
PAGE_OF = N_("Page {page} of {pages}")
DROP_TAGS = {"parameters", "injected-parameters", "remove-cell"}


def run_job(job: dict) -> dict:
    """`build_document`, with a failure returned as data (RenderError does not pickle)."""
    try:
        return build_document(job)
    except RenderError as err:
        return {"key": job["key"], "error": str(err)}


def build_document(job: dict) -> dict:
    """Execute, export and print one document; return its timings and output hashes."""
    clock = [time.perf_counter()]
    if "title" not in job:
        job = {**job, **_titles(job)}

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    nb = execute(job)
    if job.get("next"):  # the worker has another document to build: start its kernel now
        kernels.start_ahead(job["root"])
    times = {"execute": lap()}
    html = export(nb, job).encode()
    times["export"] = lap()
    pdf = to_pdf(html.decode(), job)
    if needs_pages(html.decode()):  # Chromium has no target-counter: print once more with the contents' pages
        html = fill_contents(html.decode(), anchor_pages(pdf)).encode()
        pdf = to_pdf(html.decode(), job)
    times["pdf"] = lap()
    write_atomic(Path(job["html"]), html)
    write_atomic(Path(job["pdf"]), pdf)
    times["total"] = time.perf_counter() - clock[0]
    return {"key": job["key"], "times": times, "html": sha256(html), "pdf": sha256(pdf), "pages": page_count(pdf)}


def _titles(job: dict) -> dict:
    """The document's title and running head, made here from the curriculum (not when planning)."""
    from .language import titles

    title, head = titles(_curriculum(job["snapshot"], job["root"]), job["audience"], job["edition"], job["language"])
    if job.get("day"):  # a day's trainer guide
        title, head = f"{title} · Day {job['day']}", f"{title} · Day {job['day']} · {head.rsplit(' · ', 1)[-1]}"
    return {"title": title, "running_head": head}


@cache
def _curriculum(snapshot: str | None, root: str):
    if snapshot:
        import pickle

        with open(snapshot, "rb") as f:
            return pickle.load(f)
    from ..content import load_curriculum

    return load_curriculum(root)


def execute(job: dict):
    """Run the notebook with the document's parameters in a fresh kernel."""
    import nbformat
    import papermill as pm

    params = {k: job.get(k) for k in ("audience", "edition", "language", "root", "snapshot", "scenarios")}
    if job.get("day"):  # only the trainer guide's notebook takes a day
        params["day"] = job["day"]
    kernels.matching(job["root"])
    try:
        return pm.execute_notebook(
            job["notebook"], None, parameters=params, kernel_name="python3", progress_bar=False,
            request_save_on_cell_execute=False, cwd=job["root"], shutdown_kernel="immediate",
            record_timing=False, execution_timeout=job.get("timeout", 300), kernel_manager_class=kernels.manager())
    except pm.PapermillExecutionError as err:
        source = nbformat.read(job["notebook"], as_version=4)
        cell = _cell_name(source, err.cell_index, err.source)
        raise _error(job, cell, f"{err.ename}: {err.evalue}") from None
    except Exception as err:  # the kernel died, timed out or could not start
        raise _error(job, "-", f"{type(err).__name__}: {err}") from None


def _cell_name(nb, index: int, source: str) -> str:
    """Name the failing cell by its number and stable id in the notebook file."""
    for i, cell in enumerate(nb.cells):
        if cell.source == source:
            return f"{i + 1} (id '{cell.get('id', '?')}')"
    return str(index + 1)


def _error(job: dict, cell: str, message: str) -> RenderError:
    return RenderError(job["audience"], job["edition"], Path(job["notebook"]).name, cell, message)


def export(nb, job: dict) -> str:
    """The executed notebook as self-contained HTML through the project's template."""
    clean(nb)
    language = job["language"]
    # the trainer guide prints the Urdu papers' answer letters (الف، ب...): it carries the Urdu font too
    guide = job["edition"] == "trainer_guide"
    fonts = fonts_css("ur") + GUIDE_URDU if guide else fonts_css(language)
    resources = {"tipsom": {"title": job["title"], "edition": job["edition"], "fonts": fonts,
                            "css": page_css(job["running_head"], language), "lang": language,
                            "dir": direction(language)},
                 "metadata": {"name": job["title"]}}
    try:
        html, _ = exporter().from_notebook_node(nb, resources=resources)
    except Exception as err:
        raise _error(job, "-", f"HTML export failed: {type(err).__name__}: {err}") from None
    return html


def clean(nb) -> None:
    """Keep only what prints: no parameters, no empty cells, no timestamps or random ids."""
    cells = []
    for cell in nb.cells:
        if DROP_TAGS.intersection(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
            if not cell.outputs:
                continue
            cell.execution_count = None
            for o in cell.outputs:
                if "execution_count" in o:
                    o.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {"language_info": nb.metadata.get("language_info", {"name": "python"})}


@cache
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="handout", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


MIME = {"woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf"}


@cache
def fonts_css(language: str = "en") -> str:
    """The shipped fonts' @font-face rules, each url() inlined as a data: URI.

    `fonts/fonts.css` is in every document; `fonts/fonts-<language>.css`, where there is
    one, only in that language's (so an English handout does not carry an Urdu font).
    """
    def inline(m: re.Match) -> str:
        data = base64.b64encode((FONTS / m[1]).read_bytes()).decode()
        return f"url(data:{MIME[m[2]]};base64,{data})"

    names = ("fonts.css", f"fonts-{language}.css")
    css = "\n".join((FONTS / n).read_text(encoding="utf-8") for n in names if (FONTS / n).exists())
    return re.sub(r"url\(['\"]?([\w.-]+\.(woff2|woff|ttf|otf))['\"]?\)", inline, css)


def page_css(running_head: str, language: str = "en") -> str:
    """The print CSS (with `print-rtl.css` for a right-to-left language and `print-<language>.css`
    where there is one), then the page furniture in the document's language: the running head
    on the side where a line starts, the page number on the side where it ends."""
    names = ["print.css"] + (["print-rtl.css"] if direction(language) == "rtl" else []) + [f"print-{language}.css"]
    css = "".join((PRINT_CSS.parent / n).read_text(encoding="utf-8") for n in names if (PRINT_CSS.parent / n).exists())
    t = translator(language)
    start, end = ("left", "right") if direction(language) == "ltr" else ("right", "left")
    parts = re.split(r"(\{page\}|\{pages\})", t(PAGE_OF))
    page = " ".join({"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(p) or _quoted(p) for p in parts if p)
    return css + (f"\n@page {{ @top-{start} {{ content: {_quoted(running_head)}; }} @top-{end} {{ content: {_quoted(t(HEADER_END))}; }}"
                  f" @bottom-{end} {{ content: {page}; }} }}\n")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_printer = None


def printer():
    """The worker's one browser (started on first use, closed by `close`)."""
    global _printer
    if _printer is None:
        from .chromium import Printer

        _printer = Printer()
    return _printer


def to_pdf(html: str, job: dict) -> bytes:
    """Print the HTML to A4 PDF in the worker's browser; nothing is fetched from outside."""
    from .chromium import PrintError

    try:
        return printer().print(html)
    except PrintError as err:
        raise _error(job, "-", f"PDF failed: {err}") from None


def close() -> None:
    """Close the worker's browser, if it was started, and a kernel started ahead."""
    global _printer
    kernels.drop()
    if _printer is not None:
        _printer.close()
        _printer = None


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def page_count(pdf: bytes) -> int:
    """The PDF's pages, counted here in the worker so that index.html need not open every PDF."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def warm_up(browser: bool = True) -> None:
    """Import the heavy libraries, compile the template and start the browser ahead of the work."""
    import nbformat
    import papermill  # noqa: F401

    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data", data={"text/html": "<p></p>"})])
    exporter().from_notebook_node(nbformat.v4.new_notebook(cells=[cell]), resources={"tipsom": {}})
    if browser:
        from .chromium import PrintError

        try:
            printer().start()
        except PrintError:  # each document then fails with the reason
            pass
