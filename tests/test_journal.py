"""The journal (journal format v1): entries checked like charters, matched to their charter, and the
coaching rules that read a community's entries over time."""

from __future__ import annotations

import json
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from helpers import EXAMPLE_CHARTERS

from copkit.checking import check_files, discover
from copkit.choices import HEALTH_KEYS
from copkit.cli import app
from copkit.journal import Health

TODAY = date(2026, 11, 24)
FROZEN = ["--today", TODAY.isoformat()]
INCIDENTS = next(path for path in EXAMPLE_CHARTERS if path.parent.name == "learning-from-incidents")
NAME = "Learning from Incidents"


@pytest.fixture
def community(tmp_path):
    """A community's folder as the README suggests: charter.yaml and an empty journal/ beside it."""
    folder = tmp_path / "communities" / "learning-from-incidents"
    (folder / "journal").mkdir(parents=True)
    shutil.copy(INCIDENTS, folder / "charter.yaml")
    return folder


def entry(folder, name: str, body: str, *, kind: str = "meeting", community: str = NAME) -> str:
    day = name[:10]
    text = f"copkit: 1\nkind: {kind}\ncommunity: {community}\ndate: {day}\n" + textwrap.dedent(body)
    path = folder / "journal" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(folder, *paths, ignore=frozenset()):
    found = discover([Path(path) for path in paths] or [folder])
    return [
        (p.path.rsplit("/", 1)[-1], p.line, p.column, p.code, p.message)
        for result in check_files(found.files, today=TODAY, ignore=frozenset(ignore))
        for p in result.problems
    ]


def codes(found):
    return [code for _, _, _, code, _ in found]


def test_a_clean_journal_checks_clean(community):
    entry(community, "2026-10-06-meeting", "attendance: {present: 12, new: 1, online: 4}\nrating: 4.1\n")
    entry(
        community,
        "2026-11-03-retro",
        """\
        attendance: 11
        criteria:
          - {criterion: Participation, score: 4, measured: 62% came at least once}
        health: {dialogue: 4.2, shared_responsibility: 3.5}
        safety: 4.5
        actions:
          - {what: Share the template, who: Tom Okafor, due: 2026-12-01}
          - Book the room for January
          - {what: Ask the sponsor, done: 2026-11-10}
        stories:
          - {cycle: applied, story: The checklist shortened an outage review.}
        """,
        kind="retro",
    )
    assert problems(community) == []


def test_entry_errors_are_reported_at_their_lines_with_hints(community):
    path = entry(
        community,
        "2026-09-01-retro",
        """\
        attendance: {present: 14, new: 2, online: 15}
        rating: 6
        health:
          knowlege_decisive: 4.4
        stories:
          - {cycle: realized, story: It helped}
        actions:
          - {what: Call, done: 2026-13-01}
        """,
        kind="retro",
    )
    found = {(line, code): message for _, line, _, code, message in problems(community, path)}
    assert "more than the 14 present" in found[(5, "E023")]
    assert "at most 5" in found[(6, "E023")]
    assert "did you mean 'knowledge_decisive'" in found[(8, "E020")]
    assert "did you mean 'realised'" in found[(10, "E023")]
    assert "no month 13" in found[(12, "E023")]


