"""The view-model of ``copkit report``: what a community's journal says, for its members and its sponsor.

Every decision is made here, every word translated and every number and date formatted (Babel, in
the report's language); the templates only lay the view out. Charts come from :mod:`copkit.charts`
(which imports matplotlib when it draws); each :class:`Figure` keeps the chart's SVG, its text
alternative and its numbers as a table, for readers who cannot see it.

The signals are the journal's coaching rules (W201-W207, :mod:`copkit.rules.journal`) as of
``today``, read over the whole journal (they are about now, whatever period the report covers), each
finding told again as one plain sentence in the report's language.

Charter and journal text are values: they are escaped by the templates (Jinja's autoescape for
HTML, :func:`copkit.rendering.escape_markdown` for Markdown) and never evaluated as a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from copkit import charts
from copkit.choices import CYCLES, HEALTH_KEYS, Cycle, HealthKey, Language
from copkit.i18n import Words
from copkit.journal import HEALTH_SIGNS, Journal, Located, Retro
from copkit.paths import slug
from copkit.rules.catalogue import FALLING_MEETINGS, LOW_RUNNING, LOW_SCORE, RETRO_EVERY_MONTHS
from copkit.rules.journal import JOURNAL_CHECKS

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
ARROW = " → "


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced by its value; other braces stay (a translation is
    never run as a format string, and a value is never read as a placeholder)."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


# --- what the templates lay out -----------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A chart with its caption; ``file`` is the SVG's name beside the Markdown report."""

    key: str
    chart: charts.Chart
    caption: str
    file: str
    numbers: Table  # the chart's table, header split off

    @property
    def svg(self) -> str:
        return self.chart.svg


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Story:
    text: str
    byline: str  # 'Bram Declercq, 4 February 2027', or the date alone


@dataclass(frozen=True)
class CycleStories:
    label: str
    explanation: str
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class Dated:
    """Items written down at one meeting: the harvest, or what a retrospective decided."""

    day: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Signal:
    code: str
    short: str  # the rule in a few words, for the portfolio
    text: str  # the finding, as a coach would say it


@dataclass(frozen=True)
class Section:
    """One part of a community's report, under its heading; any of its parts may be empty."""

    key: str
    heading: str
    intro: str = ""
    figures: tuple[Figure, ...] = ()
    table: Table | None = None
    table_caption: str = ""
    cycles: tuple[CycleStories, ...] = ()
    dated: tuple[Dated, ...] = ()
    empty: str = ""  # said when there is nothing else to show


@dataclass(frozen=True)
class CommunityReport:
    name: str
    anchor: str
    purpose: str
    facts: tuple[Fact, ...]
    empty: str  # a kind word when the journal has no entries (in the period); else ""
    signals_heading: str
    signals: tuple[Signal, ...]
    no_signals: str
    sections: tuple[Section, ...]
    urgency: tuple[int, int, str] = (0, 0, "")


@dataclass(frozen=True)
class PortfolioRow:
    name: str
    anchor: str
    cells: tuple[str, ...]  # phase and rhythm, attendance, health
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Portfolio:
    heading: str
    intro: str
    headers: tuple[str, ...]
    rows: tuple[PortfolioRow, ...]
    none: str  # shown in the signals column of a row without any


@dataclass(frozen=True)
class ReportView:
    lang: Language
    title: str
    kicker: str
    heading: str
    meta: str
    created: str  # ISO date: the PDF's creation date, from --today
    portfolio: Portfolio | None
    communities: tuple[CommunityReport, ...]
    footer: str
    labels: dict[str, str] = field(default_factory=dict)


# --- formatting ----------------------------------------------------------------------------------


class Format:
    """Numbers and dates in the report's language; each value formatted once (Babel takes some 20 µs a
    call, and a report formats the same scores, counts and dates thousands of times)."""

    def __init__(self, words: Words):
        self.words = words
        self._numbers: dict[str, str] = {}
        self._days: dict[date, str] = {}

    def number(self, value: float) -> str:
        key = repr(value)  # not the value: 3 and 3.0, or 0.0 and -0.0, are equal but may print otherwise
        text = self._numbers.get(key)
        if text is None:
            text = self._numbers[key] = str(format_decimal(round(value, 1), locale=self.words.locale))
        return text

    def day(self, value: date) -> str:
        """'12 Jan 2027', '12 jan. 2027': in tables and on axes."""
        text = self._days.get(value)
        if text is None:
            text = self._days[value] = str(format_date(value, "medium", locale=self.words.locale))
        return text

    def long_day(self, value: date) -> str:
        return self.words.short_day(value)

    def percent(self, value: float) -> str:
        return self.words.percent(round(value))


