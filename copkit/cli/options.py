"""What several commands share: the date parameter, the charter files to work on, colour, and
writing a new file."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.errors import CopkitError, Interrupted, UsageError

if TYPE_CHECKING:
    from copkit.checking import Found, Selection


# The language of what the running command says, found when first needed (set by copkit.cli.app.command).
LANGUAGE: ContextVar[Callable[[], str]] = ContextVar("language", default=lambda: _language(None))


def spoken() -> str:
    """The language of what the running command says: its ``--lang``, the configuration's, the
    environment's (as its errors, :func:`copkit.cli.app.error_language`)."""
    return LANGUAGE.get()()


def _language(chosen: object) -> str:
    from copkit.cli.app import error_language

    return error_language(chosen)


def language_of(chosen: object) -> Callable[[], str]:
    """What :data:`LANGUAGE` holds for a command run with ``--lang chosen``: worked out once."""
    return functools.cache(lambda: _language(chosen))


def tell(template: str, **values: object) -> str:
    """``template`` (one of :data:`copkit.messages.OUTPUT`) in the command's language, filled."""
    from copkit.messages import say

    return say(spoken(), template, **values)


def tell_count(one: str, many: str, count: int, **values: object) -> str:
    """:func:`tell` with ``one`` or ``many`` by ``count``."""
    from copkit.messages import say_count

    return say_count(spoken(), one, many, count, **values)


def parse_date(value: str | date) -> date:
    """Typer's parser for every YYYY-MM-DD option."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: write it as YYYY-MM-DD") from None


def day_option(help_text: str, *, flag: str | None = None, hidden: bool = False) -> Any:
    names = (flag,) if flag else ()
    return typer.Option(
        *names, parser=parse_date, metavar="YYYY-MM-DD", help=help_text, show_default=False, hidden=hidden
    )


Today = Annotated[date | None, day_option("Judge dates as of this day instead of today.")]


def colour_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (sys.stdout.isatty() and os.environ.get("TERM") != "dumb")


def charter_files(
    paths: list[Path] | None,
    selection: Selection | None = None,
    *,
    filter_files: bool = False,
    verbose: bool = False,
) -> Found:
    """Every copkit file the paths name (default: this folder), each once, by the discovery rule of
    :func:`copkit.checking.discover` (without ``selection``: the configuration found from the first
    path); what a walk passed over is said on stderr (each file with ``verbose``), and nothing to work
    on is a usage error."""
    from copkit.checking import Selection, discover
    from copkit.config import load_config

    given = paths or [Path(".")]
    found = discover(given, selection or Selection(load_config(given[0])), filter_files=filter_files)
    from copkit.messages import translate

    for note in found.notes:
        typer.echo("copkit: " + tell("note: {note}", note=translate(note, spoken())), err=True)
    if verbose:
        for path in found.passed_over:
            typer.echo(
                "copkit: " + tell("passed over {path}: not a copkit file (no top-level 'copkit:' key)", path=path),
                err=True,
            )
        for path in found.excluded:
            typer.echo("copkit: " + tell("excluded {path}", path=path), err=True)
        files = tell_count("{count} copkit file", "{count} copkit files", len(found.files))
        counts = {"passed": len(found.passed_over), "excluded": len(found.excluded)}
        typer.echo(
            "copkit: " + tell("{files}, {passed} other YAML passed over, {excluded} excluded", files=files, **counts),
            err=True,
        )
    if not found.files and not found.unreadable and not filter_files:
        where = ", ".join(str(path) for path in given)
        others = (
            f"; {len(found.passed_over)} YAML file{'s' if len(found.passed_over) != 1 else ''} passed over:"
            " a charter or journal entry needs a top-level 'copkit: 1' line (or an include pattern)"
            if found.passed_over
            else ""
        )
        raise UsageError(f"no charter files (*.yaml, *.yml) found in {where}{others}")
    return found


@contextlib.contextmanager
def interrupted(consequence: str) -> Iterator[None]:
    """Ctrl-C or SIGTERM while writing: the writer has put everything back; say so."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: {consequence}; the files that were there are as they were") from None


def write_new(path: Path, content: bytes, *, force: bool, _: Callable[[str], str] = str) -> None:
    """Write a file whole; without ``force`` never over an existing one, and never over anything but a
    regular file (see :func:`copkit.files.write_new`)."""
    from copkit import files

    try:
        files.write_new(path, content, force=force)
    except KeyboardInterrupt:
        raise Interrupted(_("Stopped: nothing written.")) from None
    except FileExistsError:
        raise CopkitError(_("%(path)s exists; nothing written (use --force to replace it)") % {"path": path}) from None
    except OSError as exc:
        raise CopkitError(
            _("cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
        ) from None
