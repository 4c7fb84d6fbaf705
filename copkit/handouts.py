"""The handouts: a registry, and for each handout a view-model that makes every decision.

A handout is one :class:`HandoutSpec` in :data:`REGISTRY` (its name, the phases it suits, how its
view is built) plus one template per text format (``NAME.md.j2``, ``NAME.html.j2``). The view holds
every word the page shows, already translated and worked out in Python: labels, who leads each
step, minutes per item, the coordinator's checklist for the meeting's mode. The templates only lay
it out, so Markdown and HTML carry the same text (``tests/test_handouts.py`` holds them to it).

Views hold plain text. The renderer escapes each value once, for the format it writes: HTML by
Jinja's autoescape, Markdown by :func:`copkit.rendering.escape_markdown`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from copkit.activities import Activity, AgendaItem, Lead, Need, Plan, plan_meeting, plan_retro
from copkit.choices import (
    ENDING,
    MEETING_OF_PHASE,
    PHASES,
    ROLES,
    STARTING,
    WELCOMING,
    Audience,
    HandoutName,
    Language,
    Meeting,
    Phase,
)
from copkit.i18n import Words
from copkit.journal import Journal
from copkit.model import Charter, Person
from copkit.schedule import next_meeting, quarter_months


@dataclass(frozen=True)
class Table:
    """Column headings and rows of plain text; a blank cell is an empty string."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Item:
    """A list entry: a lead in bold, then the rest, and a note in small print."""

    lead: str
    text: str = ""
    note: str = ""


@dataclass(frozen=True)
class Step:
    """One timeboxed step of a meeting, in words."""

    time: str  # '12:00–12:10'
    minutes: str  # '10 min'
    step: str  # 'Welcome'
    activity: str
    how: str
    lead: str  # names, 'all members', or 'the coach' when the role is vacant


@dataclass(frozen=True)
class Page:
    """What every handout has: its language, titles, the line under the title, and the footer."""

    lang: Language
    title: str
    kicker: str
    heading: str
    footer: str
    meta: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a view is built from besides the charter."""

    words: Words
    meeting_date: date | None = None
    activities: dict[str, Activity] | None = None
    audience: Audience = "facilitator"
    density: int = 0  # how tightly a page that must fit one sheet is laid out (see DENSITIES)
    minutes: int | None = None  # the meeting's length, when the command line gives one
    meeting: Meeting | None = None  # the agenda's kind of meeting, when the command line chooses it
    journal: Journal | None = None  # what happened so far: open actions, last scores

    @property
    def seed(self) -> str | None:
        """What varies the planner's pick among equal activities: the meeting's date, if known."""
        return self.meeting_date.isoformat() if self.meeting_date is not None else None

    @property
    def _(self) -> Callable[[str], str]:
        return self.words._


# --- shared pieces ---------------------------------------------------------------------------------


def names(people: Sequence[Person]) -> str:
    return ", ".join(person.name for person in people)


@dataclass(frozen=True)
class ActionRow:
    """An open action from the journal, as a handout lists it."""

    what: str
    who: str
    due: str  # the due date as the language writes it, or empty
    overdue: bool  # due before the meeting's date
    agreed: str  # the date of the meeting that agreed it


def open_actions(ctx: Context) -> tuple[ActionRow, ...]:
    """The community's open actions, oldest first, from its journal (none without one). An action is
    overdue when it was due before the meeting's date."""
    if ctx.journal is None:
        return ()
    day = ctx.meeting_date
    return tuple(
        ActionRow(
            what=item.action.what,
            who=item.action.who or "",
            due=ctx.words.short_day(item.action.due) if item.action.due is not None else "",
            overdue=day is not None and item.overdue(day),
            agreed=ctx.words.short_day(item.agreed),
        )
        for item in ctx.journal.open_actions()
    )


def made_with(charter: Charter, ctx: Context) -> str:
    return ctx._("Made with copkit from the charter of %(name)s.") % {"name": charter.name}


def step_label(step: str, ctx: Context) -> str:
    """A meeting step's title, for the steps of every kind of meeting, and for breaks and lunch."""
    _ = ctx._
    return {
        "explore": _("Exploring the domain together"),
        "next-steps": _("Next steps"),
        "membership": _("Membership and ways to take part"),
        "practice": _("A taste of the practice"),
        "format": _("This session's format"),
        "consult": _("What the community gave us"),
        "decide-future": _("Deciding what comes next"),
        "archive": _("Keeping what we learned"),
        "recognise": _("Recognising contributions"),
        "celebrate": _("Celebrating"),
        "break": _("Break"),
        "lunch": _("Lunch"),
        "welcome": _("Welcome"),
        "get-to-know": _("Getting to know each other"),
        "sponsor": _("Why this matters to the organisation"),
        "one-pager": _("Our one-pager, together"),
        "goals": _("Our first concrete goals"),
        "agreements": _("Agreements"),
        "close": _("Close"),
        "set-the-stage": _("Set the stage"),
        "gather-data": _("Gather data"),
        "generate-insights": _("Generate insights"),
        "decide": _("Decide what to do"),
    }[step]


def lead(charter: Charter, role: Lead, ctx: Context) -> str:
    """Who leads a step: the names holding the role, all members, or the role itself while vacant."""
    if role == "members":
        return ctx._("all members")
    people = getattr(charter.roles, role)
    if people:
        return names(people)
    return ctx._("the %(role)s") % {"role": ctx.words.role(role)}


