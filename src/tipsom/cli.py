"""The `tipsom` command. Errors a user can fix print as one message and exit 1 (2 for
usage); heavy libraries (Jupyter, nbconvert, Playwright) load only in the commands
that need them, so `tipsom --help`, `check` and `assess` start fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from .cards.commands import cards, kit_cards, session_cards  # tipsom kit cards, tipsom cards read
from .errors import Problem, Stopped, TipsomError
from .i18n import translated_languages
from .translation.commands import review, translations

ROOT_HELP = "The project folder (holding curriculum/ and scenarios/)."
LANGUAGE_CHOICES = ("en", *translated_languages())  # the language table: tipsom/locale/languages.yaml


def report(problems: list[Problem], out=None) -> None:
    """Print the sorted report: one line a problem, a summary, one hint per rule."""
    from .content import report_lines

    for line in report_lines(problems):
        (out or (lambda s: click.echo(s, err=True)))(line)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=[cards])
@click.version_option(package_name="tipsom")
def main() -> None:
    """TIP/SOM training workbook: check content, assess facts, build handouts."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(root: Path, files: tuple[Path, ...]) -> None:
    """Validate the whole project, or only FILES; print one sorted report."""
    from .content import check_project

    problems = check_project(root, list(files) or None)
    if problems:
        report(problems)
        sys.exit(1)
    click.echo("All content is valid.")


@main.command()
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True))
def assess(file: Path) -> None:
    """Print what the law says of the facts in FILE (a scenario or a facts: mapping; - for stdin)."""
    from .content import read_facts
    from .law import assess as run

    if str(file) == "-":
        raw, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        try:
            raw, name = file.read_bytes(), str(file)
        except OSError as err:
            raise click.UsageError(f"cannot read {file}: {err.strerror}") from None
    facts, problems = read_facts(raw, name)
    if facts is None:
        report(problems)
        sys.exit(1)
    click.echo(json.dumps(run(facts).as_json(), indent=2, ensure_ascii=False))


@main.command(name="list")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON list of every scenario with its assessment.")
def list_(root: Path, as_json: bool) -> None:
    """List the scenarios."""
    from .law import assess as run

    cur = _load(root)
    rows = [{"id": s.id, "title": s.title, "audiences": list(s.audiences),
             "languages": list(s.languages), "assessment": run(s.facts).as_json()}
            for s in sorted(cur.scenarios.values(), key=lambda s: s.id)]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        a = r["assessment"]
        kind = "both" if a["trafficking"] and a["smuggling"] else "trafficking" if a["trafficking"] else "smuggling" if a["smuggling"] else "neither"
        click.echo(f"{r['id']:32} {kind:12} {','.join(a['agencies']) or '-':12} {r['title']}")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/workbooks).")
def workbooks(root: Path, out: Path | None) -> None:
    """Prepare ready-to-open notebooks for each audience in build/workbooks/<audience>/."""
    from .workbook.prepare import prepare_workbooks

    target = out or root / "build" / "workbooks"
    cur = _load(root, scope_translations=True)  # a broken translation leaves out only its own notebooks
    if cur.broken:
        report([p for problems in cur.broken.values() for p in problems])
    written = prepare_workbooks(cur, target)
    click.echo(f"Prepared the workbooks in {target} ({len(written)} file(s) written, the rest unchanged).")


@main.command()
@click.argument("session", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def results(session: Path, as_json: bool) -> None:
    """Summarise how the room answered, from a session folder of answers."""
    from .workbook.answers import print_results

    print_results(session, as_json=as_json)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/handouts).")
@click.option("--audience", "audiences", multiple=True, help="Build only this audience (repeatable).")
@click.option("--language", "languages", multiple=True, type=click.Choice(LANGUAGE_CHOICES),
              help="Build only this language (repeatable; default: English and every language a document has content in).")
@click.option("--workers", type=click.IntRange(1, 8), default=2, show_default=True, help="Worker processes.")
@click.option("--edition", "editions", multiple=True, type=click.Choice(["pack", "reference"]),
              help="pack: leaflet, referral card, word list and the day's workbook (the default); reference: the long handout (repeatable).")
@click.option("--scenarios", default="", metavar="A,B", help="Scenario ids for every workbook, instead of the programme's.")
@click.option("--final", is_flag=True, help="Refuse (listing each) while a document holds a draft or stale translation or unreviewed law.")
def handouts(root: Path, out: Path | None, audiences: tuple[str, ...], languages: tuple[str, ...], workers: int,
             editions: tuple[str, ...], scenarios: str, final: bool) -> None:
    """Build the print pack (and trainer guide) for every audience into build/handouts/."""
    from .handouts import build_handouts

    picked = [s.strip() for s in scenarios.split(",") if s.strip()]
    cur = _load(root, scope_translations=True)  # a broken translation fails only the documents that read it
    if cur.broken:
        report([p for problems in cur.broken.values() for p in problems])
    build_handouts(cur, out or root / "build" / "handouts", audiences=list(audiences), workers=workers,
                   languages=list(languages), editions=list(editions), scenarios=picked, final=final)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/slides).")
