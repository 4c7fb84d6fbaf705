"""Rules: one code, one name, one rationale; a check for every warning that fires and stays quiet;
thresholds named once; one runner, one --ignore.

No test here counts the lines of the shared charter: a diagnostic's position is compared with
where the text it is about is written (``locate``), so editing the fixture breaks nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from copkit import rules
from copkit.checking import check_file
from copkit.cli import app
from copkit.rules import catalogue, coaching
from copkit.yamlfile import parse

CUT = "  how_to_join: Vraag het in #testen op Teams # en dit is commentaar"
CUT_MESSAGE = (
    "the value stops at 'Vraag het in': YAML reads the '#' after it as a comment; "
    "quote the whole value if the '#…' belongs to it"
)


@pytest.fixture
def check(write, today):
    """``check(text)``: the (code, line, column, message) of every problem in a charter that must
    have no errors, checked on ``today`` unless told otherwise."""

    def _check(text: str, on: date | None = None, ignore: frozenset[str] = frozenset()):
        result = check_file(write(text), today=on or today, ignore=ignore)
        assert result.errors == 0, result.problems
        return [(p.code, p.line, p.column, p.message) for p in result.problems]

    return _check


@pytest.fixture
def codes(check):
    """``codes(text)``: only the codes of the warnings, in the order they are shown."""
    return lambda text, on=None, ignore=frozenset(): [code for code, *_ in check(text, on, ignore)]


# --- The catalogue -------------------------------------------------------------------------------


def test_codes_are_unique_well_formed_and_explained():
    assert len(rules.REGISTRY) == len({rule.code for rule in rules.REGISTRY.values()})
    for code, rule in rules.REGISTRY.items():
        assert code == rule.code
        assert re.fullmatch(r"^[EW]\d{3}$", code)
        assert (rule.severity.value == "warning") == code.startswith("W")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.rationale.endswith(".") and len(rule.rationale) < 130
    names = [rule.name for rule in rules.REGISTRY.values()]
    assert len(names) == len(set(names))


def test_every_warning_has_one_check_and_every_check_a_catalogue_entry():
    # W301 (unused-noqa) is reported by copkit.noqa, about the comments, not by a check
    warnings = {rule.code for rule in rules.warning_rules()} - {rules.UNUSED_NOQA.code}
    kinds = [set(rules.CHARTER_CHECKS), set(rules.FILE_CHECKS), set(rules.JOURNAL_CHECKS)]
    assert sum(map(len, kinds)) == len(set().union(*kinds))  # one check per code, of one kind
    checked_errors = set(rules.coaching.CHECKED_ERRORS)
    assert set().union(*kinds) == warnings | checked_errors == rules.checked_codes()
    errors = {rule.code for rule in rules.error_rules()}
    assert checked_errors <= errors  # a few errors need the whole charter (E026), the rest the model
    assert (errors - checked_errors).isdisjoint(rules.checked_codes())
    assert set(rules.FILE_CHECKS) == {rules.CUT_BY_COMMENT.code}


def test_the_rest_of_copkit_finds_the_catalogue_where_it_was():
    assert rules.Rule is catalogue.Rule and rules.REGISTRY is catalogue.REGISTRY
    assert (rules.MISSING_KEY.code, rules.CUT_BY_COMMENT.code, rules.YAML_SYNTAX.code) == ("E021", "W114", "E010")
    assert rules.REGISTRY["W114"] is rules.CUT_BY_COMMENT


def test_the_published_order_of_codes_is_kept():
    """SARIF refers to rules by index: the errors, then W114, then the coaching rules."""
    assert list(rules.REGISTRY) == [
        "E001",
        "E002",
        "E003",
        "E010",
        "E011",
        "E012",
        "E013",
        "E014",
        "E020",
        "E021",
        "E022",
        "E023",
        "E024",
        "W114",
        "W101",
        "W102",
        "W103",
        "W104",
        "W105",
        "W106",
        "W107",
        "W108",
        "W109",
        "W110",
        "W111",
        "W112",
        "W113",
        "W115",
        "E025",
        "E026",
        "E027",
        "E028",
        "W201",
        "W202",
        "W203",
        "W204",
        "W205",
        "W206",
        "W207",
        "W116",
        "W301",
    ]


@pytest.mark.parametrize("module", ["copkit.rules.catalogue", "copkit.rules"])
def test_the_catalogue_imports_neither_the_model_nor_templates(module):
    code = f"import sys, {module}\nprint(sorted(m for m in ('pydantic', 'jinja2', 'copkit.model') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


# --- Thresholds: named once, used by rationale, condition and message -------------------------------


def test_each_rationale_states_its_thresholds():
    assert f"{catalogue.LEADER_SHARE_MIN} to {catalogue.LEADER_SHARE_MAX} percent" in rules.LEADER_TIME_SHARE.rationale
    assert (
        f"{catalogue.ROTATION_MIN_MONTHS} to {catalogue.ROTATION_MAX_MONTHS} months" in rules.MEMBER_ROTATION.rationale
    )
    assert f"at least {catalogue.LAUNCH_MIN_MINUTES} minutes" in rules.LAUNCH_TOO_SHORT.rationale
    assert f"more than {catalogue.as_period(catalogue.REVIEW_HORIZON_MONTHS)} away" in rules.REVIEW_DATE_FAR.rationale


def test_the_checks_use_the_catalogue_thresholds():
    for name in (
        "LEADER_SHARE_MIN",
        "LEADER_SHARE_MAX",
        "ROTATION_MIN_MONTHS",
        "ROTATION_MAX_MONTHS",
        "LAUNCH_MIN_MINUTES",
        "REVIEW_HORIZON_MONTHS",
    ):
        assert getattr(coaching, name) == getattr(catalogue, name) == getattr(rules, name)


def test_a_launch_without_a_length_plans_one_long_enough():
    from copkit.model import DEFAULT_LAUNCH_MINUTES

    assert DEFAULT_LAUNCH_MINUTES >= catalogue.LAUNCH_MIN_MINUTES


def test_leader_share_condition_and_message_follow_the_constants(check, contract_example, monkeypatch):
    text = contract_example  # a leader at 15 %
    assert check(text) == []
    monkeypatch.setattr(coaching, "LEADER_SHARE_MIN", 20)
    monkeypatch.setattr(coaching, "LEADER_SHARE_MAX", 30)
    ((code, *_, message),) = check(text)
    assert code == "W107" and message.endswith("plan for 20 to 30 %")


def test_rotation_condition_and_message_follow_the_constants(check, contract_example, edit, monkeypatch):
    text = edit(contract_example, "  access: open", "  access: open\n  rotation_months: 12")
    ((_, *_, message),) = check(text)
    assert message == "members rotate every 12 months: 3 to 6 months works best"
    monkeypatch.setattr(coaching, "ROTATION_MAX_MONTHS", 12)
    assert check(text) == []
    monkeypatch.setattr(coaching, "ROTATION_MIN_MONTHS", 13)
    monkeypatch.setattr(coaching, "ROTATION_MAX_MONTHS", 18)
    ((_, *_, message),) = check(text)
    assert message == "members rotate every 12 months: 13 to 18 months works best"


def test_launch_length_condition_and_message_follow_the_constant(check, contract_example, monkeypatch):
    assert check(contract_example) == []  # a start-up with 60-minute meetings
    monkeypatch.setattr(coaching, "LAUNCH_MIN_MINUTES", 90)
    ((code, *_, message),) = check(contract_example)
    assert code == "W115" and "the launch would last 60 minutes: give it at least 90 " in message


def test_review_horizon_condition_and_message_follow_the_constant(check, contract_example, monkeypatch):
    on = date(2026, 9, 1)  # the review on 2027-03-31 is seven months away
    assert check(contract_example, on) == []
    monkeypatch.setattr(coaching, "REVIEW_HORIZON_MONTHS", 6)
    ((code, *_, message),) = check(contract_example, on)
    assert (code, message) == (
        "W102",
        "review date 2027-03-31 is more than six months away: plan a review within six months",
    )
    monkeypatch.setattr(coaching, "REVIEW_HORIZON_MONTHS", 24)
    assert check(contract_example, date(2025, 3, 31)) == []
    assert check(contract_example, date(2025, 3, 30))[0][3] == (
        "review date 2027-03-31 is more than two years away: plan a review within 24 months"
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 12, date(2027, 3, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(9999, 6, 1), 12, date.max),
    ],
)
def test_months_after_keeps_the_day_or_takes_the_last_of_a_shorter_month(day, months, expected):
    assert coaching.months_after(day, months) == expected


# --- Each warning fires where it should, and stays quiet otherwise -------------------------------------


def test_the_contract_example_is_good_coaching_practice(check, contract_example):
    assert check(contract_example) == []


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            date(2027, 4, 1),
            ("W101", "review date 2027-03-31 passed 1 day ago: hold a retrospective and set a new date"),
        ),
        (
            date(2027, 4, 30),
            ("W101", "review date 2027-03-31 passed 30 days ago: hold a retrospective and set a new date"),
        ),
        (date(2027, 3, 31), None),
        (
            date(2026, 3, 30),
            ("W102", "review date 2027-03-31 is more than a year away: plan a review within twelve months"),
        ),
        (date(2026, 3, 31), None),
    ],
)
def test_review_date_rules_take_today_as_a_parameter(check, contract_example, locate, on, expected):
    found = check(contract_example, on)
    if expected is None:
        assert found == []
    else:
        code, message = expected
        assert found == [(code, *locate(contract_example, "review_date:"), message)]


def test_a_year_after_a_leap_day_is_the_28th_of_february(codes, contract_example, edit):
    text = edit(contract_example, "review_date: 2027-03-31", "review_date: 2025-02-28")
    assert codes(text, date(2024, 2, 29)) == []
    later = edit(contract_example, "review_date: 2027-03-31", "review_date: 2025-03-01")
    assert codes(later, date(2024, 2, 29)) == ["W102"]


@pytest.mark.parametrize(
    ("role", "code", "message"),
    [
        (
            "  leader: {name: Jonas Maes, time_percent: 15}\n",
            "W103",
            "no leader: name who sets the agenda with members and welcomes newcomers",
        ),
        ("  coach: Sara De Smet\n", "W104", "no coach: name who helps the community mature and steer itself"),
        (
            "  sponsor: {name: An Peeters, email: an.peeters@example.org}\n",
            "W105",
            "no sponsor: name who backs the community from management and attends the launch",
        ),
    ],
)
def test_missing_roles(check, contract_example, edit, locate, role, code, message):
    text = edit(contract_example, role, "")
    assert check(text) == [(code, *locate(text, "roles:"), message)]


def test_one_person_holding_leader_coach_and_coordinator(check, contract_example, edit, locate):
    text = edit(contract_example, "  coach: Sara De Smet", "  coach: jonas maes")
    text = edit(text, "  coordinator: [Lotte Claes, Wout Janssens]", "  coordinator: [Lotte Claes, Jonas Maes]")
    assert check(text) == [
        (
            "W106",
            *locate(text, "leader:"),
            "Jonas Maes is leader, coach and coordinator at once: share these roles with others",
        )
    ]
    two_of_three = edit(contract_example, "  coach: Sara De Smet", "  coach: Jonas Maes")
    assert check(two_of_three) == []


@pytest.mark.parametrize(("share", "fires"), [(5, True), (9.5, True), (10, False), (25, False), (30, True)])
def test_leader_time_share(check, contract_example, edit, locate, share, fires):
    text = edit(contract_example, "time_percent: 15", f"time_percent: {share}")
    expected = (
        "W107",
        *locate(text, "time_percent:"),
        f"Jonas Maes gives {share:g} % of working time to leading: plan for 10 to 25 %",
    )
    assert check(text) == ([expected] if fires else [])


def test_value_without_behaviour(check, contract_example, edit, locate):
    text = edit(contract_example, "  - value: Openheid\n", "  - Moed\n  - value: Openheid\n")
    assert check(text) == [
        ("W108", *locate(text, "Moed"), "value 'Moed' has no behaviour: add what members do because of it")
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
def test_cadence_without_a_fixed_slot(check, contract_example, edit, locate, old, new, missing):
    text = edit(contract_example, old, new)
    assert check(text) == [("W109", *locate(text, "cadence:"), f"the cadence has no fixed slot: add {missing}")]


def test_monthly_cadence_with_a_week_has_a_slot(check, contract_example, edit):
    text = edit(contract_example, "frequency: biweekly", "frequency: monthly\n  week: last")
    assert check(text) == []


def test_no_how_to_join(check, codes, contract_example, edit, locate):
    text = edit(contract_example, "  how_to_join: Stuur een bericht in het Teams-kanaal\n", "")
    assert check(text) == [
        ("W110", *locate(text, "membership:"), "no membership.how_to_join: say how a colleague can join")
    ]
    no_membership = edit(text, "membership:\n  access: open\n", "")
    assert codes(no_membership) == ["W110"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_placeholders_left_from_the_draft(check, lang, today, locate):
    """The draft's placeholders (people, an address, a link) in either language, at each value's line."""
    from copkit.charter_file import example, write_charter

    text = write_charter(example(lang, today))
    found = [(code, line, message) for code, line, _column, message in check(text)]
    names = {
        "en": ["Name of the sponsor", "Name of the leader", "Name of the coach", "Name of the coordinator"],
        "nl": ["Naam van de sponsor", "Naam van de leider", "Naam van de coach", "Naam van de coördinator"],
    }[lang]
    address = {"en": "name@example.org", "nl": "naam@example.org"}[lang]
    expected = [("name", name) for name in names] + [("e-mail address", address), ("link", "https://…")]
    assert found == [
        (
            "W116",
            locate(text, f"{'email' if what == 'e-mail address' else 'url' if what == 'link' else 'name'}: {value}")[0],
            f"'{value}' is the draft's placeholder: fill in the real {what} or leave it out",
        )
        for what, value in expected
    ]


def test_placeholders_are_found_whatever_the_case_and_the_language_of_the_charter(check, codes, contract_example, edit):
    # an English placeholder in a Dutch charter, in capitals, as a plain string and in a list
    text = edit(contract_example, "  coach: Sara De Smet\n", "  coach: NAME OF THE COACH\n")
    text = edit(
        text, "  coordinator: [Lotte Claes, Wout Janssens]\n", "  coordinator: [Lotte Claes, Naam van de coördinator]\n"
    )
    assert codes(text) == ["W116", "W116"]
    assert codes(text, ignore=frozenset({"W116"})) == []
    # a real person on the example domain is nobody's placeholder
    assert codes(edit(contract_example, "an.peeters@example.org", "an@example.org")) == []


def test_the_placeholders_are_read_from_the_catalogue_as_gettext_reads_it():
    """The rule reads the .po itself (no Babel in `copkit check`): it must agree with gettext."""
    from copkit.i18n import translations
    from copkit.rules import placeholders

    for lang in ("nl",):
        read = placeholders._po_strings(lang)
        assert read == {message: translations(lang).gettext(message) for message in placeholders.MESSAGES}


def test_criterion_without_measure_or_target(check, contract_example, edit, locate):
    text = edit(contract_example, "    target: 60%\n", "    target: 60%\n  - Plezier\n")
    assert check(text) == [
        (
            "W111",
            *locate(text, "Plezier"),
            "criterion 'Plezier' has no measure or target: say how you will tell at the review",
        )
    ]


@pytest.mark.parametrize(("months", "fires"), [(1, True), (3, False), (6, False), (12, True)])
def test_member_rotation(check, contract_example, edit, locate, months, fires):
    text = edit(contract_example, "  access: open", f"  access: open\n  rotation_months: {months}")
    expected = (
        "W112",
        *locate(text, "rotation_months:"),
        f"members rotate every {months} months: 3 to 6 months works best",
    )
    assert check(text) == ([expected] if fires else [])


def test_launch_after_review(check, contract_example, locate):
    late = contract_example + "launch:\n  date: 2027-04-15\n"
    assert check(late) == [
        (
            "W113",
            *locate(late, "date: 2027-04-15"),
            "the launch on 2027-04-15 is after the review date 2027-03-31: move one of them",
        )
    ]
    assert check(contract_example + "launch:\n  date: 2027-01-15\n") == []


@pytest.mark.parametrize(
    ("cadence_minutes", "launch", "phase", "at"),
    [
        (45, "", "start-up", "duration_minutes: 45"),
        (45, "launch:\n  duration_minutes: 90\n", "start-up", None),
        (60, "launch:\n  duration_minutes: 30\n", "initiate", "duration_minutes: 30"),
        (30, "", "operate", None),
    ],
)
def test_launch_too_short(check, contract_example, edit, locate, cadence_minutes, launch, phase, at):
    text = edit(contract_example, "duration_minutes: 60", f"duration_minutes: {cadence_minutes}")
    text = edit(text, "phase: start-up", f"phase: {phase}") + launch
    found = [(code, line, column) for code, line, column, _ in check(text)]
    assert found == ([("W115", *locate(text, at))] if at else [])


def test_a_value_cut_short_by_a_comment_is_flagged(check, contract_example, edit, locate):
    text = edit(contract_example, "  how_to_join: Stuur een bericht in het Teams-kanaal", CUT)
    assert check(text) == [("W114", *locate(text, "Vraag het in"), CUT_MESSAGE)]
    quoted = edit(
        contract_example,
        "  how_to_join: Stuur een bericht in het Teams-kanaal",
        '  how_to_join: "Vraag het in #testen"  # een echt commentaar',
    )
    assert check(quoted) == []


def test_a_value_cut_short_is_flagged_in_a_charter_with_errors_too(write, contract_example, edit, locate):
    text = edit(edit(contract_example, "  how_to_join: Stuur een bericht in het Teams-kanaal", CUT), "name: ", "nam: ")
    result = check_file(write(text), today=date(2026, 11, 24))
    assert result.charter is None
    assert ("W114", *locate(text, "Vraag het in")) in [(p.code, p.line, p.column) for p in result.problems]


def test_every_warning_is_tested_here():
    """Here, or for the journal's rules in test_journal.py, or for suppression in test_config.py."""
    source = "".join(
        Path(__file__).with_name(name).read_text(encoding="utf-8")
        for name in ("test_rules.py", "test_journal.py", "test_config.py")
    )
    untested = [rule.code for rule in rules.warning_rules() if f'"{rule.code}"' not in source]
    assert untested == []