def steps(charter: Charter, plan: Sequence[AgendaItem], ctx: Context) -> tuple[Step, ...]:
    words, lang = ctx.words, ctx.words.lang
    return tuple(
        Step(
            time=f"{words.clock(item.start)}–{words.clock(item.end)}",
            minutes=ctx._("%(minutes)s min") % {"minutes": item.minutes},
            step=step_label(item.phase, ctx),
            activity=item.activity.name_in(lang) if item.activity is not None else "",
            how=item.activity.how_to_in(lang) if item.activity is not None else pause_how(item.phase, index, ctx),
            lead=lead(charter, item.lead, ctx) if item.lead is not None else "",
        )
        for index, item in enumerate(plan)
    )


def pause_how(pause: str, index: int, ctx: Context) -> str:
    """What a break or lunch is for, so the facilitator keeps it: a lunch that opens the meeting
    is also the first chance to meet."""
    _ = ctx._
    if pause == "lunch":
        if index == 0:
            return _("Eat together as people come in: an easy first chance to meet before the programme starts.")
        return _("Eat together; the programme starts again on time.")
    return _("Stretch your legs and get a drink; start again on time.")


def dropped_note(plan: Plan, ctx: Context) -> str | None:
    """A note naming the optional steps a short meeting leaves out, or None when it holds them all."""
    if not plan.dropped:
        return None
    left_out = ", ".join(step_label(step, ctx) for step in plan.dropped)
    return ctx._("Left out for lack of time: %(steps)s.") % {"steps": left_out}


def needs_text(needs: Sequence[Need], ctx: Context) -> tuple[str, ...]:
    """What the chosen activities need, in words."""
    _ = ctx._
    words = {
        "whiteboard": _("A whiteboard, or a shared online whiteboard"),
        "breakout-rooms": _("Breakout rooms in the video call"),
        "flip-chart-per-station": _("A flip chart for each table or station"),
        "cards": _("Index cards, one for each person"),
    }
    return tuple(words[need] for need in needs)


def meeting_day(ctx: Context, day: date | None) -> str | None:
    """The meeting's date written out, or None for a line to fill in by hand."""
    return ctx.words.day(day) if day is not None else None


def date_label(day: date | None, ctx: Context) -> dict[str, str]:
    """The label of the line to write the date on, for a meeting whose date is not known yet."""
    return {} if day is not None else {"date": ctx._("Date")}


def labelled(label: str, text: str) -> str:
    """'Phase: starting up': a label and its value on one line."""
    return f"{label}: {text}"


def minutes_text(minutes: int, ctx: Context) -> str:
    return ctx._("%(minutes)s minutes") % {"minutes": minutes}


# --- the one-pager -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnePager:
    page: Page
    domain: str | None
    purpose: str
    values: tuple[Item, ...]
    ambitions: tuple[str, ...]
    rhythm: str  # 'The first Tuesday of every month'
    hours: str | None  # '12:30–13:30', printed on one line
    place: str  # 'hybrid, Room Schelde'
    time_zone: str | None
    next_meeting: str | None  # 'Next meeting: …' or 'Launch: …', see next_or_launch()
    formats: str | None
    roles: tuple[RoleRow, ...]
    membership: str
    how_to_join: str | None
    core: str | None
    participation: str
    tools: tuple[Item, ...]
    criteria: Table
    review: str
    density: int = 0  # a layout, not a word: 0 is the roomiest, DENSITIES[-1] the tightest
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleRow:
    role: str
    who: str  # the names, or the word for vacant
    vacant: bool


# The layouts a one-page handout may take, roomiest first: the renderer tries each in turn until the
# PDF is one page (templates/onepager.html.j2 names them density-0 … density-3).
DENSITIES = (0, 1, 2, 3)


def capitalised(text: str) -> str:
    """'Sponsor' from 'sponsor': the first letter upper-case, the rest as written."""
    return text[:1].upper() + text[1:]


def person_text(person: Person, ctx: Context) -> str:
    """'Tom Okafor (10%)', 'Tom Okafor (12,5%)': a name and, if given, the share of working time."""
    if person.time_percent is None:
        return person.name
    return f"{person.name} ({ctx.words.percent(person.time_percent)})"


def next_or_launch(charter: Charter, ctx: Context) -> str | None:
    """The meeting a reader can come to. With a date for the handout (``render --date``): the first
    meeting on or after it, the launch while it is ahead (:func:`copkit.schedule.next_meeting`).
    Without one, the launch date if the charter has one, so the page never depends on the day it
    is rendered; else nothing."""
    _, words = ctx._, ctx.words
    day = next_meeting(charter, ctx.meeting_date) if ctx.meeting_date is not None else charter.launch_date
    if day is None:
        return None
    label = _("Launch") if day == charter.launch_date else _("Next meeting")
    return labelled(label, words.day(day))


def participation(ctx: Context) -> str:
    """The three levels of taking part, and that members choose and change their own."""
    return ctx._(
        "Choose how you take part, and change whenever you like: in the core group (preparing the meetings,"
        " holding the roles), as an active member (coming often, bringing questions and lessons) or in the"
        " periphery (following along, using what we share)."
    )


def membership_text(charter: Charter, ctx: Context) -> str:
    """'Open to everyone.' or 'Closed: members are selected. By invitation of the core group.'"""
    text = ctx.words.access(charter.membership.access) + "."
    return f"{text} {charter.membership.admission}" if charter.membership.admission else text


