"""``copkit site``: a static site of every community."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import charter_files, day_option
from copkit.errors import CopkitError


@command()
def site(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the site.")] = Path("site"),
    lang: Annotated[Language, typer.Option(help="Language of the site.")] = "en",
    today: Annotated[date | None, day_option("First day of the calendars. Default: today.")] = None,
) -> None:
    """A static site of every community: cards to search and filter, one-pagers and calendar files."""
    from copkit.checking import check_file, require_valid
    from copkit.files import write_whole
    from copkit.website import build_site

    as_of = today or date.today()
    results = [check_file(path, today=as_of) for path in charter_files(paths)]
    charters = require_valid(results, "no site written")
    sources = [result.path for result in results if result.charter is not None]  # require_valid's order
    try:
        files = build_site(charters, lang=lang, today=as_of, sources=sources)
        for name, content in files.items():
            write_whole(out / name, content)
    except CopkitError as error:
        raise CopkitError(f"no site written: {error.message}") from None
    except OSError as exc:
        raise CopkitError(f"no site written: {exc}") from None
    typer.echo(f"wrote {len(files)} files to {out}; open {out / 'index.html'}")
