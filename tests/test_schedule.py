"""The meeting series: anchored on the charter, so every command, on every day, names the same meetings.

schedule.meetings_from is the one source; status, the calendar file (expanded with recurring-ical-events,
an independent reader of RRULEs) and the site must agree with it whatever day they are asked on."""

from __future__ import annotations

import json
import time as clock
from datetime import date, datetime, timedelta
from itertools import islice

import icalendar
import pytest
import recurring_ical_events
from helpers import fuzz_examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from copkit.cli import app
from copkit.handouts import next_after
from copkit.ical import build_calendar
from copkit.portfolio import next_meeting
from copkit.schedule import CalendarError, first_meeting, meetings_from, series_start
from copkit.schedule import next_meeting as next_meeting_day

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("first", "second", "third", "fourth", "last")


@pytest.fixture(scope="session")
def charter(contract_charter):
    """``charter(review=, launch=, **cadence)``: the contract example (biweekly on Thursday at 12:30,
    review on Wednesday 31 March 2027) with its cadence changed."""
    return contract_charter


def expanded(ics: bytes, since: date, until: date) -> list[datetime]:
    """Start times of every meeting (launch and regular) from ``since`` to ``until``, as calendars show them."""
    calendar = icalendar.Calendar.from_ical(ics)
    found = recurring_ical_events.of(calendar).between(since, until + timedelta(days=1))
    return sorted(e.start for e in found if not str(e["UID"]).endswith("-review@copkit"))


def regular(ics: bytes, since: date, until: date) -> list[date]:
    calendar = icalendar.Calendar.from_ical(ics)
    found = recurring_ical_events.of(calendar).between(since, until + timedelta(days=1))
    return sorted(e.start.date() for e in found if str(e["UID"]).endswith("-cadence@copkit"))


# --- The two examples, on the example charter (biweekly on Thursday, no launch, review 30 April 2027) --


def test_calendar_from_any_day_has_the_same_meetings(runner, examples, tmp_path):
    dates = {}
    for start in ("2026-11-25", "2026-11-27"):
        target = tmp_path / f"{start}.ics"
        result = runner.invoke(app, ["calendar", str(examples / "communities/learning-from-incidents/charter.yaml"), "--out", str(target),
                                     "--from", start])  # fmt: skip
        assert result.exit_code == 0, result.output
        dates[start] = regular(target.read_bytes(), date(2026, 11, 25), date(2027, 4, 30))
    assert dates["2026-11-25"][:3] == [date(2026, 11, 26), date(2026, 12, 10), date(2026, 12, 24)]
    assert dates["2026-11-27"] == dates["2026-11-25"][1:]
    # Counted back from the review date's week: its Thursday, 29 April, is the last meeting.
    assert dates["2026-11-27"][-1] == date(2027, 4, 29)


def test_status_names_the_next_meeting_of_the_series(runner, examples):
    result = runner.invoke(app, ["status", str(examples / "communities/learning-from-incidents/charter.yaml"), "--today", "2026-11-27",
                                 "--format", "json"])  # fmt: skip
    (row,) = json.loads(result.output)["charters"]
    assert row["next_meeting"] == "2026-12-10 15:00"
    result = runner.invoke(
        app, ["status", str(examples / "communities/learning-from-incidents/charter.yaml"), "--today", "2026-11-25"]
    )
    assert "2026-11-26 15:00" in result.output


# --- The anchor ----------------------------------------------------------------------------------------


def test_without_a_launch_biweekly_counts_back_from_the_review_week(charter):
    # Review on Wednesday 31 March 2027: that week's Thursday (1 April) is after it and does not take place,
    # but it sets the weeks: 18 March, 4 March, … 26 November.
    days = list(meetings_from(charter(), date(2026, 11, 24)))
    assert days[:2] == [date(2026, 11, 26), date(2026, 12, 10)]
    assert days[-1] == date(2027, 3, 18)
    # A review a week later moves the series to the other weeks.
    assert next(meetings_from(charter(review="2027-04-07"), date(2026, 11, 24))) == date(2026, 12, 3)


def test_without_a_launch_quarterly_counts_back_from_the_review_month(charter):
    quarterly = charter(frequency="quarterly", week="first", weekday="monday")
    # Review in March: March, December, September, June …, whatever the day asked.
    for day in (date(2026, 1, 1), date(2026, 5, 20), date(2026, 10, 1)):
        assert [d.month for d in islice(meetings_from(quarterly, day), 3)] in ([3, 6, 9], [6, 9, 12], [12, 3])
    assert list(meetings_from(quarterly, date(2026, 10, 1))) == [date(2026, 12, 7), date(2027, 3, 1)]


