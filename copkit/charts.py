"""Charts of a community's life for ``copkit report``: pure functions from plain data to SVG text.

Each function takes plain Python data (the small frozen dataclasses below), the labels already
translated by the caller, and two formatting callables: ``date_label`` for a date on an axis or
in a table and ``number`` for a number (a decimal comma in Dutch). This module translates nothing.
Each returns a :class:`Chart`: the SVG, its title, a text alternative of one or two sentences
and the numbers as a table of strings (header row first), which the report prints beside it.

The SVG is the same byte for byte for the same input: matplotlib's settings are reset to its
defaults and then to ours for every chart (whatever a matplotlibrc or style says), ids come from a
fixed salt, the metadata that would hold a date or a version is left out, and glyphs are drawn as
paths in DejaVu Sans (shipped with matplotlib), so the chart looks the same without any font
installed. Every SVG opens with ``<title>`` and ``<desc>`` and carries ``role="img"``.

Matplotlib is imported only inside the functions that draw: ``copkit check`` and every other
command that draws no chart never load it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ActionPeriod",
    "ActionsLabels",
    "AttendanceLabels",
    "AttendancePoint",
    "Chart",
    "CriteriaLabels",
    "CriterionSeries",
    "HealthLabels",
    "HealthMatrix",
    "RatingLabels",
    "Score",
    "Trend",
    "actions",
    "attendance",
    "criteria",
    "draw_all",
    "health",
    "rating",
]

DateLabel = Callable[[date], str]
NumberFormat = Callable[[float], str]

# copkit's handout palette (templates/handout.css), and the few colours a chart needs beyond it.
ACCENT = "#0b6e4f"
INK = "#1f2933"
MUTED = "#52606d"
LINE = "#d9e2ec"
LIGHT_ACCENT = "#8cc7ad"  # first-timers on top of the returning members
UNKNOWN = "#b3bdc7"  # a meeting whose first-timers were not recorded
AMBER = "#b8650b"  # a second series beside the greens (online share, open actions)
BLUE_GREY = "#9fb3c8"  # actions opened, beside the closed ones in the accent
MISSING = "#eef1f4"  # a heat map cell without a value
# Scores 1 → 3 → 5: vermilion → amber → the accent green. The ends differ in hue *and* in blue
# content (Okabe-Ito's vermilion against a bluish green), so they stay apart for the common red-green
# colour blindness too; every cell also shows its number.
SCALE = ("#c8502a", "#e98a3c", "#f2c45a", "#6aae84", ACCENT)

WIDTH_MM = 170.0
HEIGHT_MM = 58.0
FONT_PT = 8.0
_MM = 1 / 25.4

_SALT = "copkit-charts"
# What would make two renderings differ: the date, and the Creator ('Matplotlib v3.x, ...').
_NO_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}
_LOCK = threading.Lock()  # matplotlib's settings are global: one chart at a time
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Controls, line and paragraph separators and bidirectional overrides: not for a chart label (and
# C0 controls are not even allowed in XML).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- what the functions take and give ----------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """One chart: the SVG (drawn when first asked for, see :class:`Drawing` and :func:`draw_all`),
    its title, a text alternative, and its numbers as a table of strings."""

    drawing: Drawing = field(repr=False, compare=False)
    title: str
    alt: str  # one or two sentences: what the chart shows, the trend
    table: tuple[tuple[str, ...], ...]  # header row, then one row per data row

    @property
    def svg(self) -> str:
        return self.drawing.svg


@dataclass(frozen=True)
class Trend:
    """Three sentences, one of which ends the text alternative when there are two points or more.
    They may use the same ``{placeholders}`` as the summary."""

    rising: str
    falling: str
    steady: str


@dataclass(frozen=True)
class AttendancePoint:
    day: date
    present: int
    new: int | None = None  # first-timers, None when not recorded
    online: int | None = None  # of those present, None when not recorded


@dataclass(frozen=True)
class AttendanceLabels:
    """``summary`` may use {count} (meetings), {first}, {last} (dates), {low}, {high}, {latest}."""

    title: str
    date: str  # table header
    present: str  # table header; legend of a bar whose first-timers are unknown
    returning: str  # legend: those present who came before
    new: str  # legend and table header: first-timers
    online: str  # legend and table header: the share that joined online
    unknown: str  # table cell for a number not recorded
    summary: str
    trend: Trend
    no_data: str


@dataclass(frozen=True)
class Score:
    """A score on a day: a session rating or a criterion's score, 1-5 (clipped to that range)."""

    day: date
    value: float


@dataclass(frozen=True)
class RatingLabels:
    """``summary`` may use {count}, {first}, {last}, {low}, {high}, {mean}, {latest}."""

    title: str
    date: str  # table header
    rating: str  # y axis and table header
    summary: str
    trend: Trend
    no_data: str


@dataclass(frozen=True)
class CriterionSeries:
    name: str  # the charter's criterion, as the members wrote it
    scores: Sequence[Score]
    target: float | None = None  # the score that counts as met, drawn as a dashed line