# --- building the view ---------------------------------------------------------------------------


def health_labels(words: Words) -> dict[HealthKey, str]:
    """McDermott's five characteristics under the retro sheet's short labels (journal.HEALTH_SIGNS)."""
    return {key: words._(label) for key, (label, _statement) in HEALTH_SIGNS.items()}


def cycle_words(words: Words) -> dict[Cycle, tuple[str, str]]:
    """Wenger-Trayner's cycles of value creation: a name and what counts as one."""
    _ = words._
    return {
        "immediate": (_("Immediate value"), _("Taking part was worth it in itself")),
        "potential": (_("Potential value"), _("Knowledge, skills and contacts that may pay off later")),
        "applied": (_("Applied value"), _("What members changed in their daily work")),
        "realised": (_("Realised value"), _("The difference it made to results")),
        "reframing": (_("Reframing value"), _("New ways of seeing success, goals or strategy")),
    }


def rule_words(words: Words) -> dict[str, str]:
    """Each journal rule in a few words, for the portfolio's signals column."""
    _ = words._
    return {
        "W201": _("Entry dated in the future"),
        "W202": _("Overdue action"),
        "W203": _("No recent retrospective"),
        "W204": _("Attendance falling"),
        "W205": _("Criterion below target"),
        "W206": _("Health characteristic low"),
        "W207": _("Review date passed"),
    }


def signals(journal: Journal, today: date, words: Words, fmt: Format) -> tuple[Signal, ...]:
    """Every finding of the journal rules, as a sentence a coach would say."""
    _ = words._
    short = rule_words(words)
    health = health_labels(words)
    found: list[Signal] = []
    for code, (_rule, check) in sorted(JOURNAL_CHECKS.items()):
        for located, where, _message in check(journal, today):
            text = _sentence(code, journal, located, where, words, fmt, health)
            found.append(Signal(code, short.get(code, code), text))
    assert set(short) == set(JOURNAL_CHECKS), "every journal rule needs its words here"
    return tuple(found)


def _sentence(
    code: str,
    journal: Journal,
    located: Located,
    where: tuple[str | int, ...],
    words: Words,
    fmt: Format,
    health: dict[HealthKey, str],
) -> str:
    _ = words._
    entry = located.entry
    if code == "W201":
        return fill(
            _("The entry of {date} is dated after today: check its date, or write the entry after the meeting."),
            date=fmt.long_day(entry.date),
        )
    if code == "W202":
        action = entry.actions[int(where[1])]
        due = fmt.long_day(action.due) if action.due else ""
        if action.who:
            return fill(
                _(
                    "“{action}” ({who}) was due on {due} and is still open:"
                    " mark it done, give it a new date, or drop it together."
                ),
                action=action.what,
                who=action.who,
                due=due,
            )
        return fill(
            _("“{action}” was due on {due} and is still open: mark it done, give it a new date, or drop it together."),
            action=action.what,
            due=due,
        )
    if code == "W203":
        last = journal.last_retro
        if last is None:
            return fill(
                _(
                    "No retrospective recorded in the last {months} months: plan one, and ask together"
                    " whether the community still meets the members' need."
                ),
                months=fmt.number(RETRO_EVERY_MONTHS),
            )
        return fill(
            _(
                "No retrospective in the last {months} months (the last one was on {date}): plan one, and ask"
                " together whether the community still meets the members' need."
            ),
            months=fmt.number(RETRO_EVERY_MONTHS),
            date=fmt.long_day(last.entry.date),
        )
    if code == "W204":
        counts = [
            fmt.number(e.entry.attendance.present)
            for e in journal.attended[-(FALLING_MEETINGS + 1) :]
            if e.entry.attendance is not None
        ]
        return fill(
            _(
                "Fewer people came to each of the last {count} meetings ({counts}):"
                " ask members what would make the meetings worth their time."
            ),
            count=fmt.number(FALLING_MEETINGS),
            counts=ARROW.join(counts),
        )
    if code == "W205":
        assert isinstance(entry, Retro)
        criterion = entry.criteria[int(where[1])].criterion
        return fill(
            _(
                "“{criterion}” scored under {score} in the last {count} retrospectives:"
                " change how you work towards it, or agree on a criterion that fits better."
            ),
            criterion=criterion,
            score=fmt.number(LOW_SCORE),
            count=fmt.number(LOW_RUNNING),
        )
    if code == "W206":
        key = str(where[1])
        label = next((words for name, words in health.items() if name == key), key)
        return fill(
            _(
                "“{characteristic}” scored under {score} in the last {count} retrospectives:"
                " make it the focus of the next meeting."
            ),
            characteristic=label,
            score=fmt.number(LOW_SCORE),
            count=fmt.number(LOW_RUNNING),
        )
    return fill(
        _(
            "Retrospectives went on after the charter's review date ({date}): record what the members"
            " decided (continue, change, merge or close) and set a new review date."
        ),
        date=fmt.long_day(journal.charter.review_date),
    )


