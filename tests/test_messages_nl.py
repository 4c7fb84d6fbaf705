"""check speaks the user's language: --lang, else the configuration's lang, else the environment; the
codes, JSON keys and SARIF rule ids stay as they are, and English stays byte for byte what it was."""

from __future__ import annotations

import json
import re

import pytest

from copkit import messages
from copkit.cli import app

ENGLISH_ENV = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "GITHUB_ACTIONS": None, "NO_COLOR": "1"}


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture
def folder(tmp_path, contract_example):
    """A charter with format errors and one with coaching warnings."""
    broken = _replace(contract_example, "weekday: thursday", "weekday: donderdag")
    broken = _replace(broken, "phase: start-up\n", "phase: start-up\ncolour: blue\n")
    warned = _replace(contract_example, "  coach: Sara De Smet\n", "")
    warned = _replace(warned, "time_percent: 15", "time_percent: 50")
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "warned.yaml").write_text(warned, encoding="utf-8")
    return tmp_path


def run(runner, *args, env=None):
    return runner.invoke(app, ["check", "--today", "2026-11-24", *map(str, args)], env={**ENGLISH_ENV, **(env or {})})


DUTCH = (
    "E023 cadence.weekday: 'donderdag' is niet een van monday, tuesday, wednesday, thursday, friday, saturday,"
    " sunday (bedoel je 'thursday'?)",
    "E020 onbekende sleutel 'colour'",
    "W104 geen coach: noem wie de community helpt volwassen te worden en zichzelf te sturen",
    "W107 Jonas Maes besteedt 50 % van de werktijd aan leiden: plan 10 tot 25 %",
    "2 bestanden gecontroleerd: 2 fouten en 2 waarschuwingen in 2 bestanden",
)


def test_lang_nl_gives_dutch_messages_with_the_same_codes(runner, folder):
    done = run(runner, folder, "--lang", "nl")
    assert done.exit_code == 1
    for message in DUTCH:
        assert message in done.output
    assert "not one of" not in done.output and "checked" not in done.output


def test_json_keeps_its_keys_and_codes_in_dutch(runner, folder):
    english = json.loads(run(runner, folder, "-f", "json").output)
    dutch = json.loads(run(runner, folder, "-f", "json", "--lang", "nl").output)
    strip = [{key: value for key, value in p.items() if key != "message"} for p in english["problems"]]
    assert strip == [{key: value for key, value in p.items() if key != "message"} for p in dutch["problems"]]
    messages_nl = {p["code"]: p["message"] for p in dutch["problems"]}
    assert messages_nl["W104"].startswith("geen coach: ")
    assert messages_nl["E020"].startswith("onbekende sleutel 'colour'; bekende sleutels hier: copkit, kind")


def test_sarif_keeps_rule_ids_and_translates_the_message(runner, folder):
    log = json.loads(run(runner, folder, "-f", "sarif", "--lang", "nl").output)
    results = log["runs"][0]["results"]
    assert {result["ruleId"] for result in results} == {"E020", "E023", "W104", "W107"}
    assert any(result["message"]["text"].startswith("geen coach") for result in results)
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "E001"


def test_github_annotations_and_summary_in_dutch(runner, folder):
    done = run(runner, folder, "-f", "github", "--lang", "nl")
    assert "title=copkit W104::geen coach" in done.output
    assert done.output.endswith("2 fouten en 2 waarschuwingen in 2 bestanden\n")


def test_the_configuration_chooses_dutch_and_lang_en_wins(runner, folder):
    (folder / ".copkit.toml").write_text('lang = "nl"\n', encoding="utf-8")
    assert DUTCH[2] in run(runner, folder).output
    english = run(runner, folder, "--lang", "en").output
    assert "W104 no coach: name who helps" in english
    assert english.endswith("2 files checked: 2 errors and 2 warnings in 2 files\n")


@pytest.mark.parametrize("variable", ["LANG", "LC_MESSAGES", "LC_ALL"])
def test_a_dutch_environment_chooses_dutch(runner, folder, variable):
    done = run(runner, folder, env={variable: "nl_BE.UTF-8"})
    assert DUTCH[-1] in done.output
    assert "W104 no coach" in run(runner, folder, "--lang", "en", env={variable: "nl_BE.UTF-8"}).output