def one_pager(charter: Charter, ctx: Context) -> OnePager:
    _, words = ctx._, ctx.words
    held = {role: ", ".join(person_text(person, ctx) for person in getattr(charter.roles, role)) for role in ROLES}
    roles = tuple(RoleRow(capitalised(words.role(role)), held[role] or _("vacant"), not held[role]) for role in ROLES)
    roles += tuple(RoleRow(capitalised(other.role), other.name, False) for other in charter.roles.others)
    cadence = charter.cadence
    return OnePager(
        page=Page(
            lang=words.lang,
            title=charter.name + " · " + _("One-pager"),
            kicker=_("Community of practice"),
            heading=charter.name,
            footer=made_with(charter, ctx),
            badges=(words.focus(charter.purpose.focus), labelled(_("Phase"), words.phase(charter.phase))),
        ),
        domain=charter.domain,
        purpose=charter.purpose.statement,
        values=tuple(Item(value.value, value.behaviour or "") for value in charter.values),
        ambitions=tuple(charter.ambitions),
        rhythm=capitalised(words.rhythm(cadence.frequency, cadence.weekday, cadence.week, quarter_months(charter))),
        hours=words.hours(cadence),
        place=", ".join([words.mode(cadence.mode), *([cadence.location] if cadence.location else [])]),
        time_zone=_("All times are in %(zone)s.") % {"zone": words.time_zone(cadence.timezone)}
        if cadence.timezone
        else None,
        next_meeting=next_or_launch(charter, ctx),
        formats=labelled(_("Session formats"), ", ".join(cadence.formats)) if cadence.formats else None,
        roles=roles,
        membership=membership_text(charter, ctx),
        how_to_join=charter.membership.how_to_join,
        core=labelled(_("Core group"), ", ".join(charter.membership.core)) if charter.membership.core else None,
        participation=participation(ctx),
        tools=tuple(Item(tool.name, tool.purpose or "", tool.url or "") for tool in charter.tooling),
        criteria=Table(
            (_("Criterion"), _("Measure"), _("Target")),
            tuple((item.criterion, item.measure or "", item.target or "") for item in charter.evaluation_criteria),
        ),
        review=_("We review this charter together by %(date)s at the latest.")
        % {"date": words.short_day(charter.review_date)},
        density=ctx.density,
        labels={
            "domain": _("Our domain"),
            "purpose": _("Our purpose"),
            "values": _("What we value"),
            "ambitions": _("What we aim for"),
            "meeting": _("When we meet"),
            "roles": _("Who does what"),
            "role": _("Role"),
            "who": _("Who"),
            "joining": _("Joining us"),
            "how_to_join": _("How to join"),
            "tools": _("Where we share"),
            "criteria": _("How we judge our success"),
        },
    )


# --- the agenda of the next meeting --------------------------------------------------------------


@dataclass(frozen=True)
class Agenda:
    page: Page
    date: str | None
    purpose: str
    questions: tuple[str, ...]  # an exploration's questions for potential members; else empty
    actions: tuple[ActionRow, ...]  # the journal's open actions: the meeting opens with them
    programme: tuple[Step, ...]
    dropped: str | None  # the optional steps left out for lack of time
    needs: tuple[str, ...]  # what the chosen activities need
    checklist: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)


LINK = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def is_link(place: str) -> bool:
    """Whether a location is a meeting link rather than a room or an address."""
    return bool(LINK.match(place.strip()))


def places(charter: Charter, launch: bool = True) -> tuple[str, ...]:
    """Where the meeting takes place, for its header: the room or the link; for a hybrid meeting both,
    the room first, as far as the launch's (for a launch) and the cadence's locations give them."""
    found = [place for place in (charter.launch_location if launch else None, charter.cadence.location) if place]
    if charter.cadence.mode != "hybrid":
        return tuple(found[:1])
    room = next((place for place in found if not is_link(place)), None)
    link = next((place for place in found if is_link(place)), None)
    return tuple(place for place in (room, link) if place)


def exploration_questions(ctx: Context) -> tuple[str, ...]:
    """What to ask potential members before a community starts (the first step of a launch)."""
    _ = ctx._
    return (
        _("Which topics in this domain matter to you, and which challenges come with them?"),
        _("Would you want to work on them together with peers?"),
        _("How relevant is this for the organisation?"),
        _("What difference could such a community make?"),
        _("What would you bring, and what would you need to take part?"),
    )


def checklist(charter: Charter, ctx: Context, plan: Plan) -> tuple[str, ...]:
    """What the coordinator prepares: the room and the call by the meeting's mode, the materials the
    planned activities need, for a launch the invitation by membership and the sponsor."""
    _ = ctx._
    mode, launch = charter.cadence.mode, plan.kind == "launch"
    where = places(charter, launch)
    room = next((place for place in where if not is_link(place)), None)
    link = next((place for place in where if is_link(place)), None)
    eats = launch or any(item.phase == "lunch" for item in plan.items)
    items = []
    if not charter.roles.coordinator:
        items.append(_("Someone found to coordinate: the invitation, the room, food and drink"))
    if mode != "in-person":
        items.append(
            _("Meeting link tested and shared (%(link)s), with a backup channel in case it fails") % {"link": link}
            if link
            else _("Meeting link tested and shared, with a backup channel in case it fails")
        )
    if mode != "online":
        items.append(
            _("Room booked: %(place)s") % {"place": room} if room else _("A room booked with space to move around")
        )
        if eats:
            items.append(_("Good food and drink arranged"))
        if launch or "flip-chart-per-station" in plan.needs:
            items.append(
                _("Materials ready: printed one-pagers, sticky notes, markers and a flip chart for every station")
                if "flip-chart-per-station" in plan.needs
                else _("Materials ready: printed one-pagers, sticky notes, markers and a flip chart")
            )
    if mode != "in-person" and (launch or "whiteboard" in plan.needs):
        items.append(
            _("An online whiteboard prepared for the one-pager, the votes and the goals")
            if launch
            else _("An online whiteboard prepared for the votes and the shared notes")
        )
    if mode == "online" and (launch or "breakout-rooms" in plan.needs):
        items.append(_("Breakout rooms set up for the work in pairs and small groups"))
    if mode == "hybrid":
        items.append(_("A camera and microphone that let online members take part as equals"))
    if launch:
        items.append(
            _("The admission process shared transparently with everyone who may be interested")
            if charter.membership.access == "closed"
            else _("An open invitation sent to everyone who may be interested, not to a hand-picked list")
        )
        sponsors = charter.roles.sponsor
        items.append(
            _("Attendance confirmed by the sponsor, %(name)s, who has prepared a short word on why this matters")
            % {"name": names(sponsors)}
            if sponsors
            else _("A sponsor found who will attend and say why this matters")
        )
    if plan.kind == "closing":
        items.append(_("The sponsor and the periphery told what was decided, and who stays their contact"))
    items.append(_("This agenda shared with the leader and the coach beforehand"))
    return tuple(items)


