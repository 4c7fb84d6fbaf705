"""Hostile values: nothing a charter holds may crash copkit, swell it, or slip through unchecked.

Each test here would have caught one way a value got past `copkit check` or stopped a run."""

from __future__ import annotations

import json
import resource
import time

import pytest

from copkit.cli import app


def check(runner, *paths, output="json"):
    result = runner.invoke(
        app, ["check", "--today", "2026-11-24", "--format", output, *map(str, paths)], env={"NO_COLOR": ""}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems_of(runner, *paths):
    result = check(runner, *paths)
    report = json.loads(result.stdout)
    assert report["files"] == len(paths)
    return report["problems"]


def only(problems):
    assert len(problems) == 1, problems
    problem = problems[0]
    return problem["code"], problem["line"], problem["column"], problem["message"]


# --- size ---------------------------------------------------------------------------------------


def test_an_anchored_text_used_thousands_of_times_is_refused_quickly(runner, write, contract_example, replace):
    big = "x" * 500_000
    aliases = ", ".join(["*big"] * 500)  # 250 MB of text once expanded, in a list short enough to be read
    text = replace(contract_example, "domain:", f"x-big: &big {big}\nx-many: [{aliases}]\ndomain:")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    code, line, _, message = only(problems_of(runner, write(text)))
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: far from a gigabyte
    assert code == "E012"
    assert "1,048,576 bytes" in message and "aliases" in message
    assert line == 5  # the anchored text, which every alias repeats


# --- reading one file never stops the run ---------------------------------------------------------


@pytest.mark.parametrize("tagged", ['!!int ""', '!!float ""', '!!int "-"', '!!float "-"', '!!int "+"'])
def test_an_impossible_tagged_number_is_that_files_problem(runner, write, contract_example, replace, tagged):
    bad = write(replace(contract_example, "review_date: 2027-03-31", f"review_date: {tagged}"), "bad.yaml")
    good = write(contract_example, "good.yaml")
    problems = problems_of(runner, bad, good)
    assert problems and all(problem["path"] == str(bad) for problem in problems)
    assert "unexpected" not in json.dumps(problems)


def test_an_unexpected_failure_while_reading_is_that_files_problem(runner, write, contract_example, monkeypatch):
    import copkit.checking

    real = copkit.checking.read_document

    def flaky(path, shown=None, **kwargs):
        if str(path).endswith("bad.yaml"):
            raise IndexError("string index out of range")
        return real(path, shown, **kwargs)

    monkeypatch.setattr(copkit.checking, "read_document", flaky)
    bad, good = write(contract_example, "bad.yaml"), write(contract_example, "good.yaml")
    code, line, column, message = only(problems_of(runner, bad, good))
    assert (code, line, column) == ("E001", 1, 1)
    assert message == "copkit could not read this file (IndexError: string index out of range); please report it"


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"), [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")]
)
def test_a_wide_encoding_without_byte_order_mark_says_save_as_utf8(runner, write, contract_example, encoding, name):
    code, line, column, message = only(problems_of(runner, write(contract_example.encode(encoding))))
    assert (code, line, column) == ("E002", 1, 1)
    assert message == f"file looks like {name} without a byte-order mark: save it as UTF-8"


# --- messages in a coach's words --------------------------------------------------------------------


def test_a_duplicate_anchor_is_explained(runner, write, contract_example, replace, locate):
    text = replace(
        contract_example, "domain: Geautomatiseerd", "x-a: &same one\nx-b: &same two\ndomain: Geautomatiseerd"
    )
    code, line, column, message = only(problems_of(runner, write(text)))
    assert (code, (line, column)) == ("E010", locate(text, "&same two"))
    assert message == "the anchor &same is defined a second time here (first at line 5): give each anchor its own name"


# --- limits on lists and texts ----------------------------------------------------------------------


def test_more_than_a_hundred_ambitions_are_refused_at_the_list(runner, write, contract_example, replace, locate):
    many = "".join(f"  - Ambition {n}\n" for n in range(101))
    text = replace(
        contract_example, "ambitions:\n  - Een gedeelde checklist tegen onstabiele tests\n", "ambitions:\n" + many
    )
    code, line, column, message = only(problems_of(runner, write(text)))
    assert (code, (line, column)) == ("E025", locate(text, "ambitions:"))
    assert message == "ambitions: has 101 items: keep it to at most 100"


def test_a_megabyte_purpose_is_refused_at_its_line(runner, write, contract_example, replace, locate):
    text = replace(contract_example, "statement: Samen", "statement: " + "x" * 1_000_000 + " Samen")
    code, line, column, message = only(problems_of(runner, write(text)))
    statement_line, statement_column = locate(text, "statement: ")
    assert (code, (line, column)) == ("E025", (statement_line, statement_column + len("statement: ")))
    assert message == (
        "purpose.statement: is 1,000,070 characters long: keep it to at most 2,000 characters, about half a page"
    )


