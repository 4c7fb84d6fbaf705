"""``copkit calendar``: a charter's meetings as an iCalendar file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import day_option, tell, write_new
from copkit.cli.stdout import STDOUT, write_stdout


@command()
def calendar(
    charter: Annotated[Path, typer.Argument(help="The charter file.", show_default=False)],
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE.ics",
            help="Where to write; - for the standard output. Default: <community-slug>.ics.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        date | None, day_option("First day of the regular meetings. Default: today.", flag="--from")
    ] = None,
    lang: Annotated[
        Language | None, typer.Option(help="Language. Default: the charter's own.", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write the charter's meetings as an iCalendar file: the rhythm, the launch and the review date."""
    from copkit.checking import check_file, require_valid
    from copkit.ical import CalendarError, build_calendar
    from copkit.paths import slug

    first_day = start or date.today()
    (valid,) = require_valid([check_file(charter, today=first_day)], "no calendar written")
    try:
        content = build_calendar(valid, start=first_day, lang=lang)
    except CalendarError as error:
        raise CalendarError(f"{charter}: {error.message}") from None
    if out == STDOUT:
        write_stdout(content)
        return
    target = out or Path(f"{slug(valid.name)}.ics")
    write_new(target, content, force=force)
    typer.echo(tell("wrote {path}", path=target))
