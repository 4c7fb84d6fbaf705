"""``copkit report``: a community's journal as a report (Markdown with SVG charts, HTML, PDF), one
community or a portfolio, in English and Dutch; the same journal gives the same bytes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import EXAMPLE_CHARTERS, ctrl_c_when_ready

from copkit.cli import app

TODAY = date(2026, 11, 24)
FROZEN = ["--today", TODAY.isoformat()]
INCIDENTS = next(path for path in EXAMPLE_CHARTERS if path.parent.name == "learning-from-incidents")
SCHRIJVEN = next(path for path in EXAMPLE_CHARTERS if path.parent.name == "klantgericht-schrijven")
NAME = "Learning from Incidents"
SLUG = "learning-from-incidents"
CHARTS = ("attendance", "rating", "criteria", "health", "actions")
HOSTILE = "<script>alert(1)</script> **bold** [link](http://evil.example) | pipe `code` # ![img](x)"


def entry(folder: Path, name: str, body: str, *, kind: str = "meeting", community: str = NAME) -> None:
    text = f"copkit: 1\nkind: {kind}\ncommunity: {community}\ndate: {name[:10]}\n" + textwrap.dedent(body)
    (folder / "journal").mkdir(exist_ok=True)
    (folder / "journal" / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def communities(tmp_path: Path) -> Path:
    """Two communities as the README lays them out; one keeps a journal, the other has none yet."""
    root = tmp_path / "communities"
    incidents = root / SLUG
    incidents.mkdir(parents=True)
    shutil.copy(INCIDENTS, incidents / "charter.yaml")
    (root / "klantgericht-schrijven").mkdir()
    shutil.copy(SCHRIJVEN, root / "klantgericht-schrijven" / "charter.yaml")
    for day, present in (("2026-08-06", 15), ("2026-09-03", 14), ("2026-10-01", 12), ("2026-10-29", 10)):
        entry(
            incidents,
            f"{day}-meeting",
            f"""\
            attendance: {{present: {present}, new: 2, online: 5}}
            rating: 4.1
            harvest:
              - Write the timeline first
            actions:
              - {{what: Share the template, who: Tom Okafor, due: 2026-11-01}}
              - {{what: Book the room, done: 2026-10-20}}
            """,
        )
    for day, low, present in (("2026-06-11", 2.5, 13), ("2026-11-12", 2, 9)):
        entry(
            incidents,
            f"{day}-retro",
            f"""\
            attendance: {present}
            criteria:
              - {{criterion: Participation, score: 4, measured: 9 of 12 teams}}
              - {{criterion: Reviews written, score: {low}, measured: 55%}}
            health: {{dialogue: 4.2, shared_responsibility: 2.8, knowledge_decisive: 4.4}}
            safety: 4.5
            decisions:
              - Keep the biweekly rhythm
            stories:
              - {{cycle: applied, story: The search team used the template after an outage., who: Hannah Becker}}
              - {{cycle: realised, story: Repeat incidents went from five to two.}}
            """,
            kind="retro",
        )
    return root


def run(runner, *args: str):
    return runner.invoke(app, ["report", *FROZEN, *args], catch_exceptions=False)


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


class Text(HTMLParser):
    """The text a reader sees, without what is in <style> and <svg>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "svg")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "svg")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def seen(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# --- one community -------------------------------------------------------------------------------


def test_markdown_report_with_its_charts_beside_it(runner, communities, tmp_path):
    out = tmp_path / "out"
    result = run(runner, str(communities / SLUG / "charter.yaml"), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    found = files_in(out)
    assert set(found) == {f"{SLUG}-report.md", ".copkit-manifest.json"} | {f"{SLUG}-report-{c}.svg" for c in CHARTS}
    text = found[f"{SLUG}-report.md"].decode()
    for chart in CHARTS:
        assert f"]({SLUG}-report-{chart}.svg)" in text
        svg = ET.fromstring(found[f"{SLUG}-report-{chart}.svg"])
        assert svg.get("role") == "img"
        assert svg.find("{http://www.w3.org/2000/svg}title") is not None
        assert svg.find("{http://www.w3.org/2000/svg}desc").text  # the text alternative
    assert text.startswith("# Learning from Incidents\n")
    assert "| Date | Present | New | Online |" in text  # the attendance chart's numbers under it
    assert "| 29 Oct 2026 | 10 | 2 | 5 (50%) |" in text
    # the signals in plain words: attendance falling three meetings running, the overdue action,
    # 'Reviews written' and shared responsibility low twice running
    assert "Fewer people came to each of the last 3 meetings (14 → 12 → 10 → 9)" in text
    assert "“Share the template” (Tom Okafor) was due on 1 November 2026 and is still open" in text
    assert "“Reviews written” scored under 3 in the last 2 retrospectives" in text
    assert "“Shared responsibility” scored under 3 in the last 2 retrospectives" in text
    assert "**Applied value**" in text and "The search team used the template after an outage." in text
    assert "Write the timeline first" in text and "Keep the biweekly rhythm" in text
    manifest = json.loads(found[".copkit-manifest.json"])
    assert {entry["by"] for entry in manifest["files"].values()} == {"report"}


def test_html_report_is_one_self_contained_page_with_inline_charts(runner, communities, tmp_path):
    out = tmp_path / "out"
    assert run(runner, str(communities / SLUG / "charter.yaml"), "-f", "html", "--out", str(out)).exit_code == 0
    assert set(files_in(out)) == {f"{SLUG}-report.html", ".copkit-manifest.json"}
    html = (out / f"{SLUG}-report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == len(CHARTS) and html.count('role="img"') == len(CHARTS)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # no external requests
    assert '<html lang="en">' in html
    shown = seen(html)
    assert "The numbers behind the chart: Attendance" in shown
    assert "Fewer people came to each of the last 3 meetings" in shown


def test_dutch_report_speaks_dutch(runner, communities, tmp_path):
    out = tmp_path / "out"
    result = run(runner, str(communities / SLUG / "charter.yaml"), "-f", "html", "--lang", "nl", "--out", str(out))
    assert result.exit_code == 0, result.output
    shown = seen((out / f"{SLUG}-report.html").read_text(encoding="utf-8"))
    assert "Op elk van de laatste 3 bijeenkomsten kwamen minder mensen (14 → 12 → 10 → 9)" in shown
    assert "Gezondheid van de community" in shown and "Toegepaste waarde" in shown
    assert "29 okt 2026" in shown and "4,1" in shown  # Babel's dates and decimal comma
    assert "Attendance" not in shown


def test_the_same_journal_gives_the_same_bytes(runner, communities, tmp_path, monkeypatch):
    charter = str(communities / SLUG / "charter.yaml")
    clock = iter(range(1_800_000_000, 1_900_000_000, 1000))  # fonts made in other seconds stamp other times
    monkeypatch.setattr("time.time", lambda: float(next(clock)))
    for fmt in ("md", "html", "pdf"):
        first, second = tmp_path / f"a-{fmt}", tmp_path / f"b-{fmt}"
        assert run(runner, charter, "-f", fmt, "--out", str(first)).exit_code == 0
        assert run(runner, charter, "-f", fmt, "--out", str(second)).exit_code == 0
        assert files_in(first) == files_in(second), fmt
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_pdf_is_the_default_and_dated_from_today(runner, communities, tmp_path):
    out = tmp_path / "out"
    assert run(runner, str(communities / SLUG / "charter.yaml"), "--out", str(out)).exit_code == 0
    pdf = (out / f"{SLUG}-report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    from weasyprint import HTML  # the same HTML as the report, laid out: several A4 pages

    html = (out / f"{SLUG}-report.pdf").with_suffix(".html")
    run(runner, str(communities / SLUG / "charter.yaml"), "-f", "html", "--out", str(out))
    document = HTML(filename=str(html)).render()
    assert len(document.pages) > 1
    assert document.metadata.created == "2026-11-24"


def test_since_leaves_out_earlier_meetings(runner, communities, tmp_path):
    out = tmp_path / "out"
    charter = str(communities / SLUG / "charter.yaml")
    assert run(runner, charter, "-f", "md", "--since", "2026-10-01", "--out", str(out)).exit_code == 0
    text = (out / f"{SLUG}-report.md").read_text(encoding="utf-8")
    assert "since 1 October 2026" in text
    assert "| 1 Oct 2026 | 12 |" in text and "| 3 Sept 2026 | 14 |" not in text
    assert "(14 → 12 → 10 → 9)" in text  # the signals read the whole journal: they are about today
    later = tmp_path / "later"
    assert run(runner, charter, "-f", "md", "--since", "2026-11-20", "--out", str(later)).exit_code == 0
    text = (later / f"{SLUG}-report.md").read_text(encoding="utf-8")
    assert "No meetings recorded since 20 November 2026." in text
    assert not list(later.glob("*.svg"))


def test_a_community_without_a_journal_gets_a_kind_report(runner, communities, tmp_path):
    out = tmp_path / "out"
    charter = communities / "klantgericht-schrijven" / "charter.yaml"
    for fmt in ("md", "html"):
        result = run(runner, str(charter), "-f", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
    text = (out / "klantgericht-schrijven-report.md").read_text(encoding="utf-8")
    assert "Nog geen bijeenkomsten genoteerd." in text  # the charter's own language, Dutch
    assert "Niets in het logboek vraagt nu om aandacht." in text


def test_hostile_text_stays_text(runner, communities, tmp_path):
    entry(
        communities / SLUG,
        "2026-11-19-meeting",
        f"""\
        attendance: 11
        harvest:
          - "{HOSTILE}"
        actions:
          - {{what: "{HOSTILE}", who: "<b>Eve</b>", due: 2026-11-20}}
        stories:
          - {{cycle: immediate, story: "{HOSTILE}"}}
        """,
    )
    out = tmp_path / "out"
    charter = str(communities / SLUG / "charter.yaml")
    for fmt in ("md", "html"):
        assert run(runner, charter, "-f", fmt, "--out", str(out)).exit_code == 0
    html = (out / f"{SLUG}-report.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>Eve</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE in seen(html)
    md = (out / f"{SLUG}-report.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "[link](" not in md and "**bold**" not in md and "![img](x)" not in md
    assert (
        r"\<script\>alert(1)\</script\> \*\*bold\*\* \[link\](http://evil.example) \| pipe \`code\` \# \!\[img\](x)"
        in md
    )


# --- a folder: the portfolio ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_folder_gives_a_portfolio_then_each_community(runner, communities, tmp_path, lang):
    out = tmp_path / "out"
    result = run(runner, str(communities), "-f", "md", "--lang", lang, "--out", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "portfolio-report.md").read_text(encoding="utf-8")
    heading = {"en": "## Portfolio", "nl": "## Portfolio"}[lang]
    assert heading in text
    # the community with signals comes first, in the overview and after it
    assert text.index("| Learning from Incidents |") < text.index("| Klantgericht schrijven |")
    assert text.index("## Learning from Incidents") < text.index("## Klantgericht schrijven")
    assert {"en": "Attendance falling", "nl": "Opkomst daalt"}[lang] in text
    assert "14 → 12 → 10 → 9 (" in text  # the attendance of the last meetings
    assert (out / f"portfolio-report-{SLUG}-health.svg").is_file()


def test_a_portfolio_speaks_the_language_most_charters_use(runner, communities, tmp_path):
    out = tmp_path / "out"
    assert run(runner, str(communities), "-f", "html", "--out", str(out)).exit_code == 0
    html = (out / "portfolio-report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html  # one English, one Dutch charter: a tie goes to English
    assert html.count("<article") == 2 and 'href="#community-learning-from-incidents"' in html


def test_a_folder_report_as_pdf(runner, communities, tmp_path):
    out = tmp_path / "out"
    result = run(runner, str(communities), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "portfolio-report.pdf").read_bytes().startswith(b"%PDF-")


# --- files and errors ----------------------------------------------------------------------------


def test_a_hand_edited_report_is_not_replaced_without_force(runner, communities, tmp_path):
    out = tmp_path / "out"
    charter = str(communities / SLUG / "charter.yaml")
    assert run(runner, charter, "-f", "md", "--out", str(out)).exit_code == 0
    report = out / f"{SLUG}-report.md"
    report.write_text("my notes\n", encoding="utf-8")
    before = files_in(out)
    result = run(runner, charter, "-f", "md", "--out", str(out))
    assert result.exit_code == 1
    assert "was edited since copkit wrote it: use --force" in result.output
    assert files_in(out) == before  # whole or nothing: not even the charts changed
    assert run(runner, charter, "-f", "md", "--out", str(out), "--force").exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("# Learning from Incidents")


def test_an_error_in_the_journal_writes_nothing(runner, communities, tmp_path):
    entry(communities / SLUG, "2026-11-19-meeting", "rating: 9\n")
    out = tmp_path / "out"
    result = run(runner, str(communities / SLUG / "charter.yaml"), "-f", "md", "--out", str(out))
    assert result.exit_code == 1
    assert "2026-11-19-meeting.yaml:5:9: error E023" in result.output
    assert "no report written" in result.output
    assert not out.exists()


def test_an_entry_is_not_a_charter(runner, communities, tmp_path):
    result = run(runner, str(communities / SLUG / "journal" / "2026-08-06-meeting.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "is a journal entry, not a charter" in result.output


def test_the_installed_command_writes_a_report(communities, tmp_path):
    found = shutil.which("copkit", path=str(Path(sys.executable).parent)) or shutil.which("copkit")
    assert found, "the copkit command is not installed: pip install '.[test]'"
    out = tmp_path / "out"
    done = subprocess.run(
        [found, "report", *FROZEN, str(communities / SLUG / "charter.yaml"), "-f", "html", "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "MPLCONFIGDIR": str(tmp_path / "mpl")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote {out / f'{SLUG}-report.html'}\n"
    assert "Traceback" not in done.stderr


def test_one_meeting_is_counted_in_the_singular(tmp_path, runner):
    """Klantgericht schrijven has one entry: '1 bijeenkomst, op …', never '1 bijeenkomsten'."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    for lang, one, many in (
        ("nl", "1 bijeenkomst, op ", "23 bijeenkomsten, de laatste op "),
        ("en", "1 meeting, on ", "23 meetings, the last on "),
    ):
        out = tmp_path / lang
        args = ["report", str(examples), "--format", "html", "--lang", lang, "--out", str(out), "--today", "2026-11-24"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        html = (out / "portfolio-report.html").read_text(encoding="utf-8")
        assert one in html and many in html


# --- speed: each chart drawn once, each entry read once ------------------------------------------


def test_a_report_from_the_cache_is_the_report_drawn_anew(runner, communities, tmp_path, own_cache):
    charter = str(communities / SLUG / "charter.yaml")
    for fmt in ("md", "html"):
        shutil.rmtree(own_cache / "copkit", ignore_errors=True)
        drawn, cached = tmp_path / f"drawn-{fmt}", tmp_path / f"cached-{fmt}"
        assert run(runner, charter, "-f", fmt, "--out", str(drawn)).exit_code == 0
        assert len(list((own_cache / "copkit" / "charts").glob("*.json"))) == len(CHARTS)
        assert run(runner, charter, "-f", fmt, "--out", str(cached)).exit_code == 0
        assert files_in(drawn) == files_in(cached), fmt


def test_a_journal_grown_by_one_meeting_redraws_only_the_charts_it_changes(runner, communities, tmp_path, own_cache):
    charter = str(communities / SLUG / "charter.yaml")
    assert run(runner, charter, "-f", "html", "--out", str(tmp_path / "a")).exit_code == 0
    before = set((own_cache / "copkit" / "charts").glob("*.json"))
    entry(communities / SLUG, "2026-11-19-meeting", "attendance: 11\nrating: 3.9\n")
    assert run(runner, charter, "-f", "html", "--out", str(tmp_path / "b")).exit_code == 0
    after = set((own_cache / "copkit" / "charts").glob("*.json"))
    assert before < after
    assert len(after - before) == 2  # attendance and rating; criteria, health and actions as they were


def test_a_folder_report_reads_each_file_once(runner, communities, tmp_path, monkeypatch):
    from copkit import checking

    read: list[str] = []
    real = checking.check_file

    def counting(path, **kwargs):
        read.append(os.path.realpath(path))
        return real(path, **kwargs)

    monkeypatch.setattr(checking, "check_file", counting)
    assert run(runner, str(communities), "-f", "md", "--out", str(tmp_path / "out")).exit_code == 0
    assert len(read) == len(set(read)) == len(list(communities.rglob("*.yaml")))


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("cpus", [1, 2])
def test_ctrl_c_while_drawing_exits_130_and_writes_nothing(communities, tmp_path, cpus):
    code = (
        "import os, sys, time\n"
        "from copkit import charts, parallel\n"
        f"parallel.cores = lambda: {cpus}\n"
        "def slow(*args, **kwargs):\n    os.write(1, b'ready\\n'); time.sleep(2)\n"  # one write: workers may both say it
        "charts._render = slow\n"
        "sys.argv = ['copkit', 'report', sys.argv[1], '-f', 'html', '--today', '2026-11-24', '--out', sys.argv[2]]\n"
        "from copkit.cli import main; main()\n"
    )
    out = tmp_path / "out"
    status, stderr = ctrl_c_when_ready(code, str(communities), str(out))  # once a chart is being drawn
    assert status == 130
    assert stderr.strip() == "copkit: interrupted", stderr
    assert not out.exists()
