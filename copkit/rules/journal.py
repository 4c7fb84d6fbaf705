"""The checks behind the journal's warnings: one function per rule, reading one community's
:class:`~copkit.journal.Journal` and the day it is checked on.

Each yields ``(entry, path, message)``: the finding is shown in that entry's file, at the value
``path`` names, so a coach sees it where the fix goes (an overdue action at its ``due``, a falling
attendance at the last meeting's ``attendance``). Thresholds are the catalogue's named constants.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from copkit.diagnostics import Diagnostic
from copkit.rules.catalogue import (
    ACTION_OVERDUE,
    ATTENDANCE_FALLING,
    CRITERION_BELOW_TARGET,
    ENTRY_IN_FUTURE,
    FALLING_MEETINGS,
    HEALTH_LOW,
    LOW_RUNNING,
    LOW_SCORE,
    NO_RECENT_RETRO,
    RETRO_EVERY_MONTHS,
    REVIEW_OVERDUE_IN_RETROS,
    Rule,
    spelled_months,
)

if TYPE_CHECKING:  # the journal's models pull in pydantic; `copkit rules` should not need it
    from copkit.journal import Journal, Located

JournalFinding = tuple["Located", tuple[str | int, ...], str]
JournalCheck = Callable[["Journal", date], Iterator[JournalFinding]]

JOURNAL_CHECKS: dict[str, tuple[Rule, JournalCheck]] = {}


def journal_check(rule: Rule) -> Callable[[JournalCheck], JournalCheck]:
    """Bind a check on a community's journal to its catalogue entry."""

    def bind(check: JournalCheck) -> JournalCheck:
        if rule.code in JOURNAL_CHECKS:  # pragma: no cover - a programming slip, caught at import
            raise ValueError(f"rule code {rule.code} has two checks")
        JOURNAL_CHECKS[rule.code] = (rule, check)
        return check

    return bind


def run_journal_checks(
    journals: Iterable[Journal], *, today: date, ignore: Collection[str] = frozenset()
) -> list[Diagnostic]:
    """Every journal warning not in ``ignore``, each in the file of the entry it is about."""
    found = []
    for journal in journals:
        for code, (rule, check) in sorted(JOURNAL_CHECKS.items()):
            if code in ignore:
                continue
            for located, where, message in check(journal, today):
                line, column = located.at(*where)
                found.append(Diagnostic(located.path, line, column, rule.severity, code, message))
    return found


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _score(value: float) -> str:
    return f"{value:g}"


@journal_check(ENTRY_IN_FUTURE)
def entry_in_future(journal: Journal, today: date) -> Iterator[JournalFinding]:
    for located in journal.entries:
        if located.entry.date > today:
            yield (
                located,
                ("date",),
                f"dated {located.entry.date}, after today ({today}): a journal records what happened;"
                " check the date, or write the entry after the meeting",
            )


@journal_check(ACTION_OVERDUE)
def action_overdue(journal: Journal, today: date) -> Iterator[JournalFinding]:
    for located in journal.entries:
        for index, action in enumerate(located.entry.actions):
            if action.is_open and action.due is not None and action.due < today:
                who = f" ({action.who})" if action.who else ""
                yield (
                    located,
                    ("actions", index, "due"),
                    f"action '{action.what}'{who} was due {action.due} and is still open: mark it done"
                    " (done: true, or the date), give it a new due date, or drop it together",
                )


@journal_check(NO_RECENT_RETRO)
def no_recent_retro(journal: Journal, today: date) -> Iterator[JournalFinding]:
    if journal.charter.phase != "operate" or not journal.entries:
        return
    horizon = months_before(today, RETRO_EVERY_MONTHS)
    last = journal.last_retro
    if last is not None and last.entry.date >= horizon:
        return
    if last is None and journal.entries[0].entry.date >= horizon:
        return  # a journal younger than the horizon has had no chance yet
    latest = journal.entries[-1]
    since = f"the last one was on {last.entry.date}" if last is not None else "none is recorded"
    yield (
        latest,
        ("date",),
        f"no retrospective in the last {spelled_months(RETRO_EVERY_MONTHS)} ({since}):"
        " plan one to ask whether the community still meets its members' need",
    )


@journal_check(ATTENDANCE_FALLING)
def attendance_falling(journal: Journal, today: date) -> Iterator[JournalFinding]:
    attended = journal.attended[-(FALLING_MEETINGS + 1) :]
    if len(attended) <= FALLING_MEETINGS:
        return
    counts = [located.entry.attendance.present for located in attended if located.entry.attendance is not None]
    if all(later < earlier for earlier, later in zip(counts, counts[1:], strict=False)):
        yield (
            attended[-1],
            ("attendance",),
            f"fewer people at each of the last {FALLING_MEETINGS} meetings ({', '.join(map(str, counts))}):"
            " ask members what would make the meetings worth their time",
        )


@journal_check(CRITERION_BELOW_TARGET)
def criterion_below_target(journal: Journal, today: date) -> Iterator[JournalFinding]:
    from copkit.journal import Retro

    for criterion in journal.charter.evaluation_criteria:
        scored = [
            (located, index, item.score)
            for located in journal.retros
            if isinstance(located.entry, Retro)
            for index, item in enumerate(located.entry.criteria)
            if item.criterion == criterion.criterion
        ][-LOW_RUNNING:]
        if len(scored) == LOW_RUNNING and all(score < LOW_SCORE for _, _, score in scored):
            located, index, _ = scored[-1]
            scores = ", ".join(_score(score) for _, _, score in scored)
            yield (
                located,
                ("criteria", index, "score"),
                f"'{criterion.criterion}' scored under {LOW_SCORE} in the last {LOW_RUNNING} retrospectives"
                f" ({scores}): change how the community works towards it, or agree on a criterion that fits",
            )


@journal_check(HEALTH_LOW)
def health_low(journal: Journal, today: date) -> Iterator[JournalFinding]:
    from copkit.choices import HEALTH_KEYS
    from copkit.journal import Retro

    for key in HEALTH_KEYS:
        scored = [
            (located, score)
            for located in journal.retros
            if isinstance(located.entry, Retro)
            and located.entry.health is not None
            and (score := located.entry.health.scores().get(key)) is not None
        ][-LOW_RUNNING:]
        if len(scored) == LOW_RUNNING and all(score < LOW_SCORE for _, score in scored):
            scores = ", ".join(_score(score) for _, score in scored)
            yield (
                scored[-1][0],
                ("health", key),
                f"health '{key}' scored under {LOW_SCORE} in the last {LOW_RUNNING} retrospectives"
                f" ({scores}): make it the focus of the next meeting",
            )


@journal_check(REVIEW_OVERDUE_IN_RETROS)
def retros_past_review(journal: Journal, today: date) -> Iterator[JournalFinding]:
    review = journal.charter.review_date
    after = [located for located in journal.retros if located.entry.date > review]
    if after:
        count = "a retrospective" if len(after) == 1 else f"{len(after)} retrospectives"
        yield (
            after[-1],
            ("date",),
            f"{count} since the charter's review date ({review}), and the charter still names it:"
            " record what the members decided (continue, change, merge or close) and set a new review_date",
        )
