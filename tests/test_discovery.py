"""Which files check, status and site read: regular files only, each once, any depth, and every
folder or file passed over is said."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from copkit.checking import check_file, discover
from copkit.cli import app

TODAY = ["--today", "2026-11-24"]
TIMEOUT = 60


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed copkit (or ``python -m copkit``), with a timeout: a hang fails the test."""
    copkit = Path(sys.executable).with_name("copkit")
    command = [str(copkit)] if copkit.exists() else [sys.executable, "-m", "copkit"]
    env = {**os.environ, "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd, env=env)


@pytest.fixture
def folder(tmp_path, contract_example):
    root = tmp_path / "charters"
    root.mkdir()
    (root / "team.yaml").write_text(contract_example, encoding="utf-8")
    return root


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
@pytest.mark.parametrize("command", ["check", "status"])
def test_a_fifo_named_yaml_in_a_folder_is_skipped_with_a_note(folder, command):
    fifo = folder / "x.yaml"
    os.mkfifo(fifo)
    result = run(command, str(folder), *TODAY)
    assert result.returncode == 0, result.stderr
    assert f"copkit: note: skipped {fifo}: a FIFO (named pipe), not a regular file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_named_on_the_command_line_is_that_files_error(folder):
    fifo = folder / "x.yaml"
    os.mkfifo(fifo)
    result = run("check", str(fifo), str(folder / "team.yaml"), *TODAY)
    assert result.returncode == 1
    assert f"{fifo}:1:1: error E001 not a regular file: it is a FIFO (named pipe)" in result.stdout


def test_a_device_given_as_a_charter_is_refused_without_reading_it(today):
    result = check_file(Path("/dev/zero"), today=today)
    assert [problem.code for problem in result.problems] == ["E001"]
    assert "it is a device" in result.problems[0].message


def test_a_symlinked_folder_is_not_followed_and_is_noted(folder, runner, tmp_path, contract_example):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.yaml").write_text(contract_example, encoding="utf-8")
    link = folder / "linked"
    link.symlink_to(elsewhere, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a circle is never walked
    result = runner.invoke(app, ["check", str(folder), *TODAY, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"copkit: note: skipped {link}: a symbolic link to a folder is not followed" in result.stderr
    assert json.loads(result.stdout)["files"] == 1
    named = runner.invoke(app, ["check", str(link), *TODAY])  # named on its own, it is checked
    assert named.exit_code == 0 and "1 file" in named.stdout


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
@pytest.mark.parametrize("command", ["check", "status", "site"])
def test_an_unreadable_folder_is_an_error_of_that_folder(folder, runner, command, tmp_path):
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("this user reads any folder (root)")
        args = [command, str(folder), *TODAY] + (["--out", str(tmp_path / "site")] if command == "site" else [])
        result = runner.invoke(app, args)
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert f"{locked}:1:1: error E001 cannot read the folder: Permission denied" in result.output
    if command == "site":
        assert not (tmp_path / "site").exists()


def test_an_unreadable_folder_is_found_as_root_too(folder, monkeypatch):
    real = os.scandir

    def refusing(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    (folder / "locked").mkdir()
    monkeypatch.setattr(os, "scandir", refusing)
    found = discover([folder])
    assert found.files == [folder / "team.yaml"]
    assert [str(problem) for result in found.unreadable for problem in result.problems] == [
        f"{folder / 'locked'}:1:1: error E001 cannot read the folder: Permission denied; "
        "the charters in it are not checked"
    ]


def test_a_thousand_nested_folders_are_walked(tmp_path, contract_example, runner):
    deepest = tmp_path
    for _ in range(1000):
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "deep.yaml").write_text(contract_example, encoding="utf-8")
    try:
        assert discover([tmp_path]).files == [deepest / "deep.yaml"]
        result = runner.invoke(app, ["check", str(tmp_path), *TODAY, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["files"] == 1
    finally:  # pytest's own clean-up recurses, so the folders go here, innermost first
        (deepest / "deep.yaml").unlink()
        while deepest != tmp_path:
            deepest.rmdir()
            deepest = deepest.parent


def test_the_same_file_named_twice_is_checked_once(folder, runner):
    charter = folder / "team.yaml"
    (folder / "alias.yaml").symlink_to(charter)
    found = discover([charter, folder, Path(os.path.relpath(charter))])
    assert found.files == [charter]
    result = runner.invoke(app, ["check", str(charter), str(charter), str(folder), *TODAY, "--format", "json"])
    assert json.loads(result.stdout)["files"] == 1


def test_a_missing_path_is_still_that_files_error(tmp_path, runner):
    missing = tmp_path / "gone.yaml"
    result = runner.invoke(app, ["check", str(missing), *TODAY])
    assert result.exit_code == 1 and f"{missing}:1:1: error E001" in result.output


# --- which YAML files are copkit's: the top-level 'copkit:' key, include, .gitignore, exclude ----------

DOCKER_COMPOSE = "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"
MKDOCS = "site_name: Handbook\nnav:\n  - Home: index.md\n"


def charter_named(contract_example: str, name: str) -> str:
    return contract_example.replace("name: Testautomatisering", f"name: {name}")


@pytest.fixture
def repository(tmp_path, contract_example, monkeypatch):
    """The issue's repository: docker-compose.yml, mkdocs.yml, a .gitignored build/ folder holding a
    copy of a charter, and three charters (one with a comment line before 'copkit: 1')."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("__pycache__/\nbuild/\n", encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text(DOCKER_COMPOSE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    for index, name in enumerate(["Testing", "Design", "Data"]):
        folder = tmp_path / "communities" / name.lower()
        folder.mkdir(parents=True)
        text = charter_named(contract_example, name)
        if index == 0:
            text = "# yaml-language-server: $schema=../../schema/charter.schema.json\n" + text
        (folder / "charter.yaml").write_text(text, encoding="utf-8")
    copy = tmp_path / "build" / "lib" / "copkit" / "charter.yaml"
    copy.parent.mkdir(parents=True)
    copy.write_text(charter_named(contract_example, "Testing"), encoding="utf-8")  # would clash by name
    (copy.parent / "broken.yaml").write_text("copkit: 1\nname: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_repository_with_other_yaml_and_an_ignored_build_folder_checks_clean(repository, runner):
    """The issue's 'done when', with no configuration at all."""
    result = runner.invoke(app, ["check", *TODAY])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 files checked: no problems"
    for command in (["status", *TODAY, "--format", "json"], ["check", ".", *TODAY, "--strict"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    rows = json.loads(runner.invoke(app, ["status", *TODAY, "--format", "json"]).stdout)["charters"]
    assert sorted(row["name"] for row in rows) == ["Data", "Design", "Testing"]


def test_verbose_lists_what_was_passed_over_and_excluded(repository, runner):
    result = runner.invoke(app, ["check", *TODAY, "--verbose"])
    assert result.exit_code == 0
    assert "copkit: passed over docker-compose.yml: not a copkit file (no top-level 'copkit:' key)" in result.stderr
    assert "copkit: passed over mkdocs.yml" in result.stderr
    assert "copkit: excluded build" in result.stderr
    assert "copkit: 3 copkit files, 2 other YAML passed over, 1 excluded" in result.stderr
    assert "passed over" not in runner.invoke(app, ["check", *TODAY]).stderr  # quiet without --verbose


def test_a_charter_without_the_copkit_key_is_passed_over_in_a_folder_but_checked_when_named(
    tmp_path, runner, contract_example
):
    bare = tmp_path / "team.yaml"
    bare.write_text(contract_example.replace("copkit: 1\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), *TODAY])
    assert result.exit_code == 2
    assert "1 YAML file passed over: a charter or journal entry needs a top-level 'copkit: 1' line" in result.output
    assert runner.invoke(app, ["check", str(bare), *TODAY]).exit_code == 0
    (tmp_path / ".copkit.toml").write_text('include = ["*.yaml"]\n', encoding="utf-8")  # or an include pattern
    result = runner.invoke(app, ["check", str(tmp_path), *TODAY])
    assert result.exit_code == 0 and "1 file checked" in result.stdout


def test_a_copkit_key_after_comments_counts_and_one_inside_a_mapping_does_not(tmp_path):
    from copkit.checking import is_copkit_file

    cases = {
        "a.yaml": "# a comment\n---\ncopkit: 1\n",
        "b.yaml": "\ufeffcopkit : 1\n",
        "c.yaml": "tool:\n  copkit: 1\n",
        "d.yaml": "name: x\n# copkit: 1\n",
        "e.yaml": "x: 1\n" * 1000 + "copkit: 1\n",  # beyond the first 4 KiB
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert [name for name in cases if is_copkit_file(tmp_path / name)] == ["a.yaml", "b.yaml"]


def test_exclude_patterns_on_the_command_line_and_in_the_configuration(repository, runner):
    result = runner.invoke(app, ["check", *TODAY, "--exclude", "communities/design/", "--format", "json"])
    assert json.loads(result.stdout)["files"] == 2
    result = runner.invoke(app, ["check", *TODAY, "--exclude", "charter.yaml", "--exclude", "x", "--format", "json"])
    assert result.exit_code == 2 and "no charter files" in result.output  # a pattern with no slash: any depth
    (repository / ".copkit.toml").write_text('exclude = ["communities/data"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "communities", *TODAY, "--format", "json"])
    assert json.loads(result.stdout)["files"] == 2


def test_gitignore_files_below_and_above_the_walked_folder_count(repository, runner, contract_example):
    (repository / "communities" / ".gitignore").write_text("data/\n!design/\n", encoding="utf-8")
    (repository / "communities" / "testing" / "draft.yaml").write_text(
        charter_named(contract_example, "Draft"), encoding="utf-8"
    )
    (repository / ".gitignore").write_text("build/\ndraft.yaml\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "communities", *TODAY, "--format", "json", "--verbose"])
    assert json.loads(result.stdout)["files"] == 2, result.stderr  # testing and design: data/ and draft.yaml ignored
    assert f"copkit: excluded {Path('communities/data')}" in result.stderr
    assert f"copkit: excluded {Path('communities/testing/draft.yaml')}" in result.stderr
    # a folder a .gitignore names is searched when it is named itself
    result = runner.invoke(app, ["check", "build", *TODAY, "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["files"] == 2  # the copy, and broken.yaml
    # named as a file, an ignored charter is still checked
    named = runner.invoke(app, ["check", "communities/testing/draft.yaml", *TODAY])
    assert named.exit_code == 0 and "1 file checked" in named.stdout


def test_the_pre_commit_hook_checks_what_a_folder_search_would(repository, runner, repo):
    """pre-commit passes every staged YAML file to the hook's entry; copkit passes over the rest."""
    (hook,) = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    staged = [
        "docker-compose.yml",
        "mkdocs.yml",
        ".github/workflows/ci.yml",
        "communities/testing/charter.yaml",
        "build/lib/copkit/broken.yaml",  # not staged in real life (ignored), but excluded if it were
    ]
    args = shlex.split(hook["entry"])[1:]
    result = runner.invoke(app, [*args, *staged, *TODAY, "--verbose"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 file checked: no problems"
    assert "copkit: 1 copkit file, 3 other YAML passed over, 1 excluded" in result.stderr
    # nothing of copkit's staged: a clean pass, not a usage error
    result = runner.invoke(app, [*args, "mkdocs.yml", *TODAY])
    assert result.exit_code == 0 and "0 files checked" in result.stdout


def test_render_takes_a_folder_and_renders_its_charters_only(tmp_path, runner, examples):
    shutil.copytree(examples / "communities" / "learning-from-incidents", tmp_path / "incidents")
    (tmp_path / "incidents" / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(tmp_path), "--handout", "onepager", "-f", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [path.name for path in out.glob("*.md")] == ["learning-from-incidents-onepager.md"]
    journal = tmp_path / "incidents" / "journal"
    result = runner.invoke(app, ["render", str(journal), "-f", "md", "--out", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no charter in" in result.output and "only journal entries" in result.output
    assert not (tmp_path / "none").exists()
