"""The process that runs copkit: the console script ``copkit`` and ``python -m copkit``.

What only a process of its own may do is done here, not in :mod:`copkit.cli`, which tests and library
callers import: the garbage collector pauses while the command line is imported and built (start-up
allocates much and frees next to nothing, and the collector would walk it all several times), and
Pydantic is told not to look through every installed package's metadata for plugins copkit does not use.
"""

import gc
import os


def main() -> None:
    """Run the command line as a process of its own; :func:`copkit.cli.app.main` ends it."""
    gc.disable()  # resumed, with start-up's objects frozen, when the command starts (copkit.cli.app)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # a user's own setting stays
    from copkit.cli.app import main as run

    run(collector_paused=True)


if __name__ == "__main__":
    main()
