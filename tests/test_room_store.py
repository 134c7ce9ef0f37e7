"""The room's answer store: what a participant sends is validated, graded and filed by the server."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from tipsom.room.store import AnswerStore, Refused
from tipsom.workbook.answers import print_results, read_answers

WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def cur():
    from tipsom.content import load_curriculum

    return load_curriculum(WORKBOOK)


@pytest.fixture
def store(cur, tmp_path):
    return AnswerStore(cur, tmp_path / "session")


def body(**fields) -> bytes:
    return json.dumps({"scenario": "job-offer", "question": "classify", "answer": "trafficking", **fields}).encode()


def test_an_answer_is_graded_and_filed_by_the_servers_identity(store):
    saved = store.accept("p07", body())
    assert saved["participant"] == "P07" and saved["correct"] is True  # codes are case-insensitive
    store.accept("P07", body(answer="smuggling"))
    store.accept("a1", body(question="indicators", answer=["debt", "phone-taken"]))
    store.accept("a1", body(question="elders-call", answer="Talk to the family first.\nThen the police."))
    store.accept("a1", body(question="walk/report", answer="Send her to the FIA."))
    store.accept("a1", body(question="walk", path=["report:0"], answer="good"))
    assert sorted(p.name for p in store.folder.iterdir()) == ["A1.jsonl", "P07.jsonl"]
    s = store.summary("job-offer")
    assert s["participants"] == 2 and s["submissions"] == 6
    questions = {q["id"]: q for q in s["scenarios"][0]["questions"]}
    assert [q["id"] for q in s["scenarios"][0]["questions"]][:2] == ["classify", "who-investigates"]  # scenario order
    classify = {o["key"]: (o["count"], o["right"]) for o in questions["classify"]["options"]}
    assert classify["smuggling"] == (1, False) and classify["trafficking"] == (0, True)  # P07's latest answer
    assert questions["walk"]["correct"] == 1


def test_files_are_0640_in_a_0750_folder(store):
    store.accept("P1", body())
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o750
    assert stat.S_IMODE(os.stat(store.folder / "P1.jsonl").st_mode) == 0o640


@pytest.mark.parametrize("sent, says", [
    (b"[" * 100_000 + b"]" * 100_000, "too long"),
    (b"[" * 5000 + b"]" * 5000, "could not be read"),
    (json.dumps({"scenario": ["x"], "question": "classify", "answer": "trafficking"}).encode(), "'scenario' must be"),
    (body(answer=["trafficking"]), "one option id"),
    (body(answer={"a": 1}), "one option id"),
    (b"x" * (10 * 1024 * 1024), "too long"),
    (body(scenario="nope"), "no scenario"),
    (body(question="nope"), "no question"),
    (body(answer="nope"), "not an answer"),
    (body(question="indicators", answer=["debt", "nope"]), "not an answer"),
    (body(participant="P2"), "cannot name a participant"),
    (body(correct=True), "fields the room does not know"),
    (b'{"scenario": "job-offer", "question": "elders-call", "answer": "\\ud800"}', "lone surrogate"),
    (body(question="elders-call", answer="x" * 5000), "too long"),
    (b"\xff\xfe", "could not be read"),
    (b"[1, 2]", "not a JSON object"),
    (body(question="walk", path=["report:7"]), "does not follow"),
    (body(question="walk/report", answer="Shoot."), "not a choice"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_stored(store, sent, says):
    with pytest.raises(Refused, match=says):
        store.accept("P1", sent)
    assert not store.folder.exists() or not any(store.folder.iterdir())


@pytest.mark.parametrize("code", ["", "../x", "a/b", "x" * 40, "P 1"])
def test_an_identity_that_cannot_name_a_file_is_refused(store, code):
    with pytest.raises(Refused):
        store.accept(code, body())


def test_a_forged_file_cannot_name_others_or_mark_a_wrong_answer_correct(store):
    store.folder.mkdir(parents=True)
    lines = [json.dumps({"participant": f"X{i}", "scenario": "job-offer", "question": "classify", "answer": "smuggling",
                         "kind": "classify", "correct": True}) for i in range(20)]
    (store.folder / "EVIL.jsonl").write_text("\n".join(lines) + "\n")
    s = store.summary("job-offer")
    classify = s["scenarios"][0]["questions"][0]
    assert s["participants"] == 1 and classify["answered"] == 1 and classify["correct"] == 0


def test_fifo_symlink_device_and_huge_files_are_skipped_with_a_warning(store, capsys):
    store.accept("P1", body())
    os.mkfifo(store.folder / "FIFO.jsonl")
    (store.folder / "ZERO.jsonl").symlink_to("/dev/zero")
    (store.folder / "LINK.jsonl").symlink_to(store.folder / "P1.jsonl")
    with open(store.folder / "HUGE.jsonl", "wb") as f:
        f.truncate(64 * 1024 * 1024)
    started = time.monotonic()
    answers = read_answers(store.folder)
    assert [r["participant"] for r in answers.records] == ["P1"]
    notes = "\n".join(answers.skipped)
    assert "FIFO.jsonl: not a regular file" in notes and "ZERO.jsonl: a symbolic link" in notes
    assert "LINK.jsonl: a symbolic link" in notes and "HUGE.jsonl: too large" in notes
    assert store.summary()["participants"] == 1
    print_results(store.folder)
    out = capsys.readouterr()
    assert "1 participant(s)" in out.out and out.err.count("warning:") == 4
    assert time.monotonic() - started < 10  # nothing blocked on the FIFO or read /dev/zero


def test_results_print_control_characters_escaped(store, capsys):
    store.accept("P1", body(question="elders-call", answer="\x1b[2Jgone\u202eevil"))
    print_results(store.folder)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b[2Jgone\\u202eevil" in out


def test_a_device_in_the_session_folder_is_skipped(store):
    store.accept("P1", body())
    try:
        os.mknod(store.folder / "DEV.jsonl", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        pytest.skip("cannot make a device node here (needs CAP_MKNOD)")
    answers = read_answers(store.folder)
    assert len(answers.records) == 1 and any("DEV.jsonl: not a regular file" in n for n in answers.skipped)


def test_the_lab_room_view_survives_a_hostile_folder_and_escapes_what_it_shows(cur, store):
    from tipsom.workbook.cards import Look
    from tipsom.workbook.room_view import RoomCard

    store.accept("P1", body(question="elders-call", answer="<script>x</script>\x1b[31m\u202e"))
    store.accept("P2", body(answer="smuggling"))
    os.mkfifo(store.folder / "FIFO.jsonl")
    (store.folder / "ZERO.jsonl").symlink_to("/dev/zero")
    (store.folder / "NEST.jsonl").write_text("[" * 100_000 + "\n")
    card = RoomCard(Look(cur.provisions), store.folder, cur.scenarios, only="job-offer")
    html = card.table.value
    assert "<script>x" not in html and "\x1b" not in html and "\u202e" not in html and "\\x1b[31m\\u202e" in html
    assert html.index("Is this trafficking") < html.index("Who should investigate")  # scenario order
    assert "✔" not in html and "correct)" not in html
    card.reveal.value = True
    assert "✔" in card.table.value and "1 answered, 0 correct" in card.table.value


def test_seats_keep_identity_on_the_server(tmp_path):
    from tipsom.room.seats import Seats

    seats = Seats(tmp_path)
    seat, code, pin = seats.join(None, "p07")
    assert code == "P07" and seats.who(seat) == "P07" and len(pin) == 4
    assert seats.join(seat, "P07") == (seat, "P07", None)  # the same phone again: fine, no new PIN
    with pytest.raises(Refused, match="is in use"):
        seats.join(None, "P07")  # another phone cannot answer as P07
    with pytest.raises(Refused, match="is in use"):
        seats.join("forged-seat-token", "p07")
    again = Seats(tmp_path)  # after a restart
    assert again.who(seat) == "P07" and again.pin("P07") == pin
    moved, _, fresh = again.join(None, "P07", pin)
    assert fresh is None and again.who(moved) == "P07" and again.who(seat) is None  # the PIN moves the code
    assert again.free("p07") and again.who(moved) is None
    assert again.join(None, "P07")[1] == "P07"  # freed: the new phone may take it, with a new PIN
    handed = Seats(codes=["A1", "a2"])
    assert handed.join(None, "a1")[1] == "A1"
    with pytest.raises(Refused, match="not one of today's codes"):
        handed.join(None, "B7")


def test_shown_escapes_controls_and_bidi_overrides_but_keeps_joiners():
    """N2: ZWNJ in Urdu and ZWJ in emoji are shown as typed; a bidi override or an escape is not."""
    from tipsom.workbook.answers import shown

    assert shown("می\u200cخواهم") == "می\u200cخواهم" and shown("👨\u200d👩") == "👨\u200d👩"
    assert shown("\u202eevil\x1b[2J") == "\\u202eevil\\x1b[2J"
