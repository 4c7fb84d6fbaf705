"""What can go wrong, as copkit tells a user: one base class, and the exit statuses.

Only the command line prints and exits. Everything below it returns results or raises a
:class:`CopkitError` whose text is what the user must read; the command line shows it and exits
with the error's ``status``. Anything else that escapes is a bug, and is reported as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copkit.diagnostics import Diagnostic


class ExitStatus(IntEnum):
    """copkit's exit statuses, as the README lists them."""

    OK = 0
    PROBLEMS = 1  # errors found (or warnings with --strict), or nothing could be made
    USAGE = 2  # the command line itself is wrong
    INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report 128 + the signal's number


class CopkitError(Exception):
    """A problem the user can act on. ``diagnostics`` point at file, line and column, when known."""

    status = ExitStatus.PROBLEMS

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()):
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)


class Interrupted(CopkitError):
    """Ctrl-C (or SIGTERM) stopped a command; the message says what was left as it was."""

    status = ExitStatus.INTERRUPTED


class UsageError(CopkitError):
    """The command line asks for something impossible: nothing to check, a folder that is a file."""

    status = ExitStatus.USAGE