@dataclass(frozen=True)
class CriteriaLabels:
    """``summary`` may use {count} (criteria), {retros}, {first}, {last}, {latest} ('name: score; …')."""

    title: str
    date: str  # table header
    target: str  # legend of the dashed line; first cell of the table's targets row
    summary: str
    no_data: str  # the whole chart, and a panel of a criterion never scored


@dataclass(frozen=True)
class HealthMatrix:
    """``values[row][column]``: one row per characteristic (labels translated), one column per
    retrospective; None where that retrospective did not score it."""

    rows: Sequence[str]
    columns: Sequence[date]
    values: Sequence[Sequence[float | None]]

    def __post_init__(self) -> None:
        if len(self.values) != len(self.rows) or any(len(row) != len(self.columns) for row in self.values):
            raise ValueError("a health matrix needs one value (or None) per row and column")


@dataclass(frozen=True)
class HealthLabels:
    """``summary`` may use {count} (retrospectives), {first}, {last}, {lowest}, {highest} (the
    latest retrospective's lowest and highest characteristic, 'name (score)')."""

    title: str
    date: str  # table header
    summary: str
    no_data: str


@dataclass(frozen=True)
class ActionPeriod:
    label: str  # '2027 Q1', already in the report's language
    opened: int
    closed: int
    open_at_end: int


@dataclass(frozen=True)
class ActionsLabels:
    """``summary`` may use {count} (periods), {first}, {last} (period labels), {opened}, {closed}
    (totals), {open} (open at the end of the last period). The trend follows the open actions."""

    title: str
    period: str  # table header
    opened: str
    closed: str
    open_at_end: str
    summary: str
    trend: Trend
    no_data: str


# --- the charts ----------------------------------------------------------------------------------


