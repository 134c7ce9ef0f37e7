"""Content translations: overlays by content id, located errors, the `translations` report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tipsom.content import check_project, load_curriculum

from .conftest import ROOT


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the curriculum with the template as its only scenario."""
    shutil.copytree(ROOT / "curriculum", tmp_path / "curriculum", ignore=shutil.ignore_patterns("*.ur.yaml"))
    (tmp_path / "scenarios").mkdir()
    shutil.copy(ROOT / "scenarios" / "_template.yaml", tmp_path / "scenarios" / "_template.yaml")
    programme = tmp_path / "curriculum" / "programme.yaml"  # its sessions name scenarios this copy has not
    programme.write_text("".join(line for line in programme.read_text().splitlines(True) if "scenarios: [" not in line)
                         + "core_cases: false  # no cases left to mix\n")
    return tmp_path


def write(path: Path, body: str) -> Path:
    path.write_text("language: ur\nstatus: draft\nreviewed_by: null\ntext:\n" + body, encoding="utf-8")
    return path


def test_overlay_replaces_by_content_id(project):
    write(project / "scenarios" / "_template.ur.yaml",
          '  title: "شہر میں نوکری کی پیشکش"\n'
          '  "questions.indicators.options.debt.text": "اس کی تنخواہ ایک پیشگی رقم میں کٹتی ہے"\n')
    cur = load_curriculum(project)
    sc = cur.scenarios.get("_template") or cur.items["scenarios/_template.yaml"][1]
    ur = cur.localise(sc, "ur")
    assert ur.title == "شہر میں نوکری کی پیشکش"
    debt = next(o for q in ur.questions for o in q.options if o.id == "debt")
    assert debt.text.startswith("اس کی") and debt.feedback == next(
        o for q in sc.questions for o in q.options if o.id == "debt").feedback  # untranslated stays English
    assert ur.facts == sc.facts and cur.localise(sc, "en") is sc


@pytest.mark.parametrize("body,rule,line", [
    ('  "questions.nope.prompt": "x"\n', "unknown-translation-key", 5),
    ('  title: "   "\n', "empty-translation", 5),
    ("  title: [a, b]\n", "wrong-type", 5),
])
def test_bad_translation_is_located(project, body, rule, line):
    write(project / "scenarios" / "_template.ur.yaml", body)
    found = [(p.rule, p.line) for p in check_project(project) if p.file.endswith(".ur.yaml")]
    assert found == [(rule, line)]


def translations(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipsom", "translations", "--root", str(project), *args],
                          capture_output=True, text=True, timeout=60)


def test_report_fails_for_missing_required_translations(project):
    r = translations(project)
    assert r.returncode == 1
    assert "missing  curriculum/glossary.yaml" in r.stdout and "Required ur translations are missing" in r.stderr


def test_orphan_translation_is_reported(project):
    write(project / "scenarios" / "gone.ur.yaml", '  title: "x"\n')
    r = translations(project)
    assert r.returncode == 1 and "[orphan-translation]" in r.stderr


def test_real_project_has_every_required_urdu_translation():
    r = translations(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
