"""``copkit check`` never shows a traceback, whatever the input.

Property tests throw YAML-ish text, mutated charters and raw bytes at the command (every output format);
explicit tests pin what copkit says about hostile and odd files: alias and merge-key bombs, deep nesting,
oversized, empty and multi-document files, foreign encodings, CRLF and byte-order marks.

Set COPKIT_FUZZ_EXAMPLES (e.g. 20000) for a longer hunt than the quick default.
"""

from __future__ import annotations

import codecs
import json
import os
import traceback
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from copkit import rules, yamlfile
from copkit.cli import app
from copkit.yamlfile import MAX_BYTES, _wide_encoding, source_lines

TODAY = "2026-06-01"  # the example's review date, 2027-03-31, is then neither passed nor more than a year away
USES_LIBYAML = yamlfile._Loader is getattr(yaml, "CSafeLoader", None)

# The example charter of shared/charter-format.md: valid, and without any coaching warning as of TODAY.
VALID_CHARTER = (Path(__file__).parent / "contract-example.yaml").read_text(encoding="utf-8")
CHARTER_LINES = VALID_CHARTER.count("\n")

runner = CliRunner()
_ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}


def _invoke(path: Path, output_format: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--format", output_format, "--today", TODAY, str(path)], env=_ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"copkit check --format {output_format} raised:\n" + "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        )
    assert result.exit_code in (0, 1), f"exit {result.exit_code}:\n{result.output}"
    return result.exit_code, result.stdout


def check(path: Path, *, every_format: bool = False) -> tuple[int, list[dict]]:
    """Exit status and problems of ``copkit check --format json PATH``, with the contract's invariants
    asserted; with ``every_format``, the text, GitHub and SARIF reports must say the same."""
    exit_code, stdout = _invoke(path, "json")
    report = json.loads(stdout)
    assert report["files"] == 1
    problems: list[dict] = report["problems"]
    has_error = any(problem["severity"] == "error" for problem in problems)
    assert exit_code == (1 if has_error else 0), problems
    # libyaml puts an error at the end of a file without a final line break on the line after the last.
    lines = len(source_lines(path.read_bytes().decode("utf-8", "replace"))) + 1
    for problem in problems:
        assert problem["path"] == str(path)
        assert problem["code"] in rules.REGISTRY, problem
        assert rules.REGISTRY[problem["code"]].severity.value == problem["severity"], problem
        assert isinstance(problem["line"], int) and 1 <= problem["line"] <= lines, problem
        assert isinstance(problem["column"], int) and problem["column"] >= 1, problem
        assert isinstance(problem["message"], str) and problem["message"], problem
    if every_format:
        text_exit, text = _invoke(path, "text")
        assert text_exit == exit_code
        for problem in problems:
            header = f"{path}:{problem['line']}:{problem['column']}: {problem['severity']} {problem['code']} "
            assert header + problem["message"] in text
        github_exit, github = _invoke(path, "github")
        assert github_exit == exit_code
        annotations = [line for line in github.split("\n") if line.startswith(("::error ", "::warning "))]
        assert len(annotations) == len(problems)
        sarif_exit, sarif = _invoke(path, "sarif")
        assert sarif_exit == exit_code
        results = json.loads(sarif)["runs"][0]["results"]
        assert [
            (result["ruleId"], result["locations"][0]["physicalLocation"]["region"]["startLine"]) for result in results
        ] == [(problem["code"], problem["line"]) for problem in problems]
    return exit_code, problems


def check_bytes(tmp_path: Path, raw: bytes, *, every_format: bool = False) -> tuple[int, list[dict]]:
    path = tmp_path / "charter.yaml"
    path.write_bytes(raw)
    return check(path, every_format=every_format)


def check_text(tmp_path: Path, text: str, *, every_format: bool = False) -> tuple[int, list[dict]]:
    return check_bytes(tmp_path, text.encode("utf-8", "surrogatepass"), every_format=every_format)


def only(problems: list[dict]) -> tuple[str, int, int, str]:
    assert len(problems) == 1, problems
    problem = problems[0]
    return problem["code"], problem["line"], problem["column"], problem["message"]


