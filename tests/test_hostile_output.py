"""Nothing lost, nothing crashes: hostile charter text stays text in everything copkit writes.

A value may hold escape sequences, carriage returns, Rich markup, Markdown, HTML, pipes and
backticks; terminals, CI logs, step summaries, JSON, SARIF and calendars show it as written.
"""

from __future__ import annotations

import json
import re

import pytest

from copkit import report
from copkit.checking import FileResult
from copkit.cli import app
from copkit.diagnostics import Diagnostic, Severity
from copkit.textsafe import json_text, markdown_code, markdown_text, visible

# What the tests feed in: every kind of trouble in one value.
HOSTILE = (
    "Evil \r,;\\ \x1b[31mred\x1b[0m \x1b]0;title\x07 [/] [link=http://x]y[/link] <script>x</script> | `tick` \u202e\x9b"
)
# The same in a YAML double-quoted scalar.
HOSTILE_YAML = (
    r'"Evil \r,;\\ \e[31mred\e[0m \e]0;title\a [/] [link=http://x]y[/link] <script>x</script> | `tick` \u202e\x9b"'
)
# Rich's own styles, which a coloured report may carry; anything else from ESC on is a leak.
RICH_STYLE = re.compile("\x1b\\[[0-9;]*m")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def leaks(output: str) -> list[str]:
    """The raw control characters left in ``output`` once Rich's colours are taken out."""
    return RAW_CONTROL.findall(RICH_STYLE.sub("", output))


def hostile_result(path: str = "teams/[red]x.yaml") -> FileResult:
    problem = Diagnostic(path, 1, 1, Severity.WARNING, "W104", f"no coach: {HOSTILE}")
    return FileResult(path=path, problems=[problem], text="name: x\n")


# --- the helpers -------------------------------------------------------------------------------------


def test_visible_shows_control_characters_as_escapes_and_keeps_tabs():
    assert visible("a\x1b[31mb\rc\nd\te\x7f\x9b\u202e\u2028") == "a\\x1b[31mb\\rc\\nd\te\\x7f\\x9b\\u202e\\u2028"
    assert visible("Москва 😀 [/]") == "Москва 😀 [/]"


def test_json_text_keeps_every_value_and_escapes_the_risky_ones():
    written = json_text({"name": HOSTILE})
    assert json.loads(written) == {"name": HOSTILE}
    assert not leaks(written)
    assert "Москва" in json_text("Москва")  # readable, not \u escapes


def test_markdown_text_forms_no_markup():
    shown = markdown_text("<script>x</script> [a](http://x) *b* `c` | d & e\nf")
    assert "<" not in shown and ">" not in shown and "&lt;script&gt;" in shown
    assert not re.search(r"(?<!\\)[|`*\[\]()]", shown)  # every one escaped
    assert "\n" not in shown
    assert markdown_code("a``b|c") == "``` a``b\\|c ```"


# --- check -------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_check(write, replace, contract_example):
    """A charter named ``[red]x.yaml`` whose frequency is hostile, so every report quotes it."""
    return write(replace(contract_example, "frequency: biweekly", f"frequency: {HOSTILE_YAML}"), "[red]x.yaml")


@pytest.mark.parametrize("colour", [False, True])
def test_check_text_shows_values_literally(runner, hostile_check, today, monkeypatch, colour):
    monkeypatch.delenv("NO_COLOR", raising=False)
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = runner.invoke(app, ["check", "--today", today.isoformat(), str(hostile_check)])
    assert result.exit_code == 1, result.output
    output = result.stdout
    assert not leaks(output)
    assert "[red]x.yaml:" in output
    for literal in ("\\x1b[31mred", "[/]", "[link=http://x]y[/link]", "<script>x</script>", "| `tick`", "\\u202e"):
        assert literal in output
    assert bool(RICH_STYLE.search(output)) is colour


def test_check_text_report_of_raw_control_characters_in_file_and_message():
    lines = report.text_lines([hostile_result()])
    text = report.plain(lines)
    assert not leaks(text)
    assert "teams/[red]x.yaml:1:1:" in text and "\\x1b[31mred" in text


