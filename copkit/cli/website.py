"""``copkit site``: a static site of every community.

The site is written all or nothing into ``--out`` (see :mod:`copkit.files`): copkit's own pages from an
earlier run are replaced, and those of communities that are gone removed; any other file stays, and a
file copkit did not write or that was edited since stops the run unless ``--force``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import charter_files, day_option, interrupted, spoken, tell
from copkit.cli.progress import working
from copkit.diagnostics import Severity
from copkit.errors import CopkitError, Interrupted


@command()
def site(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the site.")] = Path("site"),
    lang: Annotated[
        Language | None,
        typer.Option(
            help="Language of the index. Default: the one most charters use (a tie: English). "
            "Each community's page is in its charter's language.",
            show_default=False,
        ),
    ] = None,
    today: Annotated[date | None, day_option("First day of the calendars. Default: today.")] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace or remove files in --out that copkit did not write or that were edited."),
    ] = False,
) -> None:
    """A static site of every community: cards to search and filter, one-pagers, calendar files, and
    the trends, harvest and signals of the communities that keep a journal.

    A broken charter (or one whose journal has errors) is left out and its problems are listed; the
    others are published, and the exit status is 1 so CI notices."""
    from dataclasses import replace

    from copkit.checking import FileResult, check_file, collect_journals
    from copkit.cli.report import most_used
    from copkit.files import write_outputs
    from copkit.messages import translate
    from copkit.textsafe import visible
    from copkit.website import build_site

    as_of = today or date.today()
    found = charter_files(paths)
    checked = [check_file(path, today=as_of) for path in found.files]
    journals, journal_problems = collect_journals(checked, today=as_of)  # entries found with the charters: read once
    valid: list[FileResult] = []
    broken: list[FileResult] = []
    for result in [result for result in checked if not result.is_entry] + found.unreadable:
        problems = result.problems + (journal_problems.get(result.charter.name, []) if result.charter else [])
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        (broken if errors or result.charter is None else valid).append(result)
        for problem in errors:
            typer.echo(visible(str(replace(problem, message=translate(problem.message, spoken())))), err=True)
    if not valid:
        raise CopkitError("no site written: no valid charter; fix the charters first ('copkit check' explains)")
    charters = [result.charter for result in valid if result.charter is not None]
    notes: list[str] = []
    try:
        with working(tell("Writing the site of {count} communities", count=len(charters))):
            files = build_site(
                charters,
                lang=lang or most_used([charter.language for charter in charters]),
                today=as_of,
                sources=[result.path for result in valid],
                journals={charter.name: journals[charter.name] for charter in charters if charter.name in journals},
                notes=notes,
            )
        with interrupted("no site written"):
            written, removed = write_outputs(
                {out / name: content for name, content in files.items()},
                force=force,
                by="site",
                remove_gone=not broken,  # a broken community's page stays until its charter is fixed
            )
    except Interrupted:
        raise  # it says so already, and keeps its exit status (130)
    except CopkitError as error:
        raise CopkitError(f"no site written: {error.message}", error.diagnostics) from None
    for note in notes:
        typer.echo("copkit: " + tell("note: {note}", note=visible(translate(note, spoken()))), err=True)
    for path in removed:
        typer.echo(tell("removed {path}", path=path))
    typer.echo(
        tell("wrote {count} files to {folder}; open {index}", count=len(written), folder=out, index=out / "index.html")
    )
    if broken:
        left_out = ", ".join(result.path for result in broken)
        raise CopkitError(f"left out of the site, with the errors above: {visible(left_out)}")
