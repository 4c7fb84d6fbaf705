"""Shared fixtures: a valid charter as the contract shows it, a frozen today, a CLI runner, helpers that
make charters, and the helpers the `copkit init` tests share.

Tests take these as fixture arguments; none imports this module. The module-level names CONTRACT_EXAMPLE,
TODAY and replace stay for test_rules.py until it takes fixtures too."""

from __future__ import annotations

import copy
import os
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

# Every date-dependent behaviour takes "today" as a parameter; tests pin it here.
TODAY = date(2026, 11, 24)

# The example of ../shared/charter-format.md, which must pass as written. Kept in a file of its own so a
# test module that needs it at import time (in a parametrize list or a strategy) reads it from there.
CONTRACT_EXAMPLE = (Path(__file__).parent / "contract-example.yaml").read_text(encoding="utf-8")


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


# --- shared values and helpers, as fixtures --------------------------------------------------------
# Session-scoped where they hold no state, so Hypothesis tests may take them too.


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an English locale: copkit speaks the environment's language, so a developer
    whose locale is Dutch would otherwise see Dutch where the tests expect English. Tests about the
    language pass their own LANG."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test starts with an empty cache of made PDFs (copkit.pdf), never the developer's own."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's root folder."""
    return REPO


@pytest.fixture(scope="session")
def examples() -> Path:
    """The folder of example charters, every one valid."""
    return EXAMPLES


@pytest.fixture(scope="session")
def today() -> date:
    """The frozen "today" every date-dependent test runs on."""
    return TODAY


@pytest.fixture(scope="session")
def contract_example() -> str:
    """The valid charter text of ../shared/charter-format.md."""
    return CONTRACT_EXAMPLE


@pytest.fixture(name="replace", scope="session")
def replace_fixture():
    """``replace(text, old, new)``: ``text`` with ``old`` replaced once, failing when ``old`` is not there."""
    return replace


@pytest.fixture(scope="session")
def charter_from():
    """``charter_from(text=CONTRACT_EXAMPLE)``: the charter a YAML text holds, read as copkit reads a file."""
    from copkit.model import Charter
    from copkit.yamlfile import load

    def _charter_from(text: str = CONTRACT_EXAMPLE) -> Charter:
        document, _ = load(text.encode("utf-8"), "charter.yaml")
        return Charter.model_validate(document.data)

    return _charter_from


@pytest.fixture(scope="session")
def contract_charter():
    """``contract_charter(review=, launch=, **cadence)``: the contract example with cadence keys changed
    (None removes a key), a launch and a review date."""
    from copkit.model import Charter
    from copkit.yamlfile import load

    def _contract_charter(*, review: str | None = None, launch: dict | None = None, **cadence: object) -> Charter:
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

    return _contract_charter


@pytest.fixture(scope="session")
def charter_of(today):
    """``charter_of(path)``: the charter in a file that must be valid (checked on today)."""
    from copkit.checking import check_file

    def _charter_of(path: Path):
        result = check_file(path, today=today)
        assert result.charter is not None, result.problems
        return result.charter

    return _charter_of


# --- `copkit init` and the charter file it writes: shared by test_interview, test_init_command and
# test_charter_file ---------------------------------------------------------------------------------

# The first line of every charter file init writes: the editor's schema hint.
SCHEMA_LINE = "# yaml-language-server: $schema=charter.schema.json"
# The order of ../shared/charter-format.md's table, which the file keeps.
CONTRACT_ORDER = [
    "copkit",
    "name",
    "language",
    "phase",
    "domain",
    "purpose",
    "values",
    "ambitions",
    "cadence",
    "roles",
    "membership",
    "tooling",
    "evaluation_criteria",
    "review_date",
    "launch",
]

