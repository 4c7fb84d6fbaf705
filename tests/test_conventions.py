"""Command-line conventions users bring from ruff, yamllint and flake8: -h and -V, --quiet, - for the
standard input and output, shell completion, exit 130 on Ctrl-C, clean help, messages without library
prefixes, the rules as JSON and SARIF rules with a help link, progress on a terminal."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import flat

from copkit import __version__, rules
from copkit.cli import app

FROZEN = ["--today", "2026-11-24"]
COMMANDS = [name for name in (command.name for command in app.registered_commands) if name]
ENV = {"GITHUB_ACTIONS": "", "NO_COLOR": "1", "COLUMNS": "80"}


@pytest.fixture(scope="session")
def warns(contract_example, replace) -> str:
    """The contract example without a coach: W104 only."""
    return replace(contract_example, "  coach: Sara De Smet\n", "")


@pytest.fixture(scope="session")
def bad(warns, replace) -> str:
    """An error (a misspelt key) and a warning (no coach)."""
    return replace(warns, "ambitions:", "ambitons:")


def invoke(runner, *args: str, input: str | bytes | None = None):
    result = runner.invoke(app, list(args), input=input, env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# --- -h, -V ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_help_everywhere(runner, command):
    args = [command] if command else []
    short, long = invoke(runner, *args, "-h"), invoke(runner, *args, "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output and "Usage: copkit" in short.output


def test_dash_capital_v_is_the_version(runner):
    assert invoke(runner, "-V").output == invoke(runner, "--version").output == f"copkit {__version__}\n"


# --- clean help -----------------------------------------------------------------------------------

# Typer's type labels, which mean nothing to a reader: <bool>, <list[Path]>, <path>, <int range>, and a
# required argument in braces in the usage line.
ARTEFACTS = re.compile(r"<(bool|list\[[^\]]*\]|path|int|int range|str|text|date)>|\{[a-z_]+\}|list\[")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_no_type_labels(runner, command):
    output = invoke(runner, *([command] if command else []), "--help").output
    assert not ARTEFACTS.findall(output), output


def test_help_names_arguments_and_values_as_unix_tools_do(runner):
    render = invoke(runner, "render", "--help").output
    assert "Usage: copkit render [OPTIONS] CHARTERS..." in render
    assert "[md|html|pdf]" in render and "INTEGER" in render
    check = invoke(runner, "check", "--help").output
    assert "Usage: copkit check [OPTIONS] [PATHS]..." in check
    assert re.search(r"--strict\s+--no-strict\s+Fail on warnings", check), check  # a flag takes no value


def test_the_exit_status_paragraph_is_not_cut_mid_sentence(runner):
    """A docstring's own line breaks would cut the sentence at 80 columns; the terminal wraps instead."""
    result = runner.invoke(app, ["check", "--help"], env={**ENV, "COLUMNS": "200"})
    assert (
        "Exit status: 0 when no file has an error, 1 when any has (or any warning with --strict), 2 for a usage error."
        in result.output
    )


# --- --quiet --------------------------------------------------------------------------------------


def test_quiet_shows_errors_only_and_no_summary(runner, write, bad):
    path = write(bad)
    result = invoke(runner, "check", *FROZEN, "-q", str(path))
    assert result.exit_code == 1
    assert "error E020" in result.output and "W104" not in result.output
    assert "checked" not in result.output  # no summary line
    assert result.output.endswith("^\n")  # the last problem's caret ends it, no blank line after


def test_quiet_says_nothing_when_only_warnings(runner, write, warns):
    result = invoke(runner, "check", *FROZEN, "--quiet", str(write(warns)))
    assert (result.exit_code, result.output) == (0, "")


def test_quiet_with_strict_shows_the_warnings_that_fail(runner, write, warns):
    result = invoke(runner, "check", *FROZEN, "--quiet", "--strict", str(write(warns)))
    assert result.exit_code == 1 and "warning W104" in result.output and "checked" not in result.output


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_quiet_leaves_warnings_out_of_every_format(runner, write, warns, fmt):
    result = invoke(runner, "check", *FROZEN, "-q", "-f", fmt, str(write(warns)))
    assert result.exit_code == 0
    if fmt == "github":
        assert result.output == ""
    else:
        data = json.loads(result.output)
        assert (data["problems"] if fmt == "json" else data["runs"][0]["results"]) == []


# --- - for the standard input ----------------------------------------------------------------------


def test_dash_reads_the_standard_input_and_reports_it_as_dash(runner, bad):
    result = invoke(runner, "check", *FROZEN, "-", input=bad)
    assert result.exit_code == 1
    assert result.output.startswith("-:1:1: error E021 ")
    assert "1 file checked" in result.output


