"""`copkit render`: every handout in every format and language, read back and checked for content."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from copkit import choices
from copkit.activities import meeting_length
from copkit.choices import MEETING_OF_PHASE
from copkit.cli import app
from copkit.rendering import escape_markdown, render, slug

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the bundled example charters, every one valid
DUTCH = EXAMPLES / "communities/klantgericht-schrijven/charter.yaml"
ENGLISH = EXAMPLES / "communities/learning-from-incidents/charter.yaml"
HANDOUTS = choices.HANDOUTS


class Page(HTMLParser):
    """The text of an HTML page, its tags, and the rows of its tables."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("handout", HANDOUTS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_handout_in_every_text_format_and_language(handout, fmt, lang, charter_of):
    charter = charter_of(DUTCH)
    result = render(charter, handout, fmt, lang=lang, meeting_date=date(2027, 1, 12))
    assert result.filename == f"klantgericht-schrijven-{handout}.{fmt}"
    text = result.content.decode("utf-8")
    plain = Page(text).plain if fmt == "html" else text
    assert "Klantgericht schrijven" in plain
    assert "Undefined" not in plain and "{{" not in plain
    if handout == "onepager":
        assert "Samen leren schrijven" in plain
        assert ("30 juni 2027" if lang == "nl" else "30 June 2027") in plain
        assert "12:30–13:30" in plain
        assert "Ingrid Wouters" in plain and "Bram Declercq (15%)" in plain  # as Babel writes it
        assert "60%" in plain
    if handout == "agenda":
        assert ("dinsdag 12 januari 2027" if lang == "nl" else "12 January 2027") in plain
        assert "12:00–14:00" in plain  # the launch: 12:00, 120 minutes
    if handout == "retro":
        assert "Deelname" in plain and "gemiddeld 4 of meer" in plain


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_languages_differ_where_they_should(lang, charter_of):
    text = render(charter_of(DUTCH), "onepager", "html", lang=lang).content.decode()
    assert f'<html lang="{lang}">' in text
    assert ("De eerste dinsdag van elke maand" if lang == "nl" else "The first Tuesday of every month") in text


@pytest.mark.parametrize("path", [DUTCH, ENGLISH], ids=["nl", "en"])
def test_agenda_times_add_up_to_the_meeting(path, charter_of):
    """The next meeting's agenda (a launch while starting up, a session while operating) fills
    its length exactly, back to back."""
    charter = charter_of(path)
    page = Page(render(charter, "agenda", "html", lang="en").content.decode())
    spans = [
        re.match(r"(\d\d:\d\d)–(\d\d:\d\d)", row[0]) for row in page.rows[1:] if row and re.match(r"\d\d:\d\d–", row[0])
    ]
    times = [(datetime.strptime(m[1], "%H:%M"), datetime.strptime(m[2], "%H:%M")) for m in spans if m]
    assert len(times) >= 3
    for (_, end), (start, _) in zip(times, times[1:], strict=False):
        assert end == start
    kind = MEETING_OF_PHASE[charter.phase]
    assert times[-1][1] - times[0][0] == timedelta(minutes=meeting_length(charter, kind))
    launch = kind == "launch" and charter.launch and charter.launch.time
    expected_start = charter.launch.time if launch else charter.cadence.time
    assert times[0][0].time() == expected_start


def test_agenda_names_who_leads_and_a_facilitation_structure(charter_of):
    charter = charter_of(DUTCH)
    page = Page(render(charter, "agenda", "html", lang="en").content.decode())
    plain = page.plain
    assert "Ingrid Wouters" in plain  # the sponsor's word
    assert "Sara De Smet" in plain and "Bram Declercq" in plain
    assert "Preparation checklist for the coordinator (Lotte Claes, Wout Janssens)" in plain
    assert "open invitation" in plain


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pdf_handouts_read_back(lang, charter_of):
    charter = charter_of(ENGLISH)
    for handout in HANDOUTS:
        pdf = render(charter, handout, "pdf", lang=lang).content
        assert pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        assert "Learning from Incidents" in text
        if handout == "onepager":
            assert len(reader.pages) == 1
            assert "Blamelessness" in text
            assert ("Om de twee weken op donderdag" if lang == "nl" else "Every other Thursday") in text
            assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
        if handout == "agenda":
            assert "15:00" in text


