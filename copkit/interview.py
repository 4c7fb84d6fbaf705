"""The ``copkit init`` interview: questions along the launch steps, each answer checked as it is typed.

The interview follows the four launch steps: purpose, membership, the way of working, and the
first meeting's practicalities. An invalid answer is explained in the coach's language and asked
again; an answer a coaching rule will warn about is said at once, with the rule's code and the
catalogue's thresholds. Choices and bounds come from the charter format (``copkit.choices``,
``copkit.model``); choices may be typed in the coach's language (``copkit.i18n.typed_words``).
"""

from __future__ import annotations

import calendar
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, time
from pathlib import Path
from typing import Any, cast

from pydantic_core import PydanticCustomError

from copkit.charter_file import default_review_date
from copkit.choices import ACCESSES, FOCUSES, FREQUENCIES, MODES, MONTHLY, ROLES, WEEKDAYS, WEEKS, Language, Role
from copkit.errors import CopkitError
from copkit.i18n import Words, translations, typed_words
from copkit.model import (
    MAX_LINE,
    MAX_MINUTES,
    MAX_PARAGRAPH,
    MAX_PERCENT,
    MIN_MINUTES,
    MIN_PERCENT,
    clock_time,
    iana_zones,
    iso_date,
    time_zone,
    zone_meant,
)
from copkit.rules.catalogue import (
    LAUNCH_MIN_MINUTES,
    LAUNCH_SHORTEST_MINUTES,
    LEADER_SHARE_MAX,
    LEADER_SHARE_MIN,
    REVIEW_HORIZON_MONTHS,
)
from copkit.rules.coaching import months_after

# The zone a charter gets when the system names none that copkit knows.
FALLBACK_ZONE = "Europe/Brussels"


def system_time_zone(environ: Mapping[str, str] | None = None, localtime: Path = Path("/etc/localtime")) -> str:
    """The system's IANA time zone: ``TZ`` if it names one, else where ``/etc/localtime`` links to
    (``…/zoneinfo/Europe/Amsterdam``), else :data:`FALLBACK_ZONE`. No extra library needed."""
    environ = os.environ if environ is None else environ
    zones = iana_zones()
    named = environ.get("TZ", "").removeprefix(":")
    if named in zones:
        return named
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        linked = target.split("zoneinfo/", 1)[1]
        for folder in ("posix/", "right/"):
            linked = linked.removeprefix(folder)
        if linked in zones:
            return linked
    return FALLBACK_ZONE


class InvalidAnswer(CopkitError):
    """An answer that cannot stand; the message, in the coach's language, says what to type."""


