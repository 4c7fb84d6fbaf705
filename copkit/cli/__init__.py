"""The command line: the only layer that prints, prompts and exits.

One module per command; each registers itself on :data:`app` when imported, which happens when the
command runs or help lists it (:data:`copkit.cli.app.COMMANDS`).
"""

from copkit.cli.app import app, main

__all__ = ["app", "main"]
