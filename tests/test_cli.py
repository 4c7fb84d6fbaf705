"""`copkit check`, `rules`, `schema` and `--version` as users and CI run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import flat

from copkit import __version__, rules
from copkit.cli import app

FROZEN = ["--today", "2026-11-24"]


@pytest.fixture(scope="session")
def bad(contract_example, replace) -> str:
    """The contract example with a misspelt key: an error."""
    return replace(contract_example, "ambitions:", "ambitons:")


@pytest.fixture(scope="session")
def warns(contract_example, replace) -> str:
    """The contract example without a coach: W104 only."""
    return replace(contract_example, "  coach: Sara De Smet\n", "")


def run(runner, *args: str, env: dict[str, str] | None = None):
    result = runner.invoke(app, ["check", *FROZEN, *args], env={"GITHUB_ACTIONS": "", "NO_COLOR": "", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def bundled_signals(output: str) -> set[str]:
    """The codes the bundled examples report: only the journal's signals a coach acts on, no error."""
    assert re.search(r"^\d+ files checked: \d+ warnings in \d+ files$", output.splitlines()[-1]), output
    return set(re.findall(r": (?:error|warning) ([EW]\d{3}) ", output))


def test_the_bundled_examples_pass(runner, examples):
    result = run(runner, str(examples))
    assert result.exit_code == 0
    assert bundled_signals(result.output) == {"W202", "W206"}  # overdue actions; a health characteristic low twice


