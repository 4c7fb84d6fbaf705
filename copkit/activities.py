"""The facilitation activities behind every agenda and the retrospective, and the planner that
turns them into a timeboxed programme for a meeting of any length, from 15 minutes to a full day.

A kind of meeting (:data:`MEETINGS`) is an ordered list of steps, each required or optional; an
activity has a minimum, natural and maximum length and the steps it can fill. :func:`schedule`
explains the rules; :class:`Plan` is what the handouts show.

Activities are data (``activities.yaml``), not code, so a coach can add or replace them without
touching copkit. Planning is a pure function of the charter and the library: the same input
always gives the same plan, which keeps rendered handouts reproducible.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

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
from copkit.choices import Meeting, Mode, Role
from copkit.diagnostics import Diagnostic, Severity
from copkit.errors import CopkitError
from copkit.i18n import translations
from copkit.model import MAX_LINE, NonEmptyParagraph, NonEmptyText, custom_error
from copkit.paths import builtin_templates
from copkit.validation import validate
from copkit.yamlfile import Document, FileKind, LoadError, kind_of, read_document

if TYPE_CHECKING:
    from copkit.model import Charter

# Who leads a step: one of the charter's roles, or all members together.
Lead = Literal[Role, "members"]
# What a meeting is planned for: one of the agenda's meetings, or the retrospective.
Kind = Literal[Meeting, "retrospective"]
# What an activity needs beyond chairs, a screen and sticky notes; breakout rooms only online.
Need = Literal["whiteboard", "breakout-rooms", "flip-chart-per-station", "cards"]
NEEDS: tuple[Need, ...] = get_args(Need)


@dataclass(frozen=True)
class StepSpec:
    """One step of a kind of meeting.

    ``weight`` is its share of the time when activities are chosen; ``drop`` is 0 for a step every
    meeting of the kind holds, else the order in which optional steps go when time is short (1
    first); ``most`` is how many activities it takes in a long meeting (a second one only when every
    step already has its natural length and the activities are stretched to their maximum)."""

    step: str
    weight: int
    lead: Lead
    drop: int = 0
    most: int = 1
    prefer: tuple[str, ...] = ()  # activities to pick first when they fit (a session prefers the charter's formats)


def _steps(*specs: StepSpec) -> tuple[StepSpec, ...]:
    return specs


# Each kind of meeting, as an ordered list of steps. The launch follows the domain's fourth step
# (get to know each other, the one-pager made the members' own, first goals as experiments); the
# retrospective the five phases of Derby and Larsen; a session gives most of its time to one of
# the community's formats; a closing meeting consults, decides, hands over and thanks.
MEETINGS: dict[Kind, tuple[StepSpec, ...]] = {
    "exploration": _steps(
        StepSpec("welcome", 1, "leader", drop=2),
        StepSpec("explore", 6, "leader", most=2),
        StepSpec("next-steps", 2, "leader", drop=1),
    ),
    "launch": _steps(
        StepSpec("welcome", 2, "leader", drop=5),
        StepSpec("get-to-know", 5, "coach", most=2),
        StepSpec("sponsor", 2, "sponsor", drop=4),
        StepSpec("membership", 2, "leader", drop=2),
        StepSpec("one-pager", 5, "leader", most=2),
        StepSpec("practice", 4, "members", drop=1, most=2),
        StepSpec("goals", 4, "coach"),  # the coach facilitates, the members set the goals
        StepSpec("agreements", 3, "leader", drop=3),
        StepSpec("close", 2, "leader", drop=6, prefer=("look-ahead",)),  # the next meeting announced
    ),
    "session": _steps(
        StepSpec("welcome", 1, "leader", drop=2),
        StepSpec("format", 8, "members", most=3),
        StepSpec("decide", 2, "members", drop=1),
        StepSpec("close", 1, "leader", drop=3),
    ),
    "closing": _steps(
        StepSpec("welcome", 1, "leader", drop=3),
        StepSpec("consult", 4, "coach", drop=4, most=2),
        StepSpec("decide-future", 4, "members"),
        StepSpec("archive", 3, "leader", drop=1),
        StepSpec("recognise", 3, "members"),
        StepSpec("celebrate", 2, "leader", drop=2, most=2),
    ),
    "retrospective": _steps(
        StepSpec("set-the-stage", 2, "coach", drop=2),
        StepSpec("gather-data", 4, "coach", most=2),
        StepSpec("generate-insights", 4, "coach", drop=3, most=2),
        StepSpec("decide", 3, "members", most=2),  # members decide what they will do; nobody decides for them
        StepSpec("close", 2, "leader", drop=1, most=2),
    ),
}
STEPS = tuple(dict.fromkeys(spec.step for specs in MEETINGS.values() for spec in specs))
LAUNCH_PHASES = tuple(spec.step for spec in MEETINGS["launch"])
RETRO_PHASES = tuple(spec.step for spec in MEETINGS["retrospective"])

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


Minutes = Annotated[StrictInt, Field(ge=1, le=480)]


def _range_of(minutes: int) -> tuple[int, int]:
    """The range given to an activity written with only ``minutes`` (a coach file from before
    ``min_minutes`` and ``max_minutes``): two thirds of it to half as long again."""
    return max(1, math.ceil(minutes * 2 / 3)), min(480, minutes * 3 // 2)


Step = Literal[STEPS]  # type: ignore[valid-type]


class Activity(BaseModel):
    """One facilitation activity, as written in ``activities.yaml``.

    ``minutes`` is its natural length; the planner never runs it shorter than ``min_minutes`` or
    longer than ``max_minutes``. ``steps`` are the meeting steps it can fill. An older file's
    ``phase: STEP`` means ``steps: [STEP]``, and a missing range :func:`_range_of`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, AfterValidator(_kebab_case)]
    name: Wording
    steps: Annotated[tuple[Step, ...], Field(max_length=len(STEPS))] = ()
    phase: Step | None = None
    min_minutes: Minutes | None = None
    minutes: Minutes
    max_minutes: Minutes | None = None
    in_person: StrictBool
    online: StrictBool
    needs: Annotated[tuple[Need, ...], Field(max_length=len(NEEDS))] = ()
    how_to: Wording
    source: NonEmptyText

    @model_validator(mode="after")
    def _consistent(self) -> Activity:
        if not self.steps and self.phase is None:
            raise PydanticCustomError("no_steps", "give the steps it can fill, as in steps: [welcome, close]")
        if self.steps and self.phase is not None:
            raise PydanticCustomError(
                "steps_and_phase", "give steps or phase, not both: steps: [{phase}]", {"phase": self.phase}
            )
        if not self.lowest <= self.minutes <= self.highest:
            raise PydanticCustomError(
                "minutes_range",
                "min_minutes ({low}) ≤ minutes ({natural}) ≤ max_minutes ({high}) does not hold: put them in order",
                {"low": self.lowest, "natural": self.minutes, "high": self.highest},
            )
        return self

    @property
    def fills(self) -> tuple[str, ...]:
        """The steps it can fill: ``steps``, or an older file's ``phase``."""
        return self.steps or ((self.phase,) if self.phase is not None else ())

    @property
    def lowest(self) -> int:
        """The shortest it can run: ``min_minutes``, else two thirds of ``minutes``."""
        return self.min_minutes if self.min_minutes is not None else _range_of(self.minutes)[0]

    @property
    def highest(self) -> int:
        """The longest it may run: ``max_minutes``, else half as long again as ``minutes``."""
        return self.max_minutes if self.max_minutes is not None else _range_of(self.minutes)[1]

    @property
    def shortest(self) -> int:
        """The shortest time box the planner gives it: its minimum, up to whole five-minute slots."""
        return max(SLOT, -(-self.lowest // SLOT) * SLOT)

    @property
    def longest(self) -> int:
        """The longest time box in whole slots: its maximum, down to whole slots (never under ``shortest``)."""
        return max(self.shortest, self.highest // SLOT * SLOT)

    @property
    def natural(self) -> int:
        """Its natural length in whole slots, within ``shortest`` and ``longest``."""
        return min(self.longest, max(self.shortest, round(self.minutes / SLOT) * SLOT))

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

# Pauses in long meetings: a break about every BREAK_EVERY minutes once a meeting lasts LONG_MEETING
# minutes or more, and lunch when a meeting of at least LUNCH_FROM minutes covers NOON to NOON_END.
BREAK_EVERY = 90
LONG_MEETING = 180
LUNCH_FROM = 120
NOON, NOON_END = time(12, 0), time(13, 0)
# (shortest, natural, longest) of a pause, in minutes.
PAUSES = {"break": (10, 15, 20), "lunch": (30, 45, 60)}
# A pause goes between two activities within NEAR minutes of its moment, else splits the activity
# running then, leaving each part at least PART minutes.
NEAR = 30
PART = 20
# A meeting that starts no more than LUNCH_FIRST minutes before noon (or after it) opens with lunch:
# people eat as they arrive, rather than stopping for lunch right after the welcome.
LUNCH_FIRST = 20


@dataclass(frozen=True)
class AgendaItem:
    """One timeboxed item of a meeting: an activity filling a step, or a break or lunch (``step``
    is then 'break' or 'lunch', with no activity and no lead). ``lead`` is a role key (leader,
    coach, sponsor, coordinator or members) that the handout turns into names."""

    start: time
    end: time
    minutes: int
    phase: str
    activity: Activity | None
    lead: Lead | None


@dataclass(frozen=True)
class Plan:
    """A planned meeting: its items back to back, filling it exactly; the optional steps left out
    for lack of time (to say so on the agenda); and what the chosen activities need."""

    kind: Kind
    items: tuple[AgendaItem, ...]
    dropped: tuple[str, ...]
    needs: tuple[Need, ...]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def plan_launch(
    charter: Charter,
    activities: dict[str, Activity] | None = None,
    *,
    minutes: int | None = None,
    seed: str | None = None,
) -> Plan:
    """The launch agenda (see :func:`plan_meeting`). Duration: ``minutes``, else
    ``launch.duration_minutes``, else ``cadence.duration_minutes``, else 120. Start: ``launch.time``,
    else ``cadence.time``, else 09:00."""
    return plan_meeting(charter, "launch", activities, minutes=minutes, seed=seed)


def plan_retro(
    charter: Charter,
    minutes: int | None = None,
    activities: dict[str, Activity] | None = None,
    *,
    seed: str | None = None,
) -> Plan:
    """The retrospective: the five retrospective phases. Duration: ``minutes``, else
    ``cadence.duration_minutes``, else 90. Start: ``cadence.time``, else 09:00 (a retrospective is a
    regular meeting, so the launch's own time does not apply)."""
    return plan_meeting(charter, "retrospective", activities, minutes=minutes, seed=seed)


def meeting_length(charter: Charter, kind: Kind) -> int:
    """How long a meeting of ``kind`` lasts when nobody says: the launch's length for a launch, the
    cadence's otherwise (90 minutes when the charter gives none)."""
    if kind == "launch":
        return charter.launch_minutes
    return charter.cadence.duration_minutes or 90


def plan_meeting(
    charter: Charter,
    kind: Kind,
    activities: dict[str, Activity] | None = None,
    *,
    minutes: int | None = None,
    seed: str | None = None,
) -> Plan:
    """A meeting of ``kind`` for ``charter``: ``minutes`` long (else :func:`meeting_length`),
    in the charter's mode, a regular session preferring the charter's ``formats``. ``seed`` (the
    meeting's date, say) varies the pick among equally fitting activities; without it the
    charter's name does, so the same input always gives the same plan."""
    start = (charter.launch_time if kind == "launch" else charter.cadence.time) or DEFAULT_START
    return schedule(
        kind,
        charter.cadence.mode,
        minutes or meeting_length(charter, kind),
        start,
        load_activities() if activities is None else activities,
        seed=seed or charter.name,
        prefer=tuple(charter.cadence.formats) if kind == "session" else (),
    )


def shortest_meeting(kind: Kind, mode: Mode, activities: dict[str, Activity] | None = None) -> int:
    """The fewest minutes a meeting of ``kind`` in ``mode`` can take: its required steps, each with
    its shortest activity."""
    pool = _pools(kind, mode, load_activities() if activities is None else activities)
    return sum(min(a.shortest for a in pool[spec.step]) for spec in MEETINGS[kind] if not spec.drop)


def _pools(kind: Kind, mode: Mode, library: dict[str, Activity]) -> dict[str, list[Activity]]:
    """The activities that can fill each step of ``kind`` in ``mode``; a step with none is the
    library's problem, named for the coach."""
    pools = {}
    for spec in MEETINGS[kind]:
        pool = [a for a in library.values() if spec.step in a.fills and a.suits(mode)]
        if not pool:
            raise ActivitiesError(
                f"no activity for the '{spec.step}' step of a{'n' if mode != 'hybrid' else ''} {mode} meeting:"
                f" add one with steps: [{spec.step}] that suits {mode} to {FILENAME} in your --templates folder"
            )
        pools[spec.step] = sorted(pool, key=lambda a: a.id)
    return pools


def _rank(seed: str, kind: str, step: str, activity: Activity) -> str:
    """A stable, seed-dependent order among equally fitting activities: the same seed always gives
    the same pick, another seed (another date) another one."""
    return hashlib.sha256(f"{seed}\x00{kind}\x00{step}\x00{activity.id}".encode()).hexdigest()


def _normal(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


def _preferred(activity: Activity, prefer: tuple[str, ...]) -> bool:
    """Whether the activity is one of the community's formats ('Lean coffee' matches lean-coffee)."""
    names = (activity.id, _normal(activity.name.en))
    return any(wanted and (wanted in name or name in wanted) for wanted in map(_normal, prefer) for name in names)


def _pick(
    pool: list[Activity],
    share: Fraction,
    room: int,
    taken: set[str],
    key: tuple[str, str, str],
    prefer: tuple[str, ...],
) -> Activity | None:
    """The activity for a step: one that fits in ``room`` and is not used yet; the community's own
    formats first, then those whose range holds the step's ``share`` (or comes closest, in slots);
    equal candidates in the seed's order."""
    fitting = [a for a in pool if a.shortest <= room and a.id not in taken]
    if not fitting:
        return None
    seed, kind, step = key

    def gap(a: Activity) -> int:
        outside = max(a.shortest - share, share - a.longest, Fraction(0))
        return math.ceil(outside / SLOT)

    return min(fitting, key=lambda a: (not _preferred(a, prefer), gap(a), _rank(seed, kind, step, a)))


def _pauses(minutes: int, start: time) -> list[str]:
    """The pauses a meeting gets: lunch when it covers noon to one and lasts LUNCH_FROM minutes or
    more; in a meeting of LONG_MEETING minutes or more, breaks so that no stretch runs much past
    BREAK_EVERY minutes (lunch counting as one)."""
    begin = datetime.combine(date(2000, 1, 1), start)
    end = begin + timedelta(minutes=minutes)
    lunch = minutes >= LUNCH_FROM and begin.time() <= NOON and end >= datetime.combine(begin.date(), NOON_END)
    count = math.ceil(minutes / (BREAK_EVERY + PAUSES["break"][1])) - 1 if minutes >= LONG_MEETING else 0
    pauses = ["break"] * max(count, 0)
    if lunch:
        pauses[:1] = ["lunch"]
    return pauses


def _pause_length(pause: str, minutes: int) -> int:
    """A pause's planned length: its natural one, but a short lunch in a meeting under LONG_MEETING
    minutes, which has no time for a long one."""
    shortest, natural, _ = PAUSES[pause]
    return shortest if pause == "lunch" and minutes < LONG_MEETING else natural


def schedule(
    kind: Kind,
    mode: Mode,
    minutes: int,
    start: time,
    library: dict[str, Activity],
    *,
    seed: str,
    prefer: tuple[str, ...] = (),
) -> Plan:
    """Plan a meeting of ``kind`` that fills ``minutes`` exactly from ``start``.

    1. Pauses: lunch and breaks as :func:`_pauses` says, as long as :func:`_pause_length` says.
    2. Optional steps go, lowest ``drop`` first, until the shortest activities of the steps left
       fit the time left.
    3. One activity per step, in step order, each fitting the time the later steps leave.
    4. Each gets its minimum, then slots up to its natural length, then up to its maximum, the
       least stretched first; time still left adds another activity to a step that takes one
       (``most``), and at last lengthens the pauses. No activity runs under its minimum or past
       its maximum; every item lasts whole slots of five minutes, and the minutes of a length
       that is no multiple of five go to an item with room for them.
    5. Pauses go between items, lunch nearest to noon (first, in a meeting that starts around
       noon), breaks spread evenly.
    """
    begin = datetime.combine(date(2000, 1, 1), start)
    if begin + timedelta(minutes=minutes) > datetime.combine(begin.date() + timedelta(days=1), time(0, 0)):
        raise PlanError(
            f"a {kind} starting at {start:%H:%M} and lasting {minutes} minutes would run past midnight:"
            " start earlier or make it shorter"
        )
    specs = {spec.step: spec for spec in MEETINGS[kind]}
    pools = _pools(kind, mode, library)
    pauses = _pauses(minutes, start)
    budget = minutes // SLOT * SLOT - sum(_pause_length(p, minutes) for p in pauses)
    active = list(specs)
    dropped: list[str] = []

    def least(steps: list[str]) -> int:
        return sum(min(a.shortest for a in pools[step]) for step in steps)

    while least(active) > budget:
        optional = [step for step in active if specs[step].drop]
        if not optional:
            raise PlanError(
                f"a {kind} of {minutes} minutes is too short: its steps need at least {least(active)} minutes;"
                f" give it at least {least(active)} minutes"
            )
        gone = min(optional, key=lambda step: specs[step].drop)
        active.remove(gone)
        dropped.append(gone)
    weights = sum(specs[step].weight for step in active)
    chosen: list[tuple[str, Activity]] = []
    used = 0
    for index, step in enumerate(active):
        room = budget - used - least(active[index + 1 :])
        share = Fraction(budget * specs[step].weight, weights)
        activity = _pick(
            pools[step], share, room, set(), (seed, kind, step), prefer if step == "format" else specs[step].prefer
        )
        assert activity is not None  # room holds this step's shortest at least
        chosen.append((step, activity))
        used += activity.shortest
    lengths = [activity.shortest for _, activity in chosen]
    left = budget - sum(lengths)
    while True:
        left = _stretch(chosen, lengths, left, natural=True)
        left = _stretch(chosen, lengths, left, natural=False)
        room = budget - sum(activity.shortest for _, activity in chosen)
        # The odd minutes of a length that is no multiple of five need an item with room for them.
        odd = (
            minutes % SLOT
            and not pauses
            and all(n + minutes % SLOT > a.highest for n, (_, a) in zip(lengths, chosen, strict=True))
        )
        if (left < SLOT and not odd) or not _add(chosen, room, pools, specs, (seed, kind), prefer):
            break
        lengths = [activity.shortest for _, activity in chosen]  # stretched again, with the new one
        left = budget - sum(lengths)
    pause_lengths = [_pause_length(p, minutes) for p in pauses]
    for index in itertools.cycle(range(len(pauses))) if pauses else ():
        if left < SLOT or all(pause_lengths[i] + SLOT > PAUSES[pauses[i]][2] for i in range(len(pauses))):
            break
        if pause_lengths[index] + SLOT <= PAUSES[pauses[index]][2]:
            pause_lengths[index] += SLOT
            left -= SLOT
    items: list[tuple[str, Activity | None, int]] = [(step, a, n) for (step, a), n in zip(chosen, lengths, strict=True)]
    items = _place(items, list(zip(pauses, pause_lengths, strict=True)), start)
    left = minutes - sum(n for _, _, n in items)
    if left >= SLOT:
        raise PlanError(
            f"a {kind} of {minutes} minutes is longer than its activities can fill ({minutes - left} minutes):"
            f" make it shorter, or add longer activities to {FILENAME} in your --templates folder"
        )
    if left:
        items = _odd_minutes(items, left)
    plan: list[AgendaItem] = []
    clock = begin
    for step, activity, length in items:
        end = clock + timedelta(minutes=length)
        lead = specs[step].lead if activity is not None else None
        plan.append(AgendaItem(clock.time(), end.time(), length, step, activity, lead))
        clock = end
    needs = {need for _, activity, _ in items if activity is not None for need in activity.needs}
    if mode == "in-person":
        needs.discard("breakout-rooms")
    return Plan(kind, tuple(plan), tuple(dropped), tuple(need for need in NEEDS if need in needs))


def _stretch(chosen: list[tuple[str, Activity]], lengths: list[int], left: int, *, natural: bool) -> int:
    """Give slots, least stretched first, up to each activity's natural (or longest) length."""
    while left >= SLOT:
        limits = [a.natural if natural else a.longest for _, a in chosen]
        open_ = [i for i in range(len(chosen)) if lengths[i] + SLOT <= limits[i]]
        if not open_:
            break
        i = min(open_, key=lambda i: (Fraction(lengths[i], chosen[i][1].natural), i))
        lengths[i] += SLOT
        left -= SLOT
    return left


def _add(
    chosen: list[tuple[str, Activity]],
    room: int,
    pools: dict[str, list[Activity]],
    specs: dict[str, StepSpec],
    key: tuple[str, str],
    prefer: tuple[str, ...],
) -> bool:
    """Add one more activity to the weightiest step that takes another and has one whose minimum
    fits in ``room`` (the meeting's time less every chosen activity's minimum)."""
    taken = {a.id for _, a in chosen}
    counts = {step: sum(1 for s, _ in chosen if s == step) for step, _ in chosen}
    for step in sorted(counts, key=lambda step: (-specs[step].weight, list(counts).index(step))):
        if counts[step] >= specs[step].most:
            continue
        seed, kind = key
        extra = _pick(
            pools[step],
            Fraction(room),
            room,
            taken,
            (seed, kind, step),
            prefer if step == "format" else specs[step].prefer,
        )
        if extra is not None:
            at = max(i for i, (s, _) in enumerate(chosen) if s == step) + 1
            chosen.insert(at, (step, extra))
            return True
    return False


def _place(
    items: list[tuple[str, Activity | None, int]], pauses: list[tuple[str, int]], start: time
) -> list[tuple[str, Activity | None, int]]:
    """Put each pause between two activities: lunch where it starts nearest to noon (first, when the
    meeting starts around noon), breaks where
    they split the meeting most evenly. When no two activities meet within NEAR minutes of that
    moment, the long activity running then is split around the pause (both parts at least
    PART minutes). A pause with no place at all gives its time to the activities."""
    total = sum(n for _, _, n in items) + sum(n for _, n in pauses)
    day = date(2000, 1, 1)
    to_noon = int((datetime.combine(day, NOON) - datetime.combine(day, start)).total_seconds() // 60)
    # Pauses spread evenly; lunch takes the moment nearest to noon instead.
    moments = [total * k // (len(pauses) + 1) for k in range(1, len(pauses) + 1)]
    targets = [(moment, "break", PAUSES["break"][1]) for moment in moments]
    for kind, length in pauses:
        nearest = min(range(len(moments)), key=lambda k: abs(moments[k] - to_noon))
        if kind == "lunch":
            targets[nearest] = (max(to_noon, 0), kind, length)
    lengths = iter(length for kind, length in pauses if kind == "break")
    targets = [(moment, kind, length if kind == "lunch" else next(lengths)) for moment, kind, length in targets]
    seq = list(items)
    if any(kind == "lunch" for kind, _ in pauses) and to_noon <= LUNCH_FIRST:
        seq.insert(0, ("lunch", None, next(length for kind, length in pauses if kind == "lunch")))
        targets = [target for target in targets if target[1] != "lunch"]
    for target, kind, length in sorted(targets):
        ends = list(itertools.accumulate(n for _, _, n in seq))
        between = [p for p in range(1, len(seq)) if seq[p - 1][1] is not None and seq[p][1] is not None]
        best = min(between, key=lambda p: (abs(ends[p - 1] - target), p)) if between else None
        far = abs(ends[best - 1] - target) if best is not None else total
        if far > NEAR:
            long = [i for i, (_, activity, n) in enumerate(seq) if activity is not None and n >= 2 * PART]
            if long:
                i = min(long, key=lambda i: (max(ends[i] - seq[i][2] - target, target - ends[i], 0), i))
                step, activity, n = seq[i]
                begin = ends[i] - n
                cut = min(max(round((target - begin) / SLOT) * SLOT, PART), n - PART)
                if abs(begin + cut - target) < far:
                    seq[i : i + 1] = [(step, activity, cut), (step, activity, n - cut)]
                    best = i + 1
        if best is None:
            _give(seq, length)
        else:
            seq.insert(best, (kind, None, length))
    return seq


def _give(items: list[tuple[str, Activity | None, int]], minutes: int) -> None:
    """Spread ``minutes`` over the activities with room, a slot at a time."""
    while minutes >= SLOT:
        room = [(i, a) for i, (_, a, n) in enumerate(items) if a is not None and n + SLOT <= a.longest]
        if not room:
            return
        i, activity = min(room, key=lambda pair: (Fraction(items[pair[0]][2], pair[1].natural), pair[0]))
        step, _, length = items[i]
        items[i] = (step, activity, length + SLOT)
        minutes -= SLOT


def _odd_minutes(items: list[tuple[str, Activity | None, int]], odd: int) -> list[tuple[str, Activity | None, int]]:
    """The minutes past the last whole slot go to the last item with room for them (a pause when
    no activity has any), so earlier items keep ending on five-minute marks where they can. An
    activity split around a pause has room for what its parts leave together."""
    spent = collections.Counter[str]()
    for _, activity, length in items:
        if activity is not None:
            spent[activity.id] += length

    def room(item: tuple[str, Activity | None, int]) -> int:
        step, activity, length = item
        return activity.highest - spent[activity.id] if activity is not None else PAUSES[step][2] + SLOT - length

    candidates = [i for i, item in enumerate(items) if room(item) >= odd] or [len(items) - 1]
    i = candidates[-1]
    items = list(items)
    step, activity, length = items[i]
    items[i] = (step, activity, length + odd)
    return items
