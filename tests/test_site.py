"""copkit site: an index of every community, each one-pager and calendar file beside it, in one
self-contained folder that works opened from disk and needs nothing from the network.

The links are checked by parsing index.html; where Debian's chromium is installed the page is also
loaded in headless Chromium (skipped cleanly otherwise) and must show every card.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium_or_skip, dump_dom
from helpers import EXAMPLE_CHARTERS

from copkit.checking import check_file
from copkit.errors import CopkitError
from copkit.model import Charter
from copkit.paths import slug
from copkit.rendering import render
from copkit.website import build_site, contact_person, link_urls

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the bundled example charters, every one valid
TODAY = date(2026, 11, 24)
EXAMPLE_FILES = EXAMPLE_CHARTERS
TODAY_ARGS = ["--today", "2026-11-24"]
FOCUS_LABELS = {
    "en": {"knowledge-sharing": "Knowledge sharing and learning", "problem-solving": "Solving problems together"},
    "nl": {"knowledge-sharing": "Kennis delen en leren", "problem-solving": "Samen problemen oplossen"},
}


def write_site(charters, out, *, lang, today):
    """The site as ``copkit site`` writes it: every file built first, then written into ``out``."""
    files = build_site(charters, lang=lang, today=today)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    return [out / name for name in files]


def load(path: Path) -> Charter:
    result = check_file(path, today=TODAY)
    assert result.charter is not None, result.problems
    return result.charter


def variant(tmp_path: Path, name: str, *, drop_weekday: bool = False) -> Charter:
    """The English example under another name, optionally with a cadence that names no weekday."""
    text = (EXAMPLES / "communities/learning-from-incidents/charter.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Learning from Incidents", f"name: {json.dumps(name)}", 1)
    if drop_weekday:
        text = text.replace("  weekday: thursday\n", "", 1)
    path = tmp_path / f"variant-{len(list(tmp_path.glob('variant-*')))}.yaml"
    path.write_text(text, encoding="utf-8")
    return load(path)


class Page(HTMLParser):
    """The links, cards, filter buttons and inline styles of the index page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.fetched: list[str] = []  # what a browser loads by itself: src, <link href>
        self.buttons: list[str] = []
        self.cards: list[str] = []  # the text of each card
        self.styles: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self._depth = 0  # nesting inside the current card's <li>
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.urls.append(attributes[name] or "")
                if name == "src" or tag == "link":
                    self.fetched.append(attributes[name] or "")
        if attributes.get("style"):
            self.styles.append(attributes["style"] or "")
        if tag == "button" and "data-focus" in attributes:
            self.buttons.append(attributes["data-focus"] or "")
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self._in_style = True
        if tag == "li" and "card" in (attributes.get("class") or "").split():
            self.cards.append("")
            self._depth = 1
        elif tag == "li" and self._depth:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "li" and self._depth:
            self._depth -= 1
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        if self._depth:
            self.cards[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def charters(tmp_path) -> list[Charter]:
    return [load(path) for path in EXAMPLE_FILES] + [variant(tmp_path, "Zonder vaste dag", drop_weekday=True)]


@pytest.fixture
def site(charters, tmp_path) -> tuple[Path, list[Path]]:
    out = tmp_path / "site"
    return out, write_site(charters, out, lang="en", today=TODAY)


def test_the_site_holds_the_index_and_each_one_pager_and_calendar(site):
    out, written = site
    names = sorted(path.name for path in written)
    assert names == sorted(
        [
            "index.html",
            "klantgericht-schrijven.html",
            "klantgericht-schrijven.ics",
            "learning-from-incidents.html",
            "learning-from-incidents.ics",
            "wijkgericht-werken.html",
            "wijkgericht-werken.ics",
            "zonder-vaste-dag.html",
        ]
    )
    assert sorted(path.name for path in out.iterdir()) == names  # no temporary files left behind
    assert (out / "learning-from-incidents.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert b"<h1>Klantgericht schrijven</h1>" in (out / "klantgericht-schrijven.html").read_bytes()


def test_every_link_resolves_within_the_folder(site):
    out, _ = site
    page = parse(out / "index.html")
    local = [url for url in page.urls if not url.startswith(("mailto:", "#", "https://"))]
    assert local, "the index links to no page"
    for url in local:
        assert "/" not in url and "\\" not in url and ":" not in url, url
        assert (out / url).is_file(), f"{url} does not exist"
    assert {url for url in page.urls if url.startswith("mailto:")} <= {
        "mailto:priya.natarajan@example.com",
        "mailto:marta.lindqvist@example.com",
        "mailto:ingrid.wouters@example.org",
        "mailto:bram.declercq@example.org",
    }


def test_nothing_is_fetched_from_elsewhere(site):
    """Links a visitor may follow (a meeting link) are fine; nothing is loaded from elsewhere."""
    out, _ = site
    for name in ("index.html", "klantgericht-schrijven.html", "learning-from-incidents.html"):
        page = parse(out / name)
        assert not page.fetched, page.fetched
        css = "\n".join(page.styles)
        assert "url(" not in css and "@import" not in css
        assert all("src" not in script for script in page.scripts), "scripts are inline"


def test_each_card_shows_the_community(site, charters):
    out, _ = site
    page = parse(out / "index.html")
    assert len(page.cards) == len(charters)
    for charter in charters:
        [card] = [squeeze(text) for text in page.cards if charter.name in text]
        assert squeeze(charter.purpose.statement) in card
        assert FOCUS_LABELS["en"][charter.purpose.focus] in card
        assert charter.membership.how_to_join and squeeze(charter.membership.how_to_join) in card
        contact = contact_person(charter)
        assert contact is not None and contact.name in card
        assert "Phase:" in card


def test_contact_is_the_coordinator_else_the_leader_else_the_coach(charters):
    english, dutch = (
        load(EXAMPLES / "communities/learning-from-incidents/charter.yaml"),
        load(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml"),
    )
    assert contact_person(english).name == "Chris Walsh"
    assert contact_person(dutch).name == "Lotte Claes"
    no_coordinator = english.model_copy(update={"roles": english.roles.model_copy(update={"coordinator": []})})
    assert contact_person(no_coordinator).name == "Tom Okafor"
    only_coach = english.model_copy(
        update={"roles": english.roles.model_copy(update={"coordinator": [], "leader": []})}
    )
    assert contact_person(only_coach).name == "Marta Lindqvist"


def test_a_contact_with_an_email_gets_a_mailto_link(tmp_path):
    charter = load(EXAMPLES / "communities/learning-from-incidents/charter.yaml")
    coach_only = charter.model_copy(
        update={"roles": charter.roles.model_copy(update={"coordinator": [], "leader": []})}
    )
    out = tmp_path / "site"
    write_site([coach_only], out, lang="en", today=TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="mailto:marta.lindqvist@example.com">Marta Lindqvist</a>' in html


def test_a_charter_without_a_weekday_gets_no_calendar_and_the_terminal_says_why(site, charters):
    out, _ = site
    assert not (out / "zonder-vaste-dag.ics").exists()
    page = parse(out / "index.html")
    [card] = [squeeze(text) for text in page.cards if "Zonder vaste dag" in text]
    assert "Add to calendar" not in card
    assert "calendar" not in card.lower() and "weekday" not in card  # maintenance is no news for visitors
    notes: list[str] = []
    build_site(charters, lang="en", today=TODAY, notes=notes)
    assert len(notes) == 1 and "Zonder vaste dag" in notes[0] and "cadence.weekday" in notes[0]
    others = [squeeze(text) for text in page.cards if "Zonder vaste dag" not in text]
    assert all("Add to calendar" in text for text in others)


def test_filter_buttons_for_each_focus_present(site, charters):
    out, _ = site
    page = parse(out / "index.html")
    assert page.buttons == ["", "knowledge-sharing", "problem-solving"]  # 'all', then the focuses present
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'type="search"' in html
    assert html.count('data-focus="innovation"') == 0


def test_without_javascript_every_card_shows(site):
    out, _ = site
    html = (out / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r"<li class=\"card\"[^>]*>", html)
    assert cards and not any("hidden" in tag for tag in cards)
    assert re.search(r'<div class="tools" id="tools" hidden>', html), "the controls that need JavaScript start hidden"


def test_a_hostile_name_is_escaped(tmp_path):
    hostile = variant(tmp_path, "<script>alert(1)</script> & co")
    out = tmp_path / "site"
    write_site([hostile], out, lang="en", today=TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert html.count("<script>") == 1  # only the page's own
    assert (out / "script-alert-1-script-co.html").is_file()


def test_dutch_and_english_index_texts_differ(charters, tmp_path):
    pages = {}
    for lang in ("nl", "en"):
        out = tmp_path / lang
        write_site(charters, out, lang=lang, today=TODAY)
        pages[lang] = (out / "index.html").read_text(encoding="utf-8")
    assert pages["nl"] != pages["en"]
    assert '<html lang="nl">' in pages["nl"] and "Toevoegen aan agenda" in pages["nl"]
    assert "Zoeken" in pages["nl"] and "Search" in pages["en"]
    for lang, labels in FOCUS_LABELS.items():
        assert all(label in pages[lang] for label in labels.values())
    assert "de eerste dinsdag van elke maand" in pages["nl"]
    assert "the first Tuesday of every month" in pages["en"]


def test_the_same_slug_twice_is_refused(tmp_path):
    first = load(EXAMPLES / "communities/learning-from-incidents/charter.yaml")
    second = variant(tmp_path, "Learning from incidents!")
    out = tmp_path / "site"
    with pytest.raises(CopkitError, match="learning-from-incidents.html"):
        write_site([first, second], out, lang="en", today=TODAY)
    assert not out.exists() or not any(out.iterdir()), "nothing is written when the names clash"


def test_same_input_gives_the_same_site(charters, tmp_path):
    a = write_site(charters, tmp_path / "a", lang="en", today=TODAY)
    b = write_site(charters, tmp_path / "b", lang="en", today=TODAY)
    assert [path.read_bytes() for path in a] == [path.read_bytes() for path in b]


def test_the_index_shows_every_card_in_headless_chromium(site, charters, tmp_path):
    chromium = chromium_or_skip()
    out, _ = site
    dom = dump_dom(chromium, out / "index.html", tmp_path / "profile")
    page = Page()
    page.feed(dom)
    assert len(page.cards) == len(charters)
    for charter in charters:
        assert any(charter.name in text for text in page.cards), charter.name
    # the script ran: the controls are shown, and no card is hidden before anyone filters
    assert re.search(r'<div class="tools" id="tools">', dom)
    assert not re.search(r'<li class="card"[^>]*hidden', dom)


def test_site_command(tmp_path):
    from typer.testing import CliRunner

    from copkit.cli import app

    runner = CliRunner()
    out = tmp_path / "site"
    examples = Path(__file__).resolve().parents[1] / "examples"
    result = runner.invoke(app, ["site", str(examples), "--out", str(out), "--lang", "nl", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert f"open {out / 'index.html'}" in result.output
    assert sorted(path.name for path in out.iterdir()) == [
        ".copkit-manifest.json",  # what copkit wrote, so that it replaces only its own files
        "index.html",
        "journal.html",  # the trends, harvest and signals of the communities that keep a journal
        "klantgericht-schrijven.html",
        "klantgericht-schrijven.ics",
        "learning-from-incidents.html",
        "learning-from-incidents.ics",
        "wijkgericht-werken.html",
        "wijkgericht-werken.ics",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [\n", encoding="utf-8")
    refused = runner.invoke(app, ["site", str(bad), "--out", str(tmp_path / "other")])
    assert refused.exit_code == 1 and f"{bad}:" in refused.output
    assert not (tmp_path / "other").exists()


def test_the_site_shows_the_journal_a_portfolio_on_the_index_and_a_section_per_community(tmp_path, runner):
    from copkit.cli import app

    examples = Path(__file__).resolve().parents[1] / "examples"
    out, again = tmp_path / "site", tmp_path / "again"
    for folder in (out, again):
        result = runner.invoke(app, ["site", str(examples), "--out", str(folder), "--lang", "en", *TODAY_ARGS])
        assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    journal = (out / "journal.html").read_text(encoding="utf-8")
    for name, anchor in (
        ("Learning from Incidents", "learning-from-incidents"),
        ("Wijkgericht werken", "wijkgericht-werken"),
    ):
        assert f'<a href="journal.html#community-{anchor}">{name}</a>' in index  # the portfolio table
        assert f'id="community-{anchor}"' in journal
    assert index.index("Portfolio") < index.index('<ul class="cards">')
    assert "Journal and trends" in index and "Attendance (last meetings)" in index
    assert "<svg" in journal and "Harvest" in journal  # trends and what members learned
    assert '<nav class="site-nav"' in journal and '<a href="index.html">' in journal  # the way back
    assert all((out / name).read_bytes() == (again / name).read_bytes() for name in ("index.html", "journal.html"))


def test_a_site_without_any_journal_has_no_journal_page_or_portfolio(tmp_path, runner):
    from copkit.cli import app

    folder = tmp_path / "charters"
    folder.mkdir()
    for path in EXAMPLE_CHARTERS:
        shutil.copy(path, folder / f"{path.parent.name}.yaml")
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", str(folder), "--out", str(out), *TODAY_ARGS])
    assert result.exit_code == 0, result.output
    assert not (out / "journal.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "journal.html" not in index and 'class="portfolio"' not in index


@pytest.mark.parametrize("name", ["Index", "Journal"])
def test_a_community_named_after_a_page_of_the_site_is_refused(tmp_path, name):
    with pytest.raises(CopkitError, match=f"would get the page {name.lower()}.html, which is the site's"):
        write_site([variant(tmp_path, name)], tmp_path / "site", lang="en", today=TODAY)


# --- issue 12: each page in its charter's language, a way back, links, and a broken charter left out ----


def site_of(runner, folder: Path, out: Path, *args: str):
    from copkit.cli import app

    return runner.invoke(app, ["site", str(folder), "--out", str(out), *TODAY_ARGS, *args])


def copy_charters(tmp_path: Path, *paths: Path) -> Path:
    folder = tmp_path / "charters"
    folder.mkdir(exist_ok=True)
    for path in paths:
        shutil.copy(path, folder / f"{path.parent.name}.yaml")
    return folder


def test_each_page_is_in_its_charters_language_and_the_index_in_the_majoritys(runner, tmp_path):
    out = tmp_path / "site"
    result = site_of(runner, EXAMPLES, out)  # two Dutch charters, one English
    assert result.exit_code == 0, result.output
    assert '<html lang="nl">' in (out / "index.html").read_text(encoding="utf-8")
    english = (out / "learning-from-incidents.html").read_text(encoding="utf-8")
    dutch = (out / "klantgericht-schrijven.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Who does what" in english and "Alle communities" not in english
    assert '<html lang="nl">' in dutch and "Alle communities" in dutch
    assert "BEGIN:VCALENDAR" in (out / "klantgericht-schrijven.ics").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<p lang="en">' in index  # an English purpose on a Dutch index says so, for screen readers
    chosen = site_of(runner, EXAMPLES, tmp_path / "en", "--lang", "en")
    assert chosen.exit_code == 0 and '<html lang="en">' in (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "en" / "klantgericht-schrijven.html").read_bytes() == dutch.encode("utf-8")  # --lang: index only


def test_a_tie_between_languages_gives_an_english_index(runner, tmp_path):
    folder = copy_charters(tmp_path, *(path for path in EXAMPLE_CHARTERS if path.parent.name != "wijkgericht-werken"))
    result = site_of(runner, folder, tmp_path / "site")  # one Dutch, one English
    assert result.exit_code == 0, result.output
    assert '<html lang="en">' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_every_community_page_links_back_to_the_index_and_to_its_calendar(site, charters):
    out, _ = site
    for charter in charters:
        page = parse(out / f"{slug(charter.name)}.html")
        assert "index.html" in page.urls
        ics = f"{slug(charter.name)}.ics"
        assert (ics in page.urls) == (out / ics).is_file()
    handout = render(charters[0], "onepager", "html", lang="en").content.decode("utf-8")
    assert "site-nav" not in handout and "index.html" not in handout  # the handout has no site around it


def test_web_addresses_in_charter_text_become_links_and_nothing_else_does(tmp_path):
    text = (EXAMPLES / "communities/learning-from-incidents/charter.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Learning from Incidents", "name: Links", 1).replace(
        "domain: How our teams respond to, and learn from, production incidents",
        'domain: "See https://example.org/a?b=1&c=2 (or javascript:alert(1))"',
        1,
    )
    path = tmp_path / "links.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    write_site([load(path)], out, lang="en", today=TODAY)
    page = (out / "links.html").read_text(encoding="utf-8")
    assert '<a href="https://meet.example.com/incident-learning">https://meet.example.com/incident-learning</a>' in page
    assert '<a href="https://wiki.example.com/incidents">' in page  # the tool's address
    assert '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a> (or' in page
    assert 'href="javascript' not in page and "javascript:alert(1))" in page
    assert "<title>Links" in page and "<title><a" not in page  # a title is text, never a link


def test_link_urls_touches_only_http_addresses_in_text():
    html = (
        "<p>https://a.org/x. &#39;https://b.org&#39; ftp://c.org mailto:d@e.org</p>"
        '<a href="https://f.org">https://f.org</a><style>/* https://g.org */</style>'
    )
    assert link_urls(html) == (
        '<p><a href="https://a.org/x">https://a.org/x</a>. &#39;<a href="https://b.org">https://b.org</a>&#39; '
        'ftp://c.org mailto:d@e.org</p><a href="https://f.org">https://f.org</a><style>/* https://g.org */</style>'
    )


def test_a_broken_charter_is_left_out_and_listed_while_the_others_are_published(runner, tmp_path, examples):
    folder = copy_charters(tmp_path, *EXAMPLE_CHARTERS)
    broken = folder / "broken.yaml"
    broken.write_text(
        (folder / "learning-from-incidents.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Learning from Incidents", "name: Broken\nambitons: [x]", 1),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = site_of(runner, folder, out)
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "E020" in result.stderr  # its diagnostics, as check gives them
    assert "left out of the site" in result.stderr and str(broken) in result.stderr.splitlines()[-1]
    assert (out / "index.html").is_file() and (out / "learning-from-incidents.html").is_file()
    assert "Broken" not in (out / "index.html").read_text(encoding="utf-8")
    only_broken = site_of(runner, broken, tmp_path / "none")
    assert only_broken.exit_code == 1 and not (tmp_path / "none").exists()


def test_a_community_whose_journal_has_errors_is_left_out(runner, tmp_path, examples):
    folder = tmp_path / "communities"
    shutil.copytree(examples / "communities", folder)
    entry = sorted((folder / "learning-from-incidents" / "journal").glob("*.yaml"))[-1]
    entry.write_text(entry.read_text(encoding="utf-8") + "ratting: 3\n", encoding="utf-8")
    out = tmp_path / "site"
    result = site_of(runner, folder, out)
    assert result.exit_code == 1 and f"{entry}:" in result.stderr
    assert not (out / "learning-from-incidents.html").exists() and (out / "wijkgericht-werken.html").is_file()


def test_maintenance_messages_go_to_the_terminal(runner, tmp_path):
    folder = copy_charters(tmp_path, EXAMPLES / "communities/learning-from-incidents/charter.yaml")
    charter = folder / "learning-from-incidents.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("  weekday: thursday\n", "", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = site_of(runner, folder, out)
    assert result.exit_code == 0, result.output
    assert "no calendar file" in result.stderr and "cadence.weekday" in result.stderr
    assert "weekday" not in (out / "index.html").read_text(encoding="utf-8")
