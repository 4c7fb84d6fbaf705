"""The ``copkit log`` interview: what happened at a meeting or a retrospective, each answer checked as
it is typed, with the prompts and checks of ``copkit init``'s interview (:mod:`copkit.interview`).

Everything but the date may be left empty: an entry keeps what the coach knows. A retrospective
adds the charter's evaluation criteria one by one (each with its target and its last score), the
five characteristics of a viable community, the safety check and the decisions. At the end the
community's open actions are listed, and the coach may say which are done.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from copkit.choices import CYCLES, HEALTH_KEYS, EntryKind
from copkit.entry_file import Pending, criterion_hints, draft, score_text
from copkit.interview import Ask, Interview, InvalidAnswer
from copkit.journal import CYCLE_WORDS, HEALTH_SIGNS, MAX_PRESENT, MAX_SCORE, MIN_SCORE, Journal
from copkit.model import MAX_LINE, MAX_PARAGRAPH
from copkit.textsafe import visible


def pending_line(action: Pending, _: Callable[[str], str]) -> str:
    """One open action on one line: what, who, by when (overdue marked), and where it was agreed."""
    parts = [visible(action.what)]
    if action.who:
        parts.append(visible(action.who))
    if action.due:
        due = _("due %(date)s") % {"date": action.due.isoformat()}
        parts.append(f"{due} ({_('overdue')})" if action.overdue else due)
    where = _("%(file)s, line %(line)s") % {"file": visible(action.file), "line": action.line}
    return f"{'; '.join(parts)} [{where}]"


def _kept(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


class EntryInterview(Interview):
    """The questions of one journal entry. ``taken(day)`` says why an entry of that day cannot be
    written (its file exists), or None."""

    def __init__(
        self,
        lang: str,
        today: date,
        ask: Ask,
        say: Callable[[str], None],
        *,
        journal: Journal,
        kind: EntryKind,
        day: date | None,
        default_day: date,
        taken: Callable[[date], str | None],
    ):
        super().__init__(lang, today, ask, say)
        self.journal, self.kind, self.day, self.default_day, self.taken = journal, kind, day, default_day, taken

    def run(self) -> dict[str, Any]:
        """Every answer, in the shape of an entry; empty answers left out."""
        _ = self._
        retro = self.kind == "retro"
        name = visible(self.journal.charter.name)
        if retro:
            self.say(_("Let's log the retrospective of %(community)s.") % {"community": name})
        else:
            self.say(_("Let's log the meeting of %(community)s.") % {"community": name})
        self.say(_("Press Enter to accept a default or to skip a question."))
        day = self.day or self._day()
        answers = draft(self.journal, self.kind, day)
        answers["format"] = self._format()
        answers["attendance"] = self._attendance()
        answers["rating"] = self.checked(
            _("Rating of the session by the members, 1 to 5 (optional)"), "", self._score, required=False
        )
        answers["topics"] = self._lines(_("Topics discussed, one per line (empty answer to finish)."), _("Topic"))
        answers["harvest"] = self._lines(
            _("The harvest: lessons and insights worth keeping, one per line (empty answer to finish)."),
            _("Lesson"),
            MAX_PARAGRAPH,
        )
        if retro:
            answers["criteria"] = self._criteria(day)
            answers["health"] = self._health()
            answers["safety"] = self.checked(
                _("Average score in the opening safety check, 1 to 5 (optional)"), "", self._score, required=False
            )
            answers["decisions"] = self._lines(
                _("What did the members decide? One per line (empty answer to finish)."), _("Decision"), MAX_PARAGRAPH
            )
        answers["actions"] = self.several(_("Actions agreed (empty answer to finish)."), self._action, at_least=0)
        self.say(_("Value-creation stories, each showing a cycle of value:"))
        for cycle in CYCLES:
            self.say(f"  {cycle}: {_(CYCLE_WORDS[cycle])}")
        answers["stories"] = self.several(_("Stories (empty answer to finish)."), self._story, at_least=0)
        answers["notes"] = self.text(
            _("Anything else worth remembering? (optional)"), required=False, limit=MAX_PARAGRAPH
        )
        return {key: value for key, value in answers.items() if value not in (None, "", [], {})}

    def closed(self, actions: list[Pending]) -> list[Pending]:
        """The open actions, one by one: which of them are done now."""
        _ = self._
        if not actions:
            return []
        self.say(_("Open actions of the community:"))
        yes, no = _("yes"), _("no")
        done = []
        for action in actions:
            self.say("  - " + pending_line(action, _))
            if self.choice(_("Done?"), (yes, no), no) == yes:
                done.append(action)
        return done

    def _day(self) -> date:
        _ = self._
        while True:
            day: date = self.checked(_("Date of the meeting (YYYY-MM-DD)"), self.default_day.isoformat(), self._date)
            problem = self.taken(day)
            if problem is None:
                return day
            self.say(problem)

    def _format(self) -> str | None:
        formats = self.journal.charter.cadence.formats
        _ = self._
        question = _("Format of the session (optional)")
        if formats:
            question += f" ({', '.join(visible(known) for known in formats)})"
        answer = self.text(question, required=False)
        for known in formats:  # the charter's spelling, whatever the case typed
            if known.casefold() == answer.casefold():
                return known
        return answer or None

    def _attendance(self) -> dict[str, int] | None:
        _ = self._
        present = self.checked(_("How many took part? (optional)"), "", self._count, required=False)
        if present is None:
            return None
        at_most = functools.partial(self._count, most=present)
        new = self.checked(_("How many of them came for the first time? (optional)"), "", at_most, required=False)
        online = None
        if self.journal.charter.cadence.mode != "in-person":
            online = self.checked(_("How many of them joined online? (optional)"), "", at_most, required=False)
        return _kept({"present": present, "new": new, "online": online})

    def _lines(self, question: str, label: str, limit: int = MAX_LINE) -> list[str]:
        def one(n: int) -> str | None:
            return self.text(f"{label} {n + 1}", required=False, limit=limit) or None

        return self.several(question, one, at_least=0)

    def _criteria(self, day: date) -> list[dict[str, Any]]:
        _ = self._
        self.say(_("The charter's evaluation criteria, one by one (empty score to skip one)."))
        scored = []
        for hint in criterion_hints(self.journal, day):
            notes = []
            if hint.target:
                notes.append(_("target: %(target)s") % {"target": visible(hint.target)})
            if hint.last_score is not None and hint.last_date is not None:
                notes.append(
                    _("last time: %(score)s on %(date)s")
                    % {"score": score_text(hint.last_score), "date": hint.last_date.isoformat()}
                )
            if notes:
                self.say(f"{visible(hint.criterion)}: {'; '.join(notes)}")
            question = _("%(criterion)s: score, 1 to 5 (optional)") % {"criterion": visible(hint.criterion)}
            score = self.checked(question, "", self._score, required=False)
            if score is None:
                continue
            measured = self.text(
                _("What did you measure against the target? (optional)"), required=False, limit=MAX_PARAGRAPH
            )
            scored.append(_kept({"criterion": hint.criterion, "score": score, "measured": measured or None}))
        return scored

    def _health(self) -> dict[str, float]:
        _ = self._
        self.say(_("The five characteristics of a viable community (McDermott), each scored 1 to 5 (optional)."))
        health: dict[str, float] = {}
        for key in HEALTH_KEYS:
            label, statement = HEALTH_SIGNS[key]
            score = self.checked(f"{_(label)}: {_(statement)}", "", self._score, required=False)
            if score is not None:
                health[key] = score
        return health

    def _action(self, n: int) -> dict[str, Any] | None:
        _ = self._
        what = self.text(_("Action") + f" {n + 1}", required=False, limit=MAX_PARAGRAPH)
        if not what:
            return None
        who = self.text(_("Who does it? (optional)"), required=False)
        due = self.checked(_("By when? YYYY-MM-DD (optional)"), "", self._date, required=False)
        return _kept({"what": what, "who": who or None, "due": due})

    def _story(self, n: int) -> dict[str, Any] | None:
        _ = self._
        story = self.text(_("Story") + f" {n + 1}", required=False, limit=MAX_PARAGRAPH)
        if not story:
            return None
        cycle = self.choice(_("Which cycle of value does it show?"), CYCLES, "applied")
        who = self.text(_("Who tells it? (optional)"), required=False)
        return _kept({"cycle": cycle, "story": story, "who": who or None})

    def _score(self, answer: str) -> float | int:
        try:
            value = float(answer.replace(",", "."))  # 3,5 as Dutch writes it
        except ValueError:
            value = MIN_SCORE - 1
        if MIN_SCORE <= value <= MAX_SCORE:
            return int(value) if value.is_integer() else value
        raise InvalidAnswer(
            self._("Give a score from %(low)s to %(high)s, such as 4 or 3.5.") % {"low": MIN_SCORE, "high": MAX_SCORE}
        )

    def _count(self, answer: str, most: int = MAX_PRESENT) -> int:
        if answer.isdecimal() and int(answer) <= most:
            return int(answer)
        raise InvalidAnswer(self._("Give a whole number from 0 to %(most)s.") % {"most": most})
