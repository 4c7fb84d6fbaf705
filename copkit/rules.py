"""The registry of every problem copkit reports: one rule, one stable code, one rationale.

Errors (``E…``) are breaches of the charter format: a charter with one is not a charter.
Warnings (``W…``) carry coaching rules of thumb from the domain brief; each can be switched
off with ``--ignore CODE``. Codes never change meaning once published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from copkit.choices import STARTING
from copkit.diagnostics import Severity

if TYPE_CHECKING:  # the model pulls in pydantic; `copkit rules` should not need it
    from copkit.model import Charter, Person

Path = tuple[str | int, ...]
Finding = tuple[Path, str]
Check = Callable[["Charter", date], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    rationale: str
    check: Check | None = None


REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:  # pragma: no cover - a programming slip, caught at import
        raise ValueError(f"rule code {rule.code} registered twice")
    REGISTRY[rule.code] = rule
    return rule


def _error(code: str, name: str, rationale: str) -> Rule:
    return _register(Rule(code, name, Severity.ERROR, rationale))


def advice(code: str, name: str, rationale: str) -> Callable[[Check], Check]:
    """Register a coaching rule: a generator of (path, message) findings on a valid charter."""

    def register(check: Check) -> Check:
        _register(Rule(code, name, Severity.WARNING, rationale, check))
        return check

    return register


def coaching_rules() -> list[Rule]:
    return [rule for rule in REGISTRY.values() if rule.check is not None]


# --- Errors: the file and the format ------------------------------------------------------

FILE_UNREADABLE = _error("E001", "file-unreadable", "copkit can only check a file it can open and read.")
NOT_UTF8 = _error(
    "E002", "not-utf8", "Charters travel between editors, tools and people; UTF-8 is the encoding all of them read."
)
TOO_LARGE = _error(
    "E003", "file-too-large", "A charter fits on a page or two; a much larger file is refused to keep checks fast and safe."
)
YAML_SYNTAX = _error("E010", "yaml-syntax", "Nothing else can be checked until the file is valid YAML.")
DUPLICATE_KEY = _error(
    "E011", "duplicate-key", "Most YAML tools silently keep one of two equal keys, so the other answer would be lost."
)
YAML_LIMITS = _error(
    "E012", "yaml-limits", "Bounds on nesting and alias expansion keep a hostile file from exhausting memory."
)
ONE_DOCUMENT = _error("E013", "one-document", "A charter file holds exactly one YAML document: not none, not several.")
NOT_A_MAPPING = _error("E014", "not-a-mapping", "A charter is a mapping of keys such as name, purpose and cadence.")
UNKNOWN_KEY = _error(
    "E020", "unknown-key", "A misspelt key would be ignored silently; extension keys start with 'x-' instead."
)
MISSING_KEY = _error("E021", "missing-key", "Each required element of the charter is something members must agree on.")
WRONG_TYPE = _error("E022", "wrong-type", "Every tool that reads the charter must find the same shape: text, list or mapping.")
INVALID_VALUE = _error(
    "E023", "invalid-value", "Choices, dates, times and numbers must be ones copkit and calendars can act on."
)
UNQUOTED_BOOLEAN = _error(
    "E024",
    "unquoted-boolean",
    "YAML 1.1 tools read a bare yes, no, on or off as true/false, so the text would not survive: quote it.",
)


# --- Warnings about the file, found while reading it ---------------------------------------------

CUT_BY_COMMENT = _register(
    Rule(
        "W114",
        "value-cut-by-comment",
        Severity.WARNING,
        "An unquoted value followed by ' #channel' loses the rest: YAML reads it as a comment.",
    )
)


# --- Warnings: coaching rules of thumb ---------------------------------------------------------

def _a_year_after(day: date) -> date:
    if day.year == date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@advice("W101", "review-date-passed", "A charter is a living agreement: once its review date has passed, revisit it together.")
def review_date_passed(charter: Charter, today: date) -> Iterator[Finding]:
    if charter.review_date < today:
        days = (today - charter.review_date).days
        yield ("review_date",), (
            f"review date {charter.review_date.isoformat()} passed {days} day{'s' if days != 1 else ''} ago: "
            "hold a retrospective and set a new date"
        )


@advice("W102", "review-date-far", "A review more than a year away lets the charter drift from what members do.")
def review_date_far(charter: Charter, today: date) -> Iterator[Finding]:
    if charter.review_date > _a_year_after(today):
        yield ("review_date",), (
            f"review date {charter.review_date.isoformat()} is more than a year away: "
            "plan a review within twelve months"
        )


@advice("W103", "no-leader", "A community needs a leader who sets the agenda with members and welcomes newcomers.")
def no_leader(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.leader:
        yield ("roles",), "no leader: name who sets the agenda with members and welcomes newcomers"


@advice("W104", "no-coach", "A community needs a coach who helps it mature and become self-steering.")
def no_coach(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.coach:
        yield ("roles",), "no coach: name who helps the community mature and steer itself"


@advice("W105", "no-sponsor", "A sponsor backs the community in the organisation, with time and means.")
def no_sponsor(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.sponsor:
        yield ("roles",), "no sponsor: name who backs the community from management and attends the launch"


def _names(people: list[Person]) -> set[str]:
    return {person.name.casefold() for person in people}


@advice(
    "W106",
    "roles-concentrated",
    "One person as leader, coach and coordinator at once is a bottleneck; spread the leadership.",
)
def roles_concentrated(charter: Charter, today: date) -> Iterator[Finding]:
    roles = charter.roles
    shared = _names(roles.leader) & _names(roles.coach) & _names(roles.coordinator)
    for person in roles.leader:
        if person.name.casefold() in shared:
            yield ("roles", "leader"), (
                f"{person.name} is leader, coach and coordinator at once: share these roles with others"
            )


@advice(
    "W107",
    "leader-time-share",
    "Active leadership takes 10 to 25 % of working time; less starves the community, more is rarely sustainable.",
)
def leader_time_share(charter: Charter, today: date) -> Iterator[Finding]:
    for index, person in enumerate(charter.roles.leader):
        share = person.time_percent
        if share is not None and not 10 <= share <= 25:
            yield ("roles", "leader", index, "time_percent"), (
                f"{person.name} gives {share:g} % of working time to leading: plan for 10 to 25 %"
            )


@advice("W108", "value-without-behaviour", "A value only guides members when it says what they do because of it.")
def value_without_behaviour(charter: Charter, today: date) -> Iterator[Finding]:
    for index, item in enumerate(charter.values):
        if not item.behaviour:
            yield ("values", index), f"value '{item.value}' has no behaviour: add what members do because of it"


@advice(
    "W109",
    "cadence-without-slot",
    "A fixed slot blocked in everyone's calendar keeps the rhythm; 'every other week' alone drifts.",
)
def cadence_without_slot(charter: Charter, today: date) -> Iterator[Finding]:
    missing = charter.cadence.missing_for_slot
    if missing:
        yield ("cadence",), f"the cadence has no fixed slot: add {' and '.join(missing)}"


@advice(
    "W110",
    "no-how-to-join",
    "Communities grow when the rest of the organisation can see how to join.",
)
def no_how_to_join(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.membership.how_to_join:
        yield ("membership",), "no membership.how_to_join: say how a colleague can join"


@advice(
    "W111",
    "criterion-without-measure",
    "A criterion without a measure and a target cannot be judged at the review.",
)
def criterion_without_measure(charter: Charter, today: date) -> Iterator[Finding]:
    for index, item in enumerate(charter.evaluation_criteria):
        missing = [key for key in ("measure", "target") if not getattr(item, key)]
        if missing:
            yield ("evaluation_criteria", index), (
                f"criterion '{item.criterion}' has no {' or '.join(missing)}: say how you will tell at the review"
            )


@advice(
    "W112",
    "member-rotation",
    "Rotating members every 3 to 6 months brings fresh views without losing continuity.",
)
def member_rotation(charter: Charter, today: date) -> Iterator[Finding]:
    months = charter.membership.rotation_months
    if months is not None and not 3 <= months <= 6:
        yield ("membership", "rotation_months"), f"members rotate every {months} months: 3 to 6 months works best"


@advice(
    "W113",
    "launch-after-review",
    "The first meeting comes before the first review of the charter.",
)
def launch_after_review(charter: Charter, today: date) -> Iterator[Finding]:
    launch = charter.launch
    if launch is not None and launch.date is not None and launch.date > charter.review_date:
        yield ("launch", "date"), (
            f"the launch on {launch.date.isoformat()} is after the review date "
            f"{charter.review_date.isoformat()}: move one of them"
        )


LAUNCH_MINIMUM = 60


@advice(
    "W115",
    "launch-too-short",
    "A launch is the one chance for a first impression: members need time to get to know each other.",
)
def launch_too_short(charter: Charter, today: date) -> Iterator[Finding]:
    where = charter.launch_minutes_key
    if charter.phase not in STARTING or where is None:
        return  # without a length written, the launch agenda plans the default, which is long enough
    minutes = charter.launch_minutes
    if minutes < LAUNCH_MINIMUM:
        yield where, (
            f"the launch would last {minutes} minutes: give it at least {LAUNCH_MINIMUM} "
            "(launch.duration_minutes), with ample time to get to know each other"
        )
