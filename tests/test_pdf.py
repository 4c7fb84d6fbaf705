"""PDFs (copkit.pdf): the same HTML gives the same bytes whatever the clock; a PDF made before comes from
the cache; several are laid out in worker processes with the same bytes, order and messages as one
by one; Ctrl-C still stops cleanly; WeasyPrint loads without cffi's library probing."""

from __future__ import annotations

import calendar
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import ctrl_c_when_ready

from copkit import pdf
from copkit.choices import HANDOUTS
from copkit.cli import app
from copkit.rendering import pdf_day, prepare, render, to_pdf
from copkit.yamlfile import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "communities"
EXAMPLE = EXAMPLES / "learning-from-incidents" / "charter.yaml"
MEETING = date(2027, 1, 12)
DATE = ["--date", MEETING.isoformat()]


def pdfs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


def layouts(charter_of) -> list[pdf.Layout]:
    """Every handout of every example charter, ready to lay out."""
    found = []
    for path in sorted(EXAMPLES.rglob("charter.yaml")):
        charter = charter_of(path)
        for handout in HANDOUTS:
            found.append(prepare(charter, handout, "pdf", lang=charter.language, meeting_date=MEETING).layout)
    return found


class FakeHTML:
    """WeasyPrint's HTML class as far as copkit.pdf uses it: records the SOURCE_DATE_EPOCH it lays out under."""

    seen: list[str | None] = []

    def __init__(self, string: str) -> None:
        self.string = string
        self.pages = [1]

    def render(self, **options: object) -> FakeHTML:
        return self

    def write_pdf(self, **options: object) -> bytes:
        FakeHTML.seen.append(os.environ.get("SOURCE_DATE_EPOCH"))
        return b"%PDF-1.7\n" + self.string.encode() + b"\n%%EOF\n"


# --- the same bytes ---------------------------------------------------------------------------------


def test_a_pdf_is_made_under_its_own_date_never_the_clock(monkeypatch):
    FakeHTML.seen.clear()
    monkeypatch.setattr(pdf, "weasyprint", lambda: (FakeHTML, None))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert to_pdf("<p>x</p>", day=MEETING).startswith(b"%PDF-")
    assert FakeHTML.seen == [str(calendar.timegm(MEETING.timetuple()))]
    assert "SOURCE_DATE_EPOCH" not in os.environ  # put back as it was
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    to_pdf("<p>y</p>", day=MEETING)
    assert os.environ["SOURCE_DATE_EPOCH"] == "12345"


def test_a_handouts_date_is_the_meetings_the_launchs_or_the_review_date(charter_of, contract_charter):
    charter = charter_of(EXAMPLE)
    assert pdf_day(charter, MEETING) == MEETING
    assert pdf_day(charter, None) == (charter.launch_date or charter.review_date)
    without_launch = contract_charter()
    assert without_launch.launch_date is None
    assert pdf_day(without_launch, None) == without_launch.review_date


def test_the_same_html_gives_the_same_pdf_a_day_later(charter_of, own_cache, monkeypatch):
    charter = charter_of(EXAMPLE)
    html = render(charter, "invitation", "html", lang="en", meeting_date=MEETING).content.decode("utf-8")
    first = to_pdf(html, day=MEETING)
    shutil.rmtree(own_cache)  # laid out again, not taken from the cache
    later = time.time() + 86_400 + 7
    monkeypatch.setattr(time, "time", lambda: later)
    assert to_pdf(html, day=MEETING) == first


# --- the cache --------------------------------------------------------------------------------------


def test_a_second_render_lays_nothing_out_again(runner, tmp_path, own_cache, monkeypatch):
    first = runner.invoke(app, ["render", str(EXAMPLE), *DATE, "--out", str(tmp_path / "one")])
    assert first.exit_code == 0, first.output
    assert len(list((own_cache / "copkit" / "pdf").glob("*.pdf"))) == len(HANDOUTS)

    def not_again(layout: pdf.Layout) -> bytes:
        raise AssertionError("laid out again")

    monkeypatch.setattr(pdf, "lay_out", not_again)
    second = runner.invoke(app, ["render", str(EXAMPLE), *DATE, "--out", str(tmp_path / "two")])
    assert second.exit_code == 0, second.output
    assert second.output == first.output.replace("/one/", "/two/")
    assert pdfs(tmp_path / "two") == pdfs(tmp_path / "one") and len(pdfs(tmp_path / "one")) == len(HANDOUTS)


