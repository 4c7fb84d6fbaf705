"""The activity library and the planner behind the launch agenda and the retrospective."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from copkit.activities import (
    LAUNCH_PHASES,
    RETRO_PHASES,
    STEPS,
    ActivitiesError,
    Activity,
    Plan,
    PlanError,
    load_activities,
    plan_launch,
    plan_retro,
    shortest_meeting,
)
from copkit.cli import app
from copkit.errors import CopkitError
from copkit.model import Charter
from copkit.paths import builtin_templates
from copkit.yamlfile import MAX_BYTES

MODES = ("in-person", "online", "hybrid")
ROLE_KEYS = {"leader", "coach", "sponsor", "coordinator", "members"}
LIBRARY = load_activities()


@pytest.fixture(scope="session")
def charter(contract_charter):
    """``charter(mode=, minutes=, at=, launch=)``: the contract example with its cadence (and optionally a
    launch) changed."""

    def _charter(
        *, mode: str = "hybrid", minutes: int | None = 60, at: str | None = "12:30", launch: dict | None = None
    ) -> Charter:
        return contract_charter(launch=launch, mode=mode, duration_minutes=minutes, time=at)

    return _charter


def suits(activity: Activity, mode: str) -> bool:
    return {
        "online": activity.online,
        "in-person": activity.in_person,
        "hybrid": activity.online and activity.in_person,
    }[mode]


def check_plan(plan: Plan, phases: tuple[str, ...], minutes: int, start: time, mode: str) -> None:
    """Every property a timeboxed plan must have: back to back from ``start``, exactly ``minutes``
    long, its steps in the meeting's order (optional ones may be left out, pauses may come between),
    every activity suited to the mode, filling its step, within its range."""
    items = plan.items
    shown = [item.phase for item in items if item.activity is not None]
    assert [step for step in phases if step in shown] == list(dict.fromkeys(shown))
    assert set(plan.dropped) | set(shown) == set(phases) and not set(plan.dropped) & set(shown)
    assert plan.minutes == minutes
    assert items[0].start == start
    clock = datetime.combine(datetime.min.date(), start)
    length: dict[str, int] = {}
    for item in items:
        assert item.start == clock.time()
        clock += timedelta(minutes=item.minutes)
        assert item.end == clock.time()
        assert item.minutes >= 5
        if item.activity is None:
            assert item.phase in ("break", "lunch") and item.lead is None
            continue
        assert item.phase in item.activity.fills
        assert suits(item.activity, mode)
        assert item.lead in ROLE_KEYS
        length[item.activity.id] = length.get(item.activity.id, 0) + item.minutes
    for key, total in length.items():
        assert LIBRARY[key].lowest <= total <= LIBRARY[key].highest, (key, total)
    # Every item lasts a multiple of five minutes, but for one that takes an odd remainder.
    assert sum(1 for item in items if item.minutes % 5) <= 1
    assert sum(item.minutes % 5 for item in items) == minutes % 5


# --- The library -----------------------------------------------------------------------------------


def test_library_loads_and_has_30_to_60_unique_activities():
    assert 30 <= len(LIBRARY) <= 60
    assert all(key == activity.id for key, activity in LIBRARY.items())
    raw = (builtin_templates() / "activities.yaml").read_text(encoding="utf-8")
    assert raw.count("\n- id: ") == len(LIBRARY)  # no id silently lost to a duplicate


@pytest.mark.parametrize("phase", STEPS)
def test_every_step_has_an_activity_for_every_mode(phase):
    here = [activity for activity in LIBRARY.values() if phase in activity.fills]
    original = ("welcome", "get-to-know", "sponsor", "one-pager", "goals", "agreements", "close") + RETRO_PHASES
    assert len(here) >= (2 if phase in original else 1)  # the steps of old have a choice
    for mode in MODES:
        assert any(suits(activity, mode) for activity in here), mode


def test_every_activity_reads_well_in_both_languages():
    for activity in LIBRARY.values():
        for lang in ("en", "nl"):
            assert "\n" not in activity.how_to_in(lang) and activity.how_to_in(lang).strip()
            assert activity.name_in(lang) != activity.id  # a real name, not the id copied
        assert activity.how_to_in("nl") != activity.how_to_in("en")  # translated, not shown in English
        assert activity.source
        assert 5 <= activity.lowest <= activity.minutes <= activity.highest <= 480


def test_the_builtin_library_is_english_and_its_dutch_comes_from_the_catalogue():
    raw = "\n".join(
        line
        for line in (builtin_templates() / "activities.yaml").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    )
    assert "\n    en:" not in raw and "\n    nl:" not in raw and "{en:" not in raw
    for activity in LIBRARY.values():
        assert activity.name.nl is None and activity.how_to.nl is None
        assert activity.name_in("en") == activity.name.en
    welcome = LIBRARY["welcome-host"]
    assert welcome.name_in("nl") == "Persoonlijk welkom"
    assert welcome.how_to_in("nl").startswith("De leider begroet iedereen bij naam")
    assert LIBRARY["check-in-round"].name_in("nl") == "Incheckronde"


def test_the_library_names_the_liberating_structures_it_uses():
    names = {activity.name_in("en") for activity in LIBRARY.values()}
    assert {"1-2-4-All", "Impromptu Networking", "Min Specs", "What, So What, Now What?"} <= names
    for activity in LIBRARY.values():
        if activity.source.startswith("Liberating Structures"):
            assert activity.name_in("en") == activity.name_in("nl")  # proper names stay the same in Dutch


def test_builtin_templates_folder_holds_the_library():
    assert (builtin_templates() / "activities.yaml").is_file()


# --- A coach's own activities ------------------------------------------------------------------------

OWN = """\
- id: my-welcome
  name: {en: Welcome song, nl: Welkomstlied}
  phase: welcome
  minutes: 5
  in_person: true
  online: false
  how_to: {en: We sing., nl: We zingen.}
  source: our own practice
