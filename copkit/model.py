"""The charter, format version 1, as Pydantic models: the one shape every command works with.

Coaches may write values, tooling, criteria and persons as plain strings; the models normalise
them into one shape (``Value(value=..., behaviour=None)``, a list of ``Person`` for every role),
so no consumer has to know the shorthand exists. Keys starting with ``x-`` are kept in
``.extensions`` and never checked; any other unknown key is an error.
"""

from __future__ import annotations

import calendar
import difflib
import functools
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

# Limits that keep every charter copkit accepts to a few pages, rendered in seconds. A charter is a
# one-pager members agree on: a name or a line fits in 200 characters, a paragraph in 2,000 (half a
# page), and a list of more than 100 ambitions or values is no longer something a group agrees on.
MAX_LINE = 200  # single-line texts: names, places, links, e-mail addresses, a value, a criterion
MAX_PARAGRAPH = 2_000  # texts that may run over lines: the purpose, the domain, a behaviour, how to join
MAX_ITEMS = 100  # every list: values, ambitions, tooling, criteria, formats, persons in a role
# Dates a charter can hold, the same whatever today is, so a check gives the same answer every day.
MIN_YEAR, MAX_YEAR = 1900, 2999


def custom_error(kind: str, template: str, **context: Any) -> PydanticCustomError:
    """A Pydantic error whose message is ``template`` filled in once with ``context``. Pydantic fills
    its templates one key after another, so a coach's text holding ``{hint}`` would be filled in
    again; here the message is made first and handed to Pydantic as a finished text."""
    message = re.sub(r"\{(\w+)\}", lambda match: str(context.get(match[1], match[0])), template)
    return PydanticCustomError(kind, "{message}", {**context, "message": message})


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


_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_CONTROL_NAMES = {"\t": "a tab", "\x00": "a NUL character", "\x1b": "an escape character (ESC)"}


def _control(character: str) -> str:
    return _CONTROL_NAMES.get(character, f"the control character U+{ord(character):04X}")


# Control characters (Unicode category Cc) and line breaks, found at C speed in texts of any length.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_CONTROL_IN_PARAGRAPH = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _one_line(value: str) -> str:
    """A single line of text, at most :data:`MAX_LINE` characters, without control characters."""
    found = _LINE_BREAK.search(value) or _CONTROL.search(value)
    if found and found.group() in _LINE_BREAKS:
        raise custom_error("line_break", "holds a line break: write it on one line")
    if found:
        raise custom_error("control_character", "holds {what}: remove it", what=_control(found.group()))
    if len(value) > MAX_LINE:
        raise custom_error(
            "text_too_long",
            "is {length} characters long: keep it to one line of at most {limit} characters",
            length=f"{len(value):,}",
            limit=MAX_LINE,
        )
    return value


def _paragraph(value: str) -> str:
    """Text that may run over lines, at most :data:`MAX_PARAGRAPH` characters; tabs and line breaks are
    the only control characters it may hold."""
    if found := _CONTROL_IN_PARAGRAPH.search(value):
        raise custom_error("control_character", "holds {what}: remove it", what=_control(found.group()))
    if len(value) > MAX_PARAGRAPH:
        raise custom_error(
            "text_too_long",
            "is {length} characters long: keep it to at most {limit} characters, about half a page",
            length=f"{len(value):,}",
            limit=f"{MAX_PARAGRAPH:,}",
        )
    return value


_PLAIN_WHOLE = re.compile(r"[+-]?[0-9]+")
_PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _whole_number(value: Any) -> Any:
    """A number as the coach wrote it: ``075`` is 75 (not YAML 1.1's octal 61), as YAML 1.2 and
    every editor read it; hexadecimal, octal, binary, sexagesimal and ``1_000`` are refused."""
    if isinstance(value, bool):
        raise custom_error("number_not_boolean", "expected a whole number, such as 60, not true or false")
    source = getattr(value, "source", None)
    if source is None:
        return value
    if _PLAIN_WHOLE.fullmatch(source):
        return int(source, 10)
    if isinstance(value, float) and _PLAIN_DECIMAL.fullmatch(source):
        return float(source)
    raise custom_error("plain_number", "write {text} in plain digits, such as 60", text=source)


def _text_schema(max_length: int, pattern: str, **extra: Any) -> dict[str, Any]:
    """The JSON Schema of a text field: a string within the bounds, or a number (kept as written)."""
    return {"anyOf": [{"type": "string", "maxLength": max_length, "pattern": pattern, **extra}, {"type": "number"}]}


def _line_schema(**extra: Any) -> dict[str, Any]:
    return _text_schema(MAX_LINE, "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$", **extra)


def _paragraph_schema(**extra: Any) -> dict[str, Any]:
    return _text_schema(
        MAX_PARAGRAPH, "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f]*$", **extra
    )


