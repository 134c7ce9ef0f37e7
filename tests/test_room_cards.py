"""Answer cards in the room (issue 22): the presenter's photo of the held-up cards becomes each
card holder's answer to the open question, in the same store as the phones' answers.

Photos are made by benchmarks/cards_photos.py from a seed; the room runs as in test_room.py.
"""

from __future__ import annotations

import json

import pytest
from benchmarks.cards_photos import room_photo

from tests.test_room import WORKBOOK, Running, lines, phone, trainer
from tipsom.cards import CardMap
from tipsom.cards.cardmap import assign
from tipsom.room.server import RoomError, build

CODES = [f"P{n:02d}" for n in range(1, 13)]


@pytest.fixture(scope="module")
def cur():
    from tipsom.content import load_curriculum

    return load_curriculum(WORKBOOK, scope_translations=True)


@pytest.fixture
def cards(tmp_path):
    path = tmp_path / "cards" / "cards.json"
    path.parent.mkdir()
    path.write_text(assign(CODES).text(), encoding="utf-8")
    return path


@pytest.fixture
def room(cur, tmp_path, cards):
    running = Running(cur, tmp_path / "session", cards=cards)
    yield running
    running.stop()


def photograph(room, question: str, data: bytes) -> tuple[int, dict]:
    screen = trainer(room)
    status, body, _ = screen.call(f"/trainer/photo?lang=en&scenario=job-offer&question={question}", data,
                                  headers={"Content-Type": "image/jpeg"})
    return status, json.loads(body)


def test_a_photo_of_the_cards_answers_the_open_question_for_each_card(room, tmp_path):
    cards = CardMap.load(tmp_path / "cards" / "cards.json")
    photo = room_photo(cards.cards, 11, size=(2000, 1500), widths=(70, 130))
    choices = [c.key for c in room.room.page("job-offer", "en").questions[0].choices]  # classify, as the phones show it
    status, got = photograph(room, "classify", photo.jpeg)
    assert status == 200
    assert len(got["read"]) >= 11 and sorted(got["unread"]) == sorted(set(CODES) - set(got["read"]))
    for code, letter in got["read"].items():
        assert letter == photo.held[code]  # never a wrong letter
        (record,) = lines(tmp_path / "session", code)
        assert record["answer"] == choices["ABCD".index(letter)] and record["question"] == "classify"
    assert room.room.pace.opened["job-offer"] == ["classify"]  # answered by cards: open in the room
    summary = json.loads(trainer(room).call("/trainer/summary.json?scenario=job-offer")[1])
    q = summary["scenarios"][0]["questions"][0]
    assert sum(o["count"] for o in q["options"]) == len(got["read"])


def test_the_same_photo_sent_twice_counts_once_and_phones_mix_with_cards(room, tmp_path):
    cards = CardMap.load(tmp_path / "cards" / "cards.json")
    photo = room_photo(cards.cards, 12, size=(2000, 1500), widths=(70, 130))
    p = phone(room, "Q99")  # a phone in the same session
    trainer(room).call("/trainer/open", {"scenario": "job-offer", "question": "classify"})
    assert p.answer("classify", "trafficking")[0] == 200
    first, second = photograph(room, "classify", photo.jpeg), photograph(room, "classify", photo.jpeg)
    assert first[1]["read"] == second[1]["read"]
    assert all(len(lines(tmp_path / "session", code)) == 1 for code in first[1]["read"])
    summary = json.loads(trainer(room).call("/trainer/summary.json?scenario=job-offer")[1])
    assert sum(o["count"] for o in summary["scenarios"][0]["questions"][0]["options"]) == len(first[1]["read"]) + 1


@pytest.mark.parametrize("question, message", [
    ("indicators", "one answer and at most four options"),    # several answers
    ("elders-call", "no such question"),                      # the elders' question, not on the police page
    ("nope", "no such question"),
])
def test_a_photo_for_a_question_cards_cannot_answer_is_refused(room, tmp_path, question, message):
    status, got = photograph(room, question, b"\xff\xd8 not looked at")
    assert status == 400 and message in got["error"]
    assert not any((tmp_path / "session").glob("*.jsonl"))


def test_a_broken_photo_or_a_revealed_question_stores_nothing(room, tmp_path):
    status, got = photograph(room, "classify", b"not a photo at all")
    assert status == 400 and got["error"] and "Traceback" not in got["error"]
    trainer(room).call("/trainer/reveal", {"question": "job-offer/classify"})
    status, got = photograph(room, "classify", b"not a photo at all")
    assert status == 400 and "answers to it are closed" in got["error"]
    assert not any((tmp_path / "session").glob("*.jsonl"))


def test_a_room_without_cards_says_how_to_start_one_with_them(cur, tmp_path):
    running = Running(cur, tmp_path / "plain")
    try:
        status, got = photograph(running, "classify", b"x")
        assert status == 400 and "--cards" in got["error"]
        assert "Take a photo" not in trainer(running).text("/trainer?lang=en")[1]
    finally:
        running.stop()


def test_the_presenter_offers_the_camera_and_letters_the_options(room):
    page = trainer(room).text("/trainer?lang=en")[1]
    assert 'type="file" id="photo" accept="image/*" capture="environment"' in page
    assert "Take a photo of the answer cards" in page and 'const CARDS = true' in page
    assert json.dumps(["الف", "ب", "ج", "د"]) in trainer(room).text("/trainer?lang=ur")[1]  # as the cards print them


def test_the_session_keeps_its_cards_and_a_bad_map_is_one_message(cur, tmp_path, cards):
    session = tmp_path / "kept"
    room, _ = build(cur, "police", session, font=False, cards=cards)
    assert room.cards.codes == CODES and (session / "cards.json").is_file()
    again, _ = build(cur, "police", session, font=False)  # --resume: the session's own copy
    assert again.cards == room.cards
    bad = tmp_path / "bad.json"
    bad.write_text('{"cards": {"0": "P 01"}}', encoding="utf-8")
    with pytest.raises(RoomError, match="Answer cards: .*cannot be a participant code"):
        build(cur, "police", tmp_path / "other", font=False, cards=bad)
