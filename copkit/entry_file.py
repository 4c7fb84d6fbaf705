"""Write a journal entry: the text ``copkit log`` saves, from answers in the entry's shape.

Like the charter file (:mod:`copkit.charter_file`), the entry is written from a template,
``templates/entry.yaml.j2``, with comments in the coach's language and every value quoted by the
same ``yaml`` filter, so it reads back as typed. A draft (``copkit log --no-input``) holds what is
known (the community, the kind, the date) and every other key as a comment to fill in, with the
community's open actions listed, so it passes ``copkit check`` as written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from copkit.charter_file import shown_filename, yaml_environment
from copkit.choices import CYCLES, HEALTH_KEYS, EntryKind
from copkit.journal import CYCLE_WORDS, HEALTH_SIGNS, Journal

# The keys of an entry in the format's order: what a written entry keeps.
MEETING_KEYS = ("copkit", "kind", "community", "date", "format", "attendance", "rating", "topics", "harvest")
RETRO_KEYS = ("criteria", "health", "safety", "decisions")
LAST_KEYS = ("actions", "stories", "notes")


@dataclass(frozen=True)
class Pending:
    """An open action as ``copkit log`` shows it: what, who, by when, and where to close it."""

    what: str
    who: str | None
    due: date | None
    overdue: bool
    agreed: date
    file: str
    line: int


def pending(journal: Journal, today: date, *, relative_to: Path | None = None) -> list[Pending]:
    """The community's open actions, oldest agreement first; each file as found, or relative to
    ``relative_to`` (the folder of the entry that lists them)."""
    found = []
    for open_action in journal.open_actions():
        file = open_action.path
        if relative_to is not None:
            file = os.path.relpath(os.path.abspath(file), os.path.abspath(relative_to))
        action = open_action.action
        found.append(
            Pending(
                action.what,
                action.who,
                action.due,
                open_action.overdue(today),
                open_action.agreed,
                file,
                open_action.line,
            )
        )
    return found


@dataclass(frozen=True)
class CriterionHint:
    """One of the charter's evaluation criteria, with its target and its score at the last retro."""

    criterion: str
    target: str | None
    last_score: float | None
    last_date: date | None


def criterion_hints(journal: Journal, before: date) -> list[CriterionHint]:
    last = journal.last_scores(before)
    hints = []
    for criterion in journal.charter.evaluation_criteria:
        scored = last.get(criterion.criterion)
        hints.append(
            CriterionHint(
                criterion.criterion,
                criterion.target,
                scored[0].score if scored else None,
                scored[1] if scored else None,
            )
        )
    return hints


def score_text(score: float) -> str:
    """A score as people write it: 4, 3.5."""
    return f"{score:g}"


def draft(journal: Journal, kind: EntryKind, day: date) -> dict[str, Any]:
    """What a draft knows: the entry's kind, its community and its date."""
    return {"copkit": 1, "kind": kind, "community": journal.charter.name, "date": day}


def write_entry(
    answers: dict[str, Any],
    *,
    lang: str,
    journal: Journal,
    today: date,
    target: Path,
    folder: Path,
    is_draft: bool = False,
) -> str:
    """The entry file's text for ``answers`` (the entry's shape, empty answers left out), commented in
    ``lang``; ``target`` is where it goes, ``folder`` the charter's (named in "check it with"). A draft
    adds every key not given as a comment to fill in, and the community's open actions."""
    charter = journal.charter
    retro = answers["kind"] == "retro"
    template = yaml_environment(lang).get_template("entry.yaml.j2")
    return template.render(
        d={key: value for key, value in answers.items() if value not in (None, [], {})},
        retro=retro,
        draft=is_draft,
        folder=shown_filename(str(folder)),
        formats=charter.cadence.formats,
        online=charter.cadence.mode != "in-person",
        criteria=criterion_hints(journal, answers["date"]) if retro else [],
        health=[(key, *HEALTH_SIGNS[key]) for key in HEALTH_KEYS],
        cycles=[(cycle, CYCLE_WORDS[cycle]) for cycle in CYCLES],
        open_actions=pending(journal, today, relative_to=target.parent) if is_draft else [],
        score=score_text,
    )