def _trend(values: Sequence[float], threshold: float) -> int:
    """+1 rising, -1 falling, 0 steady: the change along a least-squares line over the points."""
    if len(values) < 2:
        return 0
    xs = range(len(values))
    mean_x, mean_y = sum(xs) / len(values), sum(values) / len(values)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    change = slope * (len(values) - 1)
    return 1 if change > threshold else -1 if change < -threshold else 0


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def action_periods(journal: Journal, words: Words) -> list[charts.ActionPeriod]:
    """Actions agreed and done per quarter, from the first entry's quarter to the last's; an action
    marked ``done: true`` without a date counts as done in the quarter it was agreed."""
    if not journal.entries:
        return []
    opened: dict[tuple[int, int], int] = {}
    closed: dict[tuple[int, int], int] = {}
    events: list[tuple[tuple[int, int], int]] = []
    last = _quarter(journal.entries[-1].entry.date)
    for located in journal.entries:
        agreed = _quarter(located.entry.date)
        for action in located.entry.actions:
            opened[agreed] = opened.get(agreed, 0) + 1
            events.append((agreed, 1))
            if action.done is True:
                done = agreed
            elif isinstance(action.done, date):
                done = max(agreed, _quarter(action.done))
            else:
                continue
            last = max(last, done)
            closed[done] = closed.get(done, 0) + 1
            events.append((done, -1))
    if not events:
        return []
    quarter = _quarter(journal.entries[0].entry.date)
    periods = []
    while quarter <= last:
        still_open = sum(change for when, change in events if when <= quarter)
        label = fill(words._("Q{quarter} {year}"), quarter=str(quarter[1]), year=str(quarter[0]))
        periods.append(charts.ActionPeriod(label, opened.get(quarter, 0), closed.get(quarter, 0), still_open))
        year, number = quarter
        quarter = (year + 1, 1) if number == 4 else (year, number + 1)
    return periods


def _figure(key: str, chart: charts.Chart, caption: str, base: str) -> Figure:
    header, *rows = chart.table
    return Figure(key, chart, caption, f"{base}-{key}.svg", Table(header, tuple(rows)))


