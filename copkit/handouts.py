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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from copkit.activities import Activity, AgendaItem, Lead, Need, Plan, plan_meeting, plan_retro
from copkit.choices import ENDING, MEETING_OF_PHASE, PHASES, ROLES, HandoutName, Language, Meeting, Phase
from copkit.i18n import Words
from copkit.model import Charter, Person
from copkit.schedule import next_meeting

# Rows left blank on the retrospective sheet for members to fill in by hand.
BLANK_ROWS = 4
SCORES = (1, 2, 3, 4, 5)


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
    minutes: int | None = None  # the meeting's length, when the command line gives one
    meeting: Meeting | None = None  # the agenda's kind of meeting, when the command line chooses it

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
            how=item.activity.how_to_in(lang) if item.activity is not None else "",
            lead=lead(charter, item.lead, ctx) if item.lead is not None else "",
        )
        for item in plan
    )


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
    cadence: str
    time_zone: str | None
    formats: str | None
    roles: tuple[RoleRow, ...]
    membership: str
    how_to_join: str | None
    core: str | None
    tools: tuple[Item, ...]
    criteria: Table
    review: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleRow:
    role: str
    who: str  # the names, or the word for vacant
    vacant: bool


def person_text(person: Person) -> str:
    return f"{person.name} ({person.time_percent:g} %)" if person.time_percent is not None else person.name


def membership_text(charter: Charter, ctx: Context) -> str:
    """'Open to everyone.' or 'Closed: members are selected. By invitation of the core group.'"""
    text = ctx.words.access(charter.membership.access) + "."
    return f"{text} {charter.membership.admission}" if charter.membership.admission else text


