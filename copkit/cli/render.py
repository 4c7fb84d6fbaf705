"""``copkit render``: validate every charter, render every handout in memory, then check or write them.

Nothing is written unless everything rendered: an invalid charter, a broken template or a file
copkit may not replace stops the run before the first byte reaches the disk. The handouts are then
written all or none (see :mod:`copkit.files`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Protocol, TypeVar

import typer

from copkit.choices import TEXT_FORMATS, Audience, HandoutFormat, HandoutName, Language, Meeting
from copkit.cli.app import command
from copkit.cli.options import charter_files, day_option, interrupted, tell, tell_count
from copkit.cli.stdout import STDOUT, one_for_stdout, write_stdout
from copkit.errors import CopkitError, ExitStatus, UsageError

DEFAULT_FORMAT: HandoutFormat = "pdf"  # coaches print handouts and mail them: PDF looks the same everywhere
# --minutes: the bounds of cadence.duration_minutes in the charter format.
MIN_MINUTES, MAX_MINUTES = 15, 480
PROGRESS_FROM = 7  # show a progress bar from this many handouts on

Job = TypeVar("Job")
Item = TypeVar("Item", covariant=True)

if TYPE_CHECKING:
    from copkit.model import Charter
    from copkit.rendering import Handout, Pending


@command()
def render(
    charters: Annotated[
        list[Path],
        typer.Argument(
            help="Charter files, or folders: every charter below (journal entries in them are passed over).",
            show_default=False,
        ),
    ],
    handout: Annotated[Literal[HandoutName, "all"], typer.Option(help="Which handout.")] = "all",
    output_format: Annotated[
        HandoutFormat | None,
        typer.Option(
            "--format", "-f", help="md, html or pdf. Default: pdf, ready to print and hand out.", show_default=False
        ),
    ] = None,
    lang: Annotated[
        Language | None, typer.Option(help="Language. Default: the charter's own.", show_default=False)
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option(
            "--for",
            help="facilitator: the full agenda; participants: its programme only, written as <name>-agenda-participants.",
        ),
    ] = "facilitator",
    out: Annotated[
        Path,
        typer.Option(help="Folder for the handouts; - writes one Markdown or HTML handout to the standard output."),
    ] = Path("handouts"),
    meeting_date: Annotated[
        date | None, day_option("The meeting's date when the charter gives none.", flag="--date")
    ] = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            min=MIN_MINUTES,
            max=MAX_MINUTES,
            help="The meeting's length for the agenda and the retrospective. Default: the launch's length"
            " for a launch, the cadence's otherwise.",
            show_default=False,
        ),
    ] = None,
    meeting: Annotated[
        Meeting | None,
        typer.Option(
            help="The agenda's meeting. Default: the one that suits the community's phase.", show_default=False
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(help="A folder whose templates override the built-in ones by name.", show_default=False),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if Markdown or HTML handouts in --out are stale.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in --out that copkit did not write or that were edited.")
    ] = False,
) -> None:
    """Make the one-pager, launch agenda, retrospective sheet and invitation from charters."""
    from copkit import rendering
    from copkit.activities import ActivitiesError, load_activities
    from copkit.checking import check_file, journals_for, require_valid
    from copkit.handouts import suited

    if templates is not None and not templates.is_dir():
        raise typer.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    if check and output_format == "pdf":
        raise typer.BadParameter("--check compares Markdown and HTML handouts, not PDF", param_hint="--format")

    found = charter_files(charters)  # folders as check, status and site search them
    named = {str(path) for path in charters}  # an entry named as such is refused; one found in a folder passed over
    results = [check_file(path, today=date.today()) for path in found.files]
    results = [result for result in results if not result.is_entry or result.path in named]
    require_valid(results + found.unreadable, "nothing rendered")
    if not results:
        where = ", ".join(str(path) for path in charters)
        raise UsageError(f"nothing rendered: no charter in {where}, only journal entries")
    journals = journals_for(results, today=date.today())
    formats: Sequence[HandoutFormat] = (
        ((output_format,) if output_format else TEXT_FORMATS) if check else (output_format or DEFAULT_FORMAT,)
    )
    jobs = [
        (result.charter, result.path, name, fmt)
        for result in results
        if result.charter is not None  # every one, once require_valid has passed
        for name in (suited(result.charter.phase) if handout == "all" else (handout,))
        for fmt in formats
    ]
    if out == STDOUT:
        one_for_stdout(len(jobs), binary=formats[0] == "pdf", check=check)
    extra = templates / "activities.yaml" if templates is not None else None
    extra = extra if extra is not None and extra.is_file() else None  # a coach's own activities, if any
    try:
        activities = load_activities(extra)

        def prepare(job: tuple[Charter, str, HandoutName, HandoutFormat]) -> Handout | Pending:
            charter, _, name, fmt = job
            return rendering.prepare(
                charter,
                name,
                fmt,
                lang=lang or charter.language,
                meeting_date=meeting_date,
                templates=templates,
                activities=activities,
                audience=audience,
                minutes=minutes,
                meeting=meeting,
                journal=journals.get(charter.name),
            )

        if formats[0] == "pdf":
            rendered = pdfs(prepare, jobs)
        else:
            rendered = rendering.finish([prepare(job) for job in progress(jobs)])
        rendering.refuse_same_names(rendered, [source for _, source, _, _ in jobs])
    except ActivitiesError as error:
        # A step no activity can fill: the coach's file is where to add one, so the message names it.
        where = f"{extra}: " if extra is not None and not error.diagnostics else ""
        raise CopkitError(f"nothing rendered: {where}{error.message}", error.diagnostics) from None
    except CopkitError as error:
        raise CopkitError(f"nothing rendered: {error.message}", error.diagnostics) from None
    if check:
        compare(rendering.stale_handouts(rendered, out, strict=output_format is not None), out)
    if out == STDOUT:
        write_stdout(rendered[0].content, binary=rendered[0].fmt == "pdf")
        return
    with interrupted("nothing rendered"):
        written = rendering.write_handouts(rendered, out, force=force)
    for target in written:
        typer.echo(tell("wrote {path}", path=target))


def pdfs(prepare: Callable[[Job], Handout | Pending], jobs: list[Job]) -> list[Handout]:
    """PDF handouts: every HTML first (fast), then the PDFs laid out together (see
    :func:`copkit.rendering.finish`), behind the progress bar. A handout that fails on the way to its
    HTML (a template, a plan) is reported after those before it are laid out, so the first problem in
    order is still the one named."""
    from copkit import rendering

    prepared: list[Handout | Pending] = []
    try:
        for job in jobs:
            prepared.append(prepare(job))
    except CopkitError as error:
        rendering.finish(prepared)
        raise error from None
    return rendering.finish(prepared, progress)


def compare(found: tuple[list[str], int], out: Path) -> None:
    """Name every stale handout and exit 1, or say how many are up to date."""
    stale, compared = found
    if not compared and not stale:
        typer.echo("copkit: " + tell("no Markdown or HTML handouts in {folder} to compare", folder=out), err=True)
        raise typer.Exit(ExitStatus.PROBLEMS)
    for line in stale:
        typer.echo(tell("stale: {what}", what=line))
    if stale:
        typer.echo(
            tell_count(
                "{count} stale handout: run 'copkit render' again and commit it",
                "{count} stale handouts: run 'copkit render' again and commit them",
                len(stale),
            )
        )
        raise typer.Exit(ExitStatus.PROBLEMS)
    typer.echo(tell_count("{count} handout up to date", "{count} handouts up to date", compared))
    raise typer.Exit(ExitStatus.OK)


class Jobs(Protocol[Item]):
    """What a progress bar goes over: something that knows how many it holds (a list, a PDF batch)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Item]: ...


def progress(jobs: Jobs[Item]) -> Iterable[Item]:
    """The jobs, behind a progress bar on a terminal when there are many."""
    if len(jobs) < PROGRESS_FROM or not sys.stderr.isatty():
        return jobs
    from rich.progress import track

    return track(jobs, description=tell("Rendering"), transient=True, console=None)
