"""The catalogue of every problem copkit reports: one rule, one stable code, one rationale.

Errors (``E…``) are breaches of the charter format: a charter with one is not a charter.
Warnings (``W…``) carry coaching rules of thumb from the domain brief; each can be switched
off with ``--ignore CODE``. Codes never change meaning once published.

This module only names and explains; the checks live in :mod:`copkit.rules.coaching`. A warning's
thresholds are named here, once, so that its rationale, its check's condition and its message
cannot disagree. Kept free of heavy imports: ``copkit rules`` lists the codes without the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from copkit.diagnostics import Severity

# Where every code is explained: the README's table, as a URL relative to the repository's root (copkit has
# no public home yet; when it has, this becomes the README's absolute URL). SARIF's helpUri and
# `copkit rules --format json` give it.
HELP_URL = "README.md#problem-codes"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    rationale: str

    @property
    def help_uri(self) -> str:
        return HELP_URL


REGISTRY: dict[str, Rule] = {}


def _register(code: str, name: str, severity: Severity, rationale: str) -> Rule:
    if code in REGISTRY:  # pragma: no cover - a programming slip, caught at import
        raise ValueError(f"rule code {code} registered twice")
    rule = REGISTRY[code] = Rule(code, name, severity, rationale)
    return rule


def _error(code: str, name: str, rationale: str) -> Rule:
    return _register(code, name, Severity.ERROR, rationale)


def _warning(code: str, name: str, rationale: str) -> Rule:
    return _register(code, name, Severity.WARNING, rationale)


def error_rules() -> list[Rule]:
    return [rule for rule in REGISTRY.values() if rule.severity is Severity.ERROR]


def warning_rules() -> list[Rule]:
    return [rule for rule in REGISTRY.values() if rule.severity is Severity.WARNING]


# --- Thresholds of the coaching rules, named once ---------------------------------------------

# W102: a review further away than this lets the charter drift.
REVIEW_HORIZON_MONTHS = 12
# W107: the share of working time active leadership takes, in %.
LEADER_SHARE_MIN = 10
LEADER_SHARE_MAX = 25
# W112: how often members best rotate, in months.
ROTATION_MIN_MONTHS = 3
ROTATION_MAX_MONTHS = 6
# W203: the longest an operating community goes without a retrospective, in months. Retros are
# the community's regular look in the mirror; quarterly is common, twice that is the most to allow.
RETRO_EVERY_MONTHS = 6
# W204: how many meetings in a row with fewer people present than the one before.
FALLING_MEETINGS = 3
# W205, W206: a score under this (3 = half, on the retro sheet's 1-5 scale) in two retrospectives
# running; one low score can be a bad day, two in a row are a pattern.
LOW_SCORE = 3
LOW_RUNNING = 2
# W115: the shortest launch of a community that is still starting up, in minutes.
LAUNCH_MIN_MINUTES = 60
# E026: the fewest minutes any launch can take: its required steps (getting to know each other, the
# one-pager, the first goals), each with its shortest activity in the built-in library
# (copkit.activities.shortest_meeting; tests/test_rules.py keeps the two equal). Every other kind of
# meeting fits in the shortest length a charter allows.
LAUNCH_SHORTEST_MINUTES = 30

_SPELLED = dict(
    enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    )
)


def spelled_months(months: int) -> str:
    """``twelve months``: a number of months as a coach would write it."""
    return f"{_SPELLED.get(months, str(months))} month{'s' if months != 1 else ''}"


def as_period(months: int) -> str:
    """``a year``, ``two years`` or ``eighteen months``: a span of months in the fewest words."""
    if months == 12:
        return "a year"
    if months % 12 == 0:
        return f"{_SPELLED.get(months // 12, str(months // 12))} years"
    return spelled_months(months)


# --- Errors: the file and the format ------------------------------------------------------

FILE_UNREADABLE = _error("E001", "file-unreadable", "copkit can only check a file it can open and read.")
NOT_UTF8 = _error(
    "E002", "not-utf8", "Charters travel between editors, tools and people; UTF-8 is the encoding all of them read."
)
TOO_LARGE = _error(
    "E003",
    "file-too-large",
    "A charter fits on a page or two; a much larger file is refused to keep checks fast and safe.",
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
WRONG_TYPE = _error(
    "E022", "wrong-type", "Every tool that reads the charter must find the same shape: text, list or mapping."
)
INVALID_VALUE = _error(
    "E023", "invalid-value", "Choices, dates, times and numbers must be ones copkit and calendars can act on."
)
UNQUOTED_BOOLEAN = _error(
    "E024",
    "unquoted-boolean",
    "YAML 1.1 tools read a bare yes, no, on or off as true/false, so the text would not survive: quote it.",
)


# --- Warnings about the file as written, found while reading it --------------------------------
# (registered before the coaching rules, so that the SARIF rule indexes stay as published)

CUT_BY_COMMENT = _warning(
    "W114",
    "value-cut-by-comment",
    "An unquoted value followed by ' #channel' loses the rest: YAML reads it as a comment.",
)


# --- Warnings: coaching rules of thumb, about a valid charter ---------------------------------

REVIEW_DATE_PASSED = _warning(
    "W101",
    "review-date-passed",
    "A charter is a living agreement: once its review date has passed, revisit it together.",
)
REVIEW_DATE_FAR = _warning(
    "W102",
    "review-date-far",
    f"A review more than {as_period(REVIEW_HORIZON_MONTHS)} away lets the charter drift from what members do.",
)
NO_LEADER = _warning(
    "W103", "no-leader", "A community needs a leader who sets the agenda with members and welcomes newcomers."
)
NO_COACH = _warning("W104", "no-coach", "A community needs a coach who helps it mature and become self-steering.")
NO_SPONSOR = _warning("W105", "no-sponsor", "A sponsor backs the community in the organisation, with time and means.")
ROLES_CONCENTRATED = _warning(
    "W106",
    "roles-concentrated",
    "One person as leader, coach and coordinator at once is a bottleneck; spread the leadership.",
)
LEADER_TIME_SHARE = _warning(
    "W107",
    "leader-time-share",
    f"Active leadership takes {LEADER_SHARE_MIN} to {LEADER_SHARE_MAX} percent of working time; "
    "less starves the community, more is rarely sustainable.",
)
VALUE_WITHOUT_BEHAVIOUR = _warning(
    "W108", "value-without-behaviour", "A value only guides members when it says what they do because of it."
)
CADENCE_WITHOUT_SLOT = _warning(
    "W109",
    "cadence-without-slot",
    "A fixed slot blocked in everyone's calendar keeps the rhythm; 'every other week' alone drifts.",
)
NO_HOW_TO_JOIN = _warning(
    "W110", "no-how-to-join", "Communities grow when the rest of the organisation can see how to join."
)
CRITERION_WITHOUT_MEASURE = _warning(
    "W111",
    "criterion-without-measure",
    "A criterion without a measure and a target cannot be judged at the review.",
)
MEMBER_ROTATION = _warning(
    "W112",
    "member-rotation",
    f"Rotating members every {ROTATION_MIN_MONTHS} to {ROTATION_MAX_MONTHS} months brings fresh views "
    "without losing continuity.",
)
LAUNCH_AFTER_REVIEW = _warning(
    "W113", "launch-after-review", "The first meeting comes before the first review of the charter."
)
LAUNCH_TOO_SHORT = _warning(
    "W115",
    "launch-too-short",
    f"A launch is the one chance for a first impression: give members at least {LAUNCH_MIN_MINUTES} minutes "
    "to get to know each other.",
)


# --- Errors added later (appended, so that the SARIF rule indexes stay as published) ---------------

TOO_LONG = _error(
    "E025",
    "too-long",
    "A charter is a one-pager: short lines, half-page paragraphs and lists of at most 100 items render in seconds.",
)
LAUNCH_CANNOT_FIT = _error(
    "E026",
    "launch-cannot-fit",
    f"A launch needs {LAUNCH_SHORTEST_MINUTES} minutes or more: to meet, take on the one-pager and set first goals.",
)


# --- The journal: errors found across files, and coaching rules over time ----------------------------

UNKNOWN_COMMUNITY = _error(
    "E027",
    "unknown-community",
    "An entry's 'community' names its charter exactly, so its meetings, actions and scores land in the right place.",
)
UNKNOWN_CRITERION = _error(
    "E028",
    "unknown-criterion",
    "A retro scores the criteria members agreed on in the charter; another name would start an unrelated series.",
)
ENTRY_IN_FUTURE = _warning(
    "W201",
    "entry-in-future",
    "A journal records what happened; an entry dated after today is a typing slip or written too early.",
)
ACTION_OVERDUE = _warning(
    "W202",
    "action-overdue",
    "Actions left open past their due date erode trust in what the community agrees: close, re-date or drop them.",
)
NO_RECENT_RETRO = _warning(
    "W203",
    "no-recent-retro",
    f"Without a retro in {spelled_months(RETRO_EVERY_MONTHS)}, a community stops asking whether it still meets "
    "its members' need.",
)
ATTENDANCE_FALLING = _warning(
    "W204",
    "attendance-falling",
    f"Fewer people at {FALLING_MEETINGS} meetings in a row is an early sign of fading value: ask members what they need.",
)
CRITERION_BELOW_TARGET = _warning(
    "W205",
    "criterion-below-target",
    f"A criterion under {LOW_SCORE} in {LOW_RUNNING} retros running is a pattern, not a bad day: change the approach "
    "or the criterion.",
)
HEALTH_LOW = _warning(
    "W206",
    "health-low",
    f"A characteristic of a viable community under {LOW_SCORE} in {LOW_RUNNING} retros running needs the members' "
    "attention.",
)
REVIEW_OVERDUE_IN_RETROS = _warning(
    "W207",
    "retros-past-review",
    "The review is where members decide to continue, change, merge or close: record it with a new review date.",
)


# --- Warnings added later (appended, so that the SARIF rule indexes stay as published) -------------

PLACEHOLDER_TEXT = _warning(
    "W116",
    "placeholder-text",
    "A name, address or link left from the draft tells colleagues nothing: fill in the real one or leave it out.",
)
UNUSED_NOQA = _warning(
    "W301",
    "unused-noqa",
    "A '# noqa' that hides nothing, or names an error, misleads the next reader: remove it or name the right code.",
)