- id: min-specs
  name: {en: Minimal rules, nl: Minimale regels}
  phase: agreements
  minutes: 25
  in_person: true
  online: true
  how_to: {en: Our own take on Min Specs., nl: Onze eigen versie van Min Specs.}
  source: our own practice
"""


def test_a_coach_file_adds_and_replaces_activities(tmp_path: Path):
    path = tmp_path / "activities.yaml"
    path.write_text(OWN, encoding="utf-8")
    activities = load_activities(path)
    assert len(activities) == len(LIBRARY) + 1
    assert activities["my-welcome"].name_in("nl") == "Welkomstlied"
    assert activities["my-welcome"].how_to_in("en") == "We sing."
    assert activities["min-specs"].name_in("en") == "Minimal rules"
    assert activities["min-specs"].minutes == 25
    assert load_activities()["min-specs"].name_in("en") == "Min Specs"  # the built-in library is untouched


def test_a_coach_may_write_one_text_for_every_language(tmp_path: Path):
    path = tmp_path / "activities.yaml"
    path.write_text(
        OWN.replace("name: {en: Welcome song, nl: Welkomstlied}", "name: Welkomstlied")
        .replace("name: {en: Minimal rules, nl: Minimale regels}", "name: Min Specs")
        .replace("how_to: {en: We sing., nl: We zingen.}", "how_to: {en: We sing.}"),
        encoding="utf-8",
    )
    activities = load_activities(path)
    assert activities["my-welcome"].name_in("en") == activities["my-welcome"].name_in("nl") == "Welkomstlied"
    assert activities["my-welcome"].how_to_in("nl") == "We sing."  # a language left out: the English
    # a text the catalogue knows is translated; proper names stay as they are
    assert activities["min-specs"].name_in("nl") == "Min Specs"
    path.write_text(
        ENTRY.replace("name: {en: Welcome song, nl: Welkomstlied}", "name: Check-in round"), encoding="utf-8"
    )
    assert load_activities(path)["my-welcome"].name_in("nl") == "Incheckronde"


def test_an_empty_coach_file_adds_nothing(tmp_path: Path):
    path = tmp_path / "activities.yaml"
    path.write_text("# nothing of our own yet\n", encoding="utf-8")
    assert load_activities(path) == LIBRARY


def test_the_plan_uses_the_activities_it_is_given(charter):
    only = {
        activity.id: activity
        for activity in LIBRARY.values()
        if activity.id not in ("personal-maps", "impromptu-networking")  # leave line-up for getting to know
    }
    plan = plan_launch(charter(mode="in-person", minutes=120), only)
    assert [item.activity.id for item in plan.items if item.phase == "get-to-know"] == ["line-up"]
    with pytest.raises(ActivitiesError, match="'get-to-know' step of an online meeting"):
        plan_launch(charter(mode="online"), only)


ENTRY = OWN.split("- id: min-specs")[0]
# ENTRY, line by line:
#  1 - id: my-welcome
#  2   name: {en: Welcome song, nl: Welkomstlied}
#  3   phase: welcome
#  4   minutes: 5
#  5   in_person: true
#  6   online: false
#  7   how_to: {en: We sing., nl: We zingen.}
#  8   source: our own practice


def problems_in(tmp_path: Path, content: str | bytes) -> list[str]:
    """What loading ``content`` as a coach's activities.yaml says, one problem a line, the path shortened."""
    path = tmp_path / "activities.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ActivitiesError) as caught:
        load_activities(path)
    message = str(caught.value)
    assert "Traceback" not in message and "pydantic" not in message.lower()
    assert message.splitlines() == [str(problem) for problem in caught.value.diagnostics]
    assert caught.value.diagnostics == sorted(caught.value.diagnostics)
    assert all(line.startswith(f"{path}:") for line in message.splitlines())
    return [line.replace(f"{path}:", "activities.yaml:", 1) for line in message.splitlines()]


