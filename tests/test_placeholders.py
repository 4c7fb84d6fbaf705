"""The draft's placeholders beyond `copkit check` (W116 is tested in test_rules.py): a placeholder
person is a vacant role in `copkit status`, and no placeholder reaches a page of `copkit site`."""

from __future__ import annotations

import pytest

from copkit.charter_file import example, write_charter
from copkit.cli import app
from copkit.portfolio import status
from copkit.rules.placeholders import is_placeholder, without_placeholders
from copkit.website import build_site, contact_person

# Every placeholder the drafts hold, in both languages: none may show on a public page.
SHOWN = ("Name of the", "Naam van de", "name@example.org", "naam@example.org", "https://…", "https://&hellip;")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_placeholder_people_are_vacant_roles_in_status(write, lang, today, runner):
    path = write(write_charter(example(lang, today)), "draft/charter.yaml")
    [row] = status([path.parent], today)
    assert row.vacant_roles == ["sponsor", "leader", "coach", "coordinator"]
    assert row.warnings == 6  # W116 at each placeholder
    result = runner.invoke(app, ["status", "--format", "json", "--today", today.isoformat(), str(path)])
    assert '"vacant_roles": [\n        "sponsor",' in result.output


def test_a_real_person_beside_a_placeholder_holds_the_role(write, today, contract_example, replace):
    text = replace(
        contract_example,
        "coordinator: [Lotte Claes, Wout Janssens]",
        "coordinator: [Lotte Claes, Name of the coordinator]",
    )
    [row] = status([write(text)], today)
    assert row.vacant_roles == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_placeholder_reaches_the_site(charter_from, lang, today):
    draft = charter_from(write_charter(example(lang, today)))
    assert contact_person(without_placeholders(draft)) is None
    files = build_site([draft], lang=lang, today=today)
    for name, content in files.items():
        if name.endswith(".html"):
            page = content.decode("utf-8")
            assert not [text for text in SHOWN if text in page], name
    index = files["index.html"].decode("utf-8")
    assert ("nobody named yet" if lang == "en" else "nog niemand") in index


def test_without_placeholders_keeps_real_people_and_drops_only_placeholder_details(
    charter_from, contract_example, replace
):
    text = replace(contract_example, "an.peeters@example.org", "name@example.org")
    public = without_placeholders(charter_from(text))
    assert public.roles.sponsor[0].name == "An Peeters" and public.roles.sponsor[0].email is None
    assert [person.name for person in public.roles.coordinator] == ["Lotte Claes", "Wout Janssens"]


@pytest.mark.parametrize(
    "text, meant",
    [
        ("Name of the leader", True),
        ("  name  of the LEADER ", True),
        ("Naam van de coördinator", True),
        ("naam@example.org", True),
        ("https://…", True),
        ("Jonas Maes", False),
        ("an.peeters@example.org", False),
        (None, False),
    ],
)
def test_what_counts_as_a_placeholder(text, meant):
    assert is_placeholder(text) is meant
