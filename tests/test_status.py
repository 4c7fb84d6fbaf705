"""`copkit status`: every community at a glance, most urgent first, in a table or as JSON."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from copkit.cli import app
from copkit.portfolio import next_meeting, status
from copkit.schedule import meetings_from

# conftest's today, 2026-11-24, is a Tuesday.


@pytest.fixture(scope="session")
def charter(charter_from):
    """``charter(text=contract_example)``: the charter a YAML text holds."""
    return charter_from


def test_meeting_days_follow_the_cadence_to_the_review_date(replace, today, contract_example, charter):
    biweekly = list(meetings_from(charter(), today))
    assert biweekly[:3] == [date(2026, 11, 26), date(2026, 12, 10), date(2026, 12, 24)]
    assert (len(biweekly), biweekly[-1]) == (9, date(2027, 3, 18))  # the next, 1 April, is after the review
    monthly = replace(contract_example, "frequency: biweekly", "frequency: monthly\n  week: last")
    assert list(meetings_from(charter(monthly), today)) == [
        date(2026, 11, 26),
        date(2026, 12, 31),
        date(2027, 1, 28),
        date(2027, 2, 25),
        date(2027, 3, 25),
    ]
    quarterly = replace(contract_example, "frequency: biweekly", "frequency: quarterly\n  week: first")
    assert list(meetings_from(charter(quarterly), today)) == [date(2026, 12, 3), date(2027, 3, 4)]


def test_next_meeting_is_the_launch_while_it_is_ahead(today, contract_example, charter):
    launching = charter(contract_example + "launch:\n  date: 2027-01-14\n  time: '16:00'\n")
    assert next_meeting(launching, today) == datetime(2027, 1, 14, 16, 0)
    # The launch is the first meeting: the biweekly series goes on two weeks after it.
    assert next_meeting(launching, date(2027, 1, 15)) == datetime(2027, 1, 28, 12, 30)


def test_no_next_meeting_without_a_slot_or_after_the_review(replace, today, contract_example, charter):
    assert next_meeting(charter(replace(contract_example, "  time: 12:30\n", "")), today) is None
    assert next_meeting(charter(), date(2027, 4, 1)) is None


@pytest.fixture
def portfolio(write, replace, contract_example):
    write(contract_example, "a/testautomatisering.yaml")
    overdue = replace(contract_example, "name: Testautomatisering", "name: Overdue")
    write(replace(overdue, "review_date: 2027-03-31", "review_date: 2026-11-01"), "a/overdue.yaml")
    vacant = replace(contract_example, "name: Testautomatisering", "name: Vacant")
    write(replace(vacant, "  coach: Sara De Smet\n", ""), "b/vacant.yaml")
    return write(replace(contract_example, "ambitions:", "ambitons:"), "b/broken.yaml").parent.parent


def test_most_urgent_first(portfolio, today):
    rows = status([portfolio], today)
    assert [(row.name, row.errors, row.days_left, row.vacant_roles) for row in rows] == [
        ("broken", 2, None, []),
        ("Overdue", 0, -23, []),
        ("Vacant", 0, 127, ["coach"]),
        ("Testautomatisering", 0, 127, []),
    ]
    assert rows[1].warnings == 1  # W101: review date passed


def test_status_command_json_and_exit_status(runner, portfolio, today):
    result = runner.invoke(app, ["status", "--format", "json", "--today", today.isoformat(), str(portfolio)])
    assert result.exit_code == 1  # a broken charter gates CI
    report = json.loads(result.output)
    assert report["today"] == "2026-11-24"
    first, second = report["charters"][:2]
    assert (first["name"], first["errors"]) == ("broken", 2)
    assert second == {
        "path": str(portfolio / "a" / "overdue.yaml"),
        "name": "Overdue",
        "phase": "start-up",
        "next_meeting": None,
        "review_date": "2026-11-01",
        "days_left": -23,
        "vacant_roles": [],
        "last_meeting": None,  # no journal yet
        "attendance": None,
        "attendance_trend": None,
        "open_actions": 0,
        "overdue_actions": 0,
        "last_retro": None,
        "errors": 0,
        "warnings": 1,
    }


def test_status_command_table(runner, portfolio, today):
    result = runner.invoke(app, ["status", "--today", today.isoformat(), str(portfolio / "a")], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "community",
        "phase",
        "next",
        "meeting",
        "review",
        "vacant",
        "roles",
        "last",
        "meeting",
        "open",
        "actions",
        "last",
        "retro",
        "errors",
        "warnings",
    ]
    assert lines[1].split()[:3] == ["Overdue", "start-up", "—"]
    assert "2026-11-01 (overdue 23 d)" in lines[1]
    assert "2026-11-26 12:30" in lines[2] and "2027-03-31 (in 127 d)" in lines[2]
