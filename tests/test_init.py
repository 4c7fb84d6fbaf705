"""`copkit init`: the interview through Typer's runner and in a real terminal (tmux), the commented
draft, the refusal to overwrite, and answers that read back exactly as they were typed."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import copkit.cli.init
from copkit.checking import check_file
from copkit.cli import app
from copkit.charter_file import default_review_date, example as draft_example, shown_filename, write_charter, yaml_scalar
from copkit.interview import Interview
from copkit.model import Charter, time_zone
from copkit.yamlfile import load

from conftest import TODAY

FROZEN = ["--today", TODAY.isoformat()]
DEFAULT_REVIEW = "2027-05-25"  # six months after TODAY, 2026-11-24
SCHEMA_LINE = "# yaml-language-server: $schema=charter.schema.json"
# The order of ../shared/charter-format.md's table, which the file keeps.
CONTRACT_ORDER = [
    "copkit", "name", "language", "phase", "domain", "purpose", "values", "ambitions", "cadence", "roles",
    "membership", "tooling", "evaluation_criteria", "review_date", "launch",
]
FOCUS = ("knowledge-sharing", "problem-solving", "innovation")


# --- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    """Make `copkit init` believe its input is a terminal, so the runner's input answers the interview."""
    monkeypatch.setattr(copkit.cli.init, "stdin_is_terminal", lambda: True)


def init(runner, path: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None):
    result = runner.invoke(app, ["init", str(path), *FROZEN, *args], input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def typed(answers: list[str]) -> str:
    """The answers as typed at the prompts, Enter after each."""
    return "".join(f"{answer}\n" for answer in answers)


def check(runner, path: Path):
    """`copkit check` on ``path`` through the CLI, as a coach runs it after init."""
    result = runner.invoke(app, ["check", *FROZEN, str(path)], env={"GITHUB_ACTIONS": "", "NO_COLOR": ""})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def read_back(path: Path) -> tuple[dict[str, Any], Charter]:
    """The file as copkit reads it: the plain values, and the charter they make."""
    document, _ = load(path.read_bytes(), str(path))
    assert not document.problems, document.problems
    return document.data, Charter.model_validate(document.data)


def as_written(answers: Any) -> Any:
    """What the file must read back as: the answers without the ones left empty (None), times and
    dates as the text the loader keeps (the model parses them), and the format version first."""
    if isinstance(answers, dict):
        shown = {key: as_written(value) for key, value in answers.items() if value is not None}
        return {"copkit": 1, **shown} if "review_date" in answers else shown
    if isinstance(answers, list):
        return [as_written(item) for item in answers]
    if isinstance(answers, time):
        return answers.strftime("%H:%M")
    if isinstance(answers, date):
        return answers.isoformat()
    return answers


def top_level_keys(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()]


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def leftovers(folder: Path, *expected: str) -> list[str]:
    """Files in ``folder`` other than ``expected``: a temporary file left behind would show here."""
    return sorted(name for name in os.listdir(folder) if name not in expected)


# --- the interview, in English and in Dutch ----------------------------------------------------------

# Every answer, in the order the questions come, with what each one tests.
ENGLISH_SCRIPT = [
    "",                                 # name: an empty answer to a required question is asked again
    "   ",                              # only spaces: "Please give an answer."
    "  Team: A  ",                      # a colon; surrounding spaces are dropped
    "Testing \"quoted\" and 'single'",  # domain: both kinds of quotes
    "yes",                              # purpose statement: YAML 1.1 would read a bare yes as true
    "sharing",                          # main goal: not one of the choices
    "Problem-Solving",                  # choices are read whatever their case
    "members only",                     # membership: not a choice
    "closed",
    "",                                 # admission is required when closed: asked again
    "By invitation: ask the leader",
    "#general",                         # how to join: a '#' would start a comment
    "",                                 # value 1 left empty: at least one, please
    "12:30",                            # value 1: YAML 1.1 would read it as the number 750
    "We start on time, 12:30 sharp",    # its behaviour
    "Openheid — één 🎉",                # value 2: accents, a dash and an emoji, no behaviour
    "",
    "",                                 # no more values
    "'single'",                         # ambitions
    '"quoted"',
    "- not a list item",
    "",
    "daily",                            # frequency: not a choice
    "monthly",
    "fifth",                            # week of the month: not a choice
    "last",
    "someday",                          # weekday: not a choice
    "thursday",
    "12.30",                            # time: a dot, not a colon
    "25:00",                            # time: no such hour
    "09:05",
    "10",                               # minutes: too short
    "90",
    "in person",                        # mode: not a choice
    "in-person",
    "Room 1.02 & *the* café",           # location
    "Mars/Olympus",                     # not an IANA time zone
    "Europe/Amsterdam",
    "no",                               # sponsor: a bare no
    "Zoë Ñúñez 😀",                     # leader
    "150",                              # share of working time: over 100
    "12.5%",
    "",                                 # coach: still open
    "~",                                # coordinator: YAML's null
    "#general",                         # tool 1
    "on",                               # its purpose: a bare on
    "@here & !tag",                     # tool 2, no purpose
    "",
    "",                                 # no more tools
    "Participation: members",           # criterion 1
    "010",                              # its measure: not the octal number 8
    "60%",                              # its target
    "null",                             # criterion 2, no measure, no target
    "",
    "",
    "",                                 # no more criteria
    "2027-02-30",                       # review date: no such day
    "31/12/2027",                       # review date: day first
    "2027-12-31",
]

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
        "frequency": "monthly", "week": "last", "weekday": "thursday", "time": "09:05", "duration_minutes": 90,
        "mode": "in-person", "location": "Room 1.02 & *the* café", "timezone": "Europe/Amsterdam",
    },
    "roles": {"sponsor": {"name": "no"}, "leader": {"name": "Zoë Ñúñez 😀", "time_percent": 12.5}, "coordinator": {"name": "~"}},
    "membership": {"access": "closed", "admission": "By invitation: ask the leader", "how_to_join": "#general"},
    "tooling": [{"name": "#general", "purpose": "on"}, {"name": "@here & !tag"}],
    "evaluation_criteria": [{"criterion": "Participation: members", "measure": "010", "target": "60%"}, {"criterion": "null"}],
    "review_date": "2027-12-31",
}