# --- One runner, one --ignore ------------------------------------------------------------------------


def test_the_loader_notes_cut_values_and_leaves_the_verdict_to_the_runner(contract_example, edit, today):
    text = edit(contract_example, "  how_to_join: Stuur een bericht in het Teams-kanaal", CUT)
    document = parse(text, "charter.yaml")
    assert document.problems == []
    assert document.cut_by_comment == [("membership", "how_to_join")]
    found = rules.run_checks(document, None, "charter.yaml", today=today)
    assert [(p.code, p.message) for p in found] == [("W114", CUT_MESSAGE)]
    assert rules.run_checks(document, None, "charter.yaml", today=today, ignore={"W114"}) == []


def test_ignoring_a_code_silences_exactly_that_warning(codes, contract_example, edit):
    text = edit(contract_example, "  coach: Sara De Smet\n", "")
    text = edit(text, "  how_to_join: Stuur een bericht in het Teams-kanaal", CUT)
    text = edit(text, "time_percent: 15", "time_percent: 40")
    everything = codes(text)
    assert sorted(everything) == ["W104", "W107", "W114"]
    for code in everything:
        assert codes(text, ignore=frozenset({code})) == [other for other in everything if other != code]
    assert codes(text, ignore=frozenset(everything)) == []


@pytest.mark.parametrize("ignore", [[], ["--ignore", "W114"], ["--ignore", "w105,W114"]])
def test_ignore_w114_on_the_command_line(runner, write, contract_example, edit, today, ignore):
    path = write(edit(contract_example, "  how_to_join: Stuur een bericht in het Teams-kanaal", CUT))
    env = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    result = runner.invoke(app, ["check", "--today", today.isoformat(), *ignore, str(path)], env=env)
    assert result.exit_code == 0, result.output
    if ignore:
        assert result.output == "1 file checked: no problems\n"
    else:
        assert f" warning W114 {CUT_MESSAGE}" in result.output
        assert "1 warning" in result.output


# --- E026: a launch too short to hold its required steps ------------------------------------------


@pytest.mark.parametrize("minutes", [15, 20, 25])
def test_a_launch_too_short_for_any_plan_is_an_error_at_its_length(write, contract_example, edit, locate, minutes):
    text = edit(contract_example, "duration_minutes: 60", f"duration_minutes: {minutes}")
    result = check_file(write(text), today=date(2026, 1, 1))
    found = [(p.code, p.line, p.column) for p in result.problems if p.code in ("E026", "W115")]
    assert found == [("E026", *locate(text, f"duration_minutes: {minutes}"))]  # the error, not the warning too
    assert "give it at least 30 minutes" in next(p.message for p in result.problems if p.code == "E026")


def test_the_shortest_launch_is_what_the_planner_needs():
    from copkit.activities import shortest_meeting
    from copkit.choices import MODES

    assert {shortest_meeting("launch", mode) for mode in MODES} == {catalogue.LAUNCH_SHORTEST_MINUTES}
    for kind in ("exploration", "session", "closing", "retrospective"):
        assert all(shortest_meeting(kind, mode) <= 15 for mode in MODES), kind  # fits the shortest cadence