def test_english_is_unchanged_and_the_default(runner, folder):
    done = run(runner, folder)
    assert "W104 no coach: name who helps the community mature and steer itself" in done.output
    assert "E023 cadence.weekday: 'donderdag' is not one of monday" in done.output
    assert done.output.endswith("2 files checked: 2 errors and 2 warnings in 2 files\n")
    assert run(runner, folder, "--lang", "en").output == done.output


def test_the_summary_line_says_one_and_many_in_dutch(runner, folder):
    (folder / "warned.yaml").unlink()
    assert run(runner, folder, "--lang", "nl").output.endswith("1 bestand gecontroleerd: 2 fouten in 1 bestand\n")
    (folder / "broken.yaml").write_text((folder / "broken.yaml").read_text().replace("colour: blue\n", ""))
    assert run(runner, folder, "--lang", "nl").output.endswith("1 bestand gecontroleerd: 1 fout in 1 bestand\n")


@pytest.mark.parametrize(
    "english, dutch",
    [
        (
            "review date 2026-01-01 passed 1 day ago: hold a retrospective and set a new date",
            "de reviewdatum 2026-01-01 is 1 dag geleden verstreken: houd een retrospectief en kies een nieuwe datum",
        ),
        (
            "review date 2029-01-01 is more than a year away: plan a review within twelve months",
            "de reviewdatum 2029-01-01 ligt meer dan een jaar vooruit: plan een review binnen twaalf maanden",
        ),
        (
            "the cadence has no fixed slot: add weekday and time",
            "de cadence heeft geen vast moment: vul weekday en time in",
        ),
        (
            "no retrospective in the last six months (none is recorded): plan one to ask whether the community"
            " still meets its members' need",
            "geen retrospectief in de laatste zes maanden (er is er geen vastgelegd): plan er een om te vragen of de"
            " community nog in de behoefte van haar leden voorziet",
        ),
        (
            "cadence.duration_minutes: expected a whole number, found text 'ten'",
            "cadence.duration_minutes: een geheel getal verwacht, tekst 'ten' gevonden",
        ),
        (
            "missing required key 'cadence': how often and in what way members meet",
            "verplichte sleutel 'cadence' ontbreekt: hoe vaak en op welke manier de leden samenkomen",
        ),
        ("something no template knows", "something no template knows"),
    ],
)
def test_translate_fills_the_dutch_template_with_the_values_found(english, dutch):
    assert messages.translate(english, "nl") == dutch
    assert messages.translate(english, "en") == english


def test_every_template_has_a_dutch_translation_with_the_same_placeholders():
    table = messages.catalogue("nl")
    braces = re.compile(r"\{(\w+)\}")
    for template in (*messages.TEMPLATES, *messages.SUMMARY, *messages.WORDS, *messages.KINDS):
        assert template in table, template
        assert set(braces.findall(table[template])) == set(braces.findall(template)), template


def test_every_field_description_reads_dutch_after_a_missing_key():
    """A missing key is explained by its field's description; in Dutch the whole line is Dutch."""
    from pydantic import BaseModel

    from copkit import journal, model

    table = messages.catalogue("nl")
    described = [
        field.description
        for module in (model, journal)
        for thing in vars(module).values()
        if isinstance(thing, type) and issubclass(thing, BaseModel) and thing.__module__ == module.__name__
        for field in thing.model_fields.values()
        if field.description
    ]
    assert len(described) > 30
    for description in described:
        line = messages.translate(f"missing required key 'x' in y: {description}", "nl")
        assert line == f"verplichte sleutel 'x' ontbreekt in y: {table[description]}", description


def test_a_label_must_look_like_keys():
    """``{label}: …`` matches only a key path in front, not the start of a sentence."""
    assert messages.translate("no leader at all: is empty: write the text", "nl").startswith("no leader at all")


def test_values_the_format_refuses_are_explained_in_dutch(runner, tmp_path, contract_example):
    text = contract_example
    for old, new in [
        ("review_date: 2027-03-31", "review_date: 2027-02-30"),
        ("time: 12:30", "time: 12.30"),
        ("timezone: Europe/Brussels", "timezone: amsterdam"),
        ("an.peeters@example.org", "an peeters"),
    ]:
        text = _replace(text, old, new)
    (tmp_path / "charter.yaml").write_text(text + "name: dup\n", encoding="utf-8")
    output = run(runner, tmp_path, "--lang", "nl").output
    for message in (
        "E023 cadence.time: 12.30 is geen tijd: schrijf hem als UU:MM, 24-uurs, bijvoorbeeld 12:30"
        " (gebruik een dubbele punt: 12:30)",
        "E023 cadence.timezone: amsterdam is geen IANA-tijdzone zoals Europe/Brussels (bedoel je Europe/Amsterdam?)",
        "E023 roles.sponsor.email: 'an peeters' is geen e-mailadres: schrijf het als naam@example.org",
        "E023 review_date: 2027-02-30 is geen datum: februari 2027 heeft 28 dagen",
        "E011 dubbele sleutel 'name' (eerst op regel 2): houd er één",
    ):
        assert message in output


