"""The journal, format version 1: what happened in a community's meetings and retrospectives.

A charter says what a community intends; its journal says what happened, one YAML file per meeting
or retrospective (``kind: meeting`` or ``kind: retro``), kept in git beside the charter. These
models share the charter's building blocks (texts, dates, ``x-`` keys kept aside, unknown keys
refused), so an entry is checked exactly as a charter is. :class:`Journal` gathers one community's
entries in date order and answers what the handouts, ``status`` and the report ask: the open
actions, the attendance over time, the last retrospective.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from copkit.choices import CYCLES, ENTRY_KINDS, HEALTH_KEYS, Cycle, EntryKind, HealthKey
from copkit.model import (
    FORMAT_VERSION,
    MAX_ITEMS,
    Charter,
    CharterModel,
    IsoDate,
    NonEmptyParagraph,
    NonEmptyText,
    Paragraph,
    Shorthand,
    Text,
    _whole_number,
    iso_date,
    no_items,
)

# Scores on the retro sheet's scale: 1 = not at all … 5 = fully; a group average may have decimals.
MIN_SCORE, MAX_SCORE = 1, 5
# More people than any meeting holds: a number past it is a typing slip.
MAX_PRESENT = 100_000
# The attendance trend compares the mean of the last TREND_WINDOW meetings with the mean of the ones
# before; a change of less than TREND_STEADY (a share) is steady.
TREND_WINDOW = 3
TREND_STEADY = 0.1

Score = Annotated[
    float,
    BeforeValidator(_whole_number),
    Field(ge=MIN_SCORE, le=MAX_SCORE),
    WithJsonSchema({"type": "number", "minimum": MIN_SCORE, "maximum": MAX_SCORE}),
]
Count = Annotated[
    int,
    BeforeValidator(_whole_number),
    Field(ge=0, le=MAX_PRESENT),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_PRESENT}),
]


class Attendance(Shorthand):
    """How many took part: a plain number, or ``present`` with the ``new`` and ``online`` among them."""

    shorthand_key = "present"
    present: Count
    new: Count | None = Field(None, description="first-timers among those present")
    online: Count | None = Field(None, description="of those present, how many joined online")

    @model_validator(mode="after")
    def _parts_of_present(self) -> Attendance:
        for key in ("new", "online"):
            part = getattr(self, key)
            if part is not None and part > self.present:
                raise PydanticCustomError(
                    "part_exceeds_present",
                    f"{part} is more than the {self.present} present: count only people who were there",
                    {"at": key},
                )
        return self


def _done(value: Any) -> Any:
    """``true``, ``false`` or the ISO date the action was done."""
    if value is None or isinstance(value, bool):
        return value
    return iso_date(value)


class Action(Shorthand):
    """An agreed follow-up: open while ``done`` is absent or false."""

    shorthand_key = "what"
    what: NonEmptyParagraph
    who: Text | None = None
    due: IsoDate | None = None
    done: Annotated[
        bool | date | None,
        BeforeValidator(_done),
        WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "format": "date"}]}),
    ] = Field(None, description="true, false, or the ISO date it was done")

    @property
    def is_open(self) -> bool:
        return self.done is None or self.done is False


class Story(CharterModel):
    """A value-creation story, after Wenger-Trayner: which cycle of value it shows."""

    cycle: Cycle
    story: NonEmptyParagraph
    who: Text | None = None


class CriterionScore(CharterModel):
    """One of the charter's evaluation criteria, scored at a retrospective."""

    criterion: NonEmptyText = Field(description="the charter's evaluation criterion, as written there")
    score: Score
    measured: Paragraph | None = Field(None, description="the value observed against the target")
    note: Paragraph | None = None


