"""The language of check's messages: diagnostics are made in English where a problem is found and
translated here, at the edge, into the language the user reads (``--lang``, the configuration, the
environment).

Each translatable message is an English template with named values (``{key}``); a message is
translated by matching it against the templates, then filling the Dutch template with the values
as they were found (keys and values quoted from the file stay as written). A message that matches no
template stays English. The translations are read straight from the catalogue's ``.po`` file with a
few lines of parsing, so that ``copkit check`` stays free of Babel and Jinja.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from copkit.paths import builtin_templates

if TYPE_CHECKING:
    from copkit.checking import FileResult


def _(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated when a report is written."""
    return message


# Values that are words of copkit's own (not quoted from the file), translated too.
WORDS = (
    _("a year"),
    _("six months"),
    _("twelve months"),
    _("none is recorded"),
    _("a retrospective"),
    _("and"),
    _("or"),
)
# What a value read from YAML is (copkit.yamlfile.kind_of), in "found …".
# The months, as a date's message names them.
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
KINDS = (_("nothing"), _("true/false"), _("a number"), _("text"), _("a list"), _("a mapping"))

# The summary line of a report, piece by piece (each count with its own singular and plural).
SUMMARY = (
    _("{count} file checked"),
    _("{count} files checked"),
    _("{checked}: no problems"),
    _("{count} error"),
    _("{count} errors"),
    _("{count} warning"),
    _("{count} warnings"),
    _("{first} and {second}"),
    _("{checked}: {counts} in {count} file"),
    _("{checked}: {counts} in {count} files"),
)