@pytest.mark.parametrize(
    "content, problem",
    [
        (
            "id: my-welcome\nphase: welcome\n",
            "activities.yaml:1:1: error E014 the file holds a mapping; an activities file is a list",
        ),
        (
            "just some text\n",
            "activities.yaml:1:1: error E014 the file holds a single value; an activities file is a list",
        ),
        ("- just some text\n", "activities.yaml:1:3: error E022 expected a mapping (key: value lines), found text"),
        (ENTRY.replace("  minutes: 5\n", ""), "activities.yaml:1:3: error E021 missing required key 'minutes'"),
        (
            ENTRY.replace("  source: our own practice\n", ""),
            "activities.yaml:1:3: error E021 missing required key 'source'",
        ),
        (
            ENTRY.replace("nl: Welkomstlied", "fr: Chanson"),
            "activities.yaml:2:28: error E020 unknown key 'fr' in name; known keys here: en, nl",
        ),
        (ENTRY.replace("en: Welcome song, ", ""), "activities.yaml:2:3: error E021 missing required key 'en' in name"),
        (
            ENTRY.replace("name: {en: Welcome song, nl: Welkomstlied}", "name: [Welcome]"),
            "activities.yaml:2:9: error E023 name: expected one line of text, or a mapping with en and nl; found a list",
        ),
        (
            ENTRY.replace("name: {en: Welcome song, nl: Welkomstlied}", 'name: "  "'),
            "activities.yaml:2:9: error E022 name: is empty: write the text",
        ),
        (
            ENTRY.replace("how_to: {en: We sing., nl: We zingen.}", 'how_to: "We sing.\\nLoudly."'),
            "activities.yaml:7:11: error E023 how_to: write it on one line",
        ),
        (
            ENTRY.replace("phase: welcome", "phase: lunch"),
            "activities.yaml:3:10: error E023 phase: 'lunch' is not one of welcome, explore, next-steps",
        ),
        (ENTRY.replace("phase: welcome", "phase: wellcome"), "(did you mean 'welcome'?)"),
        (
            ENTRY.replace("minutes: 5", "minutes: five"),
            "activities.yaml:4:12: error E022 minutes: expected a whole number, found text 'five'",
        ),
        (
            ENTRY.replace("minutes: 5", "minutes: 0"),
            "activities.yaml:4:12: error E023 minutes: 0 is too small: at least 1",
        ),
        (
            ENTRY.replace("online: false", "online: sometimes"),
            "activities.yaml:6:11: error E022 online: expected true or false, found text 'sometimes'",
        ),
        (
            ENTRY.replace("source:", "colour: red\n  source:"),
            "activities.yaml:8:3: error E020 unknown key 'colour'; known keys here: id, name",
        ),
        (
            ENTRY.replace("source:", "sorce:"),
            "activities.yaml:8:3: error E020 unknown key 'sorce' (did you mean 'source'?)",
        ),
        (
            ENTRY.replace("id: my-welcome", "id: My Welcome"),
            "activities.yaml:1:7: error E023 id: 'My Welcome' is not kebab-case",
        ),
        (ENTRY.replace("id: my-welcome\n  ", ""), "activities.yaml:1:3: error E021 missing required key 'id'"),
        (
            ENTRY.replace("en: We sing.", 'en: "We sing.\\nLoudly."'),
            "activities.yaml:7:16: error E023 how_to.en: write it on one line",
        ),
        (
            ENTRY.replace("  online: false\n", "  online: false\n  phase: close\n"),
            "activities.yaml:7:3: error E011 duplicate key 'phase' (first at line 3): keep one",
        ),
        (
            ENTRY + ENTRY,
            "activities.yaml:9:7: error E011 duplicate id 'my-welcome' (first at line 1): give each activity its own id",
        ),
        ("- id: [unclosed\n", "activities.yaml:1:16: error E010 invalid YAML"),
        ("- id: a\n  name: {en: x\n", "activities.yaml:2:15: error E010 invalid YAML"),
        (
            "- id: a\n---\n- id: b\n",
            "activities.yaml:3:1: error E013 a second YAML document starts here: keep one list of activities per file",
        ),
    ],
)
def test_a_malformed_coach_file_is_reported_at_its_line_and_column(tmp_path: Path, content: str, problem: str):
    found = problems_in(tmp_path, content)
    assert any(line.startswith(problem) or problem in line for line in found), found