def test_the_interview_in_english_asks_again_until_each_answer_is_valid(runner, tmp_path, terminal):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--lang", "en", input=typed(ENGLISH_SCRIPT))
    assert result.exit_code == 0, result.output
    out = result.output

    # the steps, the five exploratory questions as help before the purpose, examples of criteria
    assert out.index("Step 1: the purpose.") < out.index("Questions that help: Which topics and challenges")
    assert out.index("What would make a colleague decide to join?") < out.index("Purpose statement: ")
    assert "Step 2: membership." in out and "Step 3: how the community will work." in out
    assert "Evaluation criteria, for example participation, output, use of tools or member satisfaction." in out
    # defaults are shown
    for shown in ("Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]: ",
                  "Membership (open, closed) [open]: ", "At what time? (HH:MM) [12:30]: ", "How many minutes? [60]: ",
                  "In person, online or hybrid? (in-person, online, hybrid) [hybrid]: ", "Time zone [Europe/Brussels]: ",
                  "Share of working time for leading (%) [15]: ", f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]: "):
        assert shown in out, shown

    # every invalid answer is asked again, with the reason
    asked = {
        "Name of the community: ": 3,
        "Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]: ": 2,
        "Membership (open, closed) [open]: ": 2,
        "How are new members selected?: ": 2,
        "Value 1: ": 2,
        "How often do you meet? (weekly, biweekly, monthly, quarterly) [monthly]: ": 2,
        "Which week of the month? (first, second, third, fourth, last) [first]: ": 2,
        "On which weekday? (monday, tuesday, wednesday, thursday, friday) [tuesday]: ": 2,
        "At what time? (HH:MM) [12:30]: ": 3,
        "How many minutes? [60]: ": 2,
        "In person, online or hybrid? (in-person, online, hybrid) [hybrid]: ": 2,
        "Time zone [Europe/Brussels]: ": 2,
        "Share of working time for leading (%) [15]: ": 2,
        f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]: ": 3,
        "Purpose statement: ": 1,
        "Ambition 4: ": 1,
    }
    assert {prompt: out.count(prompt) for prompt in asked} == asked
    said = {
        "Please give an answer.": 1,
        "At least one, please.": 1,
        "Choose one of: knowledge-sharing, problem-solving, innovation": 1,
        "Choose one of: open, closed": 1,
        "Choose one of: weekly, biweekly, monthly, quarterly": 1,
        "Choose one of: first, second, third, fourth, last": 1,
        "Choose one of: monday, tuesday, wednesday, thursday, friday": 1,
        "Write a time as HH:MM, 24-hour, e.g. 12:30.": 2,
        "Give a number of minutes from 15 to 480.": 1,
        "Choose one of: in-person, online, hybrid": 1,
        "Give an IANA time zone such as Europe/Brussels.": 1,
        "Give a percentage from 0 to 100.": 1,
        "Write a date as YYYY-MM-DD, e.g. 2027-06-30.": 2,
    }
    assert {message: out.count(message) for message in said} == said
    assert f"Wrote {path}. Check it with: copkit check {path}" in result.stdout

    # the file holds exactly what was typed, and copkit reads it as the charter meant
    data, charter = read_back(path)
    assert data == ENGLISH_ANSWERS
    assert list(data) == [key for key in CONTRACT_ORDER if key in data]
    assert charter.name == "Team: A" and charter.purpose.statement == "yes"
    assert charter.cadence.time == time(9, 5) and charter.review_date == date(2027, 12, 31)
    assert charter.roles.leader[0].time_percent == 12.5 and charter.roles.sponsor[0].name == "no"
    assert [value.behaviour for value in charter.values] == ["We start on time, 12:30 sharp", None]
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "name: 'Team: A'\n" in text and "  how_to_join: '#general'\n" in text  # quoted, and still one line each

    checked = check(runner, path)
    assert checked.exit_code == 0, checked.output
    assert leftovers(tmp_path, "charter.yaml") == []


