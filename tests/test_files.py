"""What copkit writes: never over a file it does not own, whole or not at all across files, never
through a link, a FIFO or a device, and interrupted without a trace."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from copkit import files
from copkit.cli import app

MANIFEST = ".copkit-manifest.json"
TODAY = ["--today", "2026-11-24"]
FORCED = ["--force", "--from", "2026-11-24"]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder``: its bytes and permission bits."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def charters(tmp_path, examples):
    folder = tmp_path / "charters"
    folder.mkdir()
    for name, slug in (
        ("klantgericht-schrijven.yaml", "klantgericht-schrijven"),
        ("incident-learning.yaml", "learning-from-incidents"),
    ):
        shutil.copy(examples / "communities" / slug / "charter.yaml", folder / name)
    return folder


def site(runner, charters: Path, out: Path, *args: str):
    return runner.invoke(app, ["site", str(charters), "--out", str(out), *TODAY, *args])


# --- ownership -------------------------------------------------------------------------------------


def test_site_keeps_a_hand_written_index_without_force_and_replaces_it_with_force(runner, charters, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>our own front page</p>\n", encoding="utf-8")
    refused = site(runner, charters, out)
    assert refused.exit_code == 1
    assert f"{out / 'index.html'} exists and was not written by copkit: use --force to replace it" in refused.output
    assert "no site written" in refused.output
    assert sorted(os.listdir(out)) == ["index.html"]  # nothing else written either
    forced = site(runner, charters, out, "--force")
    assert forced.exit_code == 0, forced.output
    assert b"our own front page" not in (out / "index.html").read_bytes()
    assert site(runner, charters, out).exit_code == 0  # its own pages are replaced freely


def test_site_removes_the_pages_of_a_community_that_is_gone_and_no_other_file(runner, charters, tmp_path):
    out = tmp_path / "site"
    assert site(runner, charters, out).exit_code == 0
    (out / "notes.txt").write_text("ours\n", encoding="utf-8")
    (out / "learning-from-incidents.html.bak").write_text("ours too\n", encoding="utf-8")
    (charters / "incident-learning.yaml").unlink()
    again = site(runner, charters, out)
    assert again.exit_code == 0, again.output
    assert f"removed {out / 'learning-from-incidents.html'}" in again.output
    assert sorted(os.listdir(out)) == [
        MANIFEST,
        "index.html",
        "klantgericht-schrijven.html",
        "klantgericht-schrijven.ics",
        "learning-from-incidents.html.bak",
        "notes.txt",
    ]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["index.html", "klantgericht-schrijven.html", "klantgericht-schrijven.ics"]


def test_site_keeps_an_edited_page_of_a_gone_community_unless_forced(runner, charters, tmp_path):
    out = tmp_path / "site"
    assert site(runner, charters, out).exit_code == 0
    page = out / "learning-from-incidents.html"
    page.write_text("<p>edited by hand</p>\n", encoding="utf-8")
    (charters / "incident-learning.yaml").unlink()
    refused = site(runner, charters, out)
    assert refused.exit_code == 1
    assert f"{page} was edited since copkit wrote it, and its community is gone" in refused.output
    assert page.read_text(encoding="utf-8") == "<p>edited by hand</p>\n"
    assert site(runner, charters, out, "--force").exit_code == 0
    assert not page.exists()


def test_render_twice_in_pdf_replaces_its_own_output(runner, examples, tmp_path):
    charter = examples / "communities/klantgericht-schrijven/charter.yaml"
    for _ in range(2):
        result = runner.invoke(app, ["render", str(charter), "--handout", "onepager", "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "klantgericht-schrijven-onepager.pdf").read_bytes().startswith(b"%PDF")


def test_a_hand_edited_handout_is_refused_without_force_naming_it_and_why(runner, examples, tmp_path):
    charter = examples / "communities/klantgericht-schrijven/charter.yaml"
    render = ["render", str(charter), "--format", "md", "--out", str(tmp_path)]
    assert runner.invoke(app, render).exit_code == 0
    edited = tmp_path / "klantgericht-schrijven-onepager.md"
    edited.write_text("# notes that mention copkit\n", encoding="utf-8")
    before = snapshot(tmp_path)
    refused = runner.invoke(app, render)
    assert refused.exit_code == 1
    assert f"{edited} was edited since copkit wrote it: use --force to replace it" in refused.output
    assert snapshot(tmp_path) == before
    assert runner.invoke(app, [*render, "--force"]).exit_code == 0
    assert edited.read_text(encoding="utf-8") != "# notes that mention copkit\n"


def test_a_hand_written_file_that_mentions_copkit_is_not_taken_for_copkits(runner, examples, tmp_path):
    mine = tmp_path / "klantgericht-schrijven-onepager.md"
    mine.write_text("Made with copkit, then rewritten by hand.\n", encoding="utf-8")
    charter = examples / "communities/klantgericht-schrijven/charter.yaml"
    refused = runner.invoke(app, ["render", str(charter), "--format", "md", "--out", str(tmp_path)])
    assert refused.exit_code == 1
    assert f"{mine} exists and was not written by copkit" in refused.output
    assert mine.read_text(encoding="utf-8") == "Made with copkit, then rewritten by hand.\n"


def test_a_file_identical_to_what_copkit_writes_is_replaced_freely(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"same\n")
    written, _ = files.write_outputs({target: b"same\n"}, force=False, by="test")
    assert written == [target]


# --- whole or nothing ------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("stage", ["_stage", "replace"])
def test_a_failure_in_the_middle_leaves_the_folder_as_it_was(runner, charters, tmp_path, monkeypatch, failure, stage):
    out = tmp_path / "site"
    assert site(runner, charters, out).exit_code == 0
    (out / "notes.txt").write_text("ours\n", encoding="utf-8")
    (charters / "klantgericht-schrijven.yaml").write_text(
        (charters / "klantgericht-schrijven.yaml").read_text(encoding="utf-8").replace("Openheid", "Eerlijkheid"),
        encoding="utf-8",
    )
    before = snapshot(out)
    calls = {"n": 0}
    real = files._stage if stage == "_stage" else os.replace

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise failure
        return real(*args, **kwargs)

    if stage == "_stage":
        monkeypatch.setattr(files, "_stage", failing)
    else:
        monkeypatch.setattr(files.os, "replace", failing)
    result = site(runner, charters, out)
    monkeypatch.undo()
    assert result.exit_code == (130 if isinstance(failure, KeyboardInterrupt) else 1)  # Ctrl-C: as shells report it
    assert snapshot(out) == before  # byte for byte, no temporary file left behind
    assert ".tmp" not in result.output and ".old" not in result.output
    if isinstance(failure, OSError):
        assert "cannot write" in result.output and "No space left on device" in result.output
    else:
        assert "interrupted: no site written" in result.output


def test_a_failed_first_render_leaves_no_folder_behind(runner, examples, tmp_path, monkeypatch):
    def failing(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files, "_stage", failing)
    out = tmp_path / "new" / "handouts"
    result = runner.invoke(
        app,
        ["render", str(examples / "communities/klantgericht-schrijven/charter.yaml"), "-f", "md", "--out", str(out)],
    )
    assert result.exit_code == 1
    assert f"cannot write {out}" in result.output and ".tmp" not in result.output
    assert os.listdir(tmp_path) == []


def test_an_obstacle_in_the_output_folder_stops_the_site_before_anything_is_written(runner, charters, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "klantgericht-schrijven.ics").mkdir()  # a folder where a calendar file goes
    result = site(runner, charters, out, "--force")
    assert result.exit_code == 1
    assert f"{out / 'klantgericht-schrijven.ics'} is a folder, not a regular file" in result.output
    assert ".tmp" not in result.output
    assert sorted(os.listdir(out)) == ["klantgericht-schrijven.ics"]


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="no SIGTERM")
def test_sigterm_while_writing_leaves_the_folder_as_it_was(runner, charters, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert site(runner, charters, out).exit_code == 0
    before = snapshot(out)
    real = files._stage
    calls = {"n": 0}

    def terminated(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # the handler copkit installs raises KeyboardInterrupt here
        return real(*args, **kwargs)

    monkeypatch.setattr(files, "_stage", terminated)
    handler = signal.getsignal(signal.SIGTERM)
    result = site(runner, charters, out)
    assert result.exit_code == 130 and "interrupted" in result.output  # stopped, as by Ctrl-C
    assert snapshot(out) == before
    assert signal.getsignal(signal.SIGTERM) == handler  # copkit's handler is gone again


# --- only regular files --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_force_never_writes_over_a_fifo(runner, examples, tmp_path):
    fifo = tmp_path / "x.ics"
    os.mkfifo(fifo)
    result = runner.invoke(
        app,
        ["calendar", str(examples / "communities/klantgericht-schrijven/charter.yaml"), "--out", str(fifo), *FORCED],
    )
    assert result.exit_code == 1
    assert f"{fifo} is a FIFO (named pipe), not a regular file: copkit never writes over it" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_force_never_writes_through_a_symlink(runner, examples, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "klantgericht-schrijven-onepager.md"
    link.symlink_to(precious)
    result = runner.invoke(
        app,
        [
            "render",
            str(examples / "communities/klantgericht-schrijven/charter.yaml"),
            "-f",
            "md",
            "--out",
            str(tmp_path),
            "--force",
        ],
    )
    assert result.exit_code == 1
    assert f"{link} is a symbolic link, not a regular file" in result.output
    assert link.is_symlink() and precious.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(os.listdir(tmp_path)) == [link.name, "precious.txt"]


def test_force_never_turns_a_device_into_a_file(runner, examples, tmp_path):
    result = runner.invoke(
        app,
        ["calendar", str(examples / "communities/klantgericht-schrijven/charter.yaml"), "--out", "/dev/null", *FORCED],
    )
    assert result.exit_code == 1
    assert "/dev/null is a device, not a regular file" in result.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_force_keeps_the_replaced_files_permissions(runner, examples, tmp_path):
    charter = examples / "communities/klantgericht-schrijven/charter.yaml"
    target = tmp_path / "team.ics"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    result = runner.invoke(app, ["calendar", str(charter), "--out", str(target), "--force", "--from", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    handout = tmp_path / "klantgericht-schrijven-onepager.md"
    handout.write_text("mine\n", encoding="utf-8")
    handout.chmod(0o600)
    forced = runner.invoke(app, ["render", str(charter), "-f", "md", "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert stat.S_IMODE(handout.stat().st_mode) == 0o600


def test_without_hard_links_files_are_still_written(runner, examples, tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    charter = examples / "communities/klantgericht-schrijven/charter.yaml"
    target = tmp_path / "team.ics"
    assert runner.invoke(app, ["calendar", str(charter), "--out", str(target), "--from", "2026-11-24"]).exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    again = runner.invoke(app, ["calendar", str(charter), "--out", str(target), "--from", "2026-11-24"])
    assert again.exit_code == 1 and "exists; nothing written" in again.output
    render = ["render", str(charter), "-f", "md", "--out", str(tmp_path / "out")]
    assert runner.invoke(app, render).exit_code == 0
    assert runner.invoke(app, render).exit_code == 0  # replacing sets the old file aside by renaming it
    assert sorted(os.listdir(tmp_path)) == ["out", "team.ics"]
    assert not [name for name in os.listdir(tmp_path / "out") if name.endswith((".tmp", ".old"))]


def test_write_new_never_replaces_a_file_that_appears_meanwhile(tmp_path, monkeypatch):
    target = tmp_path / "charter.yaml"
    real = files._stage

    def appears(*args, **kwargs):
        staged = real(*args, **kwargs)
        target.write_text("written by someone else meanwhile\n", encoding="utf-8")
        return staged

    monkeypatch.setattr(files, "_stage", appears)
    with pytest.raises(FileExistsError):
        files.write_new(target, b"copkit's\n", force=False)
    assert target.read_text(encoding="utf-8") == "written by someone else meanwhile\n"
    assert os.listdir(tmp_path) == ["charter.yaml"]


# --- the installed command -----------------------------------------------------------------------


def test_the_installed_command_keeps_a_hand_written_index(charters, tmp_path):
    copkit = Path(sys.executable).with_name("copkit")
    if not copkit.exists():
        pytest.skip("copkit is not installed next to this Python")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("mine\n", encoding="utf-8")
    result = subprocess.run(
        [str(copkit), "site", str(charters), "--out", str(out), *TODAY], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "exists and was not written by copkit: use --force to replace it" in result.stderr
    assert os.listdir(out) == ["index.html"]
    forced = subprocess.run(
        [str(copkit), "site", str(charters), "--out", str(out), "--force", *TODAY],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert forced.returncode == 0, forced.stderr
    assert MANIFEST in os.listdir(out)


def test_sigterm_to_the_installed_command_leaves_no_temporary_files(charters, tmp_path):
    """A real SIGTERM at whatever moment: the folder is either as before or completely new."""
    copkit = Path(sys.executable).with_name("copkit")
    if not copkit.exists():
        pytest.skip("copkit is not installed next to this Python")
    out = tmp_path / "site"
    command = [str(copkit), "site", str(charters), "--out", str(out), *TODAY]
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    before = snapshot(out)
    (charters / "klantgericht-schrijven.yaml").write_text(
        (charters / "klantgericht-schrijven.yaml").read_text(encoding="utf-8").replace("Openheid", "Eerlijkheid"),
        encoding="utf-8",
    )
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    timer = threading.Timer(0.4, process.send_signal, [signal.SIGTERM])
    timer.start()
    process.communicate(timeout=120)
    timer.cancel()
    after = snapshot(out)
    assert not [name for name in after if name.endswith((".tmp", ".old"))]
    assert set(after) == set(before)