def test_hostile_charter_text_stays_text(replace, contract_example):
    hostile = replace(
        contract_example, "name: Testautomatisering", "name: \"<script>alert('x')</script> {{ 7*7 }} {% raw %}\""
    )
    hostile = replace(
        hostile,
        "  - Een gedeelde checklist tegen onstabiele tests",
        '  - "**bold** | [link](javascript:x) <img src=x onerror=y>"',
    )
    from copkit.model import Charter
    from copkit.yamlfile import load

    document, _ = load(hostile.encode(), "h.yaml")
    charter = Charter.model_validate(document.data)
    html = render(charter, "onepager", "html", lang="en").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "<img src=x" not in html
    md = render(charter, "onepager", "md", lang="en").content.decode()
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*\\*bold\\*\\* \\| \\[link\\]" in md
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "49" not in md


def test_markdown_escaping():
    assert escape_markdown("a_b *c* <d> | #e") == "a\\_b \\*c\\* \\<d\\> \\| \\#e"
    assert escape_markdown("two\nlines") == "two lines"
    assert escape_markdown(42) == 42


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Klantgericht schrijven", "klantgericht-schrijven"),
        ("Ça va? Één/twee", "ca-va-een-twee"),
        ("Тестирование", "testirovanie"),
        ("Ελληνικά", "ellinika"),
        ("学习小组", "xuexixiaozu"),
        ("😀", "grinning"),
        ("!!!", "community-e84c538e"),
    ],
)
def test_slug(name, expected):
    assert slug(name) == expected


def test_slugs_of_names_without_letters_differ():
    assert slug("!!!") != slug("???")
    assert slug("!!!").startswith("community-")
    assert slug("a" * 100) == "a" * 80 and not slug("a" * 79 + "-b").endswith("-")


def test_rendering_is_deterministic(charter_of):
    charter = charter_of(DUTCH)
    for fmt in ("md", "html"):
        first = [render(charter, h, fmt, lang="nl").content for h in HANDOUTS]
        again = [render(charter_of(DUTCH), h, fmt, lang="nl").content for h in HANDOUTS]
        assert first == again


def test_recognition_part_only_when_winding_down(charter_of):
    charter = charter_of(ENGLISH)
    assert "Recognising what members gave" not in render(charter, "retro", "md", lang="en").content.decode()
    closing = charter.model_copy(update={"phase": "wind-down"})
    assert "Recognising what members gave" in render(closing, "retro", "md", lang="en").content.decode()


# --- the command ---------------------------------------------------------------------------------


def test_render_writes_all_handouts(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(DUTCH), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".copkit-manifest.json", *(f"klantgericht-schrijven-{h}.html" for h in HANDOUTS)]
    )
    assert f"wrote {out / 'klantgericht-schrijven-onepager.html'}" in result.output


def test_render_defaults_to_pdf_in_the_charters_language(runner, tmp_path):
    result = runner.invoke(app, ["render", str(ENGLISH), "--handout", "onepager", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "learning-from-incidents-onepager.pdf").read_bytes()
    assert "WHO DOES WHAT" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()  # headings print in capitals


def test_an_invalid_charter_renders_nothing(runner, tmp_path, write, replace, contract_example):
    bad = write(replace(contract_example, "ambitions:", "ambitons:"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(DUTCH), str(bad), "--format", "md", "--out", str(out)])
    assert result.exit_code == 1
    assert f"{bad}:12:1: error E020 unknown key 'ambitons'" in result.output
    assert not out.exists()


def test_check_finds_stale_handouts(runner, tmp_path, write):
    charter = write(DUTCH.read_text(encoding="utf-8"), "team.yaml")
    out = tmp_path / "handouts"
    assert runner.invoke(app, ["render", str(charter), "--format", "md", "--out", str(out)]).exit_code == 0
    fresh = runner.invoke(app, ["render", str(charter), "--check", "--out", str(out)])
    assert fresh.exit_code == 0, fresh.output
    assert f"{len(HANDOUTS)} handouts up to date" in fresh.output
    charter.write_text(charter.read_text(encoding="utf-8").replace("Openheid", "Eerlijkheid"), encoding="utf-8")
    stale = runner.invoke(app, ["render", str(charter), "--check", "--out", str(out)])
    assert stale.exit_code == 1
    assert f"stale: {out / 'klantgericht-schrijven-onepager.md'}: no longer matches its charter" in stale.output
    missing = runner.invoke(app, ["render", str(charter), "--check", "--format", "html", "--out", str(out)])
    assert missing.exit_code == 1 and "missing" in missing.output
    assert runner.invoke(app, ["render", str(charter), "--check", "--format", "pdf"]).exit_code == 2


def test_never_replaces_a_file_copkit_did_not_make(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "klantgericht-schrijven-onepager.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    refused = runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(out)])
    assert refused.exit_code == 1
    assert f"{mine} exists and was not written by copkit: use --force to replace it" in refused.output
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in out.iterdir()) == [mine.name]  # nothing else written either
    forced = runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(out), "--force"])
    assert forced.exit_code == 0
    again = runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(out)])
    assert again.exit_code == 0  # copkit's own handouts are replaced freely


