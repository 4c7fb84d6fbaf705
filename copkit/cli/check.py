"""``copkit check``: validate charters, report in the format the reader wants, exit for CI."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, Literal

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import Today, charter_files, colour_wanted
from copkit.errors import ExitStatus

if TYPE_CHECKING:
    from copkit.checking import FileResult

STDIN = Path("-")  # `copkit check -`: the standard input, as ruff and flake8 take it

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
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Only what fails the run: errors (and warnings with --strict); no summary."),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="Language of the messages. Default: the configuration's lang, else the system's (LANG), else English.",
            show_default=False,
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="The name to report the standard input (-) under.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate charters and journal entries against the format and the coaching rules of thumb.

    Exit status: 0 when no file has an error, 1 when any has (or any warning with --strict),
    2 for a usage error.
    """
    from copkit import report
    from copkit.checking import Selection, check_files
    from copkit.config import load_config
    from copkit.messages import message_language

    config = load_config((paths or [Path(".")])[0])  # the first found from the first path up
    language = message_language(lang, config.lang)
    ignored = ignored_codes(ignore or []) | config.ignore  # --ignore adds to the configuration's, as ruff's does
    strict = config.strict if strict is None else strict  # the command line wins
    if show_config:  # with the command line's --ignore and --strict folded in
        in_force = replace(config, ignore=ignored, strict=strict)
        typer.echo(in_force.as_toml(), nl=False)
        raise typer.Exit(ExitStatus.OK)
    as_of = today or date.today()
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

    paths, sources = standard_input(paths, stdin_filename)
    selection = Selection(config, exclude or [])
    found = charter_files(paths, selection, filter_files=only_copkit, verbose=verbose) if paths or not sources else None
    files = [*sources, *(found.files if found else [])]
    results = check_files(files, today=as_of, ignore=ignored, config=config, sources=sources) + (
        found.unreadable if found else []
    )
    shown = only_failures(results, strict=strict) if quiet else results
    if output_format == "text" and colour_wanted():
        print_coloured(report.text_lines(shown, summary_line=not quiet, lang=language))
    else:
        typer.echo(report.FORMATS[output_format](shown, summary_line=not quiet, lang=language), nl=False)
    if output_format == "github":
        report.write_github_step_summary(results, language)

    failed = any(result.errors for result in results) or (strict and any(result.warnings for result in results))
    raise typer.Exit(ExitStatus.PROBLEMS if failed else ExitStatus.OK)


def standard_input(paths: list[Path] | None, name: str | None) -> tuple[list[Path], dict[Path, BinaryIO]]:
    """The paths to look for files in, and the standard input under the name it is reported as
    (``-``, or ``--stdin-filename``) when ``-`` is among them."""
    given = paths or []
    rest = [path for path in given if path != STDIN]
    if len(rest) == len(given):
        if name is not None:
            raise typer.BadParameter(
                "it names the standard input: give - among the paths", param_hint="--stdin-filename"
            )
        return given, {}
    return rest, {Path(name) if name else STDIN: sys.stdin.buffer}


def only_failures(results: list[FileResult], *, strict: bool) -> list[FileResult]:
    """``--quiet``: each file with only the problems that fail the run (errors; warnings too with --strict)."""
    from dataclasses import replace

    from copkit.diagnostics import Severity

    if strict:
        return results
    return [
        replace(result, problems=[problem for problem in result.problems if problem.severity is Severity.ERROR])
        for result in results
    ]


def print_coloured(lines: list[list[tuple[str, str]]]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*line))
