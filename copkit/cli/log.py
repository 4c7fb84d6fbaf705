"""``copkit log``: draft the next journal entry of a community, by interview or as a commented draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copkit.choices import EntryKind, Language
from copkit.cli.app import command, stop_status
from copkit.cli.init import stdin_is_terminal
from copkit.cli.options import day_option, write_new
from copkit.errors import CopkitError


def entry_path(charter: Path, day: date, kind: EntryKind) -> Path:
    """Where an entry goes by default: ``journal/DATE-KIND.yaml`` in the charter's folder."""
    return charter.parent / "journal" / f"{day.isoformat()}-{kind}.yaml"


@command()
def log(
    charter: Annotated[Path, typer.Argument(help="The community's charter file.", show_default=False)],
    kind: Annotated[EntryKind, typer.Option(help="A meeting, or a retro (retrospective) with its scores.")] = "meeting",
    day: Annotated[
        date | None,
        day_option("The day it took place. Default: the last scheduled meeting, else today.", flag="--date"),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing: write a commented draft to edit.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE.yaml",
            help="Where to write. Default: journal/DATE-KIND.yaml beside the charter.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(help="Language of the questions and comments. Default: the charter's.", show_default=False),
    ] = None,
    today: Annotated[date | None, day_option("Judge dates as of this day instead of today.")] = None,
) -> None:
    """Draft the next journal entry: an interview in a terminal, or a commented draft to edit.

    The entry is written under the charter's folder, never over an existing file; the community's
    open actions are listed so they can be closed.
    """
    from copkit import files
    from copkit.checking import check_file, journals_for, require_valid
    from copkit.entry_file import Pending, draft, pending, write_entry
    from copkit.entry_interview import EntryInterview, pending_line
    from copkit.i18n import translations
    from copkit.schedule import last_meeting

    as_of = today or date.today()
    result = check_file(charter, today=as_of)
    (valid,) = require_valid([result], "no entry written")
    journal = journals_for([result], today=as_of)[valid.name]
    language = lang or valid.language
    _ = translations(language).gettext
    default_day = last_meeting(valid, as_of) or as_of

    def target_for(entry_day: date) -> Path:
        return out or entry_path(charter, entry_day, kind)

    def taken(entry_day: date) -> str | None:
        """Why the entry of ``entry_day`` cannot be written, or None."""
        target = target_for(entry_day)
        try:
            files.check_new(target)
        except FileExistsError:
            return _("%(path)s exists; nothing written: choose another day with --date, or another file with --out") % {
                "path": target
            }
        except OSError as exc:
            return _("cannot write %(path)s: %(reason)s") % {"path": target, "reason": exc.strerror or exc}
        return None

    first_day = day or default_day
    if problem := taken(first_day):  # before anything is asked
        raise CopkitError(problem)
    interactive = not no_input and stdin_is_terminal()
    done: list[Pending] = []
    if interactive:
        interview = EntryInterview(
            language,
            as_of,
            ask=typer.prompt,
            say=typer.echo,
            journal=journal,
            kind=kind,
            day=day,
            default_day=default_day,
            taken=taken,
        )
        try:
            answers = interview.run()
            done = interview.closed(pending(journal, as_of))
        except (typer.Abort, KeyboardInterrupt, EOFError) as stop:
            typer.echo("\n" + _("Stopped: nothing written."), err=True)
            raise typer.Exit(stop_status(stop)) from None
    else:
        answers = draft(journal, kind, first_day)
    target = target_for(answers["date"])
    text = write_entry(
        answers,
        lang=language,
        journal=journal,
        today=as_of,
        target=target,
        folder=charter.parent,
        is_draft=not interactive,
    )
    write_new(target, text.encode("utf-8"), force=False, _=_)
    typer.echo(_("Wrote %(path)s. Check it with: copkit check %(folder)s") % {"path": target, "folder": charter.parent})
    if interactive:
        for action in done:
            typer.echo(
                _("Done: edit %(file)s, line %(line)s, and add done: %(day)s to that action.")
                % {"file": action.file, "line": action.line, "day": as_of.isoformat()}
            )
        return
    if open_actions := pending(journal, as_of):
        typer.echo(_("Open actions of the community:"))
        for action in open_actions:
            typer.echo("  - " + pending_line(action, _))
        typer.echo(_("To close an action, add done: and the day it was done to it, in the file where it was agreed."))
