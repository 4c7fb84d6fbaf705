"""Start-up of the console command: what a one-file ``copkit check`` imports and builds, and that the
process it runs in ends with every byte written and the status unchanged (benchmarks/startup.py
measures the time; these tests keep the behaviour)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import copkit.cli
from copkit.cli.app import COMMANDS, app

FROZEN = ["--today", "2026-11-24"]
ENV = {**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""}


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env or ENV
    )


def test_the_command_table_names_every_command_and_its_module():
    for module in pkgutil.iter_modules(copkit.cli.__path__):
        importlib.import_module(f"copkit.cli.{module.name}")
    registered = {
        info.name or info.callback.__name__: info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    assert registered == COMMANDS


def test_help_lists_the_commands_in_the_tables_order():
    listed = [
        line.split()[1]
        for line in CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "100"}).output.splitlines()
        if line.startswith("│ ") and line.split()[1] in COMMANDS
    ]
    assert listed == list(COMMANDS)


IMPORTS = (
    "import sys\nfrom copkit.__main__ import main\n"
    "sys.argv = ['copkit', *sys.argv[1:]]\n"
    "import atexit\n"
    "def imported():\n"
    f"    commands = sorted(m for m in sys.modules if m in {sorted(set(COMMANDS.values()))!r})\n"
    "    heavy = sorted(m for m in ('pydantic', 'yaml', 'copkit.model') if m in sys.modules)\n"
    "    print(commands, heavy, file=sys.stderr)\n"
    "atexit.register(imported)\n"
    "main()\n"
)


@pytest.mark.parametrize(
    "argv, commands, heavy",
    [
        (["check", *FROZEN], ["copkit.cli.check"], ["copkit.model", "pydantic", "yaml"]),
        (["status", *FROZEN], ["copkit.cli.status"], ["copkit.model", "pydantic", "yaml"]),
        (["--version"], [], []),
    ],
)
def test_a_command_imports_its_own_module_only(write, contract_example, argv, commands, heavy):
    path = write(contract_example)
    done = run_python(IMPORTS, *argv, *([str(path)] if argv[0] != "--version" else []))
    assert done.stderr.splitlines()[-1] == f"{commands} {heavy}", done.stderr


def test_check_builds_the_charters_validator_and_nothing_it_does_not_use(write, contract_example):
    code = (
        "import sys\nfrom copkit.cli import app\n"
        "try:\n    app(['check', '--today', '2026-11-24', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "from copkit import journal, model\n"
        "print([cls.__name__ for cls in (model.CharterModel, model.Shorthand, model.Charter, journal.Meeting, "
        "journal.Retro) if cls.__pydantic_complete__])"
    )
    done = run_python(code, str(write(contract_example)))
    assert done.stdout.splitlines()[-1] == "['Charter']", done.stderr


def test_checking_a_charter_leaves_the_journal_models_unimported(write, contract_example, tmp_path):
    """A charter's check has no entry to validate: the journal's model classes are not even defined."""
    code = (
        "import sys\nfrom copkit.cli import app\n"
        "try:\n    app(['check', '--today', '2026-11-24', *sys.argv[1:]])\nexcept SystemExit:\n    pass\n"
        "print('copkit.journal' in sys.modules)"
    )
    assert run_python(code, str(write(contract_example))).stdout.splitlines()[-1] == "False"
    entry = tmp_path / "journal" / "2026-11-03-meeting.yaml"
    entry.parent.mkdir()
    entry.write_text("copkit: 1\nkind: meeting\ncommunity: Nobody\ndate: 2026-11-03\n", encoding="utf-8")
    assert run_python(code, str(entry)).stdout.splitlines()[-1] == "True"  # an entry needs them


def test_the_console_command_writes_all_its_output_before_it_ends(write, contract_example, tmp_path):
    """The process ends without Python's teardown: what it wrote to a file or a pipe is all there,
    byte for byte what the command gives in-process, with the same status."""
    paths = [str(write(contract_example, f"c{index}.yaml")) for index in range(40)] + [
        str(write("copkit: 1\nname: X\n", "bad.yaml"))
    ]
    expected = CliRunner().invoke(app, ["check", *FROZEN, "--format", "json", *paths], env={"GITHUB_ACTIONS": ""})
    output = tmp_path / "out.json"
    with output.open("wb") as handle:
        to_file = subprocess.run(
            [sys.executable, "-m", "copkit", "check", *FROZEN, "--format", "json", *paths],
            stdout=handle,
            timeout=60,
            env=ENV,
        )
    to_pipe = subprocess.run(
        [sys.executable, "-m", "copkit", "check", *FROZEN, "--format", "json", *paths],
        capture_output=True,
        timeout=60,
        env=ENV,
    )
    assert expected.exit_code == to_file.returncode == to_pipe.returncode == 1
    assert output.read_bytes() == to_pipe.stdout == expected.stdout_bytes


@pytest.mark.parametrize(
    "argv, status",
    [(["--version"], 0), (["check", "--bogus"], 2), (["nonsense"], 2), (["check", *FROZEN, "missing.yaml"], 1)],
)
def test_the_console_command_keeps_its_exit_statuses(argv, status, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "copkit", *argv], capture_output=True, text=True, timeout=60, env=ENV, cwd=tmp_path
    )
    runner = CliRunner().invoke(app, argv, env={"GITHUB_ACTIONS": ""})
    assert done.returncode == runner.exit_code == status, done.stderr


def test_the_collector_runs_again_when_the_command_starts(write, contract_example):
    code = (
        "import gc, os, sys\nimport copkit.checking\n"
        "def seen(*args, **kwargs):\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 0, os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
        "    return []\n"
        "copkit.checking.check_files = seen\n"
        "sys.argv = ['copkit', 'check', '--today', '2026-11-24', sys.argv[1]]\n"
        "from copkit.__main__ import main\nmain()\n"
    )
    path = str(write(contract_example))
    assert run_python(code, path).stdout.splitlines()[0] == "True True __all__"
    own = run_python(code, path, env={**ENV, "PYDANTIC_DISABLE_PLUGINS": "other"})
    assert own.stdout.splitlines()[0] == "True True other"  # a setting of the user's own stays


def test_library_callers_keep_their_collector_and_environment(write, contract_example):
    code = (
        "import gc, os, sys\nfrom typer.testing import CliRunner\nfrom copkit.cli import app\n"
        "result = CliRunner().invoke(app, ['check', '--today', '2026-11-24', sys.argv[1]])\n"
        "print(result.exit_code, gc.isenabled(), gc.get_freeze_count(), 'PYDANTIC_DISABLE_PLUGINS' in os.environ)"
    )
    env = {key: value for key, value in ENV.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    done = run_python(code, str(write(contract_example)), env=env)
    assert done.stdout.splitlines()[-1] == "0 True 0 False", done.stderr


def test_a_thread_still_running_is_waited_for_as_python_does(write, contract_example, tmp_path):
    done_file = tmp_path / "done"
    code = (
        "import sys, threading, time\nimport copkit.checking\nmark = sys.argv[2]\n"
        "def slow():\n    time.sleep(0.3)\n    open(mark, 'w').close()\n"
        "def check(*args, **kwargs):\n    threading.Thread(target=slow).start()\n    return []\n"
        "copkit.checking.check_files = check\n"
        "sys.argv = ['copkit', 'check', '--today', '2026-11-24', sys.argv[1]]\n"
        "from copkit.__main__ import main\nmain()\n"
    )
    done = run_python(code, str(write(contract_example)), str(done_file))
    assert done.returncode == 0 and done_file.exists(), done.stderr