def test_every_problem_in_a_file_is_reported_each_on_its_own_line(tmp_path: Path):
    content = ENTRY.replace("phase: welcome", "phase: lunch").replace("  minutes: 5\n", "")
    assert problems_in(tmp_path, content) == [
        "activities.yaml:1:3: error E021 missing required key 'minutes'",
        "activities.yaml:3:10: error E023 phase: 'lunch' is not one of " + ", ".join(STEPS),
    ]


def test_a_wrong_type_in_a_later_entry_points_at_its_value(tmp_path: Path):
    content = OWN.replace("minutes: 25", "minutes: ten")
    assert problems_in(tmp_path, content) == [
        "activities.yaml:12:12: error E022 minutes: expected a whole number, found text 'ten'"
    ]


def test_an_alias_bomb_is_refused_at_its_line(tmp_path: Path):
    lines = ["- id: bomb", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    found = problems_in(tmp_path, "\n".join(lines) + "\n")
    assert len(found) == 1
    assert found[0].startswith("activities.yaml:") and " error E012 the file holds more than 20,000 values" in found[0]
    assert "an activities file needs far fewer" in found[0]
    line = int(found[0].split(":")[1])
    assert 2 <= line <= 10


def test_an_unreadable_coach_file_is_an_activities_error(tmp_path: Path):
    with pytest.raises(ActivitiesError, match="missing.yaml:1:1: error E001 cannot read the file"):
        load_activities(tmp_path / "missing.yaml")
    assert problems_in(tmp_path, b"- id: caf\xe9\n") == [
        "activities.yaml:1:10: error E002 byte 0xE9 is not UTF-8: save the file as UTF-8"
    ]
    assert problems_in(tmp_path, b"#" * (MAX_BYTES + 1))[0].startswith(
        "activities.yaml:1:1: error E003 file is larger than 1,048,576 bytes; an activities file is far smaller"
    )


def test_a_warning_alone_does_not_stop_a_coach_file(tmp_path: Path):
    path = tmp_path / "activities.yaml"
    path.write_text(ENTRY.replace("source: our own practice", "source: ask in #general"), encoding="utf-8")
    assert load_activities(path)["my-welcome"].source == "ask in"  # W114 is a warning: the file is used


# --- Through the command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, problem",
    [
        (
            ENTRY.replace("  online: false\n", "  online: false\n  phase: close\n"),
            "tpl/activities.yaml:7:3: error E011 duplicate key 'phase' (first at line 3): keep one",
        ),
        (
            OWN.replace("minutes: 25", "minutes: ten"),
            "tpl/activities.yaml:12:12: error E022 minutes: expected a whole number, found text 'ten'",
        ),
        ("- id: [unclosed\n", "tpl/activities.yaml:1:16: error E010 invalid YAML"),
    ],
)
def test_render_with_a_broken_coach_file_says_where_and_writes_nothing(
    tmp_path: Path, monkeypatch, contract_example: str, content: str, problem: str
):
    monkeypatch.chdir(tmp_path)
    Path("charter.yaml").write_text(contract_example, encoding="utf-8")
    Path("tpl").mkdir()
    Path("tpl/activities.yaml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["render", "charter.yaml", "--handout", "agenda", "--format", "md", "--templates", "tpl", "--out", "out"]
    )
    assert result.exit_code == 1, result.output
    assert problem in result.stderr
    assert result.stderr.splitlines()[-1] == "copkit: nothing rendered: fix the activities file first"
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not Path("out").exists() or not any(Path("out").iterdir())