def test_status_speaks_dutch_too(runner, tmp_path, contract_example):
    overdue = _replace(contract_example, "review_date: 2027-03-31", "review_date: 2026-11-01")
    (tmp_path / "overdue.yaml").write_text(overdue, encoding="utf-8")
    args = ["status", "--today", "2026-11-24", str(tmp_path)]
    env = {**ENGLISH_ENV, "COLUMNS": "250"}
    dutch = runner.invoke(app, [*args, "--lang", "nl"], env=env).output.splitlines()
    assert dutch[0].split()[:4] == ["community", "fase", "volgende", "bijeenkomst"]
    assert "fouten" in dutch[0] and "waarschuwingen" in dutch[0]
    assert "2026-11-26 12:30 (na de review)" in dutch[1] and "2026-11-01 (23 d te laat)" in dutch[1]
    english = runner.invoke(app, args, env=env).output.splitlines()
    assert "2026-11-01 (overdue 23 d)" in english[1] and english[0].split()[:3] == ["community", "phase", "next"]
    by_env = runner.invoke(app, args, env={**env, "LANG": "nl_NL.UTF-8"}).output
    assert "(23 d te laat)" in by_env


def test_calendar_errors_speak_dutch(runner, tmp_path, contract_example):
    broken = tmp_path / "charter.yaml"
    broken.write_text(_replace(contract_example, "time: 12:30", "time: 25:00"), encoding="utf-8")
    args = ["calendar", str(broken), "--out", str(tmp_path / "x.ics")]
    dutch = runner.invoke(app, [*args, "--lang", "nl"], env=ENGLISH_ENV)
    assert dutch.exit_code == 1
    assert "E023 cadence.time: 25:00 is geen tijd: schrijf hem als UU:MM" in dutch.output
    assert "copkit: geen agenda geschreven: verbeter eerst de charters ('copkit check' legt uit hoe)" in dutch.output
    assert "copkit: geen agenda geschreven" in runner.invoke(app, args, env={**ENGLISH_ENV, "LANG": "nl_BE"}).output
    english = runner.invoke(app, args, env=ENGLISH_ENV).output
    assert "copkit: no calendar written: fix the charters first ('copkit check' explains)" in english
    assert not (tmp_path / "x.ics").exists()


def test_a_journal_entry_where_a_charter_belongs_in_dutch():
    assert (
        messages.translate(
            "nothing rendered: log/2026-11-10.yaml is a journal entry, not a charter; name the charter", "nl"
        )
        == "niets gemaakt: log/2026-11-10.yaml is een logboekverslag, geen charter; noem het charter"
    )


def test_roles_held_at_once_are_joined_in_dutch():
    english = "Ann is leader, coach and coordinator at once: share these roles with others"
    assert (
        messages.translate(english, "nl")
        == "Ann is tegelijk leader, coach en coordinator: deel deze rollen met anderen"
    )


def test_keys_in_a_message_stay_as_written():
    assert (
        messages.translate("the cadence has no fixed slot: add time", "nl")
        == "de cadence heeft geen vast moment: vul time in"
    )
    assert (
        messages.translate("criterion 'Deelname' has no measure or target: say how you will tell at the review", "nl")
        == "criterium 'Deelname' heeft geen measure of target: schrijf op hoe je het bij de review zult zien"
    )


MANY_WARNINGS = """\
copkit: 1
name: Many warnings
language: en
phase: operate
domain: Testing
purpose:
  statement: Share testing knowledge
  focus: knowledge-sharing
values:
  - value: Openness
ambitions:
  - A checklist
cadence:
  frequency: biweekly
  mode: online
roles:
  coordinator: Ann
membership:
  access: open
  rotation_months: 12
tooling:
  - name: Teams # general
    purpose: questions
evaluation_criteria:
  - criterion: Participation
review_date: 2026-01-01
"""


