"""Report check results: for people (text), for programs (JSON), for GitHub Actions and code scanning (SARIF)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from copkit import __version__, rules
from copkit.checking import FileResult
from copkit.diagnostics import Diagnostic, Severity
from copkit.messages import localised, say
from copkit.textsafe import json_text, markdown_code, markdown_text, visible

Segment = tuple[str, str]  # text and a Rich style ("" for none)
Line = list[Segment]

_SNIPPET_WIDTH = 100


def summary(results: Sequence[FileResult], lang: str = "en") -> str:
    """One line: how many files, errors and warnings, in ``lang``."""
    errors = sum(result.errors for result in results)
    warnings = sum(result.warnings for result in results)
    files = len(results)
    checked = say(lang, "{count} file checked" if files == 1 else "{count} files checked", count=files)
    if not errors and not warnings:
        return say(lang, "{checked}: no problems", checked=checked)
    failing = sum(1 for result in results if result.problems)
    counts = [
        say(lang, one if count == 1 else many, count=count)
        for count, one, many in (
            (errors, "{count} error", "{count} errors"),
            (warnings, "{count} warning", "{count} warnings"),
        )
        if count
    ]
    both = say(lang, "{first} and {second}", first=counts[0], second=counts[1]) if len(counts) == 2 else counts[0]
    in_files = "{checked}: {counts} in {count} file" if failing == 1 else "{checked}: {counts} in {count} files"
    return say(lang, in_files, checked=checked, counts=both, count=failing)


# --- text ------------------------------------------------------------------------------------------

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def text_lines(results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> list[Line]:
    """Problems grouped by file, each with the line it points at, then a summary line (unless
    ``summary_line`` is false: ``--quiet``).

    Every segment is plain text (never Rich markup), with control characters made visible."""
    results = localised(results, lang)
    lines: list[Line] = []
    for result in results:
        if not result.problems:
            continue
        source = result.shown_lines()
        for problem in result.problems:
            lines.append(
                [
                    (f"{visible(problem.path)}:{problem.line}:{problem.column}:", "bold"),
                    (" ", ""),
                    (problem.severity.value, _SEVERITY_STYLE[problem.severity]),
                    (" ", ""),
                    (problem.code, "cyan"),
                    (f" {visible(problem.message)}", ""),
                ]
            )
            if problem.line in source:
                lines.extend(_snippet(source[problem.line], problem))
        lines.append([])
    if summary_line:
        lines.append([(summary(results, lang), "bold")])
    elif lines:
        lines.pop()  # the blank line after the last file's problems: nothing follows it
    return lines


def _snippet(text: str, problem: Diagnostic) -> list[Line]:
    """The offending line and a caret under the column, tabs expanded, long lines cut, and control
    characters made visible (a file libyaml refuses for them may still hold them)."""
    start = max(0, problem.column - 1 - _SNIPPET_WIDTH // 2) if len(text) > _SNIPPET_WIDTH else 0
    shown = visible(text[start : start + _SNIPPET_WIDTH].expandtabs(4))
    lead = visible(text[start : problem.column - 1].expandtabs(4))
    gutter = f"{problem.line:>5} | "
    return [
        [(gutter, "dim"), (shown.rstrip(), "")],
        [(" " * (len(gutter) - 2) + "| ", "dim"), (" " * _cells(lead) + "^", _SEVERITY_STYLE[problem.severity])],
    ]


def _cells(text: str) -> int:
    """Terminal columns taken by ``text``: wide East Asian characters and emoji take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def plain(lines: Sequence[Line]) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def as_text(results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> str:
    """The text report without colour; a terminal gets :func:`text_lines` in colour instead."""
    return plain(text_lines(results, summary_line=summary_line, lang=lang))


# --- JSON ------------------------------------------------------------------------------------------


def as_json(results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> str:
    results = localised(results, lang)
    problems = [problem.as_dict() for result in results for problem in result.problems]
    return json_text({"files": len(results), "problems": problems})


# --- GitHub Actions ------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    """A workflow command's message: its escapes for % and line breaks, control characters visible
    (GitHub's log viewer obeys ANSI escapes)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> str:
    """Workflow commands that annotate the lines; GitHub shows only ten of a kind, so a summary follows
    (unless ``summary_line`` is false)."""
    results = localised(results, lang)
    out = []
    for result in results:
        for problem in result.problems:
            properties = ",".join(
                f"{key}={_escape_property(str(value))}"
                for key, value in (
                    ("file", problem.path),
                    ("line", problem.line),
                    ("col", problem.column),
                    ("title", f"copkit {problem.code}"),
                )
            )
            out.append(f"::{problem.severity.value} {properties}::{_escape_data(problem.message)}")
    if summary_line:
        out.append(summary(results, lang))
    return "".join(line + "\n" for line in out)


def github_step_summary(results: Sequence[FileResult], lang: str = "en") -> str:
    """A Markdown table of every problem, for ``$GITHUB_STEP_SUMMARY``, which has no ten-item limit."""
    results = localised(results, lang)
    rows = [
        f"| {markdown_code(f'{p.path}:{p.line}:{p.column}')} | {p.severity.value} | {p.code} | {markdown_text(p.message)} |"
        for result in results
        for p in result.problems
    ]
    table = ["| where | severity | code | message |", "|---|---|---|---|", *rows] if rows else []
    return "\n".join([f"### copkit check\n\n{summary(results, lang)}\n", *table]) + "\n"


# --- SARIF 2.1.0 ------------------------------------------------------------------------------------


def _uri(path: str) -> str:
    """A SARIF artifact URI: ``file://`` for an absolute path, else a relative reference with every
    character a URI reserves (``#``, ``%``, ``?``, spaces, non-ASCII) percent-encoded."""
    candidate = Path(path)
    return candidate.as_uri() if candidate.is_absolute() else quote(candidate.as_posix(), safe="/")


def as_sarif(results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> str:
    """One SARIF run with every rule (code, name, rationale, a link to its explanation) and every
    problem with its region."""
    results = localised(results, lang)
    registry = list(rules.REGISTRY.values())
    index = {rule.code: position for position, rule in enumerate(registry)}
    driver_rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.rationale},
            "help": {"text": f"{rule.rationale} 'copkit rules' lists every code; see {rule.help_uri}."},
            "helpUri": rule.help_uri,
            "defaultConfiguration": {"level": rule.severity.value},
            "properties": {"tags": ["copkit", "charter" if rule.severity is Severity.ERROR else "coaching"]},
        }
        for rule in registry
    ]
    sarif_results = [
        {
            "ruleId": problem.code,
            "ruleIndex": index[problem.code],
            "level": problem.severity.value,
            "message": {"text": problem.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(problem.path)},
                        "region": {"startLine": problem.line, "startColumn": problem.column},
                    }
                }
            ],
        }
        for result in results
        for problem in result.problems
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "copkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": driver_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json_text(log)


# --- the formats, by name -------------------------------------------------------------------------


class Format(Protocol):
    """A report: the results as text; ``summary_line=False`` (``--quiet``) leaves out the summary."""

    def __call__(self, results: Sequence[FileResult], *, summary_line: bool = True, lang: str = "en") -> str: ...


FORMATS: dict[str, Format] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
    "sarif": as_sarif,
}


def write_github_step_summary(results: Sequence[FileResult], lang: str = "en") -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(github_step_summary(results, lang))
        except OSError:
            pass  # a summary is a courtesy; the annotations and exit status already say it all