Text = Annotated[str, BeforeValidator(_text), AfterValidator(_one_line), WithJsonSchema(_line_schema())]
NonEmptyText = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(min_length=1),
    AfterValidator(_one_line),
    WithJsonSchema(_line_schema(minLength=1)),
]
Paragraph = Annotated[str, BeforeValidator(_text), AfterValidator(_paragraph), WithJsonSchema(_paragraph_schema())]
NonEmptyParagraph = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(min_length=1),
    AfterValidator(_paragraph),
    WithJsonSchema(_paragraph_schema(minLength=1)),
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

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")  # ASCII digits only: not '２０２７'
_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")


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
            raise custom_error(
                "invalid_date",
                "write dates as YYYY-MM-DD: {iso}, not {text}",
                iso=f"{year:04}-{month:02}-{day:02}",
                text=text,
            )
        if not MIN_YEAR <= year <= MAX_YEAR:  # year 0 has no calendar; year 9999 leaves no room to count on
            raise custom_error(
                "date_out_of_range",
                "{text} is out of range: copkit reads dates from {low} to {high}",
                text=text,
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
        if not 1 <= month <= 12:
            raise custom_error(
                "invalid_date", "{text} is not a date: there is no month {month}", text=text, month=month
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise custom_error(
                "invalid_date",
                "{text} is not a date: {month_name} {year} has {last} days",
                text=text,
                month_name=calendar.month_name[month],
                year=year,
                last=last,
            )
        return date(year, month, day)
    if _ISO_DATE.match(text):
        raise custom_error("invalid_date", "write a date without a time, as YYYY-MM-DD")
    if match := _DAY_FIRST.fullmatch(text):
        day_text, month_text, year_text = match.groups()
        iso = f"{year_text}-{month_text:0>2}-{day_text:0>2}"
        raise custom_error("invalid_date", "write dates as YYYY-MM-DD: {iso}, not {text}", iso=iso, text=text)
    raise custom_error("invalid_date", "{text} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31", text=text)


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def clock_time(value: Any) -> Any:
    """A 24-hour HH:MM time. The loader keeps an unquoted 12:30 as the text, never as base-60 750."""
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    text = str(getattr(value, "source", value)).strip()
    if match := _CLOCK.fullmatch(text):
        return time(int(match[1]), int(match[2]))
    hint = f" (use a colon: {text.replace('.', ':')})" if re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", text) else ""
    raise custom_error(
        "invalid_time", "{text} is not a time: write it as HH:MM, 24-hour, e.g. 12:30{hint}", text=text, hint=hint
    )


IsoDate = Annotated[date, BeforeValidator(iso_date), WithJsonSchema({"type": "string", "format": "date"})]
ClockTime = Annotated[
    time,
    BeforeValidator(clock_time),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern.join("^$"), "examples": ["12:30"]}),
]


# Names the zone database holds that are not IANA time zones a coach would give: the machine's own
# setting, a placeholder, and the copies in the posix/ and right/ (leap-second) folders.
_NOT_ZONES = {"localtime", "Factory", "posixrules"}
_NOT_ZONE_FOLDERS = ("posix/", "right/")


@functools.cache
def iana_zones() -> frozenset[str]:
    """Every IANA time zone name this system knows, read once."""
    from zoneinfo import available_timezones

    return frozenset(
        zone for zone in available_timezones() if zone not in _NOT_ZONES and not zone.startswith(_NOT_ZONE_FOLDERS)
    )


def zone_meant(text: str) -> str | None:
    """The IANA zone a loose spelling stands for: another case (europe/amsterdam), a city alone
    (Amsterdam, new york), a posix/ or right/ copy, or a close spelling; else None."""
    zones = iana_zones()
    bare = text.strip()
    for folder in _NOT_ZONE_FOLDERS:
        bare = bare.removeprefix(folder)
    if bare in zones:
        return bare
    wanted = "_".join(bare.split()).casefold()
    by_case = {zone.casefold(): zone for zone in sorted(zones)}
    if wanted in by_case:
        return by_case[wanted]
    cities: dict[str, str] = {}
    for zone in sorted(zones):  # the first zone of a city's name
        if "/" in zone:
            cities.setdefault(zone.rsplit("/", 1)[1].casefold(), zone)
    near = difflib.get_close_matches(wanted, list(cities), n=1, cutoff=0.8)
    if near:
        return cities[near[0]]
    near = difflib.get_close_matches(wanted, list(by_case), n=1, cutoff=0.8)
    return by_case[near[0]] if near else None


def time_zone(value: str) -> str:
    """An IANA time zone name such as Europe/Brussels, with a hint at the one meant when it is close."""
    if value in iana_zones():
        return value
    meant = zone_meant(value)
    hint = f" (did you mean {meant}?)" if meant else ""
    raise custom_error(
        "invalid_timezone", "{text} is not an IANA time zone such as Europe/Brussels{hint}", text=value, hint=hint
    )


TimeZone = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(_one_line),
    AfterValidator(time_zone),
    WithJsonSchema({"type": "string", "maxLength": MAX_LINE, "examples": ["Europe/Brussels"]}),
]
# An e-mail address as a coach gives it: name@domain, nothing more. Letters of any script are fine;
# spaces, quotes, ?, & and the like are not: they would turn a mailto: link into something else.
_EMAIL = re.compile(r"[\w+-]+(\.[\w+-]+)*@[^\W_]([\w-]*[^\W_])?(\.[^\W_]([\w-]*[^\W_])?)*\.[^\W\d_]{2,}")
_EMAIL_SCHEMA = r"^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"