def attendance(
    points: Sequence[AttendancePoint],
    labels: AttendanceLabels,
    *,
    date_label: DateLabel,
    number: NumberFormat,
    percent: NumberFormat | None = None,
) -> Chart:
    """Meetings over time: a bar per meeting of those present at its real date, the first-timers
    lighter on top (a grey bar where they were not recorded), and the share that joined online as
    a line on a second axis in percent. ``percent`` formats 0-100 (default: the number and '%')."""
    show_percent = percent or (lambda value: f"{number(value)}%")
    header = (labels.date, labels.present, labels.new, labels.online)
    if not points:
        return _no_data(labels.title, labels.no_data, header)
    clean = [_attendance_point(point) for point in sorted(points, key=lambda point: point.day)]

    def online_cell(point: AttendancePoint) -> str:
        if point.online is None:
            return labels.unknown
        if not point.present:
            return number(point.online)
        return f"{number(point.online)} ({show_percent(round(100 * point.online / point.present))})"

    table = tuple(
        (
            date_label(point.day),
            number(point.present),
            labels.unknown if point.new is None else number(point.new),
            online_cell(point),
        )
        for point in clean
    )
    present = [float(point.present) for point in clean]
    values = {
        "count": number(len(clean)),
        "first": date_label(clean[0].day),
        "last": date_label(clean[-1].day),
        "low": number(min(present)),
        "high": number(max(present)),
        "latest": number(present[-1]),
    }
    threshold = max(1.0, 0.1 * sum(present) / len(present))
    alt = _alt(labels.summary, labels.trend, values, [point.day for point in clean], present, threshold)
    tracer = _Tracer()
    number, date_label = tracer.wrap("number", number), tracer.wrap("date", date_label)
    show_percent = tracer.wrap("percent", show_percent)

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax = fig.add_subplot()
        xs, widths = _positions([point.day for point in clean])
        known = [i for i, point in enumerate(clean) if point.new is not None]
        unknown = [i for i, point in enumerate(clean) if point.new is None]
        handles: list[object] = []
        if known:
            returning = [clean[i].present - (clean[i].new or 0) for i in known]
            with _limits_set_here(ax):
                ax.bar([xs[i] for i in known], returning, [widths[i] for i in known], color=ACCENT, linewidth=0)
                ax.bar(
                    [xs[i] for i in known],
                    [clean[i].new or 0 for i in known],
                    [widths[i] for i in known],
                    bottom=returning,
                    color=LIGHT_ACCENT,
                    linewidth=0,
                )
            handles += [
                Patch(color=ACCENT, label=_short(labels.returning)),
                Patch(color=LIGHT_ACCENT, label=_short(labels.new)),
            ]
        if unknown:
            with _limits_set_here(ax):
                ax.bar(
                    [xs[i] for i in unknown],
                    [clean[i].present for i in unknown],
                    [widths[i] for i in unknown],
                    color=UNKNOWN,
                    linewidth=0,
                )
            handles.append(Patch(color=UNKNOWN, label=_short(labels.present)))
        ax.set_ylim(0, max(1.0, max(present)) * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
        _style(ax)
        _date_axis(ax, [point.day for point in clean], xs, widths, date_label)
        online = [
            (xs[i], 100 * (point.online or 0) / point.present)
            for i, point in enumerate(clean)
            if point.online is not None and point.present
        ]
        if online:
            share = ax.twinx()
            (line,) = share.plot(
                [x for x, _ in online],
                [y for _, y in online],
                color=AMBER,
                linewidth=1.2,
                marker="o" if len(online) <= 40 else "",
                markersize=3,
                label=_short(labels.online),
            )
            share.set_ylim(0, 105)
            share.set_yticks([0, 50, 100])
            share.yaxis.set_major_formatter(FuncFormatter(lambda value, _: show_percent(value)))
            share.tick_params(axis="y", colors=AMBER, labelcolor=AMBER, length=3)
            for side in ("top", "left", "bottom"):
                share.spines[side].set_visible(False)
            share.spines["right"].set_color(LINE)
            handles.append(line)
        _legend(fig, handles)

    return _chart(draw, labels.title, alt, (header, *table), source=("attendance", clean, labels), tracer=tracer)


def rating(points: Sequence[Score], labels: RatingLabels, *, date_label: DateLabel, number: NumberFormat) -> Chart:
    """The members' rating of each session (1-5) over time: a line with a marker per session."""
    header = (labels.date, labels.rating)
    if not points:
        return _no_data(labels.title, labels.no_data, header)
    clean = sorted((Score(point.day, _score(point.value)) for point in points), key=lambda point: point.day)
    table = tuple((date_label(point.day), number(round(point.value, 1))) for point in clean)
    scores = [point.value for point in clean]
    values = {
        "count": number(len(clean)),
        "first": date_label(clean[0].day),
        "last": date_label(clean[-1].day),
        "low": number(round(min(scores), 1)),
        "high": number(round(max(scores), 1)),
        "mean": number(round(sum(scores) / len(scores), 1)),
        "latest": number(round(scores[-1], 1)),
    }
    alt = _alt(labels.summary, labels.trend, values, [point.day for point in clean], scores, 0.25)
    tracer = _Tracer()
    number, date_label = tracer.wrap("number", number), tracer.wrap("date", date_label)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        xs, widths = _positions([point.day for point in clean])
        ax.plot(xs, scores, color=ACCENT, linewidth=1.4, marker="o" if len(xs) <= 60 else "", markersize=3.5)
        _score_axis(ax, number)
        ax.set_ylabel(_short(labels.rating, 30), color=MUTED)
        _style(ax)
        _date_axis(ax, [point.day for point in clean], xs, widths, date_label)

    return _chart(draw, labels.title, alt, (header, *table), height=50, source=("rating", clean, labels), tracer=tracer)


def criteria(
    series: Sequence[CriterionSeries], labels: CriteriaLabels, *, date_label: DateLabel, number: NumberFormat
) -> Chart:
    """Each criterion's scores (1-5) across the retrospectives, one small panel per criterion (four
    to a row) on the same time axis and the same 1-5 scale, the target dashed where one is given."""
    names = [_label(one.name) for one in series]
    header = (labels.date, *names)
    cleaned = [sorted((Score(s.day, _score(s.value)) for s in one.scores), key=lambda s: s.day) for one in series]
    days = sorted({score.day for scores in cleaned for score in scores})
    if not days:
        return _no_data(labels.title, labels.no_data, header)
    rows: list[tuple[str, ...]] = []
    for day in days:
        cells = []
        for scores in cleaned:
            on_day = [score.value for score in scores if score.day == day]
            cells.append(number(round(on_day[-1], 1)) if on_day else "–")
        rows.append((date_label(day), *cells))
    targets = [None if one.target is None else _score(one.target) for one in series]
    if any(target is not None for target in targets):
        rows.append((labels.target, *("–" if target is None else number(round(target, 1)) for target in targets)))
    latest = [
        f"{name}: {number(round(scores[-1].value, 1))}" for name, scores in zip(names, cleaned, strict=True) if scores
    ]
    values = {
        "count": number(len(series)),
        "retros": number(len(days)),
        "first": date_label(days[0]),
        "last": date_label(days[-1]),
        "latest": "; ".join(latest),
    }
    alt = _fill(labels.summary, values)
    columns = min(2, len(series))  # two to a row: room for the dates under each panel
    grid_rows = math.ceil(len(series) / columns)
    tracer = _Tracer()
    number, date_label = tracer.wrap("number", number), tracer.wrap("date", date_label)

    def draw(fig: Figure) -> None:
        from matplotlib.lines import Line2D

        xs_all, widths = _positions(days)
        where = dict(zip(days, xs_all, strict=True))
        axes = fig.subplots(grid_rows, columns, sharex=True, sharey=True, squeeze=False)
        title_limit = {1: 100, 2: 50, 3: 32}.get(columns, 22)
        # Few panels to a row: dates on the first of months; four to a row: the first and last retrospective.
        ticks = None if columns <= 2 else sorted({days[0], days[-1]})
        for index, ax in enumerate(axes.flat):
            if index >= len(series):
                ax.set_visible(False)
                continue
            scores = cleaned[index]
            ax.set_title(_short(names[index], title_limit), loc="left", fontsize=FONT_PT, color=INK)
            target = targets[index]
            if target is not None:
                ax.axhline(target, color=MUTED, linewidth=0.9, linestyle=(0, (3, 2)))
            if scores:
                ax.plot(
                    [where[score.day] for score in scores],
                    [score.value for score in scores],
                    color=ACCENT,
                    linewidth=1.3,
                    marker="o" if len(scores) <= 40 else "",
                    markersize=3,
                )
            else:
                ax.text(
                    0.5, 0.5, _short(labels.no_data, 30), transform=ax.transAxes, ha="center", va="center", color=MUTED
                )
            _score_axis(ax, number, ticks=(1, 3, 5))
            _style(ax)
            _date_axis(ax, days, xs_all, widths, date_label, most=5, ticks=ticks)
            if index + columns >= len(series):  # no panel below: this one shows the dates
                ax.xaxis.set_tick_params(labelbottom=True)
            if ticks is not None and len(ticks) == 2:  # the outer labels stay within their panel
                ax.set_xticks([float(day.toordinal()) for day in ticks], [date_label(day) for day in ticks])
                first, last = ax.xaxis.get_major_ticks()
                first.label1.set_horizontalalignment("left")
                last.label1.set_horizontalalignment("right")
        if any(target is not None for target in targets):
            handle = Line2D([], [], color=MUTED, linewidth=0.9, linestyle=(0, (3, 2)), label=_short(labels.target))
            _legend(fig, [handle])

    height = 16 + 34 * grid_rows
    source = ("criteria", names, cleaned, targets, labels)
    return _chart(draw, labels.title, alt, (header, *rows), height=height, source=source, tracer=tracer)


def health(matrix: HealthMatrix, labels: HealthLabels, *, date_label: DateLabel, number: NumberFormat) -> Chart:
    """The health characteristics (rows) by retrospective (columns) as a heat map, 1 red to 5 green,
    each cell's score written in it; a cell without a score is left empty and grey."""
    names = [_label(name) for name in matrix.rows]
    header = (labels.date, *names)
    values = [[None if value is None else _score(value) for value in row] for row in matrix.values]
    scored = [j for j in range(len(matrix.columns)) if any(row[j] is not None for row in values)]
    if not names or not scored:
        return _no_data(labels.title, labels.no_data, header)
    order = sorted(range(len(matrix.columns)), key=lambda j: matrix.columns[j])  # stable: equal dates keep their order
    columns = [matrix.columns[j] for j in order]
    values = [[row[j] for j in order] for row in values]

    def cell(value: float | None) -> str:
        return "–" if value is None else number(round(value, 1))

    table = tuple((date_label(day), *(cell(row[j]) for row in values)) for j, day in enumerate(columns))
    last = max(j for j in range(len(columns)) if any(row[j] is not None for row in values))
    latest = [(row[last], name) for name, row in zip(names, values, strict=True) if row[last] is not None]
    low = min(latest, key=lambda pair: pair[0] or 0)
    high = max(latest, key=lambda pair: pair[0] or 0)
    summary = {
        "count": number(len(columns)),
        "first": date_label(columns[0]),
        "last": date_label(columns[-1]),
        "lowest": f"{low[1]} ({number(round(low[0] or 0, 1))})",
        "highest": f"{high[1]} ({number(round(high[0] or 0, 1))})",
    }
    alt = _fill(labels.summary, summary)
    tracer = _Tracer()
    number, date_label = tracer.wrap("number", number), tracer.wrap("date", date_label)

    def draw(fig: Figure) -> None:
        from matplotlib.colors import LinearSegmentedColormap, to_rgb
        from matplotlib.patches import Rectangle

        scale = LinearSegmentedColormap.from_list("copkit-health", SCALE)
        ax = fig.add_subplot()
        n, m = len(names), len(columns)
        plot_width_mm = WIDTH_MM - 55
        show_numbers = plot_width_mm / m >= 7
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                colour = to_rgb(MISSING) if value is None else to_rgb(scale((value - 1) / 4))
                # add_artist: the limits are set below, so no cell widens them as add_patch would (a quarter of the time)
                ax.add_artist(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5))
                if value is not None and show_numbers:
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        number(round(value, 1)),
                        ha="center",
                        va="center",
                        color=_text_on(colour),
                        fontsize=FONT_PT,
                    )
        ax.set_xlim(0, m)
        ax.set_ylim(n, 0)
        ax.set_yticks([i + 0.5 for i in range(n)], [_short(name, 30) for name in names])
        most = max(1, int(plot_width_mm // 20))
        step = math.ceil(m / most)
        picked = list(range(m - 1, -1, -step))[::-1]  # the latest retrospective always has its label
        ax.set_xticks([j + 0.5 for j in picked], [date_label(columns[j]) for j in picked])
        ax.tick_params(length=0, colors=MUTED, labelcolor=INK)
        for spine in ax.spines.values():
            spine.set_visible(False)

    height = max(45.0, 14 + 8.5 * len(names))
    source = ("health", names, columns, values, labels)
    return _chart(draw, labels.title, alt, (header, *table), height=height, source=source, tracer=tracer)


def actions(periods: Sequence[ActionPeriod], labels: ActionsLabels, *, number: NumberFormat) -> Chart:
    """Actions opened and closed per period as pairs of bars, and those still open at each period's
    end as a line."""
    header = (labels.period, labels.opened, labels.closed, labels.open_at_end)
    if not periods:
        return _no_data(labels.title, labels.no_data, header)
    clean = [ActionPeriod(_label(p.label), max(0, p.opened), max(0, p.closed), max(0, p.open_at_end)) for p in periods]
    table = tuple((p.label, number(p.opened), number(p.closed), number(p.open_at_end)) for p in clean)
    still_open = [float(p.open_at_end) for p in clean]
    values = {
        "count": number(len(clean)),
        "first": clean[0].label,
        "last": clean[-1].label,
        "opened": number(sum(p.opened for p in clean)),
        "closed": number(sum(p.closed for p in clean)),
        "open": number(clean[-1].open_at_end),
    }
    threshold = max(1.0, 0.1 * sum(still_open) / len(still_open))
    alt = _alt(labels.summary, labels.trend, values, list(range(len(clean))), still_open, threshold)
    tracer = _Tracer()
    number = tracer.wrap("number", number)

    def draw(fig: Figure) -> None:
        from matplotlib.patches import Patch
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax = fig.add_subplot()
        xs = list(range(len(clean)))
        half = 0.36
        with _limits_set_here(ax):
            ax.bar([x - half / 2 for x in xs], [p.opened for p in clean], half, color=BLUE_GREY, linewidth=0)
            ax.bar([x + half / 2 for x in xs], [p.closed for p in clean], half, color=ACCENT, linewidth=0)
        (line,) = ax.plot(xs, still_open, color=AMBER, linewidth=1.3, marker="o" if len(xs) <= 60 else "", markersize=3)
        top = max([1.0, *still_open, *(float(p.opened) for p in clean), *(float(p.closed) for p in clean)])
        ax.set_ylim(0, top * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
        ax.set_xlim(-0.6, len(xs) - 0.4)
        most = 12
        step = math.ceil(len(xs) / most)
        picked = list(range(len(xs) - 1, -1, -step))[::-1]
        ax.set_xticks(picked, [_short(clean[i].label, 16) for i in picked])
        _style(ax)
        ax.tick_params(axis="x", length=0)
        line.set_label(_short(labels.open_at_end))
        _legend(
            fig,
            [
                Patch(color=BLUE_GREY, label=_short(labels.opened)),
                Patch(color=ACCENT, label=_short(labels.closed)),
                line,
            ],
        )

    return _chart(draw, labels.title, alt, (header, *table), source=("actions", clean, labels), tracer=tracer)


# --- shared parts --------------------------------------------------------------------------------


def _rc() -> dict[Any, Any]:  # keys typed as literals in newer matplotlib
    """Every setting a chart depends on, applied on top of matplotlib's defaults."""
    return {
        "svg.fonttype": "path",
        "svg.hashsalt": _SALT,
        "svg.id": None,
        "font.family": ["DejaVu Sans"],
        "font.size": FONT_PT,
        "text.parse_math": False,  # a '$' in a criterion is a dollar, not mathtext
        "text.color": INK,
        "axes.edgecolor": LINE,
        "axes.labelcolor": MUTED,
        "axes.labelsize": FONT_PT,
        "axes.linewidth": 0.8,
        "axes.titlesize": FONT_PT,
        "axes.facecolor": "white",
        "xtick.color": LINE,
        "ytick.color": LINE,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": FONT_PT,
        "ytick.labelsize": FONT_PT,
        "legend.fontsize": FONT_PT,
        "legend.frameon": False,
        "figure.facecolor": "white",
        "figure.dpi": 72,
        "savefig.dpi": 72,
        "path.simplify": False,
    }


def _chart(
    draw: Callable[[Figure], None],
    title: str,
    alt: str,
    table: tuple[tuple[str, ...], ...],
    *,
    height: float = HEIGHT_MM,
    source: object,
    tracer: _Tracer,
) -> Chart:
    return Chart(Drawing(draw, title, alt, (WIDTH_MM, height), source=source, tracer=tracer), title, alt, table)


def _render(
    draw: Callable[[Figure], None],
    title: str,
    alt: str,
    size_mm: tuple[float, float],
    constrained: bool = True,
) -> str:
    """Draw with matplotlib's defaults and then ours, whatever the process has set, one chart at a
    time; the SVG comes out with its title and description."""
    import matplotlib as mpl
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    buffer = io.StringIO()
    with warnings.catch_warnings(), mpl.rc_context():
        # A glyph DejaVu Sans lacks (CJK, say) is drawn as a box; the title, desc and table keep the text.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        mpl.rcdefaults()
        with mpl.rc_context(rc=_rc()):
            layout = ConstrainedLayoutEngine(w_pad=1.5 * _MM, h_pad=1 * _MM) if constrained else None
            fig = Figure(figsize=(size_mm[0] * _MM, size_mm[1] * _MM), layout=layout)
            draw(fig)
            # savefig would draw the whole figure twice: once, drawing nothing, to lay it out, and once
            # to write it. The layout is made here, with the SVG renderer savefig would use, then the
            # figure is written in one pass: the same bytes (tests/test_charts.py), a sixth less time.
            canvas = FigureCanvasSVG(fig)
            if layout is not None:
                layout.execute(fig)
                fig.set_layout_engine("none")
            canvas.print_svg(buffer, metadata=_NO_METADATA)  # type: ignore[no-untyped-call]
    return _accessible(buffer.getvalue(), title, alt)


# --- drawing: once per content, in worker processes when there are many ---------------------------

F = TypeVar("F", bound=Callable[..., str])


class _Tracer:
    """Notes what a chart's formatters are asked while it is drawn, and what they answer: a chart in
    the cache is taken only when the formatters given now answer the same (a formatter is a function,
    and cannot be part of the key)."""

    def __init__(self) -> None:
        self.formats: dict[str, Callable[..., str]] = {}
        self.calls: dict[tuple[str, Any], str] | None = None  # a dict while drawing

    def wrap(self, name: str, inner: F) -> F:
        self.formats[name] = inner

        def traced(value: Any) -> str:
            text = inner(value)
            if self.calls is not None:
                plain = value.isoformat() if isinstance(value, date) else value if type(value) is int else float(value)
                self.calls[(name, plain)] = text
            return text

        return cast(F, traced)

    def agrees(self, calls: list[list[Any]]) -> bool:
        """Whether the formatters answer each call noted as they did then."""
        for name, value, text in calls:
            inner = self.formats.get(name)
            if inner is None or inner(date.fromisoformat(value) if name == "date" else value) != text:
                return False
        return True


_versions: list[str] = []


def _dependencies() -> str:
    """What else a chart's bytes depend on: the versions of copkit, matplotlib and numpy, our settings,
    and this module's code (so an edited chart is never taken from the cache, even by a developer
    whose version number did not change)."""
    if not _versions:
        from importlib.metadata import PackageNotFoundError, version

        from copkit import __version__

        try:
            code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        except OSError:
            code = "?"
        found = [f"copkit {__version__} {code}"]
        for name in ("matplotlib", "numpy"):
            try:
                found.append(f"{name} {version(name)}")
            except PackageNotFoundError:
                found.append(f"{name} ?")
        _versions.append("\n".join([*found, repr(sorted(_rc().items()))]))
    return _versions[0]


class Drawing:
    """A chart's SVG, drawn when first asked for, or taken from the cache of charts drawn before
    (beside copkit's PDFs, see :mod:`copkit.pdf`): a chart is a function of what it shows, its
    labels and what its formatters answer, so the same content is drawn once."""

    def __init__(
        self,
        draw: Callable[[Figure], None],
        title: str,
        alt: str,
        size_mm: tuple[float, float],
        *,
        constrained: bool = True,
        source: object,
        tracer: _Tracer,
    ) -> None:
        self.draw, self.title, self.alt, self.size_mm, self.constrained = draw, title, alt, size_mm, constrained
        self.tracer = tracer
        content = f"{_dependencies()}\n{title!r}\n{alt!r}\n{size_mm!r} {constrained}\n{source!r}"
        self.key = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
        self._svg: str | None = None
        self._looked = False

    @property
    def svg(self) -> str:
        if self._svg is None and not self.from_cache():
            self.done(*self.drawn())
        assert self._svg is not None
        return self._svg

    def from_cache(self) -> bool:
        """Whether the SVG is here, looking in the cache once."""
        if self._svg is None and not self._looked:
            self._looked = True
            folder = _cache_folder()
            try:
                if folder is None:
                    return False
                path = folder / f"{self.key}.json"
                entry = json.loads(path.read_text(encoding="utf-8"))
                os.utime(path)
                svg, calls = entry["svg"], entry["calls"]
                if isinstance(svg, str) and svg.startswith("<svg ") and self.tracer.agrees(calls):
                    self._svg = svg
            except (OSError, ValueError, TypeError, KeyError):
                pass  # not there, or not whole: drawn again
        return self._svg is not None

    def drawn(self) -> tuple[str, list[list[Any]]]:
        """The SVG drawn now, and the formatters' calls noted while drawing."""
        with _LOCK:
            self.tracer.calls = {}
            try:
                svg = _render(self.draw, self.title, self.alt, self.size_mm, self.constrained)
                calls = [[name, value, text] for (name, value), text in self.tracer.calls.items()]
            finally:
                self.tracer.calls = None
        return svg, calls

    def done(self, svg: str, calls: list[list[Any]]) -> None:
        """Keep the SVG drawn, here and in the cache (written whole; a cache that cannot be written is no cache)."""
        self._svg = svg
        folder = _cache_folder()
        if folder is None:
            return
        from copkit import pdf

        try:
            content = json.dumps({"calls": calls, "svg": svg}, ensure_ascii=False).encode("utf-8")
        except UnicodeError:
            return  # text Python holds but cannot write (a lone surrogate): drawn again next time
        pdf.store(folder, f"{self.key}.json", content)


def _cache_folder() -> Path | None:
    from copkit import pdf

    return pdf.cache_folder("charts")


MAX_WORKERS = 8
_pending: list[Drawing] = []  # what the worker processes draw, by index: they inherit it when forked


def draw_all(charts: Sequence[Chart]) -> None:
    """Every chart's SVG, ready: those not in the cache are drawn in worker processes forked by
    :mod:`copkit.parallel` (one per core, at most :data:`MAX_WORKERS`, results in order) when there
    are two or more and the platform forks (Linux), with the same bytes as one by one here; else
    here. Workers are forked only while no other thread runs (a progress bar's); Ctrl-C is the
    command's, which stops them. The cores count, not the load: a chart is ~70 ms of work, and for
    benchmarks/journal.py's 50 charts two workers took 0.67x the time of one process on idle cores,
    and the same time (4.0 s) with both cores busy elsewhere."""
    from copkit import parallel

    missing = [chart.drawing for chart in charts if not chart.drawing.from_cache()]
    workers = min(parallel.cores(), MAX_WORKERS, len(missing))
    if workers < 2 or not parallel.available() or threading.active_count() > 1:
        for drawing in missing:
            drawing.done(*drawing.drawn())
        return
    _preload()  # imported once here rather than once per worker
    _pending[:] = missing
    try:
        chunks = [[index] for index in range(len(missing))]  # one chart each: the cores share them out
        for drawing, drawn in zip(missing, parallel.in_order(_draw, chunks, workers=workers), strict=True):
            drawing.done(*drawn)
    finally:
        _pending.clear()


def _preload() -> None:
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.colors  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.layout_engine  # noqa: F401
    import matplotlib.lines  # noqa: F401
    import matplotlib.patches  # noqa: F401
    import matplotlib.ticker  # noqa: F401


def _draw(indices: Sequence[int]) -> list[tuple[str, list[list[Any]]]]:
    return [_pending[index].drawn() for index in indices]


def _accessible(svg: str, title: str, alt: str) -> str:
    """The SVG without its XML prolog (so it can stand inline in HTML too), with role="img", a
    <title> and a <desc> right after its opening tag, ids unique to this chart's content."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    body = svg[end + 1 :]
    uid = "copkit-chart-" + hashlib.sha256("\0".join((title, alt, body)).encode()).hexdigest()[:12]
    opening = svg[start:end] + f' role="img" aria-labelledby="{uid}-title {uid}-desc">'
    extra = f'\n <title id="{uid}-title">{escape(_clean(title))}</title>\n <desc id="{uid}-desc">{escape(_clean(alt))}</desc>'
    return opening + extra + body


def _no_data(title: str, message: str, header: tuple[str, ...]) -> Chart:
    """A small panel that says there is nothing to draw yet."""

    def draw(fig: Figure) -> None:
        from matplotlib.patches import FancyBboxPatch

        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.add_patch(
            FancyBboxPatch(
                (0.01, 0.08),
                0.98,
                0.84,
                boxstyle="round,pad=0,rounding_size=0.02",
                facecolor="#f5f7fa",
                edgecolor=LINE,
                linewidth=0.8,
                transform=ax.transAxes,
                mutation_aspect=0.2,
            )
        )
        ax.text(0.5, 0.5, _short(message, 90), ha="center", va="center", color=MUTED, fontsize=9)

    drawing = Drawing(draw, title, message, (WIDTH_MM, 16), constrained=False, source="no data", tracer=_Tracer())
    return Chart(drawing, title, message, (header,))


@contextlib.contextmanager
def _limits_set_here(ax: Axes) -> Iterator[None]:
    """While bars go on axes whose limits the chart sets itself: matplotlib does not widen the data
    limits bar by bar, which only autoscaling reads (a fifth of an attendance chart's time; the same
    bytes, tests/test_charts.py)."""
    ax._update_patch_limits = lambda patch: None  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del ax._update_patch_limits  # type: ignore[attr-defined]


def _style(ax: Axes) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", color=LINE, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", length=3)


def _score_axis(ax: Axes, number: NumberFormat, ticks: Sequence[int] = (1, 2, 3, 4, 5)) -> None:
    ax.set_ylim(0.75, 5.25)
    ax.set_yticks(list(ticks), [number(tick) for tick in ticks])


def _legend(fig: Figure, handles: Sequence[object]) -> None:
    if handles:
        fig.legend(
            handles=handles,
            loc="outside upper right",
            ncols=len(handles),
            handlelength=1.4,
            columnspacing=1.2,
            borderaxespad=0,
            labelcolor=INK,
        )


def _positions(days: Sequence[date]) -> tuple[list[float], list[float]]:
    """An x position (the day's ordinal) and a bar width per day: the bars fill 70 % of the
    closest gap between two days, and meetings on the same day share their day's slot side by side."""
    ordinals = [float(day.toordinal()) for day in days]
    distinct = sorted(set(ordinals))
    gaps = [b - a for a, b in zip(distinct, distinct[1:], strict=False)]
    span = distinct[-1] - distinct[0]
    slot = max(min(min(gaps, default=10.0) * 0.7, 20.0), span / 400, 0.8)
    count = {x: ordinals.count(x) for x in distinct}
    seen: dict[float, int] = {}
    xs: list[float] = []
    widths: list[float] = []
    for x in ordinals:
        k, i = count[x], seen.get(x, 0)
        seen[x] = i + 1
        widths.append(slot / k * (0.9 if k > 1 else 1.0))
        xs.append(x - slot / 2 + (i + 0.5) * slot / k)
    return xs, widths


def _date_axis(
    ax: Axes,
    days: Sequence[date],
    xs: Sequence[float],
    widths: Sequence[float],
    date_label: DateLabel,
    most: int = 6,
    ticks: Sequence[date] | None = None,
) -> None:
    """Real dates on x: ticks on the first of months (every 1, 2, 3, 6 or 12 months, whatever keeps
    the labels apart) or, over less than two months, on the days themselves; a short span is
    widened to two months around its middle, so one meeting is not one wide bar."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    low = min(x - w / 2 for x, w in zip(xs, widths, strict=True))
    high = max(x + w / 2 for x, w in zip(xs, widths, strict=True))
    pad = max((high - low) * 0.03, 5.0, (60 - (high - low)) / 2)
    ax.set_xlim(low - pad, high + pad)
    chosen = _date_ticks(days, most) if ticks is None else ticks
    ax.xaxis.set_major_locator(FixedLocator([float(day.toordinal()) for day in chosen]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: date_label(date.fromordinal(round(value)))))


def _date_ticks(days: Sequence[date], most: int) -> list[date]:
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month
    if months < 2:
        distinct = sorted(set(days))
        step = math.ceil(len(distinct) / most)
        return distinct[::-1][::step][::-1]
    step = next((step for step in (1, 2, 3, 6, 12, 24, 60, 120, 240) if months / step <= most - 1), 600)
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    index = -(-index // step) * step
    ticks = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        ticks.append(day)
        index += step
    return ticks or [first]


def _text_on(colour: tuple[float, float, float]) -> str:
    """Ink or white, whichever contrasts more with ``colour`` (WCAG relative luminance)."""

    def luminance(rgb: tuple[float, float, float]) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    ink = (0x1F / 255, 0x29 / 255, 0x33 / 255)
    background = luminance(colour)
    against_ink = (background + 0.05) / (luminance(ink) + 0.05)
    against_white = 1.05 / (background + 0.05)
    return INK if against_ink >= against_white else "white"


def _alt(
    summary: str,
    trend: Trend,
    values: dict[str, str],
    xs: Sequence[date] | Sequence[int],
    ys: Sequence[float],
    threshold: float,
) -> str:
    """The summary and, from two points on, the trend sentence: the change along a least-squares
    line over the whole time span, 'steady' while it stays within ``threshold``."""
    text = _fill(summary, values)
    if len(ys) < 2:
        return text
    points = [float(x.toordinal()) if isinstance(x, date) else float(x) for x in xs]
    if max(points) == min(points):
        points = [float(i) for i in range(len(ys))]
    mean_x = sum(points) / len(points)
    mean_y = sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(points, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in points
    )
    change = slope * (max(points) - min(points))
    sentence = trend.rising if change > threshold else trend.falling if change < -threshold else trend.steady
    return f"{text} {_fill(sentence, values)}".strip()


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{name}`` it knows replaced; other braces stay as they are (a
    translator's template is never run as a format string)."""
    return _clean(_PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template))


def _attendance_point(point: AttendancePoint) -> AttendancePoint:
    present = max(0, point.present)
    new = None if point.new is None else min(max(0, point.new), present)
    online = None if point.online is None else min(max(0, point.online), present)
    return AttendancePoint(point.day, present, new, online)


def _score(value: float) -> float:
    return min(5.0, max(1.0, float(value)))


def _clean(text: str) -> str:
    """One line of text that XML can hold: whitespace runs become a space, controls and
    direction overrides go, a lone surrogate becomes U+FFFD."""
    text = re.sub(r"\s+", " ", text)
    text = _UNSAFE.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8").strip()


def _label(text: str) -> str:
    return _clean(text)


def _short(text: str, limit: int = 40) -> str:
    """``text`` cleaned and cut to ``limit`` characters, with an ellipsis when cut."""
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