DUTCH_SCRIPT = [
    "Testautomatisering",
    "",                                                # geen domein
    "Samen betere geautomatiseerde tests schrijven",
    "",                                                # hoofddoel: de standaard
    "gesloten",                                        # geen van de keuzes
    "closed",
    "Op voorstel van de kerngroep",
    "Stuur een bericht in het Teams-kanaal",
    "Openheid",
    "We delen mislukkingen even graag als successen",
    "Vertrouwen",
    "",
    "",
    "Een gedeelde checklist tegen onstabiele tests",
    "Eén dashboard voor álle pipelines",
    "",
    "tweewekelijks",                                   # geen van de keuzes
    "biweekly",
    "donderdag",                                       # geen van de keuzes
    "thursday",
    "12u30",                                           # geen tijdstip
    "12:30",
    "",                                                # 60 minuten
    "",                                                # hybride
    "Vergaderzaal Schelde / Teams",
    "Brussel",                                         # geen IANA-tijdzone
    "",                                                # Europe/Brussels
    "An Peeters",
    "Jonas Maes",
    "",                                                # 15 %
    "Sara De Smet",
    "",                                                # nog geen coördinator
    "Teams-kanaal Testautomatisering",
    "dagelijkse vragen en aankondigingen",
    "",
    "Deelname",
    "aandeel leden dat minstens één sessie per kwartaal bijwoont",
    "60%",
    "",
    "31-03-2027",                                      # dag eerst
    "",                                                # de standaard reviewdatum
]

DUTCH_ANSWERS = {
    "copkit": 1,
    "name": "Testautomatisering",
    "language": "nl",
    "phase": "start-up",
    "purpose": {"statement": "Samen betere geautomatiseerde tests schrijven", "focus": "knowledge-sharing"},
    "values": [{"value": "Openheid", "behaviour": "We delen mislukkingen even graag als successen"}, {"value": "Vertrouwen"}],
    "ambitions": ["Een gedeelde checklist tegen onstabiele tests", "Eén dashboard voor álle pipelines"],
    "cadence": {
        "frequency": "biweekly", "weekday": "thursday", "time": "12:30", "duration_minutes": 60, "mode": "hybrid",
        "location": "Vergaderzaal Schelde / Teams", "timezone": "Europe/Brussels",
    },
    "roles": {"sponsor": {"name": "An Peeters"}, "leader": {"name": "Jonas Maes", "time_percent": 15}, "coach": {"name": "Sara De Smet"}},
    "membership": {"access": "closed", "admission": "Op voorstel van de kerngroep", "how_to_join": "Stuur een bericht in het Teams-kanaal"},
    "tooling": [{"name": "Teams-kanaal Testautomatisering", "purpose": "dagelijkse vragen en aankondigingen"}],
    "evaluation_criteria": [
        {"criterion": "Deelname", "measure": "aandeel leden dat minstens één sessie per kwartaal bijwoont", "target": "60%"}
    ],
    "review_date": DEFAULT_REVIEW,
}


def test_the_interview_in_dutch_asks_in_dutch_and_comments_in_dutch(runner, tmp_path, terminal):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--lang", "nl", input=typed(DUTCH_SCRIPT))
    assert result.exit_code == 0, result.output
    out = result.output
    for dutch in ("Stap 1: het doel.", "Naam van de community: ", "Vragen die helpen: Aan welke onderwerpen",
                  "Doelomschrijving: ", "Stap 2: lidmaatschap.", "Hoe worden nieuwe leden geselecteerd?: ",
                  "Waarde 1: ", "Ambitie 2: ", "Hoe laat? (UU:MM) [12:30]: ", "Tijdzone [Europe/Brussels]: ",
                  "Rollen: een community heeft minstens een leider en een coach nodig.",
                  f"Reviewdatum (JJJJ-MM-DD) [{DEFAULT_REVIEW}]: ",
                  f"{path} geschreven. Controleer het met: copkit check {path}"):
        assert dutch in out, dutch
    said = {
        "Kies uit: open, closed": 1,
        "Kies uit: weekly, biweekly, monthly, quarterly": 1,
        "Kies uit: monday, tuesday, wednesday, thursday, friday": 1,
        "Schrijf een tijdstip als UU:MM, op 24 uur, bv. 12:30.": 1,
        "Geef een IANA-tijdzone, zoals Europe/Brussels.": 1,
        "Schrijf een datum als JJJJ-MM-DD, bv. 2027-06-30.": 1,
    }
    assert {message: out.count(message) for message in said} == said
    assert "Welke week van de maand?" not in out  # only asked for monthly and quarterly rhythms
    for english in ("Step 1", "Name of the community", "Choose one of", "Write a time", "Wrote "):
        assert english not in out, english

    data, charter = read_back(path)
    assert data == DUTCH_ANSWERS
    assert charter.language == "nl" and charter.review_date == default_review_date(TODAY)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "# Het charter van een community of practice: waarvoor ze er is en hoe ze werkt." in comments(text)
    assert "# Lidmaatschap: open voor iedereen, of gesloten met een transparante manier om leden te selecteren." in text
    assert check(runner, path).exit_code == 0