def _examples(default: int) -> int:
    return int(os.environ.get("COPKIT_FUZZ_EXAMPLES") or default)


def _fuzz(default: int) -> settings:
    return settings(
        max_examples=_examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies ------------------------------------------------------------------------------------

KEYS = [
    "copkit",
    "name",
    "language",
    "phase",
    "domain",
    "purpose",
    "statement",
    "focus",
    "values",
    "value",
    "behaviour",
    "ambitions",
    "cadence",
    "frequency",
    "mode",
    "weekday",
    "week",
    "time",
    "duration_minutes",
    "location",
    "timezone",
    "formats",
    "roles",
    "sponsor",
    "leader",
    "coach",
    "coordinator",
    "others",
    "role",
    "email",
    "time_percent",
    "membership",
    "access",
    "admission",
    "how_to_join",
    "core",
    "rotation_months",
    "tooling",
    "url",
    "evaluation_criteria",
    "criterion",
    "measure",
    "target",
    "review_date",
    "launch",
    "date",
    "x-notes",
    "x-",
    "ambitons",
    "Name",
    "<<",
    "? complex",
    "'quoted key'",
    '"dq key"',
    "[a, b]",
    "{a: b}",
    "1",
    "null",
    "yes",
]
SCALARS = [
    "1",
    "2",
    "0",
    "-1",
    "010",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1e3",
    "1.5",
    ".nan",
    "-.inf",
    "12:30",
    "25:00",
    "1:30:00",
    "12.30",
    "2027-03-31",
    "2027-02-30",
    "2027-13-01",
    "0000-01-01",
    "31/03/2027",
    "2027-03-31T12:00:00Z",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "~",
    "null",
    "",
    "nl",
    "en",
    "start-up",
    "operate",
    "knowledge-sharing",
    "innovation",
    "weekly",
    "biweekly",
    "monthly",
    "quarterly",
    "hybrid",
    "online",
    "thursday",
    "last",
    "open",
    "closed",
    "Europe/Brussels",
    "Mars/Olympus",
    "an@example.org",
    "not-an-email",
    "Sara De Smet",
    "'single'",
    "'it''s'",
    '"double \\u00e9 \\x41 \\t \\n"',
    '"\\ud800"',
    '"\\0"',
    "|",
    "|-",
    ">+",
    "[]",
    "{}",
    "[a, b]",
    "{name: x}",
    "[{value: a}, b]",
    "!!binary aGVsbG8=",
    "!!timestamp 2027-03-31",
    "!!float 1",
    "!!int x",
    "!!str 12:30",
    "!!bool maybe",
    "!!null ''",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/object:os.system x",
    "!custom x",
    "!<tag:yaml.org,2002:int> 7",
    "*a",
    "&a x",
    "&a [1, 2]",
    "&b {name: x}",
    "0x" + "f" * 4000,
]
TOKENS = [
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a",
    "<<: [*a, *b]",
    "'",
    '"',
    "#",
    " # c",
    "\t",
    "|",
    ">",
    "|+2",
    "---",
    "...",
    "--- ",
    "%YAML 1.1",
    "%YAML 1.2",
    "%YAML 2.0",
    "%TAG !e! tag:example.com,2000:",
    "!e!x ",
    "!!str ",
    "!!map ",
    "!!seq ",
    "!!merge ",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\r",
    "\r\n",
    "\n",
    "é",
    "日本語",
    "🙂",
    "\U0010ffff",
    "\ufffe",
]

indents = st.one_of(st.integers(0, 12).map(" ".__mul__), st.sampled_from(["\t", " \t", "\t "]))
random_text = st.text(max_size=12)
fragments = st.one_of(st.sampled_from(KEYS), st.sampled_from(SCALARS), st.sampled_from(TOKENS), random_text)
keys = st.one_of(st.sampled_from(KEYS), random_text)
scalars = st.one_of(st.sampled_from(SCALARS), st.sampled_from(SCALARS), random_text)
loose_lines = st.builds(lambda indent, parts: indent + "".join(parts), indents, st.lists(fragments, max_size=6))
entry_lines = st.builds(
    lambda indent, dash, key, value: f"{indent}{dash}{key}: {value}",
    indents,
    st.sampled_from(["", "- "]),
    keys,
    scalars,
)
yaml_lines = st.one_of(loose_lines, entry_lines)
charter_lines = st.builds(  # entries as a charter nests them, so that more mutants get past the parser
    lambda indent, key, value: f"{indent}{key}: {value}",
    st.sampled_from(["", "  ", "    ", "  - ", "    - ", "      "]),
    st.sampled_from(KEYS),
    scalars,
)
yaml_texts = st.one_of(
    st.builds(
        lambda lines, newline, end: newline.join(lines) + end,
        st.lists(yaml_lines, max_size=25),
        st.sampled_from(["\n", "\r\n", "\r"]),
        st.sampled_from(["", "\n"]),
    ),
    st.text(max_size=300),
)


@st.composite
def mutated_charters(draw: st.DrawFn) -> str:
    """The valid example charter with a few lines replaced, inserted, dropped, doubled, re-indented, spliced
    or given another value."""
    lines = VALID_CHARTER.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines.append(draw(yaml_lines))
            continue
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(
            st.sampled_from(
                ["replace", "insert", "entry", "delete", "double", "indent", "splice", "revalue", "revalue"]
            )
        )
        if operation == "replace":
            lines[index] = draw(yaml_lines)
        elif operation == "insert":
            lines.insert(index, draw(yaml_lines))
        elif operation == "entry":
            lines.insert(index, draw(charter_lines))
        elif operation == "delete":
            del lines[index]
        elif operation == "double":
            lines.insert(index, lines[index])
        elif operation == "indent":
            lines[index] = draw(indents) + lines[index].lstrip()
        elif operation == "splice":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(fragments) + lines[index][at:]
        elif ": " in lines[index]:
            lines[index] = lines[index].split(": ", 1)[0] + ": " + draw(scalars)
    return "\n".join(lines) + "\n"


FOREIGN_BOMS = [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]
BOMS = [b"", codecs.BOM_UTF8, *FOREIGN_BOMS]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "latin-1", "cp1252"]


