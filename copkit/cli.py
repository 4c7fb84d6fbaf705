"""The ``copkit`` command line.

Start-up is kept lean: heavy modules (Pydantic models, Rich, Jinja) are imported inside the
commands that need them, so ``copkit --help`` and ``copkit check`` stay quick in pre-commit and CI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from copkit import __version__

app = typer.Typer(
    name="copkit",
    help="Charters, checks and handouts for coaches of communities of practice.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Charters, checks and handouts for coaches of communities of practice."""


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: write it as YYYY-MM-DD") from None


def _ignored_codes(values: list[str]) -> frozenset[str]:
    from copkit import rules

    codes = {code.strip().upper() for value in values for code in value.split(",") if code.strip()}
    for code in sorted(codes):
        rule = rules.REGISTRY.get(code)
        if rule is None:
            raise typer.BadParameter(f"unknown rule code {code}; 'copkit rules' lists them", param_hint="--ignore")
        if rule.severity.value == "error":
            raise typer.BadParameter(
                f"{code} is an error of the charter format, not advice: it cannot be ignored", param_hint="--ignore"
            )
    return frozenset(codes)


def _colour_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (sys.stdout.isatty() and os.environ.get("TERM") != "dumb")


def _charter_files(paths: list[Path] | None) -> list[Path]:
    """Every charter file the paths name (default: this folder); nothing to work on is a usage error."""
    from copkit.check import find_charters

    files = list(find_charters(paths or [Path(".")]))
    if not files:
        where = ", ".join(str(path) for path in paths or [Path(".")])
        typer.echo(f"copkit: no charter files (*.yaml, *.yml) found in {where}", err=True)
        raise typer.Exit(2)
    return files


def _write_new(path: Path, content: bytes, *, force: bool, _: Callable[[str], str] = str) -> None:
    """Write a file whole; without ``force`` never over an existing one. Says why and exits 1 when it cannot."""
    from copkit.files import write_whole

    try:
        write_whole(path, content, replace=force)
    except FileExistsError:
        typer.echo(_("copkit: %(path)s exists; nothing written (use --force to replace it)") % {"path": path}, err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(_("copkit: cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}, err=True)
        raise typer.Exit(1) from None


@app.command()
def check(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Charter files or folders (every *.yaml and *.yml below). Default: this folder.", show_default=False),
    ] = None,
    output_format: Annotated[
        Optional[OutputFormat],
        typer.Option(
            "--format", "-f", help="Output format. Default: github inside GitHub Actions, text elsewhere.", show_default=False
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option("--ignore", metavar="CODE", help="Switch off a coaching rule, e.g. W105; repeat or comma-separate."),
    ] = None,
    today: Annotated[
        Optional[str],
        typer.Option(metavar="YYYY-MM-DD", help="Judge review dates as of this day instead of today."),
    ] = None,
) -> None:
    """Validate charters against the format and the coaching rules of thumb.

    Exit status: 0 when no file has an error, 1 when any has (or any warning with --strict),
    2 for a usage error.
    """
    from copkit import report
    from copkit.check import check_file

    ignored = _ignored_codes(ignore or [])
    as_of = _parse_day(today) or date.today()
    if output_format is None:
        output_format = OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text

    files = _charter_files(paths)
    results = [check_file(path, today=as_of, ignore=ignored) for path in files]

    if output_format is OutputFormat.json:
        typer.echo(report.as_json(results), nl=False)
    elif output_format is OutputFormat.sarif:
        typer.echo(report.as_sarif(results), nl=False)
    elif output_format is OutputFormat.github:
        typer.echo(report.as_github(results), nl=False)
        report.write_github_step_summary(results)
    else:
        lines = report.text_lines(results)
        if _colour_wanted():
            report.print_coloured(lines)
        else:
            typer.echo(report.plain(lines), nl=False)

    failed = any(result.errors for result in results) or (strict and any(result.warnings for result in results))
    raise typer.Exit(1 if failed else 0)


class HandoutChoice(str, Enum):
    onepager = "onepager"
    agenda = "agenda"
    retro = "retro"
    all = "all"


class HandoutFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


class Language(str, Enum):
    nl = "nl"
    en = "en"


@app.command()
def render(
    charters: Annotated[list[Path], typer.Argument(help="Charter files to render.", show_default=False)],
    handout: Annotated[HandoutChoice, typer.Option(help="Which handout.")] = HandoutChoice.all,
    output_format: Annotated[
        Optional[HandoutFormat],
        typer.Option("--format", "-f", help="md, html or pdf. Default: pdf, ready to print and hand out.", show_default=False),
    ] = None,
    lang: Annotated[
        Optional[Language], typer.Option(help="Language. Default: the charter's own.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the handouts.")] = Path("handouts"),
    day: Annotated[
        Optional[str],
        typer.Option("--date", metavar="YYYY-MM-DD", help="The meeting's date when the charter gives none.", show_default=False),
    ] = None,
    templates: Annotated[
        Optional[Path],
        typer.Option(help="A folder whose templates override the built-in ones by name.", show_default=False),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if Markdown or HTML handouts in --out are stale.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out that copkit did not make.")] = False,
) -> None:
    """Make the one-pager, launch agenda and retrospective sheet from charters."""
    from copkit.handouts import render_command

    if templates is not None and not templates.is_dir():
        raise typer.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    if check and output_format is HandoutFormat.pdf:
        raise typer.BadParameter("--check compares Markdown and HTML handouts, not PDF", param_hint="--format")
    handouts = ("onepager", "agenda", "retro") if handout is HandoutChoice.all else (handout.value,)
    code = render_command(
        charters,
        handouts=handouts,
        fmt=output_format.value if output_format else None,
        lang=lang.value if lang else None,
        out=out,
        meeting_date=_parse_day(day),
        templates=templates,
        check=check,
        force=force,
    )
    raise typer.Exit(code)


def _default_language() -> str:
    """Dutch where the coach's system speaks Dutch, English elsewhere."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return "nl" if os.environ[variable].lower().startswith("nl") else "en"
    return "en"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="The charter file to write.")] = Path("charter.yaml"),
    lang: Annotated[
        Optional[Language],
        typer.Option(help="Language of the questions and comments. Default: your system's, else English.", show_default=False),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing: write a commented example to edit.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    today: Annotated[
        Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Count the default review date from this day.", hidden=True)
    ] = None,
) -> None:
    """Draft a charter: a short interview in a terminal, or a commented example to edit."""
    from copkit.draft import Interview, example, write_charter
    from copkit.i18n import translations

    language = lang.value if lang else _default_language()
    _ = translations(language).gettext
    if path.exists() and not force:
        typer.echo(_("copkit: %(path)s exists; nothing written (use --force to replace it)") % {"path": path}, err=True)
        raise typer.Exit(1)
    as_of = _parse_day(today) or date.today()
    if no_input or not stdin_is_terminal():
        answers = example(language, as_of)
    else:
        try:
            answers = Interview(language, as_of).run()
        except (typer.Abort, KeyboardInterrupt, EOFError):
            typer.echo("\n" + _("Stopped: nothing written."), err=True)
            raise typer.Exit(1) from None
    _write_new(path, write_charter(answers, filename=path.name).encode("utf-8"), force=force, _=_)
    typer.echo(_("Wrote %(path)s. Check it with: copkit check %(path)s") % {"path": path})
    typer.echo(_("For completion in your editor: copkit schema > %(schema)s") % {"schema": path.parent / "charter.schema.json"})


class StatusFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def calendar(
    charter: Annotated[Path, typer.Argument(help="The charter file.", show_default=False)],
    out: Annotated[
        Optional[Path], typer.Option(metavar="FILE.ics", help="Where to write. Default: <community-slug>.ics.", show_default=False)
    ] = None,
    start: Annotated[
        Optional[str], typer.Option("--from", metavar="YYYY-MM-DD", help="First day of the regular meetings. Default: today.", show_default=False)
    ] = None,
    lang: Annotated[Optional[Language], typer.Option(help="Language. Default: the charter's own.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the charter's meetings as an iCalendar file: the rhythm, the launch and the review date."""
    from copkit.calendar import CalendarError, build_calendar
    from copkit.check import check_file, refuse_invalid
    from copkit.render import slug

    first_day = _parse_day(start) or date.today()
    result = check_file(charter, today=first_day)
    if refuse_invalid([result], "no calendar written") or result.charter is None:
        raise typer.Exit(1)
    try:
        content = build_calendar(result.charter, start=first_day, lang=lang.value if lang else None)
    except CalendarError as exc:
        typer.echo(f"copkit: {charter}: {exc}", err=True)
        raise typer.Exit(1) from None
    target = out or Path(f"{slug(result.charter.name)}.ics")
    _write_new(target, content, force=force)
    typer.echo(f"wrote {target}")


@app.command()
def status(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    output_format: Annotated[StatusFormat, typer.Option("--format", "-f", help="text or json.")] = StatusFormat.text,
    today: Annotated[
        Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Count days as of this day instead of today.")
    ] = None,
) -> None:
    """One table over every charter: phase, next meeting, review date, vacant roles, problems.

    The most urgent come first. Exit status 1 when any charter has an error, so it can gate CI.
    """
    from copkit import status as portfolio

    as_of = _parse_day(today) or date.today()
    rows = portfolio.status(_charter_files(paths), as_of)
    if output_format is StatusFormat.json:
        typer.echo(portfolio.as_json(rows, as_of), nl=False)
    else:
        portfolio.print_table(rows, colour=_colour_wanted())
    raise typer.Exit(1 if any(row.errors for row in rows) else 0)


@app.command()
def site(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the site.")] = Path("site"),
    lang: Annotated[Language, typer.Option(help="Language of the site.")] = Language.en,
    today: Annotated[
        Optional[str], typer.Option(metavar="YYYY-MM-DD", help="First day of the calendars. Default: today.")
    ] = None,
) -> None:
    """A static site of every community: cards to search and filter, one-pagers and calendar files."""
    from copkit.check import check_file, refuse_invalid
    from copkit.render import RenderError
    from copkit.site import build_site

    as_of = _parse_day(today) or date.today()
    results = [check_file(path, today=as_of) for path in _charter_files(paths)]
    if refuse_invalid(results, "no site written"):
        raise typer.Exit(1)
    try:
        written = build_site([result.charter for result in results if result.charter], out, lang=lang.value, today=as_of)
    except (ValueError, OSError, RenderError) as exc:
        typer.echo(f"copkit: no site written: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {len(written)} files to {out}; open {out / 'index.html'}")


@app.command("rules")
def list_rules() -> None:
    """List every problem code: the coaching rules (warnings, can be ignored) and the format errors."""
    from copkit import rules

    for title, wanted in (("Coaching rules (warnings; --ignore CODE switches one off)", "warning"), ("Format errors", "error")):
        typer.echo(title)
        for rule in sorted(rules.REGISTRY.values(), key=lambda rule: rule.code):
            if rule.severity.value == wanted:
                typer.echo(f"  {rule.code}  {rule.name:<26} {rule.rationale}")
        typer.echo("")


@app.command()
def schema() -> None:
    """Print the charter's JSON Schema, for editors (yaml-language-server) and check-jsonschema."""
    from copkit.schema import charter_schema

    typer.echo(charter_schema())


def main() -> None:
    """Console entry point: a broken pipe or an unforeseen slip ends with one line, never a traceback."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (``copkit check | head``); nothing left to say
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - a safety net; tests drive `app` directly and see the bug
        typer.echo(f"copkit: unexpected error ({type(exc).__name__}: {exc}); please report it", err=True)
        sys.exit(1)
