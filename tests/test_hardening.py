"""Hardening probes (issue 14): content that passes `check` must build, nothing is silently
dropped, nothing a participant or an author writes crashes a page or reaches outside.

Each probe reproduces what a hostile or careless author, trainer or participant did, and
failed before its fix. Next author: add your probe here, under the point it belongs to (or
a new heading), in a copy of the project (`tmp_path`), never in the project itself.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import psutil
import pytest

from tipsom.content import check_project, load_curriculum
from tipsom.content.markdown import MAX_IMAGE_BYTES, clean, image_file, to_html
from tipsom.errors import ContentError, TipsomError
from tipsom.handouts.document import SECTIONS, Document
from tipsom.handouts.parts import md
from tipsom.handouts.plan import blocked, plan
from tipsom.i18n import translator
from tipsom.quiz import room_summary
from tipsom.workbook import pages
from tipsom.workbook.answers import append, check_code, read_answers
from tipsom.workbook.cards import Look
from tipsom.workbook.pages import module_page, scenario_page

from .conftest import FIXTURES, ROOT

WORKBOOK = FIXTURES / "workbook"
HANDOUTS = FIXTURES / "handouts"
BROKEN = FIXTURES / "broken"


def png(width: int = 1, height: int = 1) -> bytes:
    """A real, tiny PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def copy(src: Path, tmp_path: Path, name: str = "project") -> Path:
    root = tmp_path / name
    shutil.copytree(src, root, ignore=shutil.ignore_patterns("build", ".venv", ".git", "sessions", "__pycache__"))
    return root


def with_narrative(root: Path, scenario: str, extra: str) -> None:
    """Append Markdown to a scenario's `narrative: |` block."""
    path = root / "scenarios" / f"{scenario}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("narrative: |"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("  "))
    block = "".join(f"  {line}\n" if line else "\n" for line in extra.splitlines())
    path.write_text("".join(lines[:end]) + "\n" + block + "".join(lines[end:]), encoding="utf-8")


def whole(doc: Document) -> str:
    return "".join(s.html for name in SECTIONS[doc.edition] if (s := doc.section(name)))


# ---- 1. images in content: shipped files embedded, anything else a check error ------------------

NOT_SHIPPED = {
    "http": "![map](http://127.0.0.1:8765/map.png)",
    "https": "![map](https://example.org/map.png)",
    "scheme-relative": "![map](//127.0.0.1:8765/map.png)",
    "file": "![map](file:///etc/passwd)",
    "absolute": "![map](/etc/map.png)",
    "parent": "![map](images/../../secret.png)",
    "outside-folder": "![map](scenarios/map.png)",
    "missing": "![map](images/not-there.png)",
    "reference-style": "![map][route]\n\n[route]: http://127.0.0.1:8765/map.png",
}


@pytest.mark.parametrize("name", sorted(NOT_SHIPPED))
def test_an_image_that_is_not_a_shipped_file_is_a_located_check_error(tmp_path, name):
    root = copy(HANDOUTS, tmp_path)
    with_narrative(root, "housemaid", "The route:\n\n" + NOT_SHIPPED[name])
    found = check_project(root)
    assert [(p.file, p.rule) for p in found] == [("scenarios/housemaid.yaml", "content-image")], found
    text = (root / "scenarios/housemaid.yaml").read_text().splitlines()
    assert "![map]" in text[found[0].line - 1], "the problem names the line of the image"
    with pytest.raises(ContentError):  # so `tipsom handouts` never starts on it
        load_curriculum(root)


def test_raw_img_html_is_a_check_error_and_never_an_image(tmp_path):
    root = copy(HANDOUTS, tmp_path)
    with_narrative(root, "housemaid", '<img src="http://127.0.0.1:8765/map.png">')
    assert [p.rule for p in check_project(root)] == ["raw-html"]
    cur = load_curriculum(root, strict=False)
    assert "<img" not in whole(Document(cur, "elders", "handout")).replace("&lt;img", "")


