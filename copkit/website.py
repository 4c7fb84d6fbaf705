"""A static site of all communities: one self-contained index page, each community's one-pager and
its calendar file, side by side in one folder.

The site works opened from disk (``file://``) and served by any web server: every link is relative,
every style and script is inline, and nothing is fetched from elsewhere. Without JavaScript every
card shows; with it, buttons filter the cards by focus and a search box filters them by text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2

from copkit.choices import FOCUSES, Language
from copkit.errors import CopkitError
from copkit.i18n import Words
from copkit.ical import CalendarError, build_calendar
from copkit.journal import Journal
from copkit.model import Charter, Person
from copkit.paths import slug
from copkit.rendering import GENERATOR, RenderError, environment, render
from copkit.rules.placeholders import without_placeholders

if TYPE_CHECKING:
    from copkit.journal_report import Portfolio

INDEX = "index.html"
JOURNAL = "journal.html"


@dataclass(frozen=True)
class Card:
    """One community on the index page."""

    c: Charter
    page: str  # '<slug>.html'
    ics: str | None  # '<slug>.ics', or None when the charter cannot become a calendar
    no_calendar: str | None  # why there is no calendar, in short
    contact: Person | None
    journal: str | None = None  # 'journal.html#community-<slug>': its trends and harvest, when it keeps a journal
    attendance: str | None = None  # the last meetings' attendance and its trend, from the portfolio row

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
        if key in ("index", "journal"):
            raise CopkitError(
                f"{source}: the community {charter.name!r} would get the page {key}.html, which is the site's {key}:"
                " rename it"
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
    charters: list[Charter],
    *,
    lang: Language,
    today: date,
    sources: Sequence[str] | None = None,
    journals: Mapping[str, Journal] | None = None,
) -> dict[str, bytes]:
    """The site's files by name: ``index.html``, and ``<slug>.html`` and ``<slug>.ics`` per community.

    ``lang`` is the language of every page; ``today`` is the first day of the calendars;
    ``sources``, the charter files in the order of ``charters``, for messages (default: the names);
    ``journals``, the communities' journals by name: those with entries get their trends, harvest and
    signals on ``journal.html`` (the report of :mod:`copkit.journal_report`, one section each), and
    the index a portfolio table above the cards.
    Raises CopkitError when two communities would get the same file names (or one would be named
    ``index``), RenderError when a template fails. The index comes last.
    """
    slugs = _check_slugs(charters, sources if sources is not None else [repr(c.name) for c in charters])
    files: dict[str, bytes] = {}  # everything is rendered before anything is written
    cards: list[Card] = []
    for charter, key in zip(charters, slugs, strict=True):
        charter = without_placeholders(charter)  # the draft's placeholders never go public
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
    kept = [journals[charter.name] for charter in charters if journals and charter.name in journals]
    portfolio, cards = _journal_pages([journal for journal in kept if journal.entries], cards, files, lang, today)
    cards.sort(key=lambda card: (card.c.name.casefold(), card.page))
    focuses = [focus for focus in FOCUSES if any(card.c.purpose.focus == focus for card in cards)]
    context = {
        "cards": cards,
        "focuses": focuses,
        "portfolio": portfolio,
        "journal": JOURNAL,
        "lang": lang,
        "words": Words(lang),
        "generator": GENERATOR,
    }
    try:
        files[INDEX] = environment("html", lang, None).get_template("site.html.j2").render(context).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise RenderError(f"template site.html.j2: {exc.message or exc}") from None
    return files


def _journal_pages(
    journals: list[Journal], cards: list[Card], files: dict[str, bytes], lang: Language, today: date
) -> tuple[Portfolio | None, list[Card]]:
    """``journal.html`` (every community that keeps a journal: its trends, harvest and signals, the
    most urgent first) into ``files``; returns the index's portfolio table and the cards linking to
    their community's section. Without a journal anywhere, nothing: no page, no table."""
    if not journals:
        return None, cards
    from copkit import journal_report  # charts: matplotlib only when a community keeps a journal

    words = Words(lang)
    view = journal_report.report_view(journals, lang=lang, today=today, since=None, base="journal")
    files.update(journal_report.report_files(view, "html", "journal"))
    by_name = {journal.charter.name: journal for journal in journals}
    rows = [
        journal_report.portfolio_row(by_name[report.name], report, since=None, words=words)
        for report in view.communities
    ]
    found = {row.name: row for row in rows}
    linked = [
        dataclasses.replace(card, journal=f"{JOURNAL}#{row.anchor}", attendance=row.cells[1])
        if (row := found.get(card.c.name)) is not None
        else card
        for card in cards
    ]
    table = journal_report.portfolio(rows, words, len(rows))
    return dataclasses.replace(
        table, rows=tuple(dataclasses.replace(row, anchor=f"{JOURNAL}#{row.anchor}") for row in rows)
    ), linked
