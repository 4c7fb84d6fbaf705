"""The loader: values as the coach wrote them, and every problem at its line and column."""

from __future__ import annotations

import codecs

import pytest
import yaml

from copkit.yamlfile import MAX_BYTES, LoadError, load


def parse(text: str | bytes):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    document, _ = load(raw, "c.yaml")
    return document


def problems(text: str | bytes):
    with pytest.raises(LoadError) as caught:
        parse(text)
    return caught.value.problems


def test_unquoted_time_is_the_time_written_not_base_60():
    assert parse("time: 12:30\nlate: 9:05\n").data == {"time": "12:30", "late": "9:05"}


def test_dates_stay_text_so_impossible_ones_do_not_crash():
    assert parse("review_date: 2027-02-30\n").data == {"review_date": "2027-02-30"}


def test_yes_no_on_off_are_booleans_as_in_yaml_1_1():
    assert parse("a: yes\nb: No\nc: on\nd: OFF\ne: 'yes'\n").data == {
        "a": True,
        "b": False,
        "c": True,
        "d": False,
        "e": "yes",
    }


def test_numbers_remember_how_they_were_written():
    data = parse("octal: 010\nratio: 1.10\nplain: 60\n").data
    assert data == {"octal": 8, "ratio": 1.1, "plain": 60}
    assert [data[key].source for key in ("octal", "ratio", "plain")] == ["010", "1.10", "60"]


def test_null_and_tags():
    assert parse("a:\nb: ~\nc: !!str 12\nd: !custom text\n").data == {"a": None, "b": None, "c": "12", "d": "text"}


def test_positions_of_keys_and_values_are_one_based():
    document = parse("name: X\ncadence:\n  frequency: weekly\n")
    assert document.position(("cadence", "frequency")) == (3, 14)
    assert document.position(("cadence", "frequency"), key=True) == (3, 3)
    assert document.position(("name",), key=True) == (1, 1)


def test_a_missing_path_points_at_the_key_of_its_nearest_ancestor():
    document = parse("name: X\npurpose:\n  focus: innovation\n")
    assert document.position(("purpose", "statement")) == (2, 1)
    assert document.position(("review_date",)) == (1, 1)


def test_shorthand_steps_of_the_model_map_back_to_what_was_written():
    document = parse("roles:\n  coach: Sara\n  sponsor: {name: An, email: x}\n  leader: [A, B]\n")
    assert document.written(("roles", "coach", 0, "name")) == ("roles", "coach")
    assert document.position(("roles", "coach", 0, "name")) == (2, 10)
    assert document.position(("roles", "sponsor", 0, "email")) == (3, 30)
    assert document.position(("roles", "leader", 1, "name")) == (4, 15)


def test_duplicate_keys_at_any_depth_are_all_reported():
    document = parse("name: A\npurpose:\n  focus: x\n  focus: y\nname: B\n")
    found = [(p.line, p.column, p.code, p.message) for p in document.problems]
    assert found == [
        (4, 3, "E011", "duplicate key 'focus' (first at line 3): keep one"),
        (5, 1, "E011", "duplicate key 'name' (first at line 1): keep one"),
    ]
    assert document.data["name"] == "A"  # the first answer is kept, not silently the last


def test_merge_keys_fill_in_without_counting_as_duplicates():
    text = "base: &p {name: An, email: an@example.org}\nsponsor:\n  <<: *p\n  name: Ann\n"
    document = parse(text)
    assert document.data["sponsor"] == {"name": "Ann", "email": "an@example.org"}
    assert document.problems == []


def test_a_mapping_as_key_is_reported():
    document = parse("? [a, b]\n: value\nname: X\n")
    assert [(p.code, p.line) for p in document.problems] == [("E022", 1)]


def test_syntax_error_points_at_the_problem():
    (problem,) = problems("name: X\npurpose: [a, b\nvalues: 1\n")
    assert problem.code == "E010"
    assert problem.message.startswith("invalid YAML: ")
    assert problem.line == 3


def test_tab_indentation_gets_a_hint():
    (problem,) = problems("name: X\npurpose:\n\tfocus: y\n")
    assert problem.code == "E010"
    assert problem.message.endswith("indent with spaces, not tabs")


def test_line_numbers_count_crlf_and_unicode_line_separators_as_yaml_does():
    document = parse("name: X\r\npurpose:\r\n  focus: y\r\n")
    assert document.position(("purpose", "focus")) == (3, 10)
    crlf_dupe = parse("a: 1\r\nb: 2\r\na: 3\r\n")
    assert [(p.line, p.column) for p in crlf_dupe.problems] == [(3, 1)]


def test_utf8_bom_is_accepted():
    assert parse(codecs.BOM_UTF8 + b"name: X\n").data == {"name": "X"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF16_LE + "name: X\n".encode("utf-16-le"), "file is UTF-16: save it as UTF-8"),
        (codecs.BOM_UTF32_BE + "name: X\n".encode("utf-32-be"), "file is UTF-32: save it as UTF-8"),
    ],
)
def test_other_unicode_encodings_are_named(raw, expected):
    (problem,) = problems(raw)
    assert (problem.code, problem.message) == ("E002", expected)


