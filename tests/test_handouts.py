"""The handout registry and its view-models: Markdown and HTML carry the same words, each value is
escaped once, and each handout goes to the communities whose phase it suits."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import EXAMPLE_CHARTERS

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
@pytest.mark.parametrize("example", EXAMPLE_CHARTERS, ids=lambda path: path.stem)
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
    charter = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml", name="Sara_De*Smet's [circle]")
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
    running = EXAMPLES / "communities/learning-from-incidents/charter.yaml"  # phase: operate
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
    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    seen = {}
    for mode in ("online", "in-person", "hybrid"):
        charter = base.model_copy(update={"cadence": base.cadence.model_copy(update={"mode": mode})})
        seen[mode] = template_context(charter, "agenda", lang="en")["v"].checklist
    assert any("Meeting link" in item for item in seen["online"])
    assert not any("food" in item for item in seen["online"])
    assert any("food" in item for item in seen["in-person"])
    assert any("camera" in item for item in seen["hybrid"]) and not any("camera" in item for item in seen["in-person"])


def agenda_for(base: Charter, *, mode: str | None = None, **changes: object):
    """The agenda view of ``base`` with another mode, and other charter fields changed."""
    if mode is not None:
        changes["cadence"] = base.cadence.model_copy(update={"mode": mode})
    return template_context(base.model_copy(update=changes), "agenda", lang="en")["v"]


def test_a_closed_community_shares_its_admission_process_instead_of_an_open_invitation():
    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    closed = base.membership.model_copy(update={"access": "closed", "admission": "The core group decides."})
    items = agenda_for(base, membership=closed).checklist
    assert any("admission process shared transparently" in item for item in items)
    assert not any("open invitation" in item for item in items)
    assert any("open invitation" in item for item in agenda_for(base).checklist)


def test_a_hybrid_launch_needs_a_whiteboard_and_shows_the_room_and_the_link():
    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    link = "https://teams.example.org/schrijven"
    cadence = base.cadence.model_copy(update={"mode": "hybrid", "location": link})
    view = agenda_for(base, cadence=cadence)
    assert any("online whiteboard" in item for item in view.checklist)
    assert any(link in item and "Meeting link" in item for item in view.checklist)
    assert view.page.meta[1:] == ("Vergaderzaal De Schelde", link)
    in_person = agenda_for(base, cadence=cadence.model_copy(update={"mode": "in-person"}))
    assert in_person.page.meta[1:] == ("Vergaderzaal De Schelde",)
    assert not any("whiteboard" in item or "Meeting link" in item for item in in_person.checklist)
    only_room = agenda_for(base, mode="hybrid")  # no link known: what is known
    assert only_room.page.meta[1:] == ("Vergaderzaal De Schelde",)


def test_an_online_launch_has_breakout_rooms():
    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    assert any("Breakout rooms" in item for item in agenda_for(base, mode="online").checklist)
    assert not any("Breakout rooms" in item for item in agenda_for(base, mode="in-person").checklist)


def test_an_activity_with_stations_needs_a_flip_chart_per_station():
    from copkit.activities import plan_meeting
    from copkit.handouts import Context, checklist
    from copkit.i18n import Words

    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    room = base.model_copy(update={"cadence": base.cadence.model_copy(update={"mode": "in-person"})})
    plan = plan_meeting(room, "launch", None, minutes=None, seed=None)
    ctx = Context(Words("en"))
    stations = checklist(room, ctx, dataclasses.replace(plan, needs=("flip-chart-per-station",)))
    assert any("a flip chart for every station" in item for item in stations)
    plain = checklist(room, ctx, dataclasses.replace(plan, needs=()))
    assert not any("every station" in item for item in plain) and any("a flip chart" in item for item in plain)


def test_a_vacant_coordinator_gets_an_item_to_find_one_not_a_checklist_addressed_to_them():
    base = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    vacant = agenda_for(base, roles=base.roles.model_copy(update={"coordinator": []}))
    assert vacant.labels["checklist"] == "Preparation checklist"
    assert vacant.checklist[0].startswith("Someone found to coordinate")
    held = agenda_for(base)
    assert held.labels["checklist"] == "Preparation checklist for the coordinator (Lotte Claes, Wout Janssens)"
    assert not any("Someone found" in item for item in held.checklist)


def test_the_markdown_checklist_is_a_tight_list():
    charter = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    md = render(charter, "agenda", "md", lang="en").content.decode()
    lines = md.split("## Preparation checklist")[1].strip().splitlines()[1:]
    assert lines[0] == "" and all(line.startswith("- [ ] ") for line in lines[1:]), lines
    assert len(lines) - 1 == len(template_context(charter, "agenda", lang="en")["v"].checklist)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_participants_agenda_has_the_programme_only(lang):
    charter = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    facilitator = template_context(charter, "agenda", lang=lang)["v"]
    participants = template_context(charter, "agenda", lang=lang, audience="participants")["v"]
    assert [step.step for step in participants.programme] == [step.step for step in facilitator.programme]
    assert [step.time for step in participants.programme] == [step.time for step in facilitator.programme]
    assert not participants.checklist and not any(step.how or step.lead for step in participants.programme)
    for fmt, seen in (("md", markdown_text), ("html", html_text)):
        page = seen(render(charter, "agenda", fmt, lang=lang, audience="participants").content.decode())
        for text in texts(participants):  # every word of the participants' view, and none of the rest
            assert " ".join(text.split()) in page
        hidden = [facilitator.labels["how"], facilitator.labels["checklist"], *facilitator.checklist]
        hidden += [step.how for step in facilitator.programme]
        hidden += [
            f"{step.time} ({step.minutes})" if fmt == "md" else f"{step.time} {step.minutes}"
            for step in facilitator.programme
        ]
        assert not [text for text in hidden if text and text in page], fmt  # a break row has no how-to


def test_only_the_agenda_has_a_participants_copy():
    charter = charter_in(EXAMPLES / "communities/klantgericht-schrijven/charter.yaml")
    for name in HANDOUTS:
        facilitator = render(charter, name, "md", lang="en", meeting_date=MEETING)
        participants = render(charter, name, "md", lang="en", meeting_date=MEETING, audience="participants")
        if name == "agenda":
            assert participants.filename == "klantgericht-schrijven-agenda-participants.md"
            assert participants.content != facilitator.content
        else:
            assert (participants.filename, participants.content) == (facilitator.filename, facilitator.content)


def test_render_for_participants_writes_a_copy_beside_the_facilitators(runner, tmp_path):
    charter, out = EXAMPLES / "communities/klantgericht-schrijven/charter.yaml", tmp_path / "out"
    base = ["render", str(charter), "--handout", "agenda", "--format", "md", "--out", str(out)]
    assert runner.invoke(app, base).exit_code == 0
    default = (out / "klantgericht-schrijven-agenda.md").read_bytes()
    result = runner.invoke(app, [*base, "--for", "participants"])
    assert result.exit_code == 0, result.output
    assert {path.name for path in out.iterdir()} - {".copkit-manifest.json"} == {
        "klantgericht-schrijven-agenda.md",
        "klantgericht-schrijven-agenda-participants.md",
    }
    copy = (out / "klantgericht-schrijven-agenda-participants.md").read_text(encoding="utf-8")
    assert "Programma" in copy and "Voorbereidingschecklist" not in copy and "De leider begroet" not in copy
    assert runner.invoke(app, [*base, "--for", "facilitator"]).exit_code == 0
    assert (out / "klantgericht-schrijven-agenda.md").read_bytes() == default  # the default is the facilitator's
    assert "De leider begroet" in default.decode() and "Voorbereidingschecklist" in default.decode()


def test_only_a_launch_prepares_the_one_pager():
    """A regular session that votes online gets a whiteboard for the votes, not for a one-pager."""
    running = charter_in(EXAMPLES / "communities/learning-from-incidents/charter.yaml")  # online, operating
    session = template_context(running, "agenda", lang="en", meeting_date=MEETING)["v"]
    boards = [item for item in session.checklist if "whiteboard" in item]
    assert boards and not any("one-pager" in item for item in boards)
    launch = template_context(running, "agenda", lang="en", meeting="launch")["v"]
    assert any("whiteboard prepared for the one-pager" in item for item in launch.checklist)
