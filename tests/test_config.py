"""Configuration ([tool.copkit] or .copkit.toml, found walking up) and inline suppression (# noqa)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLE_CHARTERS

from copkit.cli import app
from copkit.config import Config, ConfigError, find_config, load_config

LATE = ["--today", "2027-06-01"]  # after the contract example's review date: W101 at line 37
NO_SPONSOR = ("  sponsor: {name: An Peeters, email: an.peeters@example.org}\n", "")  # W105, at 'roles:' (line 22)


@pytest.fixture
def project(tmp_path, contract_example, monkeypatch):
    """A repository with one charter in charters/, run from its root."""
    (tmp_path / "charters").mkdir()
    (tmp_path / "charters" / "team.yaml").write_text(contract_example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(runner, *args: str, code: int | None = None) -> list[tuple[int, str]]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    if code is not None:
        assert result.exit_code == code, result.output
    return [(problem["line"], problem["code"]) for problem in json.loads(result.stdout)["problems"]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- finding and reading the configuration -------------------------------------------------------


def test_the_first_configuration_up_from_the_path_is_used_and_copkit_toml_wins(project):
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.copkit]: passed over
    assert find_config(project / "charters" / "team.yaml") is None
    (project / "pyproject.toml").write_text("[tool.copkit]\nignore = ['W105']\n")
    assert find_config(project / "charters" / "team.yaml") == (project / "pyproject.toml").absolute()
    (project / ".copkit.toml").write_text("ignore = ['W101']\n")
    assert find_config(project / "charters") == (project / ".copkit.toml").absolute()
    (project / "charters" / ".copkit.toml").write_text("strict = true\n")
    config = load_config(project / "charters" / "team.yaml")
    assert (config.source, config.strict, config.ignore) == (
        (project / "charters" / ".copkit.toml").absolute(),
        True,
        frozenset(),
    )


def test_ignore_in_the_configuration_and_on_the_command_line_add_up(project, runner, contract_example):
    edit(project / "charters" / "team.yaml", *NO_SPONSOR)
    assert sorted(codes(runner, "charters", *LATE)) == [(22, "W105"), (36, "W101")]
    (project / ".copkit.toml").write_text('ignore = ["W105"]\n')
    assert [code for _, code in codes(runner, "charters", *LATE)] == ["W101"]
    assert codes(runner, "charters", *LATE, "--ignore", "W101", code=0) == []


def test_strict_from_the_configuration_and_the_command_line_wins(project, runner):
    (project / ".copkit.toml").write_text("strict = true\n")
    assert runner.invoke(app, ["check", "charters", *LATE]).exit_code == 1  # W101 fails under strict
    assert runner.invoke(app, ["check", "charters", *LATE, "--no-strict"]).exit_code == 0
    (project / ".copkit.toml").write_text("strict = false\n")
    assert runner.invoke(app, ["check", "charters", *LATE, "--strict"]).exit_code == 1


def test_per_file_ignores_match_patterns_relative_to_the_configuration(project, runner, contract_example):
    (project / "legacy").mkdir()
    (project / "legacy" / "old.yaml").write_text(
        contract_example.replace("Testautomatisering", "Old"), encoding="utf-8"
    )
    (project / "pyproject.toml").write_text('[tool.copkit]\nper-file-ignores = {"legacy/*.yaml" = ["w101"]}\n')
    result = runner.invoke(app, ["check", ".", *LATE, "--format", "json"])
    found = [(Path(problem["path"]).name, problem["code"]) for problem in json.loads(result.stdout)["problems"]]
    assert found == [("team.yaml", "W101")]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("ignores = ['W105']\n", "ignores: unknown key; did you mean 'ignore'?"),
        ("colour = true\n", "colour: unknown key; the keys are include, exclude, ignore"),
        ("ignore = 'W105'\n", 'ignore: must be a list of warning codes, e.g. ["W105"]'),
        ("ignore = ['W999']\n", "ignore: unknown rule code W999"),
        ("ignore = ['E021']\n", "ignore: E021 is an error of the charter format, not advice: it cannot be ignored"),
        ("strict = 'yes'\n", "strict: must be true or false"),
        ("lang = 'fr'\n", "lang: must be one of"),
        ("exclude = 'build'\n", "exclude: must be a list of patterns"),
        ("per-file-ignores = ['x']\n", "per-file-ignores: must be a table"),
        ("per-file-ignores = {'x/*.yaml' = ['W9']}\n", 'per-file-ignores."x/*.yaml": unknown rule code W9'),
        ("ignore = [\n", "not valid TOML"),
    ],
)
def test_a_wrong_configuration_names_its_file_and_key_and_is_a_usage_error(project, runner, toml, message):
    (project / ".copkit.toml").write_text(toml)
    result = runner.invoke(app, ["check", "charters"])
    assert result.exit_code == 2
    assert f"{project / '.copkit.toml'}: {message}" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_a_key_in_pyproject_is_named_with_its_table(project):
    (project / "pyproject.toml").write_text("[tool.copkit]\nstrict = 1\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.copkit.strict: must be true or false"):
        load_config(project)


def test_show_config_says_what_is_in_force_and_from_where(project, runner):
    result = runner.invoke(app, ["check", "--show-config"])
    assert result.exit_code == 0
    assert result.output.startswith("# no configuration file found: the defaults\n")
    (project / "pyproject.toml").write_text(
        '[tool.copkit]\nignore = ["W105"]\nexclude = ["legacy/"]\nlang = "nl"\n'
        'per-file-ignores = {"old/*.yaml" = ["W101"]}\n'
    )
    result = runner.invoke(app, ["check", "--show-config", "--ignore", "W102", "--strict"])
    assert result.exit_code == 0
    assert result.output == (
        f"# from {(project / 'pyproject.toml').absolute()}\n"
        "[tool.copkit]\n"
        "include = []\n"
        'exclude = ["legacy/"]\n'
        'ignore = ["W102", "W105"]\n'
        'per-file-ignores = {"old/*.yaml" = ["W101"]}\n'
        "strict = true\n"
        'lang = "nl"\n'
    )


def test_the_language_is_kept_for_the_commands_that_speak(project):
    (project / ".copkit.toml").write_text('lang = "nl"\n')
    assert load_config().lang == "nl"
    assert Config().lang is None


# --- inline suppression --------------------------------------------------------------------------


def test_noqa_on_the_reported_line_suppresses_that_warning_only(project, runner):
    charter = project / "charters" / "team.yaml"
    edit(charter, *NO_SPONSOR)
    edit(charter, "review_date: 2027-03-31", "review_date: 2027-03-31  # noqa: W105")  # the wrong line: W301
    found = codes(runner, "charters", *LATE)
    assert tuple(sorted(code for _, code in found if code != "W301")) == ("W101", "W105")
    assert (36, "W301") in found
    edit(charter, "  # noqa: W105", "  # noqa: W101, W105")  # W105 is not reported on this line
    assert sorted(codes(runner, "charters", *LATE)) == [(22, "W105"), (36, "W301")]
    edit(charter, "  # noqa: W101, W105", "  # NOQA:W101")  # any case, no space needed after the colon
    assert codes(runner, "charters", *LATE) == [(22, "W105")]
    edit(charter, "roles:\n", "roles:  # noqa\n")  # bare: every warning on the line
    assert codes(runner, "charters", *LATE, code=0) == []


def test_an_unused_noqa_says_why(project, runner):
    charter = project / "charters" / "team.yaml"
    edit(charter, "phase: start-up", "phase: start-up  # noqa")
    edit(charter, "webapplicaties\n", "webapplicaties  # first # noqa: W999\n")  # noqa may end a comment
    column = len("domain: Geautomatiseerd testen van webapplicaties  # first ") + 1
    result = runner.invoke(app, ["check", "charters", "--today", "2026-11-24"])
    assert result.exit_code == 0  # a warning
    assert f"{Path('charters/team.yaml')}:4:18: warning W301 unused noqa: no warning to suppress here" in result.output
    assert f":5:{column}: warning W301 unused noqa: W999 is no rule code ('copkit rules' lists them)" in result.output


def test_an_error_cannot_be_suppressed_and_trying_is_reported(project, runner):
    charter = project / "charters" / "team.yaml"
    edit(charter, "phase: start-up", "phase: startup  # noqa: E023")
    found = codes(runner, "charters", "--today", "2026-11-24", code=1)
    assert found == [(4, "E023"), (4, "W301")]
    result = runner.invoke(app, ["check", "charters", "--today", "2026-11-24"])
    assert "E023 is an error of the charter format and cannot be suppressed (fix it)" in result.output


def test_a_file_yaml_cannot_read_reports_no_unused_noqa(project, runner):
    (project / "charters" / "team.yaml").write_text("copkit: 1\nname: [unclosed  # noqa: W101\n")
    assert [code for _, code in codes(runner, "charters", code=1)] == ["E010"]


def test_the_file_level_form_suppresses_in_the_whole_file(project, runner):
    charter = project / "charters" / "team.yaml"
    edit(charter, *NO_SPONSOR)
    edit(charter, "copkit: 1\n", "copkit: 1\n# copkit: noqa: W101\n")
    assert [code for _, code in codes(runner, "charters", *LATE)] == ["W105"]
    edit(charter, "# copkit: noqa: W101\n", "# copkit: noqa\n")
    assert codes(runner, "charters", *LATE) == []
    edit(charter, "# copkit: noqa\n", "# copkit: noqa: W102\n")
    found = codes(runner, "charters", *LATE)
    assert (2, "W301") in found
    result = runner.invoke(app, ["check", "charters", *LATE])
    assert "W102 is not reported in this file" in result.output


def test_a_hash_inside_a_value_is_no_comment_and_a_cut_value_keeps_its_own_warning(project, runner):
    charter = project / "charters" / "team.yaml"
    edit(charter, *NO_SPONSOR)
    # quoted or block values hold their '#': no suppression there
    edit(charter, "roles:\n", "roles: # no 'noqa' here\n")
    edit(charter, "domain: Geautomatiseerd testen van webapplicaties", "domain: 'Testen # noqa: W105'")
    edit(charter, "  statement: Samen", "  statement: |\n    # noqa: W105\n    Samen")
    assert sorted(code for _, code in codes(runner, "charters", *LATE)) == ["W101", "W105"]
    # 'Ask in #general' is cut by a comment (W114); a noqa after it works, and says nothing of W114 unless named
    edit(charter, "how_to_join: Stuur een bericht in het Teams-kanaal", "how_to_join: Ask in #general # noqa: W114")
    assert sorted(code for _, code in codes(runner, "charters", *LATE)) == ["W101", "W105"]
    edit(charter, "# noqa: W114", "")
    assert sorted(code for _, code in codes(runner, "charters", *LATE)) == ["W101", "W105", "W114"]


def test_unused_noqa_can_be_switched_off_like_any_warning(project, runner):
    edit(project / "charters" / "team.yaml", "phase: start-up", "phase: start-up  # noqa: W105")
    assert [code for _, code in codes(runner, "charters", "--today", "2026-11-24")] == ["W301"]
    assert codes(runner, "charters", "--today", "2026-11-24", "--ignore", "W301") == []
    (project / ".copkit.toml").write_text('per-file-ignores = {"charters/*" = ["W301"]}\n')
    assert codes(runner, "charters", "--today", "2026-11-24") == []


def test_noqa_works_in_journal_entries_too(tmp_path, runner, examples, monkeypatch):
    shutil.copytree(examples / "communities" / "wijkgericht-werken", tmp_path / "wijk")
    monkeypatch.chdir(tmp_path)
    retro = Path("wijk/journal/2026-10-20-retro.yaml")
    before = runner.invoke(app, ["check", "wijk", "--today", "2026-11-24"]).output
    assert f"{retro}:42:10: warning W202" in before  # an action overdue, reported by the journal's rules
    lines = retro.read_text(encoding="utf-8").split("\n")
    lines[41] += "  # noqa: W202"
    retro.write_text("\n".join(lines), encoding="utf-8")
    after = runner.invoke(app, ["check", "wijk", "--today", "2026-11-24"]).output
    assert f"{retro}:42:10: warning W202" not in after and "W301" not in after


@pytest.mark.parametrize(
    ("text", "lines", "whole_file"),
    [
        ("review_date: 2025-06-30   # noqa: W101 (planned with the sponsor)\n", {1: {"W101"}}, []),
        ('x: "a # noqa"\ny: z #noqa\n', {2: None}, []),  # in quotes: a value; glued: a comment still
        ("a: 1 # noqa:W101,w102 W103\n", {1: {"W101", "W102", "W103"}}, []),
        ("a: 1 # noqalike\nb: 2 # no qa\n", {}, []),
        ("# copkit: noqa: W102, W103\na: 1  # copkit: noqa\n", {}, [{"W102", "W103"}]),  # after a value: no file form
        ("a: |\n  # noqa\n  text\n# copkit: noqa\n", {}, [None]),
        ("a: 'unclosed\n# noqa\n", {}, []),  # the scanner fails: no suppression read
    ],
)
def test_the_suppression_forms(text, lines, whole_file):
    from copkit.noqa import scan

    found = scan(text)
    assert {line: (set(s.codes) if s.codes is not None else None) for line, s in found.lines.items()} == lines
    assert [set(s.codes) if s.codes is not None else None for s in found.files] == whole_file


def test_status_counts_the_warnings_check_shows(tmp_path, runner):
    """A warning switched off by the configuration or a # noqa is not counted in status either."""
    from copkit.cli import app

    folder = tmp_path / "repo"
    (folder / "journal").mkdir(parents=True)
    charter = next(path for path in EXAMPLE_CHARTERS if path.parent.name == "learning-from-incidents")
    (folder / "charter.yaml").write_text(charter.read_text(encoding="utf-8"), encoding="utf-8")
    entry = (
        "copkit: 1\nkind: meeting\ncommunity: Learning from Incidents\ndate: 2026-10-06\n"
        "actions:\n  - {what: Write it up, due: 2026-11-01}\n"
    )
    (folder / "journal" / "2026-10-06-meeting.yaml").write_text(entry, encoding="utf-8")
    args = ["status", str(folder), "--today", "2026-11-24", "--format", "json"]

    def warnings() -> tuple[int, int]:
        check = runner.invoke(app, ["check", str(folder), "--today", "2026-11-24", "--format", "json"])
        (row,) = json.loads(runner.invoke(app, args).output)["charters"]
        return len(json.loads(check.output)["problems"]), row["warnings"]

    assert warnings() == (1, 1)  # W202, the overdue action
    (folder / ".copkit.toml").write_text('ignore = ["W202"]\n', encoding="utf-8")
    assert warnings() == (0, 0)
    (folder / ".copkit.toml").unlink()
    (folder / "journal" / "2026-10-06-meeting.yaml").write_text(
        entry.replace("due: 2026-11-01}", "due: 2026-11-01}  # noqa: W202"), encoding="utf-8"
    )
    assert warnings() == (0, 0)
