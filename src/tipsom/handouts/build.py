"""`make handouts`: plan -> skip what is up to date -> build in worker processes -> index.

Recipe:
1. plan one document per audience and participant edition, plus the trainer guide, in
   English; and each participant edition again in every other language that has content
   translations (Urdu: `<file>.ur.yaml`), under `<audience>/<language>/` (`plan.py`);
2. hash what each document depends on (its content files and their translations, the
   notebook, template, CSS, fonts, its language's catalog, code and library versions); a
   document whose hash and outputs match the manifest is up to date and is not built again;
3. build the rest in up to `workers` processes (`pool.py`, `worker.py`; each document:
   `render.build_document`: papermill -> nbconvert -> Chromium), printing one line per document;
4. write the manifest and `index.html` (`index.py`).
A failing document, whatever it raises, is one FAILED line with its audience, edition and
cell; the others still build, and the build then ends with a `TipsomError` naming how many
failed. Ctrl-C or SIGTERM stops the workers (and their kernels and browsers), records what
finished, and raises `Stopped`. Nothing is left in the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import pickle
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from ..content import Curriculum
from ..content.order import scenario_order
from ..errors import Stopped, TipsomError
from . import chromium
from .code import build_code
from .final import refusal_message, refusals
from .index import write_index
from .plan import HERE, LANGUAGES, PACKAGE, REFERENCE, Doc, blocked, language_files, plan

__all__ = ["build_handouts", "plan", "Doc", "Hasher", "LANGUAGES"]

MANIFEST = ".manifest.json"
SCHEMA = "tipsom-handouts/1"
LIBRARIES = ("tipsom", "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel", "playwright", "markdown-it-py", "nh3")


def build_handouts(cur: Curriculum, out_dir: Path, audiences: list[str] | None = None, workers: int = 2,
                   progress: Callable[[str], None] | None = None, languages: list[str] | None = None,
                   editions: list[str] | None = None, scenarios: list[str] | None = None, final: bool = False) -> dict:
    """Build the print pack and the trainer guide (or `editions`: "pack", "reference"), for
    every audience (or `audiences`, in `languages`; workbooks with `scenarios` instead of the
    programme's) into `out_dir`; return a report. `final`: refuse, building nothing, while a
    document holds a draft or stale translation or unreviewed law (final.py)."""
    say = progress or (lambda line: print(line, flush=True))
    out_dir = Path(out_dir).resolve()
    started = time.perf_counter()
    docs = plan(cur, audiences, languages, editions, scenarios)
    if final and (refused := refusals(cur, docs)):
        raise TipsomError(refusal_message(refused))
    for leftover in out_dir.rglob(".*.tmp"):  # from a build that was killed mid-write
        leftover.unlink()
    manifest = read_manifest(out_dir)
    hashes = Hasher(cur.root)
    hashes.common.append("numbers:" + ",".join(scenario_order(cur)))  # every document numbers scenarios alike
    wanted = {d.key: hashes.of(d) for d in docs}
    stopped = blocked(cur, docs)  # they read a translation that failed its check
    todo = [d for d in docs if d.key not in stopped and not up_to_date(d, wanted[d.key], manifest, out_dir, hashes)]
    report = {"built": {}, "failed": {}, "up_to_date": len(docs) - len(todo) - len(stopped)}
    if report["up_to_date"]:
        say(f"{report['up_to_date']} of {len(docs)} document(s) up to date.")
    halt = None
    try:
        for doc in (d for d in docs if d.key in stopped):
            say(record({"key": doc.key, "error": stopped[doc.key]}, doc, wanted[doc.key], manifest, report, out_dir, []))
        with _stop_signals(bool(todo)), contextlib.closing(run(todo, cur, out_dir, workers)) as results:
            for i, result in enumerate(results, 1):
                doc = next(d for d in todo if d.key == result["key"])
                say(f"[{i}/{len(todo)}] " + record(result, doc, wanted[doc.key], manifest, report, out_dir, hashes.names(doc)))
    except (KeyboardInterrupt, Stopped) as err:  # the workers are stopped already (run's finally)
        halt = err if isinstance(err, Stopped) else Stopped(2)
    finally:
        if not audiences and not languages and halt is None:  # a reference handout built on request stays until asked again
            forget_others(manifest, docs, out_dir, keep=() if "reference" in (editions or []) else REFERENCE)
        write_manifest(out_dir, manifest)
        write_index(out_dir, cur, manifest)
    report["seconds"] = time.perf_counter() - started
    if halt is not None:
        say(f"Stopped ({halt}): {len(report['built'])} of {len(todo)} document(s) built and recorded "
            f"in {out_dir}, {len(report['failed'])} failed.")
        raise halt
    say(f"Handouts in {out_dir}: {len(report['built'])} built, {report['up_to_date']} up to date, "
        f"{len(report['failed'])} failed ({report['seconds']:.1f} s).")
    if report["failed"]:
        raise TipsomError(f"{len(report['failed'])} document(s) failed: " + "; ".join(report["failed"].values()))
    return report


def record(result: dict, doc: Doc, inputs: str, manifest: dict, report: dict, out: Path, files: list[str]) -> str:
    """Note one finished document in the manifest (with the files its hash covers, besides the
    code, templates and fonts all documents share) and report; a failed one loses its old files."""
    if "error" in result:
        report["failed"][doc.key] = result["error"]
        manifest["docs"].pop(doc.key, None)
        for path in doc.outputs(out).values():
            path.unlink(missing_ok=True)
        return f"FAILED {result['error']}"
    t = report["built"][doc.key] = result["times"]
    manifest["docs"][doc.key] = {"inputs": inputs, "html": result["html"], "pdf": result["pdf"], "files": files,
                                 "pages": result.get("pages")}
    return f"{doc.key}: {t['total']:.1f} s (execute {t['execute']:.1f}, pdf {t['pdf']:.1f})"


# ---- 2. what is up to date --------------------------------------------------------------

class Hasher:
    """Hashes of input files (each read once) and of each document's inputs."""

    def __init__(self, root: Path):
        self.root, self.files = Path(root).resolve(), {}
        own = {p for lang in LANGUAGES if lang != "en" for p in language_files(lang)}  # hashed per document
        shared = sorted((HERE / "templates").rglob("*")) + sorted((PACKAGE / "fonts").rglob("*"))
        shared = [p for p in shared if p not in own] + list(build_code())
        versions = {lib: _version(lib) for lib in LIBRARIES}
        versions |= {"chromium": chromium.version(), "pdf-date": str(chromium.build_epoch())}  # both change the bytes
        self.common = [SCHEMA, json.dumps(versions, sort_keys=True)]
        self.common += [f"{p.relative_to(PACKAGE).as_posix()}:{self.file(p)}" for p in shared if p.is_file()]

    def file(self, path: Path) -> str:
        if path not in self.files:
            self.files[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"
        return self.files[path]

    def of(self, doc: Doc) -> str:
        parts = [*self.common, doc.key, f"notebook:{self.file(doc.notebook)}", "scenarios:" + ",".join(doc.scenarios)]
        # sorted by name, not by absolute path, so the hash does not depend on where the project is
        parts += sorted(f"{name}:{self.file(p)}" for name, p in zip(self.names(doc)[1:], doc.inputs, strict=True))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def names(self, doc: Doc) -> list[str]:
        """The document's own inputs as they are named in the hash: its notebook, then each file."""
        return [_shown(doc.notebook, self.root)] + [_shown(p, self.root) for p in doc.inputs]


def up_to_date(doc: Doc, inputs: str, manifest: dict, out: Path, hashes: Hasher) -> bool:
    entry = manifest["docs"].get(doc.key)
    if not entry or entry.get("inputs") != inputs:
        return False
    return all(hashes.file(p) == entry.get(ext) for ext, p in doc.outputs(out).items())


def read_manifest(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return data if data.get("schema") == SCHEMA else {"schema": SCHEMA, "docs": {}}
    except (OSError, ValueError):
        return {"schema": SCHEMA, "docs": {}}


def write_manifest(out: Path, manifest: dict) -> None:
    from .render import write_atomic

    write_if_changed(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode(), write_atomic)


def forget_others(manifest: dict, docs: list[Doc], out: Path, keep: tuple[str, ...] = ()) -> None:
    """Remove the outputs of documents no longer planned (e.g. a removed audience), except
    those of the editions in `keep` whose audience and language are still planned."""
    planned = {d.key for d in docs}
    places = {(d.audience, d.language) for d in docs}
    for key in [k for k in manifest["docs"] if k not in planned]:
        audience, language, edition = key.split("/")
        if edition in keep and (audience, language) in places:
            continue
        for ext in ("html", "pdf"):
            (out / audience / language / f"{edition}.{ext}").unlink(missing_ok=True)
        del manifest["docs"][key]


# ---- 3. build --------------------------------------------------------------------------

def run(docs: list[Doc], cur: Curriculum, out: Path, workers: int):
    """Yield each document's result as it finishes, from up to `workers` processes (`pool.py`).

    Each kernel reads a snapshot of the validated curriculum from the build's temporary
    folder, which also holds the workers' own temporary files; it is removed at the end.
    """
    if not docs:
        return
    from .pool import Workers

    with tempfile.TemporaryDirectory(prefix="tipsom-") as tmp:  # short: sockets live in it
        snapshot = Path(tmp) / "curriculum.pickle"
        snapshot.write_bytes(pickle.dumps(dataclasses.replace(cur, sources={})))
        longest_first = sorted(docs, key=lambda d: (-work(d), d.key))
        jobs = [job(d, cur.root, out, snapshot) for d in longest_first]  # so no worker idles at the end
        pool = Workers(workers, Path(tmp))
        try:
            yield from pool.run(jobs)
        finally:
            pool.stop()


# What a document costs to build, roughly, in leaflets (make bench: a trainer guide ~5 s, a
# workbook ~1.5 s, a leaflet or card under 1 s; Urdu text takes half as long again to print).
WORK = {"trainer_guide": 6.0, "handout": 4.0, "participant_workbook": 2.0}


def work(doc: Doc) -> float:
    return WORK.get(doc.edition, 1.0) * (1.0 if doc.language == "en" else 1.5)


def _stop_signals(needed: bool):
    """SIGTERM raises `Stopped` while workers run (`pool.stop_signals`); nothing to do otherwise."""
    if not needed:
        return contextlib.nullcontext()
    from .pool import stop_signals

    return stop_signals()


def job(doc: Doc, root: Path, out: Path, snapshot: Path | None = None) -> dict:
    outputs = doc.outputs(out)
    return {"key": doc.key, "audience": doc.audience, "edition": doc.edition, "language": doc.language,
            "scenarios": list(doc.scenarios) or None, "day": doc.day or None,
            "root": str(Path(root).resolve()), "snapshot": str(snapshot) if snapshot else None,
            "notebook": str(doc.notebook),
            "html": str(outputs["html"]), "pdf": str(outputs["pdf"])}


def write_if_changed(path: Path, data: bytes, write: Callable[[Path, bytes], None]) -> None:
    if not path.exists() or path.read_bytes() != data:
        write(path, data)


def _version(lib: str) -> str:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "none"


def _shown(path: Path, root: Path) -> str:
    """A file's name in the hash: the package's own files (catalog, fonts) by their place in
    the package, wherever the project is; the project's files relative to its root."""
    path = path.resolve()
    for base, prefix in ((PACKAGE, "tipsom/"), (root, "")):
        if path.is_relative_to(base):
            return prefix + path.relative_to(base).as_posix()
    return path.name