# Templates of the messages, most specific first. Coaching rules (W1xx):
TEMPLATES = (
    _(
        "the value stops at '{kept}': YAML reads the '#' after it as a comment; "
        "quote the whole value if the '#…' belongs to it"
    ),
    _("review date {date} passed 1 day ago: hold a retrospective and set a new date"),
    _("review date {date} passed {days} days ago: hold a retrospective and set a new date"),
    _("review date {date} is more than {period} away: plan a review within {months}"),
    _("no leader: name who sets the agenda with members and welcomes newcomers"),
    _("no coach: name who helps the community mature and steer itself"),
    _("no sponsor: name who backs the community from management and attends the launch"),
    _("{name} is {roles} at once: share these roles with others"),  # leader, coach and coordinator
    _("{name} gives {share} of working time to leading: plan for {low} to {high}"),  # "50 %", "25 %"
    _("value '{value}' has no behaviour: add what members do because of it"),
    _("the cadence has no fixed slot: add {keys}"),
    _("no membership.how_to_join: say how a colleague can join"),
    _("criterion '{criterion}' has no {keys}: say how you will tell at the review"),
    _("members rotate every {months} months: {low} to {high} months works best"),
    _("the launch on {launch} is after the review date {date}: move one of them"),
    _(
        "the launch would last {minutes} minutes: give it at least {least} "
        "(launch.duration_minutes), with ample time to get to know each other"
    ),
    _(
        "a launch of {minutes} minutes cannot hold getting to know each other, the one-pager and "
        "the first goals: give it at least {least} minutes (launch.duration_minutes)"
    ),
    _("'{text}' is the draft's placeholder: fill in the real name or leave it out"),
    _("'{text}' is the draft's placeholder: fill in the real e-mail address or leave it out"),
    _("'{text}' is the draft's placeholder: fill in the real link or leave it out"),
    # Journal rules (W2xx):
    _(
        "dated {date}, after today ({today}): a journal records what happened;"
        " check the date, or write the entry after the meeting"
    ),
    _(
        "action '{what}' ({who}) was due {due} and is still open: mark it done"
        " (done: true, or the date), give it a new due date, or drop it together"
    ),
    _(
        "action '{what}' was due {due} and is still open: mark it done"
        " (done: true, or the date), give it a new due date, or drop it together"
    ),
    _(
        "no retrospective in the last {months} (the last one was on {date}):"
        " plan one to ask whether the community still meets its members' need"
    ),
    _(
        "no retrospective in the last {months} ({since}):"
        " plan one to ask whether the community still meets its members' need"
    ),
    _(
        "fewer people at each of the last {count} meetings ({counts}):"
        " ask members what would make the meetings worth their time"
    ),
    _(
        "'{criterion}' scored under {low} in the last {count} retrospectives"
        " ({scores}): change how the community works towards it, or agree on a criterion that fits"
    ),
    _(
        "health '{key}' scored under {low} in the last {count} retrospectives"
        " ({scores}): make it the focus of the next meeting"
    ),
    _(
        "{count} retrospectives since the charter's review date ({date}), and the charter still names it:"
        " record what the members decided (continue, change, merge or close) and set a new review_date"
    ),
    _(
        "{count} since the charter's review date ({date}), and the charter still names it:"
        " record what the members decided (continue, change, merge or close) and set a new review_date"
    ),
    # The format (E020, E021, E023), with or without the key they are about in front:
    _("unknown key '{key}' in {where} (did you mean '{meant}'?)"),
    _("unknown key '{key}' (did you mean '{meant}'?)"),
    _("unknown key '{key}' in {where}; known keys here: {known} (extension keys start with 'x-')"),
    _("unknown key '{key}'; known keys here: {known} (extension keys start with 'x-')"),
    _("unknown key '{key}' in {where}; known keys here: {known}"),
    _("unknown key '{key}'; known keys here: {known}"),
    _("unknown key '{key}' in {where}"),
    _("unknown key '{key}'"),
    _("missing required key '{key}' in {where}: {about}"),
    _("missing required key '{key}': {about}"),
    _("missing required key '{key}' in {where}"),
    _("missing required key '{key}'"),
    _("{label}: '{value}' is not one of {options} (did you mean '{meant}'?)"),
    _("{label}: '{value}' is not one of {options}"),
    _("{label}: is empty: choose one of {options}"),
    _("{label}: is empty: write the text, or leave the key out"),
    _("{label}: is empty: write the text"),
    _("{label}: {value} is too small: at least {least}"),
    _("{label}: {value} is too large: at most {most}"),
    _("{label}: expected text, found {found}"),
    _("{label}: expected a whole number, found {found}"),
    _("{label}: expected true or false, found {found}"),
    _("{label}: expected a list (one '- item' a line), found {found}"),
    _("{label}: expected a mapping (key: value lines), found {found}"),
    # Values the model refuses (copkit.model's custom errors), shown with their key:
    _("{label}: write dates as YYYY-MM-DD: {iso}, not {text}"),
    _("{label}: {text} is out of range: copkit reads dates from {low} to {high}"),
    _("{label}: {text} is not a date: there is no month {month}"),
    _("{label}: {text} is not a date: {month} {year} has {last} days"),
    _("{label}: write a date without a time, as YYYY-MM-DD"),
    _("{label}: {text} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31"),
    _("{label}: {text} is not a time: write it as HH:MM, 24-hour, e.g. 12:30 (use a colon: {colon})"),
    _("{label}: {text} is not a time: write it as HH:MM, 24-hour, e.g. 12:30"),
    _("{label}: {text} is not an IANA time zone such as Europe/Brussels (did you mean {meant}?)"),
    _("{label}: {text} is not an IANA time zone such as Europe/Brussels"),
    _("{label}: '{text}' is not an e-mail address: write it as name@example.org, without spaces, quotes, ? or &"),
    _("{label}: holds a line break: write it on one line"),
    _("{label}: is {length} characters long: keep it to one line of at most {limit} characters"),
    _("{label}: is {length} characters long: keep it to at most {limit} characters, about half a page"),
    _("{label}: expected a whole number, such as 60, not true or false"),
    _("{label}: write {text} in plain digits, such as 60"),
    _("{label}: a closed community needs 'admission': say how new members are selected"),
    _('{label}: a bare {raw} is read as true/false, not as text: write "{quoted}" in quotes'),
    _("{label}: format version {value} is not supported: this copkit reads version 1"),
    _("{label}: needs at least one item"),
    _("{label}: has {count} items: keep it to at most {most}"),
    # The file (E011, E012, E022) and suppressions (W301):
    _("a key must be plain text, not a list or a mapping"),
    _("a merge key (<<) takes a mapping or a list of mappings"),
    _("nesting is deeper than {depth} levels"),
    _("duplicate key '{key}' (first at line {line}): keep one"),
    _("unused noqa: no warning to suppress here (errors cannot be suppressed); remove it"),
    _("unused noqa: {reasons}; remove what it does not need"),
    _("{code} is no rule code ('copkit rules' lists them)"),
    _("{code} is an error of the charter format and cannot be suppressed (fix it)"),
    _("{code} is not reported in this file"),
    _("{code} is not reported on this line"),
    # The configuration (copkit.config), a usage error that names the file and the key:
    _("{path}: [tool.copkit] must be a table"),
    _("{path}: not valid TOML: {problem}"),
    _("{path}: cannot read it: {reason}"),
    _("{path}: {key}: unknown key; did you mean '{meant}'?"),
    _("{path}: {key}: unknown key; the keys are {keys}"),
    _('{path}: {key}: must be a list of patterns, e.g. ["legacy/*.yaml"]'),
    _('{path}: {key}: must be a list of warning codes, e.g. ["W105"]'),
    _("{path}: {key}: must be true or false"),
    _("{path}: {key}: must be one of {options}"),
    _("{path}: {key}: unknown rule code {code}; 'copkit rules' lists them"),
    _("{path}: {key}: {code} is an error of the charter format, not advice: it cannot be ignored"),
    _("unknown rule code {code}; 'copkit rules' lists them"),
    _("{code} is an error of the charter format, not advice: it cannot be ignored"),
    # Journal entries checked against their charter:
    _("'{criterion}' is not one of the charter's evaluation criteria (did you mean '{meant}'?)"),
    _("'{criterion}' is not one of the charter's evaluation criteria; the charter names {names}"),
    _(
        "no charter named '{community}' among the files checked or beside the journal (did you mean '{meant}'?):"
        " write the charter's name exactly, or check the entry together with its charter"
    ),
    _(
        "no charter named '{community}' among the files checked or beside the journal; charters checked: {names}:"
        " write the charter's name exactly, or check the entry together with its charter"
    ),
    _(
        "no charter named '{community}' among the files checked or beside the journal:"
        " write the charter's name exactly, or check the entry together with its charter"
    ),
    # The file as a whole (copkit.yamlfile); libyaml's own wording of a syntax error stays as it is:
    _("cannot read the file: {reason}"),
    _("cannot read the input: {reason}"),
    _("file is larger than {size} bytes; {noun} is far smaller"),
    _("file is {encoding}: save it as UTF-8"),
    _("file looks like {encoding} without a byte-order mark: save it as UTF-8"),
    _("byte {byte} is not UTF-8: save the file as UTF-8"),
    _("a second YAML document starts here: keep {one} per file"),
    _("file is empty: {why}"),
    _("the file holds {held}; {noun} is {shape}"),
    _("invalid YAML: {problem}; indent with spaces, not tabs"),
    _("invalid YAML: {problem}"),
)
# What a file is, in the messages about the file as a whole (copkit.yamlfile.FileKind).
FILE_WORDS = (
    _("a charter"),
    _("an activities file"),
    _("one charter"),
    _("one list of activities"),
    _("a charter needs at least a name"),
    _("a mapping of keys"),
    _("a list of activities, each starting with '- id:'"),
    _("a single value"),
)