def for_participants(view: Agenda) -> Agenda:
    """The participants' copy: the programme, without the facilitator's how-to lines, timeboxes,
    leads, dropped steps, materials and checklist (empty, so the templates leave them out)."""
    return dataclasses.replace(
        view,
        programme=tuple(dataclasses.replace(step, minutes="", how="", lead="") for step in view.programme),
        dropped=None,
        needs=(),
        checklist=(),
        labels={**view.labels, "how": "", "lead": "", "needs": "", "checklist": ""},
    )


def agenda_kind(charter: Charter, ctx: Context) -> Meeting:
    """The meeting the agenda plans: the one ``--meeting`` names, else the next one of the phase."""
    return ctx.meeting or MEETING_OF_PHASE[charter.phase]


def agenda_titles(kind: Meeting, charter: Charter, ctx: Context) -> tuple[str, str]:
    """The kicker and the heading of the agenda of a meeting of ``kind``."""
    _, name = ctx._, {"name": charter.name}
    return {
        "exploration": (_("Guide for exploratory conversations"), _("Exploring a community for %(name)s") % name),
        "launch": (_("Launch agenda"), _("Launching %(name)s") % name),
        "session": (_("Session agenda"), _("Meeting of %(name)s") % name),
        "closing": (_("Closing meeting"), _("Closing %(name)s") % name),
    }[kind]


def agenda(charter: Charter, ctx: Context) -> Agenda:
    _, words = ctx._, ctx.words
    kind = agenda_kind(charter, ctx)
    plan = plan_meeting(charter, kind, ctx.activities, minutes=ctx.minutes, seed=ctx.seed)
    minutes = plan.minutes
    meta = [
        words.span(plan.items[0].start, minutes) + f" ({minutes_text(minutes, ctx)})",
        *places(charter, kind == "launch"),
    ]
    coordinators = charter.roles.coordinator
    day = (charter.launch_date if kind == "launch" else None) or ctx.meeting_date
    kicker, heading = agenda_titles(kind, charter, ctx)
    questions = exploration_questions(ctx) if kind == "exploration" else ()
    needs = needs_text(plan.needs, ctx)
    actions = open_actions(ctx)
    view = Agenda(
        page=Page(
            lang=words.lang,
            title=charter.name + " · " + kicker,
            kicker=kicker,
            heading=heading,
            footer=made_with(charter, ctx),
            meta=tuple(meta),
        ),
        date=meeting_day(ctx, day),
        purpose=charter.purpose.statement,
        questions=questions,
        actions=actions,
        programme=steps(charter, plan.items, ctx),
        dropped=dropped_note(plan, ctx),
        needs=needs,
        checklist=checklist(charter, ctx, plan),
        labels={
            **date_label(day, ctx),
            "purpose": _("Why we are here"),
            **({"questions": _("Questions to ask")} if questions else {}),
            **(
                {
                    "actions": _("We start with the open actions"),
                    "actions_note": _(
                        "From the journal: say where each one stands, then close it, re-date it or drop it."
                    ),
                    "action": _("Action"),
                    "owner": _("Owner"),
                    "due": _("Due"),
                    "overdue": _("overdue"),
                }
                if actions
                else {}
            ),
            "programme": _("Programme"),
            "time": _("Time"),
            "what": _("What"),
            "how": _("How"),
            "lead": _("Led by"),
            **({"needs": _("What the activities need")} if needs else {}),
            "checklist": _("Preparation checklist for the coordinator") + f" ({names(coordinators)})"
            if coordinators
            else _("Preparation checklist"),
        },
    )
    return view if ctx.audience == "facilitator" else for_participants(view)


# --- the retrospective sheet ---------------------------------------------------------------------

# Rows left blank on the retrospective sheet for members to fill in by hand.
BLANK_ROWS = 3
# How much of last time's measured value the criteria table repeats: a reminder, not the whole note.
LAST_MEASURED = 60
SCORES = ("1", "2", "3", "4", "5")
# The retrospective's five phases, in order: every part of the sheet belongs to one of them.
RETRO_STEPS = ("set-the-stage", "gather-data", "generate-insights", "decide", "close")
# The activity of the library that scores the health check; the sheet's part goes with it.
HEALTH_CHECK = "health-check"


@dataclass(frozen=True)
class Cell:
    """One cell to read or fill in: text with a note in small print, tick boxes (each with its
    label, '' for a bare box), or room to write by hand."""

    text: str = ""
    note: str = ""
    boxes: tuple[str, ...] = ()
    write: bool = False