def test_no_coaching_warning_stays_english(runner, tmp_path):
    """A guard against drift: a rule's English reworded without its template here stays English."""
    (tmp_path / "charter.yaml").write_text(MANY_WARNINGS, encoding="utf-8")
    english = json.loads(run(runner, tmp_path, "-f", "json").output)["problems"]
    dutch = json.loads(run(runner, tmp_path, "-f", "json", "--lang", "nl").output)["problems"]
    assert [p["code"] for p in english] == [p["code"] for p in dutch]
    assert len({p["code"] for p in dutch}) == 9
    assert [p["message"] for p in dutch if p["message"] in {e["message"] for e in english}] == []


def test_dutch_check_stays_free_of_babel_and_jinja(tmp_path):
    """The catalogue is read as text: `copkit check --lang nl` imports nothing heavy."""
    import os
    import subprocess
    import sys

    (tmp_path / "charter.yaml").write_text(MANY_WARNINGS, encoding="utf-8")
    code = (
        "import sys\nfrom copkit.cli import app\n"
        "try:\n    app(['check', '--lang', 'nl', '--today', '2026-11-24', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('jinja2', 'babel', 'rich') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    assert "geen coach" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_no_journal_warning_stays_english(runner, tmp_path, examples):
    """The journal's rules (W2xx), each made to fire, all in Dutch."""
    folder = tmp_path / "incidents"
    (folder / "journal").mkdir(parents=True)
    charter = (examples / "communities" / "learning-from-incidents" / "charter.yaml").read_text(encoding="utf-8")
    (folder / "charter.yaml").write_text(_replace(charter, "review_date: 2027-04-30", "review_date: 2026-06-30"))

    def entry(name: str, body: str, kind: str = "meeting") -> None:
        head = f"copkit: 1\nkind: {kind}\ncommunity: Learning from Incidents\ndate: {name[:10]}\n"
        (folder / "journal" / f"{name}.yaml").write_text(head + body, encoding="utf-8")

    entry("2026-12-01-meeting", "")
    entry("2026-10-06-meeting", "actions:\n  - {what: Still waiting, who: Tom Okafor, due: 2026-11-01}\n")
    for day, present in (("2026-09-08", 15), ("2026-09-22", 13), ("2026-10-13", 11), ("2026-10-20", 9)):
        entry(f"{day}-meeting", f"attendance: {present}\n")
    entry("2026-05-05-retro", "criteria:\n  - {criterion: Participation, score: 2}\nhealth: {dialogue: 2}\n", "retro")
    entry("2026-08-04-retro", "criteria:\n  - {criterion: Participation, score: 2}\nhealth: {dialogue: 2}\n", "retro")
    english = json.loads(run(runner, folder, "-f", "json").output)["problems"]
    dutch = json.loads(run(runner, folder, "-f", "json", "--lang", "nl").output)["problems"]
    assert {"W201", "W202", "W204", "W205", "W206", "W207"} <= {p["code"] for p in dutch}
    said = {e["message"] for e in english}
    assert [p["message"] for p in dutch if p["code"].startswith("W2") and p["message"] in said] == []


@pytest.mark.parametrize(
    "english, dutch",
    [
        ("values: has 120 items: keep it to at most 100", "values: heeft 120 items: houd het bij hoogstens 100"),
        ("nesting is deeper than 64 levels", "de nesting is dieper dan 64 niveaus"),
        (
            "a key must be plain text, not a list or a mapping",
            "een sleutel moet gewone tekst zijn, geen lijst of mapping",
        ),
    ],
)
def test_limits_of_the_file_in_dutch(english, dutch):
    assert messages.translate(english, "nl") == dutch


@pytest.mark.parametrize(
    ("content", "code", "dutch"),
    [
        (b"", "E013", "het bestand is leeg: een charter heeft minstens een naam nodig"),
        (b"- a\n- b\n", "E014", "het bestand bevat een lijst; een charter is een mapping van sleutels"),
        (
            b"name: x\n---\nname: y\n",
            "E013",
            "hier begint een tweede YAML-document: houd het bij één charter per bestand",
        ),
        (b"name: [a\n", "E010", "ongeldige YAML: "),
        (b"name: \xff\n", "E002", "byte 0xFF is geen UTF-8: bewaar het bestand als UTF-8"),
    ],
)
def test_problems_of_the_file_as_a_whole_speak_dutch(runner, tmp_path, content, code, dutch):
    path = tmp_path / "charter.yaml"
    path.write_bytes(content)
    done = run(runner, path, "--lang", "nl")
    assert done.exit_code == 1 and f"{code} {dutch}" in done.output, done.output


def test_an_entry_without_its_charter_speaks_dutch(runner, tmp_path):
    entry = tmp_path / "2026-10-06-meeting.yaml"
    entry.write_text("copkit: 1\nkind: meeting\ncommunity: Nergens\ndate: 2026-10-06\n", encoding="utf-8")
    done = run(runner, entry, "--lang", "nl")
    assert "E027 geen charter met de naam 'Nergens' bij de gecontroleerde bestanden of naast het logboek" in done.output
    assert "schrijf de naam van het charter precies over" in done.output


# --- A command line that does not parse -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["check", "--bogus"], "Onbekende optie: --bogus"),
        (["chek"], "Onbekend commando 'chek'. Bedoel je 'check'"),
        (["render"], "Argument 'CHARTERS' ontbreekt."),
        (["calendar", "a.yaml", "b.yaml"], "Te veel argumenten: b.yaml"),
        (["check", "--lang"], "Optie '--lang' heeft een waarde nodig."),
        (["check", "--format", "xml"], "Ongeldige waarde voor '--format' / '-f': 'xml' is niet een van 'text'"),
        (["check", "--today", "2026-13-01"], "'2026-13-01' is geen datum: schrijf ze als JJJJ-MM-DD"),
    ],
)
def test_a_command_line_that_does_not_parse_is_told_in_dutch(runner, args, dutch):
    result = runner.invoke(app, args, env={**ENGLISH_ENV, "LANG": "nl_BE.UTF-8", "COLUMNS": "200"})
    assert result.exit_code == 2
    assert dutch in result.output
    assert "Fout" in result.output
    assert "Error" not in result.output and "Value error" not in result.output
    if args != ["check", "--lang"]:  # Typer shows no usage when an option lacks its value
        assert "Gebruik: copkit" in result.output
        assert "voor hulp." in result.output


