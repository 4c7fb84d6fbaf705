"""``copkit report``: a community's journal, or a folder of communities, as a report for the members
and the sponsor (PDF, self-contained HTML, or Markdown with its charts as SVG files beside it).

Nothing is written unless everything rendered: an invalid charter or journal entry stops the run
before the first byte reaches the disk. The files are then written all or none, under the same
ownership rules as ``copkit render`` (see :mod:`copkit.files`).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from copkit.choices import HandoutFormat, Language
from copkit.cli.app import command
from copkit.cli.options import Today, charter_files, day_option, interrupted, tell
from copkit.cli.progress import working
from copkit.errors import CopkitError

if TYPE_CHECKING:
    from copkit.checking import FileResult

DEFAULT_FORMAT: HandoutFormat = "pdf"  # a report goes to the sponsor by mail, and prints the same everywhere
PORTFOLIO = "portfolio"  # the file name of a folder's report: portfolio-report.<format>


@command()
def report(
    path: Annotated[Path, typer.Argument(help="A charter, or a folder of communities.", show_default=False)],
    output_format: Annotated[
        HandoutFormat | None,
        typer.Option("--format", "-f", help="md, html or pdf. Default: pdf.", show_default=False),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            help="Language. Default: the charter's own; for a folder, the language most of its charters use.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[date | None, day_option("Only the meetings on or after this day.")] = None,
    today: Today = None,
    out: Annotated[Path, typer.Option(help="Folder for the report.")] = Path("reports"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in --out that copkit did not write or that were edited.")
    ] = False,
) -> None:
    """Report on a community's life from its journal: attendance, ratings, criteria, health, actions, stories."""
    from copkit import journal_report
    from copkit.checking import check_file, journals_for, require_valid
    from copkit.files import write_outputs
    from copkit.paths import slug

    day = today or date.today()
    fmt = output_format or DEFAULT_FORMAT
    if path.is_dir():
        found = charter_files([path])
        results = [check_file(file, today=day) for file in found.files]
        charters = [result for result in results if not result.is_entry]
        require_valid([*found.unreadable, *charters], "no report written")
        if not charters:
            raise CopkitError(f"no report written: no charter found in {path}")
        charters += entries_beside(charters, results)  # checked already: not read again for the journals
    else:
        charters = [check_file(path, today=day)]
        require_valid(charters, "no report written")
    try:
        journals = list(journals_for(charters, today=day).values())
    except CopkitError as error:
        raise CopkitError(f"no report written: {error.message}", error.diagnostics) from None
    chosen = lang or most_used([journal.charter.language for journal in journals])
    base = f"{slug(journals[0].charter.name) if len(journals) == 1 else PORTFOLIO}-report"
    view = journal_report.report_view(journals, lang=chosen, today=day, since=since, base=base)
    try:
        with working(tell("Writing {name}", name=f"{base}.{fmt}")):
            files = journal_report.report_files(view, fmt, base)
    except CopkitError as error:
        raise CopkitError(f"no report written: {error.message}", error.diagnostics) from None
    with interrupted("no report written"):
        written, _ = write_outputs({out / name: content for name, content in files.items()}, force=force, by="report")
    for target in written:
        typer.echo(tell("wrote {path}", path=target))


def entries_beside(charters: list[FileResult], results: list[FileResult]) -> list[FileResult]:
    """The entries among ``results`` that :func:`copkit.checking.journals_for` would read again from
    the valid charters' folders (the same files, found the same way); handed over, each is read once."""
    from copkit.checking import discover

    folders = dict.fromkeys(Path(result.path).parent for result in charters if result.charter is not None)
    nearby = {os.path.realpath(file) for folder in folders for file in discover([folder]).files}
    return [result for result in results if result.is_entry and os.path.realpath(result.path) in nearby]


def most_used(languages: list[Language]) -> Language:
    """The language most charters are written in; a tie goes to English, then to the first in order."""
    counts = Counter(languages)
    ranked: list[Language] = sorted(counts, key=lambda name: (-counts[name], name != "en", name))
    return ranked[0]