@click.option("--language", "languages", multiple=True, type=click.Choice(["en", "ur"]),
              help="Build only this language (repeatable; default: English and Urdu).")
def slides(root: Path, out: Path | None, languages: tuple[str, ...]) -> None:
    """Write each module's slide deck (reveal.js, offline) into build/slides/<language>/."""
    from .slides import build_slides

    target = out or root / "build" / "slides"
    written = build_slides(_load(root), target, list(languages))
    click.echo(f"Wrote {len(written) - 1} deck(s) and {target / 'index.html'}; present one with a browser, S for speaker notes.")


main.add_command(translations)
main.add_command(review)


@main.command(name="report")
@click.argument("session", type=click.Path(file_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/reports).")
@click.option("--language", "languages", multiple=True, type=click.Choice(["en", "ur"]), help="Only this language (default: both).")
def report_(session: Path, root: Path, out: Path | None, languages: tuple[str, ...]) -> None:
    """Write the session report (HTML and A4 PDF) into build/reports/<session>/."""
    from .kit import make_report

    with _printing():
        written = make_report(_load(root), _session(session), out or root / "build" / "reports", languages or ("en", "ur"))
    click.echo("Wrote " + ", ".join(str(p) for p in written))


@main.command()
@click.argument("session", type=click.Path(file_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/certificates).")
@click.option("--verify", "code", default=None, help="Say whose certificate a verification code is.")
def certificates(session: Path, root: Path, out: Path | None, code: str | None) -> None:
    """One A4-landscape certificate page per person on the session's attendance list."""
    from .kit.certificates import make_certificates, verify

    if code:
        owner = verify(_session(session), code)
        if owner is None:
            click.echo(f"{code}: no one on the attendance list of {session.name} has this code.", err=True)
            sys.exit(1)
        click.echo(f"{code}: the certificate of participant {owner} in session {session.name}.")
        return
    with _printing():
        path, count = make_certificates(_load(root), _session(session), out or root / "build" / "certificates")
    click.echo(f"Wrote {path} ({count} certificate(s)).")


@main.group(commands=[kit_cards])
def kit() -> None:
    """The trainer's kit: paper answers in, printed sheets out."""


@kit.command(name="import")
@click.argument("session", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
def kit_import(session: Path, file: Path, root: Path) -> None:
    """Add answers typed in from paper test sheets (FILE.csv) to SESSION."""
    from .kit import import_paper

    sheets, answers = import_paper(_load(root), _session(session), file)
    click.echo(f"Imported {answers} answer(s) from {sheets} sheet(s) into {session}.")


@kit.command(name="print")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--session", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A session folder: its attendance list fills the attendance sheets.")
def kit_print(root: Path, session: Path | None) -> None:
    """Print the tests, answer sheets, evaluation forms, attendance sheets (and a --session's answer cards) into build/kit/."""
    from .kit import print_sheets

    with _printing():
        written = print_sheets(_load(root), root / "build" / "kit", session) + session_cards(session, root)
    click.echo(f"Wrote {len(written)} file(s) into {root / 'build' / 'kit'}.")


DB_HELP = "The programme database: postgresql://user:password@host/db, or a SQLite file (default build/programme/programme.sqlite)."


@main.group()
def programme() -> None:
    """The programme: every session in one database, its indicators, the follow-up."""


@programme.command(name="import")
@click.argument("sessions", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--db", default=None, help=DB_HELP)
@click.option("--skip-unreadable", is_flag=True, help="Import a folder with torn or unreadable answer lines, leaving those lines out (noted).")
def programme_import(sessions: tuple[Path, ...], root: Path, db: str | None, skip_unreadable: bool) -> None:
    """Read SESSION folders (attendance, answers, paper imports, evaluation) into the programme database."""
    from .programme import import_folders, open_db

    cur = _load(root)
    for done in import_folders(open_db(db, root), cur, list(sessions), skip_unreadable):
        click.echo(f"{done.folder}: event {done.event}, {done.participants} on its list, {done.added} answer(s) added, "
                   f"{done.kept} already there.")
        for note in done.skipped:
            click.echo(f"warning: left out {note}", err=True)


@programme.command(name="report")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--db", default=None, help=DB_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/programme).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object instead of writing files.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also print the A4 PDFs.")
@click.option("--language", "languages", multiple=True, type=click.Choice(["en", "ur"]), help="Only this language (default: both).")
def programme_report(root: Path, db: str | None, out: Path | None, as_json: bool, pdf: bool, languages: tuple[str, ...]) -> None:
    """The programme's indicators: HTML and A4 PDF (English, Urdu) and an XLSX workbook, or --json."""
    from .programme import figures, open_db

    found = figures(open_db(db, root), cur := _load(root))
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    from .programme import write_report
    with _printing():
        written = write_report(cur, found, out or root / "build" / "programme", languages or ("en", "ur"), pdf=pdf)
    click.echo("Wrote " + ", ".join(str(p) for p in written))


@programme.command(name="followup")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write (default build/programme).")
def programme_followup(root: Path, out: Path | None) -> None:
    """Write the follow-up questionnaire as an XLSForm (English, Urdu) for KoboToolbox or ODK Collect."""
    from .programme import export_followup

    click.echo(f"Wrote {export_followup(_load(root), out or root / 'build' / 'programme')}: upload it to KoboToolbox or ODK Central.")


@programme.command(name="import-followup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--db", default=None, help=DB_HELP)
def programme_import_followup(file: Path, root: Path, db: str | None) -> None:
    """Read the follow-up's CSV export (KoboToolbox, ODK) into the programme database, matched by code."""
    from .programme import import_followup, open_db

    added, kept = import_followup(open_db(db, root), _load(root), file)
    click.echo(f"{file}: {added} follow-up response(s) added, {kept} already there.")


@contextlib.contextmanager
def _printing():
    """The kit prints through the handouts' browser: close it (and its driver) when done."""
    try:
        yield
    finally:
        from .handouts.render import close

        close()


def _session(session: Path) -> Path:
    if not session.is_dir():
        raise click.UsageError(f"no session folder at {session} (it holds attendance.csv and the answers)")
    return session


@main.group(invoke_without_command=True)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--audience", default="police", show_default=True, help="Whose training it is (an audience id).")
@click.option("--scenario", "scenarios", multiple=True, help="Today's scenarios (repeatable; default: all of the audience's).")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on (default: every interface, for the room's Wi-Fi).")
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True, help="Port to listen on.")
@click.option("--session", default=None,
              help="The session: a name (under build/workbooks/<audience>/sessions/) or a folder; default: a new one "
                   "named by date and time. Answers, seats and the trainer key are kept there.")
@click.option("--resume", is_flag=True, help="Carry on the latest session: seats, PINs, the trainer link and the answers.")
@click.option("--pace", type=click.Choice(["trainer", "self"]), default="trainer", show_default=True,
              help="trainer: you open each question and reveal its answer; self: participants work at their own speed.")
@click.option("--codes", default="", help="Hand out codes: only these (comma-separated) may join.")
@click.option("--max", "max_codes", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="Most codes (participants) the room takes.")
@click.option("--cards", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The answer cards' cards.json (tipsom kit cards): the presenter reads a photo of the held-up cards.")
@click.option("--join-burst", type=click.IntRange(0, 1000), default=6, hidden=True,
              help="Joins one address may make at once (then one per 10 s); 0: no limit (the load test's one address).")
@click.pass_context
def room(ctx, root: Path, audience: str, scenarios: tuple[str, ...], host: str, port: int, session: str | None, resume: bool,
         pace: str, codes: str, max_codes: int, cards: Path | None, join_burst: int) -> None:
    """Run a training room from this laptop: participants join on their phones, you present."""
    if ctx.invoked_subcommand is None:
        from .room.server import serve

        serve(_load(root, scope_translations=True), audience, host, port, list(scenarios), session,
              [c for c in codes.split(",") if c.strip()] or None, pace, resume, max_codes, join_burst, cards=cards)


@room.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", help=ROOT_HELP)
@click.option("--audience", default="police", show_default=True, help="Whose pages to load.")
@click.option("--scenario", default="", help="The scenario every simulated participant answers (default: the first).")
@click.option("--participants", type=click.IntRange(1, 500), default=10, show_default=True, help="Simulated participants.")
@click.option("--seconds", type=click.IntRange(10, 900), default=180, show_default=True,
              help="How long the phones stay in the room, polling, after answering (the run stops by then).")
def loadtest(root: Path, audience: str, scenario: str, participants: int, seconds: int) -> None:
    """Simulate a room on 127.0.0.1: N phones join, open a case, poll, answer what the trainer opens; one JSON line."""
    from .room.loadtest import run_loadtest

    click.echo(json.dumps(run_loadtest(root, audience, scenario, participants, seconds)))


def _load(root: Path, scope_translations: bool = False):
    from .content import load_curriculum
    from .errors import ContentError

    try:
        return load_curriculum(root, scope_translations=scope_translations)
    except ContentError as err:
        report(err.problems)
        click.echo("Run `tipsom check` after fixing these.", err=True)
        sys.exit(1)


def run() -> None:
    """Entry point: user errors print one message, bugs keep their traceback."""
    try:
        main(standalone_mode=True)
    except TipsomError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(1)
    except Stopped as stop:  # Ctrl-C or SIGTERM during a build: what finished is recorded
        sys.exit(128 + stop.signum)
