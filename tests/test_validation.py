"""Schema problems as coaches read them: code, line, column and a message that says what to do."""

from __future__ import annotations

import pytest

from copkit.checking import check_file


@pytest.fixture(scope="session")
def found(today):
    """``found(write, text)``: the errors check finds in ``text``, as (line, column, code, message)."""

    def _found(write, text: str):
        result = check_file(write(text), today=today)
        return [(p.line, p.column, p.code, p.message) for p in result.problems if p.severity.value == "error"]

    return _found


def test_the_contract_example_has_no_error(write, contract_example, found):
    assert found(write, contract_example) == []


def test_unknown_key_suggests_the_close_one(write, replace, contract_example, found):
    text = replace(contract_example, "ambitions:", "ambitons:")
    assert found(write, text) == [
        (1, 1, "E021", "missing required key 'ambitions': concrete results members commit to"),
        (12, 1, "E020", "unknown key 'ambitons' (did you mean 'ambitions'?)"),
    ]


def test_unknown_nested_key_without_a_close_one_lists_the_known_keys(write, replace, contract_example, found):
    text = replace(contract_example, "  mode: hybrid", "  mode: hybrid\n  snacks: yes please")
    (problem,) = found(write, text)
    assert problem[:3] == (20, 3, "E020")
    assert problem[3].startswith("unknown key 'snacks' in cadence; known keys here: frequency, mode, weekday")
    assert problem[3].endswith("(extension keys start with 'x-')")


def test_missing_required_keys_point_at_their_parent(write, replace, contract_example, found):
    text = replace(
        contract_example, "  statement: Samen betere, snellere en stabielere geautomatiseerde tests schrijven\n", ""
    )
    text = replace(text, "review_date: 2027-03-31\n", "")
    assert found(write, text) == [
        (1, 1, "E021", "missing required key 'review_date': the latest date by which members revisit this charter"),
        (6, 1, "E021", "missing required key 'statement' in purpose: the shared interest the community works on"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "review_date: 2027-03-31",
            "review_date: 2027-02-30",
            (37, 14, "E023", "review_date: 2027-02-30 is not a date: February 2027 has 28 days"),
        ),
        (
            "review_date: 2027-03-31",
            "review_date: 2027-13-01",
            (37, 14, "E023", "review_date: 2027-13-01 is not a date: there is no month 13"),
        ),
        (
            "review_date: 2027-03-31",
            "review_date: 31-03-2027",
            (37, 14, "E023", "review_date: write dates as YYYY-MM-DD: 2027-03-31, not 31-03-2027"),
        ),
        (
            "review_date: 2027-03-31",
            "review_date: 2027-3-5",
            (37, 14, "E023", "review_date: write dates as YYYY-MM-DD: 2027-03-05, not 2027-3-5"),
        ),
        (
            "review_date: 2027-03-31",
            "review_date: 2027-03-31 10:00",
            (37, 14, "E023", "review_date: write a date without a time, as YYYY-MM-DD"),
        ),
        (
            "review_date: 2027-03-31",
            "review_date: soon",
            (37, 14, "E023", "review_date: soon is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31"),
        ),
        (
            "time: 12:30",
            "time: 12.30",
            (
                17,
                9,
                "E023",
                "cadence.time: 12.30 is not a time: write it as HH:MM, 24-hour, e.g. 12:30 (use a colon: 12:30)",
            ),
        ),
        (
            "time: 12:30",
            "time: 25:00",
            (17, 9, "E023", "cadence.time: 25:00 is not a time: write it as HH:MM, 24-hour, e.g. 12:30"),
        ),
        (
            "frequency: biweekly",
            "frequency: fortnightly",
            (15, 14, "E023", "cadence.frequency: 'fortnightly' is not one of weekly, biweekly, monthly, quarterly"),
        ),
        (
            "weekday: thursday",
            "weekday: Thursday",
            (
                16,
                12,
                "E023",
                "cadence.weekday: 'Thursday' is not one of monday, tuesday, wednesday, thursday, friday, saturday, sunday (did you mean 'thursday'?)",
            ),
        ),
        (
            "duration_minutes: 60",
            "duration_minutes: 600",
            (18, 21, "E023", "cadence.duration_minutes: 600 is too large: at most 480"),
        ),
        (
            "duration_minutes: 60",
            "duration_minutes: 10",
            (18, 21, "E023", "cadence.duration_minutes: 10 is too small: at least 15"),
        ),
        (
            "duration_minutes: 60",
            "duration_minutes: an hour",
            (18, 21, "E022", "cadence.duration_minutes: expected a whole number, found text 'an hour'"),
        ),
        (
            "timezone: Europe/Brussels",
            "timezone: Europe/Brusels",
            (
                21,
                13,
                "E023",
                "cadence.timezone: Europe/Brusels is not an IANA time zone such as Europe/Brussels (did you mean Europe/Brussels?)",
            ),
        ),
        (
            "timezone: Europe/Brussels",
            "timezone: Amsterdam",  # a city alone: the zone meant, as the interview suggests it
            (
                21,
                13,
                "E023",
                "cadence.timezone: Amsterdam is not an IANA time zone such as Europe/Brussels (did you mean Europe/Amsterdam?)",
            ),
        ),
        (
            "timezone: Europe/Brussels",
            "timezone: europe/amsterdam",
            (
                21,
                13,
                "E023",
                "cadence.timezone: europe/amsterdam is not an IANA time zone such as Europe/Brussels (did you mean Europe/Amsterdam?)",
            ),
        ),
        (
            "email: an.peeters@example.org",
            "email: an.peeters",
            (
                23,
                38,
                "E023",
                "roles.sponsor.email: 'an.peeters' is not an e-mail address: write it as name@example.org, without spaces, quotes, ? or &",
            ),
        ),
        (
            "time_percent: 15",
            "time_percent: 150",
            (24, 44, "E023", "roles.leader.time_percent: 150 is too large: at most 100"),
        ),
        (
            "copkit: 1",
            "copkit: 2",
            (1, 9, "E023", "copkit: format version 2 is not supported: this copkit reads version 1"),
        ),
        ("language: nl", "language: fr", (3, 11, "E023", "language: 'fr' is not one of nl, en")),
        (
            "  access: open",
            "  access: closed",
            (
                28,
                11,
                "E023",
                "membership.access: a closed community needs 'admission': say how new members are selected",
            ),
        ),
        ("name: Testautomatisering", "name:", (2, 6, "E022", "name: is empty: write the text, or leave the key out")),
        ("name: Testautomatisering", "name: '  '", (2, 7, "E022", "name: is empty")),
        ("name: Testautomatisering", "name: [a, b]", (2, 7, "E022", "name: expected text, found a list")),
        (
            "  coach: Sara De Smet",
            "  coach: yes",
            (25, 10, "E024", 'roles.coach: a bare yes is read as true/false, not as text: write "yes" in quotes'),
        ),
        (
            "  - Een gedeelde checklist tegen onstabiele tests",
            "  - on",
            (13, 5, "E024", 'ambitions: a bare on is read as true/false, not as text: write "on" in quotes'),
        ),
        (
            "ambitions:\n  - Een gedeelde checklist tegen onstabiele tests",
            "ambitions: Een checklist",
            (12, 12, "E022", "ambitions: expected a list (one '- item' a line), found text"),
        ),
        (
            "ambitions:\n  - Een gedeelde checklist tegen onstabiele tests",
            "ambitions: []",
            (12, 12, "E021", "ambitions: needs at least one item"),
        ),
        (
            "cadence:\n",
            "cadence: weekly\nx-cadence:\n",
            (14, 10, "E022", "cadence: expected a mapping (key: value lines), found text"),
        ),
    ],
)
def test_value_problems_are_explained_where_they_stand(write, old, new, expected, replace, contract_example, found):
    assert found(write, replace(contract_example, old, new)) == [expected]