# --- The launch agenda -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("minutes", [60, 90, 120, 180])
def test_the_launch_fills_its_duration_exactly(mode: str, minutes: int, charter):
    launched = charter(mode=mode, minutes=45, launch={"time": "14:00", "duration_minutes": minutes})
    plan = plan_launch(launched)
    check_plan(plan, LAUNCH_PHASES, minutes, time(14, 0), mode)
    assert plan == plan_launch(launched)  # the same charter always gives the same plan
    leads = {"welcome": "leader", "get-to-know": "coach", "sponsor": "sponsor", "goals": "coach", "practice": "members"}
    assert all(item.lead == leads.get(item.phase, "leader") for item in plan.items if item.activity)


def test_the_launch_falls_back_to_the_cadence_then_to_two_hours_from_nine(charter):
    check_plan(plan_launch(charter(minutes=75, at="12:30")), LAUNCH_PHASES, 75, time(12, 30), "hybrid")
    check_plan(plan_launch(charter(minutes=None, at=None)), LAUNCH_PHASES, 120, time(9, 0), "hybrid")
    check_plan(
        plan_launch(charter(minutes=None, at="16:00", launch={"date": "2027-01-14"})),
        LAUNCH_PHASES,
        120,
        time(16, 0),
        "hybrid",
    )


def test_a_launch_of_two_hours_online(charter):
    plan = plan_launch(charter(mode="online", minutes=None, at="10:00"))
    assert not plan.dropped
    assert [item.phase for item in plan.items] == list(LAUNCH_PHASES)
    check_plan(plan, LAUNCH_PHASES, 120, time(10, 0), "online")


def test_a_duration_that_is_no_multiple_of_five_ends_with_the_odd_minutes(charter):
    plan = plan_launch(charter(minutes=62, at="12:00"))
    check_plan(plan, LAUNCH_PHASES, 62, time(12, 0), "hybrid")
    assert plan.items[-1].end == time(13, 2)


def test_a_launch_running_past_midnight_is_refused(charter):
    with pytest.raises(PlanError, match="23:00 and lasting 120 minutes would run past midnight"):
        plan_launch(charter(launch={"time": "23:00", "duration_minutes": 120}))
    with pytest.raises(CopkitError):  # PlanError is a CopkitError: shown to the user, not a bug
        plan_retro(charter(minutes=90, at="23:30"))
    plan = plan_launch(charter(launch={"time": "22:00", "duration_minutes": 120}))  # ending at midnight is fine
    assert plan.items[-1].end == time(0, 0)


def test_a_meeting_too_short_for_its_required_steps_is_refused(charter):
    with pytest.raises(PlanError, match="a launch of 25 minutes is too short.*at least 30 minutes"):
        plan_launch(charter(minutes=25))
    plan = plan_retro(charter(), minutes=15)  # a retrospective fits in a quarter of an hour
    assert [item.phase for item in plan.items] == ["gather-data", "decide"]


# --- The retrospective -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("minutes", [60, 90, 120, 180])
def test_the_retro_fills_its_duration_exactly(mode: str, minutes: int, charter):
    regular = charter(mode=mode, minutes=45, at="12:30", launch={"time": "09:00", "duration_minutes": 240})
    plan = plan_retro(regular, minutes)
    check_plan(plan, RETRO_PHASES, minutes, time(12, 30), mode)  # the launch's time and length do not apply
    assert plan == plan_retro(regular, minutes)
    assert [item.lead for item in plan.items if item.activity] == [
        {"decide": "members", "close": "leader"}.get(item.phase, "coach") for item in plan.items if item.activity
    ]


