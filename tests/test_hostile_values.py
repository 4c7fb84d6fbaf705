"""Hostile values: nothing a charter holds may crash copkit, swell it, or slip through unchecked.

Each test here would have caught one way a value got past `copkit check` or stopped a run."""

from __future__ import annotations

import json
import resource
import time

import pytest

from copkit.cli import app


def check(runner, *paths, output="json"):
    result = runner.invoke(
        app, ["check", "--today", "2026-11-24", "--format", output, *map(str, paths)], env={"NO_COLOR": ""}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems_of(runner, *paths):
    result = check(runner, *paths)
    report = json.loads(result.stdout)
    assert report["files"] == len(paths)
    return report["problems"]


def only(problems):
    assert len(problems) == 1, problems
    problem = problems[0]
    return problem["code"], problem["line"], problem["column"], problem["message"]


# --- size ---------------------------------------------------------------------------------------


def test_an_anchored_text_used_thousands_of_times_is_refused_quickly(runner, write, contract_example, replace):
    big = "x" * 500_000
    aliases = ", ".join(["*big"] * 2000)
    text = replace(contract_example, "domain:", f"x-big: &big {big}\nx-many: [{aliases}]\ndomain:")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    code, line, _, message = only(problems_of(runner, write(text)))
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: far from a gigabyte
    assert code == "E012"
    assert "1,048,576 bytes" in message and "aliases" in message
    assert line == 5  # the anchored text, which every alias repeats


# --- reading one file never stops the run ---------------------------------------------------------


@pytest.mark.parametrize("tagged", ['!!int ""', '!!float ""', '!!int "-"', '!!float "-"', '!!int "+"'])
def test_an_impossible_tagged_number_is_that_files_problem(runner, write, contract_example, replace, tagged):
    bad = write(replace(contract_example, "review_date: 2027-03-31", f"review_date: {tagged}"), "bad.yaml")
    good = write(contract_example, "good.yaml")
    problems = problems_of(runner, bad, good)
    assert problems and all(problem["path"] == str(bad) for problem in problems)
    assert "unexpected" not in json.dumps(problems)


def test_an_unexpected_failure_while_reading_is_that_files_problem(runner, write, contract_example, monkeypatch):
    import copkit.checking

    real = copkit.checking.read_document

    def flaky(path, shown=None, **kwargs):
        if str(path).endswith("bad.yaml"):
            raise IndexError("string index out of range")
        return real(path, shown, **kwargs)

    monkeypatch.setattr(copkit.checking, "read_document", flaky)
    bad, good = write(contract_example, "bad.yaml"), write(contract_example, "good.yaml")
    code, line, column, message = only(problems_of(runner, bad, good))
    assert (code, line, column) == ("E001", 1, 1)
    assert message == "copkit could not read this file (IndexError: string index out of range); please report it"


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"), [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")]
)
def test_a_wide_encoding_without_byte_order_mark_says_save_as_utf8(runner, write, contract_example, encoding, name):
    code, line, column, message = only(problems_of(runner, write(contract_example.encode(encoding))))
    assert (code, line, column) == ("E002", 1, 1)
    assert message == f"file looks like {name} without a byte-order mark: save it as UTF-8"


# --- messages in a coach's words --------------------------------------------------------------------


def test_a_duplicate_anchor_is_explained(runner, write, contract_example, replace, locate):
    text = replace(
        contract_example, "domain: Geautomatiseerd", "x-a: &same one\nx-b: &same two\ndomain: Geautomatiseerd"
    )
    code, line, column, message = only(problems_of(runner, write(text)))
    assert (code, (line, column)) == ("E010", locate(text, "&same two"))
    assert message == "the anchor &same is defined a second time here (first at line 5): give each anchor its own name"
