"""Hypothesis strategies and settings shared by the charter-writing tests, and the example charters.

They are needed when a test module is imported (in ``@given``, ``@settings`` and ``parametrize``), so
they cannot be fixtures; everything else the tests share is a fixture in conftest.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import strategies as st

# The bundled example charters, one folder per community as a coach would lay them out. A test
# parametrized over an empty list would pass without testing anything: hence the assertion.
EXAMPLE_CHARTERS = sorted((Path(__file__).resolve().parents[1] / "examples").glob("communities/*/charter.yaml"))
assert len(EXAMPLE_CHARTERS) >= 2, "the example charters moved: update EXAMPLE_CHARTERS"


def ctrl_c_when_ready(code: str, *args: str) -> tuple[int, str]:
    """Run ``python -c code args`` in a process group of its own, wait until it prints ``ready`` (in one
    write, as workers may both say it), then press Ctrl-C as a terminal does, to the command and every
    worker it started: its exit status and standard error."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


def flat(output: str) -> str:
    """Output with Rich's error-box drawing removed and white space collapsed, for wrapped messages."""
    return " ".join(output.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def fuzz_examples(default: int) -> int:
    """How many examples a property test tries: ``default``, or COPKIT_FUZZ_EXAMPLES when set."""
    return int(os.environ.get("COPKIT_FUZZ_EXAMPLES") or default)


# Texts YAML reads as something else when written plainly, and characters it treats specially.
TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "~",
    "null",
    "12:30",
    "1:30:00",
    "010",
    "0x1F",
    "0o17",
    "1e3",
    "1_000",
    ".inf",
    ".NaN",
    "2027-03-31",
    "Team: A",
    "#general",
    "a #b",
    "a: b",
    "- x",
    "? x",
    "[a, b]",
    "{a: b}",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "%YAML",
    "@",
    "`",
    '"quoted"',
    "'single'",
    "'",
    '"',
    "\\",
    "é",
    "ë",
    "Ñ",
    "😀",
    "🇧🇪",
    "\t",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x9f",
    "\ufffe",
    "---",
    "...",
    "<<",
    " ",
    "=",
    ",",
]
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))  # everything but lone surrogates, which no file can hold
# What a charter's text may hold: no control characters, no line breaks of any kind (copkit.model).
ALLOWED_CHARACTER = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u2028\u2029")


def allowed(text: str) -> str:
    """``text`` without what a single-line text of a charter may not hold, cut to its 200 characters."""
    kept = "".join(c for c in text if unicodedata.category(c) != "Cc" and c not in "\u2028\u2029")
    return kept.strip()[:200].strip()


RAW_TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), ANY_CHARACTER), max_size=8).map("".join) | st.text(ANY_CHARACTER)
