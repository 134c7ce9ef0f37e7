"""`make handouts` end to end: every edition as HTML and PDF, offline, deterministic,
incremental, failing one document at a time, and never leaking trainer-only text.

One build of the fixture project and one of the real project (`project_build` in conftest,
also used by the Urdu tests) are shared by the tests (session scope); the determinism test
builds the fixture a second time.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from benchmarks.engines import text_of
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from tipsom.content import load_curriculum
from tipsom.errors import TipsomError
from tipsom.handouts import build_handouts

from .conftest import FIXTURES, ROOT
from .test_printed import trainer_only, words

pytestmark = pytest.mark.slow
PROJECT = FIXTURES / "handouts"
GOLDENS = Path(__file__).parent / "goldens" / "handouts"
AUDIENCES = ("police", "fia", "elders", "media", "academia", "civil_society")
PACK = ("leaflet", "referral_card", "participant_workbook")
EDITIONS = [f"{a}/en/{e}" for a in AUDIENCES for e in (*PACK, "handout")] + ["trainer/en/trainer_guide"]
PASHTO = 4  # the Pashto leaflet and card of elders and civil society (issue 21)
BOTH = ["pack", "reference"]  # the sessions' builds make the reference handout too, to test it
FONTS = {"Tipsom Sans", "Tipsom Serif"}
FAMILIES = {name for css in (ROOT / "src/tipsom/fonts").glob("fonts*.css")
            for name in re.findall(r"font-family:\s*'([^']+)'", css.read_text())}  # every font the project ships
SHIPPED = tuple(sorted({TTFont(p)["name"].getDebugName(6) for p in (ROOT / "src/tipsom/fonts").iterdir()
                        if p.suffix in (".ttf", ".woff2")}))  # PostScript names of the shipped font files


def build(root: Path, out: Path, **kw) -> tuple[dict, list[str]]:
    lines: list[str] = []
    report = build_handouts(load_curriculum(root), out, progress=lines.append, **{"editions": BOTH, **kw})
    return report, lines


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> tuple[Path, dict, list[str]]:
    out = tmp_path_factory.mktemp("fixture") / "handouts"
    return (out, *build(PROJECT, out))


def html_text(path: Path) -> str:
    return text_of(path.read_text(encoding="utf-8"))


def pdf_pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode().split("\f")[:-1]


def body_text(pages: list[str]) -> str:
    """The PDF's text without its running heads and page numbers."""
    furniture = re.compile(r"^(.* · (English)|TIP/SOM training|Page \d+ of \d+)$")
    return "\n".join(line for page in pages for line in page.splitlines() if not furniture.match(line.strip()))


def stable(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), 100) + "\n"


# ---- every edition, HTML and PDF ---------------------------------------------------------

def test_every_edition_is_built_with_progress_per_document(fixture_build):
    out, report, lines = fixture_build
    assert sorted(report["built"]) == sorted(EDITIONS) and not report["failed"]
    for key in EDITIONS:
        assert (out / f"{key}.html").stat().st_size > 1000 and (out / f"{key}.pdf").read_bytes()[:5] == b"%PDF-"
    n = len(EDITIONS)
    assert sum(1 for line in lines if re.match(rf"\[\d+/{n}\] \S+/en/\S+: [\d.]+ s", line)) == n
    index = (out / "index.html").read_text()
    assert all(f'href="{key}.html"' in index and f'href="{key}.pdf"' in index for key in EDITIONS)
    assert not list(out.rglob("*.tmp"))


def test_the_project_builds_every_edition(project_build):
    assert all((project_build / f"{key}.pdf").exists() for key in EDITIONS)
    assert all((project_build / a / "ur" / f"{e}.pdf").exists() for a in AUDIENCES for e in (*PACK, "handout"))


# ---- offline and self-contained ---------------------------------------------------------------

@pytest.mark.parametrize("which", ["fixture_build", "project_build"])
def test_html_loads_nothing_from_outside(which, request):
    built = request.getfixturevalue(which)
    out = built[0] if isinstance(built, tuple) else built
    files = sorted(out.rglob("*.html"))
    days = 0 if which == "fixture_build" else len(request.getfixturevalue("curriculum").programme.days)  # a guide a day
    word_lists = 0 if which == "fixture_build" else 2 * len(AUDIENCES)  # the project chooses terms for each audience
    assert len(files) == len(EDITIONS) + 1 + (0 if which == "fixture_build" else len(EDITIONS) - 1 + days + PASHTO) + word_lists
    for f in files:
        page = f.read_text(encoding="utf-8")
        assert not re.search(r"<script|<link|<iframe|<object|<embed|@import", page, re.I), f
        for ref in re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', page):
            assert not re.match(r"[a-z]+:|//", ref, re.I) or ref.startswith(("data:", "tel:")), (f, ref)  # a call, no fetch
        assert all(u.startswith("data:") for u in re.findall(r"url\(\s*['\"]?([^)'\"]+)", page)), f
        faces = re.findall(r"@font-face\s*{[^}]*}", page)
        declared = {x.strip(" '\"") for face in faces for x in re.findall(r"font-family\s*:\s*([^;}]+)", face)}
        used = {x.strip(" '\"") for names in re.findall(r"font-family\s*:\s*([^;}]+)", page) for x in names.split(",")}
        assert FONTS <= declared and used <= FAMILIES, (f, used, declared)  # no system font, ever


