"""A static site of all communities: one self-contained index page, each community's one-pager and
its calendar file, side by side in one folder.

The site works opened from disk (``file://``) and served by any web server: every link is relative,
every style and script is inline, and nothing is fetched from elsewhere. Without JavaScript every
card shows; with it, buttons filter the cards by focus and a search box filters them by text.

Each community's page is its one-pager in the charter's own language, with a small navigation above it
(back to the index, its calendar file) that the printed handout does not have; the index is in the
site's language. What a maintainer must fix (no calendar: add a weekday) goes to the terminal, never
on a public page. Web addresses in charter text become links.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

from copkit.choices import FOCUSES, Language
from copkit.errors import CopkitError
from copkit.i18n import Words
from copkit.ical import CalendarError, build_calendar
from copkit.journal import Journal
from copkit.model import Charter, Person
from copkit.paths import slug
from copkit.rendering import GENERATOR, TEMPLATE_FAILURES, environment, render, template_error
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


@dataclass(frozen=True)
class SiteNav:
    """The links above a community's page on the site (see ``templates/base.html.j2``)."""

    index: str
    calendar: str | None
    journal: str | None


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# An http(s) address in escaped text: ``&amp;`` belongs to it, any other entity (a quote, ``<``) ends it.
_URL = re.compile(r"https?://(?:[^\s<>&\"']|&amp;)+", re.IGNORECASE)
_NOT_LINKED = frozenset({"a", "title", "style", "script", "textarea"})  # text that is no place for a link


def _link(match: re.Match[str]) -> str:
    """An address made a link; a full stop or a closing bracket after it stays text ('(see https://x.org).')."""
    url = match.group(0)
    address = url.rstrip(".,;:!?")
    if address.endswith(")") and "(" not in address:
        address = address[:-1].rstrip(".,;:!?")
    return f'<a href="{address}">{address}</a>{url[len(address) :]}'


def link_urls(html: str) -> str:
    """``html`` with every http(s) address in its text made a link, so a meeting link or a tool's
    address can be followed from the site. Only text between tags is touched, never an attribute,
    a title, a style, a script or a link's own text; the text is escaped already (Jinja's autoescape),
    so an address can hold no quote or ``<`` and is safe in ``href``. Other schemes stay text."""
    parts = _TAG.split(html)
    inside: str | None = None  # the element whose text is left alone, while in it
    for index, part in enumerate(parts):
        if index % 2:
            tag = _TAG_NAME.match(part)
            if tag is not None:
                closing, name = tag.group(1) == "/", tag.group(2).lower()
                if inside is None and not closing and name in _NOT_LINKED:
                    inside = name
                elif closing and name == inside:
                    inside = None
        elif inside is None and "://" in part:
            parts[index] = _URL.sub(_link, part)
    return "".join(parts)


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
    notes: list[str] | None = None,
) -> dict[str, bytes]:
    """The site's files by name: ``index.html``, and ``<slug>.html`` and ``<slug>.ics`` per community.

    ``lang`` is the language of the index (and the journal page); each community's page and calendar
    are in its charter's ``language``. ``today`` is the first day of the calendars;
    ``sources``, the charter files in the order of ``charters``, for messages (default: the names);
    ``journals``, the communities' journals by name: those with entries get their trends, harvest and
    signals on ``journal.html`` (the report of :mod:`copkit.journal_report`, one section each), and
    the index a portfolio table above the cards. What a maintainer should fix but a visitor need not
    read (why a community has no calendar file) is appended to ``notes``, for the terminal.
    Raises CopkitError when two communities would get the same file names (or one would be named
    ``index``), RenderError when a template fails. The index comes last.
    """
    names = sources if sources is not None else [repr(c.name) for c in charters]
    slugs = _check_slugs(charters, names)
    files: dict[str, bytes] = {}  # everything is rendered before anything is written
    cards: list[Card] = []
    for charter, key, source in zip(charters, slugs, names, strict=True):
        charter = without_placeholders(charter)  # the draft's placeholders never go public
        ics: str | None = None
        no_calendar: str | None = None
        try:
            calendar = build_calendar(charter, start=today, lang=charter.language)
        except CalendarError as exc:
            no_calendar = str(exc)
            if notes is not None:
                notes.append(f"{source}: no calendar file for {charter.name!r} on the site: {exc}")
        else:
            ics = f"{key}.ics"
            files[ics] = calendar
        cards.append(Card(charter, f"{key}.html", ics, no_calendar, contact_person(charter)))
    kept = [journals[charter.name] for charter in charters if journals and charter.name in journals]
    portfolio, cards = _journal_pages([journal for journal in kept if journal.entries], cards, files, lang, today)
    for card in cards:  # each page in its community's language, with the way back to the index
        nav = SiteNav(INDEX, card.ics, card.journal)
        page = render(card.c, "onepager", "html", lang=card.c.language, site_nav=nav).content.decode("utf-8")
        files[card.page] = link_urls(page).encode("utf-8")
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
        index = environment("html", lang, None).get_template("site.html.j2").render(context)
    except TEMPLATE_FAILURES as exc:
        raise template_error(exc, "site.html.j2") from None
    files[INDEX] = link_urls(index).encode("utf-8")
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
    files.update(journal_report.report_files(view, "html", "journal", site_nav=SiteNav(INDEX, None, None)))
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