# What a command that needs valid charters says when it stops (copkit.checking.require_valid).
CONSEQUENCES = (
    _("no calendar written"),
    _("no report written"),
    _("nothing rendered"),
    _("no entry written"),
    _("no site written"),
    _("no templates copied"),
)
HEADLINES = (
    _("{consequence}: fix the charters first ('copkit check' explains)"),
    _("{consequence}: {entry} is a journal entry, not a charter; name the charter"),
    _("no site written: no valid charter; fix the charters first ('copkit check' explains)"),
    _("the journal has errors: fix them first ('copkit check' explains)"),
    _("interrupted"),
    _("interrupted: {consequence}; the files that were there are as they were"),
    _("no charter files (*.yaml, *.yml) found in {where}"),
    _(
        "no charter files (*.yaml, *.yml) found in {where}; {count} YAML files passed over:"
        " a charter or journal entry needs a top-level 'copkit: 1' line (or an include pattern)"
    ),
    _(
        "no charter files (*.yaml, *.yml) found in {where}; 1 YAML file passed over:"
        " a charter or journal entry needs a top-level 'copkit: 1' line (or an include pattern)"
    ),
    _("nothing rendered: no charter in {where}, only journal entries"),
    _("no report written: no charter found in {where}"),
    _("left out of the site, with the errors above: {paths}"),
    _("{consequence}: {reason}"),
    # Notes on the terminal (what discovery skipped, a community without a calendar file on the site):
    _("skipped {path}: a symbolic link to a folder is not followed; name it to check it"),
    _("skipped {path}: {kind}, not a regular file"),
    _("{path}: no calendar file for {name} on the site: {reason}"),
)