# ---- the PDF ----------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["fixture_build", "project_build"])
def test_pdfs_are_a4_numbered_headed_and_use_only_shipped_fonts(which, request):
    built = request.getfixturevalue(which)
    out = built[0] if isinstance(built, tuple) else built
    for key in EDITIONS:
        reader = PdfReader(out / f"{key}.pdf")
        pages = pdf_pages(out / f"{key}.pdf")
        assert len(pages) == len(reader.pages) >= 1
        for i, (page, text) in enumerate(zip(reader.pages, pages, strict=True), 1):
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
            assert f"Page {i} of {len(pages)}" in text and "English" in text, (key, i)
            fonts = {f["/BaseFont"].split("+")[-1] for f in page["/Resources"]["/Font"].values()}
            assert all(font.startswith(SHIPPED) for font in fonts), (key, i, fonts)


@pytest.mark.parametrize("which", ["fixture_build", "project_build"])
def test_every_pdf_is_tagged_with_bookmarks_and_its_language(which, request):
    """Issue 13.5: structure for screen readers, the document's language, headings as bookmarks."""
    built = request.getfixturevalue(which)
    out = built[0] if isinstance(built, tuple) else built
    pdfs = sorted(out.rglob("*.pdf"))
    days = 0 if which == "fixture_build" else len(request.getfixturevalue("curriculum").programme.days)  # a guide a day
    assert len(pdfs) == (len(EDITIONS) if which == "fixture_build" else 1 + days + 2 * 5 * len(AUDIENCES) + PASHTO)  # + Urdu, Pashto
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M), pdf
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == pdf.parent.name, pdf
        marks = [m for m in reader.outline if not isinstance(m, list)]
        page = re.sub(r'<nav class="screen-contents">.*?</nav>', "", pdf.with_suffix(".html").read_text(encoding="utf-8"), flags=re.S)
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)  # the contents list shows on screen only
        assert marks and len(reader.outline) > 1, pdf
        # compared without spaces: Chromium joins a heading's wrapped lines with no space ("trafficked(fixture card)")
        first = re.sub(r"\s", "", html.unescape(re.sub(r"<[^>]+>", "", headings[0])))
        assert first in [re.sub(r"\s", "", m.title) for m in _flat(reader.outline)], pdf


def _flat(outline: list) -> list:
    return [x for m in outline for x in (_flat(m) if isinstance(m, list) else [m])]


