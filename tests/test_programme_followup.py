"""The follow-up: content checked, the XLSForm through pyxform, the CSV export read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipsom.programme import ProgrammeError, export_followup, figures, import_folders, import_followup, open_db
from tipsom.programme.followup import xlsform_rows

from .test_programme import SESSION_30, counts, db, pg_server  # noqa: F401 - fixtures

EXPORTS = Path(__file__).parent / "fixtures" / "programme" / "followup"


def test_the_xlsform_converts_with_pyxform_in_english_and_urdu(curriculum, tmp_path):
    from openpyxl import load_workbook
    from pyxform.xls2xform import convert

    path = export_followup(curriculum, tmp_path)
    sheets = load_workbook(path)
    survey = [list(r) for r in sheets["survey"].iter_rows(values_only=True)]
    assert {"label::English (en)", "label::Urdu (ur)"} <= set(survey[0])
    code = next(r for r in survey if r[1] == "participant_code")
    assert code[survey[0].index("required")] == "yes"
    urdu = survey[0].index("label::Urdu (ur)")
    assert all(r[urdu] for r in survey[1:]), "every label has its Urdu text"
    result = convert(xlsform=str(path))
    assert 'lang="Urdu (ur)"' in result.xform and 'lang="English (en)"' in result.xform
    import re

    bind = re.search(r'<bind [^>]*nodeset="/data/participant_code"[^>]*>', result.xform)
    assert bind and 'required="true()"' in bind[0] and "regex(" in bind[0]
    assert 'id="tipsom_followup"' in result.xform
    assert result.warnings == []


def test_the_followup_check_rules(root, tmp_path):
    import shutil

    from tipsom.content import check_project

    shutil.copytree(root / "curriculum", tmp_path / "curriculum")
    shutil.copytree(root / "scenarios", tmp_path / "scenarios")
    text = (tmp_path / "curriculum" / "followup.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: situations\n    kind: count", "  - id: event\n    kind: count", 1)
    text = text.replace("  - id: example\n    kind: text", "  - id: example\n    kind: select_one", 1)
    (tmp_path / "curriculum" / "followup.yaml").write_text(text, encoding="utf-8")
    rules = {p.rule for p in check_project(tmp_path) if p.file == "curriculum/followup.yaml"}
    assert {"followup-reserved", "followup-choices"} <= rules


def test_a_kobo_export_is_read_once_and_reported(db, curriculum):  # noqa: F811 - the fixture
    engine = open_db(db)
    import_folders(engine, curriculum, [SESSION_30])
    assert import_followup(engine, curriculum, EXPORTS / "kobo-export.csv") == (3, 0)
    assert import_followup(engine, curriculum, EXPORTS / "kobo-export.csv") == (0, 3)
    follow = figures(engine, curriculum)["followup"]
    assert follow["responses"] == 3 and follow["participants"] == 3
    assert follow["questions"]["used"]["answers"] == {"often": 1, "once": 1, "not_yet": 1}
    assert follow["questions"]["actions"]["answers"]["told_others"] == 1
    assert follow["questions"]["tell_apart"]["mean"] == 4.0
    engine.dispose()


@pytest.mark.parametrize(("export", "said"), [
    ("choice-not-on-the-form.csv", r"choice-not-on-the-form.csv:4: 'actions' is 'called_a_friend', not among its choices"),
    ("code-of-nobody.csv", r"code-of-nobody.csv:4: 'Z99' is not a participant of any imported event"),
])
def test_a_bad_row_adds_nothing_of_the_file(curriculum, tmp_path, export, said):
    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [SESSION_30])
    with pytest.raises(ProgrammeError, match=said):
        import_followup(engine, curriculum, EXPORTS / export)
    assert figures(engine, curriculum)["followup"]["responses"] == 0


def test_the_xlsform_rows_follow_the_content(curriculum):
    rows = xlsform_rows(curriculum)
    names = [r[1] for r in rows["survey"][1:]]
    assert names == ["intro", "participant_code", *(q.id for q in curriculum.followup.questions)]
    assert rows["settings"][1][1] == "tipsom_followup"