def test_an_unknown_kind_gets_a_hint_and_kind_charter_is_a_charter(community, tmp_path):
    path = entry(community, "2026-09-01-retro", "", kind="retrospective")
    assert [(code, "did you mean 'retro'" in message) for *_, code, message in problems(community, path)] == [
        ("E023", True)
    ]
    charter = tmp_path / "charter.yaml"
    charter.write_text("kind: charter\n" + INCIDENTS.read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(tmp_path, charter) == []


def test_an_entry_names_its_charter_exactly(community):
    path = entry(community, "2026-10-06-meeting", "", community="Learning from incident")
    ((name, line, column, code, message),) = problems(community, path)
    assert (line, column, code) == (3, 12, "E027")
    assert "did you mean 'Learning from Incidents'" in message


def test_an_entry_checked_alone_finds_the_charter_beside_its_journal(community):
    """pre-commit passes only the files that changed: the entry finds charter.yaml one folder up."""
    path = entry(community, "2026-10-06-meeting", "actions:\n  - {what: Write it up, due: 2026-11-01}\n")
    assert codes(problems(community, path)) == ["W202"]


def test_a_criterion_the_charter_does_not_name_is_an_error_with_a_hint(community):
    path = entry(
        community,
        "2026-11-03-retro",
        "criteria:\n  - {criterion: Participation, score: 3}\n  - {criterion: Partisipation, score: 3}\n",
        kind="retro",
    )
    ((_, line, column, code, message),) = problems(community, path)
    assert (line, column, code) == (7, 17, "E028") and "did you mean 'Participation'" in message


def test_w201_an_entry_dated_after_today(community):
    entry(community, "2026-12-01-meeting", "")
    assert [(line, code) for _, line, _, code, _ in problems(community)] == [(4, "W201")]


def test_w202_an_overdue_action_is_shown_at_its_due_date(community):
    entry(
        community,
        "2026-10-06-meeting",
        """\
        actions:
          - {what: Done in time, due: 2026-10-20, done: true}
          - {what: Still waiting, who: Tom Okafor, due: 2026-11-01}
          - {what: Not yet due, due: 2026-12-01}
          - {what: Closed on a date, due: 2026-10-01, done: 2026-10-02}
        """,
    )
    ((_, line, _, code, message),) = problems(community)
    assert (line, code) == (7, "W202") and "'Still waiting' (Tom Okafor) was due 2026-11-01" in message


def test_w203_an_operating_community_without_a_recent_retro(community):
    entry(community, "2026-01-13-retro", "", kind="retro")
    entry(community, "2026-11-10-meeting", "")
    ((name, line, _, code, message),) = problems(community)
    assert (name, line, code) == ("2026-11-10-meeting.yaml", 4, "W203") and "2026-01-13" in message
    entry(community, "2026-06-02-retro", "", kind="retro")
    assert problems(community) == []


def test_w203_waits_until_a_young_journal_has_had_time_for_a_retro(community):
    entry(community, "2026-08-04-meeting", "")
    assert problems(community) == []
    entry(community, "2026-03-03-meeting", "")
    assert codes(problems(community)) == ["W203"]


def test_w204_attendance_falling_for_three_meetings(community):
    for day, present in (("2026-09-08", 15), ("2026-09-22", 13), ("2026-10-06", 11), ("2026-10-20", 9)):
        entry(community, f"{day}-meeting", f"attendance: {present}\n")
    ((name, line, _, code, message),) = problems(community)
    assert (name, line, code) == ("2026-10-20-meeting.yaml", 5, "W204") and "(15, 13, 11, 9)" in message
    entry(community, "2026-11-03-meeting", "attendance: {present: 12}\n")  # it picked up again
    assert problems(community) == []


def test_w205_a_criterion_below_half_in_two_retros_running(community):
    for day, score in (("2026-05-05", 2), ("2026-08-04", 2.5)):
        entry(community, f"{day}-retro", f"criteria:\n  - {{criterion: Participation, score: {score}}}\n", kind="retro")
    ((name, line, _, code, message),) = problems(community)
    assert (name, line, code) == ("2026-08-04-retro.yaml", 6, "W205") and "(2, 2.5)" in message


def test_w206_a_health_characteristic_low_twice_running(community):
    entry(community, "2026-05-05-retro", "health: {dialogue: 4, shared_responsibility: 2.8}\n", kind="retro")
    entry(community, "2026-08-04-retro", "health:\n  dialogue: 2\n  shared_responsibility: 2.9\n", kind="retro")
    found = problems(community)
    assert [(name, line, code) for name, line, _, code, _ in found] == [("2026-08-04-retro.yaml", 7, "W206")]
    assert "health 'shared_responsibility'" in found[0][4] and "(2.8, 2.9)" in found[0][4]


def test_w207_retros_after_the_review_date(community):
    text = (community / "charter.yaml").read_text(encoding="utf-8")
    (community / "charter.yaml").write_text(text.replace("review_date: 2027-04-30", "review_date: 2026-06-30"))
    entry(community, "2026-09-01-retro", "decisions: [We continue as we are]\n", kind="retro")
    found = [(name, code) for name, _, _, code, _ in problems(community)]
    assert ("2026-09-01-retro.yaml", "W207") in found and ("charter.yaml", "W101") in found


def test_journal_rules_can_be_ignored_like_the_others(community, runner):
    entry(community, "2026-12-01-meeting", "")
    assert codes(problems(community, ignore={"W201"})) == []
    result = runner.invoke(app, ["check", str(community), *FROZEN, "--ignore", "W201", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["problems"] == []
    result = runner.invoke(app, ["check", str(community), *FROZEN, "--format", "json"])
    assert [p["code"] for p in json.loads(result.output)["problems"]] == ["W201"]


def test_check_reports_a_broken_entry_in_every_format(community, runner):
    entry(community, "2026-10-06-meeting", "rating: 9\n")
    for fmt in ("text", "json", "github", "sarif"):
        result = runner.invoke(app, ["check", str(community), *FROZEN, "--format", fmt])
        assert result.exit_code == 1 and "2026-10-06-meeting.yaml" in result.output, fmt
        assert "E023" in result.output, fmt


def test_commands_that_take_charters_refuse_an_entry_and_pass_over_the_journal(community, runner, tmp_path):
    path = entry(community, "2026-10-06-meeting", "")
    for args in (["render", path, "--out", str(tmp_path / "out")], ["calendar", path]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "is a journal entry, not a charter" in result.output
    result = runner.invoke(app, ["status", str(community.parent), *FROZEN, "--format", "json"])
    assert [row["name"] for row in json.loads(result.output)["charters"]] == [NAME]


def test_the_health_keys_are_the_formats_five():
    assert tuple(Health.model_fields) == HEALTH_KEYS


def test_a_charter_finds_its_journal_anywhere_under_its_folder_and_stops_on_its_errors(community):
    from copkit.checking import check_file, journals_for
    from copkit.errors import CopkitError

    charter = check_file(community / "charter.yaml", today=TODAY)
    assert journals_for([charter], today=TODAY)[NAME].entries == ()
    entry(community, "2026-10-06-meeting", "actions: [Write it up]\n")
    (community / "journal" / "2026").mkdir()
    (community / "journal" / "2026" / "2026-11-03-retro.yaml").write_text(
        f"copkit: 1\nkind: retro\ncommunity: {NAME}\ndate: 2026-11-03\nactions: [{{what: Book a room, done: true}}]\n"
    )
    entry(community, "2026-10-20-meeting", "", community="Another community")  # not this journal's business
    journal = journals_for([charter], today=TODAY)[NAME]
    assert [located.entry.date.isoformat() for located in journal.entries] == ["2026-10-06", "2026-11-03"]
    assert [open.action.what for open in journal.open_actions()] == ["Write it up"]
    assert journal.open_actions()[0].line == 5  # where the action is written, for "edit line 5"
    entry(community, "2026-11-10-meeting", "rating: 0\n")
    with pytest.raises(CopkitError, match="the journal has errors") as raised:
        journals_for([charter], today=TODAY)
    assert [problem.code for problem in raised.value.diagnostics] == ["E023"]


# --- The journal feeds the handouts -------------------------------------------------------------------


@pytest.fixture
def kept(community):
    """A journal with one open action past due, one open without a date, one done, and a retro's scores."""
    entry(
        community,
        "2026-10-06-meeting",
        """\
        actions:
          - {what: Share the <b>template</b>, who: Tom Okafor, due: 2026-10-20}
          - Book the room for January
          - {what: Ask the sponsor, done: true}
        """,
    )
    entry(
        community,
        "2026-11-03-retro",
        "criteria:\n  - {criterion: Participation, score: 2.5, measured: 41% came this quarter}\n",
        kind="retro",
    )
    return community


def test_the_agenda_opens_with_the_open_actions(kept, runner, tmp_path):
    out = tmp_path / "out"
    args = ["render", str(kept / "charter.yaml"), "--handout", "agenda", "--out", str(out), "--date", "2026-11-24"]
    for fmt, lang in (("md", "en"), ("html", "nl")):
        result = runner.invoke(app, [*args, "--format", fmt, "--lang", lang])
        assert result.exit_code == 0, result.output
    markdown = (out / "learning-from-incidents-agenda.md").read_text(encoding="utf-8")
    opening = markdown.index("## We start with the open actions")
    assert opening < markdown.index("## Programme")
    assert "| Share the \\<b\\>template\\</b\\> | Tom Okafor | 20 October 2026 (**overdue**) |" in markdown
    assert "| Book the room for January |  |  |" in markdown and "Ask the sponsor" not in markdown
    html = (out / "learning-from-incidents-agenda.html").read_text(encoding="utf-8")
    assert "We beginnen met de openstaande acties" in html and "Share the &lt;b&gt;template&lt;/b&gt;" in html
    assert '<strong class="overdue">te laat</strong>' in html


def test_the_retro_sheet_lists_open_actions_and_last_times_scores(kept):
    from copkit.checking import check_file, journals_for
    from copkit.rendering import template_context

    charter = check_file(kept / "charter.yaml", today=TODAY)
    journal = journals_for([charter], today=TODAY)[NAME]
    view = template_context(charter.charter, "retro", lang="en", meeting_date=date(2027, 2, 2), journal=journal)["v"]
    actions, criteria = view.sections[0].grids[0], view.sections[1].grids[0]
    assert [row[0].text for row in actions.rows] == ["Share the <b>template</b>", "Book the room for January", ""]
    assert actions.rows[0][1].text == "Tom Okafor" and actions.rows[0][1].note == "due 20 October 2026 · overdue"
    assert actions.rows[0][0].note == "agreed 6 October 2026"
    assert criteria.headers[:3] == ("Criterion", "Target", "Last time")
    participation = next(row for row in criteria.rows if row[0].text == "Participation")
    assert (participation[2].text, participation[2].note) == ("score 2.5", "3 November 2026 · 41% came this quarter")
    dutch = template_context(charter.charter, "retro", lang="nl", journal=journal)["v"].sections[1].grids[0]
    assert dutch.headers[2] == "Vorige keer" and "score 2,5" in [cell.text for row in dutch.rows for cell in row]
    without = template_context(charter.charter, "retro", lang="en")["v"].sections[1].grids[0]
    assert "Last time" not in without.headers


def test_status_shows_the_journal_and_counts_its_problems(kept, runner):
    for day, present in (("2026-09-08", 15), ("2026-09-22", 14), ("2026-10-20", 10), ("2026-11-17", 9)):
        entry(kept, f"{day}-meeting", f"attendance: {present}\n")
    result = runner.invoke(app, ["status", str(kept.parent), *FROZEN, "--format", "json"])
    (row,) = json.loads(result.output)["charters"]
    assert result.exit_code == 0, result.output
    assert (row["last_meeting"], row["attendance"], row["attendance_trend"]) == ("2026-11-17", 9, "falling")
    assert (row["open_actions"], row["overdue_actions"], row["last_retro"]) == (2, 1, "2026-11-03")
    assert row["warnings"] >= 2  # the overdue action (W202) and the falling attendance (W204)
    text = runner.invoke(app, ["status", str(kept.parent), *FROZEN]).output
    assert "2026-11-17, 9 ↓" in text and "2 (1 overdue)" in text
    entry(kept, "2026-11-18-meeting", "rating: 0\n")
    result = runner.invoke(app, ["status", str(kept.parent), *FROZEN, "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.output)["charters"][0]["errors"] == 1


@pytest.mark.parametrize(
    "counts, trend",
    [
        ([], None),
        ([5], None),
        ([10, 12], "rising"),
        ([10, 10, 10, 11], "steady"),
        ([20, 18, 19, 12, 11, 10], "falling"),
    ],
)
def test_the_attendance_trend_compares_the_last_meetings_with_the_ones_before(community, counts, trend):
    from copkit.checking import check_file, journals_for

    for day, present in enumerate(counts, start=1):
        entry(community, f"2026-10-{day:02}-meeting", f"attendance: {present}\n")
    charter = check_file(community / "charter.yaml", today=TODAY)
    assert journals_for([charter], today=TODAY)[NAME].attendance_trend() == trend
