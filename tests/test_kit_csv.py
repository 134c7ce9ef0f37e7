"""Bad attendance and paper-answer CSVs: a located message (file, line, what to do) or the
right result, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tipsom.kit import import_paper
from tipsom.kit.errors import KitError
from tipsom.kit.order import lettered
from tipsom.kit.roster import read_attendance
from tipsom.workbook.answers import read_answers

from .conftest import ROOT

HEADER = "name,code,audience,gender,organisation\n"
ROWS = "Zar Gul,P01,police,female,Police Quetta\nSher Jan,P02,elders,male,Pishin\n"


def session_with(tmp_path, data: bytes):
    (tmp_path / "attendance.csv").write_bytes(data)
    return tmp_path


def people(tmp_path, data: bytes, curriculum):
    return read_attendance(session_with(tmp_path, data), curriculum.audiences)


def test_a_plain_list_reads(tmp_path, curriculum):
    got = people(tmp_path, (HEADER + ROWS).encode(), curriculum)
    assert [(p.code, p.audience, p.gender, p.line) for p in got] == [("P01", "police", "female", 2), ("P02", "elders", "male", 3)]


def test_excel_bom_semicolons_and_windows_1252_read(tmp_path, curriculum):
    data = "\ufeffName;Participant code;Audience;Gender;Organization\r\nZoë Khan;P01;Police;F;Café Quetta\r\n"
    got = people(tmp_path, data.encode("utf-8"), curriculum)
    assert (got[0].name, got[0].code, got[0].gender, got[0].organisation) == ("Zoë Khan", "P01", "female", "Café Quetta")
    got = people(tmp_path, data.replace("\ufeff", "").encode("cp1252"), curriculum)
    assert got[0].name == "Zoë Khan" and got[0].organisation == "Café Quetta"


@pytest.mark.parametrize("data, line, words", [
    (b"", 1, "is empty"),
    (b"\n\n", 1, "is empty"),
    (b"name,code,audience,gender\nA B,P01,police,male\n", 1, "no column 'organisation'"),
    ((HEADER + ROWS + "Gul Bibi,p01,media,female,TV\n").encode(), 4, "also on line 2"),
    ((HEADER + "Gul,P 1,police,female,x\n").encode(), 2, "cannot be a participant code"),
    ((HEADER + "Gul,P1,polise,female,x\n").encode(), 2, "not an audience"),
    ((HEADER + "Gul,P1,police,unknown,x\n").encode(), 2, "not a gender"),
    (HEADER.encode(), 2, "nobody on it"),
])
def test_a_bad_attendance_list_names_file_line_and_what_to_do(tmp_path, curriculum, data, line, words):
    with pytest.raises(KitError) as err:
        people(tmp_path, data, curriculum)
    assert err.value.line == line and words in err.value.what and err.value.todo
    assert str(err.value).startswith(f"{tmp_path / 'attendance.csv'}:{line}: ")


def test_ten_thousand_rows_read(tmp_path, curriculum):
    rows = "".join(f"Person {i},P{i:05d},police,male,Police\n" for i in range(10_000))
    assert len(people(tmp_path, (HEADER + rows).encode(), curriculum)) == 10_000


def paper(tmp_path, curriculum, text: str, encoding="utf-8"):
    session = session_with(tmp_path, (HEADER + ROWS).encode())
    path = tmp_path / "paper.csv"
    path.write_bytes(text.encode(encoding))
    return import_paper(curriculum, session, path), session


def test_paper_answers_come_back_as_option_ids_through_the_printed_letters(tmp_path, curriculum):
    test = curriculum.test_for("police")
    first, second = test.items[0], next(i for i in test.items if i.kind == "multiple")
    right = "".join(letter for letter, o in lettered(test.id, first) if o.correct)
    n2 = test.items.index(second) + 1
    both = " ".join(letter for letter, o in lettered(test.id, second) if o.correct)
    (sheets, answers), session = paper(tmp_path, curriculum, f"\ufeffCode;Phase;Q1;Q{n2}\nP01;pre;{right};{both}\n")
    assert (sheets, answers) == (1, 2)
    records = read_answers(session).records
    assert all(r["correct"] and r["source"] == "paper" and r["scenario"] == f"test/{test.id}/pre" for r in records)


def test_paper_answers_take_the_form_column_and_urdu_letters(tmp_path, curriculum):
    test = curriculum.test_for("elders")
    item = test.form("B")[0]
    ur = {o.id: letter for letter, o in lettered(test.id, item, "ur")}
    right = next(o.id for o in item.options if o.correct)
    (sheets, answers), session = paper(tmp_path, curriculum, f"code,phase,form,1\nP02,post,B,{ur[right]}\nP02,pre,,ب ج\n")
    assert (sheets, answers) == (2, 2)
    got = {r["scenario"]: r for r in read_answers(session).records}
    assert got[f"test/{test.id}/post"]["question"] == item.id and got[f"test/{test.id}/post"]["correct"]
    first_a = test.form("A")[0]  # P02 is the first elder on the list: form A before, by the list's split
    assert got[f"test/{test.id}/pre"]["question"] == first_a.id
    assert got[f"test/{test.id}/pre"]["answer"] == sorted(o.id for letter, o in lettered(test.id, first_a) if letter in "BC")


def test_the_paper_import_reads_each_printed_letter_form():
    from tipsom.kit.paper import _letters

    assert _letters("A C") == (["A", "C"], []) and _letters("ac") == (["A", "C"], [])
    assert _letters("الف، ج") == (["A", "C"], []) and _letters("الفب") == (["A", "B"], [])
    assert _letters("ه") == (["E"], []) and _letters("B x") == (["B"], ["X"])


@pytest.mark.parametrize("text, line, words", [
    ("code,phase,form,1\nP01,pre,C,A\n", 2, "neither A nor B"),
    ("code,phase,1\nP01,pre,ز\n", 2, "not a letter printed"),
    ("", 1, "is empty"),
    ("code,1,2\nP01,A,B\n", 1, "neither a 'phase' column"),
    ("code,phase,1\nP09,pre,A\n", 2, "not on the attendance list"),
    ("code,phase,1\nP01,middle,A\n", 2, "neither pre nor post"),
    ("code,phase,1\nP01,pre,A\nP01,pre,B\n", 3, "on line 2 too"),
    ("code,phase,1\nP01,pre,Z\n", 2, "not a letter printed"),
    ("code,phase,name\nP01,pre,A\n", 1, "no item columns"),
])
def test_bad_paper_answers_name_file_line_and_what_to_do(tmp_path, curriculum, text, line, words):
    with pytest.raises(KitError) as err:
        paper(tmp_path, curriculum, text)
    assert err.value.line == line and words in err.value.what, err.value
    assert not list(tmp_path.glob("*.jsonl"))  # nothing half-imported


def test_ten_thousand_paper_rows_are_refused_by_name_not_by_a_crash(tmp_path, curriculum):
    rows = "".join(f"P{i:05d},pre,A\n" for i in range(10_000))
    with pytest.raises(KitError) as err:
        paper(tmp_path, curriculum, "code,phase,1\n" + rows)
    assert err.value.line == 2 and "not on the attendance list" in err.value.what


def test_the_command_prints_one_line_and_no_traceback(tmp_path):
    (tmp_path / "attendance.csv").write_bytes(b"name;code\nA;B\n")
    done = subprocess.run([sys.executable, "-m", "tipsom", "certificates", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{tmp_path / 'attendance.csv'}:1: the header has no column" in done.stderr


def test_the_printed_test_and_answer_sheet_use_the_shuffled_letters(curriculum):
    from tipsom.kit.sheets import answer_sheet_html, test_html

    test = curriculum.test_for("elders")
    for form in "AB":
        items = test.form(form)
        html = test_html(curriculum, test, curriculum.audiences["elders"], "en", form).replace("&#x27;", "'").replace("&quot;", "\"")
        assert f"<b>Form {form}</b>" in html
        blocks = html.split("<div class=item>")[1:]
        assert len(blocks) == len(items)
        for n, (item, block) in enumerate(zip(items, blocks, strict=True), 1):
            assert block.startswith(f"<p><b>{n}.</b> {item.prompt.strip()}"[:40])
            shown = [f"<b>{letter}</b>&nbsp; {o.text}" for letter, o in lettered(test.id, item)]
            positions = [block.index(s) for s in shown]
            assert positions == sorted(positions)
        sheet = answer_sheet_html(curriculum, test, "ur", form)
        assert sheet.count("<tr>") == len(items) and 'dir="rtl"' in sheet and "<td class=choice><b>الف</b><span class=box></span></td>" in sheet


def test_an_urdu_paper_letters_its_options_alif_be_jim_dal(curriculum):
    from tipsom.kit.sheets import test_html

    test = curriculum.test_for("elders")
    html = test_html(curriculum, test, curriculum.audiences["elders"], "ur", "B")
    item = test.form("B")[0]
    ur = curriculum.localise(test, "ur").form("B")[0]
    first = next(o for o in ur.options if o.id == lettered(test.id, item)[0][1].id)
    assert f"<b>الف</b>&nbsp; {first.text}" in html and "<b>A</b>&nbsp;" not in html


def test_the_attendance_sheet_of_a_day_lists_only_that_days_audiences(tmp_path, curriculum):
    from tipsom.kit.sheets import attendance_html

    (tmp_path / "attendance.csv").write_text(HEADER + ROWS, encoding="utf-8")
    listed = read_attendance(tmp_path, curriculum.audiences)
    day1, day2 = curriculum.programme.days
    assert "Zar Gul" in attendance_html(curriculum, day1, listed) and "Sher Jan" not in attendance_html(curriculum, day1, listed)
    assert "Sher Jan" in attendance_html(curriculum, day2, listed)


def test_a_report_without_an_attendance_list_says_where_to_put_it(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tipsom", "report", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "there is no attendance list. Save the list as attendance.csv in the session folder" in done.stderr


def test_evaluation_forms_typed_in_from_paper(tmp_path, curriculum):
    (sheets, answers), session = paper(tmp_path, curriculum, "code;S1;S2;C1\nP01;5;4;Very useful\nP02;3;;\n")
    assert (sheets, answers) == (2, 4)
    got = {(r["participant"], r["question"]): r["answer"] for r in read_answers(session).records}
    scales = curriculum.evaluation.scales
    assert got == {("P01", scales[0].id): 5, ("P01", scales[1].id): 4, ("P01", curriculum.evaluation.open_questions[0].id): "Very useful",
                   ("P02", scales[0].id): 3}


def test_a_bad_evaluation_mark_is_located(tmp_path, curriculum):
    with pytest.raises(KitError) as err:
        paper(tmp_path, curriculum, "code,S1\nP01,5\nP02,7\n")
    assert err.value.line == 3 and "not a number from 1 to 5" in err.value.what
    assert not list(tmp_path.glob("*.jsonl"))