def test_the_pdf_of_one_edition_has_the_pages_and_text_expected(fixture_build):
    out = fixture_build[0]
    pages = pdf_pages(out / "elders/en/handout.pdf")
    assert pages[0].splitlines()[0] == "Community elders · Reference handout · English"
    assert "Key messages" in pages[0] and "Referral card" in pages[-1]
    sections = ["Key messages", "Trafficking and smuggling side by side", "Who investigates", "Rights and gender",
                "The law at a glance", "Scenarios to discuss", "Words to know", "Referral card"]
    text = body_text(pages)
    assert [text.index(s) for s in sections] == sorted(text.index(s) for s in sections)
    book = pdf_pages(out / "civil_society/en/participant_workbook.pdf")
    text = body_text(book)  # the day's scenarios follow one another (no page each: the page budget)
    assert 0 <= text.index("Scenario 1:") < text.index("Scenario 2:")


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_goldens_of_one_audience(kind, fixture_build):
    out = fixture_build[0]
    for edition in (*PACK, "handout"):
        path = out / f"elders/en/{edition}.{kind}"
        text = stable(html_text(path) if kind == "html" else body_text(pdf_pages(path)))
        if kind == "pdf":
            text = f"pages: {len(pdf_pages(path))}\n" + text
        golden = GOLDENS / f"elders-{edition}.{kind}.txt"
        if os.environ.get("TIPSOM_UPDATE_GOLDENS"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs (TIPSOM_UPDATE_GOLDENS=1 rewrites it)"


# ---- no leaks ---------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["fixture_build", "project_build"])
def test_no_participant_edition_holds_an_answer_note_or_debrief(which, request):
    built = request.getfixturevalue(which)
    out = built[0] if isinstance(built, tuple) else built
    cur = load_curriculum(PROJECT) if which == "fixture_build" else request.getfixturevalue("curriculum")
    from tipsom.handouts.cite import readable
    from tipsom.handouts.language import Localised

    secrets = [words(readable(t, Localised(cur, "en"))) for t in trainer_only(cur)]  # the law as every edition cites it
    guide = words(html_text(out / "trainer/en/trainer_guide.html"))
    assert all(s in guide for s in secrets)  # the search finds them where they belong
    for key in EDITIONS[:-1]:
        for text in (words(html_text(out / f"{key}.html")), words(body_text(pdf_pages(out / f"{key}.pdf")))):
            leaked = [s.strip() for s in secrets if s in text]
            assert not leaked, f"{key} shows trainer-only text: {leaked[:3]}"


# ---- reproducible and incremental ---------------------------------------------------------

def test_two_builds_give_byte_identical_files(fixture_build, tmp_path):
    first = fixture_build[0]
    second = tmp_path / "handouts"
    build(PROJECT, second)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    differ = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert not differ


def test_an_unchanged_project_rebuilds_nothing_and_one_scenario_rebuilds_its_documents(fixture_build, tmp_path):
    root, out = tmp_path / "project", tmp_path / "handouts"
    shutil.copytree(PROJECT, root)
    shutil.copytree(fixture_build[0], out)
    r = _cli("handouts", "--root", str(root), "--out", str(out))
    assert r.returncode == 0, r.stderr  # how fast: `make bench` ("second build, nothing changed")
    pack = [k for k in EDITIONS if not k.endswith("/handout")]  # the CLI's default: the print pack and the guide
    assert f"{len(pack)} of {len(pack)} document(s) up to date" in r.stdout and "0 built" in r.stdout
    before = {k: (out / f"{k}.pdf").stat().st_mtime_ns for k in EDITIONS}
    scenario = root / "scenarios" / "newsroom.yaml"
    scenario.write_text(scenario.read_text().replace("calls home every week", "calls home every Friday"))
    report, _ = build(root, out)  # newsroom is in no session: in the reference handout, not in a workbook
    assert sorted(report["built"]) == ["media/en/handout", "trainer/en/trainer_guide"]
    rebuilt = set(report["built"])
    assert "every Friday" in html_text(out / "media/en/handout.html")
    assert "every Friday" not in html_text(out / "media/en/participant_workbook.html")
    scenario = root / "scenarios" / "housemaid.yaml"  # in the programme: every workbook that prints it
    scenario.write_text(scenario.read_text().replace("a village near Quetta", "a village near Pishin"))
    report, _ = build(root, out)
    assert sorted(report["built"]) == sorted([f"{a}/en/{e}" for a in ("police", "elders", "civil_society")
                                              for e in ("handout", "participant_workbook")] + ["trainer/en/trainer_guide"])
    rebuilt |= set(report["built"])
    assert all((out / f"{k}.pdf").stat().st_mtime_ns == before[k] for k in EDITIONS if k not in rebuilt)


def _cli(*args: str) -> subprocess.CompletedProcess:
    tipsom = Path(sys.executable).with_name("tipsom")
    return subprocess.run([str(tipsom), *args], capture_output=True, text=True, timeout=120)


# ---- a failing document ---------------------------------------------------------------------

def test_a_failing_document_is_named_and_the_others_still_build(tmp_path):
    root, out = tmp_path / "project", tmp_path / "handouts"
    shutil.copytree(PROJECT, root)
    nb = json.loads((ROOT / "notebooks" / "handout.ipynb").read_text())
    cell = next(c for c in nb["cells"] if c["id"] == "key-messages")
    cell["source"] = ['assert audience != "elders", "broken on purpose"\n', *cell["source"]]
    (root / "notebooks").mkdir()
    (root / "notebooks" / "handout.ipynb").write_text(json.dumps(nb))
    stale = out / "elders" / "en" / "handout.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an old build")
    lines: list[str] = []
    with pytest.raises(TipsomError, match="1 document"):
        build_handouts(load_curriculum(root), out, audiences=["elders", "media"], progress=lines.append, editions=["reference"])
    failed = [line for line in lines if "FAILED" in line]
    assert len(failed) == 1 and all("cell 10 (id 'key-messages')" in f and "broken on purpose" in f for f in failed)
    assert any("elders/handout: handout.ipynb" in f for f in failed)
    assert (out / "media/en/handout.pdf").exists() and (out / "media/en/handout.html").exists()
    assert not list((out / "elders").rglob("*.*")), "a failed document leaves no file behind"
    assert not [k for k in json.loads((out / ".manifest.json").read_text())["docs"] if k.startswith("elders/")]


def test_unknown_audience_is_a_clear_error(tmp_path):
    with pytest.raises(TipsomError, match="unknown audience 'polise'"):
        build_handouts(load_curriculum(PROJECT), tmp_path, audiences=["polise"])