@st.composite
def spliced_bytes(draw: st.DrawFn) -> bytes:
    """YAML-ish text as UTF-8 with a few random bytes let in."""
    raw = bytearray(draw(yaml_texts).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        raw[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(raw)


raw_files = st.one_of(
    st.binary(max_size=400),
    st.builds(bytes.__add__, st.sampled_from(BOMS), st.binary(max_size=200)),
    st.builds(bytes.__add__, st.sampled_from(BOMS), yaml_texts.map(lambda text: text.encode("utf-8", "surrogatepass"))),
    st.builds(
        lambda text, encoding: text.encode(encoding, "replace"),
        st.one_of(yaml_texts, st.just(VALID_CHARTER), mutated_charters()),
        st.sampled_from(ENCODINGS),
    ),
    spliced_bytes(),
)


# --- properties ------------------------------------------------------------------------------------


@_fuzz(300)
@given(text=yaml_texts)
def test_yaml_ish_text_never_crashes(tmp_path: Path, text: str) -> None:
    check_text(tmp_path, text, every_format=True)


@_fuzz(300)
@given(text=mutated_charters())
def test_mutated_charters_never_crash(tmp_path: Path, text: str) -> None:
    check_text(tmp_path, text, every_format=True)


@_fuzz(300)
@given(raw=raw_files)
def test_random_bytes_never_crash(tmp_path: Path, raw: bytes) -> None:
    _, problems = check_bytes(tmp_path, raw)
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        assert only(problems) == ("E002", 1, 1, "file is UTF-32: save it as UTF-8")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        assert only(problems) == ("E002", 1, 1, "file is UTF-16: save it as UTF-8")
    elif wide := _wide_encoding(raw):
        assert only(problems) == ("E002", 1, 1, f"file looks like {wide} without a byte-order mark: save it as UTF-8")
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            code, _, _, message = only(problems)
            assert (code, message) == ("E002", f"byte 0x{raw[exc.start]:02X} is not UTF-8: save the file as UTF-8")
        else:
            assert "E002" not in {problem["code"] for problem in problems}


# --- hostile files ---------------------------------------------------------------------------------

ALIAS_LIMIT = "the file holds more than 20,000 values, aliases expanded; a charter needs far fewer"
DEPTH_LIMIT = "nesting is deeper than 64 levels"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]  # 9**10 values
    exit_code, problems = check_text(tmp_path, "\n".join(lines) + "\n")
    assert exit_code == 1
    assert only(problems) == ("E012", 1, 7, ALIAS_LIMIT)


def test_billion_laughs_inside_a_charter_is_refused(tmp_path: Path) -> None:
    bomb = "x-bomb: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + "".join(
        f"x-{level}: &{level} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, level in zip("abcdefgh", "bcdefghi", strict=False)
    )
    exit_code, problems = check_text(tmp_path, VALID_CHARTER + bomb)
    assert exit_code == 1
    assert only(problems) == ("E012", CHARTER_LINES + 1, 25, ALIAS_LIMIT)  # the value that passed the limit


