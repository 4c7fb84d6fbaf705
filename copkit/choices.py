"""The charter format's choice lists, defined once.

The model builds its fields from these types; the command line, the interview, the calendar, the
handouts, the site and the status table take their options from the tuples beside them. A change
to the format is a change here, and ``tests/test_choices.py`` fails when another module or a
template spells a list out again.

Kept free of heavy imports: ``copkit --help`` and ``copkit rules`` need the lists, not Pydantic.
"""

from __future__ import annotations

from typing import Literal, get_args

Frequency = Literal["weekly", "biweekly", "monthly", "quarterly"]
Mode = Literal["in-person", "online", "hybrid"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Week = Literal["first", "second", "third", "fourth", "last"]
Phase = Literal["initiate", "start-up", "operate", "wind-down", "close"]
Focus = Literal["knowledge-sharing", "problem-solving", "innovation"]
Language = Literal["nl", "en"]
Access = Literal["open", "closed"]
Role = Literal["sponsor", "leader", "coach", "coordinator"]
HandoutName = Literal["onepager", "agenda", "retro", "invitation"]
HandoutFormat = Literal["md", "html", "pdf"]
# Who a handout is for: the facilitator's copy has everything, the participants' the programme only.
Audience = Literal["facilitator", "participants"]
# The kinds of meeting the agenda plans (see copkit.activities.MEETINGS for their steps).
Meeting = Literal["exploration", "launch", "session", "closing"]
# Journal entries (journal format v1): a meeting, or a retrospective with its scores.
EntryKind = Literal["meeting", "retro"]
# Wenger-Trayner's cycles of value creation, from the first to the last: what a story shows.
Cycle = Literal["immediate", "potential", "applied", "realised", "reframing"]
# McDermott's five characteristics of viable communities, as the journal's health keys.
HealthKey = Literal["dialogue", "shared_responsibility", "knowledge_decisive", "everyday_help", "crossing_boundaries"]

FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)
MODES: tuple[Mode, ...] = get_args(Mode)
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
WORKDAYS: tuple[Weekday, ...] = WEEKDAYS[:5]
WEEKS: tuple[Week, ...] = get_args(Week)
PHASES: tuple[Phase, ...] = get_args(Phase)
FOCUSES: tuple[Focus, ...] = get_args(Focus)
LANGUAGES: tuple[Language, ...] = get_args(Language)
ACCESSES: tuple[Access, ...] = get_args(Access)
ROLES: tuple[Role, ...] = get_args(Role)
HANDOUTS: tuple[HandoutName, ...] = get_args(HandoutName)
MEETINGS: tuple[Meeting, ...] = get_args(Meeting)
HANDOUT_FORMATS: tuple[HandoutFormat, ...] = get_args(HandoutFormat)
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
ENTRY_KINDS: tuple[EntryKind, ...] = get_args(EntryKind)
CYCLES: tuple[Cycle, ...] = get_args(Cycle)
HEALTH_KEYS: tuple[HealthKey, ...] = get_args(HealthKey)
TEXT_FORMATS: tuple[HandoutFormat, ...] = HANDOUT_FORMATS[:2]  # the ones `render --check` compares

# Rhythms that fall on a week of the month ('the first Tuesday') rather than every n weeks.
MONTHLY: tuple[Frequency, ...] = ("monthly", "quarterly")
# Phases in which the community is still being set up, before it runs on its own.
STARTING: tuple[Phase, ...] = ("initiate", "start-up")
# Phases in which a community welcomes new members: while it starts, and once it runs.
WELCOMING: tuple[Phase, ...] = ("initiate", "start-up", "operate")
# Phases in which the community is coming to an end: time to recognise what members gave.
ENDING: tuple[Phase, ...] = ("wind-down", "close")
# The meeting a community in each phase holds next, and so the one its agenda plans: talks with
# potential members while initiating, the launch while starting up, a regular session while it
# operates, and a closing meeting while winding down or closing.
MEETING_OF_PHASE: dict[Phase, Meeting] = {
    "initiate": "exploration",
    "start-up": "launch",
    "operate": "session",
    "wind-down": "closing",
    "close": "closing",
}
