"""The one-pager: one A4 page for a full charter in both languages, a clear message when nothing
can make it fit, the next meeting or the launch, the levels of taking part, role names as names."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from copkit.cli import app
from copkit.model import Charter
from copkit.rendering import render
from copkit.yamlfile import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DUTCH = EXAMPLES / "communities/klantgericht-schrijven/charter.yaml"


def data_of(path: Path) -> dict:
    return load(path.read_bytes(), str(path))[0].data


def full(data: dict) -> dict:
    """A full charter: 6 values, 6 ambitions and 5 criteria, each written out at some length."""
    sentence = "we write it down the same day, in plain words, so that colleagues who were not there can use it too"
    data["values"] = [{"value": f"Value number {n}", "behaviour": f"Behaviour {n}: {sentence}"} for n in range(6)]
    data["ambitions"] = [f"Ambition {n}: a concrete result within the year, which {sentence}" for n in range(6)]
    data["evaluation_criteria"] = [
        {
            "criterion": f"Criterion {n}",
            "measure": f"what we count each quarter, and how {sentence[:40]}",
            "target": "80%",
        }
        for n in range(5)
    ]
    return data


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_full_charter_prints_on_exactly_one_page(lang):
    charter = Charter.model_validate(full(data_of(DUTCH)))
    pdf = render(charter, "onepager", "pdf", lang=lang, meeting_date=date(2027, 1, 12)).content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Value number 5" in text and "Ambition 5" in text and "Criterion 4" in text


def test_a_charter_too_big_for_any_layout_says_what_to_shorten(tmp_path):
    data = full(data_of(DUTCH))
    data["values"] = [{"value": f"{n:03} " + "v" * 196, "behaviour": "b" * 200} for n in range(100)]
    data["ambitions"] = ["a" * 200 for _ in range(30)]
    charter = tmp_path / "huge.yaml"
    charter.write_text(json.dumps(data, default=str), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["render", str(charter), "--handout", "onepager", "--format", "pdf", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "does not fit on one A4 page" in result.output
    assert "shorten values (40,000 characters), ambitions (6,000 characters)" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_next_meeting_with_a_date_and_the_launch_without(contract_charter):
    charter = contract_charter(launch={"date": "2027-01-12"}, review="2027-12-31")
    english = " ".join(render(charter, "onepager", "md", lang="en").content.decode().split())
    assert "**Launch: Tuesday, 12 January 2027**" in english
    later = render(charter, "onepager", "md", lang="nl", meeting_date=date(2027, 3, 1)).content.decode()
    assert "**Volgende bijeenkomst: " in later and "Startbijeenkomst" not in later
    before = render(charter, "onepager", "md", lang="nl", meeting_date=date(2027, 1, 5)).content.decode()
    assert "**Startbijeenkomst: dinsdag 12 januari 2027**" in before


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["core group", "active member", "periphery"]), ("nl", ["kerngroep", "actief lid", "periferie"])],
)
def test_joining_names_the_levels_of_taking_part(lang, words):
    for fmt in ("md", "html"):
        text = render(Charter.model_validate(data_of(DUTCH)), "onepager", fmt, lang=lang).content.decode()
        assert all(word in text for word in words)


def test_role_names_are_capitalised_and_access_shown_once_in_markdown():
    text = render(Charter.model_validate(data_of(DUTCH)), "onepager", "md", lang="nl").content.decode()
    assert "| Sponsor | Ingrid Wouters |" in text and "| Coördinator |" in text and "| Verspreider |" in text
    assert text.count("Open voor iedereen") == 1


def test_times_never_break_and_zones_and_shares_read_naturally():
    data = data_of(EXAMPLES / "communities/learning-from-incidents/charter.yaml")
    html = render(Charter.model_validate(data), "onepager", "html", lang="en").content.decode()
    assert '<span class="nowrap">15:00–15:45</span>' in html
    assert "All times are in UK time." in html and "Tom Okafor (10%)" in html
    data["cadence"]["timezone"] = "Europe/Brussels"
    dutch = render(Charter.model_validate(data), "onepager", "md", lang="nl").content.decode()
    assert "Alle tijden zijn in Midden-Europese tijd." in dutch and "Tom Okafor (10%)" in dutch
