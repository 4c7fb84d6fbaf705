"""The facilitation activities behind the launch agenda and the retrospective, and the planner
that turns them into a timeboxed programme.

Activities are data (``activities.yaml``), not code, so a coach can add or replace them without
touching copkit. Planning is a pure function of the charter and the library: the same input
always gives the same plan, which keeps rendered handouts reproducible.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints, ValidationError, field_validator

from copkit.choices import Mode
from copkit.errors import CopkitError
from copkit.paths import builtin_templates
from copkit.yamlfile import kind_of

if TYPE_CHECKING:
    from copkit.model import Charter

LAUNCH_PHASES = ("welcome", "get-to-know", "sponsor", "one-pager", "goals", "agreements", "close")
RETRO_PHASES = ("set-the-stage", "gather-data", "generate-insights", "decide", "close")
PHASES = tuple(dict.fromkeys(LAUNCH_PHASES + RETRO_PHASES))

# Each step's share of the meeting: getting to know each other and the one-pager matter most at a
# launch (a first impression, and the charter made the members' own); welcome and close are short.
LAUNCH_WEIGHTS = {"welcome": 2, "get-to-know": 5, "sponsor": 2, "one-pager": 5, "goals": 4, "agreements": 3, "close": 2}
RETRO_WEIGHTS = {"set-the-stage": 2, "gather-data": 4, "generate-insights": 4, "decide": 3, "close": 2}

# Who leads each step, as a role key; the handout turns it into the names from the charter.
LAUNCH_LEADS = {
    "welcome": "leader",
    "get-to-know": "coach",
    "sponsor": "sponsor",
    "one-pager": "leader",
    "goals": "coach",  # the coach facilitates, the members set the goals
    "agreements": "leader",
    "close": "leader",
}
RETRO_LEADS = {phase: "coach" for phase in RETRO_PHASES} | {"decide": "members", "close": "leader"}

SLOT = 5  # agenda items last a multiple of this many minutes
DEFAULT_START = time(9, 0)
FILENAME = "activities.yaml"


class ActivitiesError(CopkitError):
    """An activities file that cannot be used, or a library with no activity for a step; the message
    names the file or the step and says what to change."""


class PlanError(CopkitError):
    """A meeting that cannot be planned as asked: too short for its steps, or running past midnight."""


# --- The library ----------------------------------------------------------------------------------

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Bilingual(BaseModel):
    """A text in English and Dutch; ``text["nl"]`` and ``text.nl`` both work, in code and templates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: Line
    nl: Line

    @field_validator("en", "nl")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value or "\r" in value:
            raise ValueError("must be one line")
        return value

    def __getitem__(self, lang: str) -> str:
        if lang not in ("en", "nl"):
            raise KeyError(lang)
        return getattr(self, lang)  # type: ignore[no-any-return]


class Activity(BaseModel):
    """One facilitation activity, as written in ``activities.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    name: Bilingual
    phase: Literal[PHASES]  # type: ignore[valid-type]
    minutes: Annotated[StrictInt, Field(ge=1, le=480)]
    in_person: StrictBool
    online: StrictBool
    how_to: Bilingual
    source: Line

    def suits(self, mode: Mode) -> bool:
        """Whether the activity works for a meeting in ``mode``; hybrid needs both room and call."""
        if mode == "online":
            return self.online
        if mode == "in-person":
            return self.in_person
        return self.online and self.in_person


def load_activities(extra: Path | None = None) -> dict[str, Activity]:
    """The built-in library by id, with a coach's file on top: a new id adds an activity, an
    existing id replaces the built-in one. ``extra`` is that file (``DIR/activities.yaml``)."""
    activities = dict(_builtin())
    if extra is not None:
        activities.update(_read(extra))
    return activities


@functools.cache
def _builtin() -> dict[str, Activity]:
    """The built-in library, read once per process: every agenda and retrospective needs it."""
    return _read(builtin_templates() / FILENAME)


_FIELDS = "id, name, phase, minutes, in_person, online, how_to and source"


def _read(path: Path) -> dict[str, Activity]:
    """One activities file, checked whole: every problem is reported, each on one line."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ActivitiesError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ActivitiesError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ActivitiesError(f"{path}: not valid YAML: {_yaml_problem(exc)}") from None
    if data is None:
        return {}  # an empty (or all-comments) file adds nothing
    if not isinstance(data, list):
        raise ActivitiesError(
            f"{path}: should be a list of activities (lines starting with '- '), not {kind_of(data)}"
        )
    activities: dict[str, Activity] = {}
    problems: list[str] = []
    for index, entry in enumerate(data, start=1):
        label = _label(entry, index)
        if not isinstance(entry, dict):
            problems.append(f"{label}: should be a mapping with {_FIELDS}, not {kind_of(entry)}")
            continue
        try:
            activity = Activity.model_validate(entry)
        except ValidationError as exc:
            problems.extend(f"{label}: {_reword(error)}" for error in exc.errors())
            continue
        if activity.id in activities:
            problems.append(f"{label}: the id '{activity.id}' is used twice in this file")
            continue
        activities[activity.id] = activity
    if problems:
        raise ActivitiesError("\n".join(f"{path}: {problem}" for problem in problems))
    return activities


