"""``copkit init``: draft a charter by interview in a terminal, or as a commented example."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import Language
from copkit.cli.app import command, stop_status
from copkit.cli.options import day_option, write_new
from copkit.errors import CopkitError


def default_language() -> Language:
    """Dutch where the coach's system speaks Dutch, English elsewhere."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return "nl" if os.environ[variable].lower().startswith("nl") else "en"
    return "en"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@command()
def init(
    path: Annotated[Path, typer.Argument(help="The charter file to write.")] = Path("charter.yaml"),
    lang: Annotated[
        Language | None,
        typer.Option(
            help="Language of the questions and comments. Default: your system's, else English.", show_default=False
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: write a commented example to edit.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    today: Annotated[date | None, day_option("Count the default review date from this day.", hidden=True)] = None,
) -> None:
    """Draft a charter: a short interview in a terminal, or a commented example to edit."""
    from copkit.charter_file import example, write_charter
    from copkit.i18n import translations
    from copkit.interview import Interview

    language = lang or default_language()
    _ = translations(language).gettext
    if path.exists() and not force:
        raise CopkitError(_("%(path)s exists; nothing written (use --force to replace it)") % {"path": path})
    as_of = today or date.today()
    if no_input or not stdin_is_terminal():
        answers = example(language, as_of)
    else:
        try:
            answers = Interview(language, as_of, ask=typer.prompt, say=typer.echo).run()
        except (typer.Abort, KeyboardInterrupt, EOFError) as stop:
            typer.echo("\n" + _("Stopped: nothing written."), err=True)  # after the unanswered prompt
            raise typer.Exit(stop_status(stop)) from None
    write_new(path, write_charter(answers, filename=path.name).encode("utf-8"), force=force, _=_)
    typer.echo(_("Wrote %(path)s. Check it with: copkit check %(path)s") % {"path": path})
    typer.echo(
        _("For completion in your editor: copkit schema > %(schema)s") % {"schema": path.parent / "charter.schema.json"}
    )
