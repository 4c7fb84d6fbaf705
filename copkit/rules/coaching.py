"""The checks behind the warnings: one function per warning of the catalogue, bound to its entry.

Two kinds, told apart by what they read:

- a *charter check* reads a valid :class:`~copkit.model.Charter` and the date it is checked on,
  and yields ``(path, message)`` findings shown at the key ``path`` names (a model path);
- a *file check* reads the :class:`~copkit.yamlfile.Document` as written, valid charter or not,
  and yields findings shown at the value ``path`` names (a path as written).

Thresholds are the catalogue's named constants, used by each condition and message here as by
the rationale there. :mod:`copkit.rules.runner` runs both kinds and applies ``--ignore``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from copkit.choices import STARTING
from copkit.diagnostics import Severity
from copkit.rules.catalogue import (
    CADENCE_WITHOUT_SLOT,
    CRITERION_WITHOUT_MEASURE,
    CUT_BY_COMMENT,
    LAUNCH_AFTER_REVIEW,
    LAUNCH_CANNOT_FIT,
    LAUNCH_MIN_MINUTES,
    LAUNCH_SHORTEST_MINUTES,
    LAUNCH_TOO_SHORT,
    LEADER_SHARE_MAX,
    LEADER_SHARE_MIN,
    LEADER_TIME_SHARE,
    MEMBER_ROTATION,
    NO_COACH,
    NO_HOW_TO_JOIN,
    NO_LEADER,
    NO_SPONSOR,
    PLACEHOLDER_TEXT,
    REVIEW_DATE_FAR,
    REVIEW_DATE_PASSED,
    REVIEW_HORIZON_MONTHS,
    ROLES_CONCENTRATED,
    ROTATION_MAX_MONTHS,
    ROTATION_MIN_MONTHS,
    VALUE_WITHOUT_BEHAVIOUR,
    Rule,
    as_period,
    spelled_months,
)
from copkit.rules.placeholders import placeholders_in

if TYPE_CHECKING:  # the model pulls in pydantic; `copkit rules` should not need it
    from copkit.model import Charter, Person
    from copkit.yamlfile import Document

Path = tuple[str | int, ...]
Finding = tuple[Path, str]
CharterCheck = Callable[["Charter", date], Iterator[Finding]]
FileCheck = Callable[["Document"], Iterator[Finding]]

CHARTER_CHECKS: dict[str, CharterCheck] = {}
FILE_CHECKS: dict[str, FileCheck] = {}


# The errors that need a whole, valid charter to see (the rest come from the model); they cannot
# be ignored.
CHECKED_ERRORS = ("E026",)


def _bind(rule: Rule) -> None:
    if rule.severity is not Severity.WARNING and rule.code not in CHECKED_ERRORS:  # pragma: no cover
        raise ValueError(f"{rule.code} is an error of the format; only warnings have checks")
    if rule.code in CHARTER_CHECKS or rule.code in FILE_CHECKS:  # pragma: no cover - likewise
        raise ValueError(f"rule code {rule.code} has two checks")


def charter_check(rule: Rule) -> Callable[[CharterCheck], CharterCheck]:
    """Bind a check on a valid charter to its catalogue entry."""

    def bind(check: CharterCheck) -> CharterCheck:
        _bind(rule)
        CHARTER_CHECKS[rule.code] = check
        return check

    return bind


def file_check(rule: Rule) -> Callable[[FileCheck], FileCheck]:
    """Bind a check on the file as written to its catalogue entry."""

    def bind(check: FileCheck) -> FileCheck:
        _bind(rule)
        FILE_CHECKS[rule.code] = check
        return check

    return bind


# --- The file as written ----------------------------------------------------------------------


@file_check(CUT_BY_COMMENT)
def value_cut_by_comment(document: Document) -> Iterator[Finding]:
    """``how_to_join: Ask in #general`` keeps only 'Ask in': the loader notes each such value."""
    for where in document.cut_by_comment:
        kept = document.nodes[where].value
        yield (
            where,
            (
                f"the value stops at '{kept}': YAML reads the '#' after it as a comment; "
                "quote the whole value if the '#…' belongs to it"
            ),
        )