def test_text_output_lines_start_with_path_line_column_and_show_the_line(runner, write, bad):
    path = write(bad)
    result = run(runner, str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{path}:1:1: error E021 missing required key 'ambitions': concrete results members commit to"
    assert lines[3] == f"{path}:12:1: error E020 unknown key 'ambitons' (did you mean 'ambitions'?)"
    assert lines[4] == "   12 | ambitons:"
    assert lines[5] == "      | ^"
    assert lines[-1] == "1 file checked: 2 errors in 1 file"
    assert "\x1b[" not in result.output  # plain when not a terminal


def test_caret_under_the_column(runner, write, contract_example, replace):
    path = write(replace(contract_example, "weekday: thursday", "weekday: donderdag"))
    lines = run(runner, str(path)).output.splitlines()
    assert lines[1:3] == ["   16 |   weekday: donderdag", "      |            ^"]


def test_colour_when_forced_and_never_with_no_color(runner, write, bad):
    path = write(bad)
    coloured = run(runner, str(path), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.output
    plain = run(runner, str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.output


def test_warnings_pass_unless_strict(runner, write, warns):
    path = write(warns)
    relaxed = run(runner, str(path))
    assert relaxed.exit_code == 0
    assert "warning W104 no coach" in relaxed.output
    assert relaxed.output.splitlines()[-1] == "1 file checked: 1 warning in 1 file"
    assert run(runner, "--strict", str(path)).exit_code == 1


def test_ignore_switches_rules_off(runner, write, warns):
    path = write(warns)
    assert run(runner, "--strict", "--ignore", "w104", str(path)).exit_code == 0
    assert run(runner, "--strict", "--ignore", "W101,W104", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [("W999", "unknown rule code W999"), ("E020", "E020 is an error of the charter format, not advice")],
)
def test_ignore_refuses_unknown_codes_and_errors(runner, write, code, message, warns):
    result = run(runner, "--ignore", code, str(write(warns)))
    assert result.exit_code == 2
    assert message in flat(result.output)


def test_bad_option_values_are_usage_errors(runner, write, warns):
    assert run(runner, "--format", "xml", str(write(warns))).exit_code == 2
    result = runner.invoke(app, ["check", "--today", "tomorrow", str(write(warns))])
    assert result.exit_code == 2
    assert "'tomorrow' is not a date" in flat(result.output)


def test_today_decides_the_review_date_rules(runner, write, contract_example):
    path = write(contract_example)
    result = runner.invoke(app, ["check", "--today", "2027-04-01", str(path)], env={"GITHUB_ACTIONS": ""})
    assert "warning W101 review date 2027-03-31 passed 1 day ago" in result.output


def test_one_unreadable_file_never_hides_the_others(runner, write, tmp_path, contract_example):
    good = write(contract_example, "good.yaml")
    missing = tmp_path / "missing.yaml"
    broken = write(b"name: caf\xe9\n", "latin1.yaml")
    result = run(runner, "--format", "json", str(broken), str(missing), str(good))
    report = json.loads(result.output)
    assert result.exit_code == 1
    assert report["files"] == 3
    assert [(p["path"], p["code"]) for p in report["problems"]] == [(str(broken), "E002"), (str(missing), "E001")]


def test_folders_are_walked_for_yaml_but_hidden_files_are_passed_over(runner, tmp_path, write, contract_example):
    write(contract_example, "charters/a.yaml")
    write(contract_example, "charters/nested/b.yml")
    write("not: a charter\n", "charters/.hidden.yaml")
    write("not: a charter\n", "charters/.github/workflow.yml")
    write("not yaml at all: [", "charters/notes.txt")
    result = run(runner, str(tmp_path / "charters"))
    assert result.exit_code == 0
    assert result.output == "2 files checked: no problems\n"


def test_no_path_means_the_current_folder(runner, tmp_path, write, monkeypatch, bad):
    write(bad, "team.yaml")
    monkeypatch.chdir(tmp_path)
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.startswith("team.yaml:1:1: error E021")


def test_nothing_to_check_is_a_usage_error(runner, tmp_path):
    result = run(runner, str(tmp_path))
    assert result.exit_code == 2
    assert "no charter files (*.yaml, *.yml) found in" in flat(result.output)


def test_json_format_follows_the_contract(runner, write, bad):
    path = write(bad)
    result = run(runner, "--format", "json", str(path))
    assert json.loads(result.output) == {
        "files": 1,
        "problems": [
            {
                "path": str(path),
                "line": 1,
                "column": 1,
                "severity": "error",
                "code": "E021",
                "message": "missing required key 'ambitions': concrete results members commit to",
            },
            {
                "path": str(path),
                "line": 12,
                "column": 1,
                "severity": "error",
                "code": "E020",
                "message": "unknown key 'ambitons' (did you mean 'ambitions'?)",
            },
        ],
    }


def test_github_format_annotates_escapes_and_summarises(runner, write, tmp_path, replace, warns):
    path = write(replace(warns, "name: Testautomatisering", "name: Test, automatisering"), "a,b.yaml")
    summary_file = tmp_path / "summary.md"
    result = run(runner, str(path), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary_file)})
    escaped = str(path).replace(",", "%2C").replace(":", "%3A")
    assert result.output.splitlines() == [
        f"::warning file={escaped},line=22,col=1,title=copkit W104::no coach: name who helps the community mature and steer itself",
        "1 file checked: 1 warning in 1 file",
    ]
    assert result.exit_code == 0
    summary = summary_file.read_text(encoding="utf-8")
    assert "1 file checked: 1 warning in 1 file" in summary
    assert f"| ` {path}:22:1 ` | warning | W104 | no coach" in summary


def test_github_messages_stay_on_one_line():
    from copkit.checking import FileResult
    from copkit.diagnostics import Diagnostic, Severity
    from copkit.report import as_github

    problem = Diagnostic("c.yaml", 1, 2, Severity.ERROR, "E010", "50% done\nnext line")
    assert as_github([FileResult("c.yaml", [problem])]).splitlines()[0] == (
        "::error file=c.yaml,line=1,col=2,title=copkit E010::50%25 done\\nnext line"
    )


def test_sarif_format_names_every_rule_and_each_region(runner, write, bad):
    path = write(bad)
    log = json.loads(run(runner, "--format", "sarif", str(path)).output)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("copkit", __version__)
    assert [rule["id"] for rule in driver["rules"]] == list(rules.REGISTRY)
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    first, second = sarif_run["results"]
    assert driver["rules"][second["ruleIndex"]]["id"] == second["ruleId"] == "E020"
    assert second["level"] == "error"
    location = second["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 12, "startColumn": 1}
    assert location["artifactLocation"]["uri"] == path.as_uri()


def test_sarif_uses_relative_posix_uris_for_relative_paths(runner, tmp_path, write, monkeypatch, bad):
    write(bad, "charters/team.yaml")
    monkeypatch.chdir(tmp_path)
    log = json.loads(run(runner, "--format", "sarif", "charters").output)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"charters/team.yaml"}


def test_inside_github_actions_the_default_format_is_github(runner, write, bad):
    result = run(runner, str(write(bad)), env={"GITHUB_ACTIONS": "true"})
    assert result.output.startswith("::error file=")


def test_rules_lists_every_code_with_its_rationale(runner):
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in rules.REGISTRY.values():
        assert f"{rule.code}  {rule.name}" in result.output
        assert rule.rationale in result.output
    assert result.output.index("W101") < result.output.index("Format errors") < result.output.index("E001")


def test_schema_is_json_and_matches_the_committed_copy(runner, repo):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {
        "name",
        "purpose",
        "values",
        "ambitions",
        "cadence",
        "roles",
        "tooling",
        "evaluation_criteria",
        "review_date",
    }
    committed = (repo / "schema" / "charter.schema.json").read_text(encoding="utf-8")
    assert result.output == committed, "run: copkit schema > schema/charter.schema.json"


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"copkit {__version__}\n")


