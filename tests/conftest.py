"""Shared fixtures: a valid charter as the contract shows it, a frozen today, and a CLI runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

# Every date-dependent behaviour takes "today" as a parameter; tests pin it here.
TODAY = date(2026, 11, 24)

# The example of ../shared/charter-format.md, which must pass as written.
CONTRACT_EXAMPLE = """\
copkit: 1
name: Testautomatisering
language: nl
phase: start-up
domain: Geautomatiseerd testen van webapplicaties
purpose:
  statement: Samen betere, snellere en stabielere geautomatiseerde tests schrijven
  focus: knowledge-sharing
values:
  - value: Openheid
    behaviour: We delen mislukkingen even graag als successen
ambitions:
  - Een gedeelde checklist tegen onstabiele tests
cadence:
  frequency: biweekly
  weekday: thursday
  time: 12:30
  duration_minutes: 60
  mode: hybrid
  location: Vergaderzaal Schelde / Teams
  timezone: Europe/Brussels
roles:
  sponsor: {name: An Peeters, email: an.peeters@example.org}
  leader: {name: Jonas Maes, time_percent: 15}
  coach: Sara De Smet
  coordinator: [Lotte Claes, Wout Janssens]
membership:
  access: open
  how_to_join: Stuur een bericht in het Teams-kanaal
tooling:
  - name: Teams-kanaal Testautomatisering
    purpose: dagelijkse vragen en aankondigingen
evaluation_criteria:
  - criterion: Deelname
    measure: aandeel leden dat minstens één sessie per kwartaal bijwoont
    target: 60%
review_date: 2027-03-31
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in a fresh folder and return its path."""

    def _write(content: str | bytes, name: str = "charter.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def replace(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once; fails loudly when ``old`` is not there."""
    assert old in text, old
    return text.replace(old, new, 1)


def charter_from(text: str = CONTRACT_EXAMPLE):
    """The charter a YAML text holds, read as copkit reads a file."""
    from copkit.model import Charter
    from copkit.yamlfile import load

    document, _ = load(text.encode("utf-8"), "charter.yaml")
    return Charter.model_validate(document.data)


def contract_charter(*, review: str | None = None, launch: dict | None = None, **cadence: object):
    """The contract example with cadence keys changed (None removes a key), a launch and a review date."""
    from copkit.model import Charter
    from copkit.yamlfile import load

    data = load(CONTRACT_EXAMPLE.encode("utf-8"), "charter.yaml")[0].data
    for key, value in cadence.items():
        if value is None:
            data["cadence"].pop(key, None)
        else:
            data["cadence"][key] = value
    if launch is not None:
        data["launch"] = launch
    if review is not None:
        data["review_date"] = review
    return Charter.model_validate(data)


def charter_of(path: Path):
    """The charter in a file that must be valid."""
    from copkit.checking import check_file

    result = check_file(path, today=TODAY)
    assert result.charter is not None, result.problems
    return result.charter


# --- Fixtures for the rule tests: the shared charter and where a text sits in it -----------------


@pytest.fixture
def contract_example() -> str:
    """The contract's example charter, valid and free of warnings on ``TODAY``."""
    return CONTRACT_EXAMPLE


@pytest.fixture
def today() -> date:
    """The frozen "today" every date-dependent test checks on."""
    return TODAY


@pytest.fixture
def edit():
    """:func:`replace` as a fixture: ``edit(text, old, new)`` replaces ``old`` once, or fails."""
    return replace


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` starts in ``text``; it must occur exactly once."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.fixture
def locate():
    """``locate(text, needle)``: the (line, column) of the one place ``needle`` is written in ``text``,
    so a test names what a diagnostic points at instead of counting a fixture's lines."""
    return position_of
