"""Every community at a glance, the most urgent first: the rows of ``copkit status``.

A coach looking after several communities wants to know where to act: broken charters first, then
overdue or nearly due reviews, then vacant roles. The same table gates CI: any error fails it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from copkit import checking, parallel, schedule
from copkit.checking import FileResult, check_file, few_collections, find_charters, kept_journals, suppress
from copkit.choices import ROLES
from copkit.config import Config
from copkit.diagnostics import Diagnostic, Severity
from copkit.journal import Journal
from copkit.model import Charter
from copkit.rules.placeholders import without_placeholders
from copkit.textsafe import json_text


@dataclass
class Row:
    """One community's state as of a day."""

    path: str
    name: str
    phase: str | None = None
    next_meeting: str | None = None  # ISO date and time, local to the charter
    next_meeting_after_review: bool = False  # the cadence's next slot, past the review date (an overdue charter)
    review_date: str | None = None
    days_left: int | None = None  # negative when the review is overdue
    vacant_roles: list[str] = field(default_factory=list)
    last_meeting: str | None = None  # ISO date of the journal's latest entry
    attendance: int | None = None  # how many came to the latest meeting that counted heads
    attendance_trend: str | None = None  # rising, falling or steady (see Journal.attendance_trend)
    open_actions: int = 0
    overdue_actions: int = 0
    last_retro: str | None = None  # ISO date
    errors: int = 0
    warnings: int = 0

    def urgency(self) -> tuple[int, int, int, str]:
        """Errors first, then the nearest (or most overdue) review, then most vacant roles."""
        return (
            -self.errors,
            self.days_left if self.days_left is not None else 10**6,
            -len(self.vacant_roles),
            self.name,
        )


def next_meeting(charter: Charter, today: date) -> datetime | None:
    """The launch if it is still ahead, else the next regular meeting before the review date, at its
    time (:func:`copkit.schedule.next_meeting`, the days the calendar file has too)."""
    day = schedule.next_meeting(charter, today)
    at = charter.launch_time if day is not None and day == charter.launch_date else charter.cadence.time
    return datetime.combine(day, at) if day is not None and at is not None else None


def meeting_after_review(charter: Charter, today: date) -> datetime | None:
    """For a charter whose series has ended at its review date: the slot the cadence would meet on
    next (:func:`copkit.schedule.first_meeting`, which looks past the review), so an overdue
    community still sees when it meets; None without a fixed slot."""
    try:
        day = schedule.first_meeting(charter, today)
    except (schedule.CalendarError, OverflowError, ValueError):
        return None
    at = charter.cadence.time
    return datetime.combine(day, at) if at is not None else None


def row_for(
    result: FileResult, today: date, journal: Journal | None = None, problems: Sequence[Diagnostic] = ()
) -> Row:
    """A charter's row, with its journal's state and problems counted in when it has one."""
    row = Row(path=result.path, name=Path(result.path).stem, errors=result.errors, warnings=result.warnings)
    _count(row, problems)
    charter = result.charter
    if charter is None:
        return row
    _journal_state(row, journal, today)
    row.name, row.phase = charter.name, charter.phase
    meeting = next_meeting(charter, today)
    if meeting is None:  # the series ended at the review date; the rhythm goes on until members revisit it
        meeting = meeting_after_review(charter, today)
        row.next_meeting_after_review = meeting is not None
    row.next_meeting = meeting.isoformat(sep=" ", timespec="minutes") if meeting else None
    row.review_date = charter.review_date.isoformat()
    row.days_left = (charter.review_date - today).days
    public = without_placeholders(charter).roles  # a placeholder person left from the draft holds no role
    row.vacant_roles = [role for role in ROLES if not getattr(public, role)]
    return row


def _rows(
    paths: Sequence[Path], *, today: date, config: Config | None
) -> list[tuple[FileResult, Row | None, str | None]]:
    """Each file checked; a charter's result made compact once its row is made (with its name when
    it is valid); an entry's kept whole for the journal."""
    done: list[tuple[FileResult, Row | None, str | None]] = []
    for path in paths:
        result = check_file(path, today=today)
        if result.is_entry:  # entries are the journal, not rows
            done.append((result, None, None))
            continue
        if config is not None:  # the warnings counted are the ones check would show
            suppress([result], ignore=config.ignore, config=config)
        name = result.charter.name if result.charter is not None else None
        row = row_for(result, today)
        result.compact()
        done.append((result, row, name))
    return done


def _count(row: Row, problems: Sequence[Diagnostic]) -> None:
    row.errors += sum(problem.severity is Severity.ERROR for problem in problems)
    row.warnings += sum(problem.severity is Severity.WARNING for problem in problems)


def _journal_state(row: Row, journal: Journal | None, today: date) -> None:
    if journal is not None and journal.entries:
        attended = journal.attended
        row.last_meeting = journal.entries[-1].entry.date.isoformat()
        last_count = attended[-1].entry.attendance if attended else None
        row.attendance = last_count.present if last_count is not None else None
        row.attendance_trend = journal.attendance_trend()
        row.open_actions = len(journal.open_actions())
        row.overdue_actions = len(journal.overdue_actions(today))
        row.last_retro = journal.last_retro.entry.date.isoformat() if journal.last_retro else None


def status(paths: Iterable[Path], today: date, config: Config | None = None) -> list[Row]:
    """A row for every charter below ``paths``, the most urgent first; warnings counted as ``check``
    counts them with ``config`` (its ignores, per-file ignores and each file's ``# noqa``).

    As ``check``, it keeps per charter only its row: the charter's own part is made as soon as it is
    checked and its model let go of (read again only for a journal); the journal's part follows."""
    files = list(find_charters(paths))
    results: list[FileResult] = []  # compact charters, and the entries
    rows: list[tuple[Row, str | None]] = []  # each charter's row, and its name when it is valid
    valid: dict[str, Charter | Path] = {}
    folders: list[Path] = []
    work = functools.partial(_rows, today=today, config=config)
    with few_collections():  # as check's: thousands of charters' objects would set it off time and again
        if len(files) >= checking.PARALLEL_FILES and (workers := parallel.idle_cores()):  # as check does
            chunks = [
                files[start : start + checking.CHUNK_FILES] for start in range(0, len(files), checking.CHUNK_FILES)
            ]
            done: Iterable[tuple[FileResult, Row | None, str | None]] = parallel.in_order(work, chunks, workers=workers)
        else:
            done = work(files)
        for path, (result, row, name) in zip(files, done, strict=True):
            results.append(result)
            if row is not None:
                rows.append((row, name))
            if name is not None:
                valid[name] = path
                folders.append(path.parent)
        journals, problems = kept_journals(results, valid, folders, today=today, config=config)
    for row, name in rows:
        if name is not None:
            _count(row, problems.get(name, []))
            _journal_state(row, journals.get(name), today)
    return sorted((row for row, _ in rows), key=Row.urgency)


def as_json(rows: Sequence[Row], today: date) -> str:
    return json_text({"today": today.isoformat(), "charters": [asdict(row) for row in rows]})