def community_report(
    journal: Journal, *, today: date, since: date | None, words: Words, file_base: str
) -> CommunityReport:
    """One community's part of the report. ``file_base`` names its charts' SVG files."""
    _ = words._
    fmt = Format(words)
    charter = journal.charter
    found = signals(journal, today, words, fmt)
    period = journal.since(since)
    entries = period.entries
    anchor = "community-" + slug(charter.name)

    facts = [
        Fact(_("Phase"), words.phase(charter.phase)),
        Fact(_("Rhythm"), words.rhythm(charter.cadence.frequency, charter.cadence.weekday, charter.cadence.week)),
    ]
    if entries:
        retros = period.retros
        facts += [
            Fact(
                _("Period"),
                fill(
                    _("{first} to {last}"),
                    first=fmt.long_day(entries[0].entry.date),
                    last=fmt.long_day(entries[-1].entry.date),
                ),
            ),
            Fact(
                _("Meetings"),
                fill(
                    _("{count}, of which {retros} retrospectives"),
                    count=fmt.number(len(entries)),
                    retros=fmt.number(len(retros)),
                ),
            )
            if retros
            else Fact(_("Meetings"), fmt.number(len(entries))),
        ]
        if period.attended:
            last = period.attended[-1].entry
            assert last.attendance is not None
            facts.append(
                Fact(_("At the last meeting"), fill(_("{count} people"), count=fmt.number(last.attendance.present)))
            )
        open_now = journal.open_actions()
        overdue = journal.overdue_actions(today)
        facts.append(
            Fact(
                _("Open actions"),
                fill(
                    _("{count}, of which {overdue} overdue"),
                    count=fmt.number(len(open_now)),
                    overdue=fmt.number(len(overdue)),
                )
                if overdue
                else fmt.number(len(open_now)),
            )
        )
    facts.append(Fact(_("Review date"), fmt.long_day(charter.review_date)))

    if not entries:
        empty = (
            fill(_("No meetings recorded since {date}."), date=fmt.long_day(since))
            if since is not None and journal.entries
            else _(
                "No meetings recorded yet. Once the community keeps its journal (a file per meeting in a"
                " journal folder beside the charter), this report shows how it lives: who comes, how members"
                " rate the sessions, how the community scores itself, what it agrees and what it brings."
            )
        )
        return CommunityReport(
            charter.name,
            anchor,
            charter.purpose.statement,
            tuple(facts),
            empty,
            _("Signals"),
            found,
            _("Nothing in the journal asks for attention right now."),
            (),
            (-len(found), 0, charter.name),
        )

    base = file_base
    attendance = charts.attendance(
        [
            charts.AttendancePoint(
                e.entry.date, e.entry.attendance.present, e.entry.attendance.new, e.entry.attendance.online
            )
            for e in period.attended
            if e.entry.attendance is not None
        ],
        charts.AttendanceLabels(
            title=_("Attendance"),
            date=_("Date"),
            present=_("Present"),
            returning=_("Returning"),
            new=_("New"),
            online=_("Online"),
            unknown=_("not recorded"),
            summary=words.ngettext(
                "{count} meeting on {first}, with {latest} people present.",
                "{count} meetings from {first} to {last}, with {low} to {high} people present and {latest} at the last one.",
                len(period.attended),
            ),
            trend=charts.Trend(_("Attendance is rising."), _("Attendance is falling."), _("Attendance holds steady.")),
            no_data=_("No attendance recorded yet."),
        ),
        date_label=fmt.day,
        number=fmt.number,
        percent=fmt.percent,
    )
    rating = charts.rating(
        [charts.Score(e.entry.date, e.entry.rating) for e in entries if e.entry.rating is not None],
        charts.RatingLabels(
            title=_("Session rating"),
            date=_("Date"),
            rating=_("Rating (1–5)"),
            summary=_(
                "{count} sessions rated from {first} to {last}: {mean} on average, from {low} to {high}, and {latest} for the last one."
            ),
            trend=charts.Trend(_("Ratings are going up."), _("Ratings are going down."), _("Ratings hold steady.")),
            no_data=_("No session ratings recorded yet."),
        ),
        date_label=fmt.day,
        number=fmt.number,
    )
    criteria_chart, criteria_table = _criteria(period, words, fmt)
    health = _health(period, words, fmt)
    periods = action_periods(period, words)
    actions = charts.actions(
        periods,
        charts.ActionsLabels(
            title=_("Actions"),
            period=_("Quarter"),
            opened=_("Agreed"),
            closed=_("Done"),
            open_at_end=_("Still open"),
            summary=_(
                "From {first} to {last}: {opened} actions agreed and {closed} done; {open} still open at the end."
            ),
            trend=charts.Trend(
                _("Open actions are piling up."), _("Open actions are going down."), _("Open actions hold steady.")
            ),
            no_data=_("No actions recorded yet."),
        ),
        number=fmt.number,
    )
    sections = [
        Section(
            "attendance",
            _("Who comes"),
            _(
                "Each bar is a meeting: returning members in dark green, newcomers lighter on top; the orange line is the share that joined online."
            ),
            figures=(
                _figure("attendance", attendance, attendance.alt, base),
                _figure("rating", rating, rating.alt, base),
            ),
        ),
        Section(
            "criteria",
            _("Evaluation criteria"),
            fill(
                _(
                    "How far the community meets each criterion, scored at the retrospectives from 1 (not at all) to 5 (fully); under {score}, it is below target."
                ),
                score=fmt.number(LOW_SCORE),
            ),
            figures=(_figure("criteria", criteria_chart, criteria_chart.alt, base),),
            table=criteria_table,
            table_caption=_("The criteria as the charter states them, and the latest measurement"),
        ),
        Section(
            "health",
            _("Health of the community"),
            _(
                "McDermott's five characteristics of a viable community and the opening safety check, as members scored them at each retrospective: red is low, green is high."
            ),
            figures=(_figure("health", health, health.alt, base),),
        ),
        Section(
            "actions",
            _("Actions"),
            _("Follow-ups agreed per quarter, those done, and those still open at the end of each quarter."),
            figures=(_figure("actions", actions, actions.alt, base),),
            table=_open_actions(journal, today, words, fmt),
            table_caption=_("Still open"),
        ),
        Section(
            "stories",
            _("Value-creation stories"),
            _("What taking part brought, by the cycle of value it shows (after Wenger-Trayner)."),
            cycles=_stories(period, words, fmt),
            empty=_("No stories recorded yet: ask members at the next meeting what taking part brought them."),
        ),
        Section(
            "harvest",
            _("Harvest"),
            _("Lessons and insights worth keeping, meeting by meeting."),
            dated=tuple(
                Dated(fmt.long_day(e.entry.date), tuple(e.entry.harvest)) for e in reversed(entries) if e.entry.harvest
            ),
            empty=_("No harvest recorded yet."),
        ),
    ]
    decisions = tuple(
        Dated(fmt.long_day(e.entry.date), tuple(e.entry.decisions))
        for e in reversed(period.retros)
        if isinstance(e.entry, Retro) and e.entry.decisions
    )
    if decisions:
        sections.append(
            Section("decisions", _("Decisions"), _("What members decided at their retrospectives."), dated=decisions)
        )
    last_day = entries[-1].entry.date
    return CommunityReport(
        charter.name,
        anchor,
        charter.purpose.statement,
        tuple(facts),
        "",
        _("Signals"),
        found,
        _("Nothing in the journal asks for attention right now."),
        tuple(sections),
        (-len(found), -(today - last_day).days, charter.name),
    )