def test_merge_key_bomb_is_refused(tmp_path: Path) -> None:
    """Regression: merge keys re-read aliased mappings without counting them, so nine levels of
    ``<<: [*a, *a, ...]`` took 9**9 steps and all memory before the value limit was ever reached."""
    lines = ["l0: &l0 {x: 1}"] + [f"l{i}: &l{i} {{<<: [{', '.join([f'*l{i - 1}'] * 9)}]}}" for i in range(1, 10)]
    exit_code, problems = check_text(tmp_path, "\n".join(lines) + "\n")
    assert exit_code == 1
    assert only(problems) == ("E012", 1, 5, ALIAS_LIMIT)


def test_merge_keys_within_the_limit_still_merge(tmp_path: Path) -> None:
    text = VALID_CHARTER.replace(
        "cadence:\n", "x-slot: &slot {frequency: biweekly, mode: hybrid}\ncadence:\n  <<: *slot\n"
    )
    text = text.replace("  frequency: biweekly\n", "").replace("  mode: hybrid\n", "")
    assert check_text(tmp_path, text) == (0, [])


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert only(check_text(tmp_path, "x-a: &a [*a]\n")[1]) == ("E012", 1, 6, DEPTH_LIMIT)
    assert only(check_text(tmp_path, "x-a: &a {<<: *a}\n")[1]) == ("E012", 1, 6, DEPTH_LIMIT)


def test_flow_nesting_ten_thousand_deep(tmp_path: Path) -> None:
    exit_code, problems = check_text(tmp_path, "[" * 10_000 + "]" * 10_000 + "\n", every_format=True)
    assert exit_code == 1
    # libyaml refuses more than 1,000 levels itself; copkit reports that as its own bound.
    assert only(problems) == ("E012", 1, 1001 if USES_LIBYAML else 1, DEPTH_LIMIT)


