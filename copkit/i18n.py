"""Languages for handouts: one gettext catalogue per language, read with Babel, and Babel's
locale data for dates, times and weekday names. English is the source language of every text.

Catalogues are kept as ``.po`` files (text, reviewable in git) under ``templates/locale`` and
compiled in memory when first needed, so no generated binaries live in the repository.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date, format_time, get_timezone, get_timezone_name
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from copkit.choices import LANGUAGES, WEEKDAYS, Access, Focus, Frequency, Language, Mode, Phase, Role, Week, Weekday
from copkit.paths import builtin_templates

if TYPE_CHECKING:
    from copkit.model import Cadence

__all__ = ["LANGUAGES", "Words", "translations"]

DOMAIN = "copkit"
# English handouts use British conventions (day before month), as most of our coaches are in Europe.
LOCALES: dict[Language, str] = {"nl": "nl_BE", "en": "en_GB"}
# Zones whose Babel name is a country's or nobody's ('United Kingdom Time', 'Unknown Region (UTC) Time').
UK_ZONES = frozenset({"Europe/London", "Europe/Belfast", "GB", "GB-Eire"})
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The gettext translations for ``lang``; English is the source language and needs none."""
    catalogue = builtin_templates() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not catalogue.is_file():
        return NullTranslations()
    with catalogue.open("rb") as handle:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(handle, locale=lang, domain=DOMAIN))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Words:
    """Dates, times and the cadence in the words of one language."""

    def __init__(self, lang: Language):
        self.lang = lang
        self.locale = Locale.parse(LOCALES[lang])
        self._ = translations(lang).gettext
        self._p = translations(lang).pgettext
        self.ngettext = translations(lang).ngettext  # one meeting, two meetings

    def day(self, value: date) -> str:
        """The date written out in full: 'Tuesday, 12 January 2027', 'dinsdag 12 januari 2027'."""
        return format_date(value, "full", locale=self.locale)

    def short_day(self, value: date) -> str:
        """'12 January 2027', '12 januari 2027'."""
        return format_date(value, "long", locale=self.locale)

    def clock(self, value: time) -> str:
        return format_time(value, "HH:mm", locale=self.locale)

    def span(self, start: time, minutes: int) -> str:
        """'12:30–13:30': a start time and the time it ends after ``minutes``."""
        end = (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()
        return f"{self.clock(start)}–{self.clock(end)}"

    def weekday(self, name: Weekday) -> str:
        return str(self.locale.days["format"]["wide"][WEEKDAYS.index(name)])

    def rhythm(
        self, frequency: Frequency, weekday: Weekday | None, week: Week | None, months: Sequence[int] = ()
    ) -> str:
        """How often members meet: 'the first Tuesday of every month', 'om de twee weken op donderdag'.

        ``months`` (1-12) are the months a quarterly rhythm meets in, named so that a reader knows which."""
        _, p_ = self._, self._p
        day = self.weekday(weekday) if weekday else None
        ordinal = {
            "first": p_("week of the month", "first"),
            "second": p_("week of the month", "second"),
            "third": p_("week of the month", "third"),
            "fourth": p_("week of the month", "fourth"),
            "last": p_("week of the month", "last"),
        }.get(week or "")
        if frequency == "weekly":
            return _("every {weekday}").format(weekday=day) if day else _("every week")
        if frequency == "biweekly":
            return _("every other {weekday}").format(weekday=day) if day else _("every two weeks")
        if frequency == "monthly":
            if day and ordinal:
                return _("the {ordinal} {weekday} of every month").format(ordinal=ordinal, weekday=day)
            return _("once a month, on a {weekday}").format(weekday=day) if day else _("once a month")
        if not months:
            return _("once a quarter")
        named = format_list([self.month(month) for month in months], locale=self.locale)
        if day and ordinal:
            return _("the {ordinal} {weekday} of {months}").format(ordinal=ordinal, weekday=day, months=named)
        if day:
            return _("once a quarter, on a {weekday} in {months}").format(weekday=day, months=named)
        return _("once a quarter, in {months}").format(months=named)

    def either(self, items: Sequence[str]) -> str:
        """'Lotte or Wout', 'Lotte of Wout': people of whom any one will do, such as whom to contact."""
        return format_list(list(items), style="or", locale=self.locale)

    def every(self, items: Sequence[str]) -> str:
        """'Bram, Lotte and Emma', 'Bram, Lotte en Emma': a list read as part of a sentence."""
        return format_list(list(items), locale=self.locale)

    def month(self, number: int) -> str:
        """'January', 'januari': a month's name (1-12) as it stands alone in a sentence."""
        return str(self.locale.months["format"]["wide"][number])

    def number(self, value: float) -> str:
        """'4.2' in English, '4,2' in Dutch: a score or a count, with no needless zeros ('4', not '4.0')."""
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    def percent(self, value: float) -> str:
        """'10%' in English, '12,5%' in Dutch: a share of working time, with the locale's sign and decimals."""
        return format_percent(value / 100, locale=self.locale, decimal_quantization=False)

    def time_zone(self, name: str) -> str:
        """A time zone as people say it: 'Central European Time', 'Midden-Europese tijd', 'UK time'.

        Babel's generic name, except where it only has a country's name to offer ('United Kingdom
        Time', 'tijd in Verenigd Koninkrijk'): for the UK we say 'UK time', and for UTC just 'UTC'."""
        if name in UTC_ZONES:
            return "UTC"
        if name in UK_ZONES:
            return self._("UK time")
        return str(get_timezone_name(get_timezone(name), locale=self.locale))

    # The charter's choices in words. Each table covers its choice list exactly (tests/test_choices.py).

    def mode(self, mode: Mode) -> str:
        _ = self._
        return {"in-person": _("in person"), "online": _("online"), "hybrid": _("hybrid")}[mode]

    def focus(self, focus: Focus) -> str:
        _ = self._
        return {
            "knowledge-sharing": _("Knowledge sharing and learning"),
            "problem-solving": _("Solving problems together"),
            "innovation": _("Innovation"),
        }[focus]

    def phase(self, phase: Phase) -> str:
        _ = self._
        return {
            "initiate": _("initiating"),
            "start-up": _("starting up"),
            "operate": _("up and running"),
            "wind-down": _("winding down"),
            "close": _("closing"),
        }[phase]

    def role(self, role: Role) -> str:
        _ = self._
        return {"sponsor": _("sponsor"), "leader": _("leader"), "coach": _("coach"), "coordinator": _("coordinator")}[
            role
        ]

    def access(self, access: Access) -> str:
        _ = self._
        return {"open": _("Open to everyone"), "closed": _("Closed: members are selected")}[access]

    def hours(self, cadence: Cadence) -> str | None:
        """'12:30–13:30', or 'from 12:30' without a length; None without a time."""
        if cadence.time is None:
            return None
        if cadence.duration_minutes:
            return self.span(cadence.time, cadence.duration_minutes)
        return self._("from {time}").format(time=self.clock(cadence.time))

    def cadence(self, cadence: Cadence, months: Sequence[int] = ()) -> str:
        """The whole rhythm in one line: 'the first Tuesday of every month, 12:30–13:30, hybrid, room …'."""
        hours = self.hours(cadence)
        parts = [self.rhythm(cadence.frequency, cadence.weekday, cadence.week, months), *([hours] if hours else [])]
        parts.append(self.mode(cadence.mode))
        if cadence.location:
            parts.append(cadence.location)
        return ", ".join(parts)


# --- What a coach may type for a choice ------------------------------------------------------------

TYPED_CHOICE = "typed choice"


def N_p(context: str, message: str) -> str:
    """Mark ``message`` for the catalogues under ``context`` without translating it here."""
    return message


# Choices are English in the charter format; many coaches think in another language. For each choice,
# a catalogue lists the words a coach of that language might type for it, separated by "|"
# ("driemaandelijks|per kwartaal"), so that "did you mean" points at the English value. Weekdays
# come from Babel's locale data. Choices whose word is the same in every language need no entry.
TYPED_CHOICES = (
    N_p("typed choice", "weekly"),
    N_p("typed choice", "biweekly"),
    N_p("typed choice", "monthly"),
    N_p("typed choice", "quarterly"),
    N_p("typed choice", "in-person"),
    N_p("typed choice", "hybrid"),
    N_p("typed choice", "first"),
    N_p("typed choice", "second"),
    N_p("typed choice", "third"),
    N_p("typed choice", "fourth"),
    N_p("typed choice", "last"),
    N_p("typed choice", "closed"),
    N_p("typed choice", "knowledge-sharing"),
    N_p("typed choice", "problem-solving"),
    N_p("typed choice", "innovation"),
    N_p("typed choice", "initiate"),
    N_p("typed choice", "start-up"),
    N_p("typed choice", "operate"),
    N_p("typed choice", "wind-down"),
    N_p("typed choice", "close"),
    N_p("typed choice", "nl"),
    N_p("typed choice", "en"),
)


@functools.cache
def typed_words() -> dict[str, tuple[str, ...]]:
    """Every word a coach might type for a choice in a language other than English, casefolded, and
    the English choices it may stand for (most stand for one)."""
    words: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        if lang == "en":
            continue
        pgettext = translations(lang).pgettext
        for choice in TYPED_CHOICES:
            typed = str(pgettext(TYPED_CHOICE, choice))
            for word in typed.split("|") if typed != choice else ():
                words.setdefault(word.strip().casefold(), []).append(choice)
        days = Locale.parse(LOCALES[lang]).days["format"]["wide"]
        for index, day in enumerate(WEEKDAYS):
            words.setdefault(days[index].casefold(), []).append(day)
    return {word: tuple(dict.fromkeys(choices)) for word, choices in words.items()}