@dataclass(frozen=True)
class Grid:
    """A table on the sheet: an optional caption, column headings, and rows of cells."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Section:
    """A numbered part of the retrospective sheet, and the step of the plan it is filled in during."""

    number: str
    title: str
    when: str  # 'During “Gather data”'
    note: str = ""
    scale: tuple[str, ...] = ()  # the score anchors: '1 = not at all', …
    prompts: tuple[str, ...] = ()  # questions, each with room to write
    grids: tuple[Grid, ...] = ()
    fields: tuple[str, ...] = ()  # 'Next review date': a line to write on


@dataclass(frozen=True)
class PlanRow:
    """A step of the retrospective's plan, and the parts of the sheet the group fills in during it."""

    step: Step
    sheet: str  # 'On the sheet: 2, 3'


@dataclass(frozen=True)
class Retro:
    page: Page
    date: str | None
    intro: str
    plan_title: str
    plan: tuple[PlanRow, ...]
    sections: tuple[Section, ...]
    dropped: str | None  # the optional steps left out for lack of time
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sign:
    """A statement of the health check, under a short label."""

    label: str
    statement: str


def viable_signs(ctx: Context) -> tuple[Sign, ...]:
    """McDermott's five characteristics of a viable community, as statements to score."""
    _ = ctx._
    return (
        Sign(_("Dialogue"), _("We value diverse views, discussion and real dialogue")),
        Sign(_("Shared responsibility"), _("We share responsibility for the long term, our vision and our goal")),
        Sign(_("Expertise counts"), _("Knowledge and skill carry weight here, not rank")),
        Sign(_("Help with daily work"), _("Members find help here with everyday work questions")),
        Sign(_("Crossing boundaries"), _("We cross boundaries and create together, beyond swapping news")),
    )


def community_killers(ctx: Context) -> tuple[Sign, ...]:
    """The two community killers, each as a statement that scores high when the community is free of it."""
    _ = ctx._
    return (
        Sign(_("Authoritarian leadership"), _("Leadership is shared, never authoritarian")),
        Sign(_("Window dressing"), _("What we show matches what we do: no window dressing, no lip service")),
    )


def charter_elements(ctx: Context) -> tuple[str, ...]:
    _ = ctx._
    return (
        _("Purpose"), _("Values and behaviour"), _("Ambitions"), _("Cadence"), _("Roles"),
        _("Membership"), _("Tooling"), _("Evaluation criteria"), _("Review date"),
    )  # fmt: skip


def score_anchors(ctx: Context) -> tuple[str, ...]:
    """What each score means, the same for every score on the sheet."""
    _ = ctx._
    words = (_("not at all"), _("a little"), _("halfway"), _("largely"), _("fully"))
    return tuple(f"{score} = {word}" for score, word in zip(SCORES, words, strict=True))


def blank(columns: int, rows: int = BLANK_ROWS) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(Cell(write=True) for _ in range(columns)) for _ in range(rows))


def ticks(label: str = "") -> Cell:
    return Cell(boxes=(label,))


def last_actions(ctx: Context) -> tuple[str, str, tuple[Grid, ...]]:
    """Last time's actions, reviewed first: the journal's open actions with their owner and due
    date, then a row to add one; without a journal, rows to copy them into by hand."""
    _ = ctx._
    headers = (_("Action"), _("Owner"), _("Done?"), _("What now?"))
    done = Cell(boxes=(_("Yes"), _("Partly"), _("No")))
    listed = open_actions(ctx)
    rows = tuple(
        (
            Cell(action.what, _("agreed %(date)s") % {"date": action.agreed}),
            Cell(
                action.who,
                (_("due %(date)s") % {"date": action.due} if action.due else "")
                + (f" · {_('overdue')}" if action.overdue else ""),
            ),
            done,
            Cell(write=True),
        )
        for action in listed
    ) + tuple(
        (Cell(write=True), Cell(write=True), done, Cell(write=True)) for _row in range(1 if listed else BLANK_ROWS)
    )
    if ctx.journal is None:
        note = _(
            "Copy the actions we agreed last time and tick how far each one got."
            " Once copkit keeps the community's journal, it fills in this table for you."
        )
    elif listed:
        note = _("The open actions from the journal: tick how far each one got, and close, re-date or drop it.")
    else:
        note = _("The journal has no open actions: add any that were agreed outside the meetings.")
    return _("Actions from last time"), note, (Grid("", headers, rows),)


def criteria_grid(charter: Charter, ctx: Context) -> Grid:
    """The charter's criteria against their targets; with a journal, last time's score and measure
    beside them, so the group sees the change."""
    _ = ctx._
    last = ctx.journal.last_scores(before=ctx.meeting_date) if ctx.journal is not None else {}

    def previous(criterion: str) -> tuple[Cell, ...]:
        if not last:
            return ()
        if criterion not in last:
            return (Cell("–"),)
        scored, day = last[criterion]
        measured = scored.measured or ""
        if len(measured) > LAST_MEASURED:
            measured = measured[: LAST_MEASURED - 1].rstrip() + "…"
        note = " · ".join(part for part in (ctx.words.short_day(day), measured) if part)
        return (Cell(_("score %(score)s") % {"score": ctx.words.number(scored.score)}, note),)

    rows = tuple(
        (
            Cell(item.criterion, item.measure or ""),
            Cell(item.target or ""),
            *previous(item.criterion),
            Cell(write=True),
            Cell(boxes=(_("Yes"), _("Partly"), _("No"))),
            Cell(boxes=SCORES),
        )
        for item in charter.evaluation_criteria
    ) or blank(5, 2)
    headers = (
        _("Criterion"),
        _("Target"),
        *((_("Last time"),) if last else ()),
        _("Measured"),
        _("Met?"),
        _("Score (1–5)"),
    )
    return Grid("", headers, rows)


