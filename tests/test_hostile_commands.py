"""Hostile text in any field of a charter, through every command: no traceback, no raw control
character in any output, and every output readable by an independent parser.

Each example puts one hostile string into one field of a valid charter, then runs check (every
format), render (every handout, Markdown and HTML), calendar, status (text and JSON) and site.
The outputs are read back with parsers copkit does not use to write them: ``json`` for JSON and
SARIF, the standard library's ``html.parser`` for HTML, and a strict RFC 5545 line reader for
calendar files. Set COPKIT_FUZZ_EXAMPLES for a longer hunt.
"""

from __future__ import annotations

import json
import re
import tempfile
import traceback
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import fuzz_examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from copkit.cli import app

CONTRACT = yaml.safe_load((Path(__file__).parent / "contract-example.yaml").read_text(encoding="utf-8"))
TODAY = "2026-06-01"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "COLUMNS": "200"}

# Where a coach's text goes: every string of the charter, as a path into the data.
FIELDS: list[tuple[Any, ...]] = [
    ("name",),
    ("domain",),
    ("purpose", "statement"),
    ("values", 0, "value"),
    ("values", 0, "behaviour"),
    ("ambitions", 0),
    ("cadence", "location"),
    ("cadence", "timezone"),
    ("roles", "sponsor", "name"),
    ("roles", "sponsor", "email"),
    ("roles", "coach"),
    ("membership", "how_to_join"),
    ("tooling", 0, "name"),
    ("tooling", 0, "purpose"),
    ("evaluation_criteria", 0, "criterion"),
    ("evaluation_criteria", 0, "target"),
    ("x-note",),
]

HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "line\rbreak",
    "two\nlines",
    "nul\x00byte",
    "[/]",
    "[link=https://example.org]click[/link]",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    "%(name)s {hint} {0}",
    "a,b;c\\d",
    "|pipe|`tick`*star*_under_",
    "\u202eevil\u202c",
    "Москва сообщество",
    "x" * 500,
    "mailto:a@b.c?cc=x@y.z",
    "",
    " ",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))

# C0 and C1 control characters a terminal or a parser would act on (tab and line feed are text).
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def with_value(path: tuple[Any, ...], value: str) -> dict[str, Any]:
    data = json.loads(json.dumps(CONTRACT, default=str))
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"copkit {' '.join(args)} raised:\n" + "".join(traceback.format_exception(*result.exc_info))
        )
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    for stream in (result.stdout, result.stderr):
        assert not RAW_CONTROL.search(stream), (args, stream)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


class StrictHTML(HTMLParser):
    """Reads a page and keeps what a browser would show and every attribute value."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            assert not name.startswith("on"), f"an event handler attribute: {name}={value}"
            if name == "href" and value:
                assert value.startswith(("mailto:", "#", "http:", "https:")) or "/" not in value, value
                assert not value.lower().startswith("javascript:"), value

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def read_ics(content: bytes) -> list[str]:
    """RFC 5545 content lines, unfolded: CRLF only, at most 75 octets a line, no control characters."""
    assert content.endswith(b"\r\n")
    raw_lines = content.split(b"\r\n")[:-1]
    for line in raw_lines:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", line), line
    unfolded: list[str] = []
    for line in raw_lines:
        text = line.decode("utf-8")
        if text.startswith((" ", "\t")):
            unfolded[-1] += text[1:]
        else:
            assert re.match(r"^[A-Z][A-Z0-9-]*[;:]", text), text
            unfolded.append(text)
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    return unfolded


@pytest.mark.parametrize("field", FIELDS, ids=lambda path: ".".join(map(str, path)))
@settings(
    max_examples=fuzz_examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=hostile_text)
@example(value="\x1b[31mred\x1b[0m")
@example(value="[/]")
@example(value="<script>alert(1)</script>")
def test_hostile_text_in_any_field_through_every_command(tmp_path: Path, field: tuple[Any, ...], value: str) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis runs many examples in one test's tmp_path
    charter = work / "charter.yaml"
    charter.write_text(yaml.safe_dump(with_value(field, value), allow_unicode=True), encoding="utf-8")

    code, out, _ = run(["check", "--format", "json", "--today", TODAY, str(charter)])
    report = json.loads(out)
    valid = not any(problem["severity"] == "error" for problem in report["problems"])
    assert code == (0 if valid else 1)
    json.loads(run(["check", "--format", "sarif", "--today", TODAY, str(charter)])[1])
    run(["check", "--format", "github", "--today", TODAY, str(charter)])
    run(["check", "--format", "text", "--today", TODAY, str(charter)])
    json.loads(run(["status", "--format", "json", "--today", TODAY, str(charter)])[1])
    run(["status", "--today", TODAY, str(charter)])

    code, _, _ = run(["render", str(charter), "--format", "md", "--out", str(work / "md"), "--date", TODAY])
    assert code == (0 if valid else 1)
    code, _, _ = run(["render", str(charter), "--format", "html", "--out", str(work / "html"), "--date", TODAY])
    assert code == (0 if valid else 1)
    for page in (work / "html").glob("*.html") if valid else ():
        parsed = StrictHTML(page.read_text(encoding="utf-8"))
        assert not parsed.scripts, "a handout holds no script"
    for handout in (work / "md").glob("*.md") if valid else ():
        assert not RAW_CONTROL.search(handout.read_text(encoding="utf-8"))

    code, _, _ = run(["calendar", str(charter), "--from", TODAY, "--out", str(work / "c.ics")])
    if code == 0:
        read_ics((work / "c.ics").read_bytes())
    code, _, _ = run(["site", str(charter), "--out", str(work / "site"), "--today", TODAY])
    if code == 0:
        index = (work / "site" / "index.html").read_text(encoding="utf-8")
        StrictHTML(index)
        assert not RAW_CONTROL.search(index)
        for ics in (work / "site").glob("*.ics"):
            read_ics(ics.read_bytes())