def test_latin1_bytes_are_reported_where_they_stand():
    (problem,) = problems("name: X\ndomain: caf\xe9\n".encode("latin-1"))
    assert (problem.code, problem.line, problem.column) == ("E002", 2, 12)
    assert "0xE9" in problem.message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_files(text):
    (problem,) = problems(text)
    assert (problem.code, problem.line) == ("E013", 1)


def test_several_documents_point_at_the_second():
    (problem,) = problems("name: A\n---\nname: B\n")
    assert (problem.code, problem.line) == ("E013", 3)


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a single value")])
def test_the_top_level_must_be_a_mapping(text, kind):
    (problem,) = problems(text)
    assert problem.code == "E014"
    assert kind in problem.message


def test_files_beyond_the_size_bound_are_refused_before_parsing():
    (problem,) = problems(b"a: " + b"x" * MAX_BYTES + b"\n")
    assert problem.code == "E003"


def test_alias_expansion_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 10)}]")
    (problem,) = problems("\n".join(lines) + "\n")
    assert problem.code == "E012"
    assert "aliases expand" in problem.message


def test_a_recursive_alias_is_bounded():
    (problem,) = problems("a: &a [*a]\n")
    assert problem.code == "E012"


def test_a_syntax_error_names_the_line_where_the_unfinished_part_starts():
    (problem,) = problems("name: X\ntooling: [#general on Teams]\nreview_date: 2027-03-31\n")
    assert (problem.code, problem.line, problem.column) == ("E010", 3, 24)  # just past the last character
    assert problem.message.endswith("(while parsing a flow sequence that starts at line 2)")


@pytest.mark.parametrize("said", [0, 10], ids=["says-empty", "grew-since"])
def test_a_file_larger_than_its_size_said_is_read_to_the_bound(tmp_path, monkeypatch, said):
    """The reader asks for the size the file reports and one byte more; a file that reports less (it
    grew since, or it is one of /proc's) is read on, so the bound stays exact."""
    import os

    from copkit.yamlfile import read_document

    real = os.fstat

    def fstat(handle: int) -> os.stat_result:
        status = real(handle)
        return os.stat_result((*status[:6], min(status.st_size, said), *status[7:]))

    valid, large = tmp_path / "valid.yaml", tmp_path / "large.yaml"
    valid.write_text("name: x\nroles: {leader: An}\n", encoding="utf-8")
    large.write_bytes(b"a: b\n#" + b"x" * MAX_BYTES)
    monkeypatch.setattr(os, "fstat", fstat)
    assert read_document(valid).data == {"name": "x", "roles": {"leader": "An"}}
    with pytest.raises(LoadError) as raised:
        read_document(large)
    assert raised.value.problems[0].code == "E003"


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"x-{key}: [{', '.join(['1'] * 700)}]\n" for key in range(30)),  # 21,000 values, no alias
        "a:\n" + "".join(f"  - [{', '.join(['é'] * 900)}, [[[[1]]]]]\n" for _ in range(25)),  # nested, wide
        "z: " + "[" * 70 + "]" * 70 + "\n" + "".join(f"x-{key}: [{', '.join(['1'] * 900)}]\n" for key in range(25)),
        "a: {<<: {b: 1}}\n" + "".join(f"x-{key}: [{', '.join(['1'] * 900)}]\n" for key in range(25)),  # a merge
        "a: &a [1]\n" + "".join(f"x-{key}: [{', '.join(['*a'] * 900)}]\n" for key in range(12)),  # aliases
    ],
    ids=["many-values", "nested", "deep", "merge-key", "aliases"],
)
def test_the_early_alias_walk_is_skipped_only_where_the_builder_stops_at_the_same_place(text, monkeypatch):
    """A document with no alias is not walked before it is built (the walk cost a quarter of the
    reading): whatever bound it passes, the problem is the one the walk would have found."""
    from copkit import yamlfile

    skipped = problems(text)
    monkeypatch.setattr(yamlfile, "_may_expand", lambda text: True)
    assert problems(text) == skipped


def test_remembered_tags_are_the_tags_yaml_gives():
    """Each short plain scalar's tag is remembered across documents: the same tag as YAML's own
    resolver gives, in a key or a value, the first time and every time after."""
    from helpers import TRICKY
    from yaml.nodes import ScalarNode

    from copkit.yamlfile import _Reader

    resolver = yaml.resolver.Resolver()
    for text in [*TRICKY, "", "x" * 101, "12:30", "0o17", "1_000", "~", "2027-03-31", "name"]:
        expected = resolver.resolve(ScalarNode, text, (True, False))
        for _ in range(2):
            assert _Reader("").resolve(ScalarNode, text, (True, False)) == expected, text
        assert _Reader("").resolve(ScalarNode, text, (False, True)) == resolver.resolve(ScalarNode, text, (False, True))
