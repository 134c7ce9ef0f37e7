"""The answer cards' commands, `tipsom kit cards` and `tipsom cards read`, which cli.py adds to
its groups; OpenCV and the printer load only when one of them runs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .errors import CardError

ROOT_HELP = "The project folder (holding curriculum/ and scenarios/)."


@click.command(name="cards")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--codes", default="", metavar="P01,P02", help="The participant codes, comma-separated.")
@click.option("--session", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A session folder: the codes of its attendance list.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write cards.pdf and cards.json (default build/kit/cards).")
def kit_cards(root: Path, codes: str, session: Path | None, out: Path | None) -> None:
    """Print answer cards (one A4 page each) and cards.json, the map of markers to codes."""
    from ..handouts.render import close
    from .layout import make_cards

    picked = card_codes(codes, session)
    try:
        pdf, json_path, cards_ = make_cards(picked, out or root / "build" / "kit" / "cards", root)
    finally:
        close()  # the kit's printer: its browser and driver
    click.echo(f"Wrote {pdf} ({len(cards_.cards)} card(s)) and {json_path}.")


def card_codes(codes: str, session: Path | None) -> list[str]:
    """The codes named with --codes, or those of the session's attendance list."""
    if bool(codes.strip()) == bool(session):
        raise click.UsageError("name the cards' codes with either --codes P01,P02,... or --session SESSION")
    if session:
        from ..kit.roster import read_attendance

        if not Path(session).is_dir():
            raise click.UsageError(f"no session folder at {session} (it holds attendance.csv and the answers)")
        return [p.code for p in read_attendance(session)]
    return [c.strip() for c in codes.split(",") if c.strip()]


def session_cards(session: Path | None, root: Path) -> list[Path]:
    """For `tipsom kit print --session`: the answer cards of its attendance list, if it has one."""
    if session is None or not (Path(session) / "attendance.csv").exists():
        return []
    from .layout import make_cards

    return list(make_cards(card_codes("", session), Path(root) / "build" / "kit" / "cards", root)[:2])


@click.group()
def cards() -> None:
    """Answer cards: read the cards a room holds up from one photo."""


@cards.command(name="read")
@click.argument("photo", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cards", "card_map", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The session's cards.json (written by tipsom kit cards).")
@click.option("--json", "as_json", is_flag=True, help='Print {"read": {code: letter}, "unread": [codes], ...}.')
@click.option("--session", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Store the letters as answers to a knowledge test item in this session folder (with --phase, --item).")
@click.option("--phase", type=click.Choice(["pre", "post"]), default=None, help="The test: pre or post (with --session).")
@click.option("--item", type=click.IntRange(1, 99), default=None, help="The item number as printed (with --session).")
@click.option("--form", type=click.Choice(["A", "B"]), default=None,
              help="The form everyone answers (the trainer reads it aloud); default: each code's own paper's form.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
def cards_read(photo: Path, card_map: Path, as_json: bool, session: Path | None, phase: str | None, item: int | None,
               form: str | None, root: Path) -> None:
    """Read which letter each card in PHOTO is turned to (A-D at the top); with --session, store
    them as the holders' answers to one knowledge test item (a room without phones)."""
    from .cardmap import CardMap
    from .read import read_photo

    if session is not None and (phase is None or item is None):
        raise click.UsageError("--session needs --phase (pre or post) and --item (the item number as printed)")

    map_ = CardMap.load(card_map)
    try:
        data = photo.read_bytes()
    except OSError as err:
        raise CardError(f"cannot read the photo {photo}: {err.strerror}") from None
    reading = read_photo(data, map_)
    if session is not None:
        _store(root, session, reading, phase, item, form)
    if as_json:
        click.echo(json.dumps(reading.as_json(), ensure_ascii=False))
        return
    click.echo(f"Read {len(reading.read)} of {len(map_.cards)} card(s):")
    for code, letter in reading.read.items():
        click.echo(f"  {code:12} {letter}")
    if reading.unread:
        click.echo("Not read (hold these up again): " + ", ".join(reading.unread))
    for code, why in reading.refused.items():
        click.echo(f"  {code}: {why}")
    if reading.unknown:
        click.echo("Not on this session's cards, not counted: marker(s) " + ", ".join(map(str, reading.unknown)))


def _store(root: Path, session: Path, reading, phase: str, item: int, form: str | None) -> None:
    from ..content import load_curriculum
    from ..kit.cardanswers import import_cards

    stored, skipped = import_cards(load_curriculum(root), session, reading.read, phase, item, form)
    for code, why in skipped.items():  # read, but not an answer of this session's test
        reading.read.pop(code, None)
        reading.refused[code] = why
    click.echo(f"Stored {stored} answer(s) to item {item} of the {phase}-test in {session}.", err=True)
