"""The charter, format version 1, as Pydantic models: the one shape every command works with.

Coaches may write values, tooling, criteria and persons as plain strings; the models normalise
them into one shape (``Value(value=..., behaviour=None)``, a list of ``Person`` for every role),
so no consumer has to know the shorthand exists. Keys starting with ``x-`` are kept in
``.extensions`` and never checked; any other unknown key is an error.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError

from copkit.choices import MONTHLY, Access, Focus, Frequency, Language, Mode, Phase, Week, Weekday

FORMAT_VERSION: Literal[1] = 1

# What the handouts and the calendar assume where the charter is silent.
DEFAULT_LAUNCH_MINUTES = 120  # a launch needs room to get to know each other
DEFAULT_MEETING_MINUTES = 60  # a regular meeting in the calendar
MIN_MINUTES, MAX_MINUTES = 15, 480  # a meeting's length: a stand-up at least, a working day at most
MIN_PERCENT, MAX_PERCENT = 0, 100


# --- Scalar types ---------------------------------------------------------------------------


def _text(value: Any) -> Any:
    """Text as written: numbers keep their source text, and a bare yes/no is refused."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "unquoted_boolean", "YAML reads a bare yes/no/on/off as true or false, not as text: put it in quotes"
        )
    if isinstance(value, (int, float)):
        return getattr(value, "source", str(value))
    if isinstance(value, str):
        return value.strip()
    return value


def _whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("unquoted_boolean", "YAML reads a bare yes/no/on/off as true or false, not a number")
    return value


# Constraints behind a BeforeValidator do not reach the JSON Schema, so each type states its own.
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": ["string", "number"]})]
NonEmptyText = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}),
]
Minutes = Annotated[
    int,
    BeforeValidator(_whole_number),
    Field(ge=MIN_MINUTES, le=MAX_MINUTES),
    WithJsonSchema({"type": "integer", "minimum": MIN_MINUTES, "maximum": MAX_MINUTES}),
]
Percent = Annotated[
    float,
    BeforeValidator(_whole_number),
    Field(ge=MIN_PERCENT, le=MAX_PERCENT),
    WithJsonSchema({"type": "number", "minimum": MIN_PERCENT, "maximum": MAX_PERCENT}),
]

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def iso_date(value: Any) -> Any:
    """An ISO date; an impossible or day-first one gets a message that says what to write."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value  # let pydantic name the wrong type
    text = str(getattr(value, "source", value)).strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
        if len(text) != 10:  # 2027-3-5: a date, but not in the one form every tool reads
            raise PydanticCustomError(
                "invalid_date",
                "write dates as YYYY-MM-DD: {iso}, not {text}",
                {"iso": f"{year:04}-{month:02}-{day:02}", "text": text},
            )
        if not 1 <= month <= 12:
            raise PydanticCustomError(
                "invalid_date", "{text} is not a date: there is no month {month}", {"text": text, "month": month}
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PydanticCustomError(
                "invalid_date",
                "{text} is not a date: {month_name} {year} has {last} days",
                {"text": text, "month_name": calendar.month_name[month], "year": year, "last": last},
            )
        return date(year, month, day)
    if _ISO_DATE.match(text):
        raise PydanticCustomError("invalid_date", "write a date without a time, as YYYY-MM-DD")
    if match := _DAY_FIRST.fullmatch(text):
        day_text, month_text, year_text = match.groups()
        iso = f"{year_text}-{month_text:0>2}-{day_text:0>2}"
        raise PydanticCustomError(
            "invalid_date", "write dates as YYYY-MM-DD: {iso}, not {text}", {"iso": iso, "text": text}
        )
    raise PydanticCustomError(
        "invalid_date", "{text} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31", {"text": text}
    )


_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def clock_time(value: Any) -> Any:
    """A 24-hour HH:MM time. The loader keeps an unquoted 12:30 as the text, never as base-60 750."""
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    text = str(getattr(value, "source", value)).strip()
    if match := _CLOCK.fullmatch(text):
        return time(int(match[1]), int(match[2]))
    hint = f" (use a colon: {text.replace('.', ':')})" if re.fullmatch(r"\d{1,2}\.\d\d", text) else ""
    raise PydanticCustomError(
        "invalid_time",
        "{text} is not a time: write it as HH:MM, 24-hour, e.g. 12:30{hint}",
        {"text": text, "hint": hint},
    )


IsoDate = Annotated[date, BeforeValidator(iso_date), WithJsonSchema({"type": "string", "format": "date"})]
ClockTime = Annotated[
    time,
    BeforeValidator(clock_time),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern.join("^$"), "examples": ["12:30"]}),
]


def time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as 'Europe', or an over-long name
        raise PydanticCustomError(
            "invalid_timezone", "{text} is not an IANA time zone such as Europe/Brussels", {"text": value}
        ) from None
    return value


TimeZone = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(time_zone),
    WithJsonSchema({"type": "string", "examples": ["Europe/Brussels"]}),
]
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Email = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(pattern=_EMAIL),
    WithJsonSchema({"type": "string", "pattern": _EMAIL}),
]


# --- Models -----------------------------------------------------------------------------------


class CharterModel(BaseModel):
    """Base of every charter mapping: unknown keys are errors, ``x-`` keys are kept aside."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    _extensions: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_extensions(cls, data: Any, handler: Any) -> Any:
        extensions: dict[str, Any] = {}
        if isinstance(data, dict):
            extensions = {key: value for key, value in data.items() if isinstance(key, str) and key.startswith("x-")}
            if extensions:
                data = {key: value for key, value in data.items() if key not in extensions}
        model = handler(data)
        if extensions:
            model._extensions = extensions
        return model

    @property
    def extensions(self) -> dict[str, Any]:
        """The ``x-`` keys of this mapping, as written."""
        return self._extensions