def test_with_a_launch_the_series_counts_from_the_launch(charter):
    launched = charter(launch={"date": "2026-10-08"})
    assert series_start(launched) == date(2026, 10, 12)  # the week after the launch's
    assert next(meetings_from(launched, date(2026, 9, 1))) == date(2026, 10, 22)
    assert next(meetings_from(launched, date(2027, 1, 1))) == date(2027, 1, 14)
    quarterly = charter(launch={"date": "2026-08-31"}, frequency="quarterly", week="last", weekday="friday")
    assert series_start(quarterly) == date(2026, 9, 1)
    assert list(meetings_from(quarterly, date(2026, 1, 1))) == [date(2026, 11, 27), date(2027, 2, 26)]
    assert series_start(charter()) is None


def test_next_meeting_is_the_launch_while_it_is_ahead(charter):
    launched = charter(launch={"date": "2026-10-08", "time": "16:00"})
    assert next_meeting_day(launched, date(2026, 10, 8)) == date(2026, 10, 8)
    assert next_meeting(launched, date(2026, 10, 8)) == datetime(2026, 10, 8, 16, 0)
    assert next_meeting(launched, date(2026, 10, 9)) == datetime(2026, 10, 22, 12, 30)


def test_no_meeting_after_the_review_date(charter):
    assert list(meetings_from(charter(), date(2027, 3, 19))) == []
    assert next_meeting_day(charter(), date(2027, 3, 19)) is None
    assert first_meeting(charter(), date(2027, 3, 19)) == date(2027, 4, 1)  # named in the calendar's message


def test_a_series_needs_a_slot_and_a_launch_before_the_review(charter):
    with pytest.raises(CalendarError, match="add cadence.weekday"):
        next(meetings_from(charter(weekday=None), date(2026, 11, 24)))
    with pytest.raises(CalendarError, match="is not before the review date"):
        next(meetings_from(charter(launch={"date": "2027-03-31"}), date(2026, 11, 24)))
    assert next_meeting_day(charter(weekday=None), date(2026, 11, 24)) is None


def test_a_far_review_date_is_quick(charter):
    far = charter(review="2999-12-31", frequency="weekly")
    began = clock.perf_counter()
    assert next_meeting(far, date(2026, 11, 24)) == datetime(2026, 11, 26, 12, 30)
    one, two = islice(meetings_from(charter(review="2999-12-31"), date(2998, 1, 1)), 2)
    assert (one, two - one) == (date(2998, 1, 4), timedelta(weeks=2))  # a Thursday, in the review week's rhythm
    # Counted back from the Thursday of the review's week (Tuesday 31 December 2999): 2 January 3000.
    assert (date(3000, 1, 2) - one).days % 14 == 0
    assert clock.perf_counter() - began < 0.5


@pytest.mark.parametrize("frequency", ["weekly", "biweekly", "monthly", "quarterly"])
def test_the_last_day_of_the_calendar(charter, frequency):
    # The format's last review date (MAX_YEAR): every command still finds the meetings before it.
    last = charter(review="2999-12-31", frequency=frequency, week="last", weekday="friday")
    days = list(meetings_from(last, date(2999, 6, 1)))
    assert days and days[-1] <= date(2999, 12, 31) and days[-1] > date(2999, 12, 31) - timedelta(days=92)


