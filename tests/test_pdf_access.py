"""Accessible handouts: PDFs are tagged (PDF/UA-1) and carry their language and title; a coach's own
template that fails is named at its file and line, for a syntax error as for a mistake found while rendering."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from copkit.cli import app
from copkit.rendering import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DUTCH = EXAMPLES / "communities/klantgericht-schrijven/charter.yaml"
ENGLISH = EXAMPLES / "communities/learning-from-incidents/charter.yaml"


@pytest.mark.parametrize(("path", "lang"), [(DUTCH, "nl"), (ENGLISH, "en"), (DUTCH, "en")])
@pytest.mark.parametrize("handout", ["onepager", "agenda"])
def test_pdfs_are_tagged_with_their_language_and_title(path, lang, handout, charter_of):
    pdf = render(charter_of(path), handout, "pdf", lang=lang).content
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF …
    assert "/StructTreeRoot" in root  # … whose structure a screen reader follows
    assert root["/Lang"] == lang  # read aloud in the handout's language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # the title, not the file name, is shown
    assert reader.metadata.title and charter_of(path).name in reader.metadata.title
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()  # declares PDF/UA-1 (XMP)
    if handout == "onepager":
        assert len(reader.pages) == 1  # tagging changes nothing in the layout: still one A4 sheet


def test_tagged_pdfs_stay_byte_stable(charter_of):
    charter = charter_of(DUTCH)
    assert (
        render(charter, "onepager", "pdf", lang="nl").content == render(charter, "onepager", "pdf", lang="nl").content
    )


def test_html_handouts_say_their_language_and_title(charter_of):
    html = render(charter_of(DUTCH), "onepager", "html", lang="nl").content.decode("utf-8")
    assert '<html lang="nl">' in html and "<title>Klantgericht schrijven" in html


def render_with(runner, tmp_path, template: str, *, part: str | None = None):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "onepager.md.j2").write_text(template, encoding="utf-8")
    if part is not None:
        (mine / "part.md.j2").write_text(part, encoding="utf-8")
    result = runner.invoke(
        app, ["render", str(DUTCH), "--format", "md", "--out", str(tmp_path / "o"), "--templates", str(mine)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
    return mine, result.output


def test_a_template_syntax_error_names_file_and_line(runner, tmp_path):
    mine, output = render_with(runner, tmp_path, "# {{ v.page.heading }}\n\n{% if %}\n")
    assert f"{mine / 'onepager.md.j2'}:3: " in output and "Expected an expression" in output


def test_an_error_while_rendering_names_file_and_line(runner, tmp_path):
    mine, output = render_with(runner, tmp_path, "# {{ v.page.heading }}\n\n{{ v.nme }}\n")
    assert f"{mine / 'onepager.md.j2'}:3: " in output and "has no attribute 'nme'" in output


def test_an_error_in_an_included_template_names_that_file(runner, tmp_path):
    mine, output = render_with(runner, tmp_path, "line one\n{% include 'part.md.j2' %}\n", part="a\nb\n{{ 1 // 0 }}\n")
    assert f"{mine / 'part.md.j2'}:3: " in output and "division" in output


def test_a_report_pdf_is_tagged_too(runner, tmp_path):
    out = tmp_path / "reports"
    args = ["report", str(ENGLISH), "--format", "pdf", "--out", str(out), "--today", "2026-11-24"]
    assert runner.invoke(app, args).exit_code == 0
    [pdf] = out.glob("*.pdf")
    root = PdfReader(pdf).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root and root["/Lang"] == "en"
