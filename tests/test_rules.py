"""Coaching rules: one code, one name, one rationale, and a test each that it fires and stays quiet."""

from __future__ import annotations

import re
from datetime import date

import pytest

from copkit import rules
from copkit.checking import check_file

from conftest import CONTRACT_EXAMPLE, TODAY, replace


def warnings(write, text: str, today: date = TODAY):
    result = check_file(write(text), today=today)
    assert result.errors == 0, result.problems
    return [(p.code, p.line, p.column, p.message) for p in result.problems]


def test_registry_codes_are_unique_stable_and_explained():
    for code, rule in rules.REGISTRY.items():
        assert code == rule.code
        assert re.fullmatch(r"[EW]\d{3}", code)
        assert (rule.severity.value == "warning") == code.startswith("W")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.rationale.endswith(".") and len(rule.rationale) < 130
    names = [rule.name for rule in rules.REGISTRY.values()]
    assert len(names) == len(set(names))


def test_the_contract_example_is_good_coaching_practice(write):
    assert warnings(write, CONTRACT_EXAMPLE) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 4, 1), [("W101", 37, 1, "review date 2027-03-31 passed 1 day ago: hold a retrospective and set a new date")]),
        (date(2027, 4, 30), [("W101", 37, 1, "review date 2027-03-31 passed 30 days ago: hold a retrospective and set a new date")]),
        (date(2027, 3, 31), []),
        (date(2026, 3, 30), [("W102", 37, 1, "review date 2027-03-31 is more than a year away: plan a review within twelve months")]),
        (date(2026, 3, 31), []),
    ],
)
def test_review_date_rules_take_today_as_a_parameter(write, today, expected):
    assert warnings(write, CONTRACT_EXAMPLE, today) == expected


def test_a_year_after_a_leap_day_is_the_28th_of_february(write):
    text = replace(CONTRACT_EXAMPLE, "review_date: 2027-03-31", "review_date: 2025-02-28")
    assert warnings(write, text, date(2024, 2, 29)) == []
    later = replace(CONTRACT_EXAMPLE, "review_date: 2027-03-31", "review_date: 2025-03-01")
    assert [code for code, *_ in warnings(write, later, date(2024, 2, 29))] == ["W102"]


@pytest.mark.parametrize(
    ("role", "code"),
    [("  leader: {name: Jonas Maes, time_percent: 15}\n", "W103"), ("  coach: Sara De Smet\n", "W104"),
     ("  sponsor: {name: An Peeters, email: an.peeters@example.org}\n", "W105")],
)
def test_missing_roles(write, role, code):
    found = warnings(write, replace(CONTRACT_EXAMPLE, role, ""))
    assert [(c, line) for c, line, _, _ in found] == [(code, 22)]


def test_one_person_holding_leader_coach_and_coordinator(write):
    text = replace(CONTRACT_EXAMPLE, "  coach: Sara De Smet", "  coach: jonas maes")
    text = replace(text, "  coordinator: [Lotte Claes, Wout Janssens]", "  coordinator: [Lotte Claes, Jonas Maes]")
    assert warnings(write, text) == [
        ("W106", 24, 3, "Jonas Maes is leader, coach and coordinator at once: share these roles with others")
    ]
    two_of_three = replace(CONTRACT_EXAMPLE, "  coach: Sara De Smet", "  coach: Jonas Maes")
    assert warnings(write, two_of_three) == []


@pytest.mark.parametrize(("share", "fires"), [(5, True), (9.5, True), (10, False), (25, False), (30, True)])
def test_leader_time_share(write, share, fires):
    found = warnings(write, replace(CONTRACT_EXAMPLE, "time_percent: 15", f"time_percent: {share}"))
    expected = [("W107", 24, 30, f"Jonas Maes gives {share:g} % of working time to leading: plan for 10 to 25 %")]
    assert found == (expected if fires else [])


def test_value_without_behaviour(write):
    text = replace(CONTRACT_EXAMPLE, "  - value: Openheid\n", "  - Moed\n  - value: Openheid\n")
    assert warnings(write, text) == [
        ("W108", 10, 5, "value 'Moed' has no behaviour: add what members do because of it")
    ]


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("  weekday: thursday\n", "", "weekday"),
        ("  time: 12:30\n", "", "time"),
        ("  weekday: thursday\n  time: 12:30\n", "", "weekday and time"),
        ("frequency: biweekly", "frequency: monthly", "week"),
    ],
)
def test_cadence_without_a_fixed_slot(write, old, new, missing):
    found = warnings(write, replace(CONTRACT_EXAMPLE, old, new))
    assert found == [("W109", 14, 1, f"the cadence has no fixed slot: add {missing}")]