# --- Any charter, any two days -------------------------------------------------------------------------


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    frequency=st.sampled_from(["weekly", "biweekly", "monthly", "quarterly"]),
    week=st.sampled_from(WEEKS),
    weekday=st.sampled_from(DAYS),
    zone=st.sampled_from(["Europe/Brussels", None]),
    launch=st.none() | st.dates(date(2025, 6, 1), date(2027, 6, 1)),
    review=st.dates(date(2026, 1, 1), date(2028, 6, 30)),
    first=st.dates(date(2025, 1, 1), date(2028, 6, 30)),
    gap=st.integers(1, 400),
)
def test_the_same_meetings_whatever_day_you_ask(
    frequency, week, weekday, zone, launch, review, first, gap, charter
) -> None:
    assume(launch is None or launch < review)
    d1, d2 = first, first + timedelta(days=gap)
    assume(d2 <= review)
    c = charter(
        review=review.isoformat(),
        launch={"date": launch.isoformat()} if launch else None,
        frequency=frequency,
        week=week,
        weekday=weekday,
        timezone=zone,
    )
    expected = list(meetings_from(c, d2))
    # The schedule itself: asked on d1, the meetings from d2 on are the same.
    assert [day for day in meetings_from(c, d1) if day >= d2] == expected
    # Every meeting fits the cadence, after the launch's week or month, never after the review date.
    for day in expected:
        assert DAYS[day.weekday()] == weekday
        assert d2 <= day <= review
        if launch is not None:
            assert day >= series_start(c)
        if frequency in ("monthly", "quarterly"):
            if week == "last":
                assert (day + timedelta(days=7)).month != day.month
            else:
                assert (day.day - 1) // 7 == WEEKS.index(week)
    steps = {(b - a).days if frequency in ("weekly", "biweekly") else (b.year * 12 + b.month) - (a.year * 12 + a.month)
             for a, b in zip(expected, expected[1:], strict=False)}  # fmt: skip
    assert steps <= {{"weekly": 7, "biweekly": 14, "monthly": 1, "quarterly": 3}[frequency]}
    # Status: the launch while it is ahead, else the schedule's next meeting.
    ahead = [launch] if launch is not None and launch >= d2 else []
    status_next = next_meeting(c, d2)
    assert (status_next.date() if status_next else None) == next(iter(ahead + expected), None)
    # The retrospective sheet held the day before d2 names that meeting as the next one.
    assert next_after(c, d2 - timedelta(days=1)) == (status_next.date() if status_next else None)
    # The calendar, made on d1 or on d2 (as the site makes it on its day), shows the same meetings from d2 on.
    for start in (d1, d2):
        try:
            ics = build_calendar(c, start=start)
        except CalendarError:
            assert not [day for day in meetings_from(c, start)]
            continue
        assert regular(ics, d2, review) == expected
        shown = expanded(ics, d2, review)
        assert [s.replace(tzinfo=None) for s in shown[:1]] == ([status_next] if status_next else [])


def test_the_site_made_on_any_day_has_the_same_meetings(charter_of, examples):
    from copkit.website import build_site

    charters = [charter_of(examples / "communities/learning-from-incidents/charter.yaml")]
    early, late = (
        next(content for name, content in build_site(charters, lang="en", today=day).items() if name.endswith(".ics"))
        for day in (date(2026, 11, 25), date(2026, 11, 27))
    )
    after = date(2026, 11, 27)
    assert regular(early, after, date(2027, 4, 30)) == regular(late, after, date(2027, 4, 30))
    assert regular(late, after, date(2027, 4, 30))[0] == date(2026, 12, 10)


def test_the_retrospective_sheet_names_the_next_meeting(charter_of, examples):
    from copkit.rendering import render

    incidents = charter_of(examples / "communities/learning-from-incidents/charter.yaml")
    for fmt in ("md", "html"):
        sheet = render(incidents, "retro", fmt, lang="en", meeting_date=date(2026, 11, 26)).content.decode()
        assert "Next meeting: 10 December 2026" in sheet  # the series' next Thursday, two weeks on
        undated = render(incidents, "retro", fmt, lang="en").content.decode()
        assert "Next meeting" not in undated  # without --date the sheet does not guess from today
    # Before the launch, the launch is the next meeting.
    writing = charter_of(examples / "communities/klantgericht-schrijven/charter.yaml")
    sheet = render(writing, "retro", "md", lang="nl", meeting_date=date(2026, 11, 26)).content.decode()
    assert "Volgende bijeenkomst: 12 januari 2027" in sheet


def test_a_calendar_at_the_end_of_the_format_says_so(charter):
    # The last Thursday of December 2999 falls on the 26th: after it, no meeting is left before the review.
    last = charter(review="2999-12-31", frequency="quarterly", week="last", weekday="thursday")
    with pytest.raises(CalendarError) as raised:
        build_calendar(last, start=date(2999, 12, 30))
    assert str(raised.value) == (
        "no meeting falls between 2999-12-30 and the review date 2999-12-31 (the first would be on 3000-03-27):"
        " set a later review_date"
    )


def test_last_meeting_is_the_latest_on_or_before_the_day(charter):
    from copkit.schedule import last_meeting

    # biweekly on Thursday, counted back from the review week: 12 and 26 November 2026
    assert last_meeting(charter(), date(2026, 11, 24)) == date(2026, 11, 12)
    assert last_meeting(charter(), date(2026, 11, 26)) == date(2026, 11, 26)
    quarterly = charter(launch={"date": "2026-08-31"}, frequency="quarterly", week="last", weekday="friday")
    assert last_meeting(quarterly, date(2027, 2, 25)) == date(2026, 11, 27)  # three months back
    assert last_meeting(quarterly, date(2026, 9, 30)) == date(2026, 8, 31)  # the launch
    assert last_meeting(quarterly, date(2026, 8, 30)) is None  # nothing yet
    assert last_meeting(charter(weekday=None), date(2026, 11, 24)) is None  # no fixed slot
    assert last_meeting(charter(), date(2028, 1, 1)) is None  # long after the review date
