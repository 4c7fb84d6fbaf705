"""Translations: the Dutch catalogue keeps step with the code, keeps its placeholders, compiles
cleanly, and gives Dutch words for dates and rhythms.

When a test here fails after a template changed, run ``python templates/locale/update.py`` and
translate what it lists in ``templates/locale/nl/LC_MESSAGES/copkit.po``.
"""

from __future__ import annotations

import importlib.util
import io
import re
import typing
import warnings
from datetime import date
from pathlib import Path

import jinja2
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from copkit.i18n import Words, translations
from copkit.model import Cadence

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "templates" / "locale"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "copkit.po"
POT = LOCALE / "copkit.pot"
FIX = "run `python templates/locale/update.py` and translate what it lists"


def load_update_script():
    spec = importlib.util.spec_from_file_location("copkit_locale_update", LOCALE / "update.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def key(message: Message) -> tuple[str | None, str]:
    return (message.context, str(message.id))


def show(message_key: tuple[str | None, str]) -> str:
    context, msgid = message_key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, domain="copkit", abort_invalid=True)


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str], Message]:
    catalog = load_update_script().extract_catalog()
    return {key(message): message for message in catalog if message.id}


@pytest.fixture(scope="module")
def nl() -> Catalog:
    return read(NL_PO)


def translated(catalog: Catalog) -> dict[tuple[str | None, str], Message]:
    return {key(message): message for message in catalog if message.id}


# (a) the catalogue and the code in step


def test_extraction_finds_templates_and_python(extracted):
    files = {location.split(":")[0] for message in extracted.values() for location, _ in message.locations}
    assert {"copkit/i18n.py", "copkit/interview.py", "copkit/charter_file.py", "copkit/cli/init.py"} <= files
    assert "templates/charter.yaml.j2" in files
    assert {"copkit/handouts.py", "templates/site.html.j2"} <= files
    # pgettext is seen with its context, newstyle gettext with its placeholders
    assert ("week of the month", "first") in extracted
    assert (None, "Launching %(name)s") in extracted
    assert (None, "the {ordinal} {weekday} of every month") in extracted
    # the interview's questions (``self._``) and init's messages
    assert (None, "Choose one of: %(options)s") in extracted
    assert (None, "Stopped: nothing written.") in extracted


def test_extraction_reads_every_module_every_template_and_the_activity_library(extracted):
    update = load_update_script()
    modules = sorted((REPO / "copkit").glob("**/*.py"))
    assert update.python_files() == modules and len(modules) > 10
    assert update.template_files() == sorted((REPO / "templates").glob("*.j2"))
    files = {location.split(":")[0] for message in extracted.values() for location, _ in message.locations}
    assert {"copkit/ical.py", "templates/activities.yaml"} <= files
    assert (None, "Review date") in extracted  # copkit/ical.py, no longer missed by a fixed list
    # every module that calls gettext is extracted: none is left out by name
    calling = {
        path.relative_to(REPO).as_posix()
        for path in modules
        if re.search(r"(?<![\w.])_\(\"", path.read_text(encoding="utf-8"))
    }
    assert calling <= files, calling - files


def test_extraction_takes_the_name_and_how_to_of_every_builtin_activity(extracted):
    from copkit.activities import ACTIVITY_CONTEXT, load_activities

    for activity in load_activities().values():
        for text in (activity.name.en, activity.how_to.en):
            message = extracted.get((ACTIVITY_CONTEXT, text))
            assert message is not None, text
            assert any(location == "templates/activities.yaml" for location, _ in message.locations)
    assert ("activity", "Personal welcome") in extracted
    assert "activity welcome-host: name" in extracted[("activity", "Personal welcome")].auto_comments


def test_every_message_has_a_dutch_translation(extracted, nl):
    messages = translated(nl)
    missing = [show(k) for k in extracted if k not in messages or not messages[k].string]
    fuzzy = [show(k) for k in extracted if k in messages and messages[k].fuzzy]
    assert not missing, f"untranslated in nl/copkit.po ({FIX}): {missing}"
    assert not fuzzy, f"fuzzy, so left out at run time, in nl/copkit.po: {fuzzy}"