def test_index_escapes_and_lists(fixture_build):
    index = (fixture_build[0] / "index.html").read_text()
    assert html.escape("Tackling trafficking in persons and smuggling of migrants (fixture)") in index


# ---- the print pack on paper --------------------------------------------------------------------

BUDGET = {"elders": 12}  # English pages per participant (elders: four cases, one of each class, issue 19); every other audience 15


def test_the_print_pack_fits_one_sheet_one_card_page_and_its_budget(project_build):
    from tipsom.handouts.index import page_counts, per_participant

    manifest = json.loads((project_build / ".manifest.json").read_text())
    counts = page_counts(project_build, manifest)
    for audience in AUDIENCES:
        for language in ("en", "ur"):
            assert counts[f"{audience}/{language}/leaflet"] == 2, (audience, language)  # one sheet, both sides
            assert counts[f"{audience}/{language}/referral_card"] == 2, (audience, language)  # wallet cards: fronts, backs
            assert counts[f"{audience}/{language}/word_list"] == 1, (audience, language)  # one page (issue 20)
    totals = per_participant(counts)
    for audience in AUDIENCES:
        assert totals[(audience, "en")] <= BUDGET.get(audience, 15), (audience, totals[(audience, "en")])
    index = (project_build / "index.html").read_text(encoding="utf-8")
    assert all(f"{totals[(a, lang)]} pages per participant" in index for a in AUDIENCES for lang in ("en", "ur"))
    assert index.index("Day 1:") < index.index("Provincial police") < index.index("Day 2:") < index.index("Community elders")
    assert "trainer only" in index and "one per participant" in index and "draft translation" in index
    assert "one per two participants" in index and "eight wallet cards (85 x 55 mm)" in index
    card = (project_build / "police/ur/referral_card.html").read_text(encoding="utf-8")
    assert ".cut-card { width: 85mm; height: 55mm;" in card and card.count('class="cut-card"') == 16  # wallet size, 8 a sheet


def test_each_word_list_is_one_page_of_the_terms_chosen_for_its_audience(project_build, curriculum):
    """Issue 20, point 2: one A4 page per audience and language (pdfinfo), printing exactly the
    glossary terms whose `audiences` name it, in that language and in glossary order."""
    from tipsom.handouts.language import Localised

    for language in ("en", "ur"):
        terms = Localised(curriculum, language).glossary
        for audience in AUDIENCES:
            chosen = [terms[i].term for i, t in enumerate(curriculum.glossary) if audience in t.audiences]
            assert len(chosen) >= 5, audience  # a word list worth a page
            folder = project_build / audience / language
            info = subprocess.run(["pdfinfo", str(folder / "word_list.pdf")], capture_output=True, text=True, check=True)
            assert re.search(r"^Pages:\s+1$", info.stdout, re.M), (audience, language)
            page = (folder / "word_list.html").read_text(encoding="utf-8")
            printed = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h3>(.*?)</h3>", page, re.S)]
            assert printed == chosen, (audience, language)


def test_urdu_leaflet_and_card_pdfs_are_urdu_throughout(project_build):
    arabic = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
    for audience in AUDIENCES:
        for edition in ("leaflet", "referral_card"):
            letters = [c for c in "".join(pdf_pages(project_build / f"{audience}/ur/{edition}.pdf")) if c.isalpha()]
            share = sum(bool(arabic.match(c)) for c in letters) / len(letters)
            assert share >= 0.90, f"{audience}/{edition}: {share:.1%} Arabic script"


def test_no_participant_pdf_prints_an_internal_id(project_build):
    from tipsom.handouts.cite import INTERNAL_ID

    for path in sorted(project_build.glob("*/*/*.pdf")):
        if path.parts[-3] != "trainer":
            found = INTERNAL_ID.findall(" ".join(pdf_pages(path)))
            assert not found, (path.relative_to(project_build), found[:3])


def test_the_trainer_guides_contents_give_the_page_each_part_starts_on(fixture_build):
    """Chromium has no target-counter: the build prints the guide twice and writes the pages in."""
    out = fixture_build[0]
    page = (out / "trainer/en/trainer_guide.html").read_text(encoding="utf-8")
    pdf = out / "trainer/en/trainer_guide.pdf"
    entries = re.findall(r'<a class="toc-link toc-filled" href="#([\w-]+)" data-page="(\d+)">([^<]+)</a>', page)
    assert len(entries) >= 5 and 'class="toc-link" href=' not in page  # every entry has its page
    for _, number, title in entries:  # each entry's title is on the page it names
        text = subprocess.run(["pdftotext", "-f", number, "-l", number, str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert " ".join(html.unescape(title).split()) in " ".join(text.split()), (title, number)
