"""The command line: the assess contract, list --json, and a light start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT
from .test_check import run_cli

FACTS = b"""facts:
  acts: [recruit, transport]
  attempt: false
  means: [fraud]
  purposes: [compelled_labour]
  victim: {age: 16, gender: female}
  consent: true
  trafficking_movement: within_pakistan
  crossing: {direction: none, irregular: false, facilitator_benefit: false}
  aggravating: []
"""


def test_assess_stdin_follows_the_contract():
    r = run_cli("assess", "-", stdin=FACTS)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == ["trafficking", "smuggling", "agencies", "ptpa_penalty", "psma_penalty",
                         "provisions", "also_consider", "reasons", "unsettled"]
    assert out["agencies"] == ["police"] and out["ptpa_penalty"] == "woman_or_child"
    assert all("[" in r and "]" in r for r in out["reasons"])


def test_assess_bare_facts_mapping_and_scenario_file(tmp_path):
    bare = tmp_path / "facts.yaml"
    bare.write_bytes(FACTS.replace(b"facts:\n", b"").replace(b"\n  ", b"\n").lstrip())
    assert json.loads(run_cli("assess", str(bare)).stdout)["trafficking"] is True
    r = run_cli("assess", str(ROOT / "scenarios" / "_template.yaml"))
    assert r.returncode == 0 and json.loads(r.stdout)["agencies"] == ["police"]


@pytest.mark.parametrize("bad,rule,line", [
    (FACTS.replace(b"age: 16", b"age: -1"), "out-of-range", 6),
    (FACTS.replace(b"means: [fraud]", b"means: [trickery]"), "unknown-value", 4),
    (FACTS.replace(b"  consent: true\n", b""), "missing-key", 2),
    (FACTS.replace(b"attempt: false", b"attempt: maybe"), "wrong-type", 3),
    (b"facts: [1, 2]\n", "not-a-mapping", 1),
])
def test_assess_bad_facts_get_a_located_report(bad, rule, line):
    r = run_cli("assess", "-", stdin=bad)
    assert r.returncode == 1 and r.stdout == b"" and b"Traceback" not in r.stderr
    assert f"<stdin>:{line}: [{rule}]".encode() in r.stderr, r.stderr


def test_assess_missing_file_is_a_usage_error():
    r = run_cli("assess", "no-such-file.yaml")
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_list_json_gives_id_title_audiences_languages_assessment():
    r = run_cli("list", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and all(list(row) == ["id", "title", "audiences", "languages", "assessment"] for row in rows)
    assert "_template" not in {row["id"] for row in rows}


def test_help_check_assess_import_no_jupyter():
    code = ("import sys; from tipsom.cli import main; from tipsom import content, law; from tipsom.content import checks;"
            "heavy = [m for m in ('nbconvert', 'papermill', 'playwright', 'jupyter_client', 'ipywidgets', 'nbformat')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_plain_make_prints_help():
    r = subprocess.run(["make", "-s"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "make handouts" in r.stdout and "make test" in r.stdout
