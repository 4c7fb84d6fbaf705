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
    # A message quotes a value with its control characters shown as escapes, the same in every format.
    assert data["problems"][0]["message"] == visible(f"no coach: {HOSTILE}".replace("\r", "\n"))
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
    # A valid charter's name cannot hold control characters (check refuses them), but a file name can.
    name = r'"[/] [link=http://x]y[/link] [bold]b <script>x</script> | `tick` ,;\\"'
    charter = replace(contract_example, "name: Testautomatisering", f"name: {name}")
    write(charter, "teams/hostile.yaml")
    write("copkit: 1\nname: [unclosed\n", "teams/\x1b[31mred\x1b]0;title\x07.yaml")
    return write("copkit: 1\nname: [unclosed\n", "teams/[red]x.yaml").parent


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
    assert any(name.startswith("\x1b[31mred\x1b]0;title\x07") for name in names)  # the broken file's own name
    assert any(name.startswith("[/] [link=") for name in names)


def test_a_failing_command_shows_its_message_literally(runner, tmp_path):
    result = runner.invoke(app, ["render", str(tmp_path / "\x1b[2Jmissing.yaml")])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\\x1b[2Jmissing.yaml:1:1: error E001" in result.output


# --- calendars -----------------------------------------------------------------------------------


def test_calendar_text_round_trips(charter_from, replace, contract_example, today):
    import recurring_ical_events
    from icalendar import Calendar

    from copkit.ical import build_calendar, calendar_text

    text = "Evil ,;\\ [/] <script>x</script> | `tick` Москва \u202e\tend"
    charter = charter_from(contract_example).model_copy(update={"name": text + "\r\nsecond \x1b[31mline\x0b"})
    charter = charter.model_copy(
        update={
            "cadence": charter.cadence.model_copy(update={"location": text + "\rroom"}),
            "purpose": charter.purpose.model_copy(update={"statement": text}),
            "launch": None,
        }
    )
    ics = build_calendar(charter, start=today, lang="en")
    for line in ics.split(b"\r\n"):
        assert not any(byte < 0x20 and byte != 0x09 or byte == 0x7F for byte in line), line
    name = "Evil ,;\\ [/] <script>x</script> | `tick` Москва \u202e\tend\nsecond \\x1b[31mline\\x0b"
    assert str(calendar_text(charter.name)) == name
    parsed = Calendar.from_ical(ics)
    for key in ("NAME", "X-WR-CALNAME"):  # icalendar reads these back as unknown: unescape them as TEXT
        assert re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(parsed[key])) == name
    events = {str(event["UID"]).rsplit("-", 1)[1]: event for event in parsed.walk("VEVENT")}
    assert str(events["cadence@copkit"]["SUMMARY"]) == name
    assert str(events["cadence@copkit"]["LOCATION"]) == text + "\nroom"
    assert text in str(events["cadence@copkit"]["DESCRIPTION"])
    assert str(events["review@copkit"]["SUMMARY"]) == "Review date: " + name
    meetings = recurring_ical_events.of(parsed).between(today, charter.review_date)
    assert meetings and all(str(meeting["LOCATION"]) == text + "\nroom" for meeting in meetings[:-1])


def test_communities_named_in_cyrillic_get_their_own_files_and_uids(runner, write, replace, contract_example, today):
    moscow = write(replace(contract_example, "name: Testautomatisering", "name: Москва"), "teams/a.yaml")
    kazan = write(replace(contract_example, "name: Testautomatisering", "name: Казань"), "teams/b.yaml")
    out = moscow.parent.parent / "site"
    result = runner.invoke(app, ["site", "--out", str(out), "--today", today.isoformat(), str(moscow.parent)])
    assert result.exit_code == 0, result.output
    assert {"moskva.html", "moskva.ics", "kazan.html", "kazan.ics"} <= {path.name for path in out.iterdir()}
    uids = [
        line
        for name in ("moskva.ics", "kazan.ics")
        for line in (out / name).read_text("utf-8").splitlines()
        if line.startswith("UID:")
    ]
    assert len(uids) == len(set(uids)) == 4
    result = runner.invoke(app, ["render", "-f", "md", "--out", str(out), str(moscow), str(kazan)])
    assert result.exit_code == 0, result.output
    assert (out / "moskva-onepager.md").is_file() and (out / "kazan-onepager.md").is_file()