def test_stdin_filename_names_the_standard_input(runner, bad, tmp_path):
    result = invoke(runner, "check", *FROZEN, "-f", "json", "-", "--stdin-filename", "team/charter.yaml", input=bad)
    paths = {problem["path"] for problem in json.loads(result.output)["problems"]}
    assert paths == {"team/charter.yaml"}


def test_dash_with_files_checks_both(runner, write, contract_example, bad):
    path = write(contract_example)
    result = invoke(runner, "check", *FROZEN, "-f", "json", str(path), "-", input=bad)
    assert json.loads(result.output)["files"] == 2
    assert {problem["path"] for problem in json.loads(result.output)["problems"]} == {"-"}


def test_the_standard_input_has_the_bounds_of_a_file(runner):
    from copkit.yamlfile import MAX_BYTES

    result = invoke(runner, "check", *FROZEN, "-", input=b"name: x\n" + b"#" * MAX_BYTES)
    assert result.exit_code == 1 and "-:1:1: error E003 file is larger than" in result.output


def test_stdin_filename_without_dash_is_a_usage_error(runner, write, contract_example):
    result = invoke(runner, "check", *FROZEN, "--stdin-filename", "x.yaml", str(write(contract_example)))
    assert result.exit_code == 2 and "give - among the paths" in flat(result.output)


# --- - for the standard output ----------------------------------------------------------------------


def test_calendar_out_dash_writes_to_stdout(runner, write, contract_example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "calendar", str(write(contract_example)), "--from", "2026-11-24", "--out", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR") and "wrote" not in result.stdout
    assert not (tmp_path / "-").exists()


def test_render_out_dash_writes_one_markdown_handout_to_stdout(runner, write, contract_example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(contract_example)
    result = invoke(runner, "render", str(path), "-f", "md", "--handout", "onepager", "--out", "-")
    assert result.exit_code == 0, result.output
    assert "Testautomatisering" in result.stdout and "wrote" not in result.stdout
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "args, says",
    [
        (["-f", "md"], "one handout"),  # every handout
        (["--handout", "onepager"], "PDF"),  # the default format, PDF, to a terminal
        (["-f", "md", "--handout", "onepager", "--check"], "--check compares"),
    ],
)
def test_render_out_dash_refuses_what_stdout_cannot_take(
    runner, write, contract_example, tmp_path, monkeypatch, args, says
):
    import copkit.cli.stdout

    monkeypatch.setattr(copkit.cli.stdout, "is_terminal", lambda: True)
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "render", str(write(contract_example)), *args, "--out", "-")
    assert result.exit_code == 2 and says in flat(result.output)
    assert not (tmp_path / "-").exists()


# --- shell completion ---------------------------------------------------------------------------------


def test_shell_completion_is_offered(runner):
    output = invoke(runner, "--help").output
    assert "--install-completion" in output and "--show-completion" in output


