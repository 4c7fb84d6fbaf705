"""Help text in the conventions of Unix tools, whatever labels the pinned Typer draws.

Typer 0.29 labels every parameter with its Python type: ``<bool>`` beside a flag, ``<list[Path]>``
beside the file arguments, ``<path>``, ``<int range>``, and ``{charters}`` for a required argument in
the usage line. A reader wants none of that: a flag takes no value, an argument is named in capitals
(``[PATHS]...``, ``CHARTERS...``), an option's value is named by its ``metavar`` or in capitals
(``PATH``, ``INTEGER``), and its choices in brackets (``[md|html|pdf]``). The commands and the group use
the classes below, which give each parameter the matching display; the methods they override are
Typer's own, so ``pyproject.toml`` pins Typer to the range tests/test_conventions.py has run against.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer._click as click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _Argument(TyperArgument):
    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None  # the name in capitals says it; the help says what it holds

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return f"{name}..." if self.nargs != 1 else name


class _Option(TyperOption):
    def display_type_rich(self, ctx: click.Context) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None  # a flag takes no value
        label = (self.display_type(ctx) or "").strip("<>").removeprefix("list[").removesuffix("]")
        if "|" in label:
            return f"[{label}]"
        label = label.removesuffix(" range").upper()
        return {"INT": "INTEGER", "STR": "TEXT"}.get(label, label)


def _tidy(params: list[Any]) -> list[Any]:
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument
        elif type(param) is TyperOption:
            param.__class__ = _Option
    return params


class CleanCommand(TyperCommand):
    """A command whose help labels its parameters as Unix tools do (see the module)."""

    def get_params(self, ctx: click.Context) -> list[Any]:
        return _tidy(super().get_params(ctx))


class CleanGroup(TyperGroup):
    """The ``copkit`` group, with the same help conventions as its commands."""

    def get_params(self, ctx: click.Context) -> list[Any]:
        return _tidy(super().get_params(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Typer's main, except that a usage error is shown by :mod:`copkit.cli.usage`: in the
        user's language, without Pydantic's prefix. Otherwise as Typer's standalone mode ends."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click.ClickException as error:
            if type(error).__name__ != "NoArgsIsHelpError":  # Typer has shown the help already
                from copkit.cli.app import error_language
                from copkit.cli.usage import show

                show(error, error_language(_lang_option(args)))
            sys.exit(error.exit_code)
        except typer.Abort:
            from typer import rich_utils

            rich_utils.rich_abort_error()
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _lang_option(args: Any) -> str | None:
    """The value of ``--lang`` among the command line's words, though the line did not parse."""
    words = [str(word) for word in (sys.argv[1:] if args is None else args)]
    for index, word in enumerate(words):
        if word == "--lang" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None