def test_the_retro_falls_back_to_the_cadence_then_to_ninety_minutes_from_nine(charter):
    check_plan(plan_retro(charter(minutes=60, at="12:30")), RETRO_PHASES, 60, time(12, 30), "hybrid")
    check_plan(plan_retro(charter(minutes=None, at=None)), RETRO_PHASES, 90, time(9, 0), "hybrid")


def test_the_retro_takes_activities_by_keyword(charter):
    plan = plan_retro(charter(mode="in-person"), activities=LIBRARY)
    assert plan == plan_retro(charter(mode="in-person"))


# --- Properties ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    minutes=st.integers(15, 480),
    start=st.times().map(lambda moment: moment.replace(second=0, microsecond=0)),
    mode=st.sampled_from(MODES),
    retro=st.booleans(),
)
def test_any_duration_and_start_gives_a_plan_that_fits_or_a_clear_refusal(minutes, start, mode, retro, charter):
    phases = RETRO_PHASES if retro else LAUNCH_PHASES
    subject = charter(mode=mode, minutes=None, at=None, launch={"time": f"{start:%H:%M}", "duration_minutes": minutes})
    ends = datetime.combine(datetime.min.date(), start) + timedelta(minutes=minutes)
    too_short = minutes < shortest_meeting("retrospective" if retro else "launch", mode)
    past_midnight = ends.date() > datetime.min.date() and ends.time() != time(0, 0)
    if retro:
        subject = charter(mode=mode, minutes=None, at=f"{start:%H:%M}")

    def planned() -> Plan:
        return plan_retro(subject, minutes, LIBRARY) if retro else plan_launch(subject, LIBRARY)

    if too_short or past_midnight:
        with pytest.raises(PlanError, match="past midnight" if past_midnight else "too short"):
            planned()
    else:
        plan = planned()
        check_plan(plan, phases, minutes, start, mode)
        assert plan == planned()


# --- a coach's activities are as hostile as any charter ------------------------------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "name: {en: Welcome song, nl: Welkomstlied}",
            'name: "Welcome\\e[31m song"',
            "name.en: holds an escape character",
        ),
        ("how_to: {en: We sing., nl: We zingen.}", 'how_to: "We\\x00 sing."', "how_to.en: holds a NUL character"),
        ("source: our own practice", f"source: {'x' * 300}", "source: is 300 characters long"),
        ("id: my-welcome", 'id: "{hint} My Welcome"', "'{hint} My Welcome' is not kebab-case"),
    ],
)
def test_an_activity_holds_no_control_characters_and_no_endless_text(tmp_path, old, new, expected):
    (problem,) = problems_in(tmp_path, ENTRY.replace(old, new))
    assert expected in problem and problem.startswith("activities.yaml:")


def test_a_step_no_coach_activity_can_fill_names_the_coachs_file(tmp_path, contract_example):
    """Replacing every built-in welcome with one that only works in a room leaves a hybrid launch
    without a welcome: the message says so and points at the coach's file."""
    from copkit.activities import load_activities

    rooms_only = "".join(
        f"- id: {activity.id}\n  name: Room welcome\n  phase: welcome\n  minutes: 10\n  in_person: true\n"
        f"  online: false\n  how_to: Greet everyone at the door.\n  source: ours\n"
        for activity in load_activities().values()
        if "welcome" in activity.fills
    )
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "activities.yaml").write_text(rooms_only, encoding="utf-8")
    (tmp_path / "charter.yaml").write_text(contract_example, encoding="utf-8")  # a hybrid community
    result = CliRunner().invoke(
        app,
        ["render", str(tmp_path / "charter.yaml"), "--handout", "agenda", "--format", "md",
         "--templates", str(tpl), "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"copkit: nothing rendered: {tpl / 'activities.yaml'}: no activity for the 'welcome' step" in result.stderr
    assert not (tmp_path / "out").exists()
