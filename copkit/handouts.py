"""``copkit render``: validate every charter, render every handout in memory, then check or write them.

Nothing is written unless everything rendered: an invalid charter, a broken template or a file
copkit may not replace stops the run before the first byte reaches the disk.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import typer

from copkit.activities import ActivitiesError, load_activities
from copkit.check import check_file, refuse_invalid
from copkit.files import write_whole
from copkit.render import Handout, RenderError, made_by_copkit, render

DEFAULT_FORMAT = "pdf"  # coaches print handouts and mail them: PDF looks the same everywhere
PROGRESS_FROM = 7  # show a progress bar from this many handouts on


def render_command(
    paths: Sequence[Path],
    *,
    handouts: Sequence[str],
    fmt: str | None,
    lang: str | None,
    out: Path,
    meeting_date: date | None,
    templates: Path | None,
    check: bool,
    force: bool,
) -> int:
    """The exit status of ``copkit render``: 0 when all went well, 1 otherwise (and why, on stderr)."""
    results = [check_file(path, today=date.today()) for path in paths]
    if refuse_invalid(results, "nothing rendered"):
        return 1

    try:
        extra = templates / "activities.yaml" if templates is not None else None
        activities = load_activities(extra if extra is not None and extra.is_file() else None)
        formats = ([fmt] if fmt else ["md", "html"]) if check else [fmt or DEFAULT_FORMAT]
        jobs = [(result, handout, each) for result in results for handout in handouts for each in formats]
        rendered: list[Handout] = []
        for result, handout, each in _progress(jobs):
            charter = result.charter
            assert charter is not None  # no errors, so every file is a charter
            rendered.append(
                render(
                    charter, handout, each, lang=lang or charter.language, meeting_date=meeting_date,
                    templates=templates, activities=activities,
                )
            )
    except (RenderError, ActivitiesError, ValueError) as exc:
        problems = exc.diagnostics if isinstance(exc, ActivitiesError) else []
        for problem in problems:  # an activities file's problems, one a line as `copkit check` shows them
            typer.echo(str(problem), err=True)
        typer.echo(f"copkit: nothing rendered: {'fix the activities file first' if problems else exc}", err=True)
        return 1

    clash = _same_names(rendered)
    if clash:
        typer.echo(f"copkit: nothing rendered: {clash}", err=True)
        return 1
    return _compare(rendered, out, strict=fmt is not None) if check else _write(rendered, out, force=force)


def _progress(jobs: list) -> object:
    if len(jobs) < PROGRESS_FROM or not sys.stderr.isatty():
        return jobs
    from rich.progress import track

    return track(jobs, description="Rendering", transient=True, console=None)


def _same_names(rendered: list[Handout]) -> str | None:
    filenames = [handout.filename for handout in rendered]
    twice = sorted({name for name in filenames if filenames.count(name) > 1})
    return f"two charters would both write {twice[0]}: give the communities different names" if twice else None


def _compare(rendered: list[Handout], out: Path, *, strict: bool) -> int:
    """Exit 1 and name every stale handout; without --format, only handouts present in ``out`` count."""
    stale, compared = [], 0
    for handout in rendered:
        target = out / handout.filename
        if not target.is_file():
            if strict:
                stale.append(f"{target}: missing")
            continue
        compared += 1
        if target.read_bytes() != handout.content:
            stale.append(f"{target}: no longer matches its charter")
    if not compared and not stale:
        typer.echo(f"copkit: no Markdown or HTML handouts in {out} to compare", err=True)
        return 1
    for line in stale:
        typer.echo(f"stale: {line}")
    if stale:
        typer.echo(f"{len(stale)} stale handout{'s' if len(stale) != 1 else ''}: run 'copkit render' again and commit them")
        return 1
    typer.echo(f"{compared} handout{'s' if compared != 1 else ''} up to date")
    return 0


def _write(rendered: list[Handout], out: Path, *, force: bool) -> int:
    """Write every handout whole; refuse first, before writing any, to replace a file copkit did not make."""
    targets = [out / handout.filename for handout in rendered]
    foreign = [target for target in targets if target.exists() and not made_by_copkit(target)]
    if foreign and not force:
        for target in foreign:
            typer.echo(f"copkit: {target} exists and was not made by copkit: use --force to replace it", err=True)
        return 1
    for handout, target in zip(rendered, targets):
        try:
            write_whole(target, handout.content)
        except OSError as exc:
            typer.echo(f"copkit: cannot write {target}: {exc.strerror or exc}", err=True)
            return 1
        typer.echo(f"wrote {target}")
    return 0
