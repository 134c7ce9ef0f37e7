"""`tipsom check`: one broken fixture per rule, malformed files of every kind, the real project.

Each fixture in tests/fixtures/broken/ is named after the rule it breaks; the line the
problem must point at is found by the marker in the fixture or given here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tipsom.content import check_project

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"
LINES = {  # rule -> the line the report must name
    "answer-disagrees": 36, "answer-uncited": 40, "bad-id": 2, "broken-walk": 53, "duplicate-key": 9,
    "empty-file": 1, "id-mismatch": 2, "invalid-yaml": 4, "missing-key": 2, "missing-question": 21,
    "not-a-mapping": 2, "out-of-range": 15, "question-options": 29, "several-documents": 3, "tab-indent": 11,
    "unconfirmed-figure": 40, "unknown-audience": 6, "unknown-key": 9, "unknown-provision": 41,
    "unknown-value": 15, "unsafe-tag": 9, "wording": 9, "wrong-type": 6, "yaml-alias": 44,
    "content-image": 12, "raw-html": 11, "markdown-too-deep": 21, "long-correct-option": 33,
    "prompt-names-class": 25,
}
PROGRAMME = {  # tests/fixtures/broken/programme/<rule>/programme.yaml, checked against the real project
    "programme-test-slot": [12, 19], "programme-case-mix": [7], "programme-police-case": [7],
}


def problems_in(path: Path):
    return check_project(ROOT, [path])


def test_the_valid_fixture_is_valid():
    assert problems_in(BROKEN / "_valid.yaml") == []


def test_every_fixture_has_a_line():
    assert {p.stem for p in BROKEN.glob("*.yaml") if not p.name.startswith("_")} == set(LINES)


@pytest.mark.parametrize("rule", sorted(LINES))
def test_broken_fixture(rule):
    found = problems_in(BROKEN / f"{rule}.yaml")
    assert [(p.rule, p.line) for p in found] == [(rule, LINES[rule])], found


@pytest.mark.parametrize("rule", sorted(PROGRAMME))
def test_broken_programme(rule):
    found = problems_in(BROKEN / "programme" / rule / "programme.yaml")
    assert [(p.rule, p.line) for p in found] == [(rule, line) for line in PROGRAMME[rule]], found


def test_every_programme_fixture_has_its_lines():
    assert {p.name for p in (BROKEN / "programme").iterdir() if p.is_dir()} == set(PROGRAMME)


def test_a_test_slot_fits_the_tests_minutes_as_the_tests_say(tmp_path):
    """The rule reads `minutes` from curriculum/tests/: a longer test needs a longer slot."""
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOT / "curriculum", root / "curriculum")
    shutil.copytree(ROOT / "scenarios", root / "scenarios")
    assert not [p for p in check_project(root) if p.rule.startswith("programme-")]
    for f in (root / "curriculum" / "tests").glob("*.yaml"):  # the longest a test may be, longer than any slot here
        if not f.name.endswith(".ur.yaml"):
            f.write_text("\n".join("minutes: 60" if line.startswith("minutes:") else line for line in f.read_text().split("\n")))
    found = [(p.file, p.rule) for p in check_project(root) if p.rule.startswith("programme-")]
    assert found and set(found) == {("curriculum/programme.yaml", "programme-test-slot")}, found


def test_the_real_programme_holds_the_core_rules(curriculum):
    """Issue 19: day 1 gives the police an internal trafficking case, and the case-mix rules are on."""
    from tipsom.law import assess

    assert curriculum.programme.core_cases
    day1 = curriculum.programme.days[0]
    cases = [curriculum.scenarios[s] for session in day1.sessions for s in session.scenarios]
    assert any(assess(sc.facts).agencies == ["police"] and "police" in sc.audiences for sc in cases)
    assert any(assess(sc.facts).agencies == ["fia"] for sc in cases)
    assert all(any(s.test == when for s in day.sessions) for day in curriculum.programme.days for when in ("pre", "post"))


def test_the_card_names_only_unverified_referral_lines_to_confirm():
    found = problems_in(BROKEN / "card" / "card-contact" / "card.yaml")
    assert [(p.rule, p.line) for p in found] == [("card-contact", 6)] * 2, found


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


MALFORMED = {
    "binary": (b"id: x\n\x00\x01\x02", "binary-file", 2),
    "latin1": ("id: x\ntitle: caf\u00e9\n".encode("latin-1"), "not-utf8", 2),
    "alias-bomb": (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                   b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "yaml-alias", 2),
    "deep-nesting": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "too-deep", 1),
    "deep-block": ("".join(" " * (2 * i) + f"k{i}:\n" for i in range(300)).encode(), "too-deep", 41),
    "top-level-list": (b"- a\n- b\n", "not-a-mapping", 1),
    "top-level-scalar": (b"just words\n", "not-a-mapping", 1),
    "empty": (b"", "empty-file", 1),
    "whitespace": (b"   \n\n", "empty-file", 1),
    "string-for-list": (b"id: x\ndebrief: one question\n", "wrong-type", 2),
    "python-tag": (b"id: !!python/name:os.system\n", "unsafe-tag", 1),
    "custom-tag": (b"id: !secret x\n", "unsafe-tag", 1),
    "bad-date": (b"id: x\ntitle: 2025-02-30\n", "invalid-value", 2),
    "huge-number": (b"id: x\nminutes: 99999999999999999999999\n", "out-of-range", 2),
    "unclosed-quote": (b"id: x\ntitle: \"never closed\n", "invalid-yaml", 3),
    "complex-key": (b"? [a, b]\n: value\n", "bad-key", 1),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file(tmp_path, name):
    data, rule, line = MALFORMED[name]
    found = problems_in(_write(tmp_path, f"{name}.yaml", data))
    assert (rule, line) in [(p.rule, p.line) for p in found], found


def test_too_large(tmp_path):
    found = problems_in(_write(tmp_path, "big.yaml", b"a: b\n" * 300_000))
    assert [p.rule for p in found] == ["too-large"]


def test_not_yaml_suffix(tmp_path):
    found = problems_in(_write(tmp_path, "notes.txt", b"id: x\n"))
    assert "not-yaml" in [p.rule for p in found]


def test_a_readers_note_beside_the_content_is_not_content(tmp_path):
    from tipsom.content.curriculum import content_files

    law = tmp_path / "curriculum" / "law"
    law.mkdir(parents=True)
    for name in ("SOURCES.md", "README.md", "notes.md", "ptpa-2018.yaml"):
        (law / name).write_text("x\n", encoding="utf-8")
    assert sorted(p.name for p in content_files(tmp_path) if p.parent == law) == ["notes.md", "ptpa-2018.yaml"]
    assert (ROOT / "curriculum" / "law" / "SOURCES.md").exists()


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tipsom", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=60)


def test_cli_report_has_summary_and_hints():
    r = run_cli("check", str(BROKEN / "unknown-audience.yaml"))
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "unknown-audience.yaml:6: [unknown-audience] 'polise' is not an audience (did you mean 'police'?)" in err
    assert "1 problem(s) in 1 file(s)." in err and "How to fix:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["binary", "alias-bomb", "deep-nesting", "python-tag", "latin1"])
def test_cli_never_tracebacks(tmp_path, name):
    r = run_cli("check", str(_write(tmp_path, f"{name}.yaml", MALFORMED[name][0])))
    assert r.returncode == 1 and b"Traceback" not in r.stderr and MALFORMED[name][1].encode() in r.stderr


def test_cli_usage_error_exits_2():
    assert run_cli("check", "--no-such-option").returncode == 2


def test_real_project_checks_clean(root):
    problems = check_project(root)
    assert problems == [], "\n".join(map(str, problems))


def test_programme_gives_an_audience_only_its_modules(tmp_path):
    import shutil

    shutil.copytree(ROOT / "curriculum", tmp_path / "curriculum")
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")  # the programme's sessions name scenarios
    audiences = tmp_path / "curriculum" / "audiences.yaml"
    text = audiences.read_text()
    elders = text.index("  - id: elders")
    line = text.index("modules:", elders)
    end = text.index("\n", line)
    audiences.write_text(text[:line] + "modules: [why-it-matters]" + text[end:])
    found = {p.rule for p in check_project(tmp_path) if p.file.endswith("programme.yaml")}
    assert found == {"programme-audience"}


def test_a_word_list_naming_an_unknown_audience_is_located(tmp_path):
    import shutil

    shutil.copytree(ROOT / "curriculum", tmp_path / "curriculum")
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    glossary = tmp_path / "curriculum" / "glossary.yaml"
    text = glossary.read_text()
    glossary.write_text(text.replace("    audiences: [police, fia, elders,", "    audiences: [polise, fia, elders,", 1))
    line = glossary.read_text().splitlines().index("    audiences: [polise, fia, elders, media, academia, civil_society]") + 1
    found = [(p.rule, p.line) for p in check_project(tmp_path) if p.file.endswith("glossary.yaml")]
    assert found == [("unknown-audience", line)]
