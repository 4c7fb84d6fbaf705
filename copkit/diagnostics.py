"""One problem found in one file: what every check produces and every report format consumes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from copkit.textsafe import visible

MAX_MESSAGE = 400
# The line breaks YAML counts, so that line numbers and one-line messages agree with the parser.
LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a 1-based line and column of the file as written."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        # One problem, one line, whatever the file quoted: line breaks shown as \n, other control
        # characters as their escapes (the same in every report format), long values cut.
        message = visible(LINE_BREAKS.sub("\\\\n", self.message))
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        object.__setattr__(self, "message", message)

    def __str__(self) -> str:
        """The contract's one line: ``PATH:LINE:COLUMN: severity CODE message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value} {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }
