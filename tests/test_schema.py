"""The exported JSON Schema agrees with copkit on real charters, so editors and check-jsonschema can trust it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import EXAMPLE_CHARTERS

from copkit.schema import charter_schema_dict
from copkit.yamlfile import load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # the bundled example charters, every one valid


def as_json_data(text: str):
    """YAML as JSON-minded tools (YAML 1.2 readers) see it: dates and times as strings, numbers as numbers."""
    document, _ = load(text.encode("utf-8"), "c.yaml")
    return json.loads(json.dumps(document.data))


@pytest.fixture(scope="module")
def validator():
    schema = charter_schema_dict()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", EXAMPLE_CHARTERS, ids=lambda p: p.name)
def test_examples_are_valid_against_the_schema(validator, path):
    assert list(validator.iter_errors(as_json_data(path.read_text(encoding="utf-8")))) == []


def test_the_contract_example_and_its_shorthand_are_valid(validator, contract_example, replace):
    shorthand = replace(contract_example, "  coach: Sara De Smet", "  coach: [Sara De Smet, {name: Tom}]")
    shorthand = replace(
        shorthand,
        "  - value: Openheid\n    behaviour: We delen mislukkingen even graag als successen\n",
        "  - Openheid\n",
    )
    numbers = replace(contract_example, "  coach: Sara De Smet", "  coach: 42")
    numbers = replace(numbers, "    target: 60%", "    target: 60")
    for text in (contract_example, shorthand, numbers, contract_example + "x-anything: [1, 2]\n"):
        assert list(validator.iter_errors(as_json_data(text))) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("ambitions:", "ambitons:"),
        ("focus: knowledge-sharing", "focus: sharing"),
        ("frequency: biweekly", "frequency: fortnightly"),
        ("time: 12:30", "time: '25:00'"),
        ("review_date: 2027-03-31", "review_date: 2027-3-5"),
        ("duration_minutes: 60", "duration_minutes: 600"),
        ("time_percent: 15", "time_percent: 150"),
        ("copkit: 1", "copkit: 2"),
        ("  access: open", "  access: closed"),
        ("  coach: Sara De Smet", "  coach: {email: x@example.org}"),
        ("  coordinator: [Lotte Claes, Wout Janssens]", "  coordinator: [Lotte Claes, Wout Janssens]\n  mentor: Piet"),
    ],
)
def test_the_schema_refuses_what_copkit_refuses(validator, old, new, contract_example, replace):
    assert list(validator.iter_errors(as_json_data(replace(contract_example, old, new))))


def test_the_pre_commit_hook_runs_copkit_check_on_charter_files(repo):
    """pre-commit passes every YAML file; copkit itself passes over those a folder search would
    (tests/test_discovery.py runs the entry on such a list)."""
    (hook,) = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "copkit-check",
        "copkit check --only-copkit",
        "python",
    )
    assert hook["types"] == ["yaml"] and "files" not in hook
