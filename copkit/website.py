"""A static site of all communities: one self-contained index page, each community's one-pager and
its calendar file, side by side in one folder.

The site works opened from disk (``file://``) and served by any web server: every link is relative,
every style and script is inline, and nothing is fetched from elsewhere. Without JavaScript every
card shows; with it, buttons filter the cards by focus and a search box filters them by text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import jinja2

from copkit.choices import FOCUSES, Language
from copkit.errors import CopkitError
from copkit.i18n import Words
from copkit.ical import CalendarError, build_calendar
from copkit.model import Charter, Person
from copkit.paths import slug
from copkit.rendering import GENERATOR, RenderError, environment, render

INDEX = "index.html"


@dataclass(frozen=True)
class Card:
    """One community on the index page."""

    c: Charter
    page: str  # '<slug>.html'
    ics: str | None  # '<slug>.ics', or None when the charter cannot become a calendar
    no_calendar: str | None  # why there is no calendar, in short
    contact: Person | None

    @property
    def mailto(self) -> str | None:
        """The contact's ``mailto:`` link, the address percent-encoded (RFC 6068) so that ``?``, ``&``,
        ``#`` or quotes in it add no header or body to the mail and end no attribute."""
        email = self.contact.email if self.contact else None
        return f"mailto:{quote(email, safe='@')}" if email else None


def contact_person(charter: Charter) -> Person | None:
    """Whom to ask: the first coordinator, else the first leader, else the first coach."""
    for people in (charter.roles.coordinator, charter.roles.leader, charter.roles.coach):
        if people:
            return people[0]
    return None


def _check_slugs(charters: list[Charter], sources: Sequence[str]) -> list[str]:
    """Each community's file name, refusing two that would share one, naming both charter files."""
    seen: dict[str, tuple[str, Charter]] = {}
    slugs = []
    for charter, source in zip(charters, sources, strict=True):
        key = slug(charter.name)
        if key == "index":
            raise CopkitError(
                f"{source}: the community {charter.name!r} would get the page index.html, which is the site's index: "
                "rename it"
            )
        if key in seen:
            first, other = seen[key]
            raise CopkitError(
                f"{first} and {source} would both write {key}.html and {key}.ics: give one of the communities "
                f"({other.name!r}, {charter.name!r}) a different name"
            )
        seen[key] = (source, charter)
        slugs.append(key)
    return slugs


def build_site(
    charters: list[Charter], *, lang: Language, today: date, sources: Sequence[str] | None = None
) -> dict[str, bytes]:
    """The site's files by name: ``index.html``, and ``<slug>.html`` and ``<slug>.ics`` per community.

    ``lang`` is the language of every page; ``today`` is the first day of the calendars;
    ``sources``, the charter files in the order of ``charters``, for messages (default: the names).
    Raises CopkitError when two communities would get the same file names (or one would be named
    ``index``), RenderError when a template fails. The index comes last.
    """
    slugs = _check_slugs(charters, sources if sources is not None else [repr(c.name) for c in charters])
    files: dict[str, bytes] = {}  # everything is rendered before anything is written
    cards: list[Card] = []
    for charter, key in zip(charters, slugs, strict=True):
        page = f"{key}.html"
        files[page] = render(charter, "onepager", "html", lang=lang).content
        ics: str | None = None
        no_calendar: str | None = None
        try:
            calendar = build_calendar(charter, start=today, lang=lang)
        except CalendarError as exc:
            no_calendar = str(exc)
        else:
            ics = f"{key}.ics"
            files[ics] = calendar
        cards.append(Card(charter, page, ics, no_calendar, contact_person(charter)))
    cards.sort(key=lambda card: (card.c.name.casefold(), card.page))
    focuses = [focus for focus in FOCUSES if any(card.c.purpose.focus == focus for card in cards)]
    context = {"cards": cards, "focuses": focuses, "lang": lang, "words": Words(lang), "generator": GENERATOR}
    try:
        files[INDEX] = environment("html", lang, None).get_template("site.html.j2").render(context).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise RenderError(f"template site.html.j2: {exc.message or exc}") from None
    return files