def ambitions_grid(charter: Charter, ctx: Context) -> Grid:
    _ = ctx._
    rows = tuple((Cell(ambition), ticks(), ticks(), ticks(), Cell(write=True)) for ambition in charter.ambitions)
    headers = (_("Ambition"), _("Not started"), _("Under way"), _("Achieved"), _("Notes"))
    return Grid("", headers, rows or blank(5, 2))


def health_grids(ctx: Context) -> tuple[Grid, ...]:
    _ = ctx._
    headers = (_("Aspect"), _("Statement"), _("Score (1–5)"))

    def rows(signs: tuple[Sign, ...]) -> tuple[tuple[Cell, ...], ...]:
        return tuple((Cell(sign.label), Cell(sign.statement), Cell(boxes=SCORES)) for sign in signs)

    return (
        Grid(_("Five characteristics of a viable community (McDermott)"), headers, rows(viable_signs(ctx))),
        Grid(_("Two community killers: how free of them are we?"), headers, rows(community_killers(ctx))),
    )


def grow_sections(charter: Charter, ctx: Context) -> list[tuple[str, Section]]:
    """The parts of the sheet for a community that is starting or running: how do we grow?"""
    _ = ctx._
    return [
        part(
            "generate-insights",
            _("Questions to talk through"),
            prompts=(
                _("Does the community still meet the need?"),
                _("What must change to become the community we want to be?"),
                _("How busy are we, and how much time does taking part really cost us?"),
                _("What do we want from this community, and what does management want from it?"),
                _("Does the organisation say clearly what it expects from us? May this community fail?"),
            ),
        ),
        part(
            "decide",
            _("Support on three levels"),
            grids=(
                Grid(
                    "",
                    (_("Level"), _("What helps us now"), _("What we still need, and from whom")),
                    (
                        (
                            Cell(_("Culture"), _("openness, transparency, courage to try and fail")),
                            Cell(write=True),
                            Cell(write=True),
                        ),
                        (Cell(_("Leadership"), _("time for members to take part")), Cell(write=True), Cell(write=True)),
                        (Cell(_("People and means"), _("budget, space, tools")), Cell(write=True), Cell(write=True)),
                    ),  # fmt: skip
                ),
            ),
        ),
        part(
            "decide",
            _("Making our results visible"),
            note=_("Who outside the community sees what we achieve? Which result do we show next?"),
            grids=(Grid("", (_("Result"), _("For whom"), _("How"), _("Who")), blank(4, 2)),),
        ),
        part(
            "decide",
            _("Our charter, element by element"),
            grids=(
                Grid(
                    "",
                    (_("Element"), _("Keep"), _("Change"), _("What to change")),
                    tuple((Cell(element), ticks(), ticks(), Cell(write=True)) for element in charter_elements(ctx)),
                ),
            ),
        ),
    ]


def future_sections(charter: Charter, ctx: Context) -> list[tuple[str, Section]]:
    """The parts of the sheet for a community that is winding down or closing: what is its future?"""
    _ = ctx._
    options = (
        _("Continue, with a new focus"),
        _("Merge with another community"),
        _("Hand over to a team or the line"),
        _("Close the community"),
    )
    checklist = (
        _("Archive the knowledge where others can still find it"),
        _("Name a contact for questions afterwards"),
        _("Inform the periphery: those who follow us from a distance"),
        _("Inform the sponsor"),
        _("Recognise what members gave"),
        _("Celebrate what we achieved together"),
    )
    return [
        part(
            "generate-insights",
            _("Questions to talk through"),
            prompts=(
                _("Does the community still meet the need?"),
                _("Which problems have we solved, and which still need a home?"),
                _("What would members and the organisation lose if we stopped?"),
            ),
        ),
        part(
            "decide",
            _("Our community's future"),
            note=_("Tick the option we choose together."),
            grids=(
                Grid(
                    "",
                    (_("Option"), _("Our choice"), _("With whom, and why")),
                    tuple((Cell(option), ticks(), Cell(write=True)) for option in options),
                ),
            ),
        ),
        part(
            "decide",
            _("Closing checklist"),
            note=_("If we merge, hand over or close:"),
            grids=(
                Grid(
                    "",
                    (_("Task"), _("Who"), _("By when"), _("Done")),
                    tuple((Cell(task), Cell(write=True), Cell(write=True), ticks()) for task in checklist),
                ),
            ),
        ),
        part(
            "close",
            _("Recognising what members gave"),
            note=_("Name each contribution and agree how to thank the people behind it and keep their work available."),
            grids=(Grid("", (_("Who"), _("Contribution"), _("How we recognise it")), blank(3)),),
        ),
    ]


def retro_sections(charter: Charter, plan: Sequence[AgendaItem], ctx: Context) -> tuple[Section, ...]:
    """Every part of the sheet, in the order of the plan, each naming the step it is filled in during."""
    _ = ctx._
    ending = charter.phase in ENDING
    actions_title, actions_note, actions_grids = last_actions(ctx)
    parts: list[tuple[str, Section]] = [
        part("set-the-stage", actions_title, note=actions_note, grids=actions_grids),
        part(
            "gather-data",
            _("How did we do on our criteria?"),
            scale=score_anchors(ctx),
            grids=(criteria_grid(charter, ctx),),
        ),
        part("gather-data", _("Progress on our ambitions"), grids=(ambitions_grid(charter, ctx),)),
        part(
            health_step(plan),
            _("Health check"),
            note=_("Each of us scores every statement; then we look at where our scores differ most."),
            scale=score_anchors(ctx),
            grids=health_grids(ctx),
        ),
        *(future_sections(charter, ctx) if ending else grow_sections(charter, ctx)),
        part(
            "close",
            _("Our actions"),
            grids=(Grid("", (_("Action"), _("Owner"), _("By when")), blank(3, BLANK_ROWS + 1)),),
            fields=() if ending else (_("Next review date") + " " + _("(at most a year from now)"),),
        ),
    ]
    held = [item.phase for item in plan]
    return tuple(
        replace(
            section,
            number=str(number),
            when=when(step_in(phase, held), ctx),
        )
        for number, (phase, section) in enumerate(parts, start=1)
    )