def one_pager(charter: Charter, ctx: Context) -> OnePager:
    _, words = ctx._, ctx.words
    held = {role: ", ".join(person_text(person) for person in getattr(charter.roles, role)) for role in ROLES}
    roles = tuple(RoleRow(words.role(role), held[role] or _("vacant"), not held[role]) for role in ROLES)
    roles += tuple(RoleRow(other.role, other.name, False) for other in charter.roles.others)
    cadence = charter.cadence
    return OnePager(
        page=Page(
            lang=words.lang,
            title=charter.name + " · " + _("One-pager"),
            kicker=_("Community of practice"),
            heading=charter.name,
            footer=made_with(charter, ctx),
            badges=(
                words.focus(charter.purpose.focus),
                labelled(_("Phase"), words.phase(charter.phase)),
                words.access(charter.membership.access),
            ),
        ),
        domain=charter.domain,
        purpose=charter.purpose.statement,
        values=tuple(Item(value.value, value.behaviour or "") for value in charter.values),
        ambitions=tuple(charter.ambitions),
        cadence=words.cadence(cadence),
        time_zone=_("Times are in %(zone)s.") % {"zone": cadence.timezone} if cadence.timezone else None,
        formats=labelled(_("Session formats"), ", ".join(cadence.formats)) if cadence.formats else None,
        roles=roles,
        membership=membership_text(charter, ctx),
        how_to_join=charter.membership.how_to_join,
        core=labelled(_("Core group"), ", ".join(charter.membership.core)) if charter.membership.core else None,
        tools=tuple(Item(tool.name, tool.purpose or "", tool.url or "") for tool in charter.tooling),
        criteria=Table(
            (_("Criterion"), _("Measure"), _("Target")),
            tuple((item.criterion, item.measure or "", item.target or "") for item in charter.evaluation_criteria),
        ),
        review=_("We review this charter together by %(date)s at the latest.")
        % {"date": words.short_day(charter.review_date)},
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
    programme: tuple[Step, ...]
    dropped: str | None  # the optional steps left out for lack of time
    needs: tuple[str, ...]  # what the chosen activities need
    checklist: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)


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
    """What the coordinator prepares: the room or the call by the meeting's mode, then the people."""
    _ = ctx._
    mode, launch = charter.cadence.mode, plan.kind == "launch"
    place = charter.launch_location if launch else charter.cadence.location
    eats = launch or any(item.phase == "lunch" for item in plan.items)
    items = []
    if mode == "online":
        items.append(_("Meeting link tested and shared, with a backup channel in case it fails"))
        if launch:
            items.append(_("An online whiteboard prepared for the one-pager and the goals"))
    else:
        items.append(
            _("Room booked: %(place)s") % {"place": place} if place else _("A room booked with space to move around")
        )
        if eats:
            items.append(_("Good food and drink arranged"))
        if launch:
            items.append(_("Materials ready: printed one-pagers, sticky notes, markers and a flip chart"))
    if mode == "hybrid":
        items.append(_("A camera and microphone that let online members take part as equals"))
    if launch:
        items.append(_("An open invitation sent to everyone who may be interested, not to a hand-picked list"))
        sponsors = charter.roles.sponsor
        items.append(
            _("Attendance confirmed by the sponsor, %(name)s, who knows what to say") % {"name": names(sponsors)}
            if sponsors
            else _("A sponsor found who will attend and say why this matters")
        )
    if plan.kind == "closing":
        items.append(_("The sponsor and the periphery told what was decided, and who stays their contact"))
    items.append(_("This agenda shared with the leader and the coach beforehand"))
    return tuple(items)


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
    place = charter.launch_location if kind == "launch" else charter.cadence.location
    meta = [words.span(plan.items[0].start, minutes) + f" ({minutes_text(minutes, ctx)})"]
    if place:
        meta.append(place)
    coordinators = charter.roles.coordinator
    checklist_title = _("Preparation checklist for the coordinator")
    day = (charter.launch_date if kind == "launch" else None) or ctx.meeting_date
    kicker, heading = agenda_titles(kind, charter, ctx)
    questions = exploration_questions(ctx) if kind == "exploration" else ()
    needs = needs_text(plan.needs, ctx)
    return Agenda(
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
        programme=steps(charter, plan.items, ctx),
        dropped=dropped_note(plan, ctx),
        needs=needs,
        checklist=checklist(charter, ctx, plan),
        labels={
            **date_label(day, ctx),
            "purpose": _("Why we are here"),
            **({"questions": _("Questions to ask")} if questions else {}),
            "programme": _("Programme"),
            "time": _("Time"),
            "what": _("What"),
            "how": _("How"),
            "lead": _("Led by"),
            **({"needs": _("What the activities need")} if needs else {}),
            "checklist": f"{checklist_title} ({names(coordinators)})" if coordinators else checklist_title,
        },
    )


# --- the retrospective sheet ---------------------------------------------------------------------


@dataclass(frozen=True)
class Retro:
    page: Page
    date: str | None
    plan_title: str
    plan: tuple[Step, ...]
    dropped: str | None  # the optional steps left out for lack of time
    criteria: Table
    scores: tuple[int, ...]
    ambitions: Table
    health: Table
    questions: tuple[str, ...]
    elements: Table
    directions: tuple[str, ...]
    recognition: Part | None  # only while winding down or closing
    actions: Table
    blank_rows: int
    labels: dict[str, str] = field(default_factory=dict)


def health_statements(ctx: Context) -> tuple[str, ...]:
    """The five signs of a viable community and the two community killers, as statements to score."""
    _ = ctx._
    return (
        _("We value diverse views, discussion and real dialogue"),
        _("We share responsibility for the long term, our vision and our goal"),
        _("Knowledge and skill carry weight here, not rank"),
        _("Members find help here with everyday work questions"),
        _("We cross boundaries and create together, beyond swapping news"),
        _("Leadership is shared, never authoritarian"),
        _("What we show matches what we do: no window dressing, no lip service"),
    )


def charter_elements(ctx: Context) -> tuple[str, ...]:
    _ = ctx._
    return (
        _("Purpose"), _("Values and behaviour"), _("Ambitions"), _("Cadence"), _("Roles"),
        _("Membership"), _("Tooling"), _("Evaluation criteria"), _("Review date"),
    )  # fmt: skip


