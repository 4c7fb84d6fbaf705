"""`copkit.charter_file.yaml_scalar`: one answer written as one YAML scalar on one line, which reads back
as exactly the value it was."""

from __future__ import annotations

from datetime import date, time

import pytest
from helpers import RAW_TEXT, fuzz_examples
from hypothesis import example, given, settings

from copkit.charter_file import yaml_scalar
from copkit.yamlfile import load


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(RAW_TEXT)
@example("0\r").via("a carriage return the model would strip, kept by the file")
@example(" padded ").via("surrounding spaces")
def test_one_scalar_is_one_line_that_reads_back_exactly(text):
    scalar = yaml_scalar(text)
    assert "\n" not in scalar and "\r" not in scalar
    document, _ = load(f"value: {scalar}\n".encode(), "x.yaml")
    assert not document.problems
    assert document.data == {"value": text}


def test_scalars_of_every_kind():
    assert yaml_scalar(time(9, 5)) == "09:05"
    assert yaml_scalar(date(2027, 3, 31)) == "2027-03-31"
    assert yaml_scalar(60) == "60"
    assert yaml_scalar(12.5) == "12.5"
    assert yaml_scalar("yes") == "'yes'"
    assert yaml_scalar("Team: A") == "'Team: A'"
    assert yaml_scalar("it's") == "it's"
    for wrong in (True, None):
        with pytest.raises(TypeError):
            yaml_scalar(wrong)
