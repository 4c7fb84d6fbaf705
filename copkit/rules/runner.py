"""One runner for every warning: the checks' findings become diagnostics, minus the ignored codes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING

from copkit.diagnostics import Diagnostic
from copkit.rules.catalogue import REGISTRY, Rule, warning_rules
from copkit.rules.coaching import CHARTER_CHECKS, CHECKED_ERRORS, FILE_CHECKS, Finding
from copkit.rules.journal import JOURNAL_CHECKS

if TYPE_CHECKING:  # the model pulls in pydantic, and the loader imports this package
    from collections.abc import Iterable

    from copkit.model import Charter
    from copkit.yamlfile import Document


def run_checks(
    document: Document,
    charter: Charter | None,
    shown: str,
    *,
    today: date,
    ignore: Collection[str] = frozenset(),
) -> list[Diagnostic]:
    """Every warning about one file that is not in ``ignore``, and the errors only a whole charter
    shows (:data:`~copkit.rules.coaching.CHECKED_ERRORS`), in code order.

    The file checks read ``document`` as written, whatever else is wrong with it, and point at the
    value they are about; the coaching checks need a valid ``charter`` (pass ``None`` when there is
    none) and point at the key they are about.
    """
    found: list[Diagnostic] = []
    checked = warning_rules() + [REGISTRY[code] for code in CHECKED_ERRORS]
    for rule in sorted(checked, key=lambda rule: rule.code):
        if rule.code in ignore and rule.code not in CHECKED_ERRORS:
            continue
        if rule.code in FILE_CHECKS:
            found.extend(_diagnostics(rule, FILE_CHECKS[rule.code](document), document, shown, key=False))
        elif rule.code in CHARTER_CHECKS and charter is not None:
            found.extend(_diagnostics(rule, CHARTER_CHECKS[rule.code](charter, today), document, shown, key=True))
    return found


def checked_codes() -> set[str]:
    """The codes some check reports: every warning of the catalogue, and nothing else."""
    return set(CHARTER_CHECKS) | set(FILE_CHECKS) | set(JOURNAL_CHECKS)


def _diagnostics(
    rule: Rule, findings: Iterable[Finding], document: Document, shown: str, *, key: bool
) -> list[Diagnostic]:
    result = []
    for where, message in findings:
        line, column = document.position(where, key=key)
        result.append(Diagnostic(shown, line, column, rule.severity, rule.code, message))
    return result
