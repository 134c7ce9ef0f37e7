"""The `tipsom translations` and `tipsom review` commands (added to the `tipsom` group in cli.py).

Errors a user can fix print as one located report and exit 1; heavy work loads lazily.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import translated_languages

ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                    help="The project folder (holding curriculum/ and scenarios/).")


def _report(problems: list) -> None:
    from ..content import report_lines

    for line in report_lines(problems):
        click.echo(line, err=True)


def _load(root: Path):
    from ..content import load_curriculum
    from ..errors import ContentError

    try:
        return load_curriculum(root)
    except ContentError as err:
        _report(err.problems)
        click.echo("Run `tipsom check` after fixing these.", err=True)
        sys.exit(1)


@click.group(invoke_without_command=True)
@ROOT
@click.option("--language", "languages", multiple=True, type=click.Choice(translated_languages()),
              help="Only this language (repeatable; default: every translated language).")
@click.option("--json", "as_json", is_flag=True, help='The counts as JSON: {"ur": {"missing": n, "draft": n, "stale": n, "reviewed": n}}.')
@click.option("--require", type=click.Choice(["translated", "current", "reviewed"]), default=None,
              help="Exit 1 unless every string is translated (none missing), current (none missing or stale) or reviewed.")
@click.option("--verbose", "-v", is_flag=True, help="Also list the stale strings and every audience's needs (--json: per file).")
@click.pass_context
def translations(ctx, root: Path, languages: tuple[str, ...], as_json: bool, require: str | None, verbose: bool) -> None:
    """Count each language's strings by state (missing, draft, stale, reviewed), per file."""
    if ctx.invoked_subcommand is not None:
        return
    from ..content.overlays import orphans
    from .report import print_states

    cur = _load(root)
    problems = orphans(root)
    if problems:
        _report(problems)
        sys.exit(1)
    sys.exit(print_states(cur, languages, as_json, require, verbose, click.echo))


@translations.command(name="export")
@ROOT
@click.option("--language", required=True, type=click.Choice(translated_languages()), help="The language to translate into.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="The folder for the PO files.")
def translations_export(root: Path, language: str, out: Path) -> None:
    """Write a gettext PO file per content file: drafts and stale strings fuzzy, notes for translators."""
    from .po import export

    written = export(_load(root), language, out)
    click.echo(f"Wrote {len(written)} PO file(s) into {out}.")


@translations.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@ROOT
@click.option("--reviewed-by", "reviewer", default=None, metavar="NAME",
              help="The reviewer who approved these files: their non-fuzzy strings become reviewed by NAME.")
def translations_import(files: tuple[Path, ...], root: Path, reviewer: str | None) -> None:
    """Bring PO files back into the overlays. Every string is checked first; nothing is written unless all pass."""
    from .po_import import import_po

    problems, changed = import_po(_load(root), list(files), reviewer)
    if problems:
        _report(problems)
        click.echo("Nothing was written: fix these strings in the PO files and import them again.", err=True)
        sys.exit(1)
    for name, n in changed.items():
        click.echo(f"{name}: {n} string(s) changed")
    click.echo(f"Imported {len(files)} PO file(s): {len(changed)} overlay file(s) changed.")


@click.group(invoke_without_command=True)
@ROOT
@click.option("--json", "as_json", is_flag=True, help="One JSON list: file, state, reviewer, date, law version.")
@click.option("--require", is_flag=True, help="Exit 1 unless every document's law is signed off and current.")
@click.pass_context
def review(ctx, root: Path, as_json: bool, require: bool) -> None:
    """List each scenario, module, test, the leaflet and the card: legal review signed off, stale or never."""
    if ctx.invoked_subcommand is not None:
        return
    from .ledger import print_ledger

    sys.exit(print_ledger(_load(root), as_json, require, click.echo))


@review.command(name="sign")
@click.argument("files", nargs=-1, required=True)
@ROOT
@click.option("--by", "reviewer", required=True, metavar="NAME", help="The legal reviewer who signs off (never the author).")
@click.option("--law-version", required=True, type=click.Choice(["as_enacted_2018", "as_amended_2025"]),
              help="The version of the law the reviewer checked the content against.")
def review_sign(files: tuple[str, ...], root: Path, reviewer: str, law_version: str) -> None:
    """Record a legal reviewer's sign-off of FILES (as they are now) in curriculum/reviews.yaml."""
    from ..errors import TipsomError
    from .ledger import sign

    try:
        sign(_load(root), list(files), reviewer, law_version)
    except TipsomError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(1)
    click.echo(f"Signed off {len(files)} file(s) for {reviewer} in curriculum/reviews.yaml.")
