"""String states and PO round trips (issue 21): missing, draft, stale, reviewed; export, import,
`--reviewed-by`; a located error per bad string and nothing half-written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from tipsom.content import load_curriculum
from tipsom.content.states import strings
from tipsom.translation.po import export
from tipsom.translation.po_import import PROVISION, import_po
from tipsom.translation.stamp import stamp

from .conftest import ROOT

REVIEWER = "Fixture Reviewer"  # tests only: nothing the team writes is marked reviewed


@pytest.fixture()
def full(tmp_path: Path) -> Path:
    """A copy of the whole project's content, translations included."""
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, tmp_path / "project" / folder)
    return tmp_path / "project"


def overlays(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("**/*.*.yaml"))}


def state(root: Path, file: str, key: str, language: str = "ur") -> str:
    return next(s.state for s in strings(load_curriculum(root), language, file) if s.key == key)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipsom", *args], capture_output=True, text=True, timeout=120)


def edit_po(path: Path, context: str, string: str | None = None, fuzzy: bool | None = None, msgid: str | None = None) -> None:
    with path.open("rb") as f:
        catalog = read_po(f)
    m = next(m for m in catalog if m.context == context)
    if string is not None:
        m.string = string
    if fuzzy is not None:
        (m.flags.add if fuzzy else m.flags.discard)("fuzzy")
    if msgid is not None:
        catalog.delete(m.id, m.context)
        catalog.add(msgid, m.string, context=m.context, flags=m.flags)
    with path.open("wb") as f:
        write_po(f, catalog, width=0)