def test_monthly_cadence_with_a_week_has_a_slot(write):
    text = replace(CONTRACT_EXAMPLE, "frequency: biweekly", "frequency: monthly\n  week: last")
    assert warnings(write, text) == []


def test_no_how_to_join(write):
    text = replace(CONTRACT_EXAMPLE, "  how_to_join: Stuur een bericht in het Teams-kanaal\n", "")
    assert warnings(write, text) == [("W110", 27, 1, "no membership.how_to_join: say how a colleague can join")]
    no_membership = replace(text, "membership:\n  access: open\n", "")
    assert [code for code, *_ in warnings(write, no_membership)] == ["W110"]


def test_criterion_without_measure_or_target(write):
    text = replace(CONTRACT_EXAMPLE, "    target: 60%\n", "    target: 60%\n  - Plezier\n")
    assert warnings(write, text) == [
        ("W111", 37, 5, "criterion 'Plezier' has no measure or target: say how you will tell at the review")
    ]


@pytest.mark.parametrize(("months", "fires"), [(1, True), (3, False), (6, False), (12, True)])
def test_member_rotation(write, months, fires):
    text = replace(CONTRACT_EXAMPLE, "  access: open", f"  access: open\n  rotation_months: {months}")
    found = warnings(write, text)
    assert found == ([("W112", 29, 3, f"members rotate every {months} months: 3 to 6 months works best")] if fires else [])


def test_launch_after_review(write):
    late = CONTRACT_EXAMPLE + "launch:\n  date: 2027-04-15\n"
    assert warnings(write, late) == [
        ("W113", 39, 3, "the launch on 2027-04-15 is after the review date 2027-03-31: move one of them")
    ]
    assert warnings(write, CONTRACT_EXAMPLE + "launch:\n  date: 2027-01-15\n") == []


def test_every_coaching_rule_is_tested_here():
    source = open(__file__, encoding="utf-8").read()
    untested = [rule.code for rule in rules.warning_rules() if f'"{rule.code}"' not in source]
    assert untested == []


def test_ignored_rules_stay_quiet(write):
    text = replace(CONTRACT_EXAMPLE, "  coach: Sara De Smet\n", "")
    result = check_file(write(text), today=TODAY, ignore=frozenset({"W104"}))
    assert result.problems == []


def test_a_value_cut_short_by_a_comment_is_flagged(write):
    text = replace(CONTRACT_EXAMPLE, "  how_to_join: Stuur een bericht in het Teams-kanaal",
                   "  how_to_join: Vraag het in #testen op Teams # en dit is commentaar")
    assert warnings(write, text) == [
        ("W114", 29, 16, "the value stops at 'Vraag het in': YAML reads the '#' after it as a comment; "
                         "quote the whole value if the '#…' belongs to it")
    ]
    quoted = replace(CONTRACT_EXAMPLE, "  how_to_join: Stuur een bericht in het Teams-kanaal",
                     '  how_to_join: "Vraag het in #testen"  # een echt commentaar')
    assert warnings(write, quoted) == []
    result = check_file(write(text), today=TODAY, ignore=frozenset({"W114"}))
    assert result.problems == []


@pytest.mark.parametrize(
    ("cadence_minutes", "launch", "phase", "expected"),
    [
        (45, "", "start-up", [("W115", 18, 3)]),
        (45, "launch:\n  duration_minutes: 90\n", "start-up", []),
        (60, "launch:\n  duration_minutes: 30\n", "initiate", [("W115", 39, 3)]),
        (30, "", "operate", []),
    ],
)
def test_launch_too_short(write, cadence_minutes, launch, phase, expected):
    text = replace(CONTRACT_EXAMPLE, "duration_minutes: 60", f"duration_minutes: {cadence_minutes}")
    text = replace(text, "phase: start-up", f"phase: {phase}") + launch
    assert [(code, line, column) for code, line, column, _ in warnings(write, text)] == expected
