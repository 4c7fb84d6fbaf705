"""When a community meets: the days of its regular meetings, worked out from the cadence alone.

The calendar file (:mod:`copkit.ical`) and the status table both ask this module, so a status
line and a calendar never disagree, and ``copkit status`` needs no calendar library.

Series start: the regular meetings start the day after the launch when the charter has a launch
date, and never before ``start`` (the day a calendar is made, or today for status).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from copkit.choices import MONTHLY, WEEKDAYS, WEEKS, Frequency, Week
from copkit.errors import CopkitError
from copkit.model import Charter

# Weeks of the month as RFC 5545's BYDAY counts them: the last is -1.
WEEK_NUMBERS: dict[Week, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
# How far apart meetings are: (weeks, months), one of them zero.
_INTERVAL: dict[Frequency, tuple[int, int]] = {
    "weekly": (1, 0),
    "biweekly": (2, 0),
    "monthly": (0, 1),
    "quarterly": (0, 3),
}


class CalendarError(CopkitError):
    """The charter cannot give a series of meetings; the message says what to add or change."""


def require_slot(charter: Charter) -> None:
    """A calendar needs the fixed slot that rule W109 asks for; say which keys are missing."""
    words = {"weekday": "a weekday", "time": "a time", "week": "a week of the month"}
    missing = charter.cadence.missing_for_slot
    if missing:
        what, keys = _and([words[key] for key in missing]), _and([f"cadence.{key}" for key in missing])
        hint = f" ({_or(WEEKS)})" if keys.endswith("cadence.week") else ""
        raise CalendarError(f"the cadence needs {what} for a calendar: add {keys}{hint}")


def _and(items: Sequence[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def _or(items: Sequence[str]) -> str:
    return _and(items, "or")


def series_start(charter: Charter, start: date) -> date:
    launch = charter.launch_date
    if launch is not None and launch >= charter.review_date:
        raise CalendarError(
            f"the launch on {launch.isoformat()} is not before the review date {charter.review_date.isoformat()}: "
            "set a later review_date"
        )
    begin = max(start, launch + timedelta(days=1)) if launch is not None else start
    if begin > charter.review_date:
        raise CalendarError(
            f"the calendar would start on {begin.isoformat()}, after the review date "
            f"{charter.review_date.isoformat()}: review the charter and set a later review_date"
        )
    return begin


def _nth_weekday(year: int, month: int, weekday: int, week: Week) -> date:
    """The first, second, … or last ``weekday`` (0 = Monday) of a month."""
    if week == "last":
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (WEEK_NUMBERS[week] - 1))


def first_meeting(charter: Charter, begin: date) -> date:
    """The first day on or after ``begin`` that fits the cadence."""
    cadence = charter.cadence
    weekday = WEEKDAYS.index(cadence.weekday or "")
    if cadence.frequency not in MONTHLY:
        return begin + timedelta(days=(weekday - begin.weekday()) % 7)
    week = cadence.week
    assert week is not None  # require_slot() has said what is missing before anyone gets here
    year, month = begin.year, begin.month
    while (day := _nth_weekday(year, month, weekday, week)) < begin:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return day


def meeting_days(charter: Charter, start: date) -> Iterator[date]:
    """The regular meetings' days, as the calendar file made on ``start`` has them: from the series
    start to the review date. Raises CalendarError where the calendar would."""
    require_slot(charter)
    cadence = charter.cadence
    day = first_meeting(charter, series_start(charter, start))
    weekday = WEEKDAYS.index(cadence.weekday or "")
    weeks, months = _INTERVAL[cadence.frequency]
    while day <= charter.review_date:
        yield day
        if weeks:
            day += timedelta(weeks=weeks)
        else:
            index = day.year * 12 + day.month - 1 + months
            assert cadence.week is not None  # a monthly rhythm has its week: require_slot() above
            day = _nth_weekday(index // 12, index % 12 + 1, weekday, cadence.week)