def email_address(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise custom_error(
            "invalid_email",
            "'{text}' is not an e-mail address: write it as name@example.org, without spaces, quotes, ? or &",
            text=value,
        )
    return value


Email = Annotated[
    str,
    BeforeValidator(_text),
    AfterValidator(_one_line),
    AfterValidator(email_address),
    WithJsonSchema({"type": "string", "maxLength": 254, "pattern": _EMAIL_SCHEMA}),
]


# --- Models -----------------------------------------------------------------------------------


class CharterModel(BaseModel):
    """Base of every charter mapping: unknown keys are errors, ``x-`` keys are kept aside."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
        # Each model's schema and validator are built on first use, not at import: the two abstract
        # bases never are, and checking a charter builds the Charter's alone (nested models inside).
        defer_build=True,
    )

    @model_validator(mode="wrap")
    @classmethod
    def _keep_extensions(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, dict) or not any(isinstance(key, str) and key.startswith("x-") for key in data):
            return handler(data)  # most mappings have none: no copies, nothing kept
        extensions = {key: value for key, value in data.items() if isinstance(key, str) and key.startswith("x-")}
        model = handler({key: value for key, value in data.items() if key not in extensions})
        # Pydantic's own slot for keys beyond the fields (model.model_extra), which "forbid" leaves empty;
        # a private attribute would cost every model of every charter its set-up.
        object.__setattr__(model, "__pydantic_extra__", extensions)
        return model

    @property
    def extensions(self) -> dict[str, Any]:
        """The ``x-`` keys of this mapping, as written."""
        return self.__pydantic_extra__ or {}


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


def no_items() -> list[Any]:
    """The default of a list left out: empty. A function of copkit's, not ``list``, because Pydantic
    reads each default factory's signature, and a built-in's costs it a parse of its text signature."""
    return []


def _one_or_many(value: Any) -> Any:
    return value if isinstance(value, list) or value is None else [value]


def _none_as_empty(value: Any) -> Any:
    return [] if value is None else value


People = Annotated[
    list[Person],
    Field(max_length=MAX_ITEMS),
    BeforeValidator(_one_or_many, json_schema_input_type=Person | list[Person] | None),
    BeforeValidator(_none_as_empty),
]


class Value(Shorthand):
    """What members find important, and the behaviour that shows it."""

    shorthand_key = "value"
    value: NonEmptyText
    behaviour: Paragraph | None = None


class Tool(Shorthand):
    """Where knowledge is shared and kept current, and how members stay in touch."""

    shorthand_key = "name"
    name: NonEmptyText
    purpose: Paragraph | None = None
    url: Text | None = None


class Criterion(Shorthand):
    """How members will judge their community's success."""

    shorthand_key = "criterion"
    criterion: NonEmptyText
    measure: Paragraph | None = None
    target: Text | None = None


class Purpose(CharterModel):
    statement: NonEmptyParagraph = Field(description="the shared interest the community works on")
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
    formats: list[NonEmptyText] = Field(
        default_factory=no_items, max_length=MAX_ITEMS, description="session formats such as lean coffee"
    )

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

    sponsor: People = Field(default_factory=no_items, description="backs the community from management")
    leader: People = Field(default_factory=no_items, description="sets the agenda with members, welcomes newcomers")
    coach: People = Field(default_factory=no_items, description="helps the community mature and steer itself")
    coordinator: People = Field(default_factory=no_items, description="invitations, rooms, catering, platform")
    others: Annotated[list[OtherRole], BeforeValidator(_none_as_empty)] = Field(
        default_factory=no_items, max_length=MAX_ITEMS
    )


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
    admission: Paragraph | None = Field(
        None, description="how new members are selected; required when access is closed"
    )
    how_to_join: Paragraph | None = None
    core: list[NonEmptyText] = Field(
        default_factory=no_items, max_length=MAX_ITEMS, description="names of the core group"
    )
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
    return Field(min_length=1, max_length=MAX_ITEMS, description=name)


class Charter(CharterModel):
    """A community of practice's charter, format version 1."""

    model_config = ConfigDict(title="copkit charter, format version 1")

    copkit: Literal[1] = Field(FORMAT_VERSION, description="format version")
    kind: Literal["charter"] = Field(
        "charter", description="charter (the default); journal entries say meeting or retro instead"
    )
    name: NonEmptyText = Field(description="the community's name")
    language: Language = Field("en", description="default language of handouts")
    phase: Phase = Field("start-up", description="where the community is in its life cycle")
    domain: Paragraph | None = Field(None, description="the shared domain of knowledge: broad enough, yet concrete")
    purpose: Purpose = Field(description="the shared interest the community works on, and its main goal")
    values: list[Value] = _at_least_one("what members find important, and the behaviour that goes with it")
    ambitions: list[NonEmptyParagraph] = _at_least_one("concrete results members commit to")
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
