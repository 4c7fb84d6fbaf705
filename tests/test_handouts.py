"""The handout registry and its view-models: Markdown and HTML carry the same words, each value is
escaped once, and each handout goes to the communities whose phase it suits."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from pathlib import Path

import pytest

from copkit.choices import HANDOUTS, LANGUAGES, PHASES
from copkit.cli import app
from copkit.handouts import REGISTRY, suited
from copkit.model import Charter
from copkit.rendering import render, template_context
from copkit.yamlfile import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MEETING = date(2027, 1, 12)


def charter_in(path: Path, **changes: object) -> Charter:
    document, _ = load(path.read_bytes(), str(path))
    return Charter.model_validate(document.data).model_copy(update=changes)


# A page's language and its browser-tab title are document metadata: HTML carries them in <head>,
# Markdown has no place for them. Every other word is printed on the page.
METADATA = {"lang", "title"}


def texts(value: object) -> list[str]:
    """Every printed string a view holds, however deep."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [item.name for item in dataclasses.fields(value) if item.name not in METADATA]
        return [text for name in fields for text in texts(getattr(value, name))]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts(item)]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in texts(item)]
    return []


def markdown_text(markdown: str) -> str:
    """What a reader sees of a Markdown handout: escapes undone, one space between words."""
    return " ".join(re.sub(r"\\(.)", r"\1", markdown).split())


def html_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("handout", HANDOUTS)
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_markdown_and_html_carry_every_word_of_the_view(example, handout, lang):
    for phase in ("start-up", "close"):  # 'close' adds the recognition part to the retro sheet
        charter = charter_in(example, phase=phase)
        view = template_context(charter, handout, lang=lang, meeting_date=MEETING)["v"]
        md = markdown_text(render(charter, handout, "md", lang=lang, meeting_date=MEETING).content.decode())
        page = html_text(render(charter, handout, "html", lang=lang, meeting_date=MEETING).content.decode())
        words = texts(view)
        assert len(words) >= 5 and charter.name in " ".join(words)  # the test sees the page's words
        for text in words:
            shown = " ".join(text.split())
            assert shown in md, f"Markdown lacks {shown!r}"
            assert shown in page, f"HTML lacks {shown!r}"


@pytest.mark.parametrize("handout", HANDOUTS)
def test_markdown_metacharacters_are_escaped_exactly_once(handout):
    """A community and a coach named with Markdown's special characters show as written, escaped once."""
    charter = charter_in(EXAMPLES / "klantgericht-schrijven.yaml", name="Sara_De*Smet's [circle]")
    coach = charter.roles.coach[0].model_copy(update={"name": "Sara_De*Smet"})
    charter = charter.model_copy(update={"roles": charter.roles.model_copy(update={"coach": [coach]})})
    md = render(charter, handout, "md", lang="en", meeting_date=MEETING).content.decode()
    escaped = r"Sara\_De\*Smet"
    assert escaped in md
    assert md.count("Sara") == md.count(escaped), "every mention escaped"
    assert r"Smet's \[circle\]" in md
    assert "\\\\" not in md and "\\\\_" not in md, "and never twice"


def test_each_handout_serves_the_phases_it_names():
    for phase in PHASES:
        assert suited(phase) == tuple(name for name in HANDOUTS if phase in REGISTRY[name].phases)
        assert {"onepager", "retro"} <= set(suited(phase))
    assert REGISTRY["agenda"].phases == PHASES, "every phase has a next meeting to plan"


def test_render_all_gives_an_operating_community_a_session_agenda(runner, tmp_path):
    running = EXAMPLES / "incident-learning.yaml"  # phase: operate
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(running), "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {path.name for path in out.iterdir()} - {".copkit-manifest.json"}
    assert written == {f"learning-from-incidents-{name}.md" for name in HANDOUTS}
    agenda = (out / "learning-from-incidents-agenda.md").read_text(encoding="utf-8")
    assert "Session agenda" in agenda and "Launch agenda" not in agenda
    result = runner.invoke(
        app,
        ["render", str(running), "--handout", "agenda", "--meeting", "launch", "--format", "md", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output  # asked for by name, it is made
    assert "Launch agenda" in (out / "learning-from-incidents-agenda.md").read_text(encoding="utf-8")


def test_the_checklist_follows_the_mode():
    base = charter_in(EXAMPLES / "klantgericht-schrijven.yaml")
    seen = {}
    for mode in ("online", "in-person", "hybrid"):
        charter = base.model_copy(update={"cadence": base.cadence.model_copy(update={"mode": mode})})
        seen[mode] = template_context(charter, "agenda", lang="en")["v"].checklist
    assert any("Meeting link" in item for item in seen["online"])
    assert not any("food" in item for item in seen["online"])
    assert any("food" in item for item in seen["in-person"])
    assert any("camera" in item for item in seen["hybrid"]) and not any("camera" in item for item in seen["in-person"])
