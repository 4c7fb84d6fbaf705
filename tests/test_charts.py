"""Charts for the report: same bytes for the same input, a text alternative and a table, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from copkit import charts, parallel
from copkit.charts import (
    ActionPeriod,
    ActionsLabels,
    AttendanceLabels,
    AttendancePoint,
    Chart,
    CriteriaLabels,
    CriterionSeries,
    HealthLabels,
    HealthMatrix,
    RatingLabels,
    Score,
    Trend,
)

SVG = "{http://www.w3.org/2000/svg}"
TREND = Trend("Rising.", "Falling.", "Steady.")
ATTENDANCE = AttendanceLabels(
    "Attendance",
    "Date",
    "Present",
    "Returning",
    "New",
    "Online",
    "unknown",
    "{count} meetings from {first} to {last}, {low} to {high} present.",
    TREND,
    "No meetings yet.",
)
RATING = RatingLabels("Rating", "Date", "Score", "{count} sessions, on average {mean}.", TREND, "No ratings yet.")
CRITERIA = CriteriaLabels("Criteria", "Date", "Target", "{count} criteria; latest: {latest}.", "No scores yet.")
HEALTH = HealthLabels("Health", "Date", "{count} retrospectives; lowest {lowest}, highest {highest}.", "No health yet.")
ACTIONS = ActionsLabels(
    "Actions", "Quarter", "Opened", "Closed", "Open at end", "{opened} opened, {closed} closed.", TREND, "No actions."
)
HOSTILE = 'Crit <b>&amp; "quoted" \x00\x1b[31m\u202e $x$ ' + "long " * 40 + "漢字 🎉"
DAYS = [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 16), date(2027, 6, 1)]


def day(value: date) -> str:
    return value.isoformat()


def number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def meetings() -> list[AttendancePoint]:
    return [
        AttendancePoint(DAYS[0], 12, 3, 4),
        AttendancePoint(DAYS[1], 15, None, None),
        AttendancePoint(DAYS[2], 11, 1, 0),
        AttendancePoint(DAYS[3], 18, 4, 9),
    ]


def every_chart() -> dict[str, Chart]:
    series = [
        CriterionSeries("Participation", [Score(d, v) for d, v in zip(DAYS, [3, 4, 4, 5], strict=True)], 4),
        CriterionSeries(HOSTILE, [Score(DAYS[1], 2.5), Score(DAYS[3], 9)]),
        CriterionSeries("Never scored", []),
    ]
    matrix = HealthMatrix(["Dialogue", HOSTILE], DAYS[:3], [[3.5, None, 4.25], [1, 2.8, 0]])
    return {
        "attendance": charts.attendance(meetings(), ATTENDANCE, date_label=day, number=number),
        "rating": charts.rating(
            [Score(d, 3.5 + i / 4) for i, d in enumerate(DAYS)], RATING, date_label=day, number=number
        ),
        "criteria": charts.criteria(series, CRITERIA, date_label=day, number=number),
        "health": charts.health(matrix, HEALTH, date_label=day, number=number),
        "actions": charts.actions(
            [ActionPeriod("2027 Q1", 5, 2, 3), ActionPeriod(HOSTILE, 4, 6, 1)], ACTIONS, number=number
        ),
    }


def parsed(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def test_same_bytes_in_two_processes(tmp_path) -> None:
    code = textwrap.dedent(
        """
        import hashlib, sys
        sys.path.insert(0, sys.argv[1])
        import matplotlib
        matplotlib.rcParams["lines.linewidth"] = 7  # a user's settings change nothing
        matplotlib.rcParams["font.size"] = 20
        from test_charts import every_chart
        for name, chart in every_chart().items():
            print(name, hashlib.sha256(chart.svg.encode()).hexdigest())
        """
    )
    tests = str(__import__("pathlib").Path(__file__).parent)
    runs = [  # each process with a cache of its own: both draw every chart
        subprocess.run(
            [sys.executable, "-c", code, tests],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / str(run))},
        ).stdout
        for run in range(2)
    ]
    assert runs[0] == runs[1]
    here = {name: __import__("hashlib").sha256(chart.svg.encode()).hexdigest() for name, chart in every_chart().items()}
    assert runs[0].split() == [part for name, digest in here.items() for part in (name, digest)]


def test_no_date_version_or_random_id() -> None:
    import matplotlib

    for chart in every_chart().values():
        assert "<metadata" not in chart.svg
        assert matplotlib.__version__ not in chart.svg
        assert "<?xml" not in chart.svg and "DOCTYPE" not in chart.svg  # inline in HTML as it is
        assert chart.svg.startswith("<svg ")


@pytest.mark.parametrize("name", ["attendance", "rating", "criteria", "health", "actions"])
def test_title_and_desc_first_and_labelled(name: str) -> None:
    chart = every_chart()[name]
    root = parsed(chart)
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text == chart.title
    assert desc.text == chart.alt
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert chart.alt.endswith(".")


def test_hostile_text_is_escaped_and_kept_out_of_the_markup() -> None:
    for chart in every_chart().values():
        root = parsed(chart)  # parses: no raw control character, no broken markup
        assert "<b>" not in chart.svg and "\x1b" not in chart.svg and "\u202e" not in chart.svg
        assert not root.findall(f".//{SVG}b")
    criteria = every_chart()["criteria"]
    assert "&lt;b&gt;&amp;amp; &quot;quoted&quot;" in criteria.svg or '&lt;b&gt;&amp;amp; "quoted"' in criteria.svg
    assert HOSTILE.split()[0] in criteria.alt and "漢字 🎉" in criteria.alt


def test_table_rows_match_the_input() -> None:
    table = charts.attendance(meetings(), ATTENDANCE, date_label=day, number=number).table
    assert table == (
        ("Date", "Present", "New", "Online"),
        ("2027-01-12", "12", "3", "4 (33%)"),
        ("2027-02-09", "15", "unknown", "unknown"),
        ("2027-03-16", "11", "1", "0 (0%)"),
        ("2027-06-01", "18", "4", "9 (50%)"),
    )
    scores = [Score(DAYS[1], 4.25), Score(DAYS[0], 0), Score(DAYS[2], 7)]
    assert charts.rating(scores, RATING, date_label=day, number=number).table == (
        ("Date", "Score"),
        ("2027-01-12", "1"),  # clipped to 1-5, sorted by date
        ("2027-02-09", "4,2"),
        ("2027-03-16", "5"),
    )
    every = every_chart()
    assert every["criteria"].table[0][:2] == ("Date", "Participation")
    assert every["criteria"].table[1] == ("2027-01-12", "3", "–", "–")
    assert every["criteria"].table[-1] == ("Target", "4", "–", "–")
    assert every["health"].table[1:] == (
        ("2027-01-12", "3,5", "1"),
        ("2027-02-09", "–", "2,8"),
        ("2027-03-16", "4,2", "1"),
    )
    assert every["actions"].table[1] == ("2027 Q1", "5", "2", "3")


def test_alt_tells_the_summary_and_the_trend() -> None:
    chart = charts.attendance(meetings(), ATTENDANCE, date_label=day, number=number)
    assert chart.alt == "4 meetings from 2027-01-12 to 2027-06-01, 11 to 18 present. Rising."
    one = charts.rating([Score(DAYS[0], 4)], RATING, date_label=day, number=number)
    assert one.alt == "1 sessions, on average 4."  # no trend from one point
    odd = RatingLabels("R", "D", "S", "{mean} {unknown} {0} {mean.__class__}", TREND, "none")
    assert (
        charts.rating([Score(DAYS[0], 4)], odd, date_label=day, number=number).alt == "4 {unknown} {0} {mean.__class__}"
    )


def test_empty_input_gives_a_no_data_panel() -> None:
    empty = [
        charts.attendance([], ATTENDANCE, date_label=day, number=number),
        charts.rating([], RATING, date_label=day, number=number),
        charts.criteria([CriterionSeries("A", [])], CRITERIA, date_label=day, number=number),
        charts.criteria([], CRITERIA, date_label=day, number=number),
        charts.health(HealthMatrix(["Dialogue"], [DAYS[0]], [[None]]), HEALTH, date_label=day, number=number),
        charts.actions([], ACTIONS, number=number),
    ]
    for chart in empty:
        root = parsed(chart)
        assert root[1].text == chart.alt
        assert chart.alt.startswith("No ")
        assert len(chart.table) == 1  # the header only


def test_odd_shapes_do_not_crash() -> None:
    many = [
        AttendancePoint(date(2024, 1, 1) + timedelta(days=7 * i), i % 17, (i % 4) or None, i % 3) for i in range(200)
    ]
    same_day = [AttendancePoint(DAYS[0], 10, 20, 30), AttendancePoint(DAYS[0], -1, 0, 0)]
    for points in (many, same_day, meetings()[:1]):
        parsed(charts.attendance(points, ATTENDANCE, date_label=day, number=number))
    parsed(charts.rating([Score(DAYS[0], 3), Score(DAYS[0], 4)], RATING, date_label=day, number=number))
    wide = HealthMatrix(["a", "b"], [DAYS[0]] * 40, [[3.0] * 40, [None] * 40])
    parsed(charts.health(wide, HEALTH, date_label=day, number=number))
    nine = [CriterionSeries(f"C{i}", [Score(DAYS[0], i)]) for i in range(9)]
    parsed(charts.criteria(nine, CRITERIA, date_label=day, number=number))
    assert charts.attendance(same_day, ATTENDANCE, date_label=day, number=number).table[1:] == (
        ("2027-01-12", "10", "10", "10 (100%)"),  # new and online clipped to those present
        ("2027-01-12", "0", "0", "0"),
    )
    with pytest.raises(ValueError):
        HealthMatrix(["a"], [DAYS[0]], [[1.0, 2.0]])


def test_importing_the_module_loads_no_matplotlib() -> None:
    code = (
        "import sys\nimport copkit.charts as c\nprint('matplotlib' in sys.modules)\n"
        "chart = c.actions([], c.ActionsLabels(*'abcde', 'f', c.Trend('x', 'y', 'z'), 'g'), number=str)\n"
        "print('matplotlib' in sys.modules)\n"
        "chart.svg\n"
        "print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "False", "True"]  # drawn when its SVG is first asked for


# --- drawing once per content, and in worker processes --------------------------------------------


def drawn_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the charts drawn in this process from now on."""
    drawn: list[str] = []
    real = charts._render

    def counting(draw, title, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(title)
        return real(draw, title, *args, **kwargs)

    monkeypatch.setattr(charts, "_render", counting)
    return drawn


def svgs(made: dict[str, Chart]) -> dict[str, str]:
    return {name: chart.svg for name, chart in made.items()}


def test_a_chart_drawn_before_is_taken_from_the_cache(monkeypatch, own_cache) -> None:
    first = svgs(every_chart())
    assert len(list((own_cache / "copkit" / "charts").glob("*.json"))) == len(first)
    drawn = drawn_here(monkeypatch)
    assert svgs(every_chart()) == first
    assert drawn == []


def test_only_the_chart_whose_data_changed_is_drawn_again(monkeypatch) -> None:
    scores = [Score(d, 3.5 + i / 4) for i, d in enumerate(DAYS)]
    before = svgs(every_chart())
    drawn = drawn_here(monkeypatch)
    rating = charts.rating([*scores, Score(date(2027, 7, 6), 2)], RATING, date_label=day, number=number)
    assert rating.svg != before["rating"]
    assert svgs(every_chart()) == before
    assert drawn == ["Rating"]


def test_a_chart_is_drawn_again_when_its_formatters_answer_otherwise(monkeypatch) -> None:
    scores = [Score(d, 3.5 + i / 4) for i, d in enumerate(DAYS)]
    dots = charts.rating(scores, RATING, date_label=day, number=number).svg
    drawn = drawn_here(monkeypatch)
    commas = charts.rating(scores, RATING, date_label=day, number=lambda value: f"{value:g}!").svg
    dated = charts.rating(scores, RATING, date_label=lambda value: value.strftime("%d/%m"), number=number).svg
    assert drawn == ["Rating", "Rating"]
    assert len({dots, commas, dated}) == 3


def test_a_damaged_cache_entry_is_drawn_again(monkeypatch, own_cache) -> None:
    first = svgs(every_chart())
    entries = sorted((own_cache / "copkit" / "charts").glob("*.json"))
    entries[0].write_text("{", encoding="utf-8")  # cut short
    entries[1].write_text(json.dumps({"calls": [], "svg": "<p>not a chart</p>"}), encoding="utf-8")
    entries[2].write_text(json.dumps({"calls": [["number", 1, "not what it says"]], "svg": "<svg x"}), encoding="utf-8")
    drawn = drawn_here(monkeypatch)
    assert svgs(every_chart()) == first
    assert len(drawn) == 3


def test_a_cache_that_cannot_be_written_is_no_cache(monkeypatch, tmp_path) -> None:
    first = svgs(every_chart())
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    drawn = drawn_here(monkeypatch)
    assert svgs(every_chart()) == first
    assert len(drawn) == len(first)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_draw_the_same_bytes_in_the_same_order(monkeypatch, tmp_path) -> None:
    one_by_one = svgs(every_chart())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    made = every_chart()
    drawn = drawn_here(monkeypatch)  # in this process: the workers' drawing is not counted here
    charts.draw_all(list(made.values()))
    assert drawn == []
    assert svgs(made) == one_by_one
    assert len(list((tmp_path / "empty" / "copkit" / "charts").glob("*.json"))) == len(made)


def test_on_one_core_the_charts_are_drawn_here(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    made = every_chart()
    drawn = drawn_here(monkeypatch)
    charts.draw_all(list(made.values()))
    assert sorted(drawn) == sorted(chart.title for chart in made.values())


def test_while_another_thread_runs_the_charts_are_drawn_here(monkeypatch) -> None:
    """A progress bar's thread (the site's): no fork while it may hold a lock."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    made = every_chart()
    drawn = drawn_here(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        charts.draw_all(list(made.values()))
    finally:
        stop.set()
        other.join()
    assert sorted(drawn) == sorted(chart.title for chart in made.values())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_worker_that_dies_leaves_its_charts_to_this_process(monkeypatch, tmp_path) -> None:
    one_by_one = svgs(every_chart())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "_start_worker", lambda parent: os._exit(1))
    made = every_chart()
    charts.draw_all(list(made.values()))
    assert svgs(made) == one_by_one