# What the commands say on the terminal besides problems (the files written, notes, --verbose).
OUTPUT = (
    _("wrote {path}"),
    _("removed {path}"),
    _("wrote {count} files to {folder}; open {index}"),
    _("copied {count} templates to {folder}"),
    _("Change them, then render with them:"),
    _("stale: {what}"),
    _("{count} stale handout: run 'copkit render' again and commit it"),
    _("{count} stale handouts: run 'copkit render' again and commit them"),
    _("{count} handout up to date"),
    _("{count} handouts up to date"),
    _("no Markdown or HTML handouts in {folder} to compare"),
    _("Rendering"),
    _("Coaching rules (warnings; --ignore CODE switches one off)"),
    _("Format errors"),
    _("Writing the site of {count} communities"),
    _("Writing {name}"),
    _("note: {note}"),
    _("passed over {path}: not a copkit file (no top-level 'copkit:' key)"),
    _("excluded {path}"),
    _("{files}, {passed} other YAML passed over, {excluded} excluded"),
    _("{count} copkit file"),
    _("{count} copkit files"),
)

# copkit status: the table's headers and the words in its cells.
STATUS = (
    _("community"),
    _("path"),
    _("phase"),
    _("next meeting"),
    _("review"),
    _("vacant roles"),
    _("last meeting"),
    _("open actions"),
    _("last retro"),
    _("errors"),
    _("warnings"),
    _("{date} (overdue {days} d)"),
    _("{date} (in {days} d)"),
    _("{date} (today)"),
    _("{date} (after review)"),
    _("{open} ({overdue} overdue)"),
)

# Values joined by a word of the message's language.
_JOINED = {"keys": (" and ", " or "), "count": ()}
_LABEL = re.compile(r"[\w.-]+")


@functools.cache
def _po_text(lang: str) -> str:
    """``lang``'s ``.po`` file, read once a process (empty when there is none)."""
    try:
        return (builtin_templates() / "locale" / lang / "LC_MESSAGES" / "copkit.po").read_text(encoding="utf-8")
    except OSError:
        return ""


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """The translations in ``lang``'s catalogue (entries without a context), read from its ``.po``."""
    import json  # a .po string is a JSON string; only a Dutch run reads the catalogue

    found: dict[str, str] = {}
    for entry in _po_text(lang).split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in entry.splitlines():
            keyword, _space, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgstr") and rest.startswith('"'):
                current, fields[keyword] = keyword, json.loads(rest)
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        if "msgctxt" not in fields and fields.get("msgid") and fields.get("msgstr"):
            found[fields["msgid"]] = fields["msgstr"]
    return found


def translations_of(lang: str, wanted: Sequence[str]) -> dict[str, str]:
    """The translations of a few short messages (no context), looked up in ``lang``'s ``.po`` directly:
    a check of an English charter needs six of them (the draft's placeholders), and reading the whole
    catalogue would cost it some 6 ms."""
    import json

    text = _po_text(lang)
    found: dict[str, str] = {}
    for message in wanted:
        head = f"\nmsgid {json.dumps(message, ensure_ascii=False)}\nmsgstr "
        start = text.find(head)
        while start >= 0 and text.startswith("msgctxt", text.rfind("\n", 0, start) + 1):
            start = text.find(head, start + 1)  # the same words in another context
        if start < 0:
            continue
        parts: list[str] = []
        for line in text[start + len(head) :].split("\n", 8):
            if parts and not line.startswith('"'):
                break
            parts.append(json.loads(line))
        if "".join(parts):
            found[message] = "".join(parts)
    return found