def test_dutch_catalogue_has_nothing_the_code_no_longer_uses(extracted, nl):
    stale = [show(k) for k in translated(nl) if k not in extracted]
    assert not stale, f"nl/copkit.po has messages no template or Python source uses ({FIX}): {stale}"
    obsolete = [repr(message.id) for message in nl.obsolete.values()]
    assert not obsolete, (
        f"nl/copkit.po keeps obsolete #~ entries: {obsolete}; "
        "run `python templates/locale/update.py --drop-obsolete` once their wording is no longer needed"
    )


def test_template_catalogue_is_current(extracted):
    assert set(translated(read(POT))) == set(extracted), f"copkit.pot is out of date: {FIX}"


# (b) placeholders survive translation

PERCENT = re.compile(r"%\((\w+)\)[sd]")
BRACES = re.compile(r"\{(\w+)\}")


def placeholders(text: str | tuple[str, ...]) -> tuple[set[str], set[str]]:
    """The placeholders a message uses; of a plural message, those its forms use between them (the
    singular may leave out what only the plural needs: '{count} meeting on {first}')."""
    forms = (text,) if isinstance(text, str) else text
    return {m for form in forms for m in PERCENT.findall(form)}, {m for form in forms for m in BRACES.findall(form)}


def test_translations_keep_every_placeholder(extracted, nl):
    messages = translated(nl)
    wrong = {
        show(k): messages[k].string
        for k in extracted
        if k in messages and messages[k].string and placeholders(messages[k].string) != placeholders(k[1])
    }
    assert not wrong, f"placeholders differ from the English: {wrong}"


# Python code applies ``%`` to a message that has ``%(name)s`` placeholders and shows any other message
# as it is; copkit/i18n.py applies str.format instead.
PERCENT_WHEN_PLACEHOLDERS = {
    "copkit/interview.py", "copkit/charter_file.py", "copkit/cli/init.py", "copkit/cli/options.py",
    "copkit/ical.py", "copkit/handouts.py",
}  # fmt: skip


def test_translations_format_as_the_code_formats_them(extracted, nl):
    """Templates use newstyle gettext, which applies ``%`` to every message, placeholders or not,
    so a stray ``%`` would break a handout; copkit/i18n.py applies str.format; the interview and
    ``copkit init`` apply ``%`` only where there are placeholders, so elsewhere a ``%%`` would show
    doubled (``Share of working time for leading (%)`` keeps its single ``%``)."""
    messages = translated(nl)
    for k, message in extracted.items():
        text = messages[k].string
        percent, braces = placeholders(k[1])
        files = {location for location, _ in message.locations}
        if any(name.startswith("templates/") and name.endswith(".j2") for name in files):
            assert isinstance(text % {name: "X" for name in percent}, str), show(k)
        if "copkit/i18n.py" in files:
            assert isinstance(text.format(**{name: "X" for name in braces}), str), show(k)
        if files & PERCENT_WHEN_PLACEHOLDERS:
            if percent:
                assert isinstance(text % {name: "X" for name in percent}, str), show(k)
            else:
                assert "%%" not in text, show(k)


# (c) the catalogue is well formed


def test_dutch_catalogue_parses_checks_and_compiles_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        catalog = read(NL_PO)
        problems = {str(message.id): [str(error) for error in errors] for message, errors in catalog.check()}
        assert not problems, problems
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
    compiled.seek(0)
    assert Translations(compiled, domain="copkit").gettext("Programme") == "Programma"
    assert str(catalog.locale) == "nl"
    assert catalog.charset.lower() == "utf-8"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy


