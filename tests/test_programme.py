"""The programme database: import (idempotent, laptops merging, bad input refused whole) and
the indicators, against SQLite and a real PostgreSQL server the tests start (tests/postgres.py)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tipsom.kit.roster import read_attendance
from tipsom.kit.scores import gains, taken
from tipsom.programme import ProgrammeError, figures, import_folders, open_db
from tipsom.programme.schema import answers, events, participants
from tipsom.workbook.answers import read_answers

from . import postgres

FIXTURES = Path(__file__).parent / "fixtures"
SESSION_30 = FIXTURES / "session-30-participants"
BAD = FIXTURES / "programme"


@pytest.fixture(scope="module")
def pg_server():
    found, why = postgres.server()
    if found is None:
        if os.environ.get("TIPSOM_REQUIRE_POSTGRES"):
            pytest.fail(f"TIPSOM_REQUIRE_POSTGRES is set but {why}")
        pytest.skip(why)
    yield found
    found.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty programme database of each kind: its --db value."""
    if request.param == "sqlite":
        return str(tmp_path / "programme.sqlite")
    return request.getfixturevalue("pg_server").new_database()


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (events, participants, answers)}


def test_the_30_person_session_twice_adds_nothing_and_counts_its_list(db, curriculum, tmp_path):
    engine = open_db(db)
    first = import_folders(engine, curriculum, [SESSION_30])
    after_one = counts(engine)
    second = import_folders(engine, curriculum, [SESSION_30])
    assert counts(engine) == after_one
    assert first[0].added == after_one["answers"] > 0 and second[0].added == 0 and second[0].kept == first[0].added
    lines = sum(1 for p in SESSION_30.glob("*.jsonl") for line in p.read_text().splitlines() if line.strip())
    assert after_one == {"events": 1, "participants": 30, "answers": lines}
    with (SESSION_30 / "attendance.csv").open(encoding="utf-8") as f:
        by_hand = Counter(row["Gender"] for row in csv.DictReader(f))
    found = figures(engine, curriculum)
    assert found["participants"] == 30 and found["events"] == 1
    assert found["by_sex"] == {"female": by_hand["female"], "male": by_hand["male"], "transgender": by_hand["transgender"]}
    engine.dispose()


def test_the_figures_are_the_session_reports_own(curriculum, tmp_path):
    """Pre and post means, gain and mastery equal what the session's own scoring gives."""
    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [SESSION_30])
    found = figures(engine, curriculum)
    done = taken(read_answers(SESSION_30).records, curriculum.tests)
    pre = [t.score for t in done if t.phase == "pre"]
    post = [t.score for t in done if t.phase == "post"]
    assert found["pre_mean"] == round(sum(pre) / len(pre), 1) and found["post_mean"] == round(sum(post) / len(post), 1)
    assert found["took_both"] == len(gains(done))
    mark = curriculum.programme.pass_mark
    assert found["mastery_share"] == round(100 * sum(s >= mark for s in post) / len(post), 1)
    police = [t.score for t in done if t.phase == "post" and t.code in
              {p.code for p in read_attendance(SESSION_30, curriculum.audiences) if p.audience == "police"}]
    assert found["per_audience"]["police"]["post_mean"] == round(sum(police) / len(police), 1)
    assert found["per_event"][0]["event"] == "session-30-participants"
    item = next(i for i in found["items"] if i["test"] == "law-enforcement" and (i["form"], i["number"]) == ("A", 1))
    shares = item["post"]["options"]
    assert round(sum(shares.values()) + item["post"]["blank"], 0) == 100  # single-choice: every taker counted once
    assert item["post"]["difficulty"] == shares[item["correct"][0]]
    assert set(found["evaluation"]) == {s.id for s in curriculum.evaluation.scales}
    engine.dispose()


