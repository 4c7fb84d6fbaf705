"""copkit calendar: the .ics file, read back with icalendar and expanded with recurring-ical-events,
an independent reader of RRULEs, so the occurrences are what calendar applications will show."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.ical import CalendarError, build_calendar

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = UTC
START = date(2026, 9, 1)  # the fixed "today" of these tests


@pytest.fixture(scope="session")
def charter(contract_charter):
    """``charter(review=, launch=, **cadence)``: the contract example with its cadence changed."""
    return contract_charter


def parse(ics: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(ics)


def event(calendar: icalendar.Calendar, kind: str) -> icalendar.Event:
    (found,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"testautomatisering-64f42119-{kind}@copkit"]
    return found


def meetings(ics: bytes, until: date = date(2030, 1, 1)) -> list[datetime]:
    """Start times of the regular meetings, as recurring-ical-events expands them."""
    found = recurring_ical_events.of(parse(ics)).between(date(2020, 1, 1), until)
    return sorted(e.start for e in found if str(e["UID"]).endswith("-cadence@copkit"))


def local(day: str, at: str, zone: ZoneInfo | None = BRUSSELS) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(at), zone)


# --- The rhythm, expanded ---------------------------------------------------------------------


def test_biweekly_keeps_local_time_across_both_daylight_saving_changes(charter) -> None:
    # The launch on Thursday 1 October is the first meeting; the series goes on two weeks later.
    ics = build_calendar(charter(review="2027-06-30", launch={"date": "2026-10-01"}), start=START)
    starts = meetings(ics)
    days = [
        "2026-10-15", "2026-10-29", "2026-11-12", "2026-11-26", "2026-12-10", "2026-12-24", "2027-01-07",
        "2027-01-21", "2027-02-04", "2027-02-18", "2027-03-04", "2027-03-18", "2027-04-01", "2027-04-15",
        "2027-04-29", "2027-05-13", "2027-05-27", "2027-06-10", "2027-06-24",
    ]  # fmt: skip
    assert [s.date().isoformat() for s in starts] == days
    assert {s.astimezone(BRUSSELS).time() for s in starts} == {time(12, 30)}
    # Summer time ends on 25 October 2026 and starts again on 28 March 2027.
    offsets = {s.date().isoformat(): s.utcoffset() for s in starts}
    assert offsets["2026-10-15"] == timedelta(hours=2)
    assert offsets["2026-10-29"] == timedelta(hours=1)
    assert offsets["2027-03-18"] == timedelta(hours=1)
    assert offsets["2027-04-01"] == timedelta(hours=2)
    assert starts[0].astimezone(UTC) == datetime(2026, 10, 15, 10, 30, tzinfo=UTC)
    assert starts[1].astimezone(UTC) == datetime(2026, 10, 29, 11, 30, tzinfo=UTC)
    assert starts[12].astimezone(UTC) == datetime(2027, 4, 1, 10, 30, tzinfo=UTC)
    # Each meeting lasts the cadence's 60 minutes.
    found = recurring_ical_events.of(parse(ics)).between(date(2026, 10, 29), date(2026, 10, 30))
    assert [(e.start, e.end) for e in found] == [(local("2026-10-29", "12:30"), local("2026-10-29", "13:30"))]


def test_rrule_as_written(charter) -> None:
    cases = {
        ("weekly", None, "tuesday"): "FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=TU",
        ("biweekly", None, "tuesday"): "FREQ=WEEKLY;UNTIL=20270630T215959Z;INTERVAL=2;BYDAY=TU",
        ("monthly", "first", "tuesday"): "FREQ=MONTHLY;UNTIL=20270630T215959Z;BYDAY=1TU",
        ("monthly", "last", "tuesday"): "FREQ=MONTHLY;UNTIL=20270630T215959Z;BYDAY=-1TU",
        ("quarterly", "first", "tuesday"): "FREQ=MONTHLY;UNTIL=20270630T215959Z;INTERVAL=3;BYDAY=1TU",
        ("quarterly", "third", "sunday"): "FREQ=MONTHLY;UNTIL=20270630T215959Z;INTERVAL=3;BYDAY=3SU",
    }
    for (frequency, week, weekday), rule in cases.items():
        ics = build_calendar(charter(review="2027-06-30", frequency=frequency, week=week, weekday=weekday), start=START)
        assert event(parse(ics), "cadence")["RRULE"].to_ical().decode() == rule


def test_monthly_first_tuesday(charter) -> None:
    ics = build_calendar(charter(review="2027-06-30", frequency="monthly", week="first", weekday="tuesday", time="09:00"),
                         start=date(2027, 1, 1))  # fmt: skip
    starts = meetings(ics)
    assert starts == [
        local(d, "09:00") for d in ("2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01")
    ]


def test_monthly_last_friday_across_the_start_of_summer_time(charter) -> None:
    ics = build_calendar(charter(review="2027-06-30", frequency="monthly", week="last", weekday="friday", time="16:00"),
                         start=date(2027, 1, 1))  # fmt: skip
    starts = meetings(ics)
    assert starts == [
        local(d, "16:00") for d in ("2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25")
    ]
    assert starts[2].astimezone(UTC).time() == time(15, 0)
    assert starts[3].astimezone(UTC).time() == time(14, 0)


def test_monthly_starts_next_month_when_this_months_day_has_passed(charter) -> None:
    ics = build_calendar(
        charter(review="2027-03-31", frequency="monthly", week="first", weekday="tuesday"), start=date(2026, 12, 2)
    )
    assert [s.date() for s in meetings(ics)] == [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)]


def test_quarterly_every_third_month(charter) -> None:
    # The third Wednesday of November 2026 (the 18th) is past on the 24th: the series starts in December.
    ics = build_calendar(charter(review="2027-12-31", frequency="quarterly", week="third", weekday="wednesday"),
                         start=date(2026, 11, 24))  # fmt: skip
    assert meetings(ics) == [
        local(d, "12:30") for d in ("2026-12-16", "2027-03-17", "2027-06-16", "2027-09-15", "2027-12-15")
    ]


def test_weekly_starts_on_the_start_day_when_it_fits(charter) -> None:
    ics = build_calendar(
        charter(review="2027-02-01", frequency="weekly", weekday="monday", time="08:15"), start=date(2027, 1, 4)
    )
    assert meetings(ics) == [
        local(d, "08:15") for d in ("2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01")
    ]


def test_series_ends_on_the_review_date(charter) -> None:
    # 31 March 2027 is a Wednesday: the meeting that day is the last one, whatever its hour.
    ics = build_calendar(
        charter(review="2027-03-31", frequency="weekly", weekday="wednesday", time="23:00"), start=date(2027, 3, 1)
    )
    starts = meetings(ics)
    assert starts[-1] == local("2027-03-31", "23:00")
    assert [s.date() for s in starts] == [date(2027, 3, d) for d in (3, 10, 17, 24, 31)]
    rule = event(parse(ics), "cadence")["RRULE"]
    assert rule["UNTIL"] == [datetime(2027, 3, 31, 21, 59, 59, tzinfo=UTC)]  # end of the day, Brussels summer time


def test_the_launch_is_the_first_meeting_of_the_series(charter) -> None:
    # Launch on a Thursday: the biweekly Thursdays go on two weeks later, counted from the launch.
    ics = build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    assert [s.date() for s in meetings(ics)][:3] == [date(2026, 10, 22), date(2026, 11, 5), date(2026, 11, 19)]


def test_the_launch_is_the_meeting_of_its_week_or_month(charter) -> None:
    # A launch on Tuesday 6 October: that week's Thursday is skipped, the series counts from the launch's week.
    ics = build_calendar(charter(launch={"date": "2026-10-06"}), start=START)
    assert meetings(ics)[0] == local("2026-10-22", "12:30")
    ics = build_calendar(charter(launch={"date": "2026-10-06"}, frequency="weekly"), start=START)
    assert meetings(ics)[0] == local("2026-10-15", "12:30")
    # Monthly on the last Friday, launched on 1 September: September's meeting is the launch.
    monthly = charter(launch={"date": "2026-09-01"}, frequency="monthly", week="last", weekday="friday")
    assert meetings(build_calendar(monthly, start=START))[0] == local("2026-10-30", "12:30")
    # Quarterly, launched in September: December, March.
    quarterly = charter(launch={"date": "2026-09-01"}, frequency="quarterly", week="first", weekday="monday")
    assert [s.date() for s in meetings(build_calendar(quarterly, start=START))] == [date(2026, 12, 7), date(2027, 3, 1)]


def test_series_keeps_its_weeks_when_the_launch_is_past(charter) -> None:
    # Counted from the launch on 8 October, not from 1 January: the 14th, not the 7th.
    ics = build_calendar(charter(launch={"date": "2026-10-08"}), start=date(2027, 1, 1))
    assert meetings(ics)[0] == local("2027-01-14", "12:30")
    assert event(parse(ics), "launch").start == local("2026-10-08", "12:30")  # the launch stays in the calendar


# --- Launch, review, time zone ----------------------------------------------------------------


def test_launch_is_its_own_event(charter) -> None:
    ics = build_calendar(
        charter(launch={"date": "2026-10-08", "time": "16:00", "location": "Aula", "duration_minutes": 90}), start=START
    )
    launch = event(parse(ics), "launch")
    assert launch.start == local("2026-10-08", "16:00")
    assert launch.end == local("2026-10-08", "17:30")
    assert str(launch["LOCATION"]) == "Aula"
    assert str(launch["SUMMARY"]) == "Testautomatisering gaat van start"
    assert "RRULE" not in launch
    found = recurring_ical_events.of(parse(ics)).between(date(2026, 10, 8), date(2026, 10, 9))
    assert [str(e["UID"]) for e in found] == ["testautomatisering-64f42119-launch@copkit"]


def test_launch_takes_time_place_and_length_from_the_cadence(charter) -> None:
    ics = build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    launch = event(parse(ics), "launch")
    assert (launch.start, launch.end) == (local("2026-10-08", "12:30"), local("2026-10-08", "13:30"))
    assert str(launch["LOCATION"]) == "Vergaderzaal Schelde / Teams"
    # Without any duration the launch gets two hours, as the launch agenda plans it; meetings get one.
    ics = build_calendar(charter(launch={"date": "2026-10-08"}, duration_minutes=None), start=START)
    launch, meetings_ = event(parse(ics), "launch"), event(parse(ics), "cadence")
    assert launch.end - launch.start == timedelta(minutes=120)
    assert meetings_.end - meetings_.start == timedelta(minutes=60)


def test_no_launch_event_without_a_launch_date(charter) -> None:
    ics = build_calendar(charter(launch={"time": "16:00"}), start=START)
    assert [str(e["UID"]) for e in parse(ics).walk("VEVENT")] == [
        "testautomatisering-64f42119-cadence@copkit",
        "testautomatisering-64f42119-review@copkit",
    ]


def test_review_date_is_an_all_day_reminder(charter) -> None:
    ics = build_calendar(charter(), start=START)
    review = event(parse(ics), "review")
    assert b"DTSTART;VALUE=DATE:20270331" in ics
    assert review.start == date(2027, 3, 31) and not isinstance(review.start, datetime)
    assert review.end == date(2027, 4, 1)
    assert str(review["SUMMARY"]) == "Reviewdatum: Testautomatisering"
    assert "31 maart 2027" in str(review["DESCRIPTION"])
    (alarm,) = review.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(days=-7)
    assert str(alarm["DESCRIPTION"])
    found = recurring_ical_events.of(parse(ics)).between(date(2027, 3, 31), date(2027, 4, 1))
    assert [str(e["UID"]) for e in found] == ["testautomatisering-64f42119-review@copkit"]


def test_time_zone_definition_is_included(charter) -> None:
    ics = build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    calendar = parse(ics)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Brussels"
    assert b"DTSTART;TZID=Europe/Brussels:20261022T123000" in ics  # two weeks after the launch
    # The definition itself, not the reader's own database, gives the right offsets on both sides.
    tz = zone.to_tz()
    assert datetime(2026, 10, 15, 12, 30, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 10, 29, 12, 30, tzinfo=tz).utcoffset() == timedelta(hours=1)
    assert datetime(2027, 3, 31, 12, 30, tzinfo=tz).utcoffset() == timedelta(hours=2)
    assert calendar.get_missing_tzids() == set()


def test_without_a_time_zone_times_are_floating(charter) -> None:
    ics = build_calendar(charter(timezone=None, review="2027-03-31"), start=START)
    calendar = parse(ics)
    assert calendar.walk("VTIMEZONE") == []
    assert b"DTSTART:20260903T123000\r\n" in ics
    assert b"UNTIL=20270331T235959;" in ics  # floating too, as RFC 5545 requires with a floating DTSTART
    starts = meetings(ics)
    assert starts[0] == datetime(2026, 9, 3, 12, 30) and starts[0].tzinfo is None
    assert starts[-1] == datetime(2027, 3, 18, 12, 30)


def test_calendar_properties_and_texts(charter) -> None:
    ics = build_calendar(charter(), start=START)
    calendar = parse(ics)
    assert str(calendar["PRODID"]) == "-//copkit//copkit//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    meeting = event(calendar, "cadence")
    assert str(meeting["SUMMARY"]) == "Testautomatisering"
    assert str(meeting["LOCATION"]) == "Vergaderzaal Schelde / Teams"
    assert str(meeting["DESCRIPTION"]) == (
        "Ons doel: Samen betere, snellere en stabielere geautomatiseerde tests schrijven\n\n"
        "Zo doe je mee: Stuur een bericht in het Teams-kanaal\n\n"
        "Gemaakt met copkit op basis van het charter van Testautomatisering."
    )
    assert meeting["DTSTAMP"].dt == datetime(2026, 9, 1, tzinfo=UTC)
    assert all(line.endswith(b"\r") or not line for line in ics.split(b"\n"))  # CRLF line ends


def test_english_texts(charter) -> None:
    ics = build_calendar(charter(launch={"date": "2026-10-08"}), start=START, lang="en")
    calendar = parse(ics)
    assert str(event(calendar, "cadence")["DESCRIPTION"]).startswith("Our purpose: Samen betere")
    assert "How to join: Stuur een bericht" in str(event(calendar, "cadence")["DESCRIPTION"])
    assert str(event(calendar, "launch")["SUMMARY"]) == "Launching Testautomatisering"
    assert str(event(calendar, "review")["SUMMARY"]) == "Review date: Testautomatisering"
    assert "31 March 2027" in str(event(calendar, "review")["DESCRIPTION"])


def test_same_input_same_bytes(charter) -> None:
    one = charter(launch={"date": "2026-10-08"})
    assert build_calendar(one, start=START) == build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    later = build_calendar(one, start=date(2026, 9, 2))
    assert b"DTSTAMP:20260902T000000Z" in later
    assert b"DTSTAMP:20260901T000000Z" not in later


def test_a_zone_is_built_once_per_zone_and_range(charter, monkeypatch) -> None:
    """A site's calendars share a handful of zones: each zone and range is built once, and a
    calendar that reuses it is byte for byte what a fresh build gives."""
    from copkit import ical

    ical._timezone.cache_clear()
    built: list[str] = []
    original = ical.Timezone.from_tzid

    def counting(tzid: str, **kwargs: object) -> object:
        built.append(tzid)
        return original(tzid, **kwargs)

    monkeypatch.setattr(ical.Timezone, "from_tzid", counting)
    first = build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    again = build_calendar(charter(launch={"date": "2026-10-08"}), start=START)
    other = build_calendar(charter(timezone="Europe/Amsterdam"), start=START)
    assert built == ["Europe/Brussels", "Europe/Amsterdam"]
    assert first == again
    ical._timezone.cache_clear()
    assert build_calendar(charter(launch={"date": "2026-10-08"}), start=START) == first
    assert b"TZID:Europe/Amsterdam" in other


# --- What a calendar needs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "message"),
    [
        (
            {"weekday": None, "time": None},
            "the cadence needs a weekday and a time for a calendar: add cadence.weekday and cadence.time",
        ),
        ({"weekday": None}, "the cadence needs a weekday for a calendar: add cadence.weekday"),
        ({"time": None}, "the cadence needs a time for a calendar: add cadence.time"),
        (
            {"frequency": "monthly"},
            "the cadence needs a week of the month for a calendar: add cadence.week (first, second, third, fourth or last)",
        ),
        (
            {"frequency": "quarterly", "weekday": None, "time": None},
            "the cadence needs a weekday, a time and a week of the month for a calendar: "
            "add cadence.weekday, cadence.time and cadence.week (first, second, third, fourth or last)",
        ),
    ],
)
def test_missing_cadence_keys(cadence: dict, message: str, charter) -> None:
    with pytest.raises(CalendarError) as raised:
        build_calendar(charter(**cadence), start=START)
    assert str(raised.value) == message
    assert isinstance(raised.value, CopkitError)  # shown to the user as it is, never a traceback


def test_week_is_not_needed_weekly(charter) -> None:
    build_calendar(charter(frequency="weekly"), start=START)


def test_start_after_the_review_date(charter) -> None:
    with pytest.raises(CalendarError) as raised:
        build_calendar(charter(), start=date(2027, 4, 1))
    assert str(raised.value) == (
        "the calendar would start on 2027-04-01, after the review date 2027-03-31: "
        "review the charter and set a later review_date"
    )


def test_launch_on_or_after_the_review_date(charter) -> None:
    with pytest.raises(CalendarError) as raised:
        build_calendar(charter(launch={"date": "2027-03-31"}), start=START)
    assert (
        str(raised.value)
        == "the launch on 2027-03-31 is not before the review date 2027-03-31: set a later review_date"
    )


def test_no_meeting_before_the_review_date(charter) -> None:
    with pytest.raises(CalendarError) as raised:
        build_calendar(charter(frequency="monthly", week="first", weekday="monday"), start=date(2027, 3, 2))
    assert str(raised.value) == (
        "no meeting falls between 2027-03-02 and the review date 2027-03-31 "
        "(the first would be on 2027-04-05): set a later review_date"
    )


# --- Any rhythm, any start ------------------------------------------------------------------


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@settings(max_examples=40, deadline=None)
@given(
    frequency=st.sampled_from(["weekly", "biweekly", "monthly", "quarterly"]),
    week=st.sampled_from(["first", "second", "third", "fourth", "last"]),
    weekday=st.sampled_from(DAYS),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    start=st.dates(date(2026, 1, 1), date(2027, 1, 31)),
)
def test_every_meeting_fits_the_cadence(
    frequency: str, week: str, weekday: str, at: time, start: date, charter
) -> None:
    review = date(2027, 6, 30)
    # Skip the hour that does not exist when summer time starts; no community meets then.
    if time(2, 0) <= at < time(3, 0):
        at = time(at.hour + 8, at.minute)
    ics = build_calendar(
        charter(review=review.isoformat(), frequency=frequency, week=week, weekday=weekday, time=at.strftime("%H:%M")),
        start=start,
    )
    starts = meetings(ics)
    assert starts, "at least one meeting"
    assert starts[0] == event(parse(ics), "cadence").start
    assert start <= starts[0].date()
    assert starts[-1].date() <= review
    for begin in starts:
        assert begin.astimezone(BRUSSELS).time() == at
        assert DAYS[begin.weekday()] == weekday
    gaps = {(b.date() - a.date()).days for a, b in zip(starts, starts[1:], strict=False)}
    if frequency == "weekly":
        assert gaps <= {7}
    elif frequency == "biweekly":
        assert gaps <= {14}
    else:
        step = 1 if frequency == "monthly" else 3
        months = [(s.year * 12 + s.month) for s in starts]
        assert all(b - a == step for a, b in zip(months, months[1:], strict=False))
        for begin in starts:
            day = begin.date()
            if week == "last":
                assert (day + timedelta(days=7)).month != day.month
            else:
                assert (day.day - 1) // 7 == ("first", "second", "third", "fourth").index(week)


# --- the command ---------------------------------------------------------------------------------


def test_calendar_command_writes_the_file(runner, write, tmp_path, contract_example):
    from copkit.cli import app

    path = write(contract_example)
    target = tmp_path / "cop.ics"
    result = runner.invoke(app, ["calendar", str(path), "--out", str(target), "--from", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}\n"
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    assert [str(event["summary"]) for event in parsed.walk("VEVENT")][0] == "Testautomatisering"
    again = runner.invoke(app, ["calendar", str(path), "--out", str(target), "--from", "2026-11-24"])
    assert again.exit_code == 1 and "exists; nothing written (use --force" in again.output
    assert runner.invoke(app, ["calendar", str(path), "--out", str(target), "--force"]).exit_code == 0


def test_calendar_command_says_what_the_cadence_lacks(runner, write, tmp_path, contract_example):
    from copkit.cli import app

    path = write(contract_example.replace("  weekday: thursday\n", ""))
    result = runner.invoke(app, ["calendar", str(path), "--out", str(tmp_path / "x.ics"), "--from", "2026-11-24"])
    assert result.exit_code == 1
    assert "the cadence needs a weekday for a calendar: add cadence.weekday" in result.output
    assert not (tmp_path / "x.ics").exists()


def test_calendar_command_refuses_an_invalid_charter(runner, write, tmp_path, contract_example):
    from copkit.cli import app

    path = write(contract_example.replace("ambitions:", "ambitons:"))
    result = runner.invoke(app, ["calendar", str(path), "--out", str(tmp_path / "x.ics")])
    assert result.exit_code == 1
    assert f"{path}:12:1: error E020" in result.output