def health_step(plan: Sequence[AgendaItem]) -> str:
    """The step the health check is scored in: the plan's own health-check activity's, if it has one."""
    return next(
        (item.phase for item in plan if item.activity is not None and item.activity.id == HEALTH_CHECK),
        "generate-insights",
    )


def step_in(phase: str, held: Sequence[str]) -> str:
    """The plan's step for a part of the sheet: its own retrospective phase, or, should the plan
    leave that phase out, the nearest one the plan holds (the earlier one on a tie)."""
    order = {step: index for index, step in enumerate(RETRO_STEPS)}
    present = [step for step in RETRO_STEPS if step in held]
    if phase in held or not present:
        return phase
    return min(present, key=lambda step: (abs(order[step] - order[phase]), order[step]))


def part(
    phase: str,
    title: str,
    *,
    note: str = "",
    scale: tuple[str, ...] = (),
    prompts: tuple[str, ...] = (),
    grids: tuple[Grid, ...] = (),
    fields: tuple[str, ...] = (),
) -> tuple[str, Section]:
    """A part of the sheet and the retrospective phase it belongs to; numbered and placed later."""
    return phase, Section("", title, "", note, scale, prompts, grids, fields)


def next_after(charter: Charter, day: date | None) -> date | None:
    """The first meeting after ``day`` (the retrospective's own date): the launch if it is still
    ahead, else the next regular one, from the one series that status and the calendar use
    (:func:`copkit.schedule.next_meeting`); None without a date, a fixed slot or a meeting left."""
    return next_meeting(charter, day + timedelta(days=1)) if day is not None else None


def plan_rows(
    charter: Charter, plan: Sequence[AgendaItem], sections: Sequence[Section], ctx: Context
) -> tuple[PlanRow, ...]:
    """The plan's steps, each naming the numbered parts of the sheet the group fills in during it."""
    rows, seen = [], set()
    for item, step in zip(plan, steps(charter, plan, ctx), strict=True):
        first = item.phase not in seen  # a step the plan splits (around a break, say) names its parts once
        seen.add(item.phase)
        numbers = [section.number for section in sections if first and section.when == when(item.phase, ctx)]
        sheet = ctx._("On the sheet: %(parts)s") % {"parts": ", ".join(numbers)} if numbers else ""
        rows.append(PlanRow(step, sheet))
    return tuple(rows)


def when(phase: str, ctx: Context) -> str:
    return ctx._("During “%(step)s”") % {"step": step_label(phase, ctx)}


def retro(charter: Charter, ctx: Context) -> Retro:
    _, words = ctx._, ctx.words
    following = next_after(charter, ctx.meeting_date)
    plan = plan_retro(charter, ctx.minutes, ctx.activities, seed=ctx.seed)
    minutes = plan.minutes
    sections = retro_sections(charter, plan.items, ctx)
    return Retro(
        page=Page(
            lang=words.lang,
            title=charter.name + " · " + _("Retrospective"),
            kicker=_("Retrospective sheet"),
            heading=_("Looking back on %(name)s") % {"name": charter.name},
            footer=made_with(charter, ctx),
            meta=(
                labelled(_("Phase"), words.phase(charter.phase)),
                labelled(_("Review date in the charter"), words.short_day(charter.review_date)),
                *([labelled(_("Next meeting"), words.short_day(following))] if following else []),
            ),
        ),
        date=meeting_day(ctx, ctx.meeting_date),
        intro=_(
            "For the whole group: we go through this sheet together, step by step, and look back on what we"
            " achieved to decide on our community's future."
        )
        if charter.phase in ENDING
        else _(
            "For the whole group: we go through this sheet together, step by step, to see how we are doing"
            " and how we can grow."
        ),
        plan_title=_("Our plan for this session") + f" ({minutes_text(minutes, ctx)})",
        plan=plan_rows(charter, plan.items, sections, ctx),
        dropped=dropped_note(plan, ctx),
        sections=sections,
        labels={
            **date_label(ctx.meeting_date, ctx),
            "time": _("Time"),
            "what": _("What"),
            "how": _("How"),
            "lead": _("Led by"),
        },
    )


# --- the invitation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """An announcement to paste into an e-mail or a channel: the subject is the page's heading."""

    page: Page
    greeting: str
    intro: str
    domain: str | None
    purpose: str
    meeting_title: str
    meeting: tuple[str, ...]  # the date (or 'to follow'), the time, the room, the link
    joining: tuple[str, ...]  # open: everyone welcome; closed: the admission process as written
    levels_intro: str
    levels: tuple[Item, ...]
    contact: str | None
    closing: str
    signature: str | None


@dataclass(frozen=True)
class InvitedMeeting:
    """The meeting an invitation names: its day (None: to follow), whether it is the launch, its
    time and its places."""

    day: date | None
    first: bool
    start: str | None
    places: tuple[str, ...]


