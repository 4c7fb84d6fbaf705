"""The retrospective: one sheet and one plan. Every part of the sheet names the step of the plan it is
filled in during; the health check, the criteria and the phase's version are what the group needs."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from copkit.cli import app
from copkit.handouts import Retro, Section
from copkit.rendering import render, template_context

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "communities" / "klantgericht-schrijven" / "charter.yaml"
MEETING = date(2027, 1, 12)
GROWING = ("initiate", "start-up", "operate")
ENDING = ("wind-down", "close")

HEALTH = {
    "en": (
        ["Dialogue", "Shared responsibility", "Expertise counts", "Help with daily work", "Crossing boundaries"],
        ["Authoritarian leadership", "Window dressing"],
    ),
    "nl": (
        [
            "Dialoog",
            "Gedeelde verantwoordelijkheid",
            "Vakkennis telt",
            "Hulp bij het dagelijkse werk",
            "Over grenzen heen",
        ],
        ["Autoritair leiderschap", "Schone schijn"],
    ),
}


@pytest.fixture
def writing(charter_of):
    return charter_of(EXAMPLE)


def sheet(charter, lang: str = "en", phase: str | None = None) -> Retro:
    if phase:
        charter = charter.model_copy(update={"phase": phase})
    view = template_context(charter, "retro", lang=lang, meeting_date=MEETING)["v"]
    assert isinstance(view, Retro)
    return view


def titled(view: Retro, title: str) -> Section:
    (section,) = [section for section in view.sections if section.title == title]
    return section


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("phase", GROWING + ENDING)
def test_every_part_of_the_sheet_names_a_step_of_the_plan(writing, lang, phase):
    view = sheet(writing, lang, phase)
    steps = [row.step.step for row in view.plan]
    during = "During" if lang == "en" else "Tijdens"
    for section in view.sections:
        assert section.when.startswith(during)
        assert any(step in section.when for step in steps), f"{section.title}: {section.when} is no step of {steps}"
    # and the plan names the parts back, each part once, in order
    named = [number for row in view.plan for number in row.sheet.rpartition(": ")[2].split(", ") if row.sheet]
    assert named == [section.number for section in view.sections]


def test_the_parts_follow_the_five_phases_and_last_time_comes_first(writing):
    view = sheet(writing)
    assert view.sections[0].title == "Actions from last time"
    assert "journal" in view.sections[0].note
    assert [s.when for s in view.sections[:3]] == [
        "During “Set the stage”",
        "During “Gather data”",
        "During “Gather data”",
    ]
    assert view.sections[-1].when == "During “Close”"


def test_the_health_check_is_scored_in_the_step_that_holds_the_health_check_activity(writing):
    holding, lacking = [], []
    for minutes in (30, 45, 60, 90, 120, 180):
        charter = writing.model_copy(
            update={"cadence": writing.cadence.model_copy(update={"duration_minutes": minutes})}
        )
        view = sheet(charter)
        rows = [row for row in view.plan if "health check" in row.step.activity.lower()]
        (holding if rows else lacking).append((view, rows))
    assert holding, "some length plans the health-check activity"
    for view, (row, *_) in holding:
        assert titled(view, "Health check").when == f"During “{row.step.step}”"
        assert titled(view, "Health check").number in row.sheet
    for view, _ in lacking:
        assert titled(view, "Health check").when == "During “Generate insights”"


@pytest.mark.parametrize("minutes", [25, 45, 90, 180])
def test_sheet_and_plan_stay_connected_whatever_the_length(writing, minutes):
    charter = writing.model_copy(update={"cadence": writing.cadence.model_copy(update={"duration_minutes": minutes})})
    view = sheet(charter)
    steps = [row.step.step for row in view.plan]
    for section in view.sections:
        assert section.when.removeprefix("During “").removesuffix("”") in steps
    named = [number for row in view.plan if row.sheet for number in row.sheet.rpartition(": ")[2].split(", ")]
    assert named == [section.number for section in view.sections]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_health_check_has_five_characteristics_and_two_killers_labelled_on_one_scale(writing, lang):
    view = sheet(writing, lang)
    health = view.sections[3]
    viable, killers = health.grids
    assert [row[0].text for row in viable.rows] == HEALTH[lang][0]
    assert [row[0].text for row in killers.rows] == HEALTH[lang][1]
    assert "McDermott" in viable.caption and killers.caption
    scales = {row[-1].boxes for row in viable.rows + killers.rows}
    assert scales == {("1", "2", "3", "4", "5")}, "one scale for all seven"
    assert len(health.scale) == 5


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_criteria_have_target_measured_met_and_an_anchored_score(writing, lang):
    view = sheet(writing, lang)
    criteria = view.sections[1]
    (grid,) = criteria.grids
    expected = {
        "en": ("Criterion", "Target", "Measured", "Met?", "Score (1–5)"),
        "nl": ("Criterium", "Streefwaarde", "Gemeten", "Gehaald?", "Score (1–5)"),
    }[lang]
    assert grid.headers == expected
    first = grid.rows[0]
    assert (first[0].text, first[1].text) == ("Deelname", "60%")
    assert first[2].write and first[4].boxes == ("1", "2", "3", "4", "5")
    anchors = {"en": ("1 = not at all", "5 = fully"), "nl": ("1 = helemaal niet", "5 = volledig")}[lang]
    assert criteria.scale[0] == anchors[0] and criteria.scale[-1] == anchors[1]


GROW_ONLY = ("What must change to become the community we want to be?",)


@pytest.mark.parametrize("phase", GROWING)
def test_a_growing_community_weighs_how_to_grow(writing, phase):
    view = sheet(writing, phase=phase)
    titles = [section.title for section in view.sections]
    assert "Support on three levels" in titles and "Making our results visible" in titles
    assert "Our charter, element by element" in titles
    assert "Our community's future" not in titles and "Closing checklist" not in titles
    prompts = titled(view, "Questions to talk through").prompts
    assert GROW_ONLY[0] in prompts
    assert any("May this community fail?" in prompt for prompt in prompts)
    assert any("How busy are we" in prompt for prompt in prompts)
    support = titled(view, "Support on three levels").grids[0]
    assert [row[0].text for row in support.rows] == ["Culture", "Leadership", "People and means"]
    assert view.sections[-1].fields and "Next review date" in view.sections[-1].fields[0]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("phase", ENDING)
def test_a_community_coming_to_an_end_weighs_its_future(writing, phase, lang):
    view = sheet(writing, lang, phase)
    words = {
        "en": ("Our community's future", "Closing checklist", "Recognising what members gave", "Next review date"),
        "nl": (
            "De toekomst van onze community",
            "Checklist voor de afsluiting",
            "Erkenning voor wat leden hebben bijgedragen",
            "Volgende reviewdatum",
        ),
    }[lang]
    titles = [section.title for section in view.sections]
    future, checklist, recognition, review = words
    assert future in titles and checklist in titles and recognition in titles
    options = [row[0].text for row in titled(view, future).grids[0].rows]
    assert len(options) == 4
    tasks = [row[0].text for row in titled(view, checklist).grids[0].rows]
    assert len(tasks) == 6
    if lang == "en":
        assert options == [
            "Continue, with a new focus",
            "Merge with another community",
            "Hand over to a team or the line",
            "Close the community",
        ]
        assert any("Archive the knowledge" in task for task in tasks)
        assert any("contact" in task for task in tasks)
        assert any(task.startswith("Inform the periphery") for task in tasks) and "Inform the sponsor" in tasks
        assert any("Celebrate" in task for task in tasks) and any("Recognise" in task for task in tasks)
    md = render(writing.model_copy(update={"phase": phase}), "retro", "md", lang=lang, meeting_date=MEETING)
    text = md.content.decode()
    assert review not in text, "no next review date for a community coming to an end"
    assert "element" not in " ".join(titles).lower() or lang == "nl"
    assert not any(section.title.startswith(("Our charter", "Ons charter")) for section in view.sections)
    prompts = titled(view, titles[4]).prompts
    assert GROW_ONLY[0] not in prompts and "Wat moet er veranderen" not in " ".join(prompts)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_the_sheet_renders_through_the_command(runner, tmp_path, fmt, lang):
    out = tmp_path / "out"
    args = ["render", str(EXAMPLE), "--handout", "retro", "--format", fmt, "--lang", lang]
    result = runner.invoke(app, [*args, "--date", "2027-01-12", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = (out / f"klantgericht-schrijven-retro.{fmt}").read_bytes()
    if fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(written)).pages)
        text = " ".join(text.split())
        assert len(PdfReader(io.BytesIO(written)).pages) <= 3  # a page of plan, two of sheet with room to write
    else:
        text = written.decode()
    for label in HEALTH[lang][0] + HEALTH[lang][1]:
        assert label in text, f"{fmt} lacks {label!r}"
    heading = "Actions from last time" if lang == "en" else "Acties van de vorige keer"
    assert heading.lower() in text.lower()  # print shows headings in capitals


def test_the_retrospective_takes_the_length_it_is_given(runner, tmp_path):
    out = tmp_path / "out"
    args = ["render", str(EXAMPLE), "--handout", "retro", "--format", "md", "--lang", "en", "--out", str(out)]
    result = runner.invoke(app, [*args, "--minutes", "90"])
    assert result.exit_code == 0, result.output
    text = (out / "klantgericht-schrijven-retro.md").read_text()
    assert "Our plan for this session (90 minutes)" in text
    assert re.search(r"\| 12:30–\d\d:\d\d ", text) and "–14:00 (" in text  # from the cadence's 12:30, ninety minutes on
    short = runner.invoke(app, [*args, "--minutes", "10", "--force"])
    assert short.exit_code == 2  # a meeting lasts 15 to 480 minutes, as in the charter