@pytest.fixture
def update_in(tmp_path, monkeypatch):
    """The update script working on copies of the catalogues in ``tmp_path``."""
    module = load_update_script()
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "copkit.pot").write_bytes(POT.read_bytes())
    (tmp_path / "nl" / "LC_MESSAGES" / "copkit.po").write_bytes(NL_PO.read_bytes())
    monkeypatch.setattr(module, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(module, "POT", tmp_path / "copkit.pot")
    return module


def test_update_script_reports_current_catalogues_as_complete(update_in):
    out = io.StringIO()
    assert update_in.update(out=out) == 0, out.getvalue()
    assert "0 to translate, 0 obsolete" in out.getvalue()


def test_update_script_keeps_translations_and_adds_new_messages_untranslated(update_in, tmp_path):
    po = tmp_path / "nl" / "LC_MESSAGES" / "copkit.po"
    catalog = read(po)
    del catalog["Programme"]
    catalog.add("A message no template uses any more", "Een bericht dat niemand nog gebruikt")
    buffer = io.BytesIO()
    update_in.write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())

    out = io.StringIO()
    assert update_in.update(out=out) == 1
    assert "to translate: 'Programme'" in out.getvalue()
    merged = read(po)
    assert merged.get("Programme").string == ""
    assert not merged.get("Programme").fuzzy
    assert merged.get("Why we are here").string == "Waarom we hier zijn"
    assert merged.get("first", context="week of the month").string == "eerste"
    assert "A message no template uses any more" in merged.obsolete

    update_in.update(drop_obsolete=True, out=io.StringIO())
    assert not read(po).obsolete


# (d) Dutch and English words at run time


RHYTHMS = [
    # (frequency, weekday, week, months): English, Dutch
    (("weekly", "tuesday", None, ()), "every Tuesday", "elke dinsdag"),
    (("weekly", None, None, ()), "every week", "elke week"),
    (("biweekly", "thursday", None, ()), "every other Thursday", "om de twee weken op donderdag"),
    (("biweekly", None, None, ()), "every two weeks", "om de twee weken"),
    (("monthly", "tuesday", "first", ()), "the first Tuesday of every month", "de eerste dinsdag van elke maand"),
    (("monthly", "friday", "last", ()), "the last Friday of every month", "de laatste vrijdag van elke maand"),
    (("monthly", "monday", None, ()), "once a month, on a Monday", "één keer per maand, op een maandag"),
    (("monthly", None, None, ()), "once a month", "één keer per maand"),
    (
        ("quarterly", "wednesday", "first", (1, 4, 7, 10)),
        "the first Wednesday of January, April, July and October",
        "de eerste woensdag van januari, april, juli en oktober",
    ),
    (
        ("quarterly", "wednesday", None, (2, 5, 8, 11)),
        "once a quarter, on a Wednesday in February, May, August and November",
        "één keer per kwartaal, op een woensdag in februari, mei, augustus en november",
    ),
    (
        ("quarterly", None, None, (3, 6, 9, 12)),
        "once a quarter, in March, June, September and December",
        "één keer per kwartaal, in maart, juni, september en december",
    ),
    (("quarterly", None, None, ()), "once a quarter", "één keer per kwartaal"),
]


@pytest.mark.parametrize(("rhythm", "english", "dutch"), RHYTHMS)
def test_rhythm_in_dutch_and_english(rhythm, english, dutch):
    """Every frequency as people say it; a quarterly rhythm names its months."""
    assert Words("en").rhythm(*rhythm) == english
    assert Words("nl").rhythm(*rhythm) == dutch


def test_quarterly_months_follow_the_launch_else_the_review_date(contract_charter):
    from copkit.schedule import quarter_months

    assert quarter_months(contract_charter(frequency="quarterly", launch={"date": "2027-02-03"})) == (2, 5, 8, 11)
    assert quarter_months(contract_charter(frequency="quarterly", review="2027-06-30")) == (3, 6, 9, 12)
    assert quarter_months(contract_charter(frequency="monthly")) == ()


@pytest.mark.parametrize(
    ("lang", "share", "shown"), [("en", 10, "10%"), ("nl", 15, "15%"), ("nl", 12.5, "12,5%"), ("en", 12.5, "12.5%")]
)
def test_percentages_as_each_language_writes_them(lang, share, shown):
    assert Words(lang).percent(share) == shown


