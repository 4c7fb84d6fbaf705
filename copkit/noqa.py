"""Inline suppression, as ruff does it: ``# noqa: W105`` at the end of the line a warning is reported
on, a bare ``# noqa`` for every warning on that line, and ``# copkit: noqa: W101`` on a line of its own
for the whole file (a bare ``# copkit: noqa`` for every warning in it).

Only warnings can be suppressed: an error breaks the charter format, so a suppression that names one,
names an unknown code or hides nothing is itself reported (W301), at its ``#``; it can be switched off
as any warning can. Comments are found with YAML's own scanner, so a ``#`` inside a quoted or block
value is never read as one, and a value cut by a comment (W114, ``Ask in #general``) is one already.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import yaml

from copkit import rules
from copkit.diagnostics import LINE_BREAKS, Diagnostic, Severity

UNUSED_CODE = rules.UNUSED_NOQA.code
FIRST_FORMAT_ERROR = rules.UNKNOWN_KEY.code  # E020; the codes before it say the file could not be read as YAML
_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)
_CODES = r"(?P<codes>[A-Za-z]\d{3}(?:[\s,]+[A-Za-z]\d{3})*)"
_FILE_NOQA = re.compile(rf"#\s*copkit:\s*noqa\b(?::\s*{_CODES})?", re.IGNORECASE)
_LINE_NOQA = re.compile(rf"#\s*noqa(?::\s*{_CODES}|(?![\w:-]))", re.IGNORECASE)


@dataclass
class Suppression:
    """One ``noqa`` comment: where its ``#`` is, and the codes it names (None: every warning)."""

    line: int
    column: int
    codes: frozenset[str] | None
    whole_file: bool = False
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


@dataclass
class Suppressions:
    lines: dict[int, Suppression] = field(default_factory=dict)
    files: list[Suppression] = field(default_factory=list)


def comments(text: str) -> list[tuple[int, int, str]]:
    """Each comment of a YAML text as (line, column, text from its ``#``), both 1-based; none when the
    text is not YAML the scanner can read (such a file has an error already)."""
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return []
    starts = [0] + [match.end() for match in LINE_BREAKS.finditer(text)]
    found: list[tuple[int, int, str]] = []
    seen_lines: set[int] = set()
    span_starts = [start for start, _ in spans]
    for match in _COMMENT_START.finditer(text):
        at = match.start()
        inside = bisect.bisect_right(span_starts, at) - 1
        if inside >= 0 and spans[inside][0] <= at < spans[inside][1]:
            continue  # a '#' in a value
        line = bisect.bisect_right(starts, at)
        if line in seen_lines:
            continue  # the rest of a comment
        seen_lines.add(line)
        end = starts[line] if line < len(starts) else len(text)
        found.append((line, at - starts[line - 1] + 1, text[at:end].rstrip("\r\n\x85\u2028\u2029")))
    return found


def scan(text: str) -> Suppressions:
    """The suppressions written in ``text``."""
    result = Suppressions()
    lines = LINE_BREAKS.split(text)
    for line, column, comment in comments(text):
        alone = line <= len(lines) and not lines[line - 1][: column - 1].strip()
        if alone and (found := _FILE_NOQA.match(comment)):
            result.files.append(Suppression(line, column, _codes(found.group("codes")), whole_file=True))
        elif found := _LINE_NOQA.search(comment):
            result.lines[line] = Suppression(line, column + found.start(), _codes(found.group("codes")))
    return result


def _codes(written: str | None) -> frozenset[str] | None:
    return None if written is None else frozenset(code.upper() for code in re.findall(r"[A-Za-z]\d{3}", written))


def apply(problems: list[Diagnostic], text: str, path: str, *, ignore: Collection[str] = ()) -> list[Diagnostic]:
    """``problems`` less the warnings a ``noqa`` in ``text`` suppresses, plus a W301 for each
    suppression that names an error or an unknown code or hides nothing (unless W301 is in ``ignore``)."""
    if "noqa" not in text.lower():
        return problems
    found = scan(text)
    kept: list[Diagnostic] = []
    for problem in problems:
        if problem.severity is Severity.WARNING and problem.code != UNUSED_CODE:
            by = [s for s in found.files if s.covers(problem.code)]
            line = found.lines.get(problem.line)
            if line is not None and line.covers(problem.code):
                by.append(line)
            if by:
                for suppression in by:
                    suppression.used.add(problem.code)
                continue
        kept.append(problem)
    # a file YAML cannot read has no warnings to suppress: its suppressions are not judged
    unread = any(problem.severity is Severity.ERROR and problem.code < FIRST_FORMAT_ERROR for problem in problems)
    if UNUSED_CODE not in ignore and not unread:
        for suppression in [*found.files, *found.lines.values()]:
            if (unused := _unused(suppression, path)) is not None:
                kept.append(unused)
    return sorted(kept)


def _unused(suppression: Suppression, path: str) -> Diagnostic | None:
    if suppression.codes is None:
        if suppression.used:
            return None
        message = "unused noqa: no warning to suppress here (errors cannot be suppressed); remove it"
    else:
        said = []
        for code in sorted(suppression.codes):
            rule = rules.REGISTRY.get(code)
            if rule is None:
                said.append(f"{code} is no rule code ('copkit rules' lists them)")
            elif rule.severity is Severity.ERROR:
                said.append(f"{code} is an error of the charter format and cannot be suppressed (fix it)")
            elif code not in suppression.used:
                said.append(f"{code} is not reported {'in this file' if suppression.whole_file else 'on this line'}")
        if not said:
            return None
        message = f"unused noqa: {'; '.join(said)}; remove what it does not need"
    return Diagnostic(path, suppression.line, suppression.column, Severity.WARNING, UNUSED_CODE, message)
