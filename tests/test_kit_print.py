"""What the kit prints, read as a trainer and a participant hold it (issue 20): forms with a
date line and page numbers, each answer letter bound to its own box, an evaluation that asks
no pre/post, attendance rows for the list or the expected number with a repeated header, a
report whose numbers read left to right in Urdu, and certificates that carry the programme's
dates or refuse."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tipsom.content import load_curriculum
from tipsom.kit.errors import KitError
from tipsom.kit.order import lettered
from tipsom.kit.report import report_html
from tipsom.kit.roster import read_attendance
from tipsom.workbook.answers import read_answers

from .conftest import FIXTURES, ROOT

SESSION = FIXTURES / "session-30-participants"


def project_with(tmp_path, programme_lines: str = ""):
    """A copy of the project whose programme.yaml has `programme_lines` added at the top."""
    root = tmp_path / "project"
    for folder in ("curriculum", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    path = root / "curriculum" / "programme.yaml"
    path.write_text(programme_lines + path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


# ---- forms ------------------------------------------------------------------------------

def test_each_answer_letter_has_its_own_cell_with_its_box(curriculum):
    from tipsom.kit.sheets import answer_sheet_html

    test = curriculum.test_for("police")
    for language in ("en", "ur"):
        sheet = answer_sheet_html(curriculum, test, language, "A")
        rows = re.findall(r"<tr>(.*?)</tr>", sheet)
        assert len(rows) == len(test.form("A"))
        for row, item in zip(rows, test.form("A"), strict=True):
            cells = re.findall(r"<td class=choice><b>([^<]+)</b><span class=box></span></td>", row)
            assert cells == [letter for letter, _ in lettered(test.id, item, language)]
        assert "</b><span class=box></span><b>" not in sheet  # never a box between two letters


def test_every_form_has_a_date_line_and_only_tests_ask_pre_or_post(curriculum):
    from tipsom.kit.sheets import answer_sheet_html, evaluation_html, test_html

    test, police = curriculum.test_for("police"), curriculum.audiences["police"]
    for language, date, pre in (("en", "Date", "Before the training (pre-test)"), ("ur", "تاریخ", "تربیت سے پہلے")):
        for page in (test_html(curriculum, test, police, language, "B"), answer_sheet_html(curriculum, test, language, "B")):
            assert f"{date}: <span class='field short'>" in page and pre in page
            assert "counter(page)" in page and "counter(pages)" in page  # page numbers
        evaluation = evaluation_html(curriculum, language)
        assert f"{date}: <span class='field short'>" in evaluation and "counter(page)" in evaluation
        assert pre not in evaluation and "class=box></span>" not in evaluation.split("<table>")[0]  # filled in once, at the end


def test_attendance_rows_are_the_list_and_spares_or_the_expected_number(tmp_path, curriculum):
    from tipsom.kit.sheets import SPARE_ROWS, attendance_html

    day1 = curriculum.programme.days[0]
    empty = attendance_html(curriculum, day1, [])
    assert curriculum.programme.participants == 40 and empty.count("<td class=sign>") == 40
    assert "<thead><tr><th>#</th>" in empty  # repeated at the top of each printed page
    assert "Date / <span lang=ur>تاریخ</span>" in empty and "حاضری" in empty and "<span class=both lang=ur dir=rtl>نام</span>" in empty
    people = read_attendance(SESSION, curriculum.audiences)
    mine = [p for p in people if p.audience in day1.audiences]
    listed = attendance_html(curriculum, day1, people)
    assert listed.count("<td class=sign>") == len(mine) + SPARE_ROWS
    assert all(p.name in listed for p in mine)
    assert "→" not in listed  # no glyph outside the shipped fonts
    cur = load_curriculum(project_with(tmp_path, "participants: 25\n"))
    assert attendance_html(cur, cur.programme.days[0], []).count("<td class=sign>") == 25


# ---- the report -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def urdu_report(curriculum):
    people = read_attendance(SESSION, curriculum.audiences)
    return report_html(curriculum, SESSION.name, people, read_answers(SESSION).records, "ur")


def test_urdu_report_keeps_numbers_and_english_comments_in_reading_order(urdu_report):
    gains = re.findall(r'<td class=n><bdi dir="ltr">([+-]\d+\.\d)</bdi></td></tr>', urdu_report)
    assert len(gains) >= 27 and all(g[0] in "+-" for g in gains)  # the sign before the number, as written
    assert re.search(r'<bdi dir="ltr">\d+\.\d%</bdi>', urdu_report)  # 45.0%, the % after the number
    assert re.search(r"<bdi dir=auto>[^<]*<span dir=\"ltr\">The case work on the border</span>\.</bdi>", urdu_report)
    assert "counter(page)" in urdu_report and "صفحہ" in urdu_report


def test_report_names_modules_and_labels_items_unlike_participant_codes(curriculum, urdu_report):
    english = report_html(curriculum, SESSION.name, read_attendance(SESSION), read_answers(SESSION).records, "en")
    codes = {p.code for p in read_attendance(SESSION)}
    for page in (english, urdu_report):
        labels = re.findall(r'<td class=n><bdi dir="ltr">([^<]+)</bdi></td><td dir=auto>', page)
        assert labels and all("·" in label and label not in codes for label in labels)
        for module in curriculum.modules:  # named by title, not id; objectives by text, not module/n
            assert f"<span class=small>{module}</span>" not in page and not re.search(rf">{re.escape(module)}/\d+<", page), module
        assert page.count("<br><span class=small>") >= len(labels)  # each item and objective names its module
    assert curriculum.modules["telling-them-apart"].title in english
    for glyph in "■✔→":
        assert glyph not in english and glyph not in urdu_report


# ---- certificates ---------------------------------------------------------------------------

def test_certificates_refuse_without_dates_naming_the_field(tmp_path, curriculum):
    from tipsom.kit.certificates import make_certificates

    assert curriculum.programme.dates is None  # set per training
    with pytest.raises(KitError) as err:
        make_certificates(curriculum, SESSION, tmp_path)
    assert "`dates`" in str(err.value) and "curriculum/programme.yaml" in str(err.value)
    assert not (tmp_path / SESSION.name).exists()
    done = subprocess.run([sys.executable, "-m", "tipsom", "certificates", str(SESSION), "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "dates" in done.stderr


def test_certificates_carry_the_dates_and_no_folder_name(tmp_path):
    from tipsom.kit.certificates import certificates_html

    cur = load_curriculum(project_with(tmp_path, "dates: 1 and 2 December 2026\n"))
    page = certificates_html(cur, SESSION.name, read_attendance(SESSION))
    assert page.count("1 and 2 December 2026") == 2 * 30  # the English half and the Urdu half
    assert SESSION.name not in page
    assert "font-family: 'Tipsom Urdu'" in page and "url(data:font/ttf;base64," in page  # the Urdu half in Nastaliq
    assert "counter(page)" not in page
