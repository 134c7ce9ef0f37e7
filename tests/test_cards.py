"""Answer cards: a room photo reads right (>= 39 of 40, none wrong), printed cards read the way
they are held, and a bad photo or card map gets one clear message. The photos are made by
benchmarks/cards_photos.py from a seed, so every run sees the same ones."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import zlib

import numpy as np
import pytest
from benchmarks.cards_photos import card_image, room_photo

from tipsom.cards import CardError, CardMap, read_photo
from tipsom.cards.cardmap import assign
from tipsom.cards.read import MAX_BYTES, Seen, _upright, tally

from .test_check import run_cli

CODES = [f"P{n:02d}" for n in range(1, 41)]


def scored(photo, reading) -> tuple[int, list[str]]:
    """Cards read right, and every wrong one: a wrong letter, or a code not held up."""
    right = sum(reading.read.get(code) == letter for code, letter in photo.held.items())
    wrong = [f"{code}: {letter}" for code, letter in reading.read.items() if photo.held.get(code) != letter]
    return right, wrong


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_forty_cards_held_up_in_a_room_read_right(seed):
    cards = assign(CODES)
    photo = room_photo(cards.cards, seed)
    reading = read_photo(photo.jpeg, cards)
    right, wrong = scored(photo, reading)
    assert wrong == [] and right >= 39, (right, reading.unread, reading.refused)
    assert sorted(reading.unread) == sorted(set(CODES) - set(reading.read))
    assert set(photo.held.values()) == set(reading.read.values()) == set("ABCD")  # every turn held and read


def test_a_small_photo_of_the_room_reads_too():
    cards = assign(CODES)
    photo = room_photo(cards.cards, 4, size=(2000, 1500), widths=(60, 130))
    right, wrong = scored(photo, read_photo(photo.jpeg, cards))
    assert wrong == [] and right >= 39


def test_cards_not_held_up_are_unread_not_guessed():
    cards = assign(CODES)
    held = {m: c for m, c in cards.cards.items() if m % 3}
    photo = room_photo(held, 5, size=(2000, 1500), widths=(60, 130))
    reading = read_photo(photo.jpeg, cards)
    assert set(reading.read) <= set(held.values())
    assert {c for m, c in cards.cards.items() if not m % 3} <= set(reading.unread)


def test_a_marker_of_another_session_is_never_counted():
    photo = room_photo({m: f"X{m}" for m in range(10)}, 6, size=(2000, 1500), widths=(60, 130))
    ours = CardMap({m: f"P{m:02d}" for m in range(5)})
    reading = read_photo(photo.jpeg, ours)
    assert reading.unknown == [5, 6, 7, 8, 9]
    assert set(reading.read) <= {f"P{m:02d}" for m in range(5)}
    with pytest.raises(CardError, match="no card of this session"):
        read_photo(photo.jpeg, CardMap({m: f"P{m}" for m in range(50, 60)}))


def test_a_card_seen_twice_counts_for_nobody():
    cards = CardMap({m: f"P{m:02d}" for m in range(6)})
    photo = room_photo([(m, f"P{m:02d}") for m in range(6)] + [(3, "copy")], 8, size=(2000, 1500), widths=(60, 130))
    reading = read_photo(photo.jpeg, cards)
    assert "P03" not in reading.read and "P03" in reading.unread
    assert "twice" in reading.refused["P03"] or "2 times" in reading.refused["P03"]
    assert len(reading.read) >= 4


def test_a_card_held_at_a_slant_is_not_read():
    seen = [Seen(0, (0, 0), None, 3.0), Seen(1, (0, 0), None, 93.0), Seen(2, (0, 0), None, 181.0),
            Seen(3, (0, 0), None, -88.0), Seen(4, (0, 0), None, 45.0)]
    reading = tally(_upright(seen), CardMap({m: f"P{m}" for m in range(5)}))
    assert reading.read == {"P0": "A", "P1": "D", "P2": "C", "P3": "B"}
    assert "slant" in reading.refused["P4"]


def test_a_photo_with_no_card_says_so():
    empty = room_photo({}, 9, size=(2000, 1500), widths=(60, 130))
    with pytest.raises(CardError, match="no answer card found"):
        read_photo(empty.jpeg, assign(CODES))


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size: a header and one tiny compressed row, no real picture."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"not a photo at all" * 50, "not a photo"),
    (png_header(30000, 30000), "too large"),  # 900 megapixels claimed: refused from the header
    (png_header(9000, 8000), "too large"),
    (b"\xff\xd8\xff" + b"\0" * (MAX_BYTES + 1), "too large"),
], ids=["empty", "not-an-image", "900-megapixels", "72-megapixels", "over-40-MB"])
def test_a_broken_or_huge_photo_gets_one_clear_message(data, message):
    with pytest.raises(CardError, match=message):
        read_photo(data, assign(CODES))


@pytest.mark.parametrize("keep", [2000, 0.5, 0.98])
def test_a_photo_cut_off_in_transfer_is_refused_not_read_in_part(keep):
    photo = room_photo(assign(CODES).cards, 10, size=(1600, 1200), widths=(60, 100))
    cut = photo.jpeg[:keep if isinstance(keep, int) else int(len(photo.jpeg) * keep)]
    with pytest.raises(CardError, match="cut off"):
        read_photo(cut, assign(CODES))


def test_a_large_png_and_a_turned_phone_photo_read_upright():
    """A 16 MP PNG is halved before reading; a JPEG's EXIF orientation is applied."""
    from PIL import Image

    cards = assign(CODES[:8])
    photo = room_photo(cards.cards, 13, size=(2400, 1700), widths=(100, 150))
    image = Image.open(io.BytesIO(photo.jpeg)).resize((4800, 3400))
    png = io.BytesIO()
    image.save(png, "PNG", compress_level=1)
    assert scored(photo, read_photo(png.getvalue(), cards))[1] == []
    turned, exif = io.BytesIO(), Image.Exif()
    exif[0x0112] = 6  # the camera was held turned: the viewer turns the picture back 90 degrees clockwise
    image.transpose(Image.Transpose.ROTATE_90).save(turned, "JPEG", quality=90, exif=exif)
    right, wrong = scored(photo, read_photo(turned.getvalue(), cards))
    assert wrong == [] and right >= 7


