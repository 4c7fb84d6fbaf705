"""``copkit status``: one table over every charter, the most urgent first."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import charter_files, colour_wanted, day_option
from copkit.errors import ExitStatus
from copkit.messages import say

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from copkit.portfolio import Row


@command()
def status(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    output_format: Annotated[Literal["text", "json"], typer.Option("--format", "-f", help="text or json.")] = "text",
    today: Annotated[date | None, day_option("Count days as of this day instead of today.")] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the table and messages. Default: the configuration's lang, else the system's.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """One table over every charter: phase, next meeting, review date, vacant roles, the journal, problems.

    The most urgent come first. Exit status 1 when any charter has an error, so it can gate CI.
    """
    from copkit import portfolio
    from copkit.checking import Selection
    from copkit.config import load_config
    from copkit.messages import message_language, translate

    config = load_config((paths or [Path(".")])[0])
    language = message_language(lang, config.lang)
    as_of = today or date.today()
    found = charter_files(paths, Selection(config))  # the configuration read once, for discovery and counts
    rows = portfolio.status(found.files, as_of, config)
    for unreadable in found.unreadable:  # a folder it cannot read: a row with its error, and why on stderr
        for problem in unreadable.problems:
            typer.echo(str(replace(problem, message=translate(problem.message, language))), err=True)
        rows.append(portfolio.row_for(unreadable, as_of))
    rows.sort(key=portfolio.Row.urgency)
    if output_format == "json":
        typer.echo(portfolio.as_json(rows, as_of), nl=False)
    else:
        print_table(rows, colour=colour_wanted(), lang=language)
    raise typer.Exit(ExitStatus.PROBLEMS if any(row.errors for row in rows) else ExitStatus.OK)


def review_words(row: Row, lang: str = "en") -> str:
    if row.days_left is None or row.review_date is None:
        return "—"
    if row.days_left < 0:
        return say(lang, "{date} (overdue {days} d)", date=row.review_date, days=-row.days_left)
    if row.days_left:
        return say(lang, "{date} (in {days} d)", date=row.review_date, days=row.days_left)
    return say(lang, "{date} (today)", date=row.review_date)


TREND_ARROWS = {"rising": "↑", "falling": "↓", "steady": "→"}


def meeting_words(row: Row) -> str:
    """'2026-11-10, 12 ↓': the latest meeting, how many came and which way attendance moves."""
    if row.last_meeting is None:
        return "—"
    if row.attendance is None:
        return row.last_meeting
    arrow = f" {TREND_ARROWS[row.attendance_trend]}" if row.attendance_trend else ""
    return f"{row.last_meeting}, {row.attendance}{arrow}"


def actions_words(row: Row, lang: str = "en") -> str:
    if row.last_meeting is None:
        return "—"
    if row.overdue_actions:
        return say(lang, "{open} ({overdue} overdue)", open=row.open_actions, overdue=row.overdue_actions)
    return str(row.open_actions)


def next_meeting_words(row: Row, lang: str = "en") -> str:
    """'2027-12-02 15:00 (after review)': an overdue charter's series has ended, its rhythm has not."""
    if row.next_meeting is None:
        return "—"
    if row.next_meeting_after_review:
        return say(lang, "{date} (after review)", date=row.next_meeting)
    return row.next_meeting


def repeated_names(rows: Sequence[Row]) -> bool:
    """Two communities of one name: only their paths tell them apart."""
    names = [row.name.casefold() for row in rows]
    return len(set(names)) < len(names)


def column_widths(table: Table, columns: Sequence[Sequence[Text]], width: int) -> list[int] | None:
    """Widths for the table's columns within ``width``, none narrower than its longest word, so a
    cell wraps between words and never cuts one (a date); the columns that need least room to be
    whole get it first. None when even the longest words do not fit side by side.

    Rich's own fitting shrinks the widest column first, below its longest word, hence this."""
    from rich.cells import cell_len

    least = [max((cell_len(word) for text in column for word in text.plain.split()), default=1) for column in columns]
    most = [
        max((cell_len(line) for text in column for line in text.plain.splitlines()), default=1) for column in columns
    ]
    left, right = table.padding[3], table.padding[1]
    padding = (left + right) * len(columns) - (0 if table.pad_edge else left + right)
    spare = width - padding - table._extra_width - sum(least)
    if spare < 0:
        return None
    widths = list(least)
    for index in sorted(range(len(columns)), key=lambda index: most[index] - least[index]):
        grow = min(spare, most[index] - least[index])
        widths[index] += grow
        spare -= grow
    return widths


def print_table(rows: Sequence[Row], *, colour: bool, lang: str = "en") -> None:
    """The rows as a table; every cell is a Rich ``Text`` (never markup) with control characters
    made visible, so a value is shown as written whatever brackets or escapes it holds.

    A path column is added when two communities share a name. A cell wraps only between words, so a
    date is never cut; when even that does not fit the terminal (80 columns hold no ten columns of
    dates), each community is shown as a block of labelled lines instead."""
    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from copkit.textsafe import visible

    def cell(value: str, style: str = "") -> Text:
        return Text(visible(value), style=style if colour else "")

    with_path = repeated_names(rows)
    columns = ("community", *(("path",) if with_path else ()), "phase", "next meeting", "review", "vacant roles")
    journal = ("last meeting", "open actions", "last retro")
    headers = (*columns, *journal, "errors", "warnings")
    cells = []
    for row in rows:
        overdue = row.days_left is not None and row.days_left < 0
        cells.append(
            [
                cell(row.name),
                *([cell(row.path)] if with_path else []),
                cell(row.phase or "—"),
                cell(next_meeting_words(row, lang), "yellow" if row.next_meeting_after_review else ""),
                cell(review_words(row, lang), "red" if overdue else ""),
                cell(", ".join(row.vacant_roles) or "—"),
                cell(meeting_words(row), "red" if row.attendance_trend == "falling" else ""),
                cell(actions_words(row, lang), "red" if row.overdue_actions else ""),
                cell(row.last_retro or "—"),
                cell(str(row.errors), "bold red" if row.errors else ""),
                cell(str(row.warnings)),
            ]
        )
    table = Table(header_style="bold", box=box.SIMPLE_HEAD if colour else None, pad_edge=False)
    for column in headers:
        table.add_column(
            say(lang, column), justify="right" if column in ("errors", "warnings") else "left", overflow="fold"
        )
    for values in cells:
        table.add_row(*values)
    # A terminal's width (also with NO_COLOR), or COLUMNS; piped, room for every column.
    wide = colour or sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    console = Console(no_color=not colour, highlight=False, width=None if wide else 200)
    by_column = [
        [Text(say(lang, header)), *(values[index] for values in cells)] for index, header in enumerate(headers)
    ]
    widths = column_widths(table, by_column, console.width)
    if widths is not None:
        for column, fixed in zip(table.columns, widths, strict=True):
            column.width = fixed
        console.print(table)
        return
    for number, values in enumerate(cells):  # too narrow for the table: a block per community
        block = Table.grid(padding=(0, 2))
        block.add_column(no_wrap=True)
        block.add_column(overflow="fold")
        for header, value in zip(headers[1:], values[1:], strict=True):
            block.add_row(say(lang, header), value)
        if number:
            console.print()
        console.print(values[0], style="bold" if colour else "")
        console.print(Padding(block, (0, 0, 0, 2), expand=False))