def test_block_nesting_ten_thousand_deep(tmp_path: Path) -> None:
    exit_code, problems = check_text(tmp_path, "- " * 10_000 + "x\n", every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E012", 1, 1999 if USES_LIBYAML else 1, DEPTH_LIMIT)


def test_nesting_past_copkits_own_bound(tmp_path: Path) -> None:
    flow = "name: " + "[" * 100 + "]" * 100 + "\n"
    assert only(check_text(tmp_path, flow)[1]) == ("E012", 1, 71, DEPTH_LIMIT)
    block = "x-deep:\n" + "".join(" " * level + f"k{level}:\n" for level in range(1, 101))
    assert only(check_text(tmp_path, block)[1]) == ("E012", 66, 66, DEPTH_LIMIT)
    within = "x-deep: " + "[" * 63 + "]" * 63 + "\n"
    assert "E012" not in {problem["code"] for problem in check_text(tmp_path, VALID_CHARTER + within)[1]}


def test_two_megabyte_file_is_refused(tmp_path: Path) -> None:
    exit_code, problems = check_text(tmp_path, VALID_CHARTER + "x-padding: " + "x" * (2 * 1024 * 1024) + "\n")
    assert exit_code == 1
    code, line, column, message = only(problems)
    assert (code, line, column) == ("E003", 1, 1)
    assert message == "file is larger than 1,048,576 bytes; a charter is far smaller"


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    padding = "#" + "x" * (MAX_BYTES - len(VALID_CHARTER.encode()) - 2) + "\n"
    assert len((VALID_CHARTER + padding).encode()) == MAX_BYTES
    assert check_text(tmp_path, VALID_CHARTER + padding) == (0, [])
    assert only(check_text(tmp_path, VALID_CHARTER + padding + "\n")[1])[0] == "E003"


@pytest.mark.parametrize(
    "raw",
    [b"", b"\n\n", b"   \n", codecs.BOM_UTF8, b"# only a comment\n", b"# one\n\n# two\r\n  # three"],
    ids=["empty", "blank-lines", "spaces", "bom-only", "comment", "comments"],
)
def test_file_without_content(tmp_path: Path, raw: bytes) -> None:
    exit_code, problems = check_bytes(tmp_path, raw, every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E013", 1, 1, "file is empty: a charter needs at least a name")


def test_several_documents(tmp_path: Path) -> None:
    second = "a second YAML document starts here: keep one charter per file"
    exit_code, problems = check_text(tmp_path, VALID_CHARTER + "---\n" + VALID_CHARTER, every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E013", CHARTER_LINES + 2, 1, second)
    assert only(check_text(tmp_path, VALID_CHARTER + "---\n")[1]) == ("E013", CHARTER_LINES + 2, 1, second)
    assert only(check_text(tmp_path, "--- 1\n--- 2\n--- 3\n")[1]) == ("E013", 2, 5, second)
    assert check_text(tmp_path, "---\n" + VALID_CHARTER + "...\n") == (0, [])


def test_top_level_list_or_value(tmp_path: Path) -> None:
    exit_code, problems = check_text(tmp_path, "- name: a\n- name: b\n", every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E014", 1, 1, "the file holds a list; a charter is a mapping of keys")
    single = ("E014", 1, 1, "the file holds a single value; a charter is a mapping of keys")
    assert only(check_text(tmp_path, "Testautomatisering\n")[1]) == single
    assert only(check_text(tmp_path, "[a, b]")[1])[3] == "the file holds a list; a charter is a mapping of keys"


# --- encodings and line ends -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        VALID_CHARTER.encode(),
        VALID_CHARTER.replace("\n", "\r\n").encode(),
        VALID_CHARTER.replace("\n", "\r").encode(),
        codecs.BOM_UTF8 + VALID_CHARTER.encode(),
        codecs.BOM_UTF8 + VALID_CHARTER.replace("\n", "\r\n").encode(),
    ],
    ids=["lf", "crlf", "cr", "utf8-bom", "utf8-bom-crlf"],
)
def test_valid_charter_passes(tmp_path: Path, raw: bytes) -> None:
    assert check_bytes(tmp_path, raw, every_format=True) == (0, [])


def test_crlf_positions_count_lines_once(tmp_path: Path) -> None:
    text = VALID_CHARTER.replace("phase: start-up", "phase: stat-up").replace("\n", "\r\n")
    exit_code, problems = check_text(tmp_path, text, every_format=True)
    assert exit_code == 1
    assert only(problems) == (
        "E023",
        4,
        8,
        "phase: 'stat-up' is not one of initiate, start-up, operate, wind-down, close (did you mean 'start-up'?)",
    )


def test_utf8_bom_does_not_shift_columns(tmp_path: Path) -> None:
    raw = codecs.BOM_UTF8 + VALID_CHARTER.replace("copkit: 1", "copkit: 2").encode()
    exit_code, problems = check_bytes(tmp_path, raw, every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E023", 1, 9, "copkit: format version 2 is not supported: this copkit reads version 1")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_foreign_unicode_encodings(tmp_path: Path, encoding: str, name: str) -> None:
    raw = VALID_CHARTER.encode(encoding)
    if not encoding.endswith("16") and not encoding.endswith("32"):  # the BOM-less codecs: add the mark by hand
        raw = "\ufeff".encode(encoding) + raw
    exit_code, problems = check_bytes(tmp_path, raw, every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E002", 1, 1, f"file is {name}: save it as UTF-8")


def test_latin1_byte_is_located(tmp_path: Path) -> None:
    raw = VALID_CHARTER.encode("latin-1")  # 'één' in the measure of the last criterion
    exit_code, problems = check_bytes(tmp_path, raw, every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E002", 35, 41, "byte 0xE9 is not UTF-8: save the file as UTF-8")


def test_nul_byte_is_a_syntax_error(tmp_path: Path) -> None:
    exit_code, problems = check_bytes(tmp_path, b"name: Test\x00automatisering\n", every_format=True)
    assert exit_code == 1
    assert only(problems) == ("E010", 1, 11, "invalid YAML: control characters are not allowed")


# --- regressions: inputs that once crashed copkit ----------------------------------------------------


def test_merged_mapping_with_a_complex_key(tmp_path: Path) -> None:
    """Regression: a merged mapping whose key is a list or mapping raised TypeError (unhashable)."""
    for text, position in (("x-a: {<<: {[x]: 1}}\n", (1, 12)), ("<<: {? [x] : 1}\nname: a\n", (1, 8))):
        exit_code, problems = check_text(tmp_path, text, every_format=True)
        assert exit_code == 1
        wrong = [problem for problem in problems if problem["code"] == "E022"]
        assert [(problem["line"], problem["column"], problem["message"]) for problem in wrong] == [
            (*position, "a key must be plain text, not a list or a mapping")
        ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("copkit: 1", "copkit: 0x" + "f" * 4000, ("E023", 1, 9, "copkit: format version 0x")),
        (
            "duration_minutes: 60",
            "duration_minutes: 0b" + "1" * 20_000,
            ("E022", 18, 21, "cadence.duration_minutes: expected a whole number, found text '0b1"),
        ),
        (
            "time_percent: 15",
            "time_percent: 0o" + "7" * 5_000,
            ("E022", 24, 44, "roles.leader.time_percent: expected a number, found text '0o7"),
        ),
        (
            "access: open",
            "access: open\n  rotation_months: 0x" + "f" * 4000,
            ("E022", 29, 20, "membership.rotation_months: expected a whole number, found text '0xf"),
        ),
    ],
    ids=["copkit", "duration_minutes", "time_percent", "rotation_months"],
)
def test_huge_hex_octal_binary_numbers(tmp_path: Path, old: str, new: str, expected: tuple[str, int, int, str]) -> None:
    """Regression: 0x/0o/0b numbers past Python's 4,300-digit limit became ints that no message could
    print (ValueError from str()); they are now kept as the text written, like a too-long decimal."""
    exit_code, problems = check_text(tmp_path, VALID_CHARTER.replace(old, new), every_format=True)
    assert exit_code == 1
    code, line, column, prefix = expected
    found = [problem for problem in problems if problem["code"] == code]
    assert len(found) == 1, problems
    assert (found[0]["line"], found[0]["column"]) == (line, column)
    assert found[0]["message"].startswith(prefix)


def test_huge_hex_name_is_text(tmp_path: Path) -> None:
    text = VALID_CHARTER.replace("name: Testautomatisering", "name: 0x" + "f" * 4000)
    exit_code, problems = check_text(tmp_path, text)
    assert only(problems)[:3] == ("E025", 2, 7)  # text, far too long for a name: not a crash, not a number


# --- once known gaps, now fixed ----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe", "a" * 300], ids=["folder", "too-long"])
def test_timezone_that_is_not_a_file(tmp_path: Path, zone: str) -> None:
    exit_code, problems = check_text(tmp_path, VALID_CHARTER.replace("Europe/Brussels", zone))
    assert exit_code == 1
    assert only(problems)[:3] == ("E023" if len(zone) < 200 else "E025", 21, 13)


def test_today_at_the_end_of_the_calendar(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text(VALID_CHARTER, encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", "--today", "9999-12-31", str(path)], env=_ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0
    assert [problem["code"] for problem in json.loads(result.stdout)["problems"]] == ["W101"]


def test_every_problem_is_one_line(tmp_path: Path) -> None:
    _, problems = check_text(tmp_path, VALID_CHARTER.replace("phase: start-up", 'phase: "start\\nup"'))
    assert only(problems) == (
        "E023",
        4,
        8,
        "phase: 'start\\nup' is not one of initiate, start-up, operate, wind-down, close (did you mean 'start-up'?)",
    )
