"""When a community meets: the days of its regular meetings, worked out from the charter alone.

One function, :func:`meetings_from`, gives the regular meetings on or after a day. The calendar
file (:mod:`copkit.ical`, and so the site), the status table and any handout that names a next
meeting all ask it, so they never disagree, and ``copkit status`` needs no calendar library.

The series depends on the charter only, never on the day a command runs: asked on any two days,
the meetings after both are the same. A rhythm that skips weeks or months needs an anchor:

- **With a launch date** the launch is the first meeting and anchors the series. It counts as the
  meeting of its week (weekly, biweekly) or its month (monthly, quarterly); the regular meetings
  follow on the cadence's slot, every week, every second week counted from the launch's week, every
  month, or every third month counted from the launch's month.
- **Without a launch date** the series is counted back from the review date: a biweekly series
  meets in the review date's week and every second week before it, a quarterly series in the
  review date's month and every third month before it (a meeting whose slot falls after the review
  date itself does not take place, but it still sets the rhythm). Weekly and monthly series need
  no anchor. A coach who wants the other weeks names the first meeting as ``launch.date``.

No meeting falls after the review date, because the rhythm is one of the things members revisit
then. Meetings are worked out lazily, in constant time per meeting, however far the review date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from copkit.choices import MONTHLY, WEEKDAYS, WEEKS, Frequency, Week
from copkit.errors import CopkitError
from copkit.model import Charter

# Weeks of the month as RFC 5545's BYDAY counts them: the last is -1.
WEEK_NUMBERS: dict[Week, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
# How far apart meetings are: (weeks, months), one of them zero.
INTERVAL: dict[Frequency, tuple[int, int]] = {
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


def require_series(charter: Charter) -> None:
    """A series needs a fixed slot (:func:`require_slot`) and a launch, if any, before the review date."""
    require_slot(charter)
    launch = charter.launch_date
    if launch is not None and launch >= charter.review_date:
        raise CalendarError(
            f"the launch on {launch.isoformat()} is not before the review date {charter.review_date.isoformat()}: "
            "set a later review_date"
        )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _nth_weekday(index: int, weekday: int, week: Week) -> date:
    """The first, second, … or last ``weekday`` (0 = Monday) of the month ``index`` (year * 12 + month - 1)."""
    year, month = divmod(index, 12)
    month += 1
    if week == "last":
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (WEEK_NUMBERS[week] - 1))


def series_start(charter: Charter) -> date | None:
    """The earliest day a regular meeting can fall on: the Monday of the week after the launch's
    (weekly, biweekly), or the first of the month after the launch's (monthly, quarterly). None
    without a launch date: then the series has no beginning, only its end at the review date."""
    launch = charter.launch_date
    if launch is None:
        return None
    if charter.cadence.frequency in MONTHLY:
        year, month = divmod(_month_index(launch) + 1, 12)
        return date(year, month + 1, 1)
    return _monday(launch) + timedelta(weeks=1)


def _anchor(charter: Charter) -> date:
    """A day whose week (weekly, biweekly) or month (monthly, quarterly) holds a meeting of the
    series, as far as the rhythm goes: the launch, else the review date."""
    return charter.launch_date or charter.review_date


def first_meeting(charter: Charter, day: date) -> date:
    """The first day of the series on or after ``day``, even when it falls after the review date
    (so a message can name it). Raises CalendarError when the cadence has no fixed slot or the
    launch is not before the review date."""
    require_series(charter)
    cadence = charter.cadence
    weekday = WEEKDAYS.index(cadence.weekday or "")
    start = series_start(charter)
    begin = max(day, start) if start is not None else day
    weeks, months = INTERVAL[cadence.frequency]
    if weeks:
        candidate = begin + timedelta(days=(weekday - begin.weekday()) % 7)
        behind = (_monday(candidate) - _monday(_anchor(charter))).days // 7
        return candidate + timedelta(weeks=-behind % weeks)
    week = cadence.week
    assert week is not None  # require_slot() has said what is missing before anyone gets here
    index = _month_index(begin)
    if _nth_weekday(index, weekday, week) < begin:
        index += 1
    index += -(index - _month_index(_anchor(charter))) % months
    return _nth_weekday(index, weekday, week)


def meetings_from(charter: Charter, day: date) -> Iterator[date]:
    """The regular meetings on or after ``day``, up to and including the review date, lazily.

    The one source of meeting days for status, the calendar file, the site and the handouts. The
    launch is not among them: it is its own meeting (:attr:`Charter.launch_date`). Raises
    CalendarError when the cadence has no fixed slot or the launch is not before the review date.
    """
    try:
        current = first_meeting(charter, day)
    except (OverflowError, ValueError):  # no week or month of the series left before the year 10000
        return
    cadence = charter.cadence
    weekday = WEEKDAYS.index(cadence.weekday or "")
    weeks, months = INTERVAL[cadence.frequency]
    while current <= charter.review_date:
        yield current
        try:
            if weeks:
                current += timedelta(weeks=weeks)
            else:
                assert cadence.week is not None  # a monthly rhythm has its week: first_meeting() checked
                current = _nth_weekday(_month_index(current) + months, weekday, cadence.week)
        except (OverflowError, ValueError):  # past the year 9999: the review date is earlier anyway
            return


def next_meeting(charter: Charter, day: date) -> date | None:
    """The next meeting on or after ``day``: the launch while it is ahead, else the next regular
    meeting, else None (no fixed slot, or no meeting left before the review date)."""
    launch = charter.launch_date
    if launch is not None and launch >= day:
        return launch
    try:
        return next(meetings_from(charter, day), None)
    except CalendarError:
        return None


# Far enough back to hold one meeting of any rhythm: a quarter of the longest months, and a week more.
LOOKBACK = timedelta(days=3 * 31 + 7)


def last_meeting(charter: Charter, day: date) -> date | None:
    """The last meeting on or before ``day``: the latest regular meeting within :data:`LOOKBACK`,
    else the launch when it falls in that span too; None when the charter has no fixed slot or no
    meeting took place that recently (a journal entry is then dated today)."""
    launch = charter.launch_date
    latest = launch if launch is not None and day - LOOKBACK <= launch <= day else None
    try:
        start = day - LOOKBACK
    except OverflowError:
        start = date.min
    try:
        for meeting in meetings_from(charter, start):
            if meeting > day:
                break
            latest = meeting
    except CalendarError:
        return latest
    return latest


def quarter_months(charter: Charter) -> tuple[int, ...]:
    """The months (1-12, in calendar order) a quarterly rhythm meets in, counted from the same anchor
    as the series (the launch's month, else the review date's); () for any other rhythm."""
    if charter.cadence.frequency != "quarterly":
        return ()
    anchor = _anchor(charter).month - 1
    return tuple(sorted((anchor + 3 * step) % 12 + 1 for step in range(4)))
