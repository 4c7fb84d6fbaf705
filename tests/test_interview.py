"""The `copkit init` interview: scripted answers in English and Dutch, each invalid answer asked again
with its reason in the coach's language, stopping half-way (end of input, Ctrl-C) writing nothing, the
interview in a real terminal (tmux), and typed answers that read back exactly as they were typed."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import time as clock
from datetime import date, time
from pathlib import Path

import pytest
import typer
from helpers import ANY_CHARACTER, fuzz_examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import copkit.cli.init
from copkit.charter_file import default_review_date
from copkit.checking import check_file
from copkit.interview import Interview, InvalidAnswer
from copkit.model import time_zone

DEFAULT_REVIEW = "2027-05-25"  # six months after conftest's today, 2026-11-24


# --- the interview, in English and in Dutch ----------------------------------------------------------


def test_the_interview_in_english_asks_again_until_each_answer_is_valid(
    runner,
    tmp_path,
    terminal,
    init,
    typed,
    check,
    read_back,
    leftovers,
    english_script,
    english_answers,
    schema_line,
    contract_order,
):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--lang", "en", input=typed(english_script))
    assert result.exit_code == 0, result.output
    out = result.output

    # the steps, the five exploratory questions as help before the purpose, examples of criteria
    assert out.index("Step 1: the purpose.") < out.index("Questions that help: Which topics and challenges")
    assert out.index("What would make a colleague decide to join?") < out.index("Purpose statement: ")
    assert "Step 2: membership." in out and "Step 3: how the community will work." in out
    assert "Evaluation criteria, for example participation, output, use of tools or member satisfaction." in out
    # defaults are shown
    for shown in (
        "Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]: ",
        "Membership (open, closed) [open]: ",
        "At what time? (HH:MM) [12:30]: ",
        "How many minutes? [60]: ",
        "In person, online or hybrid? (in-person, online, hybrid) [hybrid]: ",
        "Time zone [Europe/Brussels]: ",
        "Share of working time for leading (%) [15]: ",
        f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]: ",
    ):
        assert shown in out, shown

    # every invalid answer is asked again, with the reason
    asked = {
        "Name of the community: ": 3,
        "Main goal (knowledge-sharing, problem-solving, innovation) [knowledge-sharing]: ": 2,
        "Membership (open, closed) [open]: ": 2,
        "How are new members selected? ": 2,  # a question mark is not followed by a colon
        "Value 1: ": 2,
        "How often do you meet? (weekly, biweekly, monthly, quarterly) [monthly]: ": 2,
        "Which week of the month? (first, second, third, fourth, last) [first]: ": 2,
        "On which weekday? (monday, tuesday, wednesday, thursday, friday, saturday, sunday) [tuesday]: ": 2,
        "At what time? (HH:MM) [12:30]: ": 3,
        "How many minutes? [60]: ": 2,
        "In person, online or hybrid? (in-person, online, hybrid) [hybrid]: ": 2,
        "Time zone [Europe/Brussels]: ": 2,
        "Share of working time for leading (%) [15]: ": 2,
        f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]: ": 3,
        "Purpose statement: ": 1,
        "Ambition 4: ": 1,
        "Date of the launch (YYYY-MM-DD, optional): ": 2,
        "At what time does it start? (HH:MM) [09:05]: ": 1,
        "Where: a room, an address or a meeting link (optional) [Room 1.02 & *the* café]: ": 1,
        "How many minutes? [90]: ": 2,  # the launch, the cadence's length offered
    }
    assert {prompt: out.count(prompt) for prompt in asked} == asked
    said = {
        "Please answer: Name of the community": 2,  # an empty answer, then one of spaces only
        "Please answer: How are new members selected?": 1,
        "At least one, please.": 1,
        "Choose one of: knowledge-sharing, problem-solving, innovation": 1,
        "Choose one of: open, closed": 1,
        "Choose one of: weekly, biweekly, monthly, quarterly": 1,
        "Choose one of: first, second, third, fourth, last": 1,
        "Choose one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday": 1,
        "Write a time as HH:MM, 24-hour, e.g. 12:30.": 2,
        "Give a number of minutes from 30 to 480.": 2,
        "Choose one of: in-person, online, hybrid. Did you mean in-person?": 1,
        "Give an IANA time zone such as Europe/Brussels.": 1,
        "Give a percentage from 0 to 100.": 1,
        "2027-02-30 is not a date: February 2027 has 28 days.": 1,  # the model's own reasons
        "Write dates as YYYY-MM-DD: 2027-12-31, not 31/12/2027.": 1,
        "2026-11-01 is before today (2026-11-24): give the date of the launch ahead.": 1,
        # each answer that a coaching rule will warn about is said at once, with the rule's code
        "Note: copkit check will warn about this (W104): a community needs a coach who helps it mature.": 1,
        "(W108): a value shows in what members do: add the behaviour that goes with it.": 1,
        "(W111): without a measure and a target, the criterion cannot be judged at the review.": 1,
        "(W102): a review more than 12 months away lets the charter drift.": 1,
        "(W113): the first meeting comes before the review date: move one of them.": 1,
        "(W115): give the launch at least 60 minutes, with ample time to get to know each other.": 1,
        "(W107)": 0,  # 12.5 % is within the share the rule asks for
        "(W110)": 0,
    }
    assert {message: out.count(message) for message in said} == said
    assert f"Wrote {path}. Check it with: copkit check {path}" in result.stdout

    # the file holds exactly what was typed, and copkit reads it as the charter meant
    data, charter = read_back(path)
    assert data == english_answers
    assert list(data) == [key for key in contract_order if key in data]
    assert charter.name == "Team: A" and charter.purpose.statement == "yes"
    assert charter.cadence.time == time(9, 5) and charter.review_date == date(2027, 12, 31)
    assert charter.roles.leader[0].time_percent == 12.5 and charter.roles.sponsor[0].name == "no"
    assert [value.behaviour for value in charter.values] == ["We start on time, 12:30 sharp", None]
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line
    assert "name: 'Team: A'\n" in text and "  how_to_join: '#general'\n" in text  # quoted, and still one line each

    checked = check(runner, path)
    assert checked.exit_code == 0, checked.output
    assert leftovers(tmp_path, "charter.yaml") == []


DUTCH_SCRIPT = [
    "Testautomatisering",
    "",  # geen domein
    "Samen betere geautomatiseerde tests schrijven",
    "",  # hoofddoel: de standaard
    "geslotn",  # bijna gesloten: "bedoel je closed?"
    "gesloten",  # een Nederlands woord voor closed
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
    "tweewekelijks",  # een Nederlands woord voor biweekly
    "Donderdag",  # en voor thursday, in welke schrijfwijze ook
    "12u30",  # geen tijdstip
    "12:30",
    "",  # 60 minuten
    "",  # hybride
    "Vergaderzaal Schelde / Teams",
    "Brussel",  # geen IANA-tijdzone
    "",  # Europe/Brussels
    "An Peeters",
    "Jonas Maes",
    "",  # 15 %
    "Sara De Smet",
    "",  # nog geen coördinator
    "Teams-kanaal Testautomatisering",
    "dagelijkse vragen en aankondigingen",
    "",
    "Deelname",
    "aandeel leden dat minstens één sessie per kwartaal bijwoont",
    "60%",
    "",
    "31-03-2027",  # dag eerst
    "",  # de standaard reviewdatum
    "",  # nog geen datum voor de lancering
]

DUTCH_ANSWERS = {
    "copkit": 1,
    "name": "Testautomatisering",
    "language": "nl",
    "phase": "start-up",
    "purpose": {"statement": "Samen betere geautomatiseerde tests schrijven", "focus": "knowledge-sharing"},
    "values": [
        {"value": "Openheid", "behaviour": "We delen mislukkingen even graag als successen"},
        {"value": "Vertrouwen"},
    ],
    "ambitions": ["Een gedeelde checklist tegen onstabiele tests", "Eén dashboard voor álle pipelines"],
    "cadence": {
        "frequency": "biweekly",
        "weekday": "thursday",
        "time": "12:30",
        "duration_minutes": 60,
        "mode": "hybrid",
        "location": "Vergaderzaal Schelde / Teams",
        "timezone": "Europe/Brussels",
    },
    "roles": {
        "sponsor": {"name": "An Peeters"},
        "leader": {"name": "Jonas Maes", "time_percent": 15},
        "coach": {"name": "Sara De Smet"},
    },
    "membership": {
        "access": "closed",
        "admission": "Op voorstel van de kerngroep",
        "how_to_join": "Stuur een bericht in het Teams-kanaal",
    },
    "tooling": [{"name": "Teams-kanaal Testautomatisering", "purpose": "dagelijkse vragen en aankondigingen"}],
    "evaluation_criteria": [
        {
            "criterion": "Deelname",
            "measure": "aandeel leden dat minstens één sessie per kwartaal bijwoont",
            "target": "60%",
        }
    ],
    "review_date": DEFAULT_REVIEW,
}


def test_the_interview_in_dutch_asks_in_dutch_and_comments_in_dutch(
    runner, tmp_path, terminal, init, typed, check, read_back, comments, schema_line, today
):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--lang", "nl", input=typed(DUTCH_SCRIPT))
    assert result.exit_code == 0, result.output
    out = result.output
    for dutch in (
        "Stap 1: het doel.",
        "Naam van de community: ",
        "Vragen die helpen: Aan welke onderwerpen",
        "Doelomschrijving: ",
        "Stap 2: lidmaatschap.",
        "Hoe worden nieuwe leden geselecteerd? ",
        "Op welke weekdag? (monday, tuesday, wednesday, thursday, friday, saturday, sunday) [tuesday]: ",
        "Stap 4: de lancering",
        "Waarde 1: ",
        "Ambitie 2: ",
        "Hoe laat? (UU:MM) [12:30]: ",
        "Tijdzone [Europe/Brussels]: ",
        "Rollen: een community heeft minstens een leider en een coach nodig.",
        f"Reviewdatum (JJJJ-MM-DD) [{DEFAULT_REVIEW}]: ",
        f"{path} geschreven. Controleer het met: copkit check {path}",
    ):
        assert dutch in out, dutch
    said = {
        "Kies uit: open, closed. Bedoel je closed?": 1,
        "Kies uit:": 1,
        "Schrijf een tijdstip als UU:MM, op 24 uur, bv. 12:30.": 1,
        "Geef een IANA-tijdzone, zoals Europe/Brussels. Bedoel je Europe/Brussels?": 1,
        "Schrijf datums als JJJJ-MM-DD: 2027-03-31, niet 31-03-2027.": 1,
        "Let op: copkit check zal hiervoor waarschuwen (W104)": 0,
        "(W105)": 0,
    }
    assert {message: out.count(message) for message in said} == said
    assert "Welke week van de maand?" not in out  # only asked for monthly and quarterly rhythms
    for english in ("Step 1", "Name of the community", "Choose one of", "Write a time", "Wrote "):
        assert english not in out, english

    data, charter = read_back(path)
    assert data == DUTCH_ANSWERS
    assert charter.language == "nl" and charter.review_date == default_review_date(today)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line
    assert "# Het charter van een community of practice: waarvoor ze er is en hoe ze werkt." in comments(text)
    assert (  # wrapped to fit yamllint's 80 columns
        "# Lidmaatschap: open voor iedereen, of gesloten met een transparante manier om\n# leden te selecteren.\n"
        in text
    )
    assert check(runner, path).exit_code == 0


# --- stopping half-way leaves nothing ----------------------------------------------------------------


@pytest.mark.parametrize("answered", [0, 1, 13, 40, -1])  # -1: every answer but the last
def test_end_of_input_during_the_interview_writes_nothing(
    runner, tmp_path, terminal, answered, init, typed, leftovers, english_script
):
    result = init(runner, tmp_path / "charter.yaml", "--lang", "en", input=typed(english_script[:answered]))
    assert result.exit_code == 1
    assert "Stopped: nothing written." in result.stderr
    assert "Wrote" not in result.output
    assert leftovers(tmp_path) == []


def test_ctrl_c_at_a_question_writes_nothing(runner, tmp_path, terminal, monkeypatch, init, typed, leftovers):
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
    result = init(runner, tmp_path / "charter.yaml", "--lang", "nl", input=typed(DUTCH_SCRIPT[:18]))
    assert result.exit_code == 130  # Ctrl-C, as shells report it
    assert "Gestopt: niets geschreven." in result.stderr
    assert result.output.rstrip().endswith("Hoe laat? (UU:MM) [12:30]:\nGestopt: niets geschreven.")
    assert leftovers(tmp_path) == []


def test_ctrl_c_between_questions_writes_nothing(
    runner, tmp_path, terminal, monkeypatch, init, typed, leftovers, english_script
):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Interview, "_roles", interrupted)
    result = init(runner, tmp_path / "charter.yaml", "--lang", "en", input=typed(english_script))
    assert result.exit_code == 130
    assert "Stopped: nothing written." in result.stderr
    assert leftovers(tmp_path) == []


# --- the real terminal -----------------------------------------------------------------------------

TMUX = shutil.which("tmux")


class Tmux:
    """One detached tmux session on a private server, driven like a coach at a keyboard."""

    def __init__(self, command: list[str], cwd: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="copkit-tmux-"))  # short: a socket path has a length limit
        self.socket = str(self.folder / "socket")
        # the shell outlives the command, so its exit status stays on screen; it lets Ctrl-C reach the
        # command without being stopped by it (a trap, unlike an ignored signal, is not inherited)
        shell = f'trap : INT; {shlex.join(command)}; echo "[exit $?]"; sleep 600'
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
def tmux(tmp_path, frozen):
    if TMUX is None:
        pytest.skip("tmux is not installed: the interview in a real terminal is not tested")
    sessions: list[Tmux] = []

    def start(*args: str) -> Tmux:
        session = Tmux([sys.executable, "-m", "copkit", "init", *args, *frozen], tmp_path)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def test_the_interview_in_a_real_terminal(tmux, tmp_path, read_back, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Amsterdam")  # the system's zone is offered
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
    session.answer("What do members do because of it? ", "We say what we think")
    session.answer("Value 2:", "")
    session.answer("Ambition 1:", "12:30")
    session.answer("Ambition 2:", "")
    session.answer("How often do you meet? (weekly, biweekly, monthly, quarterly) [monthly]:", "")
    session.answer("Which week of the month? (first, second, third, fourth, last) [first]:", "")
    session.answer("On which weekday? (monday, tuesday, wednesday, thursday, friday, saturday, sunday) [tuesday]:", "")
    session.answer("At what time? (HH:MM) [12:30]:", "25:00")
    session.answer("At what time? (HH:MM) [12:30]:", "")
    assert "Write a time as HH:MM, 24-hour, e.g. 12:30." in session.screen()
    session.answer("How many minutes? [60]:", "")
    session.answer("In person, online or hybrid? (in-person, online, hybrid) [hybrid]:", "")
    session.answer("Where: a room, an address or a meeting link (optional):", "")
    session.answer("Time zone [Europe/Amsterdam]:", "")
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
    session.answer("Date of the launch (YYYY-MM-DD, optional):", "")
    session.wait("[exit 0]")
    assert "Wrote charter.yaml. Check it with: copkit check charter.yaml" in session.screen()

    data, charter = read_back(tmp_path / "charter.yaml")
    assert (data["name"], data["purpose"], data["values"], data["ambitions"]) == (
        "Team: A",
        {"statement": "#general", "focus": "innovation"},
        [{"value": "yes", "behaviour": "We say what we think"}],
        ["12:30"],
    )
    assert charter.cadence.time == time(12, 30) and charter.review_date == date(2027, 5, 25)
    assert charter.cadence.timezone == "Europe/Amsterdam" and charter.launch is None
    assert [person.name for person in charter.roles.leader + charter.roles.coach] == ["Lea", "Sam"]


def test_ctrl_c_in_a_real_terminal_writes_nothing(tmux, tmp_path, leftovers):
    session = tmux("charter.yaml", "--lang", "nl")
    session.answer("Naam van de community:", "Testautomatisering")
    session.wait("Het domein: de gedeelde praktijk, breed maar concreet (optioneel):")
    session.tmux("send-keys", "-t", "init", "C-c")
    session.wait("[exit 130]")
    assert "Gestopt: niets geschreven." in session.screen()
    assert leftovers(tmp_path) == []


# What a coach can type as one answer the charter holds: no control characters, at most 200 characters.
NO_LINE_BREAK = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u2028\u2029"), max_size=200)


@settings(
    max_examples=fuzz_examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(
    name=NO_LINE_BREAK.filter(str.strip),
    statement=NO_LINE_BREAK.filter(str.strip),
    domain=NO_LINE_BREAK,
    value=NO_LINE_BREAK.filter(str.strip),
    behaviour=NO_LINE_BREAK,
    location=NO_LINE_BREAK,
    leader=NO_LINE_BREAK.filter(lambda text: text.strip() and "," not in text),  # a comma separates people
    tool=NO_LINE_BREAK.filter(str.strip),
    target=NO_LINE_BREAK,
)
@example(
    name=" yes ",
    statement="Team: A",
    domain="#general",
    value='"quoted"',
    behaviour="'single'",
    location="12:30",
    leader="Zoë 😀",
    tool="~",
    target="60%",
).via("the issue's list")
def test_any_typed_answers_read_back_through_the_interview(
    name, statement, domain, value, behaviour, location, leader, tool, target, init, typed, read_back, as_written, today
):
    script = [
        name,
        domain,
        statement,
        "",
        "",
        "",
        value,
        behaviour,
        "",
        "Ambition",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        location,
        "",
        "",
        leader,
        "",
        "",
        "",
        tool,
        "",
        "",
        "Participation",
        "",
        target,
        "",
        "",
        "",  # no launch date yet
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
        assert data["evaluation_criteria"] == [
            as_written({"criterion": "Participation", "target": target.strip() or None})
        ]
        assert check_file(path, today=today).errors == 0


# --- answers to checked questions: a value, or the reason in the coach's language -------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
@settings(max_examples=fuzz_examples(200), deadline=None)
@given(answer=st.text(ANY_CHARACTER, max_size=12))
@example(answer="²").via("isdigit() yet not a number int() reads")
@example(answer="0000-01-01").via("a year no calendar has")
@example(answer="٦٠").via("Arabic-Indic digits")
@example(answer="Europe").via("a folder of time zones")
@example(answer="../../etc/passwd")
@example(answer="\x00")
@example(answer="nan")
@example(answer="inf")
def test_a_checked_answer_is_a_value_or_a_reason_in_the_coachs_language(lang, answer, today):
    interview = Interview(lang, today, ask=lambda *a, **k: "", say=lambda text: None)
    _ = interview._
    english = ("write", "is not a date", "out of range", "Did you mean")

    def said(message: str) -> bool:  # the model's reason for a date, or a suggested zone: in the coach's language
        return message.endswith((".", "?")) and (lang == "en" or not any(word in message for word in english))

    checks = [
        (interview._date, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30."), lambda v: isinstance(v, date)),
        (interview._calendar_date, said, lambda v: isinstance(v, date)),
        (interview._time, _("Write a time as HH:MM, 24-hour, e.g. 12:30."), lambda v: isinstance(v, time)),
        (interview._zone, said, lambda v: time_zone(v) == v),
        (
            interview._minutes,
            _("Give a number of minutes from %(low)s to %(high)s.") % {"low": 30, "high": 480},
            lambda v: type(v) is int and 30 <= v <= 480,
        ),
        (
            interview._percent,
            _("Give a percentage from %(low)s to %(high)s.") % {"low": 0, "high": 100},
            lambda v: type(v) in (int, float) and 0 <= v <= 100,
        ),
    ]
    for parse, reason, fits in checks:
        try:
            value = parse(answer.strip())
        except InvalidAnswer as exc:
            assert reason(str(exc)) if callable(reason) else str(exc) == reason, str(exc)
        else:
            assert fits(value), (parse.__name__, value)
    if lang == "nl":
        assert checks[4][1] == "Geef een aantal minuten van 30 tot 480."


# --- a better interview (issue 12): each answer's consequence said at once ------------------------------


def scripted(lang: str, answers: list[str], today: date, zone: str = "Europe/Brussels"):
    """An interview that answers from ``answers`` (an empty answer takes the default) and keeps what it
    says and the prompts it shows."""
    heard: list[str] = []
    given = iter(answers)

    def ask(question, default=None, show_default=True, prompt_suffix=": "):
        heard.append(question + (f" [{default}]" if show_default and default else "") + prompt_suffix)
        return next(given) or (default or "")

    return Interview(lang, today, ask=ask, say=heard.append, zone=zone), heard


# name, domain, statement, focus, access, admission?, how to join, values, ambitions, cadence, roles, …
def script(
    *,
    focus="",
    access=("",),
    how_to_join="Ask in the channel",
    value=("Openness", "We share"),
    frequency=("", ""),
    weekday="",
    zone=("",),
    roles=("Sam", "Lea", "", "Kim", "Tom"),
    review=("",),
    launch=("",),
):
    return [
        "Testing",
        "",
        "Better tests together",
        focus,
        *access,
        how_to_join,
        *value,
        "",
        "A checklist",
        "",
        *frequency,
        weekday,
        "",
        "",
        "",
        "Room 1",
        *zone,
        *roles,
        "Teams",
        "chat",
        "",
        "Participation",
        "share of members",
        "60%",
        "",
        *review,
        *launch,
    ]


def test_several_people_in_a_role_and_a_share_for_each_leader(today):
    interview, heard = scripted(
        "en", script(roles=("An", "Lea, Jonas", "", "40", "Kim", "Lotte Claes, Wout Janssens")), today
    )
    roles = interview.run()["roles"]
    assert roles == {
        "sponsor": {"name": "An"},
        "leader": [{"name": "Lea", "time_percent": 15}, {"name": "Jonas", "time_percent": 40}],
        "coach": {"name": "Kim"},
        "coordinator": [{"name": "Lotte Claes"}, {"name": "Wout Janssens"}],
    }
    assert "Share of working time Jonas gives to leading (%) [15]: " in heard
    # the leader share outside the catalogue's range is said at once, with W107's range
    assert (
        heard.count("Note: copkit check will warn about this (W107): plan for 10 to 25 % of working time for leading.")
        == 1
    )


def test_several_people_are_written_as_a_list_that_checks(today, tmp_path):
    from copkit.charter_file import write_charter

    interview, _ = scripted("en", script(roles=("An", "Lea", "", "Kim", "Lotte, Wout")), today)
    path = tmp_path / "charter.yaml"
    path.write_text(write_charter(interview.run()), encoding="utf-8")
    result = check_file(path, today=today)
    assert result.problems == [] and [p.name for p in result.charter.roles.coordinator] == ["Lotte", "Wout"]


def test_the_warning_thresholds_come_from_the_catalogue(today, monkeypatch):
    import copkit.interview

    monkeypatch.setattr(copkit.interview, "LEADER_SHARE_MAX", 45)
    interview, heard = scripted("en", script(roles=("An", "Lea", "40", "Kim", "")), today)
    interview.run()
    assert not [line for line in heard if "W107" in line]


def test_a_closed_community_without_a_way_to_join_is_warned_at_once(today):
    interview, heard = scripted("en", script(access=("closed", "By invitation"), how_to_join=""), today)
    answers = interview.run()
    assert answers["membership"] == {"access": "closed", "admission": "By invitation"}
    note = (
        "Note: copkit check will warn about this (W110): say how a colleague can join, so that the community can grow."
    )
    assert heard.index(note) == heard.index("How can a colleague join? (optional): ") + 1


@pytest.mark.parametrize(
    "typed, prompt_count, said",
    [
        ("2026-11-24", 2, "2026-11-24 is not after today (2026-11-24): give a date ahead."),
        ("2020-01-31", 2, "2020-01-31 is not after today (2026-11-24): give a date ahead."),
        ("2027-02-30", 2, "2027-02-30 is not a date: February 2027 has 28 days."),
        ("2028-02-30", 2, "2028-02-30 is not a date: February 2028 has 29 days."),
        ("2027-13-01", 2, "2027-13-01 is not a date: there is no month 13."),
    ],
)
def test_an_impossible_or_past_review_date_is_refused_with_its_reason(today, typed, prompt_count, said):
    interview, heard = scripted("en", script(review=(typed, "")), today)
    assert interview.run()["review_date"] == default_review_date(today)
    assert heard.count(f"Review date (YYYY-MM-DD) [{DEFAULT_REVIEW}]: ") == prompt_count
    assert said in heard


def test_the_reason_for_an_impossible_date_is_in_dutch(today):
    interview, heard = scripted("nl", script(review=("2027-02-30", "31/12/2027", "")), today)
    interview.run()
    assert "2027-02-30 is geen datum: februari 2027 heeft 28 dagen." in heard
    assert "Schrijf datums als JJJJ-MM-DD: 2027-12-31, niet 31/12/2027." in heard


def test_every_weekday_is_offered(today):
    interview, heard = scripted("en", script(weekday="sunday"), today)
    assert interview.run()["cadence"]["weekday"] == "sunday"
    assert "On which weekday? (monday, tuesday, wednesday, thursday, friday, saturday, sunday) [tuesday]: " in heard


def test_dutch_words_for_choices_and_did_you_mean(today):
    answers = script(
        focus="kennisdeling",
        access=("Gesloten", "Op uitnodiging"),
        frequency=("tweewekelijks",),
        weekday="donderdg",  # a near miss
        zone=("",),
    )
    answers.insert(answers.index("donderdg") + 1, "zaterdag")
    interview, heard = scripted("nl", answers, today)
    result = interview.run()
    assert result["purpose"]["focus"] == "knowledge-sharing" and result["membership"]["access"] == "closed"
    assert (result["cadence"]["frequency"], result["cadence"]["weekday"]) == ("biweekly", "saturday")
    assert "Kies uit: monday, tuesday, wednesday, thursday, friday, saturday, sunday. Bedoel je thursday?" in heard


def test_the_mode_in_dutch(today):
    answers = script()
    at = answers.index("Room 1") - 1  # the mode's answer
    answers[at] = "hybride"
    interview, _ = scripted("nl", answers, today)
    assert interview.run()["cadence"]["mode"] == "hybrid"


@pytest.mark.parametrize(
    "typed, meant",
    [("Amsterdam", "Europe/Amsterdam"), ("europe/amsterdam", "Europe/Amsterdam"), ("new york", "America/New_York")],
)
def test_a_loose_time_zone_gets_the_zone_meant(today, typed, meant):
    interview, heard = scripted("en", script(zone=(typed, meant)), today)
    assert interview.run()["cadence"]["timezone"] == meant
    assert f"Give an IANA time zone such as Europe/Brussels. Did you mean {meant}?" in heard


def test_the_offered_time_zone_is_the_one_given(today):
    interview, heard = scripted("en", script(), today, zone="America/Toronto")
    assert interview.run()["cadence"]["timezone"] == "America/Toronto"
    assert "Time zone [America/Toronto]: " in heard


def test_the_system_time_zone(tmp_path):
    from copkit.interview import system_time_zone

    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Amsterdam")
    assert system_time_zone({"TZ": "America/Toronto"}, link) == "America/Toronto"
    assert system_time_zone({"TZ": ":Asia/Tokyo"}, link) == "Asia/Tokyo"
    assert system_time_zone({"TZ": "CET-1CEST"}, link) == "Europe/Amsterdam"  # a POSIX rule is no IANA name
    assert system_time_zone({}, link) == "Europe/Amsterdam"
    assert system_time_zone({}, tmp_path / "none") == "Europe/Brussels"  # unknown: the fallback
    plain = tmp_path / "copy"
    plain.write_bytes(b"TZif")
    assert system_time_zone({}, plain) == "Europe/Brussels"  # a copy names no zone


def test_the_launch_is_asked_with_its_rules(today):
    interview, heard = scripted("en", script(launch=("2027-01-14", "16:00", "Auditorium", "20", "45")), today)
    answers = interview.run()
    assert answers["launch"] == {
        "date": date(2027, 1, 14),
        "time": time(16, 0),
        "location": "Auditorium",
        "duration_minutes": 45,
    }
    assert "Give a number of minutes from 30 to 480." in heard  # E026: no launch under 30 minutes
    assert (
        "Note: copkit check will warn about this (W115): give the launch at least 60 minutes, with ample time to "
        "get to know each other." in heard
    )
    assert "Where: a room, an address or a meeting link (optional) [Room 1]: " in heard


def test_the_launch_is_written_and_checks(today, tmp_path):
    from copkit.charter_file import write_charter

    interview, _ = scripted("en", script(launch=("2027-01-14", "", "", "")), today)
    path = tmp_path / "charter.yaml"
    text = write_charter(interview.run())
    path.write_text(text, encoding="utf-8")
    result = check_file(path, today=today)
    assert result.problems == []
    assert (result.charter.launch_date, result.charter.launch_minutes) == (date(2027, 1, 14), 60)
    assert text.endswith("launch:\n  date: 2027-01-14\n  time: 12:30\n  location: Room 1\n  duration_minutes: 60\n")


def test_an_empty_required_answer_is_asked_again_with_a_message_and_no_doubled_colon(today):
    interview, heard = scripted("en", ["", *script(access=("closed", "", "By invitation"))], today)
    interview.run()
    assert heard[2:5] == ["Name of the community: ", "Please answer: Name of the community", "Name of the community: "]
    assert "Please answer: How are new members selected?" in heard
    assert not [line for line in heard if "?:" in line]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_long_interview_answers_give_a_yamllint_clean_charter(lang, today):
    from test_charter_file import LINK, LONG, yamllint_problems

    from copkit.charter_file import write_charter

    answers = script(value=(LONG[:200].strip(), LONG), roles=("An", "Lea", "", "Kim", ""))
    answers[2] = LONG + " " + LONG  # the purpose statement: a paragraph
    answers[answers.index("Teams") + 1] = LINK  # a tool's purpose that is one long word
    interview, _ = scripted(lang, answers, today)
    text = write_charter(interview.run())
    assert yamllint_problems(text) == []
