"""copkit as a library: ``copkit.read_charter`` gives the validated charter or every problem."""

from __future__ import annotations

import subprocess
import sys

import pytest

import copkit
from copkit.errors import CopkitError


def test_read_charter_returns_the_charter(examples):
    charter = copkit.read_charter(examples / "communities/klantgericht-schrijven/charter.yaml")
    assert charter.name == "Klantgericht schrijven"
    assert charter.cadence.has_fixed_slot


def test_read_charter_raises_with_every_problem_at_its_line(tmp_path, contract_example, replace, locate):
    path = tmp_path / "broken.yaml"
    broken = replace(contract_example, "  frequency: biweekly", "  frequency: fortnightly")
    path.write_text(replace(broken, "  mode: hybrid", "  mode: telepathic"), encoding="utf-8")
    with pytest.raises(CopkitError) as raised:
        copkit.read_charter(path)
    lines = [str(problem) for problem in raised.value.diagnostics]
    assert [line.split(": ")[1].split()[1] for line in lines] == ["E023", "E023"]
    line, column = locate(broken, "fortnightly")
    assert lines[0].startswith(f"{path}:{line}:{column}: error E023 cadence.frequency: 'fortnightly' is not one of")
    assert "is not a valid charter" in raised.value.message


def test_a_file_that_is_not_yaml_raises_too(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CopkitError) as raised:
        copkit.read_charter(path)
    assert raised.value.diagnostics[0].code == "E010"


def test_importing_copkit_stays_light():
    code = "import sys, copkit\nprint(sorted(m for m in ('pydantic', 'yaml', 'typer') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
