"""``copkit init``: draft a charter, by interviewing the coach or as a commented example.

The interview follows the four launch steps: purpose, membership, the way of working, and the
first meeting's practicalities. Each answer is checked as it is typed and asked again when it is
invalid. The file is written from ``templates/charter.yaml.j2``: comments in the coach's language,
keys in the format's order, every value quoted by PyYAML's emitter so it reads back as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import jinja2
import typer
import yaml

from pydantic_core import PydanticCustomError

from copkit.i18n import builtin_templates, translations
from copkit.model import clock_time, iso_date, time_zone

SCHEMA_FILE = "charter.schema.json"


def _(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message

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


def write_charter(answers: dict[str, Any], *, filename: str = "charter.yaml") -> str:
    """The charter file's text for ``answers`` (the charter's shape), commented in its language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin_templates())),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.install_gettext_translations(translations(answers["language"]), newstyle=True)  # type: ignore[attr-defined]
    env.filters["yaml"] = yaml_scalar
    template = env.get_template("charter.yaml.j2")
    return template.render(d=answers, filename=shown_filename(filename), schema_url=SCHEMA_FILE)


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
            "frequency": "monthly", "week": "first", "weekday": "tuesday", "time": time(12, 30),
            "duration_minutes": 60, "mode": "hybrid", "location": _("Meeting room and online"),
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


# --- the interview --------------------------------------------------------------------------------

Ask = Callable[..., Any]