def test_counts_per_language_and_nothing_the_team_wrote_is_reviewed():
    r = cli("translations", "--root", str(ROOT), "--json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert set(found) == {"ur", "ps"}
    for counts in found.values():
        assert set(counts) == {"missing", "draft", "stale", "reviewed"} and counts["reviewed"] == 0
    assert found["ur"]["draft"] > 1000 and found["ps"]["draft"] > 0
    assert cli("translations", "--root", str(ROOT), "--require", "reviewed").returncode == 1


def test_an_english_edit_turns_its_urdu_stale(full):
    assert state(full, "curriculum/card.yaml", "title") == "draft"
    card = full / "curriculum" / "card.yaml"
    card.write_text(card.read_text().replace("If someone may be trafficked or smuggled", "If someone may be trafficked"))
    assert state(full, "curriculum/card.yaml", "title") == "stale"
    assert state(full, "curriculum/card.yaml", "steps.0.text") == "draft"
    r = cli("translations", "--root", str(full), "--require", "current", "--language", "ur")
    assert r.returncode == 1 and "not current" in r.stderr


def test_export_then_import_changes_no_file(full, tmp_path):
    before = overlays(full)
    cur = load_curriculum(full)
    written = export(cur, "ur", tmp_path / "po")
    assert tmp_path / "po" / "scenarios" / "nushki-truck.po" in written
    problems, changed = import_po(cur, written, None)
    assert (problems, changed) == ([], {})
    problems, changed = import_po(load_curriculum(full), written, REVIEWER)  # all fuzzy: nothing approved
    assert (problems, changed) == ([], {}) and overlays(full) == before


def test_po_marks_drafts_fuzzy_and_notes_audience_and_terms(full, tmp_path):
    [po] = [p for p in export(load_curriculum(full), "ur", tmp_path) if p.name == "leaflet.po"]
    with po.open("rb") as f:
        catalog = read_po(f)
    m = next(m for m in catalog if m.context == "curriculum/leaflet.yaml#side_by_side.what.smuggling.text")
    assert m.fuzzy and m.string and any(c.startswith("Stale:") for c in m.auto_comments)
    elders = next(m for m in catalog if (m.context or "").startswith("curriculum/leaflet.yaml#audiences.elders."))
    assert any("Community elders" in c or "at most 15 words" in c for c in elders.auto_comments), elders.auto_comments
    assert any(c.startswith("Term: trafficking in persons = انسانوں کی تجارت (ٹریفکنگ)") for m in catalog for c in m.auto_comments)


def test_reviewed_by_approves_only_non_fuzzy_strings(full, tmp_path):
    [po] = [p for p in export(load_curriculum(full), "ur", tmp_path) if p.name == "card.po"]
    edit_po(po, "curriculum/card.yaml#title", fuzzy=False)
    edit_po(po, "curriculum/card.yaml#steps.0.text", string="سنیں۔ یقین کریں۔ جو وہ بتائیں، اسے راز میں رکھیں۔")
    problems, changed = import_po(load_curriculum(full), [po], REVIEWER)
    assert problems == [] and changed == {"curriculum/card.ur.yaml": 2}
    cur = load_curriculum(full)
    got = {s.key: s for s in strings(cur, "ur", "curriculum/card.yaml")}
    assert got["title"].state == "reviewed" and got["title"].meta.reviewed_by == REVIEWER
    assert got["steps.0.text"].state == "draft" and got["steps.0.text"].translation.endswith("رکھیں۔")
    again = export(cur, "ur", tmp_path / "again")  # the reviewed string now exports without fuzzy; a round trip keeps all
    before = overlays(full)
    assert import_po(load_curriculum(full), again, None) == ([], {}) and overlays(full) == before
    overlay = full / "curriculum" / "card.ur.yaml"  # an edit by hand after review: a draft again
    overlay.write_text(overlay.read_text().replace("اگر کسی کی ٹریفکنگ", "اگر کسی کی بھی ٹریفکنگ"))
    assert state(full, "curriculum/card.yaml", "title") == "draft"


def test_without_a_reviewer_a_string_is_never_reviewed(full, tmp_path):
    [po] = [p for p in export(load_curriculum(full), "ur", tmp_path) if p.name == "card.po"]
    edit_po(po, "curriculum/card.yaml#title", string="نیا عنوان", fuzzy=False)
    assert import_po(load_curriculum(full), [po], None)[0] == []
    assert state(full, "curriculum/card.yaml", "title") == "draft"


@pytest.mark.parametrize("string,msgid,rule", [
    ("قانون", None, "changed-provision"),  # the English cites [ptpa-2018/s3]; the translation drops it
    ("IDS <b>قانون</b>", None, "raw-html"),  # IDS: the English's provision ids
    ("IDS انسانی اسمگلنگ", None, "avoided-term"),
    ("IDS {name}", None, "changed-placeholders"),
    ("IDS قانون", "Some other English [ptpa-2018/s3]", "english-changed"),
])
def test_a_bad_string_is_located_and_nothing_is_written(full, tmp_path, string, msgid, rule):
    cur = load_curriculum(full)
    file = "scenarios/afghan-boy-carpet.yaml"
    target = next(s for s in strings(cur, "ur", file) if "[ptpa-2018/s3]" in s.english and s.translation)
    [po] = [p for p in export(cur, "ur", tmp_path) if p.name == "afghan-boy-carpet.po"]
    [card] = [p for p in export(cur, "ur", tmp_path) if p.name == "card.po"]
    ids = " ".join(f"[{i}]" for i in PROVISION.findall(target.english))
    edit_po(po, f"{file}#{target.key}", string=string.replace("IDS", ids), msgid=msgid)
    edit_po(card, "curriculum/card.yaml#title", string="ایک اچھا ترجمہ")  # a good change, not written either
    before = overlays(full)
    problems, changed = import_po(load_curriculum(full), [card, po], None)
    assert changed == {} and overlays(full) == before
    assert {p.rule for p in problems} == {rule}
    with po.open("rb") as f:
        line = next(m.lineno for m in read_po(f) if m.context == f"{file}#{target.key}")
    assert {(p.file, p.line) for p in problems} == {(str(po), line)}


def test_a_po_file_with_a_broken_context_or_language_is_refused(full, tmp_path):
    [po] = [p for p in export(load_curriculum(full), "ur", tmp_path) if p.name == "card.po"]
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgctxt "curriculum/card.yaml#title"', 'msgctxt "../../etc/passwd#title"'), encoding="utf-8")
    assert [p.rule for p in import_po(load_curriculum(full), [po], None)[0]] == ["po-context"]
    po.write_text(text.replace('"Language: ur\\n"', '"Language: fr\\n"'), encoding="utf-8")
    assert [p.rule for p in import_po(load_curriculum(full), [po], None)[0]] == ["po-language"]
    po.write_text("msgid \"x\nnot a po file", encoding="utf-8")
    assert [p.rule for p in import_po(load_curriculum(full), [po], None)[0]] == ["invalid-po"]


def test_import_into_a_language_without_an_overlay_writes_a_draft_file(full, tmp_path):
    (full / "curriculum" / "card.ps.yaml").unlink(missing_ok=True)
    [po] = [p for p in export(load_curriculum(full), "ps", tmp_path) if p.name == "card.po"]
    edit_po(po, "curriculum/card.yaml#title", string="که څوک قاچاق شوی وي")
    assert import_po(load_curriculum(full), [po], None)[0] == []
    assert (full / "curriculum" / "card.ps.yaml").exists()
    assert state(full, "curriculum/card.yaml", "title", "ps") == "draft"
    assert state(full, "curriculum/card.yaml", "steps.0.text", "ps") == "missing"


def test_stamp_records_the_english_of_the_commit_that_brought_each_translation(full):
    git = ["git", "-C", str(full), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    overlay = full / "curriculum" / "card.ur.yaml"
    lines = overlay.read_text().splitlines(True)
    overlay.write_text("language: ur\nstatus: draft\nreviewed_by: null\n" + "".join(lines[lines.index("text:\n"):]))
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "translated"], check=True)
    card = full / "curriculum" / "card.yaml"
    card.write_text(card.read_text().replace("If someone may be trafficked or smuggled", "If someone may be trafficked"))
    subprocess.run([*git, "commit", "-qam", "English edited, Urdu not"], check=True)
    assert "curriculum/card.ur.yaml" in stamp(full)
    assert state(full, "curriculum/card.yaml", "title") == "stale"
    assert state(full, "curriculum/card.yaml", "steps.0.text") == "draft"
    assert "status:" not in overlay.read_text() and stamp(full) == []  # a second run changes nothing


def test_a_reviewed_string_marked_fuzzy_again_is_a_draft(full, tmp_path):
    [po] = [p for p in export(load_curriculum(full), "ur", tmp_path / "a") if p.name == "card.po"]
    edit_po(po, "curriculum/card.yaml#title", fuzzy=False)
    assert import_po(load_curriculum(full), [po], REVIEWER)[0] == []
    assert state(full, "curriculum/card.yaml", "title") == "reviewed"
    edit_po(po, "curriculum/card.yaml#title", fuzzy=True)
    assert import_po(load_curriculum(full), [po], REVIEWER)[0] == []
    assert state(full, "curriculum/card.yaml", "title") == "draft"
