"""The invitation: an announcement to paste into an e-mail or a channel, open to everyone concerned or
stating a closed community's admission process, naming the first (or next) meeting and the levels to
choose from, in the charter's language."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from copkit.cli import app
from copkit.handouts import REGISTRY
from copkit.model import Charter
from copkit.rendering import render, template_context
from copkit.yamlfile import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OPEN = EXAMPLES / "communities/klantgericht-schrijven/charter.yaml"  # Dutch, open, hybrid, launch on 2027-01-12
CLOSED = EXAMPLES / "communities/learning-from-incidents/charter.yaml"  # English, closed, online


def charter_in(path: Path, **changes: object) -> Charter:
    document, _ = load(path.read_bytes(), str(path))
    return Charter.model_validate(document.data).model_copy(update=changes)


def view(charter: Charter, lang: str = "en", meeting_date: date | None = None):
    return template_context(charter, "invitation", lang=lang, meeting_date=meeting_date)["v"]  # type: ignore[arg-type]


def test_an_open_community_welcomes_everyone_concerned():
    invitation = view(charter_in(OPEN))
    assert invitation.joining[0] == "Everyone concerned is welcome: no invitation or permission needed."
    assert invitation.joining[-1].startswith("How to join: Stuur een bericht")
    assert not any("admission" in line or "apply" in line for line in invitation.joining)


def test_a_closed_community_states_its_admission_process_as_written():
    charter = charter_in(CLOSED)
    invitation = view(charter)
    assert charter.membership.admission in invitation.joining
    assert invitation.joining[0].startswith("Membership is limited")
    assert "same process" in invitation.joining[2]
    assert not any("Everyone concerned is welcome" in line for line in invitation.joining)


def test_the_launch_is_the_first_meeting_with_its_time_and_places():
    invitation = view(charter_in(OPEN))
    assert (
        invitation.page.heading == "Invitation: the first meeting of Klantgericht schrijven on Tuesday, 12 January 2027"
    )
    assert invitation.meeting_title == "Our first meeting"
    assert invitation.meeting == ("Tuesday, 12 January 2027", "Time: 12:00–14:00", "Place: Vergaderzaal De Schelde")


def test_after_the_launch_the_next_meeting_from_the_date_given():
    invitation = view(charter_in(OPEN), meeting_date=date(2027, 3, 1))
    assert invitation.meeting_title == "Our next meeting"
    assert invitation.meeting[:2] == ("Tuesday, 2 March 2027", "Time: 12:30–13:30")  # the first Tuesday
    assert invitation.page.heading == "Invitation: Klantgericht schrijven meets on Tuesday, 2 March 2027"


def test_an_online_meeting_names_its_link():
    invitation = view(charter_in(CLOSED), meeting_date=date(2027, 3, 1))
    assert "Link: https://meet.example.com/incident-learning" in invitation.meeting


def test_without_a_launch_date_or_a_date_the_date_is_to_follow():
    charter = charter_in(OPEN, launch=None)
    invitation = view(charter)
    assert invitation.meeting[0] == "Date to follow: we will let you know in good time."
    assert invitation.meeting_title == "Our first meeting"  # the community is starting up
    assert invitation.page.heading == "Invitation: Klantgericht schrijven, a new community of practice"
    operating = view(charter_in(CLOSED, launch=None, phase="operate"))
    assert operating.meeting_title == "Our next meeting"
    assert operating.page.heading == "Invitation: join Learning from Incidents, our community of practice"


def test_participation_levels_and_a_contact():
    invitation = view(charter_in(OPEN))
    assert [level.lead for level in invitation.levels] == ["Core group", "Active members", "Periphery"]
    assert invitation.levels[0].note == "Currently in the core group: Bram Declercq, Lotte Claes and Emma Vermeulen."
    assert invitation.contact == "Questions? Contact Lotte Claes or Wout Janssens."


def test_the_leader_is_the_contact_while_nobody_coordinates_and_there_is_none_without_both():
    charter = charter_in(OPEN)
    no_coordinator = charter.model_copy(update={"roles": charter.roles.model_copy(update={"coordinator": []})})
    assert view(no_coordinator).contact == "Questions? Contact Bram Declercq (bram.declercq@example.org)."
    nobody = no_coordinator.model_copy(update={"roles": no_coordinator.roles.model_copy(update={"leader": []})})
    assert view(nobody).contact is None and view(nobody).signature is None


def test_in_dutch():
    invitation = view(charter_in(OPEN), lang="nl")
    assert invitation.greeting == "Dag iedereen,"
    assert invitation.meeting[0] == "dinsdag 12 januari 2027"
    assert [level.lead for level in invitation.levels] == ["Kerngroep", "Actieve leden", "Periferie"]


def test_the_markdown_pastes_cleanly():
    """No comment on top, no copkit footer: a message the coordinator sends in their own name."""
    md = render(charter_in(OPEN), "invitation", "md", lang="en").content.decode()
    assert md.startswith("**Subject:** Invitation: the first meeting of Klantgericht schrijven")
    assert "<!--" not in md and "copkit" not in md
    assert "- **Periphery**: you follow from a distance" in md


def test_for_starting_and_running_communities_not_ending_ones():
    assert REGISTRY["invitation"].phases == ("initiate", "start-up", "operate")


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
@pytest.mark.parametrize(("path", "lang", "words"), [(OPEN, "nl", "Iedereen"), (CLOSED, "en", "Membership is limited")])
def test_rendered_from_the_command_line(runner, tmp_path, fmt, path, lang, words):
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "--handout", "invitation", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {target.name for target in out.iterdir()} - {".copkit-manifest.json"}
    stem = "klantgericht-schrijven" if path == OPEN else "learning-from-incidents"
    assert written == {f"{stem}-invitation.{fmt}"}
    content = (out / f"{stem}-invitation.{fmt}").read_bytes()
    if fmt == "pdf":
        text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    else:
        text = content.decode()
    assert words in " ".join(text.split())
    if fmt == "html":
        assert f'<html lang="{lang}">' in text


def test_a_date_before_the_launch_still_names_the_launch_and_a_hybrid_one_both_places():
    charter = charter_in(OPEN)
    link = "https://teams.example.org/schrijven"
    charter = charter.model_copy(update={"cadence": charter.cadence.model_copy(update={"location": link})})
    invitation = view(charter, meeting_date=date(2026, 12, 1))
    assert invitation.meeting_title == "Our first meeting"
    assert invitation.meeting == (
        "Tuesday, 12 January 2027",
        "Time: 12:00–14:00",
        "Place: Vergaderzaal De Schelde",
        f"Link: {link}",
    )