def test_every_problem_in_a_file_is_reported_not_only_the_first(write, replace, contract_example, found):
    text = replace(contract_example, "language: nl", "language: fr")
    text = replace(text, "focus: knowledge-sharing", "focus: sharing")
    text = replace(text, "review_date: 2027-03-31", "review_date: 2027-02-29\nreview_date: 2027-03-01")
    codes = [(line, code) for line, _, code, _ in found(write, text)]
    assert codes == [(3, "E023"), (8, "E023"), (37, "E023"), (38, "E011")]


def test_warnings_wait_until_the_errors_are_fixed(write, replace, today, contract_example):
    text = replace(contract_example, "language: nl", "language: fr")
    text = replace(text, "  coach: Sara De Smet\n", "")
    result = check_file(write(text), today=today)
    assert [p.code for p in result.problems] == ["E023"]


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("weekday: thursday", "weekday: Dinsdag", "(did you mean 'tuesday'?)"),
        ("frequency: biweekly", "frequency: maandelijks", "(did you mean 'monthly'?)"),
        ("mode: hybrid", "mode: hybride", "(did you mean 'hybrid'?)"),
        ("focus: knowledge-sharing", "focus: innovatie", "(did you mean 'innovation'?)"),
    ],
)
def test_dutch_words_for_choices_point_at_the_english_one(write, old, new, hint, replace, contract_example, found):
    (problem,) = found(write, replace(contract_example, old, new))
    assert problem[3].endswith(hint)
