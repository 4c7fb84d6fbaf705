"""``copkit site``: a static site of every community.

The site is written all or nothing into ``--out`` (see :mod:`copkit.files`): copkit's own pages from an
earlier run are replaced, and those of communities that are gone removed; any other file stays, and a
file copkit did not write or that was edited since stops the run unless ``--force``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import Language
from copkit.cli.app import command
from copkit.cli.options import charter_files, day_option, interrupted
from copkit.errors import CopkitError


@command()
def site(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Charter files or folders. Default: this folder.", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the site.")] = Path("site"),
    lang: Annotated[Language, typer.Option(help="Language of the site.")] = "en",
    today: Annotated[date | None, day_option("First day of the calendars. Default: today.")] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace or remove files in --out that copkit did not write or that were edited."),
    ] = False,
) -> None:
    """A static site of every community: cards to search and filter, one-pagers, calendar files, and
    the trends, harvest and signals of the communities that keep a journal."""
    from copkit.checking import check_file, journals_for, require_valid
    from copkit.files import write_outputs
    from copkit.website import build_site

    as_of = today or date.today()
    found = charter_files(paths)
    checked = [check_file(path, today=as_of) for path in found.files]
    results = [result for result in checked if not result.is_entry] + found.unreadable  # the site shows charters
    charters = require_valid(results, "no site written")
    sources = [result.path for result in results if result.charter is not None]  # require_valid's order
    journals = journals_for(checked, today=as_of)  # the entries found with the charters are read once
    try:
        files = build_site(charters, lang=lang, today=as_of, sources=sources, journals=journals)
        with interrupted("no site written"):
            written, removed = write_outputs(
                {out / name: content for name, content in files.items()}, force=force, by="site", remove_gone=True
            )
    except CopkitError as error:
        raise CopkitError(f"no site written: {error.message}") from None
    for path in removed:
        typer.echo(f"removed {path}")
    typer.echo(f"wrote {len(written)} files to {out}; open {out / 'index.html'}")
