"""A command line copkit cannot parse (an unknown option, a missing argument, a value Typer refuses),
told in the user's language and without a library's prefix.

Click and Typer word these errors in English (Click through gettext, which wants compiled ``.mo``
files found by environment variables, not copkit's ``--lang`` or configuration). As with check's
messages (:mod:`copkit.messages`), the English message is matched against the templates below and
filled into the catalogue's translation; a message no template knows stays English. English output
is Typer's own panel, minus Pydantic's ``Value error,`` that Typer 0.29 leaves in a refused choice.
"""

from __future__ import annotations

from typing import Any

import typer._click as click


def _(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated when the error is shown."""
    return message


# The lines around every usage error, then Click's and Typer's messages (the pinned versions' wording).
FRAME = (_("Usage:"), _("Try '{command} {option}' for help."), _("Error"))
TEMPLATES = (
    _("No such option: {option} (Possible options: {options})"),
    _("No such option: {option}"),
    _("No such option {option}. Did you mean {meant}?"),
    _("No such option {option}."),
    _("No such command {command}. Did you mean {meant}?"),
    _("No such command {command}."),
    _("Missing argument {name}."),
    _("Missing option {name}."),
    _("Missing command."),
    _("Option {option} requires an argument."),
    _("Option {option} requires {count} arguments."),
    _("Option {option} does not take a value."),
    _("Got unexpected extra argument(s) ({arguments})"),
    _("Got unexpected extra argument ({arguments})"),
    _("Got unexpected extra arguments ({arguments})"),
    _("Invalid value for {option}: {value} is not one of {options}."),
    _("Invalid value for {option}: {value} is not a valid integer."),
    _("Invalid value for {option}: {value} is not in the range {range}."),
    _("Invalid value for {option}: {value} is not a date: write it as YYYY-MM-DD"),
    _("Invalid value for {option}: {reason}"),
)


def show(error: click.ClickException, lang: str) -> None:
    """Print ``error`` as Typer does (usage, where to find help, the message in a panel), in ``lang``."""
    from rich.markup import escape
    from rich.panel import Panel
    from typer import rich_utils

    from copkit.messages import catalogue, fill, translate, unprefixed

    table = catalogue(lang) if lang != "en" else {}
    console = rich_utils._get_rich_console(stderr=True)
    ctx: Any = getattr(error, "ctx", None)
    if ctx is not None:
        usage = table.get("Usage:", "Usage:") + ctx.get_usage().removeprefix("Usage:")
        console.print(escape(usage), style=rich_utils.STYLE_USAGE_COMMAND)
        if ctx.command.get_help_option(ctx) is not None:
            hint = table.get(FRAME[1], FRAME[1]).format(command=ctx.command_path, option=ctx.help_option_names[0])
            console.print(escape(hint), style=rich_utils.STYLE_ERRORS_SUGGESTION)
    error.message = unprefixed(error.message)  # a value Typer refused carries Pydantic's prefix inside Click's words
    message = fill(error.format_message(), TEMPLATES, table, lambda reason: translate(reason, lang))
    console.print(
        Panel(
            escape(message),
            border_style=rich_utils.STYLE_ERRORS_PANEL_BORDER,
            title=table.get("Error", "Error"),
            title_align=rich_utils.ALIGN_ERRORS_PANEL,
        )
    )