def test_a_long_name_is_refused(runner, write, contract_example, replace):
    text = replace(contract_example, "name: Testautomatisering", "name: " + "n" * 201)
    assert only(problems_of(runner, write(text)))[::3] == (
        "E025",
        "name: is 201 characters long: keep it to one line of at most 200 characters",
    )


# --- single-line fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"Team\\nA"', "name: holds a line break: write it on one line"),
        ("|\n  Team\n  A", "name: holds a line break: write it on one line"),
        ('"Team\\0A"', "name: holds a NUL character: remove it"),
        ('"Team\\eA"', "name: holds an escape character (ESC): remove it"),
    ],
)
def test_a_single_line_field_refuses_line_breaks_and_control_characters(
    runner, write, contract_example, replace, locate, value, message
):
    text = replace(contract_example, "name: Testautomatisering", f"name: {value}")
    code, line, column, found = only(problems_of(runner, write(text)))
    assert (code, (line, column), found) == ("E023", locate(text, value.splitlines()[0]), message)


def test_a_paragraph_keeps_line_breaks_but_not_control_characters(runner, write, contract_example, replace):
    two_lines = replace(contract_example, "statement: Samen", "statement: |\n    Twee\n    regels. Samen")
    assert problems_of(runner, write(two_lines, "ok.yaml")) == []
    escape = replace(contract_example, "statement: Samen", 'statement: "Een\\e"\n  x-was: Samen')
    assert only(problems_of(runner, write(escape)))[::3] == (
        "E023",
        "purpose.statement: holds an escape character (ESC): remove it",
    )


# --- stricter types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["an@example.org?cc=boss@example.org&subject=hi", "an@example.org?subject=hi", "an peeters@example.org"]
)
def test_an_email_address_with_more_than_an_address_is_refused(runner, write, contract_example, replace, address):
    text = replace(contract_example, "an.peeters@example.org", f'"{address}"')
    code, _, _, message = only(problems_of(runner, write(text)))
    assert code == "E023"
    assert message == (
        f"roles.sponsor.email: '{address}' is not an e-mail address:"
        " write it as name@example.org, without spaces, quotes, ? or &"
    )


def test_fullwidth_digits_are_not_a_date(runner, write, contract_example, replace):
    text = replace(contract_example, "review_date: 2027-03-31", 'review_date: "２０２７-03-31"')
    assert only(problems_of(runner, write(text)))[0] == "E023"


@pytest.mark.parametrize("written", ["9999-03-31", "0000-03-31", "1899-12-31"])
def test_a_date_out_of_range_is_refused_whatever_today_is(runner, write, contract_example, replace, written):
    text = replace(contract_example, "review_date: 2027-03-31", f"review_date: {written}")
    assert only(problems_of(runner, write(text)))[::3] == (
        "E023",
        f"review_date: {written} is out of range: copkit reads dates from 1900 to 2999",
    )


@pytest.mark.parametrize(
    ("zone", "hint"),
    [
        ("localtime", ""),
        ("Factory", ""),
        ("posix/Europe/Brussels", " (did you mean Europe/Brussels?)"),
        ("right/Europe/Brussels", " (did you mean Europe/Brussels?)"),
        ("europe/brussels", " (did you mean Europe/Brussels?)"),
    ],
)
def test_only_iana_time_zones_are_accepted(runner, write, contract_example, replace, zone, hint):
    text = replace(contract_example, "timezone: Europe/Brussels", f"timezone: {zone}")
    assert only(problems_of(runner, write(text)))[::3] == (
        "E023",
        f"cadence.timezone: {zone} is not an IANA time zone such as Europe/Brussels{hint}",
    )


def test_numbers_with_leading_zeros_are_read_as_written(charter_from, contract_example, replace):
    text = replace(contract_example, "duration_minutes: 60", "duration_minutes: 075")
    text = replace(text, "time_percent: 15", "time_percent: 010")
    charter = charter_from(text)
    assert charter.cadence.duration_minutes == 75
    assert charter.roles.leader[0].time_percent == 10


@pytest.mark.parametrize("written", ["0x4B", "0b1001011", "1_0", "01_13"])
def test_numbers_in_other_notations_are_refused(runner, write, contract_example, replace, written):
    text = replace(contract_example, "duration_minutes: 60", f"duration_minutes: {written}")
    assert only(problems_of(runner, write(text)))[::3] == (
        "E023",
        f"cadence.duration_minutes: write {written} in plain digits, such as 60",
    )


def test_true_as_minutes_asks_for_a_whole_number(runner, write, contract_example, replace):
    text = replace(contract_example, "duration_minutes: 60", "duration_minutes: true")
    assert only(problems_of(runner, write(text)))[::3] == (
        "E022",
        "cadence.duration_minutes: expected a whole number, such as 60, not true or false",
    )


