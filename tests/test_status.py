"""`copkit status`: every community at a glance, most urgent first, in a table or as JSON."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from copkit.ical import meeting_days
from copkit.cli import app
from copkit.portfolio import next_meeting, status

from conftest import CONTRACT_EXAMPLE, charter_from, replace

TODAY = date(2026, 11, 24)  # a Tuesday


charter = charter_from


def test_meeting_days_follow_the_cadence_to_the_review_date():
    biweekly = list(meeting_days(charter(), TODAY))
    assert biweekly[:3] == [date(2026, 11, 26), date(2026, 12, 10), date(2026, 12, 24)]
    assert (len(biweekly), biweekly[-1]) == (9, date(2027, 3, 18))  # the next, 1 April, is after the review
    monthly = replace(CONTRACT_EXAMPLE, "frequency: biweekly", "frequency: monthly\n  week: last")
    assert list(meeting_days(charter(monthly), TODAY)) == [
        date(2026, 11, 26), date(2026, 12, 31), date(2027, 1, 28), date(2027, 2, 25), date(2027, 3, 25),
    ]
    quarterly = replace(CONTRACT_EXAMPLE, "frequency: biweekly", "frequency: quarterly\n  week: first")
    assert list(meeting_days(charter(quarterly), TODAY)) == [date(2026, 12, 3), date(2027, 3, 4)]


def test_next_meeting_is_the_launch_while_it_is_ahead():
    launching = charter(CONTRACT_EXAMPLE + "launch:\n  date: 2027-01-14\n  time: '16:00'\n")
    assert next_meeting(launching, TODAY) == datetime(2027, 1, 14, 16, 0)
    assert next_meeting(launching, date(2027, 1, 15)) == datetime(2027, 1, 21, 12, 30)


def test_no_next_meeting_without_a_slot_or_after_the_review():
    assert next_meeting(charter(replace(CONTRACT_EXAMPLE, "  time: 12:30\n", "")), TODAY) is None
    assert next_meeting(charter(), date(2027, 4, 1)) is None


@pytest.fixture
def portfolio(write):
    write(CONTRACT_EXAMPLE, "a/testautomatisering.yaml")
    overdue = replace(CONTRACT_EXAMPLE, "name: Testautomatisering", "name: Overdue")
    write(replace(overdue, "review_date: 2027-03-31", "review_date: 2026-11-01"), "a/overdue.yaml")
    vacant = replace(CONTRACT_EXAMPLE, "name: Testautomatisering", "name: Vacant")
    write(replace(vacant, "  coach: Sara De Smet\n", ""), "b/vacant.yaml")
    return write(replace(CONTRACT_EXAMPLE, "ambitions:", "ambitons:"), "b/broken.yaml").parent.parent


def test_most_urgent_first(portfolio):
    rows = status([portfolio], TODAY)
    assert [(row.name, row.errors, row.days_left, row.vacant_roles) for row in rows] == [
        ("broken", 2, None, []),
        ("Overdue", 0, -23, []),
        ("Vacant", 0, 127, ["coach"]),
        ("Testautomatisering", 0, 127, []),
    ]
    assert rows[1].warnings == 1  # W101: review date passed


def test_status_command_json_and_exit_status(runner, portfolio):
    result = runner.invoke(app, ["status", "--format", "json", "--today", TODAY.isoformat(), str(portfolio)])
    assert result.exit_code == 1  # a broken charter gates CI
    report = json.loads(result.output)
    assert report["today"] == "2026-11-24"
    first, second = report["charters"][:2]
    assert (first["name"], first["errors"]) == ("broken", 2)
    assert second == {
        "path": str(portfolio / "a" / "overdue.yaml"), "name": "Overdue", "phase": "start-up",
        "next_meeting": None, "review_date": "2026-11-01", "days_left": -23, "vacant_roles": [],
        "errors": 0, "warnings": 1,
    }


def test_status_command_table(runner, portfolio):
    result = runner.invoke(app, ["status", "--today", TODAY.isoformat(), str(portfolio / "a")], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["community", "phase", "next", "meeting", "review", "vacant", "roles", "errors", "warnings"]
    assert lines[1].split()[:3] == ["Overdue", "start-up", "—"]
    assert "2026-11-01 (overdue 23 d)" in lines[1]
    assert "2026-11-26 12:30" in lines[2] and "2027-03-31 (in 127 d)" in lines[2]
