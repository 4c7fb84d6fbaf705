"""Allow ``python -m copkit``."""

from copkit.cli import main

main()
