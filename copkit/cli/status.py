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
    """One table over every charter: phase, next meeting, review date, vacant roles, the journal, problems.

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


TREND_ARROWS = {"rising": "↑", "falling": "↓", "steady": "→"}


def meeting_words(row: Row) -> str:
    """'2026-11-10, 12 ↓': the latest meeting, how many came and which way attendance moves."""
    if row.last_meeting is None:
        return "—"
    if row.attendance is None:
        return row.last_meeting
    arrow = f" {TREND_ARROWS[row.attendance_trend]}" if row.attendance_trend else ""
    return f"{row.last_meeting}, {row.attendance}{arrow}"


def actions_words(row: Row) -> str:
    if row.last_meeting is None:
        return "—"
    return f"{row.open_actions} ({row.overdue_actions} overdue)" if row.overdue_actions else str(row.open_actions)


def print_table(rows: Sequence[Row], *, colour: bool) -> None:
    """The rows as a table; every cell is a Rich ``Text`` (never markup) with control characters
    made visible, so a value is shown as written whatever brackets or escapes it holds."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from copkit.textsafe import visible

    def cell(value: str, style: str = "") -> Text:
        return Text(visible(value), style=style if colour else "")

    table = Table(header_style="bold", box=box.SIMPLE_HEAD if colour else None, pad_edge=False)
    columns = ("community", "phase", "next meeting", "review", "vacant roles")
    journal = ("last meeting", "open actions", "last retro")
    for column in (*columns, *journal, "errors", "warnings"):
        table.add_column(column, justify="right" if column in ("errors", "warnings") else "left")
    for row in rows:
        overdue = row.days_left is not None and row.days_left < 0
        table.add_row(
            cell(row.name),
            cell(row.phase or "—"),
            cell(row.next_meeting or "—"),
            cell(review_words(row), "red" if overdue else ""),
            cell(", ".join(row.vacant_roles) or "—"),
            cell(meeting_words(row), "red" if row.attendance_trend == "falling" else ""),
            cell(actions_words(row), "red" if row.overdue_actions else ""),
            cell(row.last_retro or "—"),
            cell(str(row.errors), "bold red" if row.errors else ""),
            cell(str(row.warnings)),
        )
    Console(no_color=not colour, highlight=False, width=None if colour else 200).print(table)