@dataclass(frozen=True)
class Part:
    """A titled part of a sheet: a note, then a table to fill in."""

    title: str
    note: str
    table: Table


def recognition(ctx: Context) -> Part:
    _ = ctx._
    return Part(
        _("Recognising what members gave"),
        _(
            "Before winding down or closing, name each contribution and agree how to thank the people behind it"
            " and keep their work available."
        ),
        Table((_("Who"), _("Contribution"), _("How we recognise it"))),
    )


def next_after(charter: Charter, day: date | None) -> date | None:
    """The first meeting after ``day`` (the retrospective's own date): the launch if it is still
    ahead, else the next regular one, from the one series that status and the calendar use
    (:func:`copkit.schedule.next_meeting`); None without a date, a fixed slot or a meeting left."""
    return next_meeting(charter, day + timedelta(days=1)) if day is not None else None


def retro(charter: Charter, ctx: Context) -> Retro:
    _, words = ctx._, ctx.words
    following = next_after(charter, ctx.meeting_date)
    plan = plan_retro(charter, ctx.minutes, ctx.activities, seed=ctx.seed)
    minutes = plan.minutes
    closing = charter.phase in ENDING
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
        plan_title=_("Our plan for this session") + f" ({minutes_text(minutes, ctx)})",
        plan=steps(charter, plan.items, ctx),
        dropped=dropped_note(plan, ctx),
        criteria=Table(
            (_("Criterion"), _("Measure"), _("Target"), _("Score (1–5)"), _("Evidence")),
            tuple((item.criterion, item.measure or "", item.target or "") for item in charter.evaluation_criteria),
        ),
        scores=SCORES,
        ambitions=Table(
            (_("Ambition"), _("Not started"), _("Under way"), _("Achieved"), _("Notes")),
            tuple((ambition,) for ambition in charter.ambitions),
        ),
        health=Table(("", _("Yes"), _("Partly"), _("No")), tuple((question,) for question in health_statements(ctx))),
        questions=(
            _("Does the community still meet the need?"),
            _("What must change to become the community we want to be?"),
        ),
        elements=Table(
            (_("Element"), _("Keep"), _("Change"), _("What to change")),
            tuple((element,) for element in charter_elements(ctx)),
        ),
        directions=(_("Go on as we are"), _("Change course"), _("Wind down"), _("Close the community")),
        recognition=recognition(ctx) if closing else None,
        actions=Table((_("Action"), _("Owner"), _("By when"))),
        blank_rows=BLANK_ROWS,
        labels={
            **date_label(ctx.meeting_date, ctx),
            "time": _("Time"),
            "what": _("What"),
            "how": _("How"),
            "lead": _("Led by"),
            "criteria": _("How did we do on our criteria?"),
            "ambitions": _("Progress on our ambitions"),
            "health": _("Health check"),
            "elements": _("Our charter, element by element"),
            "direction": _("Where do we go from here?"),
            "next_review": _("Next review date"),
            "next_review_hint": _("(at most a year from now)"),
            "actions": _("Actions"),
        },
    )


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutSpec:
    """One handout: its name (which is also its templates' name), the phases it serves, its view."""

    name: HandoutName
    phases: tuple[Phase, ...]
    view: Callable[[Charter, Context], object]

    def filename(self, slug: str, suffix: str) -> str:
        """The default file name: ``<community-slug>-<handout>.<format>``."""
        return f"{slug}-{self.name}.{suffix}"


REGISTRY: dict[HandoutName, HandoutSpec] = {
    spec.name: spec
    for spec in (
        HandoutSpec("onepager", PHASES, one_pager),
        HandoutSpec("agenda", PHASES, agenda),
        HandoutSpec("retro", PHASES, retro),
    )
}


def suited(phase: Phase) -> tuple[HandoutName, ...]:
    """The handouts for a community in ``phase``: every phase has a next meeting to plan (see
    :data:`copkit.choices.MEETING_OF_PHASE`), so ``all`` renders each handout."""
    return tuple(name for name, spec in REGISTRY.items() if phase in spec.phases)