def _(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message


# McDermott's five characteristics as members score them (the retro sheet, ``copkit log``): a short
# label and the statement a score of 5 agrees with fully.
HEALTH_SIGNS: dict[HealthKey, tuple[str, str]] = {
    "dialogue": (_("Dialogue"), _("We value diverse views, discussion and real dialogue")),
    "shared_responsibility": (
        _("Shared responsibility"),
        _("We share responsibility for the long term, our vision and our goal"),
    ),
    "knowledge_decisive": (_("Expertise counts"), _("Knowledge and skill carry weight here, not rank")),
    "everyday_help": (_("Help with daily work"), _("Members find help here with everyday work questions")),
    "crossing_boundaries": (
        _("Crossing boundaries"),
        _("We cross boundaries and create together, beyond swapping news"),
    ),
}
# Wenger-Trayner's cycles of value creation, in words a member recognises in a story.
CYCLE_WORDS: dict[Cycle, str] = {
    "immediate": _("the activity and the contact themselves were worth it"),
    "potential": _("knowledge to use later: a tip, a contact, a template"),
    "applied": _("someone changed how they work"),
    "realised": _("the change gave a better result"),
    "reframing": _("it changed what we count as success"),
}


class Health(CharterModel):
    """McDermott's five characteristics of viable communities, each scored 1-5."""

    dialogue: Score | None = Field(None, description="peers who value diversity, discussion and dialogue")
    shared_responsibility: Score | None = Field(None, description="for the long term, vision and goal")
    knowledge_decisive: Score | None = Field(None, description="members' knowledge and skill stay decisive")
    everyday_help: Score | None = Field(None, description="a place for help with everyday work questions")
    crossing_boundaries: Score | None = Field(None, description="members cross boundaries and co-create")

    def scores(self) -> dict[HealthKey, float]:
        """The characteristics scored, in the format's order."""
        return {key: value for key in HEALTH_KEYS if (value := getattr(self, key)) is not None}


def _items(description: str) -> Any:
    return Field(default_factory=no_items, max_length=MAX_ITEMS, description=description)


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


class Meeting(CharterModel):
    """What happened at one meeting of the community."""

    model_config = ConfigDict(title="copkit journal entry, format version 1")

    copkit: Literal[1] = Field(FORMAT_VERSION, description="format version")
    kind: EntryKind = Field(description="meeting, or retro for a retrospective")
    community: NonEmptyText = Field(description="the charter's name, exactly")
    date: IsoDate = Field(description="the day the meeting took place")
    format: Text | None = Field(None, description="the session format used, such as lean coffee")
    attendance: Attendance | None = None
    rating: Score | None = Field(None, description="the members' average score for the session, 1-5")
    topics: Annotated[list[NonEmptyText], BeforeValidator(_none_as_empty)] = _items("what was discussed")
    harvest: Annotated[list[NonEmptyParagraph], BeforeValidator(_none_as_empty)] = _items(
        "lessons and insights worth keeping"
    )
    actions: Annotated[list[Action], BeforeValidator(_none_as_empty)] = _items("agreed follow-ups")
    stories: Annotated[list[Story], BeforeValidator(_none_as_empty)] = _items("value-creation stories")
    notes: Paragraph | None = None


class Retro(Meeting):
    """A retrospective: a meeting, plus how the community scores itself."""

    kind: Literal["retro"] = Field(description="retro")
    criteria: Annotated[list[CriterionScore], BeforeValidator(_none_as_empty)] = _items(
        "the charter's evaluation criteria, scored 1-5"
    )
    health: Health | None = None
    safety: Score | None = Field(None, description="the group's average score in the opening safety check")
    decisions: Annotated[list[NonEmptyParagraph], BeforeValidator(_none_as_empty)] = _items("what the members decided")


Entry = Meeting | Retro


def model_for(data: Any) -> type[Meeting] | None:
    """The model an entry's ``kind`` asks for, or ``None`` for a charter (no ``kind``, or ``kind:
    charter``). A ``kind`` that is neither is read as a meeting, whose model names the choices."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind is None or (isinstance(kind, str) and kind.strip().casefold() == "charter"):
        return None
    return Retro if kind == "retro" else Meeting


assert tuple(HEALTH_SIGNS) == HEALTH_KEYS and tuple(CYCLE_WORDS) == CYCLES  # in the format's order
assert ENTRY_KINDS == ("meeting", "retro")  # model_for and Retro.kind name them


# --- A community's journal -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Located:
    """An entry with the file it came from, and where its values were written (``(line, column)`` by
    path), so a finding about the journal as a whole can point at a line."""

    entry: Meeting
    path: str
    positions: dict[tuple[str | int, ...], tuple[int, int]] = dataclasses.field(default_factory=dict, compare=False)

    def at(self, *where: str | int) -> tuple[int, int]:
        """The line and column of ``where``, else of the nearest written part of it, else 1:1."""
        path = tuple(where)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


@dataclasses.dataclass(frozen=True)
class OpenAction:
    """An action still open, and where it was agreed."""

    action: Action
    agreed: date
    path: str
    index: int
    line: int = dataclasses.field(default=1, compare=False)  # where the action is written in ``path``

    def overdue(self, today: date) -> bool:
        return self.action.due is not None and self.action.due < today


@dataclasses.dataclass(frozen=True)
class Journal:
    """One community's entries, oldest first (same day: meetings before retros, then by file)."""

    charter: Charter
    entries: tuple[Located, ...]

    @classmethod
    def of(cls, charter: Charter, entries: list[Located]) -> Journal:
        ordered = sorted(entries, key=lambda e: (e.entry.date, e.entry.kind == "retro", e.path))
        return cls(charter, tuple(ordered))

    def since(self, first: date | None) -> Journal:
        """The entries on or after ``first`` (all when None)."""
        if first is None:
            return self
        return Journal(self.charter, tuple(e for e in self.entries if e.entry.date >= first))

    @property
    def retros(self) -> tuple[Located, ...]:
        return tuple(e for e in self.entries if isinstance(e.entry, Retro))

    @property
    def last_meeting(self) -> Located | None:
        return self.entries[-1] if self.entries else None

    @property
    def last_retro(self) -> Located | None:
        return self.retros[-1] if self.retros else None

    @property
    def attended(self) -> tuple[Located, ...]:
        """The entries that say how many took part."""
        return tuple(e for e in self.entries if e.entry.attendance is not None)

    def attendance_trend(self) -> Literal["rising", "falling", "steady"] | None:
        """How attendance moves: the last TREND_WINDOW meetings against up to as many before them
        (None with fewer than two meetings that counted heads)."""
        counts = [e.entry.attendance.present for e in self.attended if e.entry.attendance is not None]
        if len(counts) < 2:
            return None
        recent = counts[-TREND_WINDOW:] if len(counts) > TREND_WINDOW else counts[len(counts) // 2 :]
        before = counts[: len(counts) - len(recent)][-TREND_WINDOW:]
        now, then = sum(recent) / len(recent), sum(before) / len(before)
        if then == 0:
            return "rising" if now > 0 else "steady"
        if abs(now - then) / then < TREND_STEADY:
            return "steady"
        return "rising" if now > then else "falling"

    def open_actions(self) -> list[OpenAction]:
        """Every action still open, oldest agreement first."""
        return [
            OpenAction(action, located.entry.date, located.path, index, located.at("actions", index)[0])
            for located in self.entries
            for index, action in enumerate(located.entry.actions)
            if action.is_open
        ]

    def overdue_actions(self, today: date) -> list[OpenAction]:
        return [action for action in self.open_actions() if action.overdue(today)]

    def last_scores(self, before: date | None = None) -> dict[str, tuple[CriterionScore, date]]:
        """Each criterion's latest score (before ``before`` when given), with the retro's date."""
        scores: dict[str, tuple[CriterionScore, date]] = {}
        for located in self.retros:
            if before is not None and located.entry.date >= before:
                continue
            assert isinstance(located.entry, Retro)
            for scored in located.entry.criteria:
                scores[scored.criterion] = (scored, located.entry.date)
        return scores