def test_the_language_follows_the_system_when_not_given(runner, tmp_path):
    dutch = init(runner, tmp_path / "nl.yaml", "--no-input", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_BE.UTF-8"})
    english = init(runner, tmp_path / "en.yaml", "--no-input", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"})
    assert dutch.exit_code == english.exit_code == 0
    assert read_back(tmp_path / "nl.yaml")[1].language == "nl"
    assert read_back(tmp_path / "en.yaml")[1].language == "en"


# --- stopping half-way leaves nothing ----------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 1, 13, 40, len(ENGLISH_SCRIPT) - 1])
def test_end_of_input_during_the_interview_writes_nothing(runner, tmp_path, terminal, answered):
    result = init(runner, tmp_path / "charter.yaml", "--lang", "en", input=typed(ENGLISH_SCRIPT[:answered]))
    assert result.exit_code == 1
    assert "Stopped: nothing written." in result.stderr
    assert "Wrote" not in result.output
    assert leftovers(tmp_path) == []


def test_ctrl_c_at_a_question_writes_nothing(runner, tmp_path, terminal, monkeypatch):
    """Ctrl-C while a question waits: the runner's input runs out and the coach presses Ctrl-C there."""
    run = Interview.run

    def run_until_ctrl_c(self):
        # typer.prompt reads through its module's visible_prompt_func, which the runner has just set;
        # the runner puts its own back when the command ends
        termui = sys.modules[typer.prompt.__module__]
        given = termui.visible_prompt_func

        def ctrl_c_when_input_runs_out(prompt: str = "") -> str:
            try:
                return given(prompt)
            except EOFError:
                raise KeyboardInterrupt from None

        monkeypatch.setattr(termui, "visible_prompt_func", ctrl_c_when_input_runs_out)
        return run(self)

    monkeypatch.setattr(Interview, "run", run_until_ctrl_c)
    result = init(runner, tmp_path / "charter.yaml", "--lang", "nl", input=typed(DUTCH_SCRIPT[:20]))
    assert result.exit_code == 1
    assert "Gestopt: niets geschreven." in result.stderr
    assert result.output.rstrip().endswith("Hoe laat? (UU:MM) [12:30]:\nGestopt: niets geschreven.")
    assert leftovers(tmp_path) == []


def test_ctrl_c_between_questions_writes_nothing(runner, tmp_path, terminal, monkeypatch):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Interview, "_roles", interrupted)
    result = init(runner, tmp_path / "charter.yaml", "--lang", "en", input=typed(ENGLISH_SCRIPT))
    assert result.exit_code == 1
    assert "Stopped: nothing written." in result.stderr
    assert leftovers(tmp_path) == []


# --- the commented draft ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_input_writes_a_commented_draft_that_passes_check(runner, tmp_path, lang):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--no-input", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert "Step 1" not in result.output and "Stap 1" not in result.output  # nothing was asked
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    keys = top_level_keys(text)
    assert keys == [key for key in CONTRACT_ORDER if key in keys]
    assert keys[:4] == ["copkit", "name", "language", "phase"] and keys[-1] == "review_date"
    assert f"# {'Check it with' if lang == 'en' else 'Controleer het met'}: copkit check charter.yaml" in text
    # a comment for every element, explaining it
    for key in ("name", "phase", "domain", "purpose", "values", "ambitions", "cadence", "roles", "membership",
                "tooling", "evaluation_criteria", "review_date"):
        before = text.split(f"\n{key}:", 1)[0].splitlines()[-1]
        assert before.startswith("# "), key

    data, charter = read_back(path)
    assert data == as_written(draft_example(lang, TODAY))
    assert charter.language == lang and charter.review_date == date(2027, 5, 25)
    checked = check(runner, path)
    assert checked.exit_code == 0, checked.output
    assert leftovers(tmp_path, "charter.yaml") == []


def test_the_dutch_draft_is_commented_and_filled_in_dutch(runner, tmp_path):
    init(runner, tmp_path / "en.yaml", "--no-input", "--lang", "en")
    init(runner, tmp_path / "nl.yaml", "--no-input", "--lang", "nl")
    english, dutch = ((tmp_path / f"{lang}.yaml").read_text(encoding="utf-8") for lang in ("en", "nl"))
    assert len(comments(dutch)) == len(comments(english)) > 15
    # every comment but the editor's schema line is translated
    assert set(comments(dutch)) & set(comments(english)) == {SCHEMA_LINE}
    assert "# Ritme: een vast moment, geblokkeerd in ieders agenda, houdt de vaart erin." in dutch
    assert "(10 tot 25 % van de werktijd)" in dutch  # the template's %% is one % in the file
    data, _ = read_back(tmp_path / "nl.yaml")
    assert data["name"] == "Onze community of practice"
    assert data["values"] == [{"value": "Openheid", "behaviour": "We delen wat mislukte even graag als wat lukte"}]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_without_a_terminal_the_draft_is_written_without_asking(runner, tmp_path, lang):
    # the runner's input is not a terminal: the answers below are never read
    asked = init(runner, tmp_path / "piped.yaml", "--lang", lang, input=typed(ENGLISH_SCRIPT))
    assert asked.exit_code == 0, asked.output
    assert "Step 1" not in asked.output and "Stap 1" not in asked.output
    init(runner, tmp_path / "piped-too.yaml", "--lang", lang, "--no-input")
    # the same draft as --no-input gives, but for the file's own name in its comment
    assert (tmp_path / "piped.yaml").read_text(encoding="utf-8").replace("piped.yaml", "NAME") == (
        tmp_path / "piped-too.yaml"
    ).read_text(encoding="utf-8").replace("piped-too.yaml", "NAME")
    assert check(runner, tmp_path / "piped.yaml").exit_code == 0


def test_no_input_asks_nothing_even_in_a_terminal(runner, tmp_path, terminal):
    result = init(runner, tmp_path / "charter.yaml", "--no-input", "--lang", "en", input="")
    assert result.exit_code == 0, result.output
    assert "Step 1" not in result.output
    assert read_back(tmp_path / "charter.yaml")[1].name == "Our community of practice"


@pytest.mark.parametrize(
    "name, shown",
    [
        ("my charter.yaml", "my charter.yaml"),
        ("line\nbreak.yaml", "line\\nbreak.yaml"),  # would end the comment and leave 'break.yaml' as YAML
        ("tab\there.yaml", "tab\\there.yaml"),
        ("next\u2028line.yaml", "next\\u2028line.yaml"),
        ("c\udc85d.yaml", "c\\x85d.yaml"),  # the byte 0x85, not UTF-8, as Python gives it from the file system
    ],
)
def test_any_file_name_gives_a_charter_that_reads(tmp_path, name, shown):
    """Regression: the file's name is shown in a comment, where a line break broke the YAML and a
    byte that is not UTF-8 crashed the writing."""
    path = tmp_path / name
    # as a coach's shell runs it, with the name's bytes as given (the runner's output refuses surrogates)
    done = subprocess.run([sys.executable, "-m", "copkit", "init", os.fsencode(path), "--no-input", "--lang", "en",
                           *FROZEN], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"# Check it with: copkit check {shown}\n" in path.read_text(encoding="utf-8")
    assert read_back(path)[1].name == "Our community of practice"
    assert check_file(path, today=TODAY).problems == []
    assert shown_filename(name) == shown


# --- never overwrite without --force ----------------------------------------------------------------

MINE = b"name: my own charter, which init must leave alone\n"


@pytest.mark.parametrize("lang, said", [
    ("en", "copkit: {path} exists; nothing written (use --force to replace it)"),
    ("nl", "copkit: {path} bestaat al; niets geschreven (gebruik --force om het te vervangen)"),
])
@pytest.mark.parametrize("how", [["--no-input"], []])
def test_an_existing_file_is_never_replaced_without_force(runner, tmp_path, terminal, lang, said, how):
    path = tmp_path / "charter.yaml"
    path.write_bytes(MINE)
    before = path.stat()
    result = init(runner, path, "--lang", lang, *how, input=typed(ENGLISH_SCRIPT))
    assert result.exit_code == 1
    assert said.format(path=path) in result.stderr
    assert "Step 1" not in result.output  # refused before asking anything
    assert path.read_bytes() == MINE and path.stat().st_mtime_ns == before.st_mtime_ns
    assert leftovers(tmp_path, "charter.yaml") == []


@pytest.mark.parametrize("how", [["--no-input"], []])
def test_force_replaces_an_existing_file(runner, tmp_path, terminal, how):
    path = tmp_path / "charter.yaml"
    path.write_bytes(MINE)
    result = init(runner, path, "--lang", "en", "--force", *how, input=typed(ENGLISH_SCRIPT))
    assert result.exit_code == 0, result.output
    data, _ = read_back(path)
    assert data == (as_written(draft_example("en", TODAY)) if how else ENGLISH_ANSWERS)
    assert leftovers(tmp_path, "charter.yaml") == []


def test_a_file_that_appears_during_the_interview_is_not_replaced(runner, tmp_path, terminal, monkeypatch):
    """The check before the interview is not enough: the file is linked into place, never renamed over one."""
    path = tmp_path / "charter.yaml"
    run = Interview.run

    def someone_else_writes_it_meanwhile(self):
        answers = run(self)
        path.write_bytes(MINE)
        return answers

    monkeypatch.setattr(Interview, "run", someone_else_writes_it_meanwhile)
    result = init(runner, path, "--lang", "en", input=typed(ENGLISH_SCRIPT))
    assert result.exit_code == 1
    assert f"copkit: {path} exists; nothing written" in result.stderr
    assert path.read_bytes() == MINE
    assert leftovers(tmp_path, "charter.yaml") == []


# --- the real terminal -----------------------------------------------------------------------------

TMUX = shutil.which("tmux")


class Tmux:
    """One detached tmux session on a private server, driven like a coach at a keyboard."""

    def __init__(self, command: list[str], cwd: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="copkit-tmux-"))  # short: a socket path has a length limit
        self.socket = str(self.folder / "socket")
        # the shell outlives the command, so its exit status stays on screen; it lets Ctrl-C reach the
        # command without being stopped by it (a trap, unlike an ignored signal, is not inherited)
        shell = f"trap : INT; {shlex.join(command)}; echo \"[exit $?]\"; sleep 600"
        self.tmux("new-session", "-d", "-s", "init", "-x", "200", "-y", "50", "-c", str(cwd), shell)

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-S", self.socket, *args], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        """Everything shown so far, scrolled-off lines too, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "init")

    def last_line(self) -> str:
        lines = [line.rstrip() for line in self.screen().splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def wait(self, last_line: str, timeout: float = 30) -> None:
        """Until the last line on screen is ``last_line``: the question asked and waiting."""
        deadline = clock.monotonic() + timeout
        while self.last_line() != last_line.rstrip():
            if clock.monotonic() > deadline:
                pytest.fail(f"waited {timeout}s for {last_line!r}; the screen shows:\n{self.screen()}")
            clock.sleep(0.05)

    def answer(self, prompt: str, text: str) -> None:
        self.wait(prompt)
        if text:
            self.tmux("send-keys", "-t", "init", "-l", text)
        self.tmux("send-keys", "-t", "init", "Enter")

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def tmux(tmp_path):
    if TMUX is None:
        pytest.skip("tmux is not installed: the interview in a real terminal is not tested")
    sessions: list[Tmux] = []

    def start(*args: str) -> Tmux:
        session = Tmux([sys.executable, "-m", "copkit", "init", *args, *FROZEN], tmp_path)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def test_the_interview_in_a_real_terminal(tmux, tmp_path):
    session = tmux("charter.yaml", "--lang", "en")
    session.answer("Name of the community:", "Team: A")
    session.answer("Its domain: the shared practice, broad yet concrete (optional):", "")
    session.answer("Purpose statement:", "#general")
    session.answer("Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]:", "sharing")
    session.answer("Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]:", "innovation")
    assert "Choose one of: knowledge-sharing, problem-solving, innovation" in session.screen()
    session.answer("Membership (open, closed) [open]:", "")
    session.answer("How can a colleague join? (optional):", "")
    session.answer("Value 1:", "yes")
    session.answer("What do members do because of it?:", "We say what we think")
    session.answer("Value 2:", "")
    session.answer("Ambition 1:", "12:30")
    session.answer("Ambition 2:", "")
    session.answer("How often do you meet? (weekly, biweekly, monthly, quarterly) [monthly]:", "")
    session.answer("Which week of the month? (first, second, third, fourth, last) [first]:", "")
    session.answer("On which weekday? (monday, tuesday, wednesday, thursday, friday) [tuesday]:", "")
    session.answer("At what time? (HH:MM) [12:30]:", "25:00")
    session.answer("At what time? (HH:MM) [12:30]:", "")
    assert "Write a time as HH:MM, 24-hour, e.g. 12:30." in session.screen()
    session.answer("How many minutes? [60]:", "")
    session.answer("In person, online or hybrid? (in-person, online, hybrid) [hybrid]:", "")
    session.answer("Where: a room, an address or a meeting link (optional):", "")
    session.answer("Time zone [Europe/Brussels]:", "")
    session.answer("Sponsor, who backs the community from management:", "")
    session.answer("Leader, who sets the agenda with members:", "Lea")
    session.answer("Share of working time for leading (%) [15]:", "")
    session.answer("Coach, who helps the community mature:", "Sam")
    session.answer("Coordinator, for invitations, rooms and the platform:", "")
    session.answer("Tool 1:", "Teams")
    session.answer("What for? (optional):", "")
    session.answer("Tool 2:", "")
    session.answer("Criterion 1:", "Participation")
    session.answer("How do you measure it? (optional):", "")
    session.answer("Target (optional):", "")
    session.answer("Criterion 2:", "")
    session.answer(f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]:", "")
    session.wait("[exit 0]")
    assert "Wrote charter.yaml. Check it with: copkit check charter.yaml" in session.screen()

    data, charter = read_back(tmp_path / "charter.yaml")
    assert (data["name"], data["purpose"], data["values"], data["ambitions"]) == (
        "Team: A", {"statement": "#general", "focus": "innovation"}, [{"value": "yes", "behaviour": "We say what we think"}],
        ["12:30"],
    )
    assert charter.cadence.time == time(12, 30) and charter.review_date == date(2027, 5, 25)
    assert [person.name for person in charter.roles.leader + charter.roles.coach] == ["Lea", "Sam"]


def test_ctrl_c_in_a_real_terminal_writes_nothing(tmux, tmp_path):
    session = tmux("charter.yaml", "--lang", "nl")
    session.answer("Naam van de community:", "Testautomatisering")
    session.wait("Het domein: de gedeelde praktijk, breed maar concreet (optioneel):")
    session.tmux("send-keys", "-t", "init", "C-c")
    session.wait("[exit 1]")
    assert "Gestopt: niets geschreven." in session.screen()
    assert leftovers(tmp_path) == []


# --- every answer reads back as typed ------------------------------------------------------------

# Texts YAML reads as something else when written plainly, and characters it treats specially.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "~", "null", "12:30", "1:30:00", "010", "0x1F", "0o17", "1e3", "1_000", ".inf",
    ".NaN", "2027-03-31", "Team: A", "#general", "a #b", "a: b", "- x", "? x", "[a, b]", "{a: b}", "&anchor",
    "*alias", "!tag", "|", ">", "%YAML", "@", "`", '"quoted"', "'single'", "'", '"', "\\", "é", "ë", "Ñ", "😀", "🇧🇪",
    "\t", "\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe", "---", "...", "<<",
    " ", "=", ",",
]
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))  # everything but lone surrogates, which no file can hold
RAW_TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), ANY_CHARACTER), max_size=8).map("".join) | st.text(ANY_CHARACTER)
# What the interview makes of a typed answer: surrounding white space dropped, an empty optional answer left out.
REQUIRED = RAW_TEXT.map(str.strip).filter(bool)
OPTIONAL = RAW_TEXT.map(lambda text: text.strip() or None)
ZONES = ("Europe/Brussels", "Europe/Amsterdam", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT-14")


def _examples(default: int) -> int:
    return int(os.environ.get("COPKIT_FUZZ_EXAMPLES") or default)


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
        "values": draw(st.lists(st.fixed_dictionaries({"value": REQUIRED, "behaviour": OPTIONAL}), min_size=1, max_size=3)),
        "ambitions": draw(st.lists(REQUIRED, min_size=1, max_size=3)),
        "cadence": {
            "frequency": frequency,
            "week": draw(st.sampled_from(("first", "second", "third", "fourth", "last"))) if frequency in ("monthly", "quarterly") else None,
            "weekday": draw(st.sampled_from(("monday", "tuesday", "wednesday", "thursday", "friday"))),
            "time": draw(st.builds(time, st.integers(0, 23), st.integers(0, 59))),
            "duration_minutes": draw(st.integers(15, 480)),
            "mode": draw(st.sampled_from(("in-person", "online", "hybrid"))),
            "location": draw(OPTIONAL),
            "timezone": draw(st.sampled_from(ZONES)),
        },
        "roles": roles,
        "membership": membership,
        "tooling": draw(st.lists(st.fixed_dictionaries({"name": REQUIRED, "purpose": OPTIONAL}), min_size=1, max_size=2)),
        "evaluation_criteria": draw(st.lists(
            st.fixed_dictionaries({"criterion": REQUIRED, "measure": OPTIONAL, "target": OPTIONAL}), min_size=1, max_size=2
        )),
        "review_date": draw(st.dates(date(2026, 11, 25), date(2027, 11, 24))),
    }


