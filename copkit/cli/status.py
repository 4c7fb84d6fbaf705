"""``copkit status``: one table over every charter, the most urgent first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from copkit.cli.app import command
from copkit.cli.options import charter_files, colour_wanted, day_option
from copkit.errors import ExitStatus

if TYPE_CHECKING:
    from copkit.portfolio import Row


@command()
def status(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    output_format: Annotated[Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")] = "text",
    today: Annotated[date | None, day_option("Count days as of this day instead of today.")] = None,
) -> None:
    """One table over every charter: phase, next meeting, review date, vacant roles, problems.

    The most urgent come first. Exit status 1 when any charter has an error, so it can gate CI.
    """
    from copkit import portfolio

    as_of = today or date.today()
    found = charter_files(paths)
    rows = portfolio.status(found.files, as_of)
    for unreadable in found.unreadable:  # a folder it cannot read: a row with its error, and why on stderr
        for problem in unreadable.problems:
            typer.echo(str(problem), err=True)
        rows.append(portfolio.row_for(unreadable, as_of))
    rows.sort(key=portfolio.Row.urgency)
    if output_format == "json":
        typer.echo(portfolio.as_json(rows, as_of), nl=False)
    else:
        print_table(rows, colour=colour_wanted())
    raise typer.Exit(ExitStatus.PROBLEMS if any(row.errors for row in rows) else ExitStatus.OK)


def review_words(row: Row) -> str:
    if row.days_left is None or row.review_date is None:
        return "—"
    if row.days_left < 0:
        return f"{row.review_date} (overdue {-row.days_left} d)"
    return f"{row.review_date} (in {row.days_left} d)" if row.days_left else f"{row.review_date} (today)"


def print_table(rows: Sequence[Row], *, colour: bool) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold", box=box.SIMPLE_HEAD if colour else None, pad_edge=False)
    for column in ("community", "phase", "next meeting", "review", "vacant roles", "errors", "warnings"):
        table.add_column(column, justify="right" if column in ("errors", "warnings") else "left")
    for row in rows:
        overdue = row.days_left is not None and row.days_left < 0
        table.add_row(
            row.name,
            row.phase or "—",
            row.next_meeting or "—",
            f"[red]{review_words(row)}[/red]" if overdue and colour else review_words(row),
            ", ".join(row.vacant_roles) or "—",
            f"[bold red]{row.errors}[/bold red]" if row.errors and colour else str(row.errors),
            str(row.warnings),
        )
    Console(no_color=not colour, highlight=False, width=None if colour else 200).print(table)
