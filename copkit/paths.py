"""Where copkit finds its own files, and the file names it gives a community's outputs.

A small module on purpose: status, check and the command line need these without pulling in
Jinja, Babel or icalendar.
"""

from __future__ import annotations

import hashlib
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


def name_hash(name: str) -> str:
    """Eight hexadecimal digits that stand for a community's name: the same for the same name (in
    any Unicode normal form), different for different names in all but astronomically rare cases."""
    return hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()[:8]


def slug(name: str) -> str:
    """A file-name-safe, readable form of a community's name, in any script: 'Klantgericht schrijven'
    → 'klantgericht-schrijven', 'Тестирование' → 'testirovanie', '学习小组' → 'xuexixiaozu'.

    Letters of other scripts are transliterated (anyascii), so two communities named in Cyrillic
    get different names, not both 'community'. A name with nothing to transliterate ('!!!') gets
    'community-' and its :func:`name_hash`, unique to it all the same.
    """
    from anyascii import anyascii  # only the commands that write files need it

    ascii_name = anyascii(unicodedata.normalize("NFKC", name))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower())[:80].strip("-") or f"community-{name_hash(name)}"
