"""The ``copkit init`` interview: questions along the launch steps, each answer checked as it is typed.

The interview follows the four launch steps: purpose, membership, the way of working, and the
first meeting's practicalities. An invalid answer is explained in the coach's language and asked
again. Choices and bounds come from the charter format (``copkit.choices``, ``copkit.model``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, time
from typing import Any, cast

from pydantic_core import PydanticCustomError

from copkit.charter_file import default_review_date
from copkit.choices import ACCESSES, FOCUSES, FREQUENCIES, MODES, MONTHLY, ROLES, WEEKS, WORKDAYS, Role
from copkit.errors import CopkitError
from copkit.i18n import translations
from copkit.model import (
    MAX_LINE,
    MAX_MINUTES,
    MAX_PARAGRAPH,
    MAX_PERCENT,
    MIN_MINUTES,
    MIN_PERCENT,
    clock_time,
    iso_date,
    time_zone,
)
from copkit.rules.catalogue import LAUNCH_SHORTEST_MINUTES


class InvalidAnswer(CopkitError):
    """An answer that cannot stand; the message, in the coach's language, says what to type."""


def _(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message


Ask = Callable[..., Any]


class Interview:
    """Questions and their checks. ``ask`` and ``say`` come from the command line (``typer.prompt`` and
    ``typer.echo`` in a terminal), so this module never prints; tests pass their own."""

    def __init__(self, lang: str, today: date, ask: Ask, say: Callable[[str], None]):
        self.lang, self.today, self.ask, self.say = lang, today, ask, say
        self._ = translations(lang).gettext

    def text(self, question: str, default: str | None = None, *, required: bool = True, limit: int = MAX_LINE) -> str:
        """One answer, as the charter can hold it: no control characters, at most ``limit`` characters,
        and only characters the terminal sent as UTF-8 (a Latin-1 terminal's é arrives as a lone
        surrogate, which no UTF-8 file can hold: the coach is asked again)."""
        while True:
            answer = str(
                self.ask(
                    question,
                    default=default if default is not None else ("" if not required else None),
                    show_default=bool(default),
                )
            ).strip()
            if any("\ud800" <= character <= "\udfff" for character in answer):
                self.say(
                    self._(
                        "Your terminal did not send this answer as UTF-8: set it to UTF-8, or type the answer"
                        " without accents."
                    )
                )
            elif any(unicodedata.category(character) == "Cc" or character in "\u2028\u2029" for character in answer):
                self.say(self._("Please type the answer without control characters."))
            elif len(answer) > limit:
                self.say(self._("Please keep it to at most %(limit)s characters.") % {"limit": f"{limit:,}"})
            elif answer or not required:
                return answer
            else:
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
            except InvalidAnswer as exc:
                self.say(exc.message)

    def several(
        self, question: str, ask_one: Callable[[int], dict[str, Any] | str | None], *, at_least: int = 1
    ) -> list[Any]:
        """At least ``at_least`` items (one unless told); an empty answer after them ends the list."""
        self.say(question)
        items: list[Any] = []
        while True:
            item = ask_one(len(items))
            if item:
                items.append(item)
            elif len(items) >= at_least:
                return items
            else:
                self.say(self._("At least one, please."))

    def run(self) -> dict[str, Any]:
        """Every answer, in the shape of a charter."""
        _ = self._
        self.say(_("Let's draft the charter of your community of practice. Press Enter to accept a default."))
        self.say(_("Step 1: the purpose."))
        name = self.text(_("Name of the community"))
        domain = self.text(
            _("Its domain: the shared practice, broad yet concrete (optional)"), required=False, limit=MAX_PARAGRAPH
        )
        self.say(
            _(
                "Questions that help: Which topics and challenges do you want to work on? Would you talk about them "
                "with peers? How relevant are they for the organisation? What influence could the community have? "
                "What would make a colleague decide to join?"
            )
        )
        statement = self.text(_("Purpose statement"), limit=MAX_PARAGRAPH)
        focus = self.choice(_("Main goal"), FOCUSES, "knowledge-sharing")

        self.say(_("Step 2: membership."))
        access = self.choice(_("Membership"), ACCESSES, "open")
        membership: dict[str, Any] = {"access": access}
        if access == "closed":
            membership["admission"] = self.text(_("How are new members selected?"))
        how_to_join = self.text(_("How can a colleague join? (optional)"), required=False)
        if how_to_join:
            membership["how_to_join"] = how_to_join

        self.say(_("Step 3: how the community will work."))
        values = self.several(_("Values: what members find important (empty answer to finish)."), self._value)
        ambitions = self.several(
            _("Ambitions: concrete results you commit to (empty answer to finish)."),
            lambda n: self.text(_("Ambition") + f" {n + 1}", required=False),
        )
        cadence = self._cadence()
        roles = self._roles()
        tooling = self.several(
            _("Tooling: where you share knowledge and stay in touch (empty answer to finish)."), self._tool
        )
        self.say(_("Evaluation criteria, for example participation, output, use of tools or member satisfaction."))
        criteria = self.several(_("How will members judge success? (empty answer to finish)"), self._criterion)
        review = self.checked(_("Review date (YYYY-MM-DD)"), default_review_date(self.today).isoformat(), self._date)
        return {
            "language": self.lang,
            "name": name,
            "phase": "start-up",
            "domain": domain or None,
            "purpose": {"statement": statement, "focus": focus},
            "values": values,
            "ambitions": ambitions,
            "cadence": cadence,
            "roles": roles,
            "membership": membership,
            "tooling": tooling,
            "evaluation_criteria": criteria,
            "review_date": review,
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
        frequency = self.choice(_("How often do you meet?"), FREQUENCIES, "monthly")
        week = None
        if frequency in MONTHLY:
            week = self.choice(_("Which week of the month?"), WEEKS, "first")
        weekday = self.choice(_("On which weekday?"), WORKDAYS, "tuesday")
        start = self.checked(_("At what time? (HH:MM)"), "12:30", self._time)
        minutes = self.checked(_("How many minutes?"), "60", self._minutes)
        mode = self.choice(_("In person, online or hybrid?"), MODES, "hybrid")
        location = self.text(_("Where: a room, an address or a meeting link (optional)"), required=False)
        zone = self.checked(_("Time zone"), "Europe/Brussels", self._zone)
        return {
            "frequency": frequency,
            "week": week,
            "weekday": weekday,
            "time": start,
            "duration_minutes": minutes,
            "mode": mode,
            "location": location or None,
            "timezone": zone,
        }

    def _roles(self) -> dict[str, Any]:
        _ = self._
        self.say(_("Roles: a community needs at least a leader and a coach. Leave a role empty if it is still open."))
        questions: dict[Role, str] = {
            "sponsor": _("Sponsor, who backs the community from management"),
            "leader": _("Leader, who sets the agenda with members"),
            "coach": _("Coach, who helps the community mature"),
            "coordinator": _("Coordinator, for invitations, rooms and the platform"),
        }
        roles: dict[str, Any] = {}
        for key in ROLES:
            name = self.text(questions[key], required=False)
            if name:
                roles[key] = {"name": name}
                if key == "leader":
                    roles[key]["time_percent"] = self.checked(
                        _("Share of working time for leading (%)"), "15", self._percent
                    )
        return roles

    def _date(self, answer: str) -> date:
        return cast(date, self._parsed(iso_date, answer, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30.")))

    def _time(self, answer: str) -> time:
        return cast(time, self._parsed(clock_time, answer, _("Write a time as HH:MM, 24-hour, e.g. 12:30.")))

    def _zone(self, answer: str) -> str:
        return str(self._parsed(time_zone, answer, _("Give an IANA time zone such as Europe/Brussels.")))

    def _minutes(self, answer: str) -> int:
        # init writes a community that is starting up, whose launch takes the cadence's length: at
        # least what the shortest launch needs (E026), not merely what a charter allows.
        low = max(MIN_MINUTES, LAUNCH_SHORTEST_MINUTES)
        if answer.isdecimal() and low <= int(answer) <= MAX_MINUTES:  # isdigit() would pass '²'
            return int(answer)
        raise InvalidAnswer(
            self._("Give a number of minutes from %(low)s to %(high)s.") % {"low": low, "high": MAX_MINUTES}
        )

    def _percent(self, answer: str) -> float | int:
        try:
            share = float(answer.rstrip("% "))
        except ValueError:
            share = -1
        if MIN_PERCENT <= share <= MAX_PERCENT:
            return int(share) if share.is_integer() else share
        raise InvalidAnswer(
            self._("Give a percentage from %(low)s to %(high)s.") % {"low": MIN_PERCENT, "high": MAX_PERCENT}
        )

    def _parsed(self, parse: Callable[[str], Any], answer: str, message: str) -> Any:
        """The charter model's own parsing, with the reason said in the coach's language."""
        try:
            return parse(answer)
        except (PydanticCustomError, ValueError):  # ValueError: a date the calendar has no year for, 0000-01-01
            raise InvalidAnswer(self._(message)) from None
