"""``copkit templates DIR``: a copy of the built-in templates to start your own from.

It reads them from the installed package, so it works wherever copkit runs (pipx, a virtual
environment, a clone), and copies templates only: no ``__init__.py``, no ``__pycache__``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copkit.cli.app import command
from copkit.cli.options import interrupted, tell

# What ``--templates DIR`` reads: Jinja templates, stylesheets and the activities file.
TEMPLATE_PATTERNS = ("*.j2", "*.css", "activities.yaml")


def builtin_template_files() -> dict[str, bytes]:
    """Every built-in template by file name, with its bytes, in name order."""
    from copkit.paths import builtin_templates

    folder = builtin_templates()
    found = {path.name: path for pattern in TEMPLATE_PATTERNS for path in folder.glob(pattern) if path.is_file()}
    return {name: found[name].read_bytes() for name in sorted(found)}


@command()
def templates(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to copy them into.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace files that are already there.")] = False,
) -> None:
    """Copy the built-in templates into DIR, to change them and render with --templates DIR."""
    from copkit.files import FileError, write_outputs

    if folder.exists() and not folder.is_dir():
        raise typer.BadParameter(f"{folder} exists and is not a folder", param_hint="DIR")
    outputs = {folder / name: content for name, content in builtin_template_files().items()}
    try:
        with interrupted("no templates copied"):
            written, _ = write_outputs(outputs, force=force, by="templates")
    except FileError as error:
        raise FileError(f"{error.message}\nno templates copied") from None
    except OSError as exc:
        raise FileError(f"cannot write in {folder}: {exc.strerror or exc}; no templates copied") from None
    typer.echo(tell("copied {count} templates to {folder}", count=len(written), folder=folder))
    typer.echo(tell("Change them, then render with them:"))
    typer.echo(f"  copkit render CHARTER --templates {folder}")