@pytest.mark.parametrize(
    "words, cword, expected", [("copkit ch", "1", "check"), ("copkit check --str", "2", "--strict")]
)
def test_the_shell_completes_commands_and_options(words, cword, expected):
    """What the installed completion script asks copkit, as bash does."""
    env = {**os.environ, "_COPKIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    copkit = Path(sys.executable).with_name("copkit")
    done = subprocess.run([str(copkit)], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == [expected], done.stderr


# --- Ctrl-C -----------------------------------------------------------------------------------------


def test_ctrl_c_in_a_command_exits_130_with_one_line(runner, write, contract_example, monkeypatch):
    import copkit.checking

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(copkit.checking, "check_files", interrupted)
    result = invoke(runner, "check", *FROZEN, str(write(contract_example)))
    assert result.exit_code == 130
    assert result.stderr.strip() == "copkit: interrupted" and "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="POSIX signals")
def test_sigint_to_a_running_copkit_exits_130(tmp_path):
    code = (
        "import time, copkit.checking\n"
        "def slow(*a, **k):\n    print('ready', flush=True); time.sleep(30)\n"
        "copkit.checking.check_files = slow\n"
        "import sys; sys.argv = ['copkit', 'check', '--today', '2026-11-24', sys.argv[1]]\n"
        "from copkit.cli import main; main()\n"
    )
    charter = tmp_path / "charter.yaml"
    charter.write_text("name: X\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(charter)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.strip() == "copkit: interrupted", stderr


# --- no library prefixes in messages --------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("language: nl", "language: fr"),
        ("phase: start-up", "phase: growing"),
        ("  frequency: biweekly", "  frequency: fortnightly"),
        ("  time: 12:30", "  time: noon"),
        ("  timezone: Europe/Brussels", "  timezone: Amsterdam"),
        ("  duration_minutes: 60", "  duration_minutes: 5000"),
        ("review_date: 2027-03-31", "review_date: 2027-02-30"),
        ("  leader: {name: Jonas Maes, time_percent: 15}", "  leader: {name: Jonas Maes, time_percent: 150}"),
        ("  sponsor: {name: An Peeters, email: an.peeters@example.org}", "  sponsor: {name: An, email: an at x}"),
        ("  access: open", "  access: closed"),
    ],
)
def test_messages_carry_no_library_prefix(runner, write, contract_example, replace, old, new):
    result = invoke(runner, "check", *FROZEN, "-f", "json", str(write(replace(contract_example, old, new))))
    messages = [problem["message"] for problem in json.loads(result.output)["problems"]]
    assert messages, new
    for message in messages:
        assert not re.search(r"(Value error|Assertion failed|Input should be)", message), message


def test_a_pydantic_prefix_is_removed_from_a_message_copkit_did_not_word():
    from copkit.messages import unprefixed

    assert unprefixed("Value error, 'fr' is not one of nl, en") == "'fr' is not one of nl, en"
    assert unprefixed("Assertion failed, too long") == "too long"
    assert unprefixed("expected text") == "expected text"


# --- copkit rules --format json; SARIF help --------------------------------------------------------------


def test_rules_as_json(runner):
    result = invoke(runner, "rules", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [rule["code"] for rule in listed] == sorted(rules.REGISTRY)
    w105 = next(rule for rule in listed if rule["code"] == "W105")
    assert set(w105) == {"code", "name", "severity", "rationale", "help_uri"}
    assert w105["severity"] == "warning" and w105["help_uri"] == rules.catalogue.HELP_URL


def test_the_help_url_points_at_the_readmes_problem_codes(repo):
    page, anchor = rules.catalogue.HELP_URL.split("#")
    readme = (repo / page).read_text(encoding="utf-8")
    assert re.search(rf"^#+ {anchor.replace('-', ' ')}$", readme, flags=re.MULTILINE | re.IGNORECASE)


def test_rules_as_text_stays_the_default(runner):
    assert invoke(runner, "rules").output.startswith("Coaching rules")


def test_sarif_rules_have_help(runner, write, warns):
    log = json.loads(invoke(runner, "check", *FROZEN, "-f", "sarif", str(write(warns))).output)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"] == rules.catalogue.HELP_URL
        assert rule["help"]["text"].startswith(rules.REGISTRY[rule["id"]].rationale)


# --- progress on a terminal ------------------------------------------------------------------------------


def test_a_long_write_shows_a_spinner_on_a_terminal():
    import io

    from rich.console import Console

    from copkit.cli.progress import working

    screen = io.StringIO()
    with working("Writing the site of 3 communities", console=Console(file=screen, force_terminal=True)):
        time.sleep(0.3)
    assert "Writing the site of 3 communities" in screen.getvalue()


@pytest.mark.parametrize("terminal", [False, True])
def test_site_and_report_keep_stdout_clean(runner, examples, tmp_path, monkeypatch, terminal):
    import copkit.cli.progress

    seen: list[str] = []
    real = copkit.cli.progress.working

    def spy(description, **kwargs):
        seen.append(description)
        return real(description, **kwargs)

    monkeypatch.setattr(copkit.cli.progress, "is_terminal", lambda: terminal)
    monkeypatch.setattr(copkit.cli.website, "working", spy)
    monkeypatch.setattr(copkit.cli.report, "working", spy)
    site = invoke(runner, "site", str(examples), "--today", "2026-11-24", "--out", str(tmp_path / "site"))
    report = invoke(
        runner, "report", str(examples), "-f", "md", "--today", "2026-11-24", "--out", str(tmp_path / "reports")
    )
    assert site.exit_code == report.exit_code == 0, site.output + report.output
    assert site.stdout.startswith("wrote ") and all(line.startswith("wrote ") for line in report.stdout.splitlines())
    assert seen[0].startswith("Writing the site of ") and seen[1] == "Writing portfolio-report.md"


def test_ctrl_c_in_the_interview_exits_130(runner, tmp_path, terminal, monkeypatch):
    """Click's prompt turns Ctrl-C into Abort; the interview still ends as an interrupt (input that runs
    out ends with 1, see test_init_command.py)."""
    import typer

    def ctrl_c(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise typer.Abort() from None

    monkeypatch.setattr(typer, "prompt", ctrl_c)
    result = invoke(runner, "init", str(tmp_path / "charter.yaml"), "--lang", "en")
    assert result.exit_code == 130 and not (tmp_path / "charter.yaml").exists()
