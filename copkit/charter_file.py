"""Write a charter file: the text ``copkit init`` saves, from answers in the charter's shape.

The file is written from ``templates/charter.yaml.j2``: comments in the coach's language, keys in
the format's order, every value quoted by PyYAML's emitter so it reads back as typed. ``example``
gives the commented draft that ``copkit init --no-input`` writes.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import jinja2
import yaml

from copkit.choices import ROLES
from copkit.i18n import translations
from copkit.paths import builtin_templates

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
    return template.render(d=answers, roles=ROLES, filename=shown_filename(filename), schema_url=SCHEMA_FILE)


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


def example(lang: str, today: date) -> dict[str, Any]:
    """A filled-in draft that passes ``copkit check``: something concrete to edit, in ``lang``."""
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
            "timezone": "Europe/Brussels",
        },
        "roles": {
            "sponsor": {"name": _("Name of the sponsor")},
            "leader": {"name": _("Name of the leader"), "time_percent": 15},
            "coach": {"name": _("Name of the coach")},
            "coordinator": {"name": _("Name of the coordinator")},
        },
        "membership": {"access": "open", "how_to_join": _("Send a message in the community's channel")},
        "tooling": [{"name": _("The community's chat channel"), "purpose": _("questions and announcements")}],
        "evaluation_criteria": [
            {"criterion": _("Participation"), "measure": _("share of members at each session"), "target": "60%"}
        ],
        "review_date": default_review_date(today),
    }


def default_review_date(today: date) -> date:
    """Six months on: long enough to see results, soon enough to adjust course."""
    return today + timedelta(days=182)
