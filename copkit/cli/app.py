"""The Typer application, its root options, and the one place where errors become messages.

Start-up is kept lean: heavy modules (Pydantic models, Rich, Jinja) are imported inside the
commands that need them, so ``copkit --help`` and ``copkit check`` stay quick in pre-commit and CI.

Command-line conventions live here, once for every command: ``-h``/``--help``, ``-V``/``--version``,
shell completion, exit status 130 on Ctrl-C, and help text without Typer's type labels
(``<bool>``, ``<list[Path]>``, ``{charters}``): see :mod:`copkit.cli.helptext`.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import importlib
import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import typer._click as click
import typer.main

from copkit import __version__
from copkit.cli.helptext import CleanCommand, CleanGroup
from copkit.errors import CopkitError, ExitStatus

# -h as well as --help, on every command (Click's default is --help only).
CONTEXT = {"help_option_names": ["-h", "--help"]}

# Every command and the module that registers it, in the order ``copkit --help`` lists them. A module
# is imported, and its command built, only when the command runs or help lists it: ``copkit check``
# pays for neither the other commands' imports nor their Click commands. tests/test_startup.py keeps the
# table in step with the modules' @command()s.
COMMANDS = {
    "check": "copkit.cli.check",
    "render": "copkit.cli.render",
    "init": "copkit.cli.init",
    "log": "copkit.cli.log",
    "calendar": "copkit.cli.ical",
    "status": "copkit.cli.status",
    "site": "copkit.cli.website",
    "report": "copkit.cli.report",
    "templates": "copkit.cli.templates",
    "rules": "copkit.cli.reference",
    "schema": "copkit.cli.reference",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: every name of :data:`COMMANDS` is there from the start (for help,
    completion and 'did you mean'), and each command is built the first time it is looked up."""

    def __init__(self, built: MutableMapping[str, click.Command]) -> None:
        self.built = dict(built)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.built and name in COMMANDS:
            importlib.import_module(COMMANDS[name])  # registers its command(s) on the app
            for info in app.registered_commands:
                if info.callback is not None and (info.name or info.callback.__name__) == name:
                    self.built[name] = typer.main.get_command_from_info(
                        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
                    )
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self.built.keys())

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]


class LazyGroup(CleanGroup):
    """The ``copkit`` group, its commands built on demand (:class:`LazyCommands`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


app = typer.Typer(
    name="copkit",
    help="Charters, checks and handouts for coaches of communities of practice.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; Typer imports its completion code only then
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
    cls=LazyGroup,
    rich_markup_mode="rich",
)

Command = TypeVar("Command", bound=Callable[..., Any])


def show(error: CopkitError, lang: str = "en") -> None:
    """What a failed command says: every diagnostic as the contract's line, then why on one line,
    in ``lang`` where translated; control characters from charter values made visible."""
    from dataclasses import replace

    from copkit.messages import translate
    from copkit.textsafe import visible

    for problem in error.diagnostics:
        typer.echo(visible(str(replace(problem, message=translate(problem.message, lang)))), err=True)
    for line in error.message.splitlines():
        typer.echo(f"copkit: {visible(translate(line, lang))}", err=True)


def error_language(chosen: object) -> str:
    """The language of a failed command's messages: its ``--lang``, else the configuration's (from
    this folder up), else the environment's."""
    from copkit.choices import LANGUAGES
    from copkit.config import load_config
    from copkit.messages import message_language

    try:
        configured = load_config().lang
    except CopkitError:  # a broken configuration has its own message; the error at hand comes first
        configured = None
    return message_language(chosen if chosen in LANGUAGES else None, configured)


