"""Something moving on the terminal while a long write runs (a site, a folder's report, PDFs), so a
coach does not wonder whether copkit hangs. Only on a terminal, and only on stderr: the standard
output stays what a script reads."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def working(description: str, *, console: Console | None = None) -> Iterator[None]:
    """A spinner with ``description`` on stderr while the block runs, gone when it ends; nothing when
    stderr is not a terminal (a pipe, CI's log), unless a ``console`` is given."""
    if console is None and not is_terminal():
        yield
        return
    from rich.console import Console

    with (console or Console(stderr=True)).status(description):
        yield