def test_uids_differ_when_slugs_collide(charter_from, contract_example, today):
    from copkit.ical import build_calendar

    def uids(name: str) -> set[str]:
        charter = charter_from(contract_example).model_copy(update={"name": name})
        ics = build_calendar(charter, start=today, lang="en").decode()
        return {line for line in ics.splitlines() if line.startswith("UID:")}

    assert uids("Moskva") == uids("Moskva")  # stable for the same charter
    assert not uids("Moskva") & uids("Москва")
    assert not uids("!!!") & uids("???")


def test_colliding_names_name_both_files(runner, write, replace, contract_example, today):
    first = write(replace(contract_example, "name: Testautomatisering", "name: Moskva"), "teams/a.yaml")
    second = write(replace(contract_example, "name: Testautomatisering", "name: Москва"), "teams/b.yaml")
    out = first.parent.parent / "out"
    result = runner.invoke(app, ["site", "--out", str(out), "--today", today.isoformat(), str(first.parent)])
    assert result.exit_code != 0
    assert f"{first} and {second} would both write moskva.html and moskva.ics" in result.output
    assert "'Moskva', 'Москва'" in result.output
    result = runner.invoke(app, ["render", "-f", "md", "--out", str(out), str(first), str(second)])
    assert result.exit_code != 0
    assert f"{first} and {second} would both write moskva-" in result.output
    assert not out.exists()


def test_site_contact_link_cannot_break_out(tmp_path, charter_from, contract_example, today):
    from copkit.website import build_site

    charter = charter_from(contract_example)
    hostile = charter.roles.coordinator[0].model_copy(
        update={"name": '"><script>x</script>', "email": '"><b>x@y.z?cc=a&body=#"'}
    )
    charter = charter.model_copy(update={"roles": charter.roles.model_copy(update={"coordinator": [hostile]})})
    html = build_site([charter], lang="en", today=today)["index.html"].decode()
    assert "<script>x" not in html and "<b>" not in html
    assert 'href="mailto:%22%3E%3Cb%3Ex@y.z%3Fcc%3Da%26body%3D%23%22"' in html
    assert "&#34;&gt;&lt;script&gt;x&lt;/script&gt;" in html


# --- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--today", "2026-11-24"],
        ["status", "--today", "2026-11-24"],
        ["calendar", "--from", "2026-11-24", "--out", "{dir}/x.ics"],
        ["render", "-f", "md", "--out", "{dir}/handouts"],
        ["site", "--out", "{dir}/site", "--today", "2026-11-24"],
        ["check", "-f", "github", "--today", "2026-11-24"],
        ["status", "-f", "json", "--today", "2026-11-24"],
    ],
)
def test_an_ascii_terminal_gets_escapes_not_a_crash(write, replace, contract_example, tmp_path, command):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    charter = write(replace(contract_example, "name: Testautomatisering", "name: Тестирование 😀"), "Тест.yaml")
    executable = shutil.which("copkit", path=str(Path(sys.executable).parent)) or "copkit"
    args = [part.format(dir=tmp_path) for part in command]
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": ""}
    done = subprocess.run(
        [executable, *args, str(charter)], capture_output=True, env=env, cwd=tmp_path, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr and b"unexpected error" not in done.stderr
    if command[0] == "status":  # as an escape (Rich) or in UTF-8 (Click's own fallback for an ASCII stream)
        assert b"\\u0422" in done.stdout or "Тестирование".encode() in done.stdout