def _criteria(period: Journal, words: Words, fmt: Format) -> tuple[charts.Chart, Table | None]:
    _ = words._
    charter = period.charter
    series = []
    for criterion in charter.evaluation_criteria:
        scores = [
            charts.Score(e.entry.date, scored.score)
            for e in period.retros
            if isinstance(e.entry, Retro)
            for scored in e.entry.criteria
            if scored.criterion == criterion.criterion
        ]
        series.append(charts.CriterionSeries(criterion.criterion, scores, float(LOW_SCORE)))
    chart = charts.criteria(
        series,
        charts.CriteriaLabels(
            title=_("Evaluation criteria"),
            date=_("Date"),
            target=fill(_("Under {score}: below target"), score=fmt.number(LOW_SCORE)),
            summary=_(
                "{count} criteria scored at {retros} retrospectives from {first} to {last}; the latest scores: {latest}."
            ),
            no_data=_("Not scored yet."),
        ),
        date_label=fmt.day,
        number=fmt.number,
    )
    if not charter.evaluation_criteria:
        return chart, None
    latest = period.last_scores()
    rows = []
    for criterion in charter.evaluation_criteria:
        scored = latest.get(criterion.criterion)
        rows.append(
            (
                criterion.criterion,
                criterion.measure or "–",
                criterion.target or "–",
                (scored[0].measured or "–") if scored else "–",
                fill(_("{score} on {date}"), score=fmt.number(scored[0].score), date=fmt.day(scored[1]))
                if scored
                else "–",
            )
        )
    headers = (_("Criterion"), _("Measure"), _("Target"), _("Measured last"), _("Latest score"))
    return chart, Table(headers, tuple(rows))


