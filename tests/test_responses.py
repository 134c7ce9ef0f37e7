"""workbook/answers.py: append-only answers that survive crashes, concurrent writers and bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tipsom.workbook import answers as responses
from tipsom.workbook.answers import Recorder, ResponseError, append, read_answers

SRC = str(Path(__file__).resolve().parents[1] / "src")


def record(n: int = 0, **more) -> dict:
    return {"scenario": "job-offer", "question": "classify", "kind": "classify", "answer": "trafficking",
            "correct": True, "n": n, **more}


def test_append_writes_one_json_line_per_submission(tmp_path):
    append(tmp_path / "s", "P07", record(1))
    append(tmp_path / "s", "P07", record(2, answer="smuggling", correct=False))
    path = tmp_path / "s" / "P07.jsonl"
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 3
    first = json.loads(lines[0])
    assert first["participant"] == "P07" and first["n"] == 1 and dt.datetime.fromisoformat(first["time"])
    got = read_answers(tmp_path / "s")
    assert [r["n"] for r in got.records] == [1, 2] and got.skipped == []


@pytest.mark.parametrize(("code", "message"), [
    ("", "Enter your participant code"), ("   ", "Enter your participant code"),
    ("Gul Bibi", "cannot be a participant code"), ("../x", "cannot be a participant code"),
    ("x" * 40, "cannot be a participant code"),
])
def test_bad_participant_codes_get_a_clear_message(tmp_path, code, message):
    with pytest.raises(ResponseError, match=message):
        append(tmp_path, code, record())
    assert not list(tmp_path.iterdir())


def test_session_folder_defaults_to_the_date(tmp_path):
    assert responses.session_dir(tmp_path, "", today=dt.date(2025, 3, 4)) == tmp_path / "2025-03-04"
    assert responses.session_dir("sessions", "quetta-day1") == Path("sessions/quetta-day1")
    with pytest.raises(ResponseError, match="cannot be a session name"):
        responses.session_dir("sessions", "../elsewhere")


def test_an_unwritable_folder_is_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ResponseError, match="Cannot save answers in"):
        append(blocker / "session", "P1", record())
    with pytest.raises(ResponseError, match="Cannot save answers in"):
        Recorder(blocker / "session", "police").start("P1")


def test_a_torn_last_line_is_skipped_reported_and_sealed(tmp_path):
    append(tmp_path, "P1", record(1))
    with open(tmp_path / "P1.jsonl", "ab") as f:
        f.write(b'{"scenario": "job-offer", "quest')  # a writer that died mid-line
    got = read_answers(tmp_path)
    assert [r["n"] for r in got.records] == [1]
    assert got.skipped == [f"{tmp_path / 'P1.jsonl'}:2: torn last line (the writer stopped mid-answer), skipped"]
    append(tmp_path, "P1", record(3))  # starts on a new line: the fragment cannot swallow it
    got = read_answers(tmp_path)
    assert [r["n"] for r in got.records] == [1, 3]
    assert got.skipped == [f"{tmp_path / 'P1.jsonl'}:2: unreadable line, skipped"]


def test_garbage_and_non_objects_never_crash_the_reader(tmp_path):
    (tmp_path / "X.jsonl").write_bytes(b'[1, 2]\n\xff\xfe\n\n{"n": 5}\n')
    got = read_answers(tmp_path)
    assert got.records == [{"n": 5, "participant": "X"}] and len(got.skipped) == 2  # the file names the participant


WRITER = """
import sys
sys.path.insert(0, {src!r})
from tipsom.workbook.answers import append
import os, time
folder, code, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
while not os.path.exists(os.path.join(folder, "go")):  # start together
    time.sleep(0.005)
for n in range(count):
    append(folder, code, {{"scenario": "s", "question": "q", "kind": "open", "writer": sys.argv[5], "n": n,
                          "answer": "x" * size}})