def invited_to(charter: Charter, ctx: Context) -> InvitedMeeting:
    """The launch while it is ahead of ``--date`` (or, without one, whenever it is), else the next
    regular meeting on or after ``--date``, else a meeting whose date is still to follow."""
    words, launch = ctx.words, charter.launch_date
    day = next_meeting(charter, ctx.meeting_date) if ctx.meeting_date is not None else launch
    if day is not None and day == launch:
        start = words.span(charter.launch_time, charter.launch_minutes) if charter.launch_time else None
        return InvitedMeeting(day, True, start, places(charter))
    cadence = charter.cadence
    start = None
    if cadence.time is not None:
        length = cadence.duration_minutes
        start = words.span(cadence.time, length) if length else words.clock(cadence.time)
    return InvitedMeeting(
        day, day is None and charter.phase in STARTING, start, (cadence.location,) if cadence.location else ()
    )


def contact_text(person: Person) -> str:
    return f"{person.name} ({person.email})" if person.email else person.name


def invitation(charter: Charter, ctx: Context) -> Invitation:
    """The invitation in the charter's words: open to everyone concerned, or the admission process
    said plainly for a closed community; the first (or next) meeting; the levels to choose from."""
    _, words = ctx._, ctx.words
    meeting = invited_to(charter, ctx)
    when = words.day(meeting.day) if meeting.day is not None else None
    if meeting.first:
        subject = (
            _("Invitation: the first meeting of %(name)s on %(date)s") % {"name": charter.name, "date": when}
            if when
            else _("Invitation: %(name)s, a new community of practice") % {"name": charter.name}
        )
    else:
        subject = (
            _("Invitation: %(name)s meets on %(date)s") % {"name": charter.name, "date": when}
            if when
            else _("Invitation: join %(name)s, our community of practice") % {"name": charter.name}
        )
    lines = [when or _("Date to follow: we will let you know in good time.")]
    if meeting.start:
        lines.append(labelled(_("Time"), meeting.start))
    for place in meeting.places:
        lines.append(labelled(_("Link") if is_link(place) else _("Place"), place))
    membership = charter.membership
    if membership.access == "closed":
        joining = [
            _("Membership is limited. So that everyone knows where they stand, this is how members are chosen:"),
            membership.admission or "",
            _("Everyone interested may apply, and every application goes through the same process."),
        ]
    else:
        joining = [_("Everyone concerned is welcome: no invitation or permission needed.")]
    if membership.how_to_join:
        joining.append(labelled(_("How to join"), membership.how_to_join))
    core = (
        _("Currently in the core group: %(names)s.") % {"names": words.every(membership.core)}
        if membership.core
        else ""
    )
    contacts = charter.roles.coordinator or charter.roles.leader
    return Invitation(
        page=Page(
            lang=words.lang,
            title=charter.name + " · " + _("Invitation"),
            kicker=_("Subject"),
            heading=subject,
            footer="",  # a message sent in the coordinator's name, not a copkit page
        ),
        greeting=_("Hello everyone,"),
        intro=_("%(name)s is a community of practice: colleagues who learn from each other by meeting regularly.")
        % {"name": charter.name},
        domain=labelled(_("What it is about"), charter.domain) if charter.domain else None,
        purpose=labelled(_("What we want to achieve"), charter.purpose.statement),
        meeting_title=_("Our first meeting") if meeting.first else _("Our next meeting"),
        meeting=tuple(lines),
        joining=tuple(joining),
        levels_intro=_("Choose how you take part; you can change whenever you like:"),
        levels=(
            Item(_("Core group"), _("you help prepare the meetings and take on a role."), core),
            Item(
                _("Active members"),
                _(
                    "you come often and bring questions, successes and lessons learned; coming to listen and learn is fine too."
                ),
            ),
            Item(_("Periphery"), _("you follow from a distance and draw on what we share when you need it.")),
        ),
        contact=_("Questions? Contact %(names)s.")
        % {"names": words.either([contact_text(person) for person in contacts])}
        if contacts
        else None,
        closing=_("We hope to see you there."),
        signature=words.every([person.name for person in contacts]) if contacts else None,
    )


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutSpec:
    """One handout: its name (which is also its templates' name), the phases it serves, its view."""

    name: HandoutName
    phases: tuple[Phase, ...]
    view: Callable[[Charter, Context], object]
    # Whether the participants' copy differs from the facilitator's; the same for both otherwise.
    participants_copy: bool = False
    one_page: bool = False  # printed on one sheet: the PDF is laid out ever more tightly until it fits

    def filename(self, slug: str, suffix: str, audience: Audience = "facilitator") -> str:
        """The default file name: ``<community-slug>-<handout>.<format>``, and for a participants'
        copy ``<community-slug>-<handout>-participants.<format>``, so both can share a folder."""
        if audience != "facilitator" and self.participants_copy:
            return f"{slug}-{self.name}-{audience}.{suffix}"
        return f"{slug}-{self.name}.{suffix}"


REGISTRY: dict[HandoutName, HandoutSpec] = {
    spec.name: spec
    for spec in (
        HandoutSpec("onepager", PHASES, one_pager, one_page=True),
        HandoutSpec("agenda", PHASES, agenda, participants_copy=True),
        HandoutSpec("retro", PHASES, retro),
        # While a community starts, and once it runs, for the newcomers it welcomes; not while it ends.
        HandoutSpec("invitation", WELCOMING, invitation),
    )
}


def suited(phase: Phase) -> tuple[HandoutName, ...]:
    """The handouts for a community in ``phase``: every phase has a next meeting to plan (see
    :data:`copkit.choices.MEETING_OF_PHASE`), so ``all`` renders each handout."""
    return tuple(name for name, spec in REGISTRY.items() if phase in spec.phases)