# Every answer of an English interview, in the order the questions come, with what each one tests.
ENGLISH_SCRIPT = [
    "",  # name: an empty answer to a required question is asked again
    "   ",  # only spaces: "Please give an answer."
    "  Team: A  ",  # a colon; surrounding spaces are dropped
    "Testing \"quoted\" and 'single'",  # domain: both kinds of quotes
    "yes",  # purpose statement: YAML 1.1 would read a bare yes as true
    "sharing",  # main goal: not one of the choices
    "Problem-Solving",  # choices are read whatever their case
    "members only",  # membership: not a choice
    "closed",
    "",  # admission is required when closed: asked again
    "By invitation: ask the leader",
    "#general",  # how to join: a '#' would start a comment
    "",  # value 1 left empty: at least one, please
    "12:30",  # value 1: YAML 1.1 would read it as the number 750
    "We start on time, 12:30 sharp",  # its behaviour
    "Openheid — één 🎉",  # value 2: accents, a dash and an emoji, no behaviour
    "",
    "",  # no more values
    "'single'",  # ambitions
    '"quoted"',
    "- not a list item",
    "",
    "daily",  # frequency: not a choice
    "monthly",
    "fifth",  # week of the month: not a choice
    "last",
    "someday",  # weekday: not a choice
    "thursday",
    "12.30",  # time: a dot, not a colon
    "25:00",  # time: no such hour
    "09:05",
    "10",  # minutes: too short
    "90",
    "in person",  # mode: not a choice
    "in-person",
    "Room 1.02 & *the* café",  # location
    "Mars/Olympus",  # not an IANA time zone
    "Europe/Amsterdam",
    "no",  # sponsor: a bare no
    "Zoë Ñúñez 😀",  # leader
    "150",  # share of working time: over 100
    "12.5%",
    "",  # coach: still open
    "~",  # coordinator: YAML's null
    "#general",  # tool 1
    "on",  # its purpose: a bare on
    "@here & !tag",  # tool 2, no purpose
    "",
    "",  # no more tools
    "Participation: members",  # criterion 1
    "010",  # its measure: not the octal number 8
    "60%",  # its target
    "null",  # criterion 2, no measure, no target
    "",
    "",
    "",  # no more criteria
    "2027-02-30",  # review date: no such day
    "31/12/2027",  # review date: day first
    "2027-12-31",
    "2026-11-01",  # launch date: before today
    "2028-01-15",  # after the review date: a warning, and accepted
    "",  # its time: the cadence's
    "",  # its place: the cadence's
    "20",  # minutes: too short for a launch
    "45",  # shorter than a launch should be: a warning, and accepted
]

# What the English script's file reads back as.
ENGLISH_ANSWERS = {
    "copkit": 1,
    "name": "Team: A",
    "language": "en",
    "phase": "start-up",
    "domain": "Testing \"quoted\" and 'single'",
    "purpose": {"statement": "yes", "focus": "problem-solving"},
    "values": [{"value": "12:30", "behaviour": "We start on time, 12:30 sharp"}, {"value": "Openheid — één 🎉"}],
    "ambitions": ["'single'", '"quoted"', "- not a list item"],
    "cadence": {
        "frequency": "monthly",
        "week": "last",
        "weekday": "thursday",
        "time": "09:05",
        "duration_minutes": 90,
        "mode": "in-person",
        "location": "Room 1.02 & *the* café",
        "timezone": "Europe/Amsterdam",
    },
    "roles": {
        "sponsor": {"name": "no"},
        "leader": {"name": "Zoë Ñúñez 😀", "time_percent": 12.5},
        "coordinator": {"name": "~"},
    },
    "membership": {"access": "closed", "admission": "By invitation: ask the leader", "how_to_join": "#general"},
    "tooling": [{"name": "#general", "purpose": "on"}, {"name": "@here & !tag"}],
    "evaluation_criteria": [
        {"criterion": "Participation: members", "measure": "010", "target": "60%"},
        {"criterion": "null"},
    ],
    "review_date": "2027-12-31",
    "launch": {"date": "2028-01-15", "time": "09:05", "location": "Room 1.02 & *the* café", "duration_minutes": 45},
}


@pytest.fixture(scope="session")
def schema_line() -> str:
    """The first line of every charter file init writes: the editor's schema hint."""
    return SCHEMA_LINE


@pytest.fixture(scope="session")
def contract_order() -> list[str]:
    """The top-level keys in the order of ../shared/charter-format.md's table, which a written file keeps."""
    return list(CONTRACT_ORDER)