class Shorthand(CharterModel):
    """A mapping that may also be written as a plain string, which fills ``shorthand_key``."""

    shorthand_key: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _expand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise PydanticCustomError("unquoted_boolean", "YAML reads a bare yes/no/on/off as true or false, not text")
        if isinstance(data, (str, int, float)):
            return {cls.shorthand_key: data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        schema = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}, schema]}


class Person(Shorthand):
    """Someone holding a role: a plain name, or a mapping with at least a name."""

    shorthand_key = "name"
    name: NonEmptyText
    email: Email | None = None
    time_percent: Percent | None = Field(None, description="share of working time given to the role, 0 to 100")


class OtherRole(CharterModel):
    """A role beyond the four, such as a broadcaster who makes results visible."""

    role: NonEmptyText
    name: NonEmptyText
    email: Email | None = None
    time_percent: Percent | None = None


def _one_or_many(value: Any) -> Any:
    return value if isinstance(value, list) or value is None else [value]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


People = Annotated[
    list[Person],
    BeforeValidator(_one_or_many, json_schema_input_type=Person | list[Person] | None),
    BeforeValidator(_none_as_empty),
]


class Value(Shorthand):
    """What members find important, and the behaviour that shows it."""

    shorthand_key = "value"
    value: NonEmptyText
    behaviour: Text | None = None


class Tool(Shorthand):
    """Where knowledge is shared and kept current, and how members stay in touch."""

    shorthand_key = "name"
    name: NonEmptyText
    purpose: Text | None = None
    url: Text | None = None


class Criterion(Shorthand):
    """How members will judge their community's success."""

    shorthand_key = "criterion"
    criterion: NonEmptyText
    measure: Text | None = None
    target: Text | None = None


class Purpose(CharterModel):
    statement: NonEmptyText = Field(description="the shared interest the community works on")
    focus: Focus = Field(description="the main goal: knowledge sharing, solving problems or innovation")


class Cadence(CharterModel):
    """How often and in what way members meet."""

    frequency: Frequency
    mode: Mode
    weekday: Weekday | None = None
    week: Week | None = Field(None, description="which week of the month, for monthly and quarterly rhythms")
    time: ClockTime | None = Field(None, description="start time, HH:MM, 24-hour")
    duration_minutes: Minutes | None = None
    location: Text | None = Field(None, description="a room, an address or a meeting link")
    timezone: TimeZone | None = Field(None, description="IANA name such as Europe/Brussels")
    formats: list[NonEmptyText] = Field(default_factory=list, description="session formats such as lean coffee")

    @property
    def missing_for_slot(self) -> tuple[str, ...]:
        """The keys a fixed slot in everyone's calendar still needs: weekday, time, and for monthly
        and quarterly rhythms the week of the month. Rule W109 and the calendar both ask this."""
        missing = [key for key in ("weekday", "time") if getattr(self, key) is None]
        if self.frequency in MONTHLY and self.week is None:
            missing.append("week")
        return tuple(missing)

    @property
    def has_fixed_slot(self) -> bool:
        return not self.missing_for_slot


