"""Where copkit finds its own files, and the file names it gives a community's outputs.

A small module on purpose: status, check and the command line need these without pulling in
Jinja, Babel or icalendar.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from pathlib import Path


def builtin_templates() -> Path:
    """The folder of built-in templates: the package ``copkit.templates`` of the installed wheel, or
    ``templates/`` beside the package when the source tree itself is imported (``python -m pytest``)."""
    try:
        return Path(str(resources.files("copkit.templates")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "templates"


def slug(name: str) -> str:
    """A file-name-safe form of a community's name: 'Klantgericht schrijven' → 'klantgericht-schrijven'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "community"
