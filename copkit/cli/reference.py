"""``copkit rules`` and ``copkit schema``: what copkit checks, for people and for editors."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from copkit.cli.app import command


@command("rules")
def list_rules(
    output_format: Annotated[
        Literal["text", "json"],
        typer.Option(
            "--format", "-f", help="text, or json: each code with its name, severity, rationale and help_uri."
        ),
    ] = "text",
) -> None:
    """List every problem code: the coaching rules (warnings, can be ignored) and the format errors."""
    from copkit import rules

    if output_format == "json":
        from copkit.textsafe import json_text

        listed = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "rationale": rule.rationale,
                "help_uri": rule.help_uri,
            }
            for rule in sorted(rules.REGISTRY.values(), key=lambda rule: rule.code)
        ]
        typer.echo(json_text(listed), nl=False)
        return

    from copkit.cli.options import spoken, tell
    from copkit.messages import say

    for title, wanted in (
        (tell("Coaching rules (warnings; --ignore CODE switches one off)"), "warning"),
        (tell("Format errors"), "error"),
    ):
        typer.echo(title)
        for rule in sorted(rules.REGISTRY.values(), key=lambda rule: rule.code):
            if rule.severity.value == wanted:  # a rationale is its own template: nothing to fill in
                typer.echo(f"  {rule.code}  {rule.name:<26} {say(spoken(), rule.rationale)}")
        typer.echo("")


@command()
def schema() -> None:
    """Print the charter's JSON Schema, for editors (yaml-language-server) and check-jsonschema."""
    from copkit.schema import charter_schema

    typer.echo(charter_schema())
