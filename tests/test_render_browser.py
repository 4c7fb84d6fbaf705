"""HTML handouts as a coach prints them from a browser: one A4 page in Chromium, and nothing fetched.

Coaches who cannot install WeasyPrint render ``--format html`` and print from their browser, so the
one-pagers must fit one A4 page in Chromium too, not only in WeasyPrint. Those tests run headless
Chromium where it is installed (``/usr/bin/chromium`` or ``chromium`` on PATH) and skip elsewhere.
The self-containment test needs no browser: a handout opened from a mail or a USB stick, or printed
in a meeting room without network, must not depend on anything outside its own file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from copkit.choices import HANDOUTS
from copkit.rendering import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the bundled example charters, every one valid
CHARTERS = {
    "nl": EXAMPLES / "communities/klantgericht-schrijven/charter.yaml",
    "en": EXAMPLES / "communities/learning-from-incidents/charter.yaml",
}
A4_POINTS = (595.0, 842.0)  # 210 × 297 mm
CHROMIUM_SECONDS = 120

# Headless printing with no network, no profile of the user's, and no date/URL header or footer.
# Chromium 120 and later call the last switch --no-pdf-header-footer; older ones only know
# --print-to-pdf-no-header. Chromium ignores switches it does not know, so both are given.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--print-to-pdf-no-header",
)


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def print_to_pdf(chromium: str, html: Path, pdf: Path, profile: Path) -> None:
    """Print ``html`` to ``pdf`` with headless Chromium, in a fresh profile, or fail saying why."""
    profile.mkdir()
    argv = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]
    env = {**os.environ, "HOME": str(profile)}  # crash reports and caches stay out of the real home
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=CHROMIUM_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not print {html.name} within {CHROMIUM_SECONDS} s")
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-15:])
        pytest.fail(f"Chromium exited {done.returncode} without a PDF of {html.name}:\n{tail}")


@pytest.mark.parametrize("lang", sorted(CHARTERS))
def test_one_pager_prints_on_one_a4_page_in_chromium(lang, tmp_path, charter_of):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (no /usr/bin/chromium, no chromium on PATH)")
    charter = charter_of(CHARTERS[lang])
    handout = render(charter, "onepager", "html", lang=lang)
    html = tmp_path / handout.filename
    html.write_bytes(handout.content)
    pdf = tmp_path / "onepager.pdf"

    print_to_pdf(chromium, html, pdf, tmp_path / "profile")

    reader = PdfReader(pdf)
    assert len(reader.pages) == 1, f"the {lang} one-pager takes {len(reader.pages)} pages in Chromium"
    page = reader.pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert all(abs(got - want) <= 1.0 for got, want in zip(size, A4_POINTS, strict=False)), f"page is {size} pt, not A4"
    text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())  # NFKC: "ﬁ" ligature → "fi"
    assert charter.name in text
    assert "file:" not in text and html.name not in text, "Chromium printed its header and footer (date, URL)"


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