class Interview:
    """Questions and their checks. ``ask`` is ``typer.prompt`` in a terminal; tests may pass their own."""

    def __init__(self, lang: str, today: date, ask: Ask = typer.prompt, say: Callable[[str], None] = typer.echo):
        self.lang, self.today, self.ask, self.say = lang, today, ask, say
        self._ = translations(lang).gettext

    def text(self, question: str, default: str | None = None, *, required: bool = True) -> str:
        while True:
            answer = str(self.ask(question, default=default if default is not None else ("" if not required else None),
                                  show_default=bool(default))).strip()
            if answer or not required:
                return answer
            self.say(self._("Please give an answer."))

    def choice(self, question: str, options: tuple[str, ...], default: str) -> str:
        while True:
            answer = self.text(f"{question} ({', '.join(options)})", default).lower()
            if answer in options:
                return answer
            self.say(self._("Choose one of: %(options)s") % {"options": ", ".join(options)})

    def checked(self, question: str, default: str, parse: Callable[[str], Any], *, required: bool = True) -> Any:
        while True:
            answer = self.text(question, default, required=required)
            if not answer and not required:
                return None
            try:
                return parse(answer)
            except ValueError as exc:
                self.say(str(exc))

    def several(self, question: str, ask_one: Callable[[int], dict[str, Any] | str | None]) -> list[Any]:
        """At least one item; an empty answer after the first ends the list."""
        self.say(question)
        items: list[Any] = []
        while True:
            item = ask_one(len(items))
            if item:
                items.append(item)
            elif items:
                return items
            else:
                self.say(self._("At least one, please."))

    def run(self) -> dict[str, Any]:
        """Every answer, in the shape of a charter."""
        _ = self._
        self.say(_("Let's draft the charter of your community of practice. Press Enter to accept a default."))
        self.say(_("Step 1: the purpose."))
        name = self.text(_("Name of the community"))
        domain = self.text(_("Its domain: the shared practice, broad yet concrete (optional)"), required=False)
        self.say(_("Questions that help: Which topics and challenges do you want to work on? Would you talk about them "
                   "with peers? How relevant are they for the organisation? What influence could the community have? "
                   "What would make a colleague decide to join?"))
        statement = self.text(_("Purpose statement"))
        focus = self.choice(_("Main goal"), ("knowledge-sharing", "problem-solving", "innovation"), "knowledge-sharing")

        self.say(_("Step 2: membership."))
        access = self.choice(_("Membership"), ("open", "closed"), "open")
        membership: dict[str, Any] = {"access": access}
        if access == "closed":
            membership["admission"] = self.text(_("How are new members selected?"))
        how_to_join = self.text(_("How can a colleague join? (optional)"), required=False)
        if how_to_join:
            membership["how_to_join"] = how_to_join

        self.say(_("Step 3: how the community will work."))
        values = self.several(_("Values: what members find important (empty answer to finish)."), self._value)
        ambitions = self.several(_("Ambitions: concrete results you commit to (empty answer to finish)."),
                                 lambda n: self.text(_("Ambition") + f" {n + 1}", required=False))
        cadence = self._cadence()
        roles = self._roles()
        tooling = self.several(_("Tooling: where you share knowledge and stay in touch (empty answer to finish)."),
                               self._tool)
        self.say(_("Evaluation criteria, for example participation, output, use of tools or member satisfaction."))
        criteria = self.several(_("How will members judge success? (empty answer to finish)"), self._criterion)
        review = self.checked(_("Review date (YYYY-MM-DD)"), default_review_date(self.today).isoformat(), self._date)
        return {
            "language": self.lang, "name": name, "phase": "start-up", "domain": domain or None,
            "purpose": {"statement": statement, "focus": focus}, "values": values, "ambitions": ambitions,
            "cadence": cadence, "roles": roles, "membership": membership, "tooling": tooling,
            "evaluation_criteria": criteria, "review_date": review,
        }

    def _value(self, n: int) -> dict[str, Any] | None:
        value = self.text(self._("Value") + f" {n + 1}", required=False)
        if not value:
            return None
        behaviour = self.text(self._("What do members do because of it?"), required=False)
        return {"value": value, "behaviour": behaviour or None}

    def _tool(self, n: int) -> dict[str, Any] | None:
        name = self.text(self._("Tool") + f" {n + 1}", required=False)
        if not name:
            return None
        return {"name": name, "purpose": self.text(self._("What for? (optional)"), required=False) or None}

    def _criterion(self, n: int) -> dict[str, Any] | None:
        criterion = self.text(self._("Criterion") + f" {n + 1}", required=False)
        if not criterion:
            return None
        measure = self.text(self._("How do you measure it? (optional)"), required=False)
        target = self.text(self._("Target (optional)"), required=False)
        return {"criterion": criterion, "measure": measure or None, "target": target or None}

    def _cadence(self) -> dict[str, Any]:
        _ = self._
        frequency = self.choice(_("How often do you meet?"), ("weekly", "biweekly", "monthly", "quarterly"), "monthly")
        week = None
        if frequency in ("monthly", "quarterly"):
            week = self.choice(_("Which week of the month?"), ("first", "second", "third", "fourth", "last"), "first")
        weekday = self.choice(_("On which weekday?"), ("monday", "tuesday", "wednesday", "thursday", "friday"), "tuesday")
        start = self.checked(_("At what time? (HH:MM)"), "12:30", self._time)
        minutes = self.checked(_("How many minutes?"), "60", self._minutes)
        mode = self.choice(_("In person, online or hybrid?"), ("in-person", "online", "hybrid"), "hybrid")
        location = self.text(_("Where: a room, an address or a meeting link (optional)"), required=False)
        zone = self.checked(_("Time zone"), "Europe/Brussels", self._zone)
        return {"frequency": frequency, "week": week, "weekday": weekday, "time": start, "duration_minutes": minutes,
                "mode": mode, "location": location or None, "timezone": zone}

    def _roles(self) -> dict[str, Any]:
        _ = self._
        self.say(_("Roles: a community needs at least a leader and a coach. Leave a role empty if it is still open."))
        roles: dict[str, Any] = {}
        for key, question in (("sponsor", _("Sponsor, who backs the community from management")),
                              ("leader", _("Leader, who sets the agenda with members")),
                              ("coach", _("Coach, who helps the community mature")),
                              ("coordinator", _("Coordinator, for invitations, rooms and the platform"))):
            name = self.text(question, required=False)
            if name:
                roles[key] = {"name": name}
                if key == "leader":
                    roles[key]["time_percent"] = self.checked(_("Share of working time for leading (%)"), "15", self._percent)
        return roles

    def _date(self, answer: str) -> date:
        return self._parsed(iso_date, answer, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30."))

    def _time(self, answer: str) -> time:
        return self._parsed(clock_time, answer, _("Write a time as HH:MM, 24-hour, e.g. 12:30."))

    def _zone(self, answer: str) -> str:
        return self._parsed(time_zone, answer, _("Give an IANA time zone such as Europe/Brussels."))

    def _minutes(self, answer: str) -> int:
        if answer.isdecimal() and 15 <= int(answer) <= 480:  # isdigit() would pass '²', which int() refuses
            return int(answer)
        raise ValueError(self._("Give a number of minutes from 15 to 480."))

    def _percent(self, answer: str) -> float | int:
        try:
            share = float(answer.rstrip("% "))
        except ValueError:
            share = -1
        if 0 <= share <= 100:
            return int(share) if share.is_integer() else share
        raise ValueError(self._("Give a percentage from 0 to 100."))

    def _parsed(self, parse: Callable[[str], Any], answer: str, message: str) -> Any:
        """The charter model's own parsing, with the reason said in the coach's language."""
        try:
            return parse(answer)
        except (PydanticCustomError, ValueError):  # ValueError: a date the calendar has no year for, 0000-01-01
            raise ValueError(self._(message)) from None
