"""``copkit check`` and ``copkit status`` over a folder of valid and broken charters and journals,
byte for byte against outputs saved before they were made faster (tests/golden/check/).

Speed must never change what a user sees: every format, --quiet, Dutch, a step summary, an entry
checked alone or with its charter on the standard input, and the same bytes whether the files are
checked in this process or spread over worker processes. After a deliberate change of an output,
rewrite the saved files with ``python tests/test_check_outputs.py`` and read the diff.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copkit import checking, parallel
from copkit.cli import app

GOLDEN = Path(__file__).parent / "golden" / "check"
TODAY = "2026-11-24"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "COLUMNS": None}
ENV |= {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
CHARTER_ON_STDIN = "tree/other/charter.yml"

# (name of the saved output, arguments after the command); run from GOLDEN, over its folder tree/
CASES = {
    "check-text": ["check", "tree"],
    "check-json": ["check", "--format", "json", "tree"],
    "check-github": ["check", "--format", "github", "tree"],
    "check-sarif": ["check", "--format", "sarif", "tree"],
    "check-quiet": ["check", "--quiet", "tree"],
    "check-strict-quiet": ["check", "--quiet", "--strict", "--format", "github", "tree"],
    "check-nl": ["check", "--lang", "nl", "tree"],
    "check-ignore": ["check", "--ignore", "W202,W104", "--format", "json", "tree"],
    "check-entry-alone": ["check", "tree/other/journal-ok.yaml", "tree/orphans"],
    "check-stdin": ["check", "--stdin-filename", CHARTER_ON_STDIN, "-", "tree/other/journal-ok.yaml"],
    "status-text": ["status", "tree"],
    "status-json": ["status", "--format", "json", "tree"],
    "status-nl": ["status", "--lang", "nl", "tree"],
}


def _arguments(name: str) -> list[str]:
    command, *rest = CASES[name]
    return [command, "--today", TODAY, *rest]


def _stdin(name: str) -> bytes | None:
    return (GOLDEN / CHARTER_ON_STDIN).read_bytes() if "-" in CASES[name] else None


def _saved(name: str) -> tuple[int, str]:
    text = (GOLDEN / f"{name}.out").read_text(encoding="utf-8")
    status, _, output = text.partition("\n")
    return int(status.removeprefix("exit ")), output


@pytest.fixture
def in_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)


@pytest.mark.parametrize("workers", [False, True], ids=["one-process", "worker-processes"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_for_byte_as_before(name, workers, in_golden, monkeypatch):
    if workers:  # every file in worker processes, three to a chunk (status reads its own way: the same)
        monkeypatch.setattr(checking, "PARALLEL_FILES", 1)
        monkeypatch.setattr(checking, "CHUNK_FILES", 3)
        monkeypatch.setattr(parallel, "idle_cores", lambda: 2)  # however busy the machine is
    result = CliRunner().invoke(app, _arguments(name), input=_stdin(name), env=ENV, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == _saved(name)


def test_github_step_summary_is_as_before(in_golden, tmp_path):
    summary = tmp_path / "summary.md"
    env = ENV | {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = CliRunner().invoke(app, ["check", "--today", TODAY, "tree"], env=env, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == _saved("check-github")
    assert summary.read_text(encoding="utf-8") == (GOLDEN / "step-summary.md").read_text(encoding="utf-8")


def save(copkit: str) -> None:  # pragma: no cover - run by hand after a deliberate change of an output
    """Write each case's exit status and standard output as ``copkit`` (a console script) gives them."""
    import subprocess
    import tempfile

    env = {key: value for key, value in os.environ.items() if key not in ENV} | {
        key: value for key, value in ENV.items() if value is not None
    }
    for name in CASES:
        done = subprocess.run(
            [copkit, *_arguments(name)], cwd=GOLDEN, env=env, input=_stdin(name), capture_output=True, check=False
        )
        (GOLDEN / f"{name}.out").write_bytes(f"exit {done.returncode}\n".encode() + done.stdout)
    with tempfile.TemporaryDirectory() as folder:
        summary = Path(folder) / "summary.md"
        github = env | {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
        subprocess.run([copkit, "check", "--today", TODAY, "tree"], cwd=GOLDEN, env=github, check=False)
        (GOLDEN / "step-summary.md").write_bytes(summary.read_bytes())


if __name__ == "__main__":  # python tests/test_check_outputs.py [PATH-TO-copkit]
    save(sys.argv[1] if len(sys.argv) > 1 else str(Path(sys.executable).with_name("copkit")))
