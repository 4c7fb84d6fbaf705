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
        "next_meeting": "2026-11-26 12:30",  # the rhythm's next slot, though the series ended at the review
        "next_meeting_after_review": True,
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
    result = runner.invoke(
        app, ["status", "--today", today.isoformat(), str(portfolio / "a")], env={"NO_COLOR": "1", "COLUMNS": None}
    )
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
    assert lines[1].split()[:2] == ["Overdue", "start-up"]
    assert "2026-11-26 12:30 (after review)" in lines[1] and "2026-11-01 (overdue 23 d)" in lines[1]
    assert "2026-11-26 12:30" in lines[2] and "2027-03-31 (in 127 d)" in lines[2]


def test_an_overdue_charter_still_shows_when_its_rhythm_meets_next(today, contract_example, replace, charter, write):
    from copkit.checking import check_file
    from copkit.portfolio import row_for

    overdue = write(replace(contract_example, "review_date: 2027-03-31", "review_date: 2026-11-01"))
    row = row_for(check_file(overdue, today=today), today)
    assert (row.next_meeting, row.next_meeting_after_review) == ("2026-11-26 12:30", True)
    current = row_for(check_file(write(contract_example, "current.yaml"), today=today), today)
    assert (current.next_meeting, current.next_meeting_after_review) == ("2026-11-26 12:30", False)
    no_time = row_for(check_file(write(replace(contract_example, "  time: 12:30\n", ""), "t.yaml"), today=today), today)
    assert (no_time.next_meeting, no_time.next_meeting_after_review) == (None, False)


def test_a_path_column_tells_communities_of_one_name_apart(runner, write, contract_example, today):
    first = write(contract_example, "team-a/charter.yaml")
    second = write(contract_example, "team-b/charter.yaml")
    args = ["status", "--today", today.isoformat(), str(first.parent.parent)]
    result = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": None})
    assert result.exit_code == 0
    header = " ".join(line for line in result.output.splitlines() if "Testautomatisering" not in line)
    assert "path" in header.split()
    assert str(first) in result.output and str(second) in result.output  # a path is one word: never cut
    single = runner.invoke(app, [*args[:-1], str(first)], env={"NO_COLOR": "1", "COLUMNS": None})
    assert "path" not in single.output.splitlines()[0].split()  # one name once: no column to spend


@pytest.mark.parametrize("columns", ["80", "100", "120", "60"])
def test_no_date_is_cut_in_a_narrow_terminal(runner, examples, columns):
    import re

    later = "2027-11-24"  # overdue everywhere: the longest cells, with "(after review)"
    data = json.loads(runner.invoke(app, ["status", "--format", "json", "--today", later, str(examples)]).output)
    result = runner.invoke(
        app, ["status", "--today", later, str(examples)], env={"FORCE_COLOR": "1", "COLUMNS": columns}
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.output)
    assert all(len(line) <= int(columns) for line in text.splitlines())
    words = {word.strip(",") for line in text.splitlines() for word in line.split()}
    for row in data["charters"]:
        for key in ("next_meeting", "review_date", "last_meeting", "last_retro"):
            if row[key]:
                assert set(row[key].split()) <= words, (key, row[key])  # each date and time whole on a line