@pytest.mark.parametrize(
    ("lang", "zone", "shown"),
    [
        ("nl", "Europe/Brussels", "Midden-Europese tijd"),
        ("en", "Europe/Brussels", "Central European Time"),
        ("en", "Europe/London", "UK time"),
        ("nl", "Europe/London", "Britse tijd"),
        ("en", "America/New_York", "Eastern Time"),
        ("nl", "UTC", "UTC"),
    ],
)
def test_time_zones_by_the_names_people_use(lang, zone, shown):
    assert Words(lang).time_zone(zone) == shown


def test_dates_in_dutch_and_english():
    assert Words("nl").day(date(2027, 1, 12)) == "dinsdag 12 januari 2027"
    assert Words("en").day(date(2027, 1, 12)) == "Tuesday, 12 January 2027"  # Babel's en_GB full format
    assert Words("nl").short_day(date(2027, 1, 12)) == "12 januari 2027"


def test_cadence_in_one_dutch_line():
    cadence = Cadence.model_validate(
        {
            "frequency": "monthly",
            "weekday": "tuesday",
            "week": "first",
            "time": "12:30",
            "duration_minutes": 60,
            "mode": "hybrid",
            "location": "Zaal Schelde",
        }
    )
    assert Words("nl").cadence(cadence) == "de eerste dinsdag van elke maand, 12:30–13:30, hybride, Zaal Schelde"
    assert Words("en").cadence(cadence) == "the first Tuesday of every month, 12:30–13:30, hybrid, Zaal Schelde"
    in_person = Cadence.model_validate(
        {"frequency": "weekly", "weekday": "monday", "time": "09:00", "mode": "in-person"}
    )
    assert Words("nl").cadence(in_person) == "elke maandag, vanaf 09:00, ter plaatse"


def test_templates_speak_dutch_through_newstyle_gettext():
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(translations("nl"), newstyle=True)  # type: ignore[attr-defined]
    template = env.from_string('{{ _("Launching %(name)s", name=name) }} · {{ _("Score (1–5)") }}')
    assert template.render(name="Testautomatisering") == "Testautomatisering gaat van start · Score (1–5)"


# (e) the words a coach may type for a choice come from the catalogue and Babel


def test_every_typed_choice_is_a_choice_of_the_format_and_has_dutch_words(extracted, nl):
    from copkit.i18n import TYPED_CHOICE, TYPED_CHOICES
    from copkit.model import Access, Focus, Frequency, Language, Mode, Phase, Week

    choices = {
        value for kind in (Access, Focus, Frequency, Language, Mode, Phase, Week) for value in typing.get_args(kind)
    }
    assert set(TYPED_CHOICES) <= choices
    for choice in TYPED_CHOICES:
        assert (TYPED_CHOICE, choice) in extracted
        words = nl.get(choice, context=TYPED_CHOICE).string.split("|")
        assert all(word == word.strip() and word for word in words), choice


@pytest.mark.parametrize(
    "typed, choice",
    [
        ("Dinsdag", "tuesday"),
        ("zondag", "sunday"),  # Babel's weekday names
        ("wekelijks", "weekly"),
        ("tweewekelijks", "biweekly"),
        ("maandelijks", "monthly"),
        ("driemaandelijks", "quarterly"),
        ("per kwartaal", "quarterly"),
        ("fysiek", "in-person"),
        ("ter plaatse", "in-person"),
        ("hybride", "hybrid"),
        ("eerste", "first"),
        ("laatste", "last"),
        ("gesloten", "closed"),
        ("kennisdeling", "knowledge-sharing"),
        ("kennis delen", "knowledge-sharing"),
        ("probleemoplossing", "problem-solving"),
        ("problemen oplossen", "problem-solving"),
        ("innovatie", "innovation"),
    ],
)
def test_typed_words_point_at_the_english_choice(typed, choice):
    from copkit.i18n import typed_words

    assert choice in typed_words()[typed.casefold()]
