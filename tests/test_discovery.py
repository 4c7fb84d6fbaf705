"""Which files check, status and site read: regular files only, each once, any depth, and every
folder or file passed over is said."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