def _(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where it is shown."""
    return message


Ask = Callable[..., Any]

# The model's messages about a date, translated here for the interview (the context names the parts).
_DATE_MESSAGES = (
    _("write dates as YYYY-MM-DD: {iso}, not {text}"),
    _("{text} is out of range: copkit reads dates from {low} to {high}"),
    _("{text} is not a date: there is no month {month}"),
    _("{text} is not a date: {month_name} {year} has {last} days"),
    _("write a date without a time, as YYYY-MM-DD"),
    _("{text} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31"),
)


class Interview:
    """Questions and their checks. ``ask`` and ``say`` come from the command line (``typer.prompt`` and
    ``typer.echo`` in a terminal), so this module never prints; tests pass their own."""

    def __init__(
        self, lang: str, today: date, ask: Ask, say: Callable[[str], None], *, zone: str = FALLBACK_ZONE
    ) -> None:
        self.lang, self.today, self.ask, self.say, self.zone = lang, today, ask, say, zone
        self._ = translations(lang).gettext
        self.answered = 0  # how many answers were read: none means the input ended before the first

    def warn(self, code: str, advice: str) -> None:
        """Say right away that ``copkit check`` will warn about an answer (the rule's code), and why."""
        self.say(
            self._("Note: copkit check will warn about this (%(code)s): %(advice)s") % {"code": code, "advice": advice}
        )

    def text(self, question: str, default: str | None = None, *, required: bool = True, limit: int = MAX_LINE) -> str:
        """One answer, as the charter can hold it: no control characters, at most ``limit`` characters,
        and only characters the terminal sent as UTF-8 (a Latin-1 terminal's é arrives as a lone
        surrogate, which no UTF-8 file can hold: the coach is asked again)."""
        while True:
            # a question of its own ends in '?': no ':' after it (typer adds one unless told)
            suffix = " " if question.endswith("?") and not default else ": "
            answer = str(
                self.ask(
                    question,
                    default=default if default is not None else "",
                    show_default=bool(default),
                    prompt_suffix=suffix,
                )
            ).strip()
            self.answered += 1
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
                self.say(self._("Please answer: %(question)s") % {"question": question})

    def choice(self, question: str, options: tuple[str, ...], default: str) -> str:
        """One of ``options``, typed in English as the format has it or in the coach's own words
        (``copkit.i18n.typed_words``: donderdag, tweewekelijks), with "did you mean" for a near miss."""
        words = {word: meant for word, choices in typed_words().items() for meant in choices if meant in options}
        while True:
            answer = " ".join(self.text(f"{question} ({', '.join(options)})", default).casefold().split())
            if answer in options:
                return answer
            if answer in words:
                return words[answer]
            message = self._("Choose one of: %(options)s") % {"options": ", ".join(options)}
            near = difflib.get_close_matches(answer, [*options, *words], n=1, cutoff=0.75)
            if near:
                message += ". " + self._("Did you mean %(choice)s?") % {"choice": words.get(near[0], near[0])}
            self.say(message)

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
        else:
            self.warn("W110", _("say how a colleague can join, so that the community can grow."))

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
        review = self.checked(_("Review date (YYYY-MM-DD)"), default_review_date(self.today).isoformat(), self._review)
        answers: dict[str, Any] = {
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
        launch = self._launch(cadence, review)
        if launch:
            answers["launch"] = launch
        return answers

    def _value(self, n: int) -> dict[str, Any] | None:
        value = self.text(self._("Value") + f" {n + 1}", required=False)
        if not value:
            return None
        behaviour = self.text(self._("What do members do because of it?"), required=False)
        if not behaviour:
            self.warn("W108", self._("a value shows in what members do: add the behaviour that goes with it."))
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
        if not (measure and target):
            self.warn("W111", self._("without a measure and a target, the criterion cannot be judged at the review."))
        return {"criterion": criterion, "measure": measure or None, "target": target or None}

    def _cadence(self) -> dict[str, Any]:
        _ = self._
        frequency = self.choice(_("How often do you meet?"), FREQUENCIES, "monthly")
        week = None
        if frequency in MONTHLY:
            week = self.choice(_("Which week of the month?"), WEEKS, "first")
        weekday = self.choice(_("On which weekday?"), WEEKDAYS, "tuesday")
        start = self.checked(_("At what time? (HH:MM)"), "12:30", self._time)
        minutes = self.checked(_("How many minutes?"), "60", self._minutes)
        mode = self.choice(_("In person, online or hybrid?"), MODES, "hybrid")
        location = self.text(_("Where: a room, an address or a meeting link (optional)"), required=False)
        zone = self.checked(_("Time zone"), self.zone, self._zone)
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
        self.say(_("Several people in one role: separate their names with commas."))
        missing: dict[Role, tuple[str, str] | None] = {
            "sponsor": ("W105", _("a sponsor backs the community from management and attends the launch.")),
            "leader": ("W103", _("a community needs a leader who sets the agenda with members.")),
            "coach": ("W104", _("a community needs a coach who helps it mature.")),
            "coordinator": None,  # no rule asks for one: the launch agenda's checklist does
        }
        roles: dict[str, Any] = {}
        for key in ROLES:
            names = [name.strip() for name in self.text(questions[key], required=False).split(",") if name.strip()]
            if not names:
                if rule := missing[key]:
                    self.warn(*rule)
                continue
            people: list[dict[str, Any]] = [{"name": name} for name in names]
            if key == "leader":
                for person in people:
                    question = _("Share of working time for leading (%)")
                    if len(people) > 1:
                        question = _("Share of working time %(name)s gives to leading (%%)") % {"name": person["name"]}
                    person["time_percent"] = share = self.checked(question, "15", self._percent)
                    if not LEADER_SHARE_MIN <= share <= LEADER_SHARE_MAX:
                        self.warn(
                            "W107",
                            _("plan for %(low)s to %(high)s %% of working time for leading.")
                            % {"low": LEADER_SHARE_MIN, "high": LEADER_SHARE_MAX},
                        )
            roles[key] = people[0] if len(people) == 1 else people
        return roles

    def _launch(self, cadence: dict[str, Any], review: date) -> dict[str, Any]:
        """The first meeting of a community that is starting up: its date, time, place and length
        (at least what its required steps take, E026); nothing when no date is known yet."""
        _ = self._
        self.say(_("Step 4: the launch, the first meeting, where members make the charter their own."))
        day = self.checked(_("Date of the launch (YYYY-MM-DD, optional)"), "", self._launch_date, required=False)
        if day is None:
            return {}
        if day > review:
            self.warn("W113", _("the first meeting comes before the review date: move one of them."))
        start = self.checked(_("At what time does it start? (HH:MM)"), cadence["time"].strftime("%H:%M"), self._time)
        place = self.text(
            _("Where: a room, an address or a meeting link (optional)"), cadence.get("location") or None, required=False
        )
        minutes = self.checked(
            _("How many minutes?"), str(max(cadence["duration_minutes"], LAUNCH_MIN_MINUTES)), self._minutes
        )
        if minutes < LAUNCH_MIN_MINUTES:
            self.warn(
                "W115",
                _("give the launch at least %(minutes)s minutes, with ample time to get to know each other.")
                % {"minutes": LAUNCH_MIN_MINUTES},
            )
        launch: dict[str, Any] = {"date": day, "time": start, "location": place or None, "duration_minutes": minutes}
        return launch

    def _review(self, answer: str) -> date:
        """A review date after today: a past one would be overdue (W101) the day the charter is written."""
        day = self._calendar_date(answer)
        if day <= self.today:
            raise InvalidAnswer(
                self._("%(date)s is not after today (%(today)s): give a date ahead.")
                % {"date": day.isoformat(), "today": self.today.isoformat()}
            )
        if day > months_after(self.today, REVIEW_HORIZON_MONTHS):
            self.warn(
                "W102",
                self._("a review more than %(months)s months away lets the charter drift.")
                % {"months": REVIEW_HORIZON_MONTHS},
            )
        return day

    def _launch_date(self, answer: str) -> date:
        day = self._calendar_date(answer)
        if day < self.today:
            raise InvalidAnswer(
                self._("%(date)s is before today (%(today)s): give the date of the launch ahead.")
                % {"date": day.isoformat(), "today": self.today.isoformat()}
            )
        return day

    def _date(self, answer: str) -> date:
        return cast(date, self._parsed(iso_date, answer, _("Write a date as YYYY-MM-DD, e.g. 2027-06-30.")))

    def _calendar_date(self, answer: str) -> date:
        """A date, or the model's reason it is none ("February 2027 has 28 days") in the coach's language."""
        try:
            return cast(date, iso_date(answer))
        except PydanticCustomError as exc:
            reason = self._model_message(str((exc.context or {}).get("message", exc.message())), _DATE_MESSAGES)
            start = reason if reason.startswith(answer) else reason[:1].upper() + reason[1:]  # the answer as typed
            raise InvalidAnswer(start + ".") from None
        except ValueError:  # a date the calendar has no year for
            raise InvalidAnswer(self._("Write a date as YYYY-MM-DD, e.g. 2027-06-30.")) from None

    def _model_message(self, message: str, templates: tuple[str, ...]) -> str:
        """The model's English ``message`` in the coach's language: the template it was filled in from,
        translated and filled in with the same parts (a month's name in the coach's words)."""
        for template in templates:
            pattern = re.escape(template).replace(r"\{", "{").replace(r"\}", "}")
            match = re.fullmatch(re.sub(r"\{(\w+)\}", r"(?P<\1>.*?)", pattern), message, re.DOTALL)
            if match:
                parts = match.groupdict()
                if parts.get("month_name") in calendar.month_name[1:]:
                    number = list(calendar.month_name).index(parts["month_name"])
                    parts["month_name"] = Words(cast(Language, self.lang)).month(number)
                return self._(template).format(**parts)  # the answer is a value here, never a template
        return message

    def _time(self, answer: str) -> time:
        return cast(time, self._parsed(clock_time, answer, _("Write a time as HH:MM, 24-hour, e.g. 12:30.")))

    def _zone(self, answer: str) -> str:
        """An IANA zone; a city alone (Amsterdam) or another case (europe/amsterdam) gets the name meant."""
        try:
            return time_zone(answer)
        except (PydanticCustomError, ValueError):
            message = self._("Give an IANA time zone such as Europe/Brussels.")
            meant = zone_meant(answer)
            if meant:
                message += " " + self._("Did you mean %(choice)s?") % {"choice": meant}
            raise InvalidAnswer(message) from None

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
