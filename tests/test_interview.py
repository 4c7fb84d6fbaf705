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
        "Give a number of minutes from 30 to 480.": 1,
        "Choose one of: in-person, online, hybrid": 1,
        "Give an IANA time zone such as Europe/Brussels.": 1,
        "Give a percentage from 0 to 100.": 1,
        "Write a date as YYYY-MM-DD, e.g. 2027-06-30.": 2,
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
    "gesloten",  # geen van de keuzes
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
    "tweewekelijks",  # geen van de keuzes
    "biweekly",
    "donderdag",  # geen van de keuzes
    "thursday",
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
        "Hoe worden nieuwe leden geselecteerd?: ",
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
    assert charter.language == "nl" and charter.review_date == default_review_date(today)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line
    assert "# Het charter van een community of practice: waarvoor ze er is en hoe ze werkt." in comments(text)
    assert "# Lidmaatschap: open voor iedereen, of gesloten met een transparante manier om leden te selecteren." in text
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
    result = init(runner, tmp_path / "charter.yaml", "--lang", "nl", input=typed(DUTCH_SCRIPT[:20]))
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


def test_the_interview_in_a_real_terminal(tmux, tmp_path, read_back):
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
        "Team: A",
        {"statement": "#general", "focus": "innovation"},
        [{"value": "yes", "behaviour": "We say what we think"}],
        ["12:30"],
    )
    assert charter.cadence.time == time(12, 30) and charter.review_date == date(2027, 5, 25)
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
    leader=NO_LINE_BREAK.filter(str.strip),
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
    checks = [
        (interview._date, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30."), lambda v: isinstance(v, date)),
        (interview._time, _("Write a time as HH:MM, 24-hour, e.g. 12:30."), lambda v: isinstance(v, time)),
        (interview._zone, _("Give an IANA time zone such as Europe/Brussels."), lambda v: time_zone(v) == v),
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
            assert str(exc) == reason
        else:
            assert fits(value), (parse.__name__, value)
    if lang == "nl":
        assert checks[3][1] == "Geef een aantal minuten van 30 tot 480."