# --- The charter: review ------------------------------------------------------------------------


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where it is shorter (29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@charter_check(REVIEW_DATE_PASSED)
def review_date_passed(charter: Charter, today: date) -> Iterator[Finding]:
    if charter.review_date < today:
        days = (today - charter.review_date).days
        yield (
            ("review_date",),
            (
                f"review date {charter.review_date.isoformat()} passed {days} day{'s' if days != 1 else ''} ago: "
                "hold a retrospective and set a new date"
            ),
        )


@charter_check(REVIEW_DATE_FAR)
def review_date_far(charter: Charter, today: date) -> Iterator[Finding]:
    if charter.review_date > months_after(today, REVIEW_HORIZON_MONTHS):
        yield (
            ("review_date",),
            (
                f"review date {charter.review_date.isoformat()} is more than {as_period(REVIEW_HORIZON_MONTHS)} away: "
                f"plan a review within {spelled_months(REVIEW_HORIZON_MONTHS)}"
            ),
        )


# --- The charter: roles -------------------------------------------------------------------------


@charter_check(NO_LEADER)
def no_leader(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.leader:
        yield ("roles",), "no leader: name who sets the agenda with members and welcomes newcomers"


@charter_check(NO_COACH)
def no_coach(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.coach:
        yield ("roles",), "no coach: name who helps the community mature and steer itself"


@charter_check(NO_SPONSOR)
def no_sponsor(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.roles.sponsor:
        yield ("roles",), "no sponsor: name who backs the community from management and attends the launch"


def _names(people: list[Person]) -> set[str]:
    return {person.name.casefold() for person in people}


@charter_check(ROLES_CONCENTRATED)
def roles_concentrated(charter: Charter, today: date) -> Iterator[Finding]:
    roles = charter.roles
    shared = _names(roles.leader) & _names(roles.coach) & _names(roles.coordinator)
    for person in roles.leader:
        if person.name.casefold() in shared:
            yield (
                ("roles", "leader"),
                (f"{person.name} is leader, coach and coordinator at once: share these roles with others"),
            )


@charter_check(LEADER_TIME_SHARE)
def leader_time_share(charter: Charter, today: date) -> Iterator[Finding]:
    for index, person in enumerate(charter.roles.leader):
        share = person.time_percent
        if share is not None and not LEADER_SHARE_MIN <= share <= LEADER_SHARE_MAX:
            yield (
                ("roles", "leader", index, "time_percent"),
                (
                    f"{person.name} gives {share:g} % of working time to leading: "
                    f"plan for {LEADER_SHARE_MIN} to {LEADER_SHARE_MAX} %"
                ),
            )


# --- The charter: values, rhythm, membership, evaluation -----------------------------------------


@charter_check(VALUE_WITHOUT_BEHAVIOUR)
def value_without_behaviour(charter: Charter, today: date) -> Iterator[Finding]:
    for index, item in enumerate(charter.values):
        if not item.behaviour:
            yield ("values", index), f"value '{item.value}' has no behaviour: add what members do because of it"


@charter_check(CADENCE_WITHOUT_SLOT)
def cadence_without_slot(charter: Charter, today: date) -> Iterator[Finding]:
    missing = charter.cadence.missing_for_slot
    if missing:
        yield ("cadence",), f"the cadence has no fixed slot: add {' and '.join(missing)}"


@charter_check(NO_HOW_TO_JOIN)
def no_how_to_join(charter: Charter, today: date) -> Iterator[Finding]:
    if not charter.membership.how_to_join:
        yield ("membership",), "no membership.how_to_join: say how a colleague can join"


@charter_check(CRITERION_WITHOUT_MEASURE)
def criterion_without_measure(charter: Charter, today: date) -> Iterator[Finding]:
    for index, item in enumerate(charter.evaluation_criteria):
        missing = [key for key in ("measure", "target") if not getattr(item, key)]
        if missing:
            yield (
                ("evaluation_criteria", index),
                (f"criterion '{item.criterion}' has no {' or '.join(missing)}: say how you will tell at the review"),
            )


@charter_check(MEMBER_ROTATION)
def member_rotation(charter: Charter, today: date) -> Iterator[Finding]:
    months = charter.membership.rotation_months
    if months is not None and not ROTATION_MIN_MONTHS <= months <= ROTATION_MAX_MONTHS:
        yield (
            ("membership", "rotation_months"),
            (f"members rotate every {months} months: {ROTATION_MIN_MONTHS} to {ROTATION_MAX_MONTHS} months works best"),
        )


# --- The charter: launch ------------------------------------------------------------------------


@charter_check(LAUNCH_AFTER_REVIEW)
def launch_after_review(charter: Charter, today: date) -> Iterator[Finding]:
    launch = charter.launch_date
    if launch is not None and launch > charter.review_date:
        yield (
            ("launch", "date"),
            (
                f"the launch on {launch.isoformat()} is after the review date "
                f"{charter.review_date.isoformat()}: move one of them"
            ),
        )


@charter_check(LAUNCH_TOO_SHORT)
def launch_too_short(charter: Charter, today: date) -> Iterator[Finding]:
    where = charter.launch_minutes_key
    if charter.phase not in STARTING or where is None:
        return  # without a length written, the launch agenda plans the default, which is long enough
    minutes = charter.launch_minutes
    if LAUNCH_SHORTEST_MINUTES <= minutes < LAUNCH_MIN_MINUTES:  # shorter still is E026
        yield (
            where,
            (
                f"the launch would last {minutes} minutes: give it at least {LAUNCH_MIN_MINUTES} "
                "(launch.duration_minutes), with ample time to get to know each other"
            ),
        )


@charter_check(LAUNCH_CANNOT_FIT)
def launch_cannot_fit(charter: Charter, today: date) -> Iterator[Finding]:
    """A launch shorter than any plan of its required steps: shown at the length that says so."""
    where = charter.launch_minutes_key
    if charter.phase not in STARTING or where is None:
        return
    minutes = charter.launch_minutes
    if minutes < LAUNCH_SHORTEST_MINUTES:
        yield (
            where,
            (
                f"a launch of {minutes} minutes cannot hold getting to know each other, the one-pager and "
                f"the first goals: give it at least {LAUNCH_SHORTEST_MINUTES} minutes (launch.duration_minutes)"
            ),
        )


# --- The charter: text left from the draft ------------------------------------------------------


@charter_check(PLACEHOLDER_TEXT)
def placeholder_text(charter: Charter, today: date) -> Iterator[Finding]:
    """The draft's placeholders (:mod:`copkit.rules.placeholders`, the texts ``init`` writes) in any language."""
    what = {"name": "name", "email": "e-mail address", "url": "link"}
    for where, text in placeholders_in(charter):
        yield where, f"'{text}' is the draft's placeholder: fill in the real {what[str(where[-1])]} or leave it out"