@pytest.fixture
def english_script() -> list[str]:
    """Every answer of an English interview, invalid ones included, in the order the questions come."""
    return list(ENGLISH_SCRIPT)


@pytest.fixture
def english_answers() -> dict[str, Any]:
    """What the English script's charter file reads back as."""
    return copy.deepcopy(ENGLISH_ANSWERS)


@pytest.fixture(scope="session")
def frozen() -> list[str]:
    """The command-line option that pins copkit's today to TODAY."""
    return ["--today", TODAY.isoformat()]


@pytest.fixture
def terminal(monkeypatch):
    """Make `copkit init` believe its input is a terminal, so the runner's input answers the interview."""
    import copkit.cli.init
    import copkit.interview

    monkeypatch.setattr(copkit.cli.init, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(copkit.interview, "system_time_zone", lambda: "Europe/Brussels")  # whatever the machine's


@pytest.fixture(scope="session")
def init(frozen):
    """``init(runner, path, *args, input=, env=)``: `copkit init path` on the frozen today, through the
    runner, on a system in Europe/Brussels unless ``env`` sets another TZ (the draft takes the system's zone)."""
    from copkit.cli import app

    def _init(runner, path: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None):
        env = {"TZ": "Europe/Brussels", **(env or {})}
        result = runner.invoke(app, ["init", str(path), *frozen, *args], input=input, env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return _init


@pytest.fixture(scope="session")
def typed():
    """``typed(answers)``: the answers as typed at the prompts, Enter after each."""

    def _typed(answers: list[str]) -> str:
        return "".join(f"{answer}\n" for answer in answers)

    return _typed


@pytest.fixture(scope="session")
def check(frozen):
    """``check(runner, path)``: `copkit check` on ``path`` through the CLI, as a coach runs it after init."""
    from copkit.cli import app

    def _check(runner, path: Path):
        result = runner.invoke(app, ["check", *frozen, str(path)], env={"GITHUB_ACTIONS": "", "NO_COLOR": ""})
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return _check


@pytest.fixture(scope="session")
def read_back():
    """``read_back(path)``: the file as copkit reads it: the plain values, and the charter they make."""
    from copkit.model import Charter
    from copkit.yamlfile import load

    def _read_back(path: Path) -> tuple[dict[str, Any], Charter]:
        document, _ = load(path.read_bytes(), str(path))
        assert not document.problems, document.problems
        return document.data, Charter.model_validate(document.data)

    return _read_back


@pytest.fixture(scope="session")
def as_written():
    """``as_written(answers)``: what the file must read back as: the answers without the ones left empty
    (None), times and dates as the text the loader keeps (the model parses them), and the format version first."""

    def _as_written(answers: Any) -> Any:
        if isinstance(answers, dict):
            shown = {key: _as_written(value) for key, value in answers.items() if value is not None}
            return {"copkit": 1, **shown} if "review_date" in answers else shown
        if isinstance(answers, list):
            return [_as_written(item) for item in answers]
        if isinstance(answers, time):
            return answers.strftime("%H:%M")
        if isinstance(answers, date):
            return answers.isoformat()
        return answers

    return _as_written


@pytest.fixture(scope="session")
def leftovers():
    """``leftovers(folder, *expected)``: files in ``folder`` other than ``expected``; a temporary file left
    behind would show here."""

    def _leftovers(folder: Path, *expected: str) -> list[str]:
        return sorted(name for name in os.listdir(folder) if name not in expected)

    return _leftovers


@pytest.fixture(scope="session")
def comments():
    """``comments(text)``: the comment lines of a charter file's text."""

    def _comments(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("#")]

    return _comments


# --- where a text sits in a charter, for the rule tests ------------------------------------------


@pytest.fixture(scope="session")
def edit():
    """:func:`replace` under the name the rule tests use: ``edit(text, old, new)`` replaces ``old`` once, or fails."""
    return replace


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` starts in ``text``; it must occur exactly once."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.fixture(scope="session")
def locate():
    """``locate(text, needle)``: the (line, column) of the one place ``needle`` is written in ``text``,
    so a test names what a diagnostic points at instead of counting a fixture's lines."""
    return position_of
