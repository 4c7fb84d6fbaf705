"""The activity library and the planner behind the launch agenda and the retrospective."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.paths import builtin_templates
from copkit.activities import (
    LAUNCH_PHASES,
    RETRO_PHASES,
    ActivitiesError,
    Activity,
    AgendaItem,
    PlanError,
    load_activities,
    plan_launch,
    plan_retro,
)
from copkit.model import Charter

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
    return {"online": activity.online, "in-person": activity.in_person, "hybrid": activity.online and activity.in_person}[mode]


def check_plan(plan: list[AgendaItem], phases: tuple[str, ...], minutes: int, start: time, mode: str) -> None:
    """Every property a timeboxed plan must have."""
    assert [item.phase for item in plan] == list(phases)
    assert sum(item.minutes for item in plan) == minutes
    assert plan[0].start == start
    clock = datetime.combine(datetime.min.date(), start)
    for item in plan:
        assert item.start == clock.time()
        clock += timedelta(minutes=item.minutes)
        assert item.end == clock.time()
        assert item.minutes >= 5
        assert item.activity.phase == item.phase
        assert suits(item.activity, mode)
        assert item.lead in ROLE_KEYS
    # Every item lasts a multiple of five minutes; only the last absorbs an odd remainder.
    assert all(item.minutes % 5 == 0 for item in plan[:-1])
    assert plan[-1].minutes % 5 == minutes % 5


# --- The library -----------------------------------------------------------------------------------


def test_library_loads_and_has_20_to_30_unique_activities():
    assert 20 <= len(LIBRARY) <= 30
    assert all(key == activity.id for key, activity in LIBRARY.items())
    raw = (builtin_templates() / "activities.yaml").read_text(encoding="utf-8")
    assert raw.count("\n- id: ") == len(LIBRARY)  # no id silently lost to a duplicate


@pytest.mark.parametrize("phase", sorted(set(LAUNCH_PHASES + RETRO_PHASES)))
def test_every_phase_has_two_activities_for_every_mode(phase):
    here = [activity for activity in LIBRARY.values() if activity.phase == phase]
    assert len(here) >= 2
    for mode in MODES:
        assert any(suits(activity, mode) for activity in here), mode


def test_every_activity_reads_well_in_both_languages():
    for activity in LIBRARY.values():
        for lang in ("en", "nl"):
            assert "\n" not in activity.how_to[lang] and activity.how_to[lang].strip()
            assert activity.name[lang] == getattr(activity.name, lang)
            assert activity.name[lang] != activity.id  # a real name, not the id copied
        assert activity.source
        assert 5 <= activity.minutes <= 60


def test_the_library_names_the_liberating_structures_it_uses():
    names = {activity.name.en for activity in LIBRARY.values()}
    assert {"1-2-4-All", "Impromptu Networking", "Min Specs", "What, So What, Now What?"} <= names
    for activity in LIBRARY.values():
        if activity.source.startswith("Liberating Structures"):
            assert activity.name.en == activity.name.nl  # proper names stay the same in Dutch


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
    assert activities["my-welcome"].name.nl == "Welkomstlied"
    assert activities["min-specs"].name.en == "Minimal rules"
    assert activities["min-specs"].minutes == 25
    assert load_activities()["min-specs"].name.en == "Min Specs"  # the built-in library is untouched


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
    assert plan[1].activity.id == "line-up"
    with pytest.raises(ActivitiesError, match="'get-to-know' step of an online meeting"):
        plan_launch(charter(mode="online"), only)


ENTRY = OWN.split("- id: min-specs")[0]


@pytest.mark.parametrize(
    "content, problem",
    [
        ("id: my-welcome\nphase: welcome\n", "should be a list of activities"),
        ("just some text\n", "should be a list of activities"),
        ("- just some text\n", "entry 1: should be a mapping"),
        (ENTRY.replace("  minutes: 5\n", ""), "activity 'my-welcome': 'minutes' is missing"),
        (ENTRY.replace("  source: our own practice\n", ""), "activity 'my-welcome': 'source' is missing"),
        (ENTRY.replace("nl: Welkomstlied", "fr: Chanson"), "'name.nl' is missing"),
        (ENTRY.replace("phase: welcome", "phase: lunch"), "phase 'lunch' is not one of welcome, get-to-know"),
        (ENTRY.replace("minutes: 5", "minutes: five"), "'minutes' should be a whole number"),
        (ENTRY.replace("minutes: 5", "minutes: 0"), "'minutes' should be between 1 and 480"),
        (ENTRY.replace("online: false", "online: sometimes"), "'online' should be true or false"),
        (ENTRY.replace("source:", "colour: red\n  source:"), "unknown field 'colour'"),
        (ENTRY.replace("id: my-welcome", "id: My Welcome"), "activity 'My Welcome': the id must be kebab-case"),
        (ENTRY.replace("id: my-welcome\n  ", ""), "entry 1: 'id' is missing"),
        (ENTRY.replace("en: We sing.", 'en: "We sing.\\nLoudly."'), "'how_to.en': must be one line"),
        (ENTRY.replace("how_to: {en: We sing., nl: We zingen.}", "how_to: We sing."), "'how_to' should be a mapping"),
        (ENTRY + ENTRY, "the id 'my-welcome' is used twice"),
        ("- id: [unclosed\n", "not valid YAML: line 2"),
        ("- id: a\n  name: {en: x\n", "not valid YAML"),
    ],
)
def test_a_malformed_coach_file_names_the_file_and_the_problem(tmp_path: Path, content: str, problem: str):
    path = tmp_path / "activities.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActivitiesError) as caught:
        load_activities(path)
    message = str(caught.value)
    assert problem in message
    assert all(line.startswith(f"{path}: ") for line in message.splitlines())
    assert "Traceback" not in message and "pydantic" not in message.lower()


def test_every_problem_in_a_file_is_reported_each_on_its_own_line(tmp_path: Path):
    path = tmp_path / "activities.yaml"
    path.write_text(ENTRY.replace("phase: welcome", "phase: lunch").replace("  minutes: 5\n", ""), encoding="utf-8")
    with pytest.raises(ActivitiesError) as caught:
        load_activities(path)
    assert len(str(caught.value).splitlines()) == 2


def test_an_unreadable_coach_file_is_an_activities_error(tmp_path: Path):
    with pytest.raises(ActivitiesError, match="cannot read it"):
        load_activities(tmp_path / "missing.yaml")
    path = tmp_path / "activities.yaml"
    path.write_bytes(b"- id: caf\xe9\n")
    with pytest.raises(ActivitiesError, match="not UTF-8"):
        load_activities(path)


# --- The launch agenda -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("minutes", [60, 90, 120, 180])
def test_the_launch_fills_its_duration_exactly(mode: str, minutes: int, charter):
    launched = charter(mode=mode, minutes=45, launch={"time": "14:00", "duration_minutes": minutes})
    plan = plan_launch(launched)
    check_plan(plan, LAUNCH_PHASES, minutes, time(14, 0), mode)
    assert plan == plan_launch(launched)  # the same charter always gives the same plan
    assert [item.lead for item in plan] == ["leader", "coach", "sponsor", "leader", "coach", "leader", "leader"]


def test_the_launch_falls_back_to_the_cadence_then_to_two_hours_from_nine(charter):
    check_plan(plan_launch(charter(minutes=75, at="12:30")), LAUNCH_PHASES, 75, time(12, 30), "hybrid")
    check_plan(plan_launch(charter(minutes=None, at=None)), LAUNCH_PHASES, 120, time(9, 0), "hybrid")
    check_plan(
        plan_launch(charter(minutes=None, at="16:00", launch={"date": "2027-01-14"})), LAUNCH_PHASES, 120, time(16, 0), "hybrid"
    )


def test_the_launch_gives_most_time_to_getting_to_know_and_the_one_pager(charter):
    plan = {item.phase: item for item in plan_launch(charter(mode="in-person", minutes=120))}
    longest = sorted(plan.values(), key=lambda item: item.minutes)[-2:]
    assert {item.phase for item in longest} == {"get-to-know", "one-pager"}
    assert plan["welcome"].minutes <= plan["goals"].minutes


def test_a_launch_of_two_hours_online(charter):
    plan = plan_launch(charter(mode="online", minutes=None, at="10:00"))
    assert [(f"{item.start:%H:%M}", item.minutes, item.activity.id) for item in plan] == [
        ("10:00", 10, "welcome-host"),
        ("10:10", 30, "personal-maps"),
        ("10:40", 10, "sponsor-why"),
        ("10:50", 25, "one-two-four-all"),
        ("11:15", 20, "dot-voting-goals"),
        ("11:35", 15, "consent-agreements"),
        ("11:50", 10, "appreciations"),
    ]


def test_a_duration_that_is_no_multiple_of_five_ends_with_the_odd_minutes(charter):
    plan = plan_launch(charter(minutes=62, at="12:00"))
    check_plan(plan, LAUNCH_PHASES, 62, time(12, 0), "hybrid")
    assert plan[-1].end == time(13, 2)


def test_a_launch_running_past_midnight_is_refused(charter):
    with pytest.raises(PlanError, match="23:00 and lasting 120 minutes would run past midnight"):
        plan_launch(charter(launch={"time": "23:00", "duration_minutes": 120}))
    with pytest.raises(CopkitError):  # PlanError is a CopkitError: shown to the user, not a bug
        plan_retro(charter(minutes=90, at="23:30"))
    plan = plan_launch(charter(launch={"time": "22:00", "duration_minutes": 120}))  # ending at midnight is fine
    assert plan[-1].end == time(0, 0)


def test_a_meeting_too_short_for_its_steps_is_refused(charter):
    with pytest.raises(PlanError, match="too short for its 7 steps.*at least 35 minutes"):
        plan_launch(charter(minutes=30))
    with pytest.raises(PlanError, match="too short for its 5 steps.*at least 25 minutes"):
        plan_retro(charter(), minutes=20)


# --- The retrospective -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("minutes", [60, 90, 120, 180])
def test_the_retro_fills_its_duration_exactly(mode: str, minutes: int, charter):
    regular = charter(mode=mode, minutes=45, at="12:30", launch={"time": "09:00", "duration_minutes": 240})
    plan = plan_retro(regular, minutes)
    check_plan(plan, RETRO_PHASES, minutes, time(12, 30), mode)  # the launch's time and length do not apply
    assert plan == plan_retro(regular, minutes)
    assert [item.lead for item in plan] == ["coach", "coach", "coach", "members", "leader"]


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
    too_short = minutes < 5 * len(phases)
    past_midnight = ends.date() > datetime.min.date() and ends.time() != time(0, 0)
    if retro:
        subject = charter(mode=mode, minutes=None, at=f"{start:%H:%M}")

    def planned() -> list[AgendaItem]:
        return plan_retro(subject, minutes, LIBRARY) if retro else plan_launch(subject, LIBRARY)

    if too_short or past_midnight:
        with pytest.raises(PlanError, match="too short" if too_short else "past midnight"):
            planned()
    else:
        plan = planned()
        check_plan(plan, phases, minutes, start, mode)
        assert plan == planned()
