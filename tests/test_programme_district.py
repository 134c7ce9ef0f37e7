"""Participants by district: the attendance list's optional column, kept through the Alembic
revision 0002 (an old database, made at 0001, upgrades and keeps its people), counted in the
report (people without a district under their event's place), on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import create_engine, text

from tipsom.kit.errors import KitError
from tipsom.kit.roster import read_attendance
from tipsom.programme import figures, import_folders, open_db
from tipsom.programme.db import MIGRATIONS, database_url

from .test_programme import SESSION_30, db, pg_server  # noqa: F401 - the fixtures

DISTRICTS = {"Q01": "Quetta", "Q02": "Quetta", "Q03": "Pishin", "Q04": ""}  # Q04 and everyone after: no district


def with_districts(tmp_path, sep: str = ",", bom: bool = False):
    """The 30-person session with a District column: Q01-Q03 given, the rest blank."""
    folder = tmp_path / "quetta-2026-12"
    shutil.copytree(SESSION_30, folder)
    lines = (SESSION_30 / "attendance.csv").read_text(encoding="utf-8").splitlines()
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow([*rows[0], "District"])
    for row in rows[1:]:
        writer.writerow([*row, DISTRICTS.get(row[1], "")])
    (folder / "attendance.csv").write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8")
    return folder


def test_the_list_reads_a_district_column_and_does_without_one(curriculum, tmp_path):
    people = read_attendance(with_districts(tmp_path / "a", sep=";", bom=True), curriculum.audiences)
    assert [p.district for p in people[:4]] == ["Quetta", "Quetta", "Pishin", ""] and len(people) == 30
    assert all(p.district == "" for p in read_attendance(SESSION_30, curriculum.audiences))


def test_a_missing_column_names_district_as_optional(curriculum, tmp_path):
    (tmp_path / "attendance.csv").write_text("name,code,audience,gender\nA,A1,police,female\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"no column 'organisation'.*organisation, district \(optional\)\."):
        read_attendance(tmp_path, curriculum.audiences)


def test_a_district_too_long_is_a_located_error(curriculum, tmp_path):
    folder = with_districts(tmp_path)
    path = folder / "attendance.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Pishin", "P" * 101), encoding="utf-8")
    with pytest.raises(KitError, match=r"attendance.csv:4: the district is 101 characters long"):
        read_attendance(folder, curriculum.audiences)


def test_participants_by_district_and_the_rest_under_the_place(db, curriculum, tmp_path):  # noqa: F811 - the fixture
    engine = open_db(db)
    import_folders(engine, curriculum, [with_districts(tmp_path)])
    found = figures(engine, curriculum)
    place = curriculum.programme.place
    assert found["by_district"] == dict(sorted({"Quetta": 2, "Pishin": 1, place: 27}.items()))
    assert found["district_from_place"] == 27 and sum(found["by_district"].values()) == found["participants"] == 30
    engine.dispose()


def test_the_report_and_the_workbook_show_districts(curriculum, tmp_path):
    from openpyxl import load_workbook

    from tipsom.programme import write_report

    engine = open_db(str(tmp_path / "p.sqlite"))
    import_folders(engine, curriculum, [with_districts(tmp_path)])
    found = figures(engine, curriculum)
    write_report(curriculum, found, tmp_path / "out", pdf=False)
    page = (tmp_path / "out" / "programme.html").read_text(encoding="utf-8")
    assert "<th>District</th>" in page and "<td>Pishin</td>" in page
    assert "27 participants have no district on their attendance list" in page
    rows = list(load_workbook(tmp_path / "out" / "programme.xlsx")["Participants"].iter_rows(min_row=2, values_only=True))
    assert ("district", "Pishin", None, None, None, 1) in rows
    engine.dispose()


def _at_0001(url: str):
    """A programme database made by tipsom at revision 0001, holding one event and two people."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(database_url(url))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO events (name, title, place, audiences, trainers) "
                          "VALUES ('quetta-2026-12', 'Old title', 'Old place', 'police', '')"))
        conn.execute(text("INSERT INTO participants (event_id, code, audience, sex, organisation) VALUES "
                          "(1, 'Q01', 'police', 'male', 'Balochistan Police'), (1, 'Q02', 'police', 'female', 'Balochistan Police')"))
    engine.dispose()


def test_an_old_database_upgrades_and_keeps_its_people(db, curriculum, tmp_path):  # noqa: F811 - the fixture
    _at_0001(db)
    engine = open_db(db)  # runs 0002
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
        assert conn.execute(text("SELECT code, district FROM participants ORDER BY code")).all() == [("Q01", None), ("Q02", None)]
    found = figures(engine, curriculum)
    assert found["by_district"] == {"Old place": 2} and found["district_from_place"] == 2
    import_folders(engine, curriculum, [with_districts(tmp_path)])  # the same event's list, now with districts
    found = figures(engine, curriculum)
    assert found["participants"] == 30
    assert found["by_district"] == {"Old place": 27, "Pishin": 1, "Quetta": 2}
    engine.dispose()