def test_lang_on_the_line_chooses_the_language_of_a_usage_error(runner):
    dutch = runner.invoke(app, ["check", "--lang", "nl", "--bogus"], env={**ENGLISH_ENV, "COLUMNS": "200"})
    assert "Onbekende optie: --bogus" in dutch.output
    english = runner.invoke(app, ["check", "--lang=en", "--bogus"], env={**ENGLISH_ENV, "LANG": "nl_BE.UTF-8"})
    assert "No such option: --bogus" in english.output
    assert "Usage: copkit check" in english.output and "Try 'copkit check -h' for help." in english.output


def test_a_refused_choice_carries_no_library_prefix_in_english(runner):
    result = runner.invoke(app, ["check", "--format", "xml"], env={**ENGLISH_ENV, "COLUMNS": "200"})
    assert result.exit_code == 2
    assert (
        "Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'github', 'sarif'." in result.output
    )
    assert "Value error" not in result.output


def test_the_installed_command_tells_a_usage_error_in_dutch():
    import subprocess
    import sys
    from pathlib import Path

    copkit = Path(sys.executable).with_name("copkit")
    env = {"PATH": "/usr/bin:/bin", "LANG": "nl_BE.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([str(copkit), "status", "--bogus"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "Gebruik: copkit status" in done.stderr
    assert "Onbekende optie: --bogus" in done.stderr
    assert done.stdout == ""


# --- What the commands say besides problems ----------------------------------------------------------

DUTCH_ENV = {**ENGLISH_ENV, "LANG": "nl_BE.UTF-8", "COLUMNS": "200"}


def test_what_the_commands_write_is_said_in_dutch(runner, tmp_path, contract_example):
    charter = tmp_path / "charters" / "charter.yaml"
    charter.parent.mkdir()
    charter.write_text(contract_example, encoding="utf-8")
    (tmp_path / "charters" / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    today = ["--today", "2026-11-24"]

    checked = runner.invoke(app, ["check", *today, "--verbose", str(charter.parent)], env=DUTCH_ENV)
    assert "copkit: 1 copkit-bestand, 1 andere YAML overgeslagen, 0 uitgesloten" in checked.output
    assert "mkdocs.yml overgeslagen: geen copkit-bestand (geen sleutel 'copkit:' bovenaan)" in checked.output

    ics = tmp_path / "x.ics"
    calendar = runner.invoke(app, ["calendar", str(charter), "--from", "2026-11-24", "--out", str(ics)], env=DUTCH_ENV)
    assert calendar.output.strip() == f"{ics} geschreven"

    out = tmp_path / "handouts"
    rendered = runner.invoke(app, ["render", str(charter), "--format", "md", "--out", str(out)], env=DUTCH_ENV)
    lines = rendered.output.splitlines()
    assert lines and all(line.startswith(str(out)) and line.endswith(".md geschreven") for line in lines), lines

    up_to_date = runner.invoke(
        app, ["render", str(charter), "--format", "md", "--out", str(out), "--check"], env=DUTCH_ENV
    )
    assert up_to_date.exit_code == 0
    assert re.fullmatch(r"\d+ hand-outs zijn bijgewerkt\n", up_to_date.output)

    site = tmp_path / "site"
    built = runner.invoke(app, ["site", *today, str(charter), "--out", str(site)], env=DUTCH_ENV)
    assert f"bestanden geschreven in {site}; open {site / 'index.html'}" in built.output

    copied = runner.invoke(app, ["templates", str(tmp_path / "tpl")], env=DUTCH_ENV)
    assert "sjablonen gekopieerd naar" in copied.output and "Pas ze aan" in copied.output

    english = runner.invoke(
        app, ["calendar", str(charter), "--from", "2026-11-24", "--out", str(ics), "--force"], env=ENGLISH_ENV
    )
    assert english.output.strip() == f"wrote {ics}"


def test_a_broken_configuration_is_told_in_dutch(runner, tmp_path, contract_example):
    (tmp_path / "charter.yaml").write_text(contract_example, encoding="utf-8")
    (tmp_path / ".copkit.toml").write_text('ignor = ["W105"]\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "charter.yaml")], env=DUTCH_ENV)
    assert result.exit_code == 2
    assert "ignor: onbekende sleutel; bedoel je 'ignore'?" in result.output


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        (
            "unused noqa: W105 is not reported on this line; W999 is no rule code ('copkit rules' lists them);"
            " remove what it does not need",
            "ongebruikte noqa: W105 wordt op deze regel niet gemeld; W999 is geen regelcode ('copkit rules' somt ze"
            " op); haal weg wat niet nodig is",
        ),
        (
            "interrupted: nothing rendered; the files that were there are as they were",
            "onderbroken: niets gemaakt; de bestanden die er al waren, zijn onveranderd",
        ),
        ("interrupted", "onderbroken"),
        (
            "skipped drafts/link: a symbolic link to a folder is not followed; name it to check it",
            "drafts/link overgeslagen: copkit volgt geen symbolische link naar een map; noem de map zelf om ze te"
            " controleren",
        ),
        (
            "no site written: cannot write site/x: Permission denied",
            "geen site geschreven: cannot write site/x: Permission denied",
        ),
        ("cadence.time: something: else", "cadence.time: something: else"),
    ],
)
def test_suppressions_interruptions_and_notes_in_dutch(english, dutch):
    assert messages.translate(english, "nl") == dutch


def test_the_rules_are_explained_in_dutch(runner):
    from copkit import rules

    table = messages.catalogue("nl")
    assert all(rule.rationale in table for rule in rules.REGISTRY.values())
    listed = runner.invoke(app, ["rules"], env=DUTCH_ENV).output
    assert listed.startswith("Coachingsregels (waarschuwingen; --ignore CODE zet er een uit)\n")
    assert "  W105  no-sponsor" in listed
    assert "Een sponsor steunt de community in de organisatie, met tijd en middelen." in listed
    assert "Fouten in het formaat" in listed
    as_json = runner.invoke(app, ["rules", "--format", "json"], env=DUTCH_ENV).output
    assert "A sponsor backs the community in the organisation, with time and means." in as_json  # JSON stays stable


def test_a_few_translations_are_found_without_reading_the_whole_catalogue():
    """A check reads the draft's placeholders in every language: six look-ups, not the whole .po."""
    import subprocess
    import sys

    from copkit.rules.placeholders import MESSAGES

    table = messages.catalogue("nl")
    short = [message for message in table if len(message) < 60][:300]
    code = (
        "import json, sys\nfrom copkit import messages\n"
        "found = messages.translations_of('nl', json.loads(sys.argv[1]))\n"
        "print(json.dumps([found, messages.catalogue.cache_info().currsize]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps([*short, *MESSAGES, "not in the catalogue"])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found, cached = json.loads(done.stdout)
    assert cached == 0
    assert found == {message: table[message] for message in [*short, *MESSAGES]}
    assert found["Name of the leader"] == "Naam van de leider"