# What Pydantic puts before the message of a validator's ValueError or assert; a reader needs only the message.
_LIBRARY_PREFIXES = ("Value error, ", "Assertion failed, ")


def unprefixed(message: str) -> str:
    """A message Pydantic worded around a validator's own (``Value error, …``), without its prefix."""
    for prefix in _LIBRARY_PREFIXES:
        message = message.removeprefix(prefix)
    return message


def say(lang: str, template: str, **values: object) -> str:
    """``template`` in ``lang`` (English when the catalogue lacks it), filled with ``values``."""
    chosen = catalogue(lang).get(template, template) if lang != "en" else template
    return chosen.format(**values)


def say_count(lang: str, one: str, many: str, count: int, **values: object) -> str:
    """``one`` or ``many`` by ``count`` (both languages count one the same way), as :func:`say`."""
    return say(lang, one if count == 1 else many, count=count, **values)


@functools.cache
def _patterns(templates: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern that captures its values."""
    compiled = []
    for template in templates:
        parts = re.split(r"\{(\w+)\}", template)
        pattern = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
        compiled.append((re.compile(pattern + r"\Z", re.DOTALL), template))
    return tuple(compiled)


def translate(message: str, lang: str) -> str:
    """``message`` (as a check made it, in English) in ``lang``; unchanged when no template matches."""
    if lang == "en":
        return message
    table = catalogue(lang)
    return fill(message, (*TEMPLATES, *HEADLINES), table, lambda reason: translate(reason, lang))


def fill(message: str, templates: tuple[str, ...], table: dict[str, str], reason: Callable[[str], str]) -> str:
    """``message`` in the language of ``table``: the first of ``templates`` it matches, translated and
    filled with the values found (copkit's own words translated, ``{reason}`` by ``reason``, the
    file's left as written); unchanged when none matches."""
    for pattern, template in _patterns(templates):
        match = pattern.match(message)
        if match is None or template not in table:
            continue
        values = match.groupdict()
        if "label" in values and not _LABEL.fullmatch(values["label"]):
            continue
        if "consequence" in values and values["consequence"] not in CONSEQUENCES:
            continue
        return table[template].format(
            **{name: reason(value) if name == "reason" else _word(name, value, table) for name, value in values.items()}
        )
    return message


def _word(name: str, value: str, table: dict[str, str]) -> str:
    """A value in the message's language: copkit's own words translated, the file's left as written."""
    if name in ("keys", "roles"):  # keys as written, joined by the language's "and" / "or"
        parts = re.split(r" (and|or) ", value)
        return "".join(f" {table.get(part, part)} " if index % 2 else part for index, part in enumerate(parts))
    if name == "reasons":  # an unused noqa's reasons, each a message of its own
        return "; ".join(fill(part, TEMPLATES, table, str) for part in value.split("; "))
    if name == "found":  # a kind, then the value as written: "text 'ten'"
        kind, quote, rest = value.partition(" '")
        return table.get(kind, kind) + quote + rest
    # "about": a field's description in the schema, which the catalogue translates too
    words = (
        "period",
        "months",
        "since",
        "count",
        "month",
        "consequence",
        "noun",
        "one",
        "why",
        "held",
        "shape",
        "about",
    )
    if name in words:
        return table.get(value, value)
    return value


def localised(results: Sequence[FileResult], lang: str) -> list[FileResult]:
    """``results`` with every message in ``lang`` (the codes, paths and positions unchanged)."""
    if lang == "en":
        return list(results)
    return [
        replace(
            result,
            problems=[replace(problem, message=translate(problem.message, lang)) for problem in result.problems],
        )
        for result in results
    ]


def message_language(chosen: str | None, configured: str | None) -> str:
    """The language of messages: ``--lang``, else the configuration's ``lang``, else the environment
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with ``nl``), else English."""
    if chosen:
        return chosen
    if configured:
        return configured
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return "nl" if os.environ[variable].lower().startswith("nl") else "en"
    return "en"
