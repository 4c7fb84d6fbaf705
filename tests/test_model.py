"""The charter model: shorthand normalised into one shape, x- keys kept, defaults as documented."""

from __future__ import annotations

from datetime import date, time

import pytest
from pydantic import ValidationError

from copkit.model import Person


@pytest.fixture(scope="session")
def charter(charter_from):
    """``charter(text=contract_example)``: the charter a YAML text holds."""
    return charter_from


def test_the_contract_example_reads_as_written(charter):
    c = charter()
    assert c.name == "Testautomatisering"
    assert c.cadence.time == time(12, 30)
    assert c.review_date == date(2027, 3, 31)
    assert c.roles.leader[0].time_percent == 15
    assert [p.name for p in c.roles.coordinator] == ["Lotte Claes", "Wout Janssens"]


def test_every_shorthand_becomes_one_shape(replace, contract_example, charter):
    text = replace(
        contract_example,
        "  - value: Openheid\n    behaviour: We delen mislukkingen even graag als successen\n",
        "  - Openheid\n",
    )
    text = replace(
        text,
        "  - name: Teams-kanaal Testautomatisering\n    purpose: dagelijkse vragen en aankondigingen\n",
        "  - Teams\n",
    )
    text = replace(text, "  - criterion: Deelname\n", "  - Deelname\n  - criterion: Plezier\n")
    c = charter(text)
    assert (c.values[0].value, c.values[0].behaviour) == ("Openheid", None)
    assert (c.tooling[0].name, c.tooling[0].url) == ("Teams", None)
    assert [item.criterion for item in c.evaluation_criteria] == ["Deelname", "Plezier"]
    assert c.roles.coach == [Person(name="Sara De Smet")]
    assert c.roles.sponsor[0].email == "an.peeters@example.org"


def test_defaults_a_coach_would_expect(contract_example, charter):
    text = "\n".join(
        line
        for line in contract_example.splitlines()
        if not line.startswith(("language", "phase", "copkit", "membership", "  access", "  how_to_join"))
    )
    c = charter(text + "\n")
    assert (c.copkit, c.language, c.phase) == (1, "en", "start-up")
    assert c.membership.access == "open"
    assert c.launch is None


def test_extension_keys_are_kept_at_every_level(replace, contract_example, charter):
    text = contract_example + "x-team: QA-3\n"
    text = replace(text, "  frequency: biweekly\n", "  frequency: biweekly\n  x-room-booking: 4711\n")
    c = charter(text)
    assert c.extensions == {"x-team": "QA-3"}
    assert c.cadence.extensions == {"x-room-booking": 4711}


def test_numbers_in_text_fields_read_back_as_written(replace, contract_example, charter):
    text = replace(contract_example, "target: 60%", "target: 060")
    assert charter(text).evaluation_criteria[0].target == "060"


def test_single_digit_hour_is_a_time(replace, contract_example, charter):
    text = replace(contract_example, "time: 12:30", "time: 9:30")
    assert charter(text).cadence.time == time(9, 30)


def test_quoted_yes_is_text(replace, contract_example, charter):
    text = replace(contract_example, "  - Een gedeelde checklist tegen onstabiele tests", '  - "yes"')
    assert charter(text).ambitions == ["yes"]


def test_the_model_is_frozen_so_no_consumer_changes_a_charter_by_accident(charter):
    c = charter()
    with pytest.raises(ValidationError):
        c.name = "other"  # type: ignore[misc]


def test_closed_membership_without_admission_is_refused(replace, contract_example, charter):
    text = replace(contract_example, "  access: open", "  access: closed")
    with pytest.raises(ValidationError) as caught:
        charter(text)
    assert caught.value.errors()[0]["type"] == "admission_required"