def test_templates_folder_overrides_by_name(runner, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    (custom / "onepager.md.j2").write_text("# {{ c.name }} for our wiki\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(out), "--templates", str(custom)])
    assert result.exit_code == 0, result.output
    assert (out / "klantgericht-schrijven-onepager.md").read_text(
        encoding="utf-8"
    ) == "# Klantgericht schrijven for our wiki\n"
    agenda = (out / "klantgericht-schrijven-agenda.md").read_text(encoding="utf-8")
    assert agenda.startswith("<!-- ") and "12:00–14:00" in agenda  # the built-in agenda, not overridden


def test_a_broken_custom_template_is_reported_not_raised(runner, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    (custom / "onepager.md.j2").write_text("{{ c.nonexistent }}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["render", str(DUTCH), "--format", "md", "--out", str(tmp_path / "o"), "--templates", str(custom)]
    )
    assert result.exit_code == 1
    assert "template onepager.md.j2" in result.output and "nonexistent" in result.output
    assert not (tmp_path / "o").exists()


def test_templates_ship_in_the_wheel_and_are_found_there(tmp_path, repo):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(repo)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("copkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (
        "onepager.html.j2",
        "agenda.md.j2",
        "retro.html.j2",
        "handout.css",
        "activities.yaml",
        "locale/nl/LC_MESSAGES/copkit.po",
    ):
        assert f"copkit/templates/{template}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import copkit.paths, sys; print(copkit.paths.builtin_templates()); "
        "from copkit.cli import app; app(['render', sys.argv[1], '--format', 'md', '--out', sys.argv[2]])"
    )
    # -S: no site hooks, so an editable install of the source tree cannot answer for the wheel.
    elsewhere = [entry for entry in sys.path if entry and Path(entry).resolve() != repo]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *elsewhere])}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code, str(DUTCH), str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.stdout.splitlines()[0] == str(site / "copkit" / "templates")
    assert (tmp_path / "out" / "klantgericht-schrijven-onepager.md").is_file(), done.stderr


def test_progress_is_shown_for_many_handouts_in_a_terminal(monkeypatch):
    from copkit.cli import render as command

    few, many = list(range(command.PROGRESS_FROM - 1)), list(range(command.PROGRESS_FROM))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert command.progress(few) is few
    shown = command.progress(many)
    assert shown is not many and list(shown) == many  # a Rich progress bar that yields every job
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert command.progress(many) is many


def test_render_as_the_installed_command(tmp_path):
    import shutil

    copkit = shutil.which("copkit", path=str(Path(sys.executable).parent)) or shutil.which("copkit")
    assert copkit is not None
    done = subprocess.run(
        [copkit, "render", str(DUTCH), "--format", "md", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "De eerste dinsdag van elke maand" in (tmp_path / "klantgericht-schrijven-onepager.md").read_text(
        encoding="utf-8"
    )


def test_handouts_are_written_with_ordinary_permissions(runner, tmp_path):
    previous = os.umask(0o022)
    try:
        assert runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(tmp_path)]).exit_code == 0
    finally:
        os.umask(previous)
    modes = {oct(path.stat().st_mode & 0o777) for path in tmp_path.iterdir()}
    assert modes == {"0o644"}


def test_a_file_where_the_output_folder_should_be_is_reported(runner, tmp_path):
    blocker = tmp_path / "handouts"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(DUTCH), "--format", "md", "--out", str(blocker)])
    assert result.exit_code == 1
    assert "cannot write" in result.output and "not a folder" in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
