"""The legal review ledger (issue 21): signed off, stale after an edit or a new law version, never."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tipsom.content import load_curriculum
from tipsom.errors import ContentError
from tipsom.translation.ledger import reviews, sign, unreviewed

from .conftest import ROOT

LAWYER = "Fixture Lawyer"  # tests only: the real ledger stays empty until a legal reviewer signs


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def states(root: Path) -> dict[str, str]:
    return {r.file: r.state for r in reviews(load_curriculum(root))}


def test_the_real_ledger_is_empty_and_lists_every_document():
    r = subprocess.run([sys.executable, "-m", "tipsom", "review", "--root", str(ROOT), "--json"],
                       capture_output=True, text=True, timeout=60)
    found = {row["file"]: row["state"] for row in json.loads(r.stdout)}
    assert r.returncode == 0 and set(found.values()) == {"never"}
    assert {"curriculum/leaflet.yaml", "curriculum/card.yaml", "scenarios/nushki-truck.yaml",
            "curriculum/modules/gender.yaml", "curriculum/tests/community.yaml"} <= set(found)
    assert not any(f.endswith("_template.yaml") for f in found)


def test_an_edit_after_sign_off_makes_it_stale(project):
    sign(load_curriculum(project), ["scenarios/nushki-truck.yaml", "curriculum/card.yaml"], LAWYER, "as_enacted_2018")
    assert states(project)["scenarios/nushki-truck.yaml"] == "signed off"
    scenario = project / "scenarios" / "nushki-truck.yaml"
    scenario.write_text(scenario.read_text() + "\n# a comment changes no content\n")
    assert states(project)["scenarios/nushki-truck.yaml"] == "signed off"
    scenario.write_text(scenario.read_text().replace("law_version: as_enacted_2018", "law_version: as_amended_2025"))
    assert states(project)["scenarios/nushki-truck.yaml"] == "stale"
    cur = load_curriculum(project)
    assert [r.file for r in unreviewed(cur, ["scenarios/nushki-truck.yaml", "curriculum/card.yaml"])] == ["scenarios/nushki-truck.yaml"]


def test_a_broken_ledger_is_located_and_never_appended_to(project):
    ledger = project / "curriculum" / "reviews.yaml"
    ledger.write_text("signoffs:\n  - {file: x, reviewer: y}\n")
    with pytest.raises(ContentError) as err:
        sign(load_curriculum(project), ["curriculum/card.yaml"], LAWYER, "as_enacted_2018")
    assert err.value.problems[0].file == "curriculum/reviews.yaml" and err.value.problems[0].line == 2
    assert ledger.read_text() == "signoffs:\n  - {file: x, reviewer: y}\n"


def test_a_final_build_refuses_drafts_and_unreviewed_law_and_builds_nothing(tmp_path):
    from tipsom.errors import TipsomError
    from tipsom.handouts import build_handouts

    with pytest.raises(TipsomError) as err:
        build_handouts(load_curriculum(ROOT), tmp_path / "out", audiences=["elders"], final=True)
    message = str(err.value)
    assert "curriculum/card.ur.yaml: title: draft translation [elders/ur/referral_card" in message
    assert "curriculum/leaflet.ur.yaml: side_by_side.what.smuggling.text: stale translation" in message
    assert "curriculum/leaflet.yaml: law never signed off" in message
    assert not (tmp_path / "out").exists()


def test_a_final_build_passes_once_all_is_reviewed_and_signed(project, monkeypatch):
    from tipsom.handouts import language as printed_lang
    from tipsom.handouts.final import refusals
    from tipsom.handouts.plan import plan

    cur = load_curriculum(project)
    sign(cur, ["curriculum/leaflet.yaml", "curriculum/card.yaml"], LAWYER, "as_enacted_2018")
    cur = load_curriculum(project)
    docs = [d for d in plan(cur, ["elders"], ["en", "ur"]) if d.edition in ("leaflet", "referral_card")]
    assert any("draft translation" in line for line in refusals(cur, docs))
    monkeypatch.setattr(printed_lang, "catalog_is_draft", lambda language: False)
    from .test_printed import reviewed_copy

    assert refusals(reviewed_copy(cur), docs) == []


def test_tipsom_handouts_final_refuses_with_the_list(tmp_path):
    r = subprocess.run([sys.executable, "-m", "tipsom", "handouts", "--root", str(ROOT), "--final", "--audience", "elders",
                        "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Error: a final print holds no draft" in r.stderr and "curriculum/card.ur.yaml: title: draft translation" in r.stderr
    assert "curriculum/card.ps.yaml: title: draft translation" in r.stderr  # the Pashto too
    assert not (tmp_path / "out").exists()
