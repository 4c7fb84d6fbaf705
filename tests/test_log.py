"""`copkit log`: the next journal entry, by interview or as a commented draft, under the charter's folder,
never over an existing file, passing check; the community's open actions listed so they can be closed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLE_CHARTERS, RAW_TEXT, allowed, fuzz_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.checking import check_file, check_files, discover, journals_for
from copkit.choices import CYCLES, HEALTH_KEYS
from copkit.cli import app
from copkit.entry_file import write_entry
from copkit.yamlfile import load

TODAY = date(2026, 11, 24)
FROZEN = ["--today", TODAY.isoformat()]
INCIDENTS = next(path for path in EXAMPLE_CHARTERS if path.parent.name == "learning-from-incidents")
NAME = "Learning from Incidents"
# The example charter meets every second Thursday: the last meeting before TODAY.
LAST_MEETING = "2026-11-12"


@pytest.fixture
def community(tmp_path):
    folder = tmp_path / "communities" / "learning-from-incidents"
    folder.mkdir(parents=True)
    shutil.copy(INCIDENTS, folder / "charter.yaml")
    return folder


@pytest.fixture
def terminal(monkeypatch):
    import copkit.cli.log

    monkeypatch.setattr(copkit.cli.log, "stdin_is_terminal", lambda: True)


def log(runner, folder: Path, *args: str, input: str | None = None):
    result = runner.invoke(app, ["log", str(folder / "charter.yaml"), *FROZEN, *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def typed(*answers: str) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def problems(folder: Path) -> list[str]:
    """The errors `copkit check` finds in the folder: none means it passes."""
    results = check_files(discover([folder]).files, today=TODAY)
    return [
        f"{p.path}:{p.line}: {p.code} {p.message}"
        for result in results
        for p in result.problems
        if p.severity.name == "ERROR"
    ]


def data(path: Path) -> dict[str, Any]:
    document, _ = load(path.read_bytes(), str(path))
    assert not document.problems
    return document.data


def agreed(folder: Path) -> Path:
    """An earlier meeting with an overdue open action, a done one and one without a due date."""
    path = folder / "journal" / "2026-10-01-meeting.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"kind: meeting\ncommunity: {NAME}\ndate: 2026-10-01\nactions:\n"
        "  - {what: Share the template, who: Tom Okafor, due: 2026-11-01}\n"
        "  - {what: Ask the sponsor, done: 2026-10-10}\n"
        "  - Book the room for January\n"
        "copkit: 1\n",  # last, so the lines the tests name stay; a folder search finds it by this key
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("kind", ["meeting", "retro"])
def test_the_draft_goes_beside_the_charter_on_the_last_meeting_and_passes_check(runner, community, kind):
    result = log(runner, community, "--no-input", "--kind", kind)
    assert result.exit_code == 0, result.output
    path = community / "journal" / f"{LAST_MEETING}-{kind}.yaml"
    assert f"Wrote {path}" in result.output
    assert data(path) == {"copkit": 1, "kind": kind, "community": NAME, "date": LAST_MEETING}
    assert problems(community.parent) == []
    text = path.read_text(encoding="utf-8")
    assert "# attendance:" in text and "#   online: 5" in text  # the charter meets online
    assert ("# criteria:" in text) == (kind == "retro")
    if kind == "retro":
        assert "#   - criterion: Reviews written" in text and "# Reviews written; target: 80%" in text
        assert all(f"#   {key}: 3" in text for key in HEALTH_KEYS)
    # uncommenting every placeholder gives an entry that passes too
    placeholder = re.compile(r"# ([a-z_]+:( |$)|  )")
    kept = [line[2:] if placeholder.match(line) else line for line in text.splitlines()]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert problems(community.parent) == []


def test_without_a_fixed_slot_the_date_is_today_and_date_and_out_are_obeyed(runner, community, tmp_path):
    charter = community / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("  weekday: thursday\n", ""), encoding="utf-8")
    assert log(runner, community, "--no-input").exit_code == 0
    assert (community / "journal" / f"{TODAY}-meeting.yaml").is_file()
    assert log(runner, community, "--no-input", "--date", "2026-11-05").exit_code == 0
    assert data(community / "journal" / "2026-11-05-meeting.yaml")["date"] == "2026-11-05"
    out = community / "elsewhere" / "entry.yaml"
    assert log(runner, community, "--no-input", "--out", str(out)).exit_code == 0
    assert data(out)["date"] == TODAY.isoformat()
    assert problems(community.parent) == []


def test_an_existing_entry_is_never_replaced_and_nothing_is_asked(runner, community, terminal):
    path = community / "journal" / f"{LAST_MEETING}-meeting.yaml"
    path.parent.mkdir()
    path.write_text("mine\n", encoding="utf-8")
    result = log(runner, community, input="")
    assert result.exit_code == 1
    assert f"{path} exists; nothing written" in result.output and "--date" in result.output
    assert "--out" in result.output and "Let's log" not in result.output
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_open_actions_are_listed_with_where_to_close_them(runner, community):
    agreed(community)
    result = log(runner, community, "--no-input")
    assert result.exit_code == 0, result.output
    shown = result.output
    assert "Share the template; Tom Okafor; due 2026-11-01 (overdue)" in shown
    assert "2026-10-01-meeting.yaml, line 5]" in shown and "Book the room for January" in shown
    assert "Ask the sponsor" not in shown  # done
    assert "add done: and the day it was done" in shown
    text = (community / "journal" / f"{LAST_MEETING}-meeting.yaml").read_text(encoding="utf-8")
    assert "#   - Share the template; Tom Okafor; due 2026-11-01 (overdue)" in text
    assert "#     2026-10-01-meeting.yaml, line 5" in text
    assert problems(community.parent) == []


def test_a_meeting_by_interview(runner, community, terminal):
    answers = typed(
        "2026-13-01",  # no such month: asked again
        "",  # the last meeting
        "Fishbowl",  # the charter's spelling is kept
        "12",
        "13",  # more new than present: asked again
        "2",
        "5",
        "6",  # out of range
        "4,5",  # a Dutch decimal comma
        "yes",
        "",  # topics
        "Team: A",
        "",  # harvest
        "#general",
        "Zoë",
        "2026-12-01",
        "Call the sponsor",
        "",
        "",
        "",  # actions
        "It helped the on-call team",
        "later",  # not a cycle
        "",  # applied
        "",
        "",  # stories
        "",  # notes
    )
    result = log(runner, community, input=answers)
    assert result.exit_code == 0, result.output
    assert "Write a date as YYYY-MM-DD" in result.output
    assert "Give a whole number from 0 to 12." in result.output and "Give a score from 1 to 5" in result.output
    assert "immediate: the activity" in result.output  # the cycles explained
    path = community / "journal" / f"{LAST_MEETING}-meeting.yaml"
    assert data(path) == {
        "copkit": 1,
        "kind": "meeting",
        "community": NAME,
        "date": LAST_MEETING,
        "format": "fishbowl",
        "attendance": {"present": 12, "new": 2, "online": 5},
        "rating": 4.5,
        "topics": ["yes"],
        "harvest": ["Team: A"],
        "actions": [{"what": "#general", "who": "Zoë", "due": "2026-12-01"}, {"what": "Call the sponsor"}],
        "stories": [{"cycle": "applied", "story": "It helped the on-call team"}],
    }
    assert problems(community.parent) == []


def test_a_retro_asks_each_criterion_with_its_target_and_last_score_and_the_five_characteristics(
    runner, community, terminal
):
    agreed(community)
    earlier = community / "journal" / "2026-06-04-retro.yaml"
    earlier.write_text(
        f"copkit: 1\nkind: retro\ncommunity: {NAME}\ndate: 2026-06-04\ncriteria:\n  - {{criterion: Participation, score: 2.5}}\n",
        encoding="utf-8",
    )
    answers = typed(
        "2026-10-01",  # a meeting entry of that day exists, a retro does not: accepted
        "",  # format
        "",  # attendance skipped
        "",  # rating
        "",  # topics
        "",  # harvest
        "3",
        "9 of 12 teams",  # Participation
        "",  # Reviews written skipped
        "5",
        "",  # Member satisfaction, nothing measured
        "4",
        "3.5",
        "",
        "2",
        "1",  # health, one skipped
        "4.5",  # safety
        "Continue monthly",
        "",  # decisions
        "",  # actions
        "",  # stories
        "Good energy",  # notes
        "maybe",  # done? not a choice
        "yes",  # Share the template: done
        "",  # Book the room: not yet
    )
    before = (community / "journal" / "2026-10-01-meeting.yaml").read_text(encoding="utf-8")
    result = log(runner, community, "--kind", "retro", input=answers)
    assert result.exit_code == 0, result.output
    shown = result.output
    for criterion in ("Participation", "Reviews written", "Member satisfaction"):
        assert f"{criterion}: score, 1 to 5 (optional)" in shown
    assert "Participation: target: 8 of 12 teams; last time: 2.5 on 2026-06-04" in shown
    assert "Expertise counts: Knowledge and skill carry weight here, not rank" in shown
    assert "Choose one of: yes, no" in shown
    journal = community / "journal"
    assert f"Done: edit {journal / '2026-10-01-meeting.yaml'}, line 5, and add done: {TODAY}" in shown
    assert "Book the room" in shown and shown.count("Done: edit") == 1
    entry = data(journal / "2026-10-01-retro.yaml")
    assert entry["criteria"] == [
        {"criterion": "Participation", "score": 3, "measured": "9 of 12 teams"},
        {"criterion": "Member satisfaction", "score": 5},
    ]
    assert entry["health"] == {
        "dialogue": 4,
        "shared_responsibility": 3.5,
        "everyday_help": 2,
        "crossing_boundaries": 1,
    }
    assert (entry["safety"], entry["decisions"], entry["notes"]) == (4.5, ["Continue monthly"], "Good energy")
    assert problems(community.parent) == []
    assert (journal / "2026-10-01-meeting.yaml").read_text(encoding="utf-8") == before  # only told, never rewritten


def test_a_date_whose_entry_exists_is_asked_again(runner, community, terminal):
    agreed(community)
    result = log(runner, community, input=typed("2026-10-01", "2026-10-02", *[""] * 12))
    assert result.exit_code == 0, result.output
    assert "2026-10-01-meeting.yaml exists; nothing written: choose another day" in result.output
    assert data(community / "journal" / "2026-10-02-meeting.yaml")["date"] == "2026-10-02"


def test_dutch_questions_and_comments_with_lang_nl(runner, community, terminal):
    result = log(runner, community, "--lang", "nl", input=typed(*[""] * 14))
    assert result.exit_code == 0, result.output
    assert "Hoeveel mensen namen deel?" in result.output and "How many" not in result.output
    draft = log(runner, community, "--lang", "nl", "--no-input", "--date", "2026-11-05")
    assert draft.exit_code == 0
    text = (community / "journal" / "2026-11-05-meeting.yaml").read_text(encoding="utf-8")
    assert "# Hoeveel mensen namen deel" in text and "How many" not in text


def test_stopping_the_interview_writes_nothing(runner, community, terminal):
    result = log(runner, community, input=typed("", "Fishbowl"))  # input ends mid-interview
    assert result.exit_code == 1 and "Stopped: nothing written." in result.output
    assert not (community / "journal").exists()


def test_the_installed_command_writes_a_draft(community):
    from test_cli import _installed_copkit

    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [_installed_copkit(), "log", *FROZEN, "--no-input", str(community / "charter.yaml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (community / "journal" / f"{LAST_MEETING}-meeting.yaml").is_file()
    assert problems(community.parent) == []


# --- the file: any answers read back exactly -------------------------------------------------------

LINE = RAW_TEXT.map(allowed).filter(bool)
SCORE = st.integers(1, 5) | st.floats(1, 5, allow_nan=False)


@st.composite
def entries(draw) -> dict[str, Any]:
    optional = {
        "format": LINE,
        "attendance": st.fixed_dictionaries({"present": st.just(10)}, optional={"new": st.integers(0, 10)}),
        "rating": SCORE,
        "topics": st.lists(LINE, min_size=1, max_size=3),
        "harvest": st.lists(LINE, min_size=1, max_size=3),
        "actions": st.lists(
            st.fixed_dictionaries(
                {"what": LINE}, optional={"who": LINE, "due": st.dates(date(1900, 1, 1), date(2999, 12, 31))}
            ),
            min_size=1,
            max_size=2,
        ),
        "stories": st.lists(
            st.fixed_dictionaries({"cycle": st.sampled_from(CYCLES), "story": LINE}, optional={"who": LINE}),
            min_size=1,
            max_size=2,
        ),
        "notes": LINE,
        "criteria": st.lists(
            st.fixed_dictionaries({"criterion": st.just("Participation"), "score": SCORE}, optional={"measured": LINE}),
            max_size=1,
            min_size=1,
        ),
        "health": st.dictionaries(st.sampled_from(HEALTH_KEYS), SCORE, min_size=1),
        "safety": SCORE,
        "decisions": st.lists(LINE, min_size=1, max_size=2),
    }
    chosen = draw(st.dictionaries(st.sampled_from(sorted(optional)), st.none()))
    entry = {"copkit": 1, "kind": "retro", "community": NAME, "date": date(2026, 11, 12)}
    return entry | {key: draw(optional[key]) for key in chosen}


def as_read(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_read(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


@settings(max_examples=fuzz_examples(100), deadline=None, suppress_health_check=list(HealthCheck))
@given(entry=entries(), lang=st.sampled_from(("en", "nl")), draft=st.booleans())
def test_any_answers_are_written_so_they_read_back_exactly(entry, lang, draft):
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(INCIDENTS, Path(folder) / "charter.yaml")
        charter = check_file(Path(folder) / "charter.yaml", today=TODAY)
        journal = journals_for([charter], today=TODAY)[NAME]
        target = Path(folder) / "journal" / "2026-11-12-retro.yaml"
        text = write_entry(
            entry, lang=lang, journal=journal, today=TODAY, target=target, folder=Path(folder), is_draft=draft
        )
        target.parent.mkdir()
        target.write_text(text, encoding="utf-8")
        assert data(target) == as_read(entry)
        results = check_files([Path(folder) / "charter.yaml", target], today=TODAY)
        assert [p for r in results for p in r.problems if p.severity.name == "ERROR"] == []


def test_open_actions_of_any_text_stay_in_their_comment(community):
    hostile = "Line one\nkind: charter\u2028# x\x85y\ufeff"
    path = community / "journal" / "2026-10-01-meeting.yaml"
    path.parent.mkdir()
    path.write_text(
        f"copkit: 1\nkind: meeting\ncommunity: {NAME}\ndate: 2026-10-01\nactions:\n  - what: {hostile!r}\n".replace(
            "'", '"'
        ),
        encoding="utf-8",
    )
    charter = check_file(community / "charter.yaml", today=TODAY)
    journal = journals_for([charter], today=TODAY)[NAME]
    assert journal.open_actions()[0].action.what == hostile
    target = community / "journal" / "2026-11-12-meeting.yaml"
    entry = {"copkit": 1, "kind": "meeting", "community": NAME, "date": date(2026, 11, 12)}
    text = write_entry(entry, lang="en", journal=journal, today=TODAY, target=target, folder=community, is_draft=True)
    target.write_text(text, encoding="utf-8")
    assert data(target) == as_read(entry)
    assert "#   - Line one kind: charter # x y\\ufeff" in text