def _health(period: Journal, words: Words, fmt: Format) -> charts.Chart:
    _ = words._
    labels = health_labels(words)
    scored = [
        e.entry
        for e in period.retros
        if isinstance(e.entry, Retro) and (e.entry.health is not None or e.entry.safety is not None)
    ]
    rows = [labels[key] for key in HEALTH_KEYS]
    values: list[list[float | None]] = [
        [r.health.scores().get(key) if r.health is not None else None for r in scored] for key in HEALTH_KEYS
    ]
    if any(r.safety is not None for r in scored):
        rows.append(_("Safety check"))
        values.append([r.safety for r in scored])
    return charts.health(
        charts.HealthMatrix(rows, [r.date for r in scored], values),
        charts.HealthLabels(
            title=_("Health of the community"),
            date=_("Retrospective"),
            summary=_(
                "{count} retrospectives from {first} to {last}; at the last one the lowest score went to {lowest} and the highest to {highest}."
            ),
            no_data=_("No health check recorded yet."),
        ),
        date_label=fmt.day,
        number=fmt.number,
    )


def _open_actions(journal: Journal, today: date, words: Words, fmt: Format) -> Table | None:
    _ = words._
    found = sorted(journal.open_actions(), key=lambda a: (a.action.due or date.max, a.agreed))
    if not found:
        return None
    rows = tuple(
        (
            item.action.what,
            item.action.who or "–",
            fmt.day(item.agreed),
            (
                fill(_("{date} (overdue)"), date=fmt.day(item.action.due))
                if item.overdue(today)
                else fmt.day(item.action.due)
            )
            if item.action.due
            else "–",
        )
        for item in found
    )
    return Table((_("Action"), _("Who"), _("Agreed"), _("Due")), rows)


def _stories(period: Journal, words: Words, fmt: Format) -> tuple[CycleStories, ...]:
    by_cycle: dict[Cycle, list[Story]] = {cycle: [] for cycle in CYCLES}
    for e in period.entries:
        for story in e.entry.stories:
            when = fmt.long_day(e.entry.date)
            by_cycle[story.cycle].append(Story(story.story, f"{story.who}, {when}" if story.who else when))
    names = cycle_words(words)
    return tuple(
        CycleStories(names[cycle][0], names[cycle][1], tuple(stories)) for cycle, stories in by_cycle.items() if stories
    )


# --- the portfolio -------------------------------------------------------------------------------


def portfolio_row(journal: Journal, report: CommunityReport, *, since: date | None, words: Words) -> PortfolioRow:
    _ = words._
    fmt = Format(words)
    charter = journal.charter
    period = journal.since(since)
    entries = period.entries
    rhythm = words.rhythm(charter.cadence.frequency, charter.cadence.weekday, charter.cadence.week)
    if entries:
        meetings = fill(
            words.ngettext("{count} meeting, on {date}", "{count} meetings, the last on {date}", len(entries)),
            count=fmt.number(len(entries)),
            date=fmt.day(entries[-1].entry.date),
        )
    else:
        meetings = _("no meetings recorded")
    rhythm_cell = f"{words.phase(charter.phase)}; {rhythm}; {meetings}"
    present = [float(e.entry.attendance.present) for e in period.attended if e.entry.attendance is not None]
    if present:
        direction = _trend(present[-6:], max(1.0, 0.1 * sum(present[-6:]) / len(present[-6:])))
        word = {1: _("rising"), -1: _("falling"), 0: _("steady")}[direction] if len(present) > 1 else ""
        shown = ARROW.join(fmt.number(value) for value in present[-4:])
        attendance = f"{shown} ({word})" if word else shown
    else:
        attendance = "–"
    health = "–"
    retros = [e.entry for e in period.retros if isinstance(e.entry, Retro) and e.entry.health is not None]
    if retros and (scores := retros[-1].health.scores() if retros[-1].health is not None else {}):
        labels = health_labels(words)
        lowest = min(scores, key=lambda key: (scores[key], HEALTH_KEYS.index(key)))
        health = fill(
            _("{average} on average; lowest: {lowest} ({score})"),
            average=fmt.number(sum(scores.values()) / len(scores)),
            lowest=labels[lowest],
            score=fmt.number(scores[lowest]),
        )
    counted: dict[str, int] = {}
    for signal in report.signals:
        counted[signal.short] = counted.get(signal.short, 0) + 1
    shown_signals = tuple(f"{short} ({fmt.number(count)})" if count > 1 else short for short, count in counted.items())
    return PortfolioRow(charter.name, report.anchor, (rhythm_cell, attendance, health), shown_signals)