class Roles(CharterModel):
    """Who holds the community's roles; each of the four holds one person or a list."""

    sponsor: People = Field(default_factory=list, description="backs the community from management")
    leader: People = Field(default_factory=list, description="sets the agenda with members, welcomes newcomers")
    coach: People = Field(default_factory=list, description="helps the community mature and steer itself")
    coordinator: People = Field(default_factory=list, description="invitations, rooms, catering, platform")
    others: Annotated[list[OtherRole], BeforeValidator(_none_as_empty)] = Field(default_factory=list)


class Membership(CharterModel):
    """Who can join and how. Without it, a community is open to all."""

    model_config = ConfigDict(
        json_schema_extra={
            **CharterModel.model_config["json_schema_extra"],  # type: ignore[dict-item]
            "if": {"properties": {"access": {"const": "closed"}}, "required": ["access"]},
            "then": {"required": ["admission"]},
        }
    )

    access: Access = "open"
    admission: Text | None = Field(None, description="how new members are selected; required when access is closed")
    how_to_join: Text | None = None
    core: list[NonEmptyText] = Field(default_factory=list, description="names of the core group")
    rotation_months: (
        Annotated[int, BeforeValidator(_whole_number), Field(ge=1), WithJsonSchema({"type": "integer", "minimum": 1})]
        | None
    ) = None

    @model_validator(mode="after")
    def _closed_needs_admission(self) -> Membership:
        if self.access == "closed" and not self.admission:
            raise PydanticCustomError(
                "admission_required",
                "a closed community needs 'admission': say how new members are selected",
                {"at": "access"},
            )
        return self


class Launch(CharterModel):
    """The first meeting, as the launch agenda plans it."""

    date: IsoDate | None = None
    time: ClockTime | None = None
    location: Text | None = None
    duration_minutes: Minutes | None = None


def _at_least_one(name: str) -> Any:
    return Field(min_length=1, description=name)


class Charter(CharterModel):
    """A community of practice's charter, format version 1."""

    model_config = ConfigDict(title="copkit charter, format version 1")

    copkit: Literal[1] = Field(FORMAT_VERSION, description="format version")
    name: NonEmptyText = Field(description="the community's name")
    language: Language = Field("en", description="default language of handouts")
    phase: Phase = Field("start-up", description="where the community is in its life cycle")
    domain: Text | None = Field(None, description="the shared domain of knowledge: broad enough, yet concrete")
    purpose: Purpose = Field(description="the shared interest the community works on, and its main goal")
    values: list[Value] = _at_least_one("what members find important, and the behaviour that goes with it")
    ambitions: list[NonEmptyText] = _at_least_one("concrete results members commit to")
    cadence: Cadence = Field(description="how often and in what way members meet")
    roles: Roles = Field(description="who holds the community's roles")
    membership: Membership = Field(default_factory=Membership)
    tooling: list[Tool] = _at_least_one("where knowledge is shared and how members stay in touch")
    evaluation_criteria: list[Criterion] = _at_least_one("how members will judge their community's success")
    review_date: IsoDate = Field(description="the latest date by which members revisit this charter")
    launch: Launch | None = None

    # The launch as every consumer sees it (agenda, calendar, status, rules): what the launch
    # section says, else the regular cadence's value.

    @property
    def launch_date(self) -> date | None:
        return self.launch.date if self.launch is not None else None

    @property
    def launch_time(self) -> time | None:
        """The launch's start: ``launch.time``, else ``cadence.time``, else unknown."""
        return (self.launch.time if self.launch is not None else None) or self.cadence.time

    @property
    def launch_location(self) -> str | None:
        return (self.launch.location if self.launch is not None else None) or self.cadence.location

    @property
    def launch_minutes_key(self) -> tuple[str, str] | None:
        """Where the launch's length is written: ``launch.duration_minutes``, else the cadence's."""
        if self.launch is not None and self.launch.duration_minutes is not None:
            return ("launch", "duration_minutes")
        if self.cadence.duration_minutes is not None:
            return ("cadence", "duration_minutes")
        return None

    @property
    def launch_minutes(self) -> int:
        """The launch's length: as written (see ``launch_minutes_key``), else the default."""
        if self.launch is not None and self.launch.duration_minutes is not None:
            return self.launch.duration_minutes
        return self.cadence.duration_minutes or DEFAULT_LAUNCH_MINUTES
