"""The format's choice lists live in copkit/choices.py and nowhere else.

Adding a weekday, a phase or a handout must be a change in one place; these tests fail when a
module, a template or a message spells a choice list out again, or when a table of words for a
choice misses one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from copkit import choices
from copkit.handouts import REGISTRY
from copkit.i18n import Words

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "copkit"
CHOICE_LISTS = {
    name: set(values)
    for name, values in vars(choices).items()
    if name.isupper() and isinstance(values, tuple) and values and all(isinstance(v, str) for v in values)
}
# The full lists (subsets such as WORKDAYS or MONTHLY are named in choices.py too, and count as restating).
FULL_LISTS = {
    "frequency": choices.FREQUENCIES, "mode": choices.MODES, "weekday": choices.WEEKDAYS, "week": choices.WEEKS,
    "phase": choices.PHASES, "focus": choices.FOCUSES, "language": choices.LANGUAGES, "access": choices.ACCESSES,
    "role": choices.ROLES, "handout": choices.HANDOUTS, "handout format": choices.HANDOUT_FORMATS,
    "audience": choices.AUDIENCES,
}  # fmt: skip


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path.name != "choices.py")


def restated(values: list[str]) -> str | None:
    """The choice list that ``values`` (two or more) are taken from, if any."""
    if len(set(values)) < 2:
        return None
    for name, full in FULL_LISTS.items():
        if set(values) <= set(full):
            return name
    return None


def string_constants(nodes: list[ast.expr | None]) -> list[str] | None:
    if all(isinstance(node, ast.Constant) and isinstance(node.value, str) for node in nodes):
        return [node.value for node in nodes]  # type: ignore[union-attr]
    return None


@pytest.mark.parametrize("path", modules(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_no_module_spells_out_a_choice_list(path):
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            values = string_constants(list(node.elts))
            if values and (name := restated(values)):
                found.append(f"line {node.lineno}: {values} restates the {name} list; take it from copkit.choices")
        if isinstance(node, ast.Dict):  # a table keyed by a choice must cover every value of it
            keys = string_constants(list(node.keys))
            name = restated(keys) if keys else None
            if keys and name and set(keys) != set(FULL_LISTS[name]):
                found.append(f"line {node.lineno}: a table keyed by {name} misses {set(FULL_LISTS[name]) - set(keys)}")
    assert not found, "\n".join(found)


JINJA_CODE = re.compile(r"{[{%](.*?)[}%]}", re.S)
QUOTED = re.compile(r"""["']([a-z-]+)["']""")


@pytest.mark.parametrize("path", sorted((REPO / "templates").glob("*.j2")), ids=lambda path: path.name)
def test_templates_decide_nothing_by_choice(path):
    """Templates lay out; a choice value in their code means a decision the view should make."""
    text = path.read_text(encoding="utf-8")
    values = set().union(*FULL_LISTS.values()) - {"all"}
    found = [
        match for code in JINJA_CODE.findall(text) for match in QUOTED.findall(code)
        if match in values and not code.lstrip().startswith("_(")
    ]  # fmt: skip
    assert not found, f"{path.name} decides on {found}: move the decision into copkit/handouts.py"


# Messages that name some values of a choice on purpose, not as a list of all of them.
ON_PURPOSE = {
    # W106's rationale: the three roles one person should not hold at once (a sponsor is not among them)
    "One person as leader, coach and coordinator at once is a bottleneck; spread the leadership.",
}


def test_a_message_that_lists_choices_lists_all_of_them():
    """A comment such as 'Life cycle: initiate, start-up, …' goes stale when a phase is added: this fails then."""
    with (REPO / "templates" / "locale" / "copkit.pot").open("rb") as handle:
        messages = [
            message.id
            for message in read_po(handle)
            if message.id and isinstance(message.id, str) and message.id not in ON_PURPOSE
        ]
    stale = []
    for message in messages:
        words = set(re.findall(r"[a-z]+(?:-[a-z]+)*", message))
        for _name, full in FULL_LISTS.items():
            named = words & set(full)
            if len(named) >= 3 and named != set(full):
                stale.append(f"{message!r} names {sorted(named)} but not {sorted(set(full) - named)}")
    assert not stale, "\n".join(stale)


@pytest.mark.parametrize("lang", choices.LANGUAGES)
def test_every_choice_has_words_in_every_language(lang):
    words = Words(lang)
    tables = {words.mode: choices.MODES, words.focus: choices.FOCUSES, words.phase: choices.PHASES,
              words.role: choices.ROLES, words.access: choices.ACCESSES, words.weekday: choices.WEEKDAYS}  # fmt: skip
    for describe, values in tables.items():
        described = [describe(value) for value in values]  # a missing value raises KeyError
        assert len(set(described)) == len(values), f"two choices share words: {described}"


def test_the_handout_registry_is_the_handout_choice_list():
    assert tuple(REGISTRY) == choices.HANDOUTS
    assert all(set(spec.phases) <= set(choices.PHASES) for spec in REGISTRY.values())


def test_the_model_takes_its_choices_from_choices():
    from copkit.model import Cadence, Charter, Membership, Purpose

    assert Cadence.model_fields["frequency"].annotation is choices.Frequency
    assert Cadence.model_fields["mode"].annotation is choices.Mode
    assert Charter.model_fields["phase"].annotation is choices.Phase
    assert Charter.model_fields["language"].annotation is choices.Language
    assert Purpose.model_fields["focus"].annotation is choices.Focus
    assert Membership.model_fields["access"].annotation is choices.Access
    assert set(choices.ROLES) <= set(Charter.model_fields["roles"].annotation.model_fields)


def test_the_command_line_offers_the_choice_lists(runner):
    from copkit.cli import app

    result = runner.invoke(app, ["render", "x.yaml", "--lang", "fr"])
    assert result.exit_code == 2
    assert all(f"'{lang}'" in result.output for lang in choices.LANGUAGES)
    result = runner.invoke(app, ["render", "x.yaml", "--handout", "poster"])
    assert all(f"'{name}'" in result.output for name in choices.HANDOUTS)