def test_a_shipped_image_is_embedded_in_print_and_in_the_notebook(tmp_path):
    root = copy(WORKBOOK, tmp_path)
    (root / "curriculum" / "images").mkdir()
    (root / "curriculum" / "images" / "route.png").write_bytes(png())
    module = root / "curriculum/modules/why-it-matters.yaml"
    module.write_text(module.read_text().replace("body: |\n", "body: |\n  ![The route north](images/route.png)\n\n"))
    assert check_project(root) == []
    cur = load_curriculum(root)
    shown = md(cur.modules["why-it-matters"].body, root=cur.root)
    assert '<img src="data:image/png;base64,' in shown and 'alt="The route north"' in shown
    page = module_page("why-it-matters", audience="police", root=str(root)).content()._repr_html_()
    assert '<img src="data:image/png;base64,' in page
    with_narrative(root, "job-offer", "![The kiln](images/route.png)")
    shown = scenario_page("job-offer", audience="police", root=str(root), session="s", sessions_root=str(tmp_path))
    assert '<img src="data:image/png;base64,' in shown.narrative()._repr_html_()
    cur = load_curriculum(root)
    handout, guide = whole(Document(cur, "police", "handout")), whole(Document(cur, "trainer", "trainer_guide"))
    assert handout.count('<img src="data:image/png;base64,') == 1  # the narrative
    assert guide.count('<img src="data:image/png;base64,') == 2  # and the module body
    assert "images/route.png" not in handout + guide


