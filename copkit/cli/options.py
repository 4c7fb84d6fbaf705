"""What several commands share: the date parameter, the charter files to work on, colour, and
writing a new file."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from copkit.errors import CopkitError, Interrupted, UsageError

if TYPE_CHECKING:
    from copkit.checking import Found, Selection


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
    for note in found.notes:
        typer.echo(f"copkit: note: {note}", err=True)
    if verbose:
        for path in found.passed_over:
            typer.echo(f"copkit: passed over {path}: not a copkit file (no top-level 'copkit:' key)", err=True)
        for path in found.excluded:
            typer.echo(f"copkit: excluded {path}", err=True)
        typer.echo(
            f"copkit: {len(found.files)} copkit file{'s' if len(found.files) != 1 else ''},"
            f" {len(found.passed_over)} other YAML passed over, {len(found.excluded)} excluded",
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
