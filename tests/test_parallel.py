"""Work spread over worker processes (``copkit check`` over thousands of files): results in the order
given, nothing lost when a worker dies, Ctrl-C exits 130 with one line, and no worker outlives copkit."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from copkit import checking, parallel

pytestmark = pytest.mark.skipif(not parallel.available(), reason="workers only on Linux with two cores or more")

MAIN = os.getpid()


def squares(chunk):
    if os.getpid() != MAIN and 13 in chunk:
        os._exit(3)  # a worker killed mid-chunk (out of memory, say)
    return [number * number for number in chunk]


def test_results_come_in_the_order_given_and_none_is_lost_when_a_worker_dies():
    chunks = [list(range(start, start + 4)) for start in range(0, 40, 4)]
    assert list(parallel.in_order(squares, chunks, workers=2)) == [number * number for number in range(40)]


def test_check_files_in_workers_gives_what_one_process_gives(tmp_path, contract_example, monkeypatch):
    paths = []
    for number in range(9):
        path = tmp_path / f"{number}.yaml"
        text = contract_example.replace("name: Testautomatisering", f"name: C{number}")
        path.write_text(text.replace("  coach: Sara De Smet\n", "") if number % 2 else text, encoding="utf-8")
        paths.append(path)
    serial = checking.check_files(paths, today=date(2026, 11, 24))
    monkeypatch.setattr(checking, "PARALLEL_FILES", 1)
    monkeypatch.setattr(checking, "CHUNK_FILES", 2)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 2)
    original = checking.check_file

    def dies_on_the_fifth(path, **kwargs):
        if os.getpid() != MAIN and path.name == "5.yaml":
            os._exit(3)
        return original(path, **kwargs)

    monkeypatch.setattr(checking, "check_file", dies_on_the_fifth)
    assert checking.check_files(paths, today=date(2026, 11, 24)) == serial


# A copkit whose every file takes a while in a worker, which says when it has started.
SLOW_WORKERS = """
import os, sys, time
import copkit.checking as checking, copkit.parallel as parallel
checking.PARALLEL_FILES, checking.CHUNK_FILES, parallel.idle_cores = 1, 1, lambda: 2
original = checking.check_file
def slow(path, **kwargs):
    print("working", os.getpid(), flush=True)
    time.sleep(0.3)
    return original(path, **kwargs)
checking.check_file = slow
sys.argv = ["copkit", "check", "--today", "2026-11-24", sys.argv[1]]
from copkit.cli import main
main()
"""


def start_slow_check(tmp_path, contract_example) -> subprocess.Popen[str]:
    for number in range(40):
        (tmp_path / f"{number}.yaml").write_text(contract_example, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WORKERS, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal gives a command
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("working")
    return process


def group_ends(group: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def slow_check(tmp_path, contract_example):
    process = start_slow_check(tmp_path, contract_example)
    yield process
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever a failing test left running


def test_ctrl_c_while_workers_check_exits_130_with_one_line(slow_check):
    os.killpg(slow_check.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    _, stderr = slow_check.communicate(timeout=30)
    assert slow_check.returncode == 130
    assert stderr.strip() == "copkit: interrupted", stderr
    assert group_ends(slow_check.pid)


def test_no_worker_outlives_a_killed_copkit(slow_check):
    slow_check.kill()
    slow_check.wait(timeout=30)
    assert group_ends(slow_check.pid)


@pytest.mark.parametrize("load, workers", [(0.0, 2), (0.4, 2), (0.6, 0), (1.0, 0), (3.5, 0)])
def test_workers_only_on_cores_other_work_leaves_free(monkeypatch, load, workers):
    """Measured: two workers on cores other processes keep busy take longer than one process."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert parallel.idle_cores() == workers
