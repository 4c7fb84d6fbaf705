"""``copkit init``: draft a charter by interview in a terminal, or as a commented example."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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
    from copkit.interview import Interview, system_time_zone

    language = lang or default_language()
    _ = translations(language).gettext
    if path.exists() and not force:
        raise CopkitError(_("%(path)s exists; nothing written (use --force to replace it)") % {"path": path})
    writable_or_refuse(path, _)  # before the first question, not after the last
    as_of = today or date.today()
    if no_input:
        answers = example(language, as_of, system_time_zone())
    else:
        if not stdin_is_terminal():
            typer.echo(
                _(
                    "Input is not a terminal: the interview reads its answers from it, one a line"
                    " (use --no-input for a commented draft to edit)."
                ),
                err=True,
            )
        interview = Interview(language, as_of, ask=typer.prompt, say=typer.echo, zone=system_time_zone())
        try:
            answers = interview.run()
        except (typer.Abort, KeyboardInterrupt, EOFError) as stop:
            if interview.answered == 0 and not stdin_is_terminal() and not isinstance(stop, KeyboardInterrupt):
                typer.echo("\n" + _("No answers in the input: writing the commented draft."), err=True)
                answers = example(language, as_of, system_time_zone())  # nothing piped in: the draft, as before
            else:
                typer.echo("\n" + _("Stopped: nothing written."), err=True)  # after the unanswered prompt
                raise typer.Exit(stop_status(stop)) from None
    write_new(path, write_charter(answers, filename=path.name).encode("utf-8"), force=force, _=_)
    typer.echo(_("Wrote %(path)s. Check it with: copkit check %(path)s") % {"path": path})
    typer.echo(
        _("For completion in your editor: copkit schema > %(schema)s") % {"schema": path.parent / "charter.schema.json"}
    )


def writable_or_refuse(path: Path, _: Callable[[str], str]) -> None:
    """Refuse, before anything is asked, a path the charter could not be written to: a folder, or a
    file in a folder that does not exist or cannot be written to."""
    folder = path.parent
    if path.is_dir():
        reason = _("it is a folder")
    elif not folder.is_dir():
        reason = _("the folder %(folder)s does not exist") % {"folder": folder}
    elif not os.access(folder, os.W_OK | os.X_OK):
        reason = _("the folder %(folder)s cannot be written to") % {"folder": folder}
    else:
        return
    raise CopkitError(_("cannot write %(path)s: %(reason)s") % {"path": path, "reason": reason})
