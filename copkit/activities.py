"""The facilitation activities behind the launch agenda and the retrospective, and the planner
that turns them into a timeboxed programme.

Activities are data (``activities.yaml``), not code, so a coach can add or replace them without
touching copkit. Planning is a pure function of the charter and the library: the same input
always gives the same plan, which keeps rendered handouts reproducible.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictInt,
    model_validator,
)
from pydantic_core import PydanticCustomError

from copkit import rules
from copkit.choices import Mode, Role
from copkit.diagnostics import Diagnostic, Severity
from copkit.errors import CopkitError
from copkit.i18n import translations
from copkit.model import MAX_LINE, NonEmptyParagraph, NonEmptyText, custom_error
from copkit.paths import builtin_templates
from copkit.validation import validate
from copkit.yamlfile import Document, FileKind, LoadError, kind_of, read_document

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
# Who leads a step: one of the charter's roles, or all members together.
Lead = Literal[Role, "members"]
LAUNCH_LEADS: dict[str, Lead] = {
    "welcome": "leader",
    "get-to-know": "coach",
    "sponsor": "sponsor",
    "one-pager": "leader",
    "goals": "coach",  # the coach facilitates, the members set the goals
    "agreements": "leader",
    "close": "leader",
}
RETRO_LEADS: dict[str, Lead] = {
    "set-the-stage": "coach",
    "gather-data": "coach",
    "generate-insights": "coach",
    "decide": "members",  # members decide what they will do; nobody decides for them
    "close": "leader",
}

SLOT = 5  # agenda items last a multiple of this many minutes
DEFAULT_START = time(9, 0)
FILENAME = "activities.yaml"


class ActivitiesError(CopkitError):
    """An activities file that cannot be used, or a library with no activity for a step; the message
    names the step and says what to change. For a file, ``diagnostics`` holds every problem in it,
    sorted, each at its line and column."""

    def __init__(self, problem: str | list[Diagnostic]):
        if isinstance(problem, str):
            super().__init__(problem)
        else:
            super().__init__("fix the activities file first", sorted(problem))

    def __str__(self) -> str:
        return "\n".join(map(str, self.diagnostics)) if self.diagnostics else self.message


class PlanError(CopkitError):
    """A meeting that cannot be planned as asked: too short for its steps, or running past midnight."""


# --- The library ----------------------------------------------------------------------------------

_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _kebab_case(value: str) -> str:
    if not _KEBAB.fullmatch(value):
        raise custom_error(
            "kebab_case",
            "'{value}' is not kebab-case: use lower-case letters, digits and single hyphens, as in one-two-four-all",
            value=value if len(value) <= MAX_LINE else value[:MAX_LINE] + "…",
        )
    return value


# The msgctxt of activity names and how-tos in the catalogues (see templates/locale/update.py).
ACTIVITY_CONTEXT = "activity"


def _one_line(value: str) -> str:
    if any(mark in value for mark in "\n\r\x85\u2028\u2029"):
        raise PydanticCustomError("one_line", "write it on one line")
    return value


# An activity's texts reach every handout: the charter's own bounds apply (no control characters,
# a name on one line of at most MAX_LINE characters), and a how-to is one line, however long.
OneLine = Annotated[NonEmptyParagraph, AfterValidator(_one_line)]


class Wording(BaseModel):
    """An activity's name or how-to. Written as one text (``name: Check-in round``), it is English, and
    shown in another language through the catalogue when the catalogue has it, else as written. A
    coach may instead give their own text per language (``name: {en: Welcome song, nl: Welkomstlied}``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: OneLine
    nl: OneLine | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_text(cls, data: Any) -> Any:
        if isinstance(
            data, str
        ):  # checked here, so that a problem is shown at the text, not at a key the coach never wrote
            if not data.strip():
                raise PydanticCustomError("string_too_short", "is empty")
            return {"en": _one_line(data.strip())}
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "text_or_mapping",
                "expected one line of text, or a mapping with en and nl; found {found}",
                {"found": kind_of(data)},
            )
        return data

    def in_language(self, lang: str) -> str:
        """The text in ``lang``: the coach's own for that language, else the English translated."""
        own = getattr(self, lang, None) if lang in type(self).model_fields else None
        return own or str(translations(lang).pgettext(ACTIVITY_CONTEXT, self.en))


class Activity(BaseModel):
    """One facilitation activity, as written in ``activities.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, AfterValidator(_kebab_case)]
    name: Wording
    phase: Literal[PHASES]  # type: ignore[valid-type]
    minutes: Annotated[StrictInt, Field(ge=1, le=480)]
    in_person: StrictBool
    online: StrictBool
    how_to: Wording
    source: NonEmptyText

    def name_in(self, lang: str) -> str:
        """What the handout calls the activity in ``lang``."""
        return self.name.in_language(lang)

    def how_to_in(self, lang: str) -> str:
        """How to run the activity, in ``lang``."""
        return self.how_to.in_language(lang)

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


# A coach's library: room for hundreds of activities, not for a file that only exists to be slow.
MAX_LIBRARY = 500
ACTIVITIES_FILE = FileKind(
    noun="an activities file",
    root=list,
    shape="a list of activities, each starting with '- id:'",
    one="one list of activities",
    empty=None,  # an empty (or all-comments) file adds nothing
    max_items=MAX_LIBRARY,
)


class _Library(RootModel[list[Activity]]):
    """An activities file as a whole: a list of activities."""


def _read(path: Path) -> dict[str, Activity]:
    """One activities file, checked whole like a charter: every problem is reported at its line and
    column, and none of the file is used unless it has no errors."""
    shown = str(path)
    try:
        document = read_document(path, shown, kind=ACTIVITIES_FILE)
    except LoadError as exc:
        raise ActivitiesError(exc.problems) from None
    library, problems = validate(document, shown, model=_Library)
    problems += document.problems + _duplicate_ids(document, shown)
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise ActivitiesError(sorted(set(problems)))
    assert library is not None
    return {activity.id: activity for activity in library.root}


def _duplicate_ids(document: Document, shown: str) -> list[Diagnostic]:
    """An id given to two activities in one file: reported at the second one's id."""
    first: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(document.data):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        where = document.position((index, "id"))
        if entry["id"] in first:
            problems.append(
                Diagnostic(
                    shown,
                    *where,
                    Severity.ERROR,
                    rules.DUPLICATE_KEY.code,
                    f"duplicate id '{entry['id']}' (first at line {first[entry['id']]}): give each activity its own id",
                )
            )
        else:
            first[entry["id"]] = where[0]
    return problems


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
    lead: Lead


def plan_launch(charter: Charter, activities: dict[str, Activity] | None = None) -> list[AgendaItem]:
    """The launch agenda: one activity per launch step, timeboxed to fill the meeting exactly.

    Duration: ``launch.duration_minutes``, else ``cadence.duration_minutes``, else 120 minutes.
    Start: ``launch.time``, else ``cadence.time``, else 09:00. Only activities that suit
    ``cadence.mode`` are used (hybrid: those that work both in the room and online).
    """
    start = charter.launch_time or DEFAULT_START
    return _plan(
        "launch", LAUNCH_WEIGHTS, LAUNCH_LEADS, charter.cadence.mode, charter.launch_minutes, start, activities
    )


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
    leads: dict[str, Lead],
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
    for phase, activity, length in zip(weights, chosen, _timebox(minutes, [a.minutes for a in chosen]), strict=True):
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
