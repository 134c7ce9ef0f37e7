"""Hardening probes (issue 14): content that passes `check` must build, nothing is silently
dropped, nothing a participant or an author writes crashes a page or reaches outside.

Each probe reproduces what a hostile or careless author, trainer or participant did, and
failed before its fix. Next author: add your probe here, under the point it belongs to (or
a new heading), in a copy of the project (`tmp_path`), never in the project itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from .conftest import FIXTURES

# Issue 14.1-14.3: the build's processes ----------------------------------------------------
# A document that raises anything is one FAILED line; a build stopped by SIGTERM or Ctrl-C
# stops its workers and records what finished; after SIGKILL of the build its workers, kernels
# and browsers exit within seconds; nothing is left in the temporary folder. Each build runs
# as `tipsom handouts` in a process of its own, with TMPDIR a fresh folder, so every process it
# starts (they all inherit TMPDIR) and every file it leaves can be counted.

HANDOUTS = FIXTURES / "handouts"
FATAL = """\
    # Injected into the build's worker processes by the probe only: a library error that, like
    # WeasyPrint's fatal URL error, derives from BaseException and not from Exception.
    import os, sys
    if os.environ.get("PROBE_FATAL") and "tipsom.handouts.worker" in " ".join(sys.orig_argv):
        import tipsom.handouts.render as render

        class FatalURLError(BaseException):
            pass

        _print = render.to_pdf

        def to_pdf(html, job):
            if job["audience"] == os.environ["PROBE_FATAL"]:
                raise FatalURLError("http://127.0.0.1:8765/map.png")
            return _print(html, job)

        render.to_pdf = to_pdf
"""


@pytest.fixture
def tmp(tmp_path):
    """A fresh TMPDIR for one build, short (pytest's folders are too long for Chromium's sockets)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="probe-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def tipsom(tmp: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """`tipsom handouts` with TMPDIR set to `tmp` (which must exist), its output on a pipe."""
    command = [str(Path(sys.executable).with_name("tipsom")), "handouts", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "TMPDIR": str(tmp), **(env or {})})


def started_in(tmp: Path) -> list[psutil.Process]:
    """Every live process that inherited TMPDIR inside `tmp`: the build and all it started."""
    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("TMPDIR", "").startswith(str(tmp)) and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except psutil.Error:
            pass
    return found


def until_built(build: subprocess.Popen, count: int = 1, timeout: float = 120) -> list[str]:
    """Read the build's lines until `count` documents are reported."""
    lines, deadline = [], time.monotonic() + timeout
    while sum(line.startswith("[") for line in lines) < count:
        line = build.stdout.readline()
        assert line and time.monotonic() < deadline, "the build ended or stalled: " + "".join(lines)
        lines.append(line)
    return lines


@pytest.mark.slow
def test_a_document_raising_a_base_exception_is_one_failed_line(tmp_path, tmp):
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(textwrap.dedent(FATAL))
    out = tmp_path / "handouts"
    env = {"PROBE_FATAL": "elders", "PYTHONPATH": str(inject)}
    build = tipsom(tmp, "--root", str(HANDOUTS), "--out", str(out), "--audience", "elders", "--audience", "media", env=env)
    output, _ = build.communicate(timeout=300)
    assert build.returncode == 1, output
    failed = [line for line in output.splitlines() if "FAILED" in line]
    assert len(failed) == 2 and all("FatalURLError: http://127.0.0.1:8765/map.png" in f for f in failed), output
    assert {f.split("FAILED ")[1].split(":")[0] for f in failed} == {"elders/handout", "elders/participant_workbook"}
    assert "2 built, 0 up to date, 2 failed" in output and "Traceback" not in output
    recorded = json.loads((out / ".manifest.json").read_text())["docs"]
    assert sorted(recorded) == ["media/en/handout", "media/en/participant_workbook"]
    assert (out / "index.html").exists() and (out / "media/en/handout.pdf").exists()
    assert not list(tmp.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_stops_its_workers_and_records_what_finished(tmp_path, tmp, stop):
    out = tmp_path / "handouts"
    build = tipsom(tmp, "--root", str(HANDOUTS), "--out", str(out))
    lines = until_built(build)
    assert len(started_in(tmp)) >= 3  # the build, its workers, their kernels and browsers
    build.send_signal(stop)
    rest, _ = build.communicate(timeout=30)
    lines += rest.splitlines(keepends=True)
    assert build.returncode == 128 + stop, "".join(lines)
    time.sleep(10)
    assert started_in(tmp) == []
    built = [line.split("] ")[1].split(":")[0] for line in lines if line.startswith("[")]
    assert sorted(json.loads((out / ".manifest.json").read_text())["docs"]) == sorted(built)
    assert (out / "index.html").exists() and f"Stopped (stopped by {stop.name})" in "".join(lines)
    assert not list(tmp.iterdir()), list(tmp.iterdir())


@pytest.mark.slow
def test_after_sigkill_of_the_build_its_workers_kernels_and_browsers_exit(tmp_path, tmp):
    out = tmp_path / "handouts"
    build = tipsom(tmp, "--root", str(HANDOUTS), "--out", str(out))
    until_built(build)
    left = [p for p in started_in(tmp) if p.pid != build.pid]
    names = {p.name() for p in left}
    assert len(left) >= 2 and any("python" in n for n in names), names
    build.kill()
    gone, alive = psutil.wait_procs(left, timeout=10)
    build.communicate(timeout=30)  # what the workers printed on their way out
    assert not alive and started_in(tmp) == [], [p.name() for p in alive]
    assert not list(tmp.iterdir()), list(tmp.iterdir())  # the build's folder, removed by its workers


@pytest.mark.slow
def test_a_build_leaves_nothing_in_the_temporary_folder(tmp_path, tmp):
    before = len(list(tmp.iterdir()))
    build = tipsom(tmp, "--root", str(HANDOUTS), "--out", str(tmp_path / "handouts"), "--audience", "elders")
    output, _ = build.communicate(timeout=300)
    assert build.returncode == 0, output
    assert len(list(tmp.iterdir())) == before == 0, list(tmp.iterdir())
    assert started_in(tmp) == []
