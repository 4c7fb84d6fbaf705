"""The `copkit init` command through the CLI: the commented draft (--no-input, or input that is not a
terminal) in English and Dutch, the language taken from the system, any file name, and an existing
file never replaced without --force, with what init says when it refuses."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from copkit.charter_file import example as draft_example
from copkit.charter_file import shown_filename
from copkit.checking import check_file
from copkit.interview import Interview

MINE = b"name: my own charter, which init must leave alone\n"


def blocks(text: str) -> list[str]:
    """The key after each run of comment lines."""
    lines = text.splitlines()
    return [
        lines[index + 1].split(":", 1)[0]
        for index, line in enumerate(lines[:-1])
        if line.startswith("#") and not lines[index + 1].startswith("#")
    ]


def top_level_keys(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()]


def test_the_language_follows_the_system_when_not_given(runner, tmp_path, init, read_back):
    dutch = init(
        runner, tmp_path / "nl.yaml", "--no-input", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_BE.UTF-8"}
    )
    english = init(runner, tmp_path / "en.yaml", "--no-input", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"})
    assert dutch.exit_code == english.exit_code == 0
    assert read_back(tmp_path / "nl.yaml")[1].language == "nl"
    assert read_back(tmp_path / "en.yaml")[1].language == "en"


def test_the_drafts_time_zone_follows_the_system(runner, tmp_path, init, read_back):
    for zone in ("Europe/Amsterdam", "America/New_York"):
        path = tmp_path / f"{zone.replace('/', '-')}.yaml"
        result = init(runner, path, "--no-input", "--lang", "en", env={"TZ": zone})
        assert result.exit_code == 0, result.output
        assert read_back(path)[1].cadence.timezone == zone


# --- the commented draft ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_input_writes_a_commented_draft_that_passes_check(
    runner, tmp_path, lang, init, check, read_back, as_written, leftovers, schema_line, contract_order, today
):
    path = tmp_path / "charter.yaml"
    result = init(runner, path, "--no-input", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert "Step 1" not in result.output and "Stap 1" not in result.output  # nothing was asked
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line
    keys = top_level_keys(text)
    assert keys == [key for key in contract_order if key in keys]
    assert keys[:4] == ["copkit", "name", "language", "phase"] and keys[-1] == "review_date"
    assert f"# {'Check it with' if lang == 'en' else 'Controleer het met'}: copkit check charter.yaml" in text
    # a comment for every element, explaining it
    for key in (
        "name",
        "phase",
        "domain",
        "purpose",
        "values",
        "ambitions",
        "cadence",
        "roles",
        "membership",
        "tooling",
        "evaluation_criteria",
        "review_date",
    ):
        before = text.split(f"\n{key}:", 1)[0].splitlines()[-1]
        assert before.startswith("# "), key

    data, charter = read_back(path)
    assert data == as_written(draft_example(lang, today))
    assert charter.language == lang and charter.review_date == date(2027, 5, 25)
    checked = check(runner, path)
    assert checked.exit_code == 0, checked.output
    assert leftovers(tmp_path, "charter.yaml") == []


def test_the_dutch_draft_is_commented_and_filled_in_dutch(runner, tmp_path, init, read_back, comments, schema_line):
    init(runner, tmp_path / "en.yaml", "--no-input", "--lang", "en")
    init(runner, tmp_path / "nl.yaml", "--no-input", "--lang", "nl")
    english, dutch = ((tmp_path / f"{lang}.yaml").read_text(encoding="utf-8") for lang in ("en", "nl"))
    # the same comment before each element, however each language's lines are wrapped to fit 80 columns
    assert blocks(dutch) == blocks(english) and len(comments(english)) > 15
    # every comment but the editor's schema line is translated
    assert set(comments(dutch)) & set(comments(english)) == {schema_line}
    assert "# Ritme: een vast moment, geblokkeerd in ieders agenda, houdt de vaart erin." in dutch
    assert "(10 tot 25 % van de werktijd)" in dutch  # the template's %% is one % in the file
    data, _ = read_back(tmp_path / "nl.yaml")
    assert data["name"] == "Onze community of practice"
    assert data["values"] == [{"value": "Openheid", "behaviour": "We delen wat mislukte even graag als wat lukte"}]


PIPED = {
    "en": "Input is not a terminal: the interview reads its answers from it, one a line"
    " (use --no-input for a commented draft to edit).",
    "nl": "De invoer is geen terminal: het interview leest de antwoorden eruit, één per regel"
    " (gebruik --no-input voor een becommentarieerd ontwerp om aan te vullen).",
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_piped_answers_are_read_by_the_interview_with_a_note(
    runner, tmp_path, lang, init, typed, read_back, english_script, english_answers
):
    # the runner's input is not a terminal: the interview reads the answers from it, and says so
    asked = init(runner, tmp_path / "piped.yaml", "--lang", "en", input=typed(english_script))
    assert asked.exit_code == 0, asked.output
    assert asked.stderr.startswith(PIPED["en"])
    assert read_back(tmp_path / "piped.yaml")[0] == english_answers
    # answers that run out half-way: nothing written, after the same note
    stopped = init(runner, tmp_path / "half.yaml", "--lang", lang, input=typed(english_script[:5]))
    assert stopped.exit_code == 1 and PIPED[lang] in stopped.stderr
    assert not (tmp_path / "half.yaml").exists()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_empty_input_that_is_no_terminal_gives_the_draft(runner, tmp_path, lang, init, check):
    """`copkit init < /dev/null`, or in CI: no answers at all, so the commented draft, as --no-input gives."""
    empty = init(runner, tmp_path / "piped.yaml", "--lang", lang, input="")
    assert empty.exit_code == 0, empty.output
    assert {"en": "No answers in the input: writing the commented draft.", "nl": "Geen antwoorden in de invoer"}[
        lang
    ] in empty.stderr
    init(runner, tmp_path / "piped-too.yaml", "--lang", lang, "--no-input")
    # the same draft as --no-input gives, but for the file's own name in its comment
    assert (tmp_path / "piped.yaml").read_text(encoding="utf-8").replace("piped.yaml", "NAME") == (
        tmp_path / "piped-too.yaml"
    ).read_text(encoding="utf-8").replace("piped-too.yaml", "NAME")
    assert check(runner, tmp_path / "piped.yaml").exit_code == 0


def test_no_input_asks_nothing_even_in_a_terminal(runner, tmp_path, terminal, init, read_back):
    result = init(runner, tmp_path / "charter.yaml", "--no-input", "--lang", "en", input="")
    assert result.exit_code == 0, result.output
    assert "Step 1" not in result.output
    assert read_back(tmp_path / "charter.yaml")[1].name == "Our community of practice"


@pytest.mark.parametrize(
    "name, shown",
    [
        ("my charter.yaml", "my charter.yaml"),
        ("line\nbreak.yaml", "line\\nbreak.yaml"),  # would end the comment and leave 'break.yaml' as YAML
        ("tab\there.yaml", "tab\\there.yaml"),
        ("next\u2028line.yaml", "next\\u2028line.yaml"),
        ("c\udc85d.yaml", "c\\x85d.yaml"),  # the byte 0x85, not UTF-8, as Python gives it from the file system
    ],
)
def test_any_file_name_gives_a_charter_that_reads(tmp_path, name, shown, frozen, read_back, today):
    """Regression: the file's name is shown in a comment, where a line break broke the YAML and a
    byte that is not UTF-8 crashed the writing."""
    path = tmp_path / name
    # as a coach's shell runs it, with the name's bytes as given (the runner's output refuses surrogates)
    done = subprocess.run(
        [sys.executable, "-m", "copkit", "init", os.fsencode(path), "--no-input", "--lang", "en", *frozen],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"# Check it with: copkit check {shown}\n" in path.read_text(encoding="utf-8")
    assert read_back(path)[1].name == "Our community of practice"
    assert {problem.code for problem in check_file(path, today=today).problems} == {"W116"}  # the placeholders
    assert shown_filename(name) == shown


# --- never overwrite without --force ----------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "copkit: {path} exists; nothing written (use --force to replace it)"),
        ("nl", "copkit: {path} bestaat al; niets geschreven (gebruik --force om het te vervangen)"),
    ],
)
@pytest.mark.parametrize("how", [["--no-input"], []])
def test_an_existing_file_is_never_replaced_without_force(
    runner, tmp_path, terminal, lang, said, how, init, typed, leftovers, english_script
):
    path = tmp_path / "charter.yaml"
    path.write_bytes(MINE)
    before = path.stat()
    result = init(runner, path, "--lang", lang, *how, input=typed(english_script))
    assert result.exit_code == 1
    assert said.format(path=path) in result.stderr
    assert "Step 1" not in result.output  # refused before asking anything
    assert path.read_bytes() == MINE and path.stat().st_mtime_ns == before.st_mtime_ns
    assert leftovers(tmp_path, "charter.yaml") == []


@pytest.mark.parametrize("how", [["--no-input"], []])
def test_force_replaces_an_existing_file(
    runner,
    tmp_path,
    terminal,
    how,
    init,
    typed,
    read_back,
    as_written,
    leftovers,
    english_script,
    english_answers,
    today,
):
    path = tmp_path / "charter.yaml"
    path.write_bytes(MINE)
    result = init(runner, path, "--lang", "en", "--force", *how, input=typed(english_script))
    assert result.exit_code == 0, result.output
    data, _ = read_back(path)
    assert data == (as_written(draft_example("en", today)) if how else english_answers)
    assert leftovers(tmp_path, "charter.yaml") == []


def test_a_file_that_appears_during_the_interview_is_not_replaced(
    runner, tmp_path, terminal, monkeypatch, init, typed, leftovers, english_script
):
    """The check before the interview is not enough: the file is linked into place, never renamed over one."""
    path = tmp_path / "charter.yaml"
    run = Interview.run

    def someone_else_writes_it_meanwhile(self):
        answers = run(self)
        path.write_bytes(MINE)
        return answers

    monkeypatch.setattr(Interview, "run", someone_else_writes_it_meanwhile)
    result = init(runner, path, "--lang", "en", input=typed(english_script))
    assert result.exit_code == 1
    assert f"copkit: {path} exists; nothing written" in result.stderr
    assert path.read_bytes() == MINE
    assert leftovers(tmp_path, "charter.yaml") == []


# --- a path that cannot be written is refused before the first question ----------------------------


@pytest.mark.parametrize(
    "where, reason",
    [
        ("missing/charter.yaml", "the folder {tmp}/missing does not exist"),
        ("folder", "it is a folder"),
    ],
)
@pytest.mark.parametrize("how", [["--no-input"], []])
def test_a_path_that_cannot_be_written_is_refused_before_asking(
    runner, tmp_path, terminal, init, typed, english_script, where, reason, how
):
    (tmp_path / "folder").mkdir()
    path = tmp_path / where
    result = init(runner, path, "--lang", "en", "--force", *how, input=typed(english_script))
    assert result.exit_code == 1
    assert f"copkit: cannot write {path}: {reason.format(tmp=tmp_path)}" in result.stderr
    assert "Step 1" not in result.output  # nothing was asked
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_a_folder_that_cannot_be_written_to_is_refused_before_asking(runner, tmp_path, terminal, init, monkeypatch):
    import copkit.cli.init

    monkeypatch.setattr(copkit.cli.init.os, "access", lambda path, mode: False)  # as for a coach who is not root
    result = init(runner, tmp_path / "charter.yaml", "--lang", "nl", input="Naam\n")
    assert result.exit_code == 1
    assert f"kan {tmp_path / 'charter.yaml'} niet schrijven: in de map {tmp_path} kan niet geschreven worden" in (
        result.stderr
    )
    assert "Stap 1" not in result.output


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("how", [["--no-input"], []])
def test_what_init_writes_passes_yamllint_default(runner, tmp_path, terminal, init, typed, english_script, lang, how):
    from test_charter_file import yamllint_problems

    path = tmp_path / "charter.yaml"
    assert init(runner, path, "--lang", lang, *how, input=typed(english_script)).exit_code == 0
    assert yamllint_problems(path.read_text(encoding="utf-8")) == []