def with_everywhere(text: str) -> dict[str, Any]:
    """The English draft with ``text`` as every free-text answer: a regression example."""
    filled = draft_example("en", TODAY)
    filled.update(name=text, domain=text, purpose={"statement": text, "focus": "innovation"}, ambitions=[text, text])
    filled["values"] = [{"value": text, "behaviour": text}]
    filled["cadence"]["location"] = text
    filled["roles"] = {"leader": {"name": text, "time_percent": 33.333333}, "coach": {"name": text}}
    filled["membership"] = {"access": "closed", "admission": text, "how_to_join": text}
    filled["tooling"] = [{"name": text, "purpose": text}]
    filled["evaluation_criteria"] = [{"criterion": text, "measure": text, "target": text}]
    return filled


def assert_reads_back(text: str, answers: dict[str, Any], folder: Path) -> None:
    document, _ = load(text.encode("utf-8"), "charter.yaml")
    assert not document.problems, document.problems
    assert document.data == as_written(answers)
    assert list(document.data) == [key for key in CONTRACT_ORDER if key in document.data]
    assert Charter.model_validate(document.data) == Charter.model_validate(answers)
    path = folder / "charter.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, today=TODAY)
    assert result.errors == 0, result.problems


@settings(
    max_examples=_examples(150), deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(answers())
@example(with_everywhere("yes")).via("the issue's list")
@example(with_everywhere("12:30")).via("the issue's list")
@example(with_everywhere("Team: A")).via("the issue's list")
@example(with_everywhere("#general")).via("the issue's list")
@example(with_everywhere('"quoted"')).via("the issue's list")
@example(with_everywhere("'single'")).via("the issue's list")
@example(with_everywhere("Zoë, één, Ñúñez")).via("the issue's list")
@example(with_everywhere("🎉 Lean coffee ☕")).via("the issue's list")
@example(with_everywhere("line\x85break\u2028and\u2029more")).via("line breaks YAML knows, which must stay in one line")
@example(with_everywhere("\ufeff\x00\x1b")).via("characters YAML only writes escaped")
@example(with_everywhere("x" * 5000)).via("long enough that a line would be folded")
def test_any_answers_are_written_so_they_read_back_exactly(answers):
    text = write_charter(answers)
    assert text.splitlines()[0] == SCHEMA_LINE
    with tempfile.TemporaryDirectory() as folder:
        assert_reads_back(text, answers, Path(folder))


@pytest.mark.parametrize(
    "percent", [33.333333, 12.3456789, 0.1, 1e-07, 99.99999999999999, 15, 0, 100],
)
def test_a_share_of_working_time_reads_back_with_every_digit(percent):
    """Regression: written as f"{value:g}", 33.333333 read back as 33.3333, and 1e-07 as text."""
    answers = with_everywhere("Lea")
    answers["roles"]["leader"]["time_percent"] = percent
    document, _ = load(write_charter(answers).encode(), "charter.yaml")
    assert document.data["roles"]["leader"]["time_percent"] == percent
    assert type(document.data["roles"]["leader"]["time_percent"]) is not str


NO_LINE_BREAK = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"))


@settings(
    max_examples=_examples(25), deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(
    name=NO_LINE_BREAK.filter(str.strip), statement=NO_LINE_BREAK.filter(str.strip), domain=NO_LINE_BREAK,
    value=NO_LINE_BREAK.filter(str.strip), behaviour=NO_LINE_BREAK, location=NO_LINE_BREAK,
    leader=NO_LINE_BREAK.filter(str.strip), tool=NO_LINE_BREAK.filter(str.strip), target=NO_LINE_BREAK,
)
@example(name=" yes ", statement="Team: A", domain="#general", value='"quoted"', behaviour="'single'",
         location="12:30", leader="Zoë 😀", tool="~", target="60%").via("the issue's list")
def test_any_typed_answers_read_back_through_the_interview(name, statement, domain, value, behaviour, location,
                                                           leader, tool, target):
    script = [
        name, domain, statement, "", "", "", value, behaviour, "", "Ambition", "", "", "", "", "", "", "", location, "",
        "", leader, "", "", "", tool, "", "", "Participation", "", target, "", "",
    ]
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(copkit.cli.init, "stdin_is_terminal", lambda: True)
        path = Path(folder) / "charter.yaml"
        result = init(CliRunner(), path, "--lang", "en", input=typed(script))
        assert result.exit_code == 0, result.output
        data, charter = read_back(path)
        assert data["name"] == name.strip() and data["purpose"]["statement"] == statement.strip()
        assert data.get("domain") == (domain.strip() or None)
        assert data["values"] == [as_written({"value": value.strip(), "behaviour": behaviour.strip() or None})]
        assert data["cadence"].get("location") == (location.strip() or None)
        assert data["roles"] == {"leader": {"name": leader.strip(), "time_percent": 15}}
        assert data["tooling"] == [{"name": tool.strip()}]
        assert data["evaluation_criteria"] == [as_written({"criterion": "Participation", "target": target.strip() or None})]
        assert check_file(path, today=TODAY).errors == 0


@settings(max_examples=_examples(300), deadline=None)
@given(RAW_TEXT)
@example("0\r").via("a carriage return the model would strip, kept by the file")
@example(" padded ").via("surrounding spaces")
def test_one_scalar_is_one_line_that_reads_back_exactly(text):
    scalar = yaml_scalar(text)
    assert "\n" not in scalar and "\r" not in scalar
    document, _ = load(f"value: {scalar}\n".encode(), "x.yaml")
    assert not document.problems
    assert document.data == {"value": text}


def test_scalars_of_every_kind():
    assert yaml_scalar(time(9, 5)) == "09:05"
    assert yaml_scalar(date(2027, 3, 31)) == "2027-03-31"
    assert yaml_scalar(60) == "60"
    assert yaml_scalar(12.5) == "12.5"
    assert yaml_scalar("yes") == "'yes'"
    assert yaml_scalar("Team: A") == "'Team: A'"
    assert yaml_scalar("it's") == "it's"
    for wrong in (True, None):
        with pytest.raises(TypeError):
            yaml_scalar(wrong)


# --- answers to checked questions: a value, or the reason in the coach's language -------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
@settings(max_examples=_examples(200), deadline=None)
@given(answer=st.text(ANY_CHARACTER, max_size=12))
@example(answer="²").via("isdigit() yet not a number int() reads")
@example(answer="0000-01-01").via("a year no calendar has")
@example(answer="٦٠").via("Arabic-Indic digits")
@example(answer="Europe").via("a folder of time zones")
@example(answer="../../etc/passwd")
@example(answer="\x00")
@example(answer="nan")
@example(answer="inf")
def test_a_checked_answer_is_a_value_or_a_reason_in_the_coachs_language(lang, answer):
    interview = Interview(lang, TODAY, ask=lambda *a, **k: "", say=lambda text: None)
    _ = interview._
    checks = [
        (interview._date, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30."), lambda v: isinstance(v, date)),
        (interview._time, _("Write a time as HH:MM, 24-hour, e.g. 12:30."), lambda v: isinstance(v, time)),
        (interview._zone, _("Give an IANA time zone such as Europe/Brussels."), lambda v: time_zone(v) == v),
        (interview._minutes, _("Give a number of minutes from %(low)s to %(high)s.") % {"low": 15, "high": 480}, lambda v: type(v) is int and 15 <= v <= 480),
        (interview._percent, _("Give a percentage from %(low)s to %(high)s.") % {"low": 0, "high": 100}, lambda v: type(v) in (int, float) and 0 <= v <= 100),
    ]
    for parse, reason, fits in checks:
        try:
            value = parse(answer.strip())
        except ValueError as exc:
            assert str(exc) == reason
        else:
            assert fits(value), (parse.__name__, value)
    if lang == "nl":
        assert checks[3][1] == "Geef een aantal minuten van 15 tot 480."


def test_a_charter_with_every_role_still_open_reads_back_with_empty_roles():
    from copkit.charter_file import example, write_charter
    from copkit.yamlfile import load

    answers = example("en", date(2026, 11, 24)) | {"roles": {}}
    document, _ = load(write_charter(answers).encode("utf-8"), "c.yaml")
    assert document.data["roles"] == {}