def test_an_image_file_is_checked_for_what_it_is(tmp_path):
    root = tmp_path
    images = root / "curriculum" / "images"
    images.mkdir(parents=True)
    (images / "ok.png").write_bytes(png())
    (images / "fake.png").write_bytes(b"GIF89a not a png")
    (images / "big.png").write_bytes(png() + b"\x00" * MAX_IMAGE_BYTES)
    (images / "remote.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1/x.png"/></svg>')
    (images / "own.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/></svg>')
    (images / "dir.png").mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    (images / "link.png").symlink_to(secret.parent.parent / secret.parent.name / "secret.png")
    (root / "outside").mkdir()
    (root / "outside" / "x.png").write_bytes(png())
    (images / "escape").symlink_to(root / "outside")
    assert image_file(root, "images/ok.png")[0] is not None
    assert image_file(root, "images/own.svg")[0] is not None
    for name in ("fake.png", "big.png", "remote.svg", "dir.png", "escape/x.png"):
        assert image_file(root, f"images/{name}")[0] is None, name
    assert image_file(root, "images/link.png")[0] is None, "a link out of curriculum/images/ is refused"


def test_the_sanitiser_drops_any_image_that_slips_through():
    for markup in ('<img src="http://127.0.0.1:8765/x.png">', '<img src="//127.0.0.1/x.png">',
                   '<img src="x.png">', '<img src="file:///etc/passwd">', '<img srcset="http://x/y.png 2x">'):
        out = clean(markup)
        assert "src" not in out and "http" not in out and "x.png" not in out, out
    assert to_html("![map](http://127.0.0.1:8765/map.png)", ROOT) == "<p>map</p>\n"


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png())

    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_a_build_with_images_that_slipped_past_check_fetches_nothing(tmp_path):
    """The issue's probe: an image at an address aborted every build. Even when content skips
    `check`, the build finishes and nothing is fetched; a shipped image prints."""
    from tipsom.handouts import build_handouts

    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        root = copy(HANDOUTS, tmp_path)
        (root / "curriculum" / "images").mkdir()
        (root / "curriculum" / "images" / "route.png").write_bytes(png(40, 20))
        with_narrative(root, "housemaid", f"![route](images/route.png)\n\n![map]({url}/a.png)\n\n![ref][r]\n\n"
                       f"[r]: {url}/b.png\n\n<img src=\"{url}/c.png\">\n\n[a link]({url}/page)")
        cur = load_curriculum(root, strict=False)
        report = build_handouts(cur, tmp_path / "out", audiences=["elders"], languages=["en"], progress=lambda _: None,
                                editions=["pack", "reference"])
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(report["built"]) == ["elders/en/handout", "elders/en/leaflet", "elders/en/participant_workbook",
                                       "elders/en/referral_card"]
    assert _Counting.hits == [], "the renderer fetched content from an address"
    page = (tmp_path / "out/elders/en/handout.html").read_text()
    assert [a for a in attributes(page) if url in a] == [], "no address is left in an attribute"
    assert page.count('src="data:image/png;base64,') == 1 and f"a link ({url}/page)" in page
    assert html.escape(f'<img src="{url}/c.png">', quote=False) in page, "raw HTML prints as text"


def attributes(page: str) -> list[str]:
    found: list[str] = []

    class Attrs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(str(v) for _, v in attrs)
    Attrs().feed(page)
    return found


# ---- 4. deep Markdown: a located problem, and rendering never drops text -------------------------

DEEP = "".join("  " * i + f"- level {i + 1}\n" for i in range(12)) + "\nThe text after the list.\n"


def test_too_deep_markdown_is_a_located_check_problem():
    found = check_project(ROOT, [BROKEN / "markdown-too-deep.yaml"])
    assert [(p.rule, p.line) for p in found] == [("markdown-too-deep", 21)]


def test_too_deep_markdown_loses_no_text_in_print_or_notebook(tmp_path):
    out = to_html(DEEP)
    assert all(f"level {i + 1}" in out for i in range(12)) and "The text after the list." in out
    assert to_html("> " * 30 + "quoted\n\nafter").count("quoted") == 1
    root = copy(HANDOUTS, tmp_path)
    with_narrative(root, "housemaid", DEEP)
    assert [p.rule for p in check_project(root)] == ["markdown-too-deep"]
    printed = whole(Document(load_curriculum(root, strict=False), "elders", "handout"))
    assert "level 12" in printed and "The text after the list." in printed
    assert "level 12" in Look({}).markdown(DEEP)


def test_nine_list_levels_still_render_as_lists():
    nine = "".join("  " * i + f"- level {i + 1}\n" for i in range(9))
    assert to_html(nine).count("<ul>") == 9
    assert check_project(ROOT, [BROKEN / "_valid.yaml"]) == []


# ---- 5. a returning participant after an edit, or with a forged record -------------------------

def renamed(tmp_path) -> Path:
    """The workbook fixture with option ids renamed in a scenario and its Urdu overlay."""
    root = copy(WORKBOOK, tmp_path)
    sc = root / "scenarios/border-crossing.yaml"
    sc.write_text(sc.read_text().replace("- id: screen\n", "- id: screen-first\n").replace("- id: ended\n", "- id: journey-ended\n"))
    ur = root / "scenarios/border-crossing.ur.yaml"
    ur.write_text(ur.read_text() + '  "questions.response.options.screen-first.text": >-\n    پہلے اسکریننگ کریں\n')
    assert check_project(root) == []  # a legitimate edit
    return root


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_renamed_option_does_not_crash_a_returning_participant(tmp_path, language):
    kw = {"session": "s", "sessions_root": str(tmp_path / "sessions"), "language": language}
    first = scenario_page("border-crossing", audience="police", participant="P1", root=str(WORKBOOK), **kw)
    card = first.response()
    card.control.value = "screen"
    card.submit_button.click()
    ind = first.indicators()
    ind.boxes["fee"].value = ind.boxes["ended"].value = True
    ind.submit_button.click()
    again = scenario_page("border-crossing", audience="police", participant="P1", root=str(renamed(tmp_path)), **kw)
    response, indicators = again.response(), again.indicators()  # raised TraitError before
    t = translator(language)
    assert response.control.value is None
    assert t("Your earlier answer ({time}) no longer fits this question, which has changed since. "
             "Please answer it again.").split("(")[0] in response.feedback.value
    assert indicators.boxes["fee"].value and not indicators.boxes["journey-ended"].value  # what still fits
    assert t("Part of your earlier answer ({time}) no longer fits this question, which has changed since. "
             "What still fits is ticked: check it and submit again.").split("(")[0] in indicators.feedback.value
    if language == "ur":
        assert "Please answer" not in response.feedback.value, "the message is in the participant's language"


FORGED = [{"answer": {"x": 1}}, {"answer": 7}, {"answer": ["fee", ["nested"], None]}, {"answer": "trafficking"},
          {"answer": None}, {"question": ["classify"]}, {"question": {"a": 1}, "participant": ["x"]}, {"scenario": 5}]


def test_forged_or_garbled_records_never_crash_the_page_or_the_room(tmp_path):
    folder = tmp_path / "sessions" / "s"
    folder.mkdir(parents=True)
    lines = []
    for q in ("classify", "who-investigates", "indicators", "response"):
        lines += [json.dumps({"scenario": "border-crossing", "question": q, "kind": q, **r}) for r in FORGED]
    lines.append(json.dumps({"scenario": "border-crossing", "question": "indicators", "answer": ["fee", ["x"], None, 3]}))
    (folder / "P1.jsonl").write_text("\n".join(lines) + "\n")
    p = scenario_page("border-crossing", audience="police", participant="P1", session="s",
                      sessions_root=str(tmp_path / "sessions"), root=str(WORKBOOK))
    sections = [p.header(), p.classify(), p.investigates(), p.indicators(), p.response(), p.explorer()]
    assert all(s is not None for s in sections)
    assert p.indicators().boxes["fee"].value is True  # the one pick that still names an option
    room_summary(read_answers(folder).records)
    trainer = scenario_page("border-crossing", audience="police", mode="trainer", session="s",
                            sessions_root=str(tmp_path / "sessions"), root=str(WORKBOOK))
    assert trainer.notes() is not None


# ---- 6. one sanitiser: no raw HTML, no links, no remote images, everywhere -----------------------

HOSTILE = ('See [the FIA](https://fia.gov.pk/report) or <https://example.org>.\n\n'
           '<img src=http://127.0.0.1:8765/x.png> <a href="http://evil.example">click</a> '
           '<script>alert(1)</script> <iframe src="http://x"></iframe>\n\n'
           '![p](http://127.0.0.1:8765/p.png)')


def test_content_is_sanitised_the_same_in_print_and_in_notebooks():
    printed, notebook = md(HOSTILE), Look({}).markdown(HOSTILE)
    assert printed == to_html(HOSTILE)
    assert html.unescape(notebook).replace("\n", "") == html.unescape(printed).replace("\n", ""), "one sanitiser"
    for out in (printed, notebook):
        assert "<a" not in out and "<img" not in out and "<script" not in out and "<iframe" not in out
        assert "the FIA (https://fia.gov.pk/report)" in out, "a link prints its text and its address"
        assert "https://example.org" in out and "(https://example.org)" not in out


def test_module_bodies_in_notebooks_pass_no_raw_html(tmp_path):
    root = copy(WORKBOOK, tmp_path)
    module = root / "curriculum/modules/why-it-matters.yaml"
    module.write_text(module.read_text().replace("body: |\n", "body: |\n  <img src=http://127.0.0.1:8765/x.png>\n"
                                                 "  [a link](https://example.org)\n\n"))
    assert [p.rule for p in check_project(root)] == ["raw-html"]
    cur = load_curriculum(root, strict=False)  # as if the check had been skipped
    shown = pages.ModulePage(cur, cur.audiences["police"], cur.modules["why-it-matters"], "participant", Look(cur.provisions))
    page = shown.content()._repr_html_()
    assert "<img" not in page and "href" not in page and "a link (https://example.org)" in page


def test_no_external_link_survives_into_a_printed_edition(tmp_path):
    root = copy(HANDOUTS, tmp_path)
    with_narrative(root, "housemaid", "Report it to [the FIA](https://fia.gov.pk/report).")
    cur = load_curriculum(root)
    for edition in ("handout", "participant_workbook"):
        text = whole(Document(cur, "elders", edition))
        assert "the FIA (https://fia.gov.pk/report)" in text
        links = re.findall(r'<a [^>]*href="([^"]*)"', text)
        assert all(h.startswith(("#", "tel:")) for h in links), "only § links and phone numbers remain"


# ---- 7. a broken translation fails only what reads it; participant codes ----------------------

def broken_overlay(tmp_path) -> Path:
    """The project with an English option id renamed and its Urdu overlay left behind."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    sc = root / "scenarios/nushki-truck.yaml"  # a scenario the programme prints in the day's workbooks
    sc.write_text(sc.read_text().replace("- id: paid\n", "- id: paid-it\n"))
    return root


def test_a_broken_urdu_overlay_fails_only_the_documents_that_read_it(tmp_path):
    root = broken_overlay(tmp_path)
    assert {p.file for p in check_project(root)} == {"scenarios/nushki-truck.ur.yaml"}
    with pytest.raises(ContentError):
        load_curriculum(root)  # still refused where nothing is scoped
    cur = load_curriculum(root, scope_translations=True)
    docs = plan(cur)
    stopped = blocked(cur, docs)
    english = (root / "scenarios/nushki-truck.yaml").resolve()
    readers = {d.key for d in docs if d.language == "ur" and english in {p.resolve() for p in d.inputs}}
    assert readers and set(stopped) == readers  # the Urdu documents that print the case, and only they
    assert all("nushki-truck.ur.yaml" in why and "unknown-translation-key" in why for why in stopped.values())
    assert not [d for d in docs if d.language == "en" and d.key in stopped]
    assert {"elders/ur/leaflet", "civil_society/ur/participant_workbook"} <= {d.key for d in docs} - set(stopped)


def test_the_command_prints_one_failed_line_per_document_that_reads_it(tmp_path):
    root = broken_overlay(tmp_path)
    tipsom = Path(sys.executable).with_name("tipsom")
    r = subprocess.run([str(tipsom), "handouts", "--root", str(root), "--audience", "fia", "--language", "ur",
                        "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    failed = [line for line in r.stdout.splitlines() if "FAILED" in line]
    # of the FIA's Urdu print pack, only the day's workbook prints the case
    assert len(failed) == 1 and all("nushki-truck.ur.yaml:" in f for f in failed), r.stdout + r.stderr
    assert "1 document(s) failed" in r.stderr


def test_a_broken_urdu_overlay_blocks_only_its_own_urdu_page(tmp_path):
    root = broken_overlay(tmp_path)
    pages._LOADED.clear()
    kw = {"audience": "police", "session": "s", "sessions_root": str(tmp_path / "s"), "root": str(root)}
    broken = scenario_page("nushki-truck", language="ur", **kw)
    assert isinstance(broken, pages.ErrorPage) and "nushki-truck.ur.yaml" in broken.message
    assert isinstance(scenario_page("nushki-truck", language="en", **kw), pages.ScenarioPage)
    assert isinstance(scenario_page("brick-kiln-peshgi", language="ur", **kw), pages.ScenarioPage)


def test_participant_codes_are_case_insensitive(tmp_path):
    assert check_code("p01") == check_code("P01") == "P01"
    append(tmp_path, "P01", {"scenario": "x", "question": "q", "answer": "a"})
    append(tmp_path, "p01", {"scenario": "x", "question": "q", "answer": "b"})
    assert [p.name for p in tmp_path.iterdir()] == ["P01.jsonl"]
    assert [r["answer"] for r in read_answers(tmp_path, "p01").records] == ["a", "b"]


def test_an_old_session_with_both_cases_merges_them(tmp_path):
    (tmp_path / "p01.jsonl").write_text(json.dumps({"time": "2026-01-01T10:00:00+00:00", "participant": "p01",
                                                    "scenario": "x", "question": "q", "answer": "first"}) + "\n")
    (tmp_path / "P01.jsonl").write_text(json.dumps({"time": "2026-01-01T11:00:00+00:00", "participant": "P01",
                                                    "scenario": "x", "question": "q", "answer": "second"}) + "\n")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("a case-insensitive disk holds one file")
    assert [r["answer"] for r in read_answers(tmp_path, "P01").records] == ["first", "second"]
    everyone = read_answers(tmp_path).records
    assert {r["participant"] for r in everyone} == {"P01"} and len(everyone) == 2
    summary = room_summary(everyone)
    assert summary["x"]["q"]["answered"] == 1 and summary["x"]["q"]["answers"] == {"second": 1}


def test_a_participant_code_never_names_a_file_outside(tmp_path):
    for code in ("../P01", "P01/../x", ".P01", "P 01", "P01\x00", ["P01"], None):
        with pytest.raises(TipsomError):
            check_code(code)  # type: ignore[arg-type]


# Issue 14.1-14.3: the build's processes ----------------------------------------------------
# A document that raises anything is one FAILED line; a build stopped by SIGTERM or Ctrl-C
# stops its workers and records what finished; after SIGKILL of the build its workers, kernels
# and browsers exit within seconds; nothing is left in the temporary folder. Each build runs
# as `tipsom handouts` in a process of its own, with TMPDIR a fresh folder, so every process it
# starts (they all inherit TMPDIR) and every file it leaves can be counted.

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
    pack = ("leaflet", "participant_workbook", "referral_card")  # each audience's print pack
    assert len(failed) == 3 and all("FatalURLError: http://127.0.0.1:8765/map.png" in f for f in failed), output
    assert {f.split("FAILED ")[1].split(":")[0] for f in failed} == {f"elders/{e}" for e in pack}
    assert "3 built, 0 up to date, 3 failed" in output and "Traceback" not in output
    recorded = json.loads((out / ".manifest.json").read_text())["docs"]
    assert sorted(recorded) == [f"media/en/{e}" for e in pack]
    assert (out / "index.html").exists() and (out / "media/en/leaflet.pdf").exists()
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