def portfolio(rows: Iterable[PortfolioRow], words: Words, count: int) -> Portfolio:
    _ = words._
    return Portfolio(
        _("Portfolio"),
        fill(
            _("{count} communities side by side, those whose journal asks for attention first."),
            count=Format(words).number(count),
        ),
        (_("Community"), _("Rhythm"), _("Attendance (last meetings)"), _("Health (last retrospective)"), _("Signals")),
        tuple(rows),
        _("none"),
    )


def report_view(
    journals: Sequence[Journal], *, lang: Language, today: date, since: date | None, base: str
) -> ReportView:
    """The report of one community (one journal) or of a portfolio (several), the most urgent first.
    ``base`` is the report's file name without extension; the charts' SVG files are named after it."""
    words = Words(lang)
    _ = words._
    fmt = Format(words)
    single = len(journals) == 1
    built = []
    for journal in journals:
        file_base = base if single else f"{base}-{slug(journal.charter.name)}"
        report = community_report(journal, today=today, since=since, words=words, file_base=file_base)
        built.append((journal, report))
    built.sort(key=lambda pair: pair[1].urgency)
    charts.draw_all([figure.chart for _, report in built for section in report.sections for figure in section.figures])
    period = fill(_("since {date}"), date=fmt.long_day(since)) if since else ""
    made = fill(_("as of {date}"), date=fmt.long_day(today))
    meta = f"{period}, {made}" if period else made
    labels = {
        "purpose": _("Purpose"),
        "numbers": _("The numbers behind the chart"),
        "back": _("Back to the portfolio"),
    }
    footer = fill(
        _("Made with copkit from the community's journal on {date}.")
        if single
        else _("Made with copkit from the communities' journals on {date}."),
        date=fmt.long_day(today),
    )
    if single:
        journal, report = built[0]
        return ReportView(
            lang,
            fill(_("{community}: community report"), community=journal.charter.name),
            _("Community report"),
            journal.charter.name,
            meta,
            today.isoformat(),
            None,
            (report,),
            footer,
            labels,
        )
    rows = [portfolio_row(journal, report, since=since, words=words) for journal, report in built]
    return ReportView(
        lang,
        _("Communities of practice: portfolio report"),
        _("Portfolio report"),
        _("Communities of practice"),
        meta,
        today.isoformat(),
        portfolio(rows, words, len(built)),
        tuple(report for _journal, report in built),
        footer,
        labels,
    )


# --- the files -----------------------------------------------------------------------------------


def report_files(view: ReportView, fmt: str, base: str, *, site_nav: object | None = None) -> dict[str, bytes]:
    """The report's files by name: ``<base>.<fmt>``, and for Markdown each chart's SVG beside it
    (named in its :class:`Figure`). The same view gives the same bytes. ``site_nav``: on the site,
    the way back to the index (:class:`copkit.website.SiteNav`)."""
    from copkit import rendering

    kind = "md" if fmt == "md" else "html"
    context: dict[str, object] = {"v": view, "lang": view.lang, "generator": rendering.GENERATOR}
    if site_nav is not None:
        context["site_nav"] = site_nav
    text = rendering.environment(kind, view.lang, None).get_template(f"report.{kind}.j2").render(context)
    if fmt == "pdf":
        return {f"{base}.pdf": rendering.to_pdf(text, day=date.fromisoformat(view.created))}
    files = {f"{base}.{fmt}": text.encode("utf-8")}
    if fmt == "md":
        for community in view.communities:
            for section in community.sections:
                for figure in section.figures:
                    files[figure.file] = (figure.svg.rstrip("\n") + "\n").encode("utf-8")
    return files
