"""The charter writer, `copkit.charter_file`: `write_charter` turns the interview's answers (or the
`example` draft) into a commented file whose every value reads back exactly as given, in the contract's
order, and passes `copkit check`."""

from __future__ import annotations

import re
import tempfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from helpers import RAW_TEXT, allowed, fuzz_examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copkit.charter_file import example as draft_example
from copkit.charter_file import write_charter
from copkit.checking import check_file
from copkit.model import Charter
from copkit.yamlfile import load

# The day the regression examples' drafts are made, as conftest's today: their review date is ahead of it.
DRAFTED = date(2026, 11, 24)
FOCUS = ("knowledge-sharing", "problem-solving", "innovation")
# What the interview makes of a typed answer: surrounding white space dropped, an empty optional answer left out.
REQUIRED = RAW_TEXT.map(allowed).filter(bool)
OPTIONAL = RAW_TEXT.map(lambda text: allowed(text) or None)
ZONES = ("Europe/Brussels", "Europe/Amsterdam", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT-14")


@st.composite
def answers(draw) -> dict[str, Any]:
    """Answers in the shape the interview gives them, every free-text answer arbitrary."""
    frequency = draw(st.sampled_from(("weekly", "biweekly", "monthly", "quarterly")))
    roles = {}
    for key in ("sponsor", "leader", "coach", "coordinator"):
        name = draw(OPTIONAL)
        if name:
            roles[key] = {"name": name}
    if "leader" in roles:
        roles["leader"]["time_percent"] = draw(
            st.integers(0, 100) | st.floats(0, 100, allow_nan=False, allow_infinity=False)
        )
    access = draw(st.sampled_from(("open", "closed")))
    membership: dict[str, Any] = {"access": access}
    if access == "closed":
        membership["admission"] = draw(REQUIRED)
    if how_to_join := draw(OPTIONAL):
        membership["how_to_join"] = how_to_join
    return {
        "language": draw(st.sampled_from(("en", "nl"))),
        "name": draw(REQUIRED),
        "phase": "start-up",
        "domain": draw(OPTIONAL),
        "purpose": {"statement": draw(REQUIRED), "focus": draw(st.sampled_from(FOCUS))},
        "values": draw(
            st.lists(st.fixed_dictionaries({"value": REQUIRED, "behaviour": OPTIONAL}), min_size=1, max_size=3)
        ),
        "ambitions": draw(st.lists(REQUIRED, min_size=1, max_size=3)),
        "cadence": {
            "frequency": frequency,
            "week": draw(st.sampled_from(("first", "second", "third", "fourth", "last")))
            if frequency in ("monthly", "quarterly")
            else None,
            "weekday": draw(st.sampled_from(("monday", "tuesday", "wednesday", "thursday", "friday"))),
            "time": draw(st.builds(time, st.integers(0, 23), st.integers(0, 59))),
            "duration_minutes": draw(st.integers(30, 480)),  # a starting community's launch: E026 below 30
            "mode": draw(st.sampled_from(("in-person", "online", "hybrid"))),
            "location": draw(OPTIONAL),
            "timezone": draw(st.sampled_from(ZONES)),
        },
        "roles": roles,
        "membership": membership,
        "tooling": draw(
            st.lists(st.fixed_dictionaries({"name": REQUIRED, "purpose": OPTIONAL}), min_size=1, max_size=2)
        ),
        "evaluation_criteria": draw(
            st.lists(
                st.fixed_dictionaries({"criterion": REQUIRED, "measure": OPTIONAL, "target": OPTIONAL}),
                min_size=1,
                max_size=2,
            )
        ),
        "review_date": draw(st.dates(date(2026, 11, 25), date(2027, 11, 24))),
    }


def with_everywhere(text: str) -> dict[str, Any]:
    """The English draft with ``text`` as every free-text answer: a regression example."""
    filled = draft_example("en", DRAFTED)
    filled.update(name=text, domain=text, purpose={"statement": text, "focus": "innovation"}, ambitions=[text, text])
    filled["values"] = [{"value": text, "behaviour": text}]
    filled["cadence"]["location"] = text
    filled["roles"] = {"leader": {"name": text, "time_percent": 33.333333}, "coach": {"name": text}}
    filled["membership"] = {"access": "closed", "admission": text, "how_to_join": text}
    filled["tooling"] = [{"name": text, "purpose": text}]
    filled["evaluation_criteria"] = [{"criterion": text, "measure": text, "target": text}]
    return filled


@pytest.fixture(scope="session")
def assert_reads_back(as_written, contract_order, today):
    """``assert_reads_back(text, answers, folder)``: the written ``text`` loads as ``answers`` were given, in
    the contract's order, makes the same charter, and passes check."""

    def _assert_reads_back(text: str, answers: dict[str, Any], folder: Path) -> None:
        document, _ = load(text.encode("utf-8"), "charter.yaml")
        assert not document.problems, document.problems
        assert document.data == as_written(answers)
        assert list(document.data) == [key for key in contract_order if key in document.data]
        assert Charter.model_validate(document.data) == Charter.model_validate(answers)
        path = folder / "charter.yaml"
        path.write_text(text, encoding="utf-8")
        result = check_file(path, today=today)
        assert result.errors == 0, result.problems

    return _assert_reads_back


@settings(
    max_examples=fuzz_examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(answers=answers())
@example(answers=with_everywhere("yes")).via("the issue's list")
@example(answers=with_everywhere("12:30")).via("the issue's list")
@example(answers=with_everywhere("Team: A")).via("the issue's list")
@example(answers=with_everywhere("#general")).via("the issue's list")
@example(answers=with_everywhere('"quoted"')).via("the issue's list")
@example(answers=with_everywhere("'single'")).via("the issue's list")
@example(answers=with_everywhere("Zoë, één, Ñúñez")).via("the issue's list")
@example(answers=with_everywhere("🎉 Lean coffee ☕")).via("the issue's list")
@example(answers=with_everywhere("word\u2060joiner\u200bzero\u00a0width")).via(
    "line breaks YAML knows, which must stay in one line"
)
@example(answers=with_everywhere("\ufeff\ufffe\u00a0")).via("characters YAML only writes escaped")
@example(answers=with_everywhere("x" * 200)).via("long enough that a line would be folded")
def test_any_answers_are_written_so_they_read_back_exactly(answers, schema_line, assert_reads_back):
    text = write_charter(answers)
    assert text.splitlines()[0] == schema_line
    with tempfile.TemporaryDirectory() as folder:
        assert_reads_back(text, answers, Path(folder))


@pytest.mark.parametrize(
    "percent",
    [33.333333, 12.3456789, 0.1, 1e-07, 99.99999999999999, 15, 0, 100],
)
def test_a_share_of_working_time_reads_back_with_every_digit(percent):
    """Regression: written as f"{value:g}", 33.333333 read back as 33.3333, and 1e-07 as text."""
    answers = with_everywhere("Lea")
    answers["roles"]["leader"]["time_percent"] = percent
    document, _ = load(write_charter(answers).encode(), "charter.yaml")
    assert document.data["roles"]["leader"]["time_percent"] == percent
    assert type(document.data["roles"]["leader"]["time_percent"]) is not str


def test_a_charter_with_every_role_still_open_reads_back_with_empty_roles(today):
    answers = draft_example("en", today) | {"roles": {}}
    document, _ = load(write_charter(answers).encode("utf-8"), "c.yaml")
    assert document.data["roles"] == {}


# --- yamllint's default configuration -----------------------------------------------------------------

LONG = (
    "We meet to compare how each team writes its end-to-end tests, to share what made them flaky and what "
    "made them stable again, and to agree on one checklist that every new colleague can use from day one"
)
LINK = "https://wiki.example.org/spaces/testing/pages/123456789/Community+of+practice+for+test+automation+home"


def yamllint_problems(text: str) -> list[str]:
    """What `yamllint -d default` says about ``text``, one line a problem."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig("extends: default")
    return [f"{problem.line}: {problem.rule} {problem.desc}" for problem in linter.run(text, config)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_draft_passes_yamllint_default(lang, today):
    text = write_charter(draft_example(lang, today))
    assert yamllint_problems(text) == []
    assert text.splitlines()[3] == "---"  # the document start, after the comments that head the file


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_long_answers_are_folded_so_that_every_line_fits_and_reads_back(lang, today, assert_reads_back, tmp_path):
    answers = with_everywhere(LONG[:200].strip())
    answers["language"] = lang
    answers.update(domain=LONG, purpose={"statement": LONG + " " + LONG, "focus": "innovation"})
    answers["ambitions"] = [LONG, "Two  spaces inside " + "word " * 30 + "end"]
    answers["tooling"] = [{"name": "Wiki", "purpose": LONG, "url": LINK}]
    answers["roles"]["coordinator"] = [{"name": "Lotte Claes", "email": "lotte@example.org"}, {"name": "Wout"}]
    text = write_charter(answers, filename="a-rather-long-file-name-for-a-charter-of-a-community.yaml")
    assert yamllint_problems(text) == []
    assert max(len(line) for line in text.splitlines() if LINK not in line) <= 80
    assert f"  statement: >-\n    {LONG[:20]}" in text and f"    url: >-\n      {LINK}\n" in text
    assert_reads_back(text, answers, tmp_path)


PRINTABLE = st.text(
    st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x85") | st.just(" "), max_size=200
)


@settings(max_examples=fuzz_examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PRINTABLE.map(str.strip).filter(bool))
def test_any_printable_answer_fits_yamllint_and_reads_back(text, assert_reads_back):
    answers = with_everywhere(text)
    written = write_charter(answers)
    assert [problem for problem in yamllint_problems(written) if "line-length" not in problem] == []
    for line in written.splitlines():  # a line is too long only for words that cannot be broken
        assert len(line) <= 80 or not re.search(r"(?<=\S) (?=\S)", line.strip().removeprefix("- ")), line
    with tempfile.TemporaryDirectory() as folder:
        assert_reads_back(written, answers, Path(folder))