def test_help_without_arguments(runner):
    result = runner.invoke(app, [])
    assert "check" in result.output and "schema" in result.output


def _installed_copkit() -> str:
    found = shutil.which("copkit", path=str(Path(sys.executable).parent)) or shutil.which("copkit")
    if found is None:
        pytest.fail("the copkit command is not installed: pip install '.[test]'")
    return found


def test_the_installed_command_runs_as_a_subprocess(write, bad, examples):
    path = write(bad)
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    done = subprocess.run(
        [_installed_copkit(), "check", *FROZEN, str(path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(f"{path}:1:1: error E021")
    assert "Traceback" not in done.stderr
    bundled = subprocess.run(
        [_installed_copkit(), "check", *FROZEN, str(examples)], capture_output=True, text=True, env=env, timeout=60
    )
    assert bundled.returncode == 0 and bundled_signals(bundled.stdout) == {"W202", "W206"}


def test_python_dash_m_copkit(write):
    done = subprocess.run([sys.executable, "-m", "copkit", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, f"copkit {__version__}\n")


HEAVY = ("jinja2", "babel", "weasyprint", "icalendar", "rich", "matplotlib")


@pytest.mark.parametrize(
    "command, allowed",
    [("check", ()), ("status", ("rich",))],  # status draws its table with Rich, and needs nothing else heavy
)
def test_check_and_status_import_only_what_they_use(write, contract_example, command, allowed):
    code = (
        "import sys\nfrom copkit.cli import app\n"
        f"try:\n    app(['{command}', '--today', '2026-11-24', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(write(contract_example))],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    assert done.stdout.splitlines()[-1] == str(sorted(allowed)), done.stderr


def test_a_broken_pipe_ends_quietly(write, bad):
    path = write(bad)
    copkit = _installed_copkit()
    done = subprocess.run(
        f"'{copkit}' check --today 2026-11-24 '{path}' '{path}' '{path}' | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    assert "Traceback" not in done.stderr


def test_the_readme_documents_every_code(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    missing = [code for code, rule in rules.REGISTRY.items() if f"| {code} | {rule.name} |" not in readme]
    assert missing == []


def test_a_syntax_error_shows_its_line_too(runner, write):
    path = write("name: X\ntooling: [#general on Teams]\nreview_date: 2027-03-31\n")
    lines = run(runner, str(path)).output.splitlines()
    assert lines[0].startswith(f"{path}:3:24: error E010 invalid YAML: ")
    assert lines[1:3] == ["    3 | review_date: 2027-03-31", "      | " + " " * len("review_date: 2027-03-31") + "^"]


def test_the_check_commands_format_choices_are_the_report_formats():
    """``copkit check --format`` lists its choices without importing the reports (start-up): the two must agree."""
    from typing import get_args

    from copkit import report
    from copkit.cli.check import ReportFormat

    assert get_args(ReportFormat) == tuple(report.FORMATS)