def test_codes_keep_their_markers_when_the_list_grows():
    first = assign(["P01", "P02", "P03"])
    again = assign(["P00", "P03", "P01", "P04"], first)
    assert {c: m for m, c in again.cards.items()} == {"P01": 0, "P03": 2, "P00": 1, "P04": 3}
    assert CardMap.from_json(json.loads(again.text())) == again


@pytest.mark.parametrize("text,message", [
    ("{", "not valid JSON"),
    ('{"cards": {"0": "P01", "1": "p01"}}', "on two cards"),
    ('{"cards": {"100": "P01"}}', "not one of the 100 markers"),
    ('{"cards": {"0": "has space"}}', "cannot be a participant code"),
    ('{"dictionary": "DICT_4X4_50", "cards": {}}', "print the cards again"),
    ('[1, 2]', "not a card map"),
])
def test_a_bad_card_map_is_named(tmp_path, text, message):
    path = tmp_path / "cards.json"
    path.write_text(text)
    with pytest.raises(CardError, match=message):
        CardMap.load(path)


def test_the_command_reads_a_photo_or_says_why_not(tmp_path):
    cards = assign(CODES[:12])
    (tmp_path / "cards.json").write_text(cards.text())
    photo = room_photo(cards.cards, 11, size=(2000, 1500), widths=(60, 130))
    (tmp_path / "room.jpg").write_bytes(photo.jpeg)
    r = run_cli("cards", "read", str(tmp_path / "room.jpg"), "--cards", str(tmp_path / "cards.json"), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"read", "unread"} and out["read"] == {c: photo.held[c] for c in out["read"]}
    assert len(out["read"]) >= 11
    (tmp_path / "broken.jpg").write_bytes(photo.jpeg[:100])
    for args in (["broken.jpg"], ["missing.jpg"], ["room.jpg", "--cards", "room.jpg"]):
        cmd = ["cards", "read", str(tmp_path / args[0]), "--cards", str(tmp_path / (args[2] if len(args) > 1 else "cards.json"))]
        r = run_cli(*cmd, "--json")
        err = r.stderr.decode()
        assert r.returncode == 1 and r.stdout == b"" and "Traceback" not in err and err.count("\n") == 1, err


def test_the_card_drawn_for_photos_reads_upright_as_a():
    image = card_image(17, "P17", side=400)
    cards = CardMap({17: "P17"})
    for turns, letter in enumerate("ADCB"):  # np.rot90 turns anticlockwise: B comes to the top first
        turned = np.rot90(image, -turns)
        framed = np.pad(turned, 100, constant_values=90)
        reading = read_photo(_png(framed), cards)
        assert reading.read == {"P17": letter}


def _png(gray) -> bytes:
    import cv2

    return cv2.imencode(".png", gray)[1].tobytes()


@pytest.mark.slow
def test_printed_cards_read_the_way_they_are_held(tmp_path, root):
    """The real PDF (Chromium), rendered by pdftoppm: each page reads as its code with A at the
    top, and a room holding the 40 printed pages reads >= 39 right, none wrong."""
    import cv2

    from tipsom.cards.layout import make_cards
    from tipsom.handouts.render import close

    try:
        pdf, card_json, cards = make_cards(CODES, tmp_path / "cards", root)
    finally:
        close()
    assert json.loads(card_json.read_text())["cards"] == {str(m): c for m, c in cards.cards.items()}
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == 40
    images = {m: cv2.imread(str(pages[n]), cv2.IMREAD_GRAYSCALE) for n, m in enumerate(sorted(cards.cards))}
    assert read_photo(_png(images[5]), cards).read == {"P06": "A"}
    assert read_photo(_png(np.rot90(images[5])), cards).read == {"P06": "B"}
    photo = room_photo(cards.cards, 12, images=images)
    right, wrong = scored(photo, read_photo(photo.jpeg, cards))
    assert wrong == [] and right >= 39
