"""Every input of the public YAML test suite through ``copkit check``: none is a charter.

The suite (in-documents only) lives in ``shared/yaml-test-suite`` beside the repository: one folder
a case (some cases hold numbered sub-folders), each with ``in.yaml``, ``name`` and, where the input
is not valid YAML, ``error``. Whatever the input, copkit must answer with problem lines, exit 1 and
never raise.
"""

from __future__ import annotations

import functools
import json
import re
import traceback
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from copkit import rules, yamlfile
from copkit.cli import app

SUITE = Path(__file__).resolve().parents[2] / "shared" / "yaml-test-suite"

if not SUITE.is_dir():
    pytest.skip(f"YAML test suite not found at {SUITE}", allow_module_level=True)

CASES = sorted(path.parent.relative_to(SUITE).as_posix() for path in SUITE.rglob("in.yaml"))
ERROR_CASES = [case for case in CASES if (SUITE / case / "error").is_file()]

USES_LIBYAML = yamlfile._Loader is getattr(yaml, "CSafeLoader", None)

# Invalid YAML that libyaml (0.2.5, the parser copkit uses) nevertheless parses, and what copkit reports
# instead of E010: still an error, at the right place, just not the syntax error the suite expects.
LIBYAML_ACCEPTS: dict[str, tuple[str, int, int, str]] = {
    # A directive after a document that has no '...' end marker: libyaml starts a second document.
    "9HCY": ("E013", 4, 1, "a second YAML document starts here: keep one charter per file"),
    "EB22": ("E013", 5, 1, "a second YAML document starts here: keep one charter per file"),
    "MUS6/01": ("E013", 5, 1, "a second YAML document starts here: keep one charter per file"),
    "RHX7": ("E013", 5, 1, "a second YAML document starts here: keep one charter per file"),
    # Flow collections: comments glued to ',' or ']', plain '-' items, tab-indented or under-indented lines.
    "9JBA": ("E014", 2, 1, "the file holds a list; a charter is a mapping of keys"),
    "CVW2": ("E014", 2, 1, "the file holds a list; a charter is a mapping of keys"),
    "G5U8": ("E014", 2, 1, "the file holds a list; a charter is a mapping of keys"),
    "YJV2": ("E014", 1, 1, "the file holds a list; a charter is a mapping of keys"),
    "Y79Y/003": ("E014", 1, 1, "the file holds a list; a charter is a mapping of keys"),
    "9C9N": ("E020", 2, 1, "unknown key 'flow'"),
    # Scalars: under-indented or tab-indented continuation lines, comments glued to a quote or to '>'.
    "DK95/01": ("E020", 1, 1, "unknown key 'foo'"),
    "QB6E": ("E020", 2, 1, "unknown key 'quoted'"),
    "S98Z": ("E020", 1, 1, "unknown key 'empty block scalar'"),
    "SU5Z": ("E020", 1, 1, "unknown key 'key'"),
    "X4QW": ("E020", 1, 1, "unknown key 'block'"),
    # '%YAML 1.1#...' is read as a directive, then '---' opens an empty document.
    "MUS6/00": ("E013", 1, 1, "file is empty: a charter needs at least a name"),
}

runner = CliRunner()


@functools.cache
def _run(case: str, output_format: str) -> tuple[int, str]:
    path = SUITE / case / "in.yaml"
    result = runner.invoke(
        app,
        ["check", "--format", output_format, str(path)],
        env={"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_STEP_SUMMARY": None},
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"copkit check raised on {case}:\n" + "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        )
    return result.exit_code, result.stdout


def _problems(case: str) -> list[dict[str, object]]:
    exit_code, stdout = _run(case, "json")
    assert exit_code == 1, f"exit {exit_code} for {case}:\n{stdout}"
    report = json.loads(stdout)
    assert report["files"] == 1
    return report["problems"]


def _name(case: str) -> str:
    return (SUITE / case / "name").read_text(encoding="utf-8").strip()


def test_the_suite_is_there() -> None:
    assert len(CASES) >= 350
    assert len(ERROR_CASES) >= 90
    assert set(LIBYAML_ACCEPTS) <= set(ERROR_CASES), (
        "a case listed as accepted by libyaml is gone or no longer an error case"
    )


@pytest.mark.parametrize("case", CASES)
def test_no_suite_input_is_a_charter(case: str) -> None:
    path = str(SUITE / case / "in.yaml")
    problems = _problems(case)
    errors = [problem for problem in problems if problem["severity"] == "error"]
    assert errors, f"{case} ({_name(case)}): no error reported"
    for problem in problems:
        assert problem["path"] == path
        assert problem["code"] in rules.REGISTRY, problem
        assert rules.REGISTRY[problem["code"]].severity.value == problem["severity"], problem
        assert isinstance(problem["line"], int) and problem["line"] >= 1, problem
        assert isinstance(problem["column"], int) and problem["column"] >= 1, problem
        assert problem["message"], problem

    exit_code, text = _run(case, "text")
    assert exit_code == 1
    pattern = re.compile(rf"^{re.escape(path)}:(\d+):(\d+): error (E\d\d\d) ", re.MULTILINE)
    shown = pattern.findall(text)
    assert shown, f"no problem line for {case}:\n{text}"
    assert all(code in rules.REGISTRY for _, _, code in shown)
    assert [(int(line), int(column), code) for line, column, code in shown] == [
        (problem["line"], problem["column"], problem["code"]) for problem in errors
    ]


@pytest.mark.skipif(
    not USES_LIBYAML, reason="expectations recorded for libyaml; PyYAML's own parser accepts other cases"
)
@pytest.mark.parametrize("case", ERROR_CASES)
def test_invalid_yaml_is_a_syntax_error(case: str) -> None:
    problems = _problems(case)
    syntax = [problem for problem in problems if problem["code"] == rules.YAML_SYNTAX.code]
    if case not in LIBYAML_ACCEPTS:
        assert len(syntax) == 1, f"{case} ({_name(case)}): expected one E010, got {problems}"
        assert problems == syntax, "a file that is not YAML has nothing else to report"
        assert str(syntax[0]["message"]).startswith("invalid YAML: ")
        return
    # libyaml parses this invalid input; if it ever refuses it, drop the case from LIBYAML_ACCEPTS.
    assert not syntax, f"{case} is now an E010: remove it from LIBYAML_ACCEPTS"
    code, line, column, message = LIBYAML_ACCEPTS[case]
    first = problems[0]
    assert (first["code"], first["line"], first["column"]) == (code, line, column), first
    assert str(first["message"]).startswith(message), first