def _label(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return f"activity '{entry['id'].strip()}'"
    return f"entry {index}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{problem}"


def _reword(error: Any) -> str:
    """A pydantic error as one short line a coach can act on."""
    where = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"'{where}' is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{where}' (fields are {_FIELDS})"
    if where == "phase":
        return f"phase '{error.get('input')}' is not one of {', '.join(PHASES)}"
    if where == "id":
        return "the id must be kebab-case: lower-case letters, digits and single hyphens"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{where}' should be a whole number of minutes"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"'{where}' should be between 1 and 480 minutes"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{where}' should be true or false"
    if kind in ("model_type", "model_attributes_type"):
        return f"'{where}' should be a mapping with en and nl"
    if kind == "string_too_short":
        return f"'{where}' is empty"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"'{where}': {message[:1].lower()}{message[1:]}"


# --- Planning -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    """One timeboxed step of a meeting; ``lead`` is a role key (leader, coach, sponsor, coordinator
    or members) that the handout turns into names."""

    start: time
    end: time
    minutes: int
    phase: str
    activity: Activity
    lead: str


def plan_launch(charter: Charter, activities: dict[str, Activity] | None = None) -> list[AgendaItem]:
    """The launch agenda: one activity per launch step, timeboxed to fill the meeting exactly.

    Duration: ``launch.duration_minutes``, else ``cadence.duration_minutes``, else 120 minutes.
    Start: ``launch.time``, else ``cadence.time``, else 09:00. Only activities that suit
    ``cadence.mode`` are used (hybrid: those that work both in the room and online).
    """
    start = charter.launch_time or DEFAULT_START
    return _plan("launch", LAUNCH_WEIGHTS, LAUNCH_LEADS, charter.cadence.mode, charter.launch_minutes, start, activities)


def plan_retro(
    charter: Charter, minutes: int | None = None, activities: dict[str, Activity] | None = None
) -> list[AgendaItem]:
    """The retrospective: the five retrospective phases, timeboxed like the launch.

    Duration: ``minutes``, else ``cadence.duration_minutes``, else 90. Start: ``cadence.time``,
    else 09:00 (a retrospective is a regular meeting, so the launch's own time does not apply).
    """
    minutes = minutes or charter.cadence.duration_minutes or 90
    start = charter.cadence.time or DEFAULT_START
    return _plan("retrospective", RETRO_WEIGHTS, RETRO_LEADS, charter.cadence.mode, minutes, start, activities)


def _plan(
    meeting: str,
    weights: dict[str, int],
    leads: dict[str, str],
    mode: Mode,
    minutes: int,
    start: time,
    activities: dict[str, Activity] | None,
) -> list[AgendaItem]:
    steps = len(weights)
    if minutes < SLOT * steps:
        raise PlanError(
            f"a {meeting} of {minutes} minutes is too short for its {steps} steps of at least {SLOT} minutes each:"
            f" give it at least {SLOT * steps} minutes"
        )
    begin = datetime.combine(date(2000, 1, 1), start)
    if begin + timedelta(minutes=minutes) > datetime.combine(begin.date() + timedelta(days=1), time(0, 0)):
        raise PlanError(
            f"a {meeting} starting at {start:%H:%M} and lasting {minutes} minutes would run past midnight:"
            " start earlier or make it shorter"
        )
    library = load_activities() if activities is None else activities
    total = sum(weights.values())
    chosen = [_choose(library, phase, mode, Fraction(minutes * weight, total)) for phase, weight in weights.items()]
    items = []
    clock = begin
    for phase, activity, length in zip(weights, chosen, _timebox(minutes, [a.minutes for a in chosen])):
        end = clock + timedelta(minutes=length)
        items.append(AgendaItem(clock.time(), end.time(), length, phase, activity, leads[phase]))
        clock = end
    return items


def _choose(library: dict[str, Activity], phase: str, mode: Mode, share: Fraction) -> Activity:
    """The suitable activity whose typical length is closest to the step's share; ties go to the id."""
    suitable = [activity for activity in library.values() if activity.phase == phase and activity.suits(mode)]
    if not suitable:
        raise ActivitiesError(
            f"no activity for the '{phase}' step of a{'n' if mode != 'hybrid' else ''} {mode} meeting:"
            f" add one with phase: {phase} that suits {mode} to {FILENAME} in your --templates folder"
        )
    return min(suitable, key=lambda activity: (abs(activity.minutes - share), activity.id))


def _timebox(minutes: int, typical: list[int]) -> list[int]:
    """Split ``minutes`` over the items in proportion to their typical lengths, in whole slots of
    five minutes and at least one slot each; the last item also takes any minutes left over when
    ``minutes`` is not a multiple of five, so earlier items end on five-minute marks."""
    slots = minutes // SLOT
    total = sum(typical)
    ideal = [Fraction(slots * length, total) for length in typical]
    given = [max(1, math.floor(share)) for share in ideal]
    # Largest remainder first, earlier items first on a tie: exact, and always the same answer.
    while sum(given) < slots:
        i = max(range(len(given)), key=lambda i: (ideal[i] - given[i], -i))
        given[i] += 1
    while sum(given) > slots:
        i = min((i for i in range(len(given)) if given[i] > 1), key=lambda i: (ideal[i] - given[i], -i))
        given[i] -= 1
    lengths = [count * SLOT for count in given]
    lengths[-1] += minutes % SLOT
    return lengths