def split_across_laptops(tmp_path: Path) -> list[Path]:
    """The 30-person session as two laptops saved it: each its own half of the answer files
    (one file on both), the same attendance list, the same folder name."""
    files = sorted(SESSION_30.glob("*.jsonl"))
    halves = [files[: len(files) // 2 + 1], files[len(files) // 2:]]
    out = []
    for laptop, mine in zip(("laptop-a", "laptop-b"), halves, strict=True):
        folder = tmp_path / laptop / "quetta-2026-12"
        folder.mkdir(parents=True)
        shutil.copy(SESSION_30 / "attendance.csv", folder)
        for f in mine:
            shutil.copy(f, folder)
        out.append(folder)
    return out


def test_folders_from_two_laptops_merge_into_one_event(db, curriculum, tmp_path):
    engine = open_db(db)
    import_folders(engine, curriculum, split_across_laptops(tmp_path))
    merged = figures(engine, curriculum)
    whole = tmp_path / "whole" / "quetta-2026-12"
    shutil.copytree(SESSION_30, whole)
    alone = open_db(str(tmp_path / "alone.sqlite"))
    import_folders(alone, curriculum, [whole])
    assert counts(engine) == counts(alone)
    expected = figures(alone, curriculum)
    for key in ("participants", "events", "by_sex", "pre_mean", "post_mean", "mastery_share", "items", "per_objective"):
        assert merged[key] == expected[key], key
    engine.dispose()
    alone.dispose()


@pytest.mark.parametrize(("folder", "said"), [
    ("torn-answers-line", "T01.jsonl:2: torn last line"),
    ("code-twice-on-list", "attendance.csv:3: the code 'T01' is also on line 2"),
    ("other-version-test", "another version of the tests"),
])
def test_a_bad_folder_is_refused_whole_with_one_message(db, curriculum, folder, said):
    engine = open_db(db)
    with pytest.raises(ProgrammeError, match="Nothing of") as err:
        import_folders(engine, curriculum, [BAD / folder])
    assert said in str(err.value)
    assert counts(engine) == {"events": 0, "participants": 0, "answers": 0}
    engine.dispose()


def test_a_torn_line_can_be_left_out_on_request_and_is_noted(curriculum, tmp_path):
    engine = open_db(str(tmp_path / "p.sqlite"))
    done = import_folders(engine, curriculum, [BAD / "torn-answers-line"], skip_unreadable=True)
    assert done[0].added == 1 and "torn last line" in done[0].skipped[0]
    assert counts(engine) == {"events": 1, "participants": 2, "answers": 1}


def test_a_laptop_whose_list_disagrees_adds_nothing(db, curriculum, tmp_path):
    a, b = split_across_laptops(tmp_path)
    text = (b / "attendance.csv").read_text(encoding="utf-8").replace("Q02,police,female", "Q02,police,male")
    (b / "attendance.csv").write_text(text, encoding="utf-8")
    engine = open_db(db)
    import_folders(engine, curriculum, [a])
    before = counts(engine)
    with pytest.raises(ProgrammeError, match=r"attendance.csv:3: 'Q02' is police, male here but police, female"):
        import_folders(engine, curriculum, [b])
    assert counts(engine) == before
    engine.dispose()


def test_a_database_that_does_not_answer_is_one_message():
    with pytest.raises(ProgrammeError, match=r"Cannot reach the programme database at postgresql\+psycopg://me:\*\*\*@127.0.0.1:9/"):
        open_db("postgresql://me:secret@127.0.0.1:9/programme")
    with pytest.raises(ProgrammeError, match="SQLite .* or PostgreSQL"):
        open_db("mysql://me@127.0.0.1/programme")


def test_the_migrations_make_the_schema_the_code_uses(db):
    """Alembic's head and schema.py agree: autogenerate finds nothing to change."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tipsom.programme.schema import metadata

    engine = open_db(db)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    engine.dispose()


def test_many_sessions_add_up(curriculum, tmp_path):
    from benchmarks.programme import make_sessions

    folders = make_sessions(curriculum, tmp_path / "sessions", count=3, people=8)
    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, folders)
    found = figures(engine, curriculum)
    assert found["events"] == 3 and found["participants"] == 24 and sum(found["by_sex"].values()) == 24
    assert [e["participants"] for e in found["per_event"]] == [8, 8, 8]
    assert found["took_pre"] == found["took_post"] == 24
    assert all(i["pre"]["discrimination"] is not None for i in found["items"] if i["pre"]["n"] >= 4)


def test_the_command_line(curriculum, root, tmp_path):
    from click.testing import CliRunner

    from tipsom.cli import main

    db = str(tmp_path / "p.sqlite")
    run = CliRunner().invoke
    done = run(main, ["programme", "import", "--root", str(root), "--db", db, str(SESSION_30)])
    assert done.exit_code == 0, done.output
    assert "30 on its list" in done.output
    shown = run(main, ["programme", "report", "--root", str(root), "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    found = json.loads(shown.output)
    assert {"participants", "events", "by_sex", "pre_mean", "post_mean", "mastery_share"} <= set(found)
    bad = run(main, ["programme", "import", "--root", str(root), "--db", db, str(BAD / "code-twice-on-list")])
    assert bad.exit_code == 1 and isinstance(bad.exception, ProgrammeError)


def test_the_report_writes_html_and_a_workbook_that_opens(curriculum, tmp_path):
    from openpyxl import load_workbook

    from tipsom.programme import write_report

    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [SESSION_30])
    found = figures(engine, curriculum)
    written = write_report(curriculum, found, tmp_path / "out", pdf=False)
    assert sorted(p.name for p in written) == ["programme.html", "programme.ur.html", "programme.xlsx"]
    page = (tmp_path / "out" / "programme.html").read_text(encoding="utf-8")
    assert "Zarmina" not in page and "Q01" not in page  # codes and names stay out of the programme's figures
    assert f"{found['post_mean']:.1f}%" in page
    book = load_workbook(tmp_path / "out" / "programme.xlsx")
    assert book.sheetnames == ["Summary", "Participants", "Events", "Audiences", "Objectives", "Items", "Evaluation", "Follow-up"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Participants"] == 30 and summary["Post mean %"] == found["post_mean"]
    assert book["Items"].max_row == 1 + sum(("pre" in i) + ("post" in i) for i in found["items"])
    engine.dispose()


@pytest.mark.slow
def test_the_report_prints_a4_pdfs_in_english_and_urdu(curriculum, tmp_path):
    from pypdf import PdfReader

    from tipsom.handouts.render import close
    from tipsom.programme import write_report

    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [SESSION_30])
    try:
        write_report(curriculum, figures(engine, curriculum), tmp_path / "out")
    finally:
        close()
    for name in ("programme.pdf", "programme.ur.pdf"):
        pdf = PdfReader(tmp_path / "out" / name)
        box = pdf.pages[0].mediabox
        assert len(pdf.pages) >= 2 and (round(float(box.width)), round(float(box.height))) == (595, 842)
    engine.dispose()


def test_item_analysis_by_hand(curriculum, tmp_path):
    """Four post-tests made so that each figure can be worked out on paper."""
    from tipsom.workbook.answers import append

    test = curriculum.tests["law-enforcement"]
    form = test.form("A")  # the four take form A: its items are Q1, Q2 ... below
    first, second = form[0], form[1]
    key = {i.id: sorted(o.id for o in i.options if o.correct) for i in form}
    wrong2 = next(o.id for o in second.options if not o.correct)
    folder = tmp_path / "by-hand"
    folder.mkdir()
    (folder / "attendance.csv").write_text("name,code,audience,gender,organisation\n" + "".join(
        f"Person {c},{c},police,{g},Police\n" for c, g in (("H1", "female"), ("H2", "male"), ("H3", "female"), ("H4", "male"))))
    answers = {"H1": dict(key),                                              # all right: 100
               "H2": {**key, second.id: [wrong2]},                           # all but Q2
               "H3": {first.id: key[first.id], second.id: [wrong2]},        # only Q1
               "H4": {form[2].id: [next(o.id for o in form[2].options if not o.correct)]}}  # one wrong: 0
    for code, given in answers.items():
        for qid, answer in given.items():
            append(folder, code, {"audience": "police", "scenario": "test/law-enforcement/post", "question": qid,
                                  "kind": "test", "answer": answer, "correct": None, "score": None})
    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [folder])
    found = figures(engine, curriculum)
    items = {i["number"]: i["post"] for i in found["items"] if i["test"] == "law-enforcement" and i["form"] == "A"}
    assert not [i for i in found["items"] if i["test"] == "law-enforcement" and i["form"] == "B"]  # nobody took form B
    assert items[1]["n"] == 4 and items[1]["difficulty"] == 75.0 and items[1]["discrimination"] == 1.0
    assert items[1]["blank"] == 25.0 and items[2]["blank"] == 25.0 and items[1]["options"][key[first.id][0]] == 75.0
    assert items[2]["difficulty"] == 25.0 and items[2]["discrimination"] == 1.0 and items[2]["options"][wrong2] == 50.0
    n = len(form)
    assert found["post_mean"] == round((100 + 100 * (n - 1) / n + 100 / n + 0) / 4, 1)
    mark = curriculum.programme.pass_mark
    assert found["mastered"] == sum(s >= mark for s in (100, 100 * (n - 1) / n, 100 / n, 0))
    assert found["took_pre"] == 0 and found["pre_mean"] is None and "pre" not in items[1]
    tested = {o for i in form[:3] for o in i.tests}  # per learning objective: only those the answered items test
    assert set(found["per_objective"]) == {o for i in form for o in i.tests} and tested <= set(found["per_objective"])
    engine.dispose()