def test_braces_in_a_value_are_kept_in_the_message(runner, write, contract_example, replace):
    text = replace(contract_example, "time: 12:30", 'time: "{hint}12h30 {text}"')
    assert only(problems_of(runner, write(text)))[3] == (
        "cadence.time: {hint}12h30 {text} is not a time: write it as HH:MM, 24-hour, e.g. 12:30"
    )


def test_a_missing_key_in_the_third_item_points_at_the_item(runner, write, contract_example, replace, locate):
    text = replace(
        contract_example,
        "    purpose: dagelijkse vragen en aankondigingen\n",
        "    purpose: dagelijkse vragen\n  - Wiki\n  - purpose: lost\n",
    )
    code, line, column, message = only(problems_of(runner, write(text)))
    assert (code, (line, column)) == ("E021", locate(text, "purpose: lost"))
    assert message.startswith("missing required key 'name' in tooling")


# --- the interview ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Caf\udce9", "Your terminal did not send this answer as UTF-8"),
        ("Team\x1bA", "Please type the answer without control characters."),
        ("n" * 201, "Please keep it to at most 200 characters."),
    ],
)
def test_the_interview_asks_again_for_an_answer_no_charter_can_hold(today, typed, said):
    from copkit.interview import Interview

    answers = iter([typed, "Café"])
    heard: list[str] = []
    interview = Interview("en", today, ask=lambda *args, **kwargs: next(answers), say=heard.append)
    assert interview.text("Name of the community") == "Café"
    assert len(heard) == 1 and heard[0].startswith(said)


# --- any text in any string field -------------------------------------------------------------------

from helpers import TRICKY, fuzz_examples  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STRING_FIELDS = [
    "name: Testautomatisering",
    "domain: Geautomatiseerd testen van webapplicaties",
    "statement: Samen betere, snellere en stabielere geautomatiseerde tests schrijven",
    "value: Openheid",
    "behaviour: We delen mislukkingen even graag als successen",
    "- Een gedeelde checklist tegen onstabiele tests",
    "location: Vergaderzaal Schelde / Teams",
    "timezone: Europe/Brussels",
    "email: an.peeters@example.org",
    "coach: Sara De Smet",
    "how_to_join: Stuur een bericht in het Teams-kanaal",
    "purpose: dagelijkse vragen en aankondigingen",
    "criterion: Deelname",
    "target: 60%",
    "review_date: 2027-03-31",
    "time: 12:30",
]
HOSTILE = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=50),
    st.lists(
        st.sampled_from([*TRICKY, "{}", "{hint}", "{text}", "%s", "%(x)s", "\n", "\r\n", "\x00", "\x1b"]), max_size=6
    ).map("".join),
    st.integers(150, 3000).map(lambda n: "y" * n),
)


@settings(max_examples=fuzz_examples(60), deadline=None, suppress_health_check=list(HealthCheck))
@given(field=st.sampled_from(STRING_FIELDS), value=HOSTILE)
def test_any_text_in_any_string_field_gives_well_formed_problems(contract_example, today, tmp_path, field, value):
    from copkit.checking import check_file

    key = field.split(":")[0] if ":" in field else "-"
    path = tmp_path / "charter.yaml"
    path.write_text(
        contract_example.replace(field, f"{key}{':' if key != '-' else ''} {json.dumps(value)}", 1), encoding="utf-8"
    )
    result = check_file(path, today=today)
    for problem in result.problems:
        line = str(problem)
        assert "\n" not in line and "\r" not in line, line
        assert problem.code != "E001", line  # no unexpected failure
        assert problem.line >= 1 and problem.column >= 1
        if "{" in value and problem.code == "E023" and key in ("time", "review_date"):
            assert value.strip() in problem.message or "\\" in json.dumps(value.strip())


def test_a_list_far_longer_than_the_format_allows_is_refused_unread(runner, write, contract_example, replace):
    many = "".join(f"  - ambition {number}\n" for number in range(15_000))
    text = replace(
        contract_example, "ambitions:\n  - Een gedeelde checklist tegen onstabiele tests\n", f"ambitions:\n{many}"
    )
    started = time.monotonic()
    code, line, _, message = only(problems_of(runner, write(text)))
    assert time.monotonic() - started < 5
    assert (code, message) == ("E012", "a list of 15,000 items; a charter keeps each list to at most 100")
    assert line == text.splitlines().index("  - ambition 0") + 1  # the list, where its first item starts


def test_a_list_just_over_the_limit_is_explained_at_its_key(runner, write, contract_example, replace):
    many = "".join(f"  - ambition {number}\n" for number in range(101))
    text = replace(
        contract_example, "ambitions:\n  - Een gedeelde checklist tegen onstabiele tests\n", f"ambitions:\n{many}"
    )
    code, _, _, message = only(problems_of(runner, write(text)))
    assert (code, message) == ("E025", "ambitions: has 101 items: keep it to at most 100")
