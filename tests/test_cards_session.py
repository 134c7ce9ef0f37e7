"""The knowledge test with answer cards (issue 22, point 3): one photo an item, each card's letter
stored as its holder's answer to that item of their paper's form, like a paper answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from benchmarks.cards_photos import room_photo
from click.testing import CliRunner

from tipsom.cards.cardmap import assign
from tipsom.cli import main
from tipsom.content import load_curriculum
from tipsom.kit.cardanswers import import_cards
from tipsom.kit.errors import KitError
from tipsom.kit.order import lettered
from tipsom.kit.roster import read_attendance
from tipsom.kit.scores import PHASES, assigned_forms

ROOT = Path(__file__).parent.parent
SESSION = Path(__file__).parent / "fixtures" / "session-30-participants"


@pytest.fixture(scope="module")
def cur():
    return load_curriculum(ROOT)


@pytest.fixture
def session(tmp_path) -> Path:
    folder = tmp_path / "session"
    folder.mkdir()
    shutil.copy(SESSION / "attendance.csv", folder / "attendance.csv")  # the list, no answers yet
    return folder


def stored(session: Path, code: str) -> list[dict]:
    path = session / f"{code}.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_each_card_answers_item_n_of_its_holders_own_form(cur, session):
    listed = read_attendance(session, cur.audiences)
    split = assigned_forms(listed)
    police = [p for p in listed if p.audience == "police"][:4]
    read = {p.code: "ABCD"[n % 4] for n, p in enumerate(police)}
    n, skipped = import_cards(cur, session, {**read, "ZZ9": "A"}, "pre", 2)
    assert n == len(police) and skipped == {"ZZ9": "not on the attendance list"}
    for p in police:
        test = cur.test_for(p.audience)
        item = test.form(split[p.code][PHASES.index("pre")])[1]
        (record,) = stored(session, p.code)
        assert record["question"] == item.id and record["source"] == "cards"
        assert record["answer"] == [dict(lettered(test.id, item))[read[p.code]].id]
    import_cards(cur, session, read, "pre", 2)  # the same photo twice: a second line, the same latest answer
    assert all(stored(session, p.code)[0]["answer"] == stored(session, p.code)[1]["answer"] for p in police)


def test_an_item_cards_cannot_answer_or_a_wrong_number_is_one_message(cur, session):
    code = read_attendance(session, cur.audiences)[0].code
    with pytest.raises(KitError, match="has items 1 to"):
        import_cards(cur, session, {code: "A"}, "pre", 99)
    test = cur.test_for(read_attendance(session, cur.audiences)[0].audience)
    multiple = next((n for n, i in enumerate(test.form("A"), 1) if i.kind == "multiple"), None)
    if multiple is not None:
        with pytest.raises(KitError, match="use the paper sheet"):
            import_cards(cur, session, {code: "A"}, "pre", multiple, form="A")
    assert not stored(session, code)


def test_the_command_reads_a_photo_into_the_session(cur, session, tmp_path):
    codes = [p.code for p in read_attendance(session, cur.audiences)][:12]
    cards = assign(codes)
    (tmp_path / "cards.json").write_text(cards.text(), encoding="utf-8")
    photo = room_photo(cards.cards, 21, size=(2000, 1500), widths=(70, 130))
    (tmp_path / "room.jpg").write_bytes(photo.jpeg)
    result = CliRunner().invoke(main, ["cards", "read", str(tmp_path / "room.jpg"), "--cards", str(tmp_path / "cards.json"),
                                       "--json", "--session", str(session), "--phase", "post", "--item", "1",
                                       "--form", "A", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert len(got["read"]) >= 11
    assert all(stored(session, c)[0]["scenario"].endswith("/post") for c in got["read"])
    usage = CliRunner().invoke(main, ["cards", "read", str(tmp_path / "room.jpg"), "--cards", str(tmp_path / "cards.json"),
                                      "--session", str(session)])
    assert usage.exit_code == 2 and "--phase" in usage.output
