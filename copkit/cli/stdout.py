"""``-`` as an output path: the standard output, as Unix tools take it (``copkit calendar X --out -``).

A file named ``-`` is still written when named through its folder (``./-`` is the same path to Python,
so ``$PWD/-``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

STDOUT = Path("-")


def is_terminal() -> bool:
    return sys.stdout.isatty()


def refuse_binary_on_terminal(binary: bool) -> None:
    """A PDF never goes to a terminal, where it would be noise and could leave the terminal in a strange state."""
    if binary and is_terminal():
        raise typer.BadParameter(
            "--out - would print a PDF on the terminal: pipe it to a file or printer, or choose --format md or html",
            param_hint="--out",
        )


def one_for_stdout(count: int, *, binary: bool, check: bool = False) -> None:
    """``--out -`` takes exactly one handout: the standard output holds one file."""
    if check:
        raise typer.BadParameter("--check compares the handouts in a folder: name it", param_hint="--out")
    if count != 1:
        raise typer.BadParameter(
            f"--out - writes one handout to the standard output, and this would make {count}:"
            " name one charter and one --handout",
            param_hint="--out",
        )
    refuse_binary_on_terminal(binary)


def write_stdout(content: bytes, *, binary: bool = False) -> None:
    """Write ``content`` whole to the standard output (binary content not to a terminal)."""
    refuse_binary_on_terminal(binary)
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # pragma: no cover - a text-only stream swapped in
        sys.stdout.write(content.decode("utf-8"))
    else:
        sys.stdout.flush()
        stream.write(content)
    sys.stdout.flush()
