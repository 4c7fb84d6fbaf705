"""Write a charter file: the text ``copkit init`` saves, from answers in the charter's shape.

The file is written from ``templates/charter.yaml.j2``: comments in the coach's language, keys in
the format's order, every value quoted by PyYAML's emitter so it reads back as typed. ``example``
gives the commented draft that ``copkit init --no-input`` writes.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date, time, timedelta
from typing import Any

import jinja2
import yaml

from copkit.choices import ROLES
from copkit.i18n import translations
from copkit.paths import builtin_templates
from copkit.rules.placeholders import EMAIL, PERSON_NAMES, URL

SCHEMA_FILE = "charter.schema.json"


_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def yaml_scalar(value: Any) -> str:
    """One YAML scalar that copkit reads back as ``value``: quoted wherever plain text would be
    misread (``yes``, ``12:30``, ``#general``, ``Team: A``), and always on one line."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"a charter value is text, a number, a date or a time, not {value!r}")
    if isinstance(value, (int, float)):
        # PyYAML's own spelling: every digit of a float (33.333333, not 33.3333 as f"{value:g}" would
        # have it), with the dot YAML 1.1 needs to read 1e-07 as a number (1.0e-07)
        number = float(value) if isinstance(value, float) else int(value)  # a subclass has no representer
        return yaml.safe_dump(number).removesuffix("\n...\n")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")  # plain 12:30: copkit reads it as the time, never as base 60
    text = str(value)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=2**31).removesuffix("\n...\n").removesuffix("\n")
    if any(mark in dumped for mark in _LINE_BREAKS):
        dumped = yaml.safe_dump(text, allow_unicode=True, width=2**31, default_style='"').removesuffix("\n")
    return dumped


def comment_text(value: Any) -> str:
    """``value`` as the text of one YAML comment: on one line (every run of white space, line breaks
    of any kind among them, becomes one space) and printable (anything else is shown escaped, since
    YAML readers refuse it even in a comment)."""
    text = " ".join(str(value).split())
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def yaml_environment(lang: str) -> jinja2.Environment:
    """The Jinja environment of the YAML files copkit writes (a charter, a journal entry): comments
    in ``lang``, the ``yaml`` filter for every value and the ``comment`` filter for a value in a comment."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin_templates())),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["yaml"] = yaml_scalar
    env.filters["comment"] = comment_text
    return env


def write_charter(answers: dict[str, Any], *, filename: str = "charter.yaml") -> str:
    """The charter file's text for ``answers`` (the charter's shape), commented in its language."""
    template = yaml_environment(answers["language"]).get_template("charter.yaml.j2")
    text = template.render(d=answers, roles=ROLES, filename=shown_filename(filename), schema_url=SCHEMA_FILE)
    return "".join(fitted(line) for line in text.splitlines(keepends=True))


# yamllint's default line length, which common pre-commit setups enforce on every YAML file.
WIDTH = 80
_ENTRY = re.compile(r"(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+: )?(?P<scalar>.+)")


def fitted(line: str, width: int = WIDTH) -> str:
    """``line`` (with its line end) within ``width`` characters where it can be: a comment wrapped
    onto more comment lines, a long text value folded into a ``>-`` block scalar that reads back as
    the same text. A word longer than the line (a link) gets a line of its own, which yamllint
    allows; a text no block scalar can hold exactly (line breaks, tabs, characters YAML writes
    escaped, spaces at an end) stays on one line as it was quoted."""
    body = line.rstrip("\n")
    if len(body) <= width:
        return line
    stripped = body.lstrip(" ")
    indent = body[: len(body) - len(stripped)]
    if stripped.startswith("# "):
        wrapped = textwrap.wrap(stripped[2:], width - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
        return "".join(f"{indent}# {part}\n" for part in wrapped)
    match = _ENTRY.fullmatch(body)
    if match is None or not (match["dash"] or match["key"]):
        return line
    try:
        value = yaml.safe_load(match["scalar"])  # the scalar as yaml_scalar wrote it: its text again
    except yaml.YAMLError:  # pragma: no cover - every scalar written here is one
        return line
    if not isinstance(value, str) or not _foldable(value):
        return line
    column = len(match["indent"]) + (2 if match["dash"] else 0)  # where the key (or the item) starts
    inner = " " * (column + 2)
    head = f"{match['indent']}{match['dash'] or ''}{match['key'] or ''}>-\n"
    return head + "".join(f"{inner}{part}\n" for part in _folded(value, width - len(inner)))


# A space a folded scalar may break at: one, between two other characters. A fold reads back as one
# space; breaking in a run of spaces would leave the rest at the start of a line, where it is kept
# with the line break.
_FOLD = re.compile(r"(?<=\S) (?=\S)")


def _folded(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters where its words allow, joined by one space
    each, so that a folded scalar reads back as ``text`` itself."""
    lines: list[str] = []
    for word in _FOLD.split(text):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _foldable(text: str) -> bool:
    """Whether a folded block scalar holds ``text`` exactly: printable (no line breaks, tabs or
    characters YAML only writes escaped) and no space at either end."""
    return bool(text) and text.isprintable() and text == text.strip(" ")


def shown_filename(filename: str) -> str:
    """The file's name as the charter's comment shows it: UTF-8 and printable on one line, whatever
    the file system allows. A line break in a name would end the comment and leave the rest of the
    name as YAML, a control character is refused by YAML readers, and a byte that is not UTF-8
    (a surrogate escape in ``sys.argv``) cannot be written at all; each is shown escaped instead."""
    try:
        raw = filename.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no byte stands behind
        raw = filename.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def example(lang: str, today: date, zone: str = "Europe/Brussels") -> dict[str, Any]:
    """A filled-in draft to edit, in ``lang``, meeting in ``zone`` (``init`` passes the system's): it
    passes ``copkit check`` but for the placeholders (:mod:`copkit.rules.placeholders`) that W116
    reports until they are filled in."""
    _ = translations(lang).gettext
    return {
        "language": lang,
        "name": _("Our community of practice"),
        "phase": "start-up",
        "domain": _("The shared practice we want to get better at"),
        "purpose": {
            "statement": _("Learn from each other's practice so that we all do our work better"),
            "focus": "knowledge-sharing",
        },
        "values": [{"value": _("Openness"), "behaviour": _("We share what failed as readily as what worked")}],
        "ambitions": [_("A shared checklist of what works, built from members' own cases")],
        "cadence": {
            "frequency": "monthly",
            "week": "first",
            "weekday": "tuesday",
            "time": time(12, 30),
            "duration_minutes": 60,
            "mode": "hybrid",
            "location": _("Meeting room and online"),
            "timezone": zone,
        },
        "roles": {
            "sponsor": {"name": _(PERSON_NAMES["sponsor"])},
            "leader": {"name": _(PERSON_NAMES["leader"]), "time_percent": 15},
            "coach": {"name": _(PERSON_NAMES["coach"])},
            "coordinator": {"name": _(PERSON_NAMES["coordinator"]), "email": _(EMAIL)},
        },
        "membership": {"access": "open", "how_to_join": _("Send a message in the community's channel")},
        "tooling": [
            {"name": _("The community's chat channel"), "purpose": _("questions and announcements"), "url": URL}
        ],
        "evaluation_criteria": [
            {"criterion": _("Participation"), "measure": _("share of members at each session"), "target": "60%"}
        ],
        "review_date": default_review_date(today),
    }


def default_review_date(today: date) -> date:
    """Six months on: long enough to see results, soon enough to adjust course."""
    return today + timedelta(days=182)
