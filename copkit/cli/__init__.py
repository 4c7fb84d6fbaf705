"""The command line: the only layer that prints, prompts and exits.

One module per command; each registers itself on :data:`app` when imported, in the order
``copkit --help`` lists them.
"""

# isort: off
from copkit.cli import check, render, init, log, ical, status, website, report, templates, reference  # noqa: F401  (registers the commands)

# isort: on
from copkit.cli.app import app, main

__all__ = ["app", "main"]
