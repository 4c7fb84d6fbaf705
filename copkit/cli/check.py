"""``copkit check``: validate charters, report in the format the reader wants, exit for CI."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from copkit.cli.app import command
from copkit.cli.options import Today, charter_files, colour_wanted
from copkit.errors import ExitStatus

# The names of copkit.report.FORMATS; a test keeps them in step (importing report here would cost start-up).
ReportFormat = Literal["text", "json", "github", "sarif"]


def ignored_codes(values: list[str]) -> frozenset[str]:
    from copkit.config import warning_codes

    try:
        return warning_codes(values)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--ignore") from None


@command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Charter and journal files, or folders (every YAML file below with a top-level 'copkit:' key)."
            " Default: this folder.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: github inside GitHub Actions, text elsewhere.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool | None,
        typer.Option(
            "--strict/--no-strict",
            help="Fail on warnings too. Default: the configuration's strict, else no.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="CODE", help="Switch off a coaching rule, e.g. W105; repeat or comma-separate."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="PATTERN",
            help="Pass over what matches this gitignore-style pattern in a folder, e.g. 'legacy/'; repeat it.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="List the YAML files passed over and the paths excluded, on stderr.")
    ] = False,
    only_copkit: Annotated[
        bool,
        typer.Option(
            "--only-copkit",
            help="Check named files only when a folder search would (for pre-commit, which names every YAML file).",
        ),
    ] = False,
    show_config: Annotated[
        bool, typer.Option("--show-config", help="Print the configuration in force and its file, then exit.")
    ] = False,
    today: Today = None,
) -> None:
    """Validate charters and journal entries against the format and the coaching rules of thumb.

    Exit status: 0 when no file has an error, 1 when any has (or any warning with --strict),
    2 for a usage error.
    """
    from copkit import report
    from copkit.checking import Selection, check_files
    from copkit.config import load_config

    config = load_config((paths or [Path(".")])[0])  # the first found from the first path up
    ignored = ignored_codes(ignore or []) | config.ignore  # --ignore adds to the configuration's, as ruff's does
    strict = config.strict if strict is None else strict  # the command line wins
    if show_config:  # with the command line's --ignore and --strict folded in
        shown = replace(config, ignore=ignored, strict=strict)
        typer.echo(shown.as_toml(), nl=False)
        raise typer.Exit(ExitStatus.OK)
    as_of = today or date.today()
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

    selection = Selection(config, exclude or [])
    found = charter_files(paths, selection, filter_files=only_copkit, verbose=verbose)
    results = check_files(found.files, today=as_of, ignore=ignored, config=config) + found.unreadable
    if output_format == "text" and colour_wanted():
        print_coloured(report.text_lines(results))
    else:
        typer.echo(report.FORMATS[output_format](results), nl=False)
    if output_format == "github":
        report.write_github_step_summary(results)

    failed = any(result.errors for result in results) or (strict and any(result.warnings for result in results))
    raise typer.Exit(ExitStatus.PROBLEMS if failed else ExitStatus.OK)


def print_coloured(lines: list[list[tuple[str, str]]]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*line))
