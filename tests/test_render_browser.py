"""HTML handouts as a coach prints them from a browser: A4 in Chromium, nothing clipped, and nothing fetched.

Coaches who cannot install WeasyPrint render ``--format html`` and print from their browser, so the
handouts must print well in Chromium too, not only in WeasyPrint: the one-pagers on one A4 page, the
agendas and retro sheets on a few A4 pages with every word of the page on paper and inside the page.
Those tests run headless Chromium (see ``browser.py``; ``.ci/run`` installs it) and skip where there is
none. The self-containment test needs no browser: a handout opened from a mail or a USB stick, or
printed in a meeting room without network, must not depend on anything outside its own file.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import chromium_or_skip, print_to_pdf
from pypdf import PdfReader

from copkit.choices import HANDOUTS
from copkit.rendering import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the bundled example charters, every one valid
CHARTERS = {
    "nl": EXAMPLES / "communities/klantgericht-schrijven/charter.yaml",
    "en": EXAMPLES / "communities/learning-from-incidents/charter.yaml",
}
EVERY_EXAMPLE = {path.parent.name: path for path in sorted(EXAMPLES.glob("communities/*/charter.yaml"))}
A4_POINTS = (595.0, 842.0)  # 210 × 297 mm
# The most pages a handout may take in Chromium before it stops being a handout.
MOST_PAGES = {"onepager": 1, "invitation": 1, "agenda": 2, "retro": 4}


def words(text: str) -> set[str]:
    """The words of a text, as a PDF's extracted text can be compared with a page's (NFKC: "ﬁ" → "fi")."""
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


class VisibleText(HTMLParser):
    """The text a browser shows of an HTML page: everything outside head, style and script."""

    HIDDEN = frozenset({"head", "title", "style", "script"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def printed(chromium: str, charter, handout: str, lang: str, tmp_path: Path):
    """The handout's HTML, and the pages Chromium prints of it with each piece of text's position."""
    content = render(charter, handout, "html", lang=lang).content
    html = tmp_path / f"{handout}-{lang}.html"
    html.write_bytes(content)
    pdf = tmp_path / f"{handout}-{lang}.pdf"
    print_to_pdf(chromium, html, pdf, tmp_path / f"profile-{handout}-{lang}")
    pages = []
    for page in PdfReader(pdf).pages:
        placed: list[tuple[float, float, str]] = []

        def at(text, cm, tm, font, size, placed=placed):
            if text.strip():
                x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                placed.append((x, y, text))

        text = page.extract_text(visitor_text=at)
        pages.append((page, text, placed))
    return content.decode("utf-8"), pages


def assert_a4_and_nothing_clipped(html: str, pages, what: str) -> None:
    for number, (page, _, placed) in enumerate(pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert all(abs(got - want) <= 1.0 for got, want in zip(size, A4_POINTS, strict=True)), (
            f"{what}: page {number} is {size} pt, not A4"
        )
        outside = [text for x, y, text in placed if not (0 <= x < size[0] and 0 <= y < size[1])]
        assert outside == [], f"{what}: text outside page {number}: {outside[:5]}"
    on_paper = set().union(*(words(text) for _, text, _ in pages))
    missing = words(" ".join(VisibleText(html).parts)) - on_paper
    assert not missing, f"{what}: words of the page that Chromium did not print: {sorted(missing)[:20]}"
    everything = " ".join(text for _, text, _ in pages)
    assert "file:" not in everything, f"{what}: Chromium printed its header and footer (date, URL)"


def one_pager_cases():
    for example in EVERY_EXAMPLE:
        for lang in ("nl", "en"):
            yield pytest.param(example, lang, id=f"{example}-{lang}")


@pytest.mark.parametrize(("example", "lang"), list(one_pager_cases()))
def test_one_pager_prints_on_one_a4_page_in_chromium(example, lang, tmp_path, charter_of):
    chromium = chromium_or_skip()
    charter = charter_of(EVERY_EXAMPLE[example])
    html, pages = printed(chromium, charter, "onepager", lang, tmp_path)

    assert len(pages) == 1, f"the {lang} one-pager of {example} takes {len(pages)} pages in Chromium"
    assert_a4_and_nothing_clipped(html, pages, f"one-pager ({example}, {lang})")
    assert charter.name in " ".join(pages[0][1].split())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("handout", ["agenda", "retro", "invitation"])
@pytest.mark.parametrize("example", sorted(EVERY_EXAMPLE))
def test_handouts_print_on_a_few_a4_pages_with_nothing_clipped(example, handout, lang, tmp_path, charter_of):
    chromium = chromium_or_skip()
    charter = charter_of(EVERY_EXAMPLE[example])
    html, pages = printed(chromium, charter, handout, lang, tmp_path)

    what = f"{handout} ({example}, {lang})"
    assert 1 <= len(pages) <= MOST_PAGES[handout], f"{what} takes {len(pages)} pages in Chromium"
    assert_a4_and_nothing_clipped(html, pages, what)
    last = pages[-1][1]
    assert len(last.split()) > 3, f"{what}: the last page holds next to nothing: {last!r}"


class Resources(HTMLParser):
    """Every URL-valued attribute of an HTML page, and all its CSS (style elements and attributes)."""

    URL_ATTRIBUTES = frozenset({"src", "href", "srcset", "poster", "data", "action", "formaction", "background"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.css: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value:
                self.urls += [(tag, name, url.strip().split()[0]) for url in value.split(",") if url.strip()]
            elif name == "style" and value:
                self.css.append(value)
            elif tag == "meta" and name == "http-equiv" and value and value.lower() == "refresh":
                self.urls.append((tag, name, "refresh"))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


@pytest.mark.parametrize("lang", sorted(CHARTERS))
@pytest.mark.parametrize("handout", HANDOUTS)
@pytest.mark.parametrize("example", sorted(CHARTERS))
def test_html_handouts_fetch_nothing_from_outside(example, handout, lang, charter_of):
    charter = charter_of(CHARTERS[example])
    page = Resources(render(charter, handout, "html", lang=lang).content.decode("utf-8"))

    external = [(tag, name, url) for tag, name, url in page.urls if EXTERNAL.match(url) or url == "refresh"]
    assert external == [], f"{handout} ({lang}) points outside itself: {external}"
    assert page.css, "the stylesheet is no longer inline"
    css = "\n".join(page.css).lower()
    assert "@import" not in css
    assert "url(" not in css