def test_a_changed_charter_is_laid_out_again(runner, tmp_path, monkeypatch):
    charter = tmp_path / "charter.yaml"
    shutil.copy(EXAMPLE, charter)
    command = ["render", str(charter), "--handout", "onepager", *DATE, "--out", str(tmp_path / "out"), "--force"]
    assert runner.invoke(app, command).exit_code == 0
    before = pdfs(tmp_path / "out")
    calls = []
    real = pdf.lay_out

    def counted(layout: pdf.Layout) -> bytes | None:
        calls.append(layout)
        return real(layout)

    monkeypatch.setattr(pdf, "lay_out", counted)
    assert runner.invoke(app, command).exit_code == 0
    assert calls == []
    text = charter.read_text(encoding="utf-8")
    charter.write_text(text.replace("name: Learning from Incidents", "name: Learning from Incidents\n# edited"))
    assert runner.invoke(app, command).exit_code == 0
    assert calls == []  # a comment does not change the handout's HTML
    charter.write_text(text.replace("Blamelessness", "Curiosity"), encoding="utf-8")
    assert runner.invoke(app, command).exit_code == 0
    assert len(calls) == 1 and pdfs(tmp_path / "out") != before


def test_a_cache_that_cannot_be_written_is_no_cache(runner, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for out in ("one", "two"):
        result = runner.invoke(app, ["render", str(EXAMPLE), "--handout", "invitation", "--out", str(tmp_path / out)])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert pdfs(tmp_path / "one") == pdfs(tmp_path / "two")


def test_a_damaged_cache_entry_is_laid_out_again(own_cache):
    layout = pdf.Layout(("<title>x</title><p>Hello</p>",), MEETING)
    first = to_pdf(layout.html[0], day=MEETING)
    entry = own_cache / "copkit" / "pdf" / f"{pdf.cache_key(layout)}.pdf"
    entry.write_bytes(first[: len(first) // 2])  # as a full disk might have left it
    assert to_pdf(layout.html[0], day=MEETING) == first
    assert entry.read_bytes() == first


def test_the_cache_keeps_the_most_recently_used(own_cache, monkeypatch):
    monkeypatch.setattr(pdf, "CACHE_LIMIT", 3000)
    content = b"%PDF-1.7\n" + b"x" * 980 + b"\n%%EOF\n"
    for number, key in enumerate("abc"):
        pdf.keep(key, content)
        os.utime(own_cache / "copkit" / "pdf" / f"{key}.pdf", (1000 + number, 1000 + number))
    assert pdf.cached("a") == content  # used now: the newest
    pdf.keep("d", content)  # over the limit: the least recently used go until three quarters are left
    assert sorted(path.stem for path in (own_cache / "copkit" / "pdf").glob("*.pdf")) == ["a", "d"]


def test_the_key_is_the_html_the_options_and_the_date():
    layout = pdf.Layout(("<p>a</p>",), MEETING)
    assert pdf.cache_key(layout) == pdf.cache_key(pdf.Layout(("<p>a</p>",), MEETING))
    assert len({
        pdf.cache_key(other)
        for other in (
            layout,
            pdf.Layout(("<p>b</p>",), MEETING),
            pdf.Layout(("<p>a</p>",), date(2027, 1, 13)),
            pdf.Layout(("<p>a</p>",), MEETING, one_page=True),
            pdf.Layout(("<p>a", "</p>"), MEETING),
        )
    }) == 5  # fmt: skip


# --- worker processes -------------------------------------------------------------------------------


def test_workers_give_the_same_pdfs_in_the_same_order(charter_of, monkeypatch):
    monkeypatch.setattr(pdf, "cache_folder", lambda: None)
    every = layouts(charter_of)
    with pdf.Batch(every, workers=1) as batch:
        one_by_one = list(batch)
    with pdf.Batch(every, workers=2) as batch:
        assert batch.pool is not None
        assert list(batch) == one_by_one
    assert all(content is not None and content.startswith(b"%PDF-") for content in one_by_one)


def test_render_of_a_folder_in_workers_writes_what_one_by_one_gives(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "cache_folder", lambda: None)
    outputs = {}
    for cpus in (2, 1):  # two: worker processes; one: every PDF laid out in copkit's own process
        monkeypatch.setattr(os, "cpu_count", lambda cpus=cpus: cpus)
        result = runner.invoke(app, ["render", str(EXAMPLES), *DATE, "--out", str(tmp_path / str(cpus))])
        assert result.exit_code == 0, result.output
        outputs[cpus] = result.output.replace(f"/{cpus}/", "/out/"), pdfs(tmp_path / str(cpus))
    assert outputs[2] == outputs[1]
    html = runner.invoke(app, ["render", str(EXAMPLES), *DATE, "--format", "html", "--out", str(tmp_path / "out")])
    assert outputs[2][0] == html.output.replace(".html", ".pdf")  # the same order as ever
    assert len(outputs[2][1]) == 3 * len(HANDOUTS)


def test_a_one_pager_that_does_not_fit_is_named_as_one_by_one(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "cache_folder", lambda: None)
    data = load(EXAMPLE.read_bytes(), "charter.yaml")[0].data
    data["name"] = "Huge"
    data["values"] = [{"value": f"{n:03} " + "v" * 196, "behaviour": "b" * 200} for n in range(100)]
    data["ambitions"] = ["a" * 200 for _ in range(30)]
    huge = tmp_path / "huge.yaml"
    huge.write_text(json.dumps(data, default=str), encoding="utf-8")
    result = runner.invoke(app, ["render", str(EXAMPLE), str(huge), *DATE, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "nothing rendered: does not fit on one A4 page, even in the smallest readable type: shorten values (" in (
        result.output
    )
    assert not (tmp_path / "out").exists()


def test_the_progress_bar_goes_over_the_pdfs_as_they_are_made(monkeypatch):
    from copkit.cli import render as command

    monkeypatch.setattr(pdf, "weasyprint", lambda: (FakeHTML, None))
    monkeypatch.setattr(pdf, "cache_folder", lambda: None)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    layouts = [pdf.Layout((f"<p>{n}</p>",), MEETING) for n in range(command.PROGRESS_FROM)]
    with pdf.Batch(layouts, workers=1) as batch:
        shown = command.progress(batch)
        assert shown is not batch  # a Rich progress bar, which knows how many there are
        assert [content and content.split(b"\n")[1] for content in shown] == [
            f"<p>{n}</p>".encode() for n in range(command.PROGRESS_FROM)
        ]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_while_laying_out_exits_130_and_writes_nothing(tmp_path):
    code = (
        "import os, sys, time\n"
        "from copkit import pdf\n"
        "def slow(layout):\n    os.write(1, b'ready\\n'); time.sleep(2)\n"  # one write: workers may both say it
        "pdf.lay_out = slow\n"
        "sys.argv = ['copkit', 'render', sys.argv[1], '--date', '2027-01-12', '--out', sys.argv[2]]\n"
        "from copkit.cli import main; main()\n"
    )
    out = tmp_path / "out"
    status, stderr = ctrl_c_when_ready(code, str(EXAMPLES), str(out))  # once a worker is laying out
    assert status == 130
    assert stderr.strip() == "copkit: interrupted", stderr
    assert not out.exists()


# --- loading WeasyPrint -----------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the probing is Linux's")
def test_weasyprint_loads_without_probing_library_names():
    code = (
        "import ctypes.util\n"
        "asked = []\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda name: asked.append(name) or real(name)\n"
        "wrapper = ctypes.util.find_library\n"
        "from copkit import pdf\n"
        "pdf.weasyprint()\n"
        "print(asked, ctypes.util.find_library is wrapper)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "[] True\n", done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the probing is Linux's")
def test_weasyprint_still_loads_a_library_found_only_by_probing():
    code = (
        "import cffi, contextlib\n"
        "from copkit import pdf\n"
        "@contextlib.contextmanager\n"
        "def failing():\n"
        "    real = cffi.FFI.dlopen\n"
        "    def refuse(self, name, flags=0):\n"
        "        raise OSError(f'cannot load library {name!r}')\n"
        "    cffi.FFI.dlopen = refuse\n"
        "    try:\n"
        "        yield\n"
        "    finally:\n"
        "        cffi.FFI.dlopen = real\n"
        "pdf._sonames_only = failing\n"
        "HTML, fonts = pdf.weasyprint()\n"
        "print(HTML.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "HTML\n", done.stdout + done.stderr  # and WeasyPrint's install hint not printed