def test_check_json_and_sarif_parse_and_keep_the_values(runner, hostile_check, today):
    for fmt in ("json", "sarif"):
        result = runner.invoke(app, ["check", "-f", fmt, "--today", today.isoformat(), str(hostile_check)])
        assert result.exit_code == 1
        assert not leaks(result.stdout)
        json.loads(result.stdout)
    data = json.loads(report.as_json([hostile_result()]))
    assert data["problems"][0]["message"] == f"no coach: {HOSTILE}".replace("\r", "\\n")
    sarif = json.loads(report.as_sarif([hostile_result()]))
    assert sarif["runs"][0]["results"][0]["message"]["text"] == data["problems"][0]["message"]


def test_sarif_uris_are_percent_encoded(tmp_path):
    assert report._uri("teams/a b#1%.yaml") == "teams/a%20b%231%25.yaml"
    assert report._uri("teams/Москва.yaml") == "teams/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0.yaml"
    absolute = tmp_path / "a b#1.yaml"
    assert report._uri(str(absolute)) == absolute.as_uri()
    assert "#" not in absolute.as_uri()


def test_github_annotations_stay_one_command_each(runner, hostile_check, today, tmp_path, monkeypatch):
    problem = Diagnostic("a::b,c\n.yaml", 3, 4, Severity.ERROR, "E001", "bad :: value\nnext line % done \x1b[2J")
    output = report.as_github([FileResult(path=problem.path, problems=[problem])])
    first, summary = output.splitlines()
    assert first == (
        "::error file=a%3A%3Ab%2Cc%0A.yaml,line=3,col=4,title=copkit E001::bad :: value\\nnext line %25 done \\x1b[2J"
    )
    assert summary == "1 file checked: 1 error in 1 file"
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    result = runner.invoke(app, ["check", "-f", "github", "--today", today.isoformat(), str(hostile_check)])
    assert result.exit_code == 1
    assert not leaks(result.stdout) and not leaks(summary_file.read_text(encoding="utf-8"))
    assert len(result.stdout.splitlines()) == 2


def test_step_summary_escapes_markdown_and_html_in_cells_and_paths():
    hostile = Diagnostic("a|b`c<i>.yaml", 1, 1, Severity.WARNING, "W104", HOSTILE + " [a](http://x) *b*")
    summary = report.github_step_summary([FileResult(path=hostile.path, problems=[hostile])])
    row = summary.splitlines()[-1]
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells: no pipe of a value splits one
    assert "<script>" not in row and "&lt;script&gt;" in row
    assert "](" not in row and "\x1b" not in row
    assert row.startswith("| `` a\\|b`c<i>.yaml:1:1 `` |")


# --- status ------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_status(write, replace, contract_example):
    name = r'"\e[31mred\e[0m \e]0;title\a [/] [link=http://x]y[/link] [bold]b <script>x</script> | `tick` ,;\\"'
    charter = replace(contract_example, "name: Testautomatisering", f"name: {name}")
    write(charter, "teams/hostile.yaml")
    return write("name: [unclosed\n", "teams/[red]x.yaml").parent


@pytest.mark.parametrize("colour", [False, True])
def test_status_shows_values_literally(runner, hostile_status, today, monkeypatch, colour):
    monkeypatch.delenv("NO_COLOR", raising=False)
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "400")  # wide enough for whole names
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = runner.invoke(app, ["status", "--today", today.isoformat(), str(hostile_status)])
    assert result.exit_code == 1, result.output  # the broken file
    output = RICH_STYLE.sub("", result.stdout)
    assert not leaks(result.stdout)
    assert "[red]x" in output  # the file's own name, markup and all
    for literal in ("\\x1b[31mred", "\\x1b]0;title\\x07", "[/]", "[link=http://x]y[/link]", "[bold]b", "<script>"):
        assert literal in output


def test_status_json_keeps_the_values(runner, hostile_status, today):
    result = runner.invoke(app, ["status", "-f", "json", "--today", today.isoformat(), str(hostile_status)])
    assert not leaks(result.stdout)
    names = {row["name"] for row in json.loads(result.stdout)["charters"]}
    assert "[red]x" in names
    assert any(name.startswith("\x1b[31mred\x1b[0m") for name in names)


def test_a_failing_command_shows_its_message_literally(runner, tmp_path):
    result = runner.invoke(app, ["render", str(tmp_path / "\x1b[2Jmissing.yaml")])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[2Jmissing.yaml:1:1: error E001" in result.output