"""


def writer(folder: Path, code: str, count: int, size: int, name: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER.format(src=SRC), str(folder), code, str(count), str(size), name],
                            stdout=subprocess.PIPE, text=True)


def test_concurrent_writers_to_one_session_lose_nothing(tmp_path):
    # four processes: two share one participant file, two have their own
    procs = [writer(tmp_path, code, 150, 3000, f"w{i}") for i, code in enumerate(["P1", "P1", "P2", "P3"])]
    assert [p.stdout.readline().strip() for p in procs] == ["ready"] * 4
    (tmp_path / "go").touch()
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    got = read_answers(tmp_path)
    assert got.skipped == []
    by_writer = {}
    for r in got.records:
        by_writer.setdefault(r["writer"], []).append(r["n"])
        assert r["answer"] == "x" * 3000
    assert by_writer == {f"w{i}": list(range(150)) for i in range(4)}
    assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == ["P1.jsonl", "P2.jsonl", "P3.jsonl"]


def test_killing_the_writer_mid_append_keeps_every_earlier_line(tmp_path):
    proc = writer(tmp_path, "P9", 100_000, 200_000, "w")  # large lines widen the window for a torn write
    assert proc.stdout.readline().strip() == "ready"
    (tmp_path / "go").touch()
    path = tmp_path / "P9.jsonl"
    while not path.exists() or path.stat().st_size < 1_000_000:
        time.sleep(0.01)
    before = path.read_bytes()
    before = before[: before.rfind(b"\n") + 1]  # every line complete when we looked
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    after = path.read_bytes()
    assert after.startswith(before) and before
    got = read_answers(tmp_path)
    assert len(got.skipped) <= 1 and all(r["answer"] == "x" * 200_000 for r in got.records)
    assert [r["n"] for r in got.records] == list(range(len(got.records)))
    assert len(got.records) >= before.count(b"\n")
    append(tmp_path, "P9", record(-1))
    assert read_answers(tmp_path).records[-1]["n"] == -1


def test_recorder_saves_and_restores_the_latest_answer(tmp_path):
    rec = Recorder(tmp_path / "s", "police")
    with pytest.raises(ResponseError, match="participant code"):
        rec.submit("job-offer", "classify", "classify", "smuggling")
    assert rec.start("P1") == []
    rec.submit("job-offer", "classify", "classify", "smuggling")
    rec.submit("job-offer", "classify", "classify", "trafficking")
    rec.submit("other", "classify", "classify", "neither")
    again = Recorder(tmp_path / "s", "police", participant="P1")
    assert again.earlier("job-offer")["classify"]["answer"] == "trafficking"
    assert len(again.start("P1")) == 3


def fill_session(folder: Path) -> None:
    for code, answer in (("A", "trafficking"), ("B", "smuggling"), ("C", "trafficking")):
        append(folder, code, record(answer=answer, correct=answer == "trafficking"))
    append(folder, "A", {"scenario": "job-offer", "question": "indicators", "kind": "indicators",
                         "answer": ["debt", "city"], "correct": False})


def test_room_summary_reads_the_session_folder(tmp_path):
    fill_session(tmp_path)
    room = responses.room_summary(tmp_path)
    assert room["job-offer"]["classify"] == {"kind": "classify", "answered": 3, "correct": 2,
                                             "answers": {"trafficking": 2, "smuggling": 1}}
    assert responses.room_summary(tmp_path, scenario="nope") == {}


def test_print_results_as_text_and_json(tmp_path, capsys):
    fill_session(tmp_path)
    responses.print_results(tmp_path)
    text = capsys.readouterr().out
    assert "3 participant(s), 4 submission(s)" in text
    assert "  classify: 3 answered, 2 correct" in text and "   2  trafficking" in text
    responses.print_results(tmp_path, as_json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["participants"] == ["A", "B", "C"] and data["scenarios"]["job-offer"]["indicators"]["answers"] == {"city": 1, "debt": 1}


def test_results_command_on_a_missing_folder_is_one_clear_line(tmp_path):
    out = subprocess.run([str(Path(sys.executable).parent / "tipsom"), "results", str(tmp_path / "nope")],
                         capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "No session folder at" in out.stderr