def degrade_output() -> None:
    """Let a terminal or pipe that cannot show a character get its escape (``\\u0439``) instead of
    a crash: ``PYTHONIOENCODING=ascii``, a C locale, a Windows code page."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or detached stream raises: there is nothing to say there anyway.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def command(name: str | None = None) -> Callable[[Command], Command]:
    """Register a command; a :class:`CopkitError` it raises is shown and ends it with its status."""

    def register(function: Command) -> Command:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            from copkit.cli.options import LANGUAGE, language_of

            resume_collector()
            said = LANGUAGE.set(language_of(kwargs.get("lang")))
            try:
                return function(*args, **kwargs)
            except CopkitError as error:
                show(error, LANGUAGE.get()())
                raise typer.Exit(error.status) from None
            except KeyboardInterrupt:
                stopped(LANGUAGE.get()())
            except typer.Abort as abort:  # a prompt Ctrl-C'ed: Click turns the interrupt into Abort
                if isinstance(abort.__context__, KeyboardInterrupt):
                    stopped(LANGUAGE.get()())
                raise
            finally:
                LANGUAGE.reset(said)

        app.command(name, cls=CleanCommand, context_settings=CONTEXT, help=paragraphs(function.__doc__))(run)
        return function

    return register


# Whether the console entry point paused the garbage collector for start-up (main's collector_paused).
_collector_paused = False


def resume_collector() -> None:
    """The command starts: the collector runs again if start-up paused it, with every object start-up
    made (modules, classes, Typer's parameters) frozen, so that it never walks them again."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def stopped(lang: str = "en") -> typer.Exit:
    """Ctrl-C: one line on stderr, no traceback, and the status shells give a SIGINT (130)."""
    from copkit.messages import translate

    typer.echo("\ncopkit: " + translate("interrupted", lang), err=True)
    raise typer.Exit(ExitStatus.INTERRUPTED)


def stop_status(stop: BaseException) -> ExitStatus:
    """How an interview that stopped ends: 130 for Ctrl-C (Click's prompt turns it into Abort), 1 when
    the input ran out."""
    interrupt = isinstance(stop, KeyboardInterrupt) or isinstance(stop.__context__, KeyboardInterrupt)
    return ExitStatus.INTERRUPTED if interrupt else ExitStatus.PROBLEMS


def paragraphs(doc: str | None) -> str | None:
    """A docstring as help: each paragraph one line, so the terminal wraps it where it must (Rich keeps
    a docstring's own line breaks, which then cut a sentence in two). A paragraph that starts with
    ``\\b`` keeps its lines, as in Click."""
    if doc is None:
        return None
    return "\n\n".join(
        part if part.startswith("\b") else " ".join(part.split()) for part in inspect.cleandoc(doc).split("\n\n")
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Charters, checks and handouts for coaches of communities of practice."""
    degrade_output()  # again here, for streams swapped in after main() (a test's CliRunner)


def main(*, collector_paused: bool = False) -> None:
    """Console entry point: a broken pipe or an unforeseen slip ends with one line, never a traceback.
    Once the output is out it ends the process at once (:func:`leave`). With ``collector_paused``
    (see :mod:`copkit.__main__`), the garbage collector resumes when the command starts."""
    global _collector_paused
    _collector_paused = collector_paused
    try:
        run()
    except SystemExit as done:
        leave(done.code)


def run() -> None:
    """The command line as Click runs it: it ends with :class:`SystemExit` and the status."""
    degrade_output()
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (``copkit check | head``); nothing left to say
        sys.exit(ExitStatus.PROBLEMS)
    except KeyboardInterrupt:  # between commands: while Python imports them, or Typer parses
        typer.echo("\ncopkit: interrupted", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    except Exception as exc:  # pragma: no cover - a safety net; tests drive `app` directly and see the bug
        typer.echo(f"copkit: unexpected error ({type(exc).__name__}: {exc}); please report it", err=True)
        sys.exit(ExitStatus.PROBLEMS)


def leave(status: object) -> NoReturn:
    """End the process with ``status`` as ``sys.exit`` would, without the interpreter's teardown (a
    sixth of one-file ``check``'s time, spent freeing what the process is about to drop): the output
    is flushed and the exit handlers run first. Python ends as it always does, with its own message
    and status, when a stream cannot be flushed (a reader gone), when the status is not a number, or
    when another thread still runs (a worker pool's, which Python would wait for)."""
    if not isinstance(status, int | None) or threading.active_count() > 1:
        raise SystemExit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    atexit._run_exitfuncs()  # what Python runs before its teardown: a temporary folder's removal, say
    os._exit(status or 0)
