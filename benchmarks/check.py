"""How fast is `copkit check`, compared with the tools a coach's CI could run instead?

Run it as ``python benchmarks/check.py [--files 1000] [--rounds 5]`` from the dev environment
(``pip install -e .[bench]``). It writes N valid, varied charters to a temporary folder, then times
whole processes -- start-up included, because that is what pre-commit and CI pay -- for one file
and for all N files:

- ``copkit check``, the console script users run;
- ``check-jsonschema`` against the schema ``copkit schema`` prints: structure only, no coaching rules;
- ``yamllint -d relaxed``: a YAML linter, the cheapest check a repository usually already has;
- the parse floor: one Python process that loads every file with PyYAML's libyaml loader.

Commands run round-robin (A B C D, A B C D, ...) after one discarded warm-up round, and each
figure is the median of its rounds, so machine noise hits all tools alike. It prints the medians,
each command's peak memory (the largest resident set, as ``/usr/bin/time`` gives it), the ratios the
project's targets are about (PASS/MISS: 1,000 and 10,000 files within 2x the parse floor, under
150 MiB at 10,000) and which heavy modules ``copkit check`` imports. ``copkit status`` is timed too.
``--floor-only`` leaves out yamllint and check-jsonschema, which take minutes at 10,000 files. It is a measuring tool, not a test: it exits 0 whatever the figures, and nonzero only
when it cannot run at all (copkit missing, or copkit rejecting a charter it generated).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import functools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML is a copkit dependency
    sys.exit("benchmarks/check.py: PyYAML is not installed; run it from copkit's dev environment")

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Heavy modules only handouts need; `copkit check` must stay clear of them (fast pre-commit hooks).
FORBIDDEN_IMPORTS = ("jinja2", "babel", "weasyprint")

# (ratio label, numerator, denominator, case, target): the project's performance targets.
TARGETS = (
    ("copkit / check-jsonschema", "copkit check", "check-jsonschema", "many", 0.25),
    ("copkit / parse floor", "copkit check", "parse floor", "many", 2.0),
    ("copkit / yamllint", "copkit check", "yamllint", "one", 1.2),
    ("copkit / check-jsonschema", "copkit check", "check-jsonschema", "one", 0.6),
)
# Peak memory (largest resident set) of `copkit check` over a folder of this many charters or more.
MEMORY_TARGET_MIB, MEMORY_TARGET_FILES = 150, 10_000

# Children must not think they run in GitHub Actions: copkit would then write a step summary.
CHILD_ENV = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
CHILD_ENV["NO_COLOR"] = "1"


# --- Charter generator -------------------------------------------------------------------------
#
# Pools of realistic text in both languages; every charter draws its own mix and list lengths, and
# writes roles, values, tooling and criteria in every shape the format allows (plain string,
# flow or block mapping, one person or a list), so the benchmark exercises what coaches write.

FIRST_NAMES = (
    "An",
    "Jonas",
    "Sara",
    "Lotte",
    "Wout",
    "Emma",
    "Bram",
    "Ingrid",
    "Priya",
    "Tom",
    "Hannah",
    "Marta",
    "Chris",
    "Aisha",
    "Noah",
    "Lucas",
    "Fleur",
    "Zoë",
    "Céline",
    "Arne",
    "Femke",
    "Daan",
    "Mohamed",
    "Yasmina",
    "Pieter",
    "Elif",
    "Kwame",
    "Mei",
    "Olivia",
    "Liam",
    "Siobhan",
    "Joost",
    "Ruben",
    "Nina",
    "Frédéric",
    "Ilse",
)
LAST_NAMES = (
    "Peeters",
    "Maes",
    "De Smet",
    "Claes",
    "Janssens",
    "Vermeulen",
    "Declercq",
    "Wouters",
    "Natarajan",
    "Okafor",
    "Becker",
    "Lindqvist",
    "Walsh",
    "Rahman",
    "Jacobs",
    "Mertens",
    "Willems",
    "Van den Broeck",
    "de Vries",
    "van Dijk",
    "Bakker",
    "Visser",
    "El Amrani",
    "Yılmaz",
    "Mensah",
    "Chen",
    "O'Brien",
    "Dubois",
    "Goossens",
)

# (English name, Dutch name, English domain, Dutch domain)
TOPICS = (
    (
        "Test Automation",
        "Testautomatisering",
        "automated testing of web applications",
        "geautomatiseerd testen van webapplicaties",
    ),
    (
        "Learning from Incidents",
        "Leren van incidenten",
        "how teams respond to and learn from production incidents",
        "hoe teams reageren op productie-incidenten en ervan leren",
    ),
    (
        "Plain Language",
        "Klantgericht schrijven",
        "clear letters, mails and web pages for citizens",
        "heldere brieven, mails en webteksten voor burgers en ondernemers",
    ),
    (
        "Accessibility",
        "Toegankelijkheid",
        "digital services everyone can use, whatever their abilities",
        "digitale diensten die iedereen kan gebruiken",
    ),
    (
        "Data Engineering",
        "Data engineering",
        "reliable data pipelines and the models built on them",
        "betrouwbare datapijplijnen en de modellen erop",
    ),
    (
        "Security Champions",
        "Security champions",
        "secure design and coding in product teams",
        "veilig ontwerpen en programmeren in productteams",
    ),
    (
        "Agile Coaching",
        "Agile coaching",
        "helping teams inspect and adapt how they work",
        "teams helpen hun manier van werken te verbeteren",
    ),
    (
        "UX Research",
        "Gebruikersonderzoek",
        "learning what users need before we build it",
        "leren wat gebruikers nodig hebben voor we iets bouwen",
    ),
    (
        "Cloud Costs",
        "Cloudkosten",
        "keeping our cloud bill understandable and under control",
        "onze cloudfactuur begrijpelijk en beheersbaar houden",
    ),
    (
        "Python",
        "Python",
        "writing, testing and packaging Python in our teams",
        "Python schrijven, testen en verpakken in onze teams",
    ),
    (
        "Project Management",
        "Projectmanagement",
        "planning and steering projects across departments",
        "projecten plannen en bijsturen over afdelingen heen",
    ),
    (
        "Onboarding",
        "Onboarding",
        "welcoming new colleagues so they feel at home quickly",
        "nieuwe collega's zo verwelkomen dat ze zich snel thuis voelen",
    ),
    (
        "Procurement",
        "Aankoop",
        "buying well: tenders, contracts and supplier relations",
        "goed aankopen: aanbestedingen, contracten en leveranciers",
    ),
    (
        "Green IT",
        "Duurzame IT",
        "lowering the footprint of the software we build and run",
        "de voetafdruk van onze software verkleinen",
    ),
)
SUFFIXES = {
    "en": ("", "", " Guild", " Community", " CoP", " Circle"),
    "nl": ("", "", " Gilde", " Community", " CoP", " Kring"),
}

STATEMENTS = {
    "en": (
        "Share what works in {topic} so that every team benefits from it",
        "Solve the {topic} problems no team can solve alone, and share the answers",
        "Try new ideas in {topic} together, keep what works and tell others about it",
        "Build a shared understanding of {topic} across departments, so that decisions get easier "
        "and newcomers find their way quickly",
    ),
    "nl": (
        "Samen leren wat werkt rond {topic}, zodat elk team er beter van wordt",
        "De problemen rond {topic} oplossen die geen team alleen oplost, en de antwoorden delen",
        "Samen nieuwe ideeën rond {topic} uitproberen, houden wat werkt en het anderen vertellen",
        "Over afdelingen heen een gedeeld beeld van {topic} opbouwen, zodat beslissingen makkelijker worden "
        "en nieuwkomers snel hun weg vinden",
    ),
}
VALUES = {
    "en": (
        ("Openness", "We share failures as readily as successes"),
        ("Curiosity", "We bring our open questions, not only our finished answers"),
        ("Respect", "We give feedback on the work, never on the person"),
        ("Generosity", "We write up what we learn so colleagues outside the room can use it"),
        ("Blamelessness", "We ask what made an action make sense at the time, never who is to blame"),
        ("Reliability", "We do what we promised by the next session, or say so early"),
        ("Inclusion", "We make sure every voice is heard before we decide"),
        ("Pragmatism", "We prefer a small step this month over a perfect plan next year"),
    ),
    "nl": (
        ("Openheid", "We delen mislukkingen even graag als successen"),
        ("Nieuwsgierigheid", "We brengen onze open vragen mee, niet alleen onze antwoorden"),
        ("Respect", "We geven feedback op het werk, nooit op de persoon"),
        ("Vrijgevigheid", "We schrijven op wat we leren, zodat collega's buiten de zaal het kunnen gebruiken"),
        ("Vertrouwen", "Wat in de sessie gedeeld wordt, blijft in de sessie"),
        ("Betrouwbaarheid", "We doen wat we beloofden tegen de volgende sessie, of zeggen tijdig dat het niet lukt"),
        ("Inclusie", "We zorgen dat iedereen gehoord is voor we beslissen"),
        ("Pragmatisme", "Liever deze maand een kleine stap dan volgend jaar een perfect plan"),
    ),
}
AMBITIONS = {
    "en": (
        "A shared checklist for {topic}, used by every team",
        "A quarterly digest of lessons learned about {topic}, read beyond our own department",
        "Two recurring {topic} problems fixed at their root this year",
        "A library of worked examples that newcomers can start from",
        "An agreed set of best practices for {topic}, reviewed twice a year",
        "Every member gives at least one short demo of their own work",
        "A buddy for every newcomer during their first three months",
        "One improved process a quarter, measured before and after",
    ),
    "nl": (
        "Een gedeelde checklist rond {topic} die elk team gebruikt",
        "Een driemaandelijkse nieuwsbrief met lessen over {topic}, gelezen buiten onze eigen afdeling",
        "Twee terugkerende problemen rond {topic} dit jaar bij de wortel aangepakt",
        "Een bibliotheek met uitgewerkte voorbeelden waar nieuwkomers mee kunnen starten",
        "Gedeelde goede praktijken rond {topic}, twee keer per jaar herzien",
        "Elk lid geeft minstens één keer een korte demo van eigen werk",
        "Een buddy voor elke nieuwkomer tijdens de eerste drie maanden",
        "Elk kwartaal één verbeterd proces, gemeten voor en na",
    ),
}
TOOLS = {
    "en": (
        ("Teams channel {topic}", "questions, announcements and quick help during the week", None),
        ("#cop-{slug}", "day-to-day questions on Slack", None),
        ("Wiki space", "every write-up and agreement, kept current", "https://wiki.example.com/{slug}"),
        ("Miro board", "session notes and retrospectives", "https://miro.example.com/{slug}"),
        ("Git repository", "shared examples and templates", "https://git.example.com/cop/{slug}"),
        ("Mailing list", "invitations and the quarterly digest", None),
        ("Shared calendar", "the fixed slot and the rooms", None),
    ),
    "nl": (
        ("Teams-kanaal {topic}", "vragen, aankondigingen en snelle hulp tijdens de week", None),
        ("#cop-{slug}", "dagelijkse vragen op Slack", None),
        ("Intranetpagina", "alle verslagen en afspraken, actueel gehouden", "https://intranet.example.org/{slug}"),
        ("Miro-bord", "notities en retrospectives van de sessies", "https://miro.example.com/{slug}"),
        ("Git-repository", "gedeelde voorbeelden en sjablonen", "https://git.example.org/cop/{slug}"),
        ("Mailinglijst", "uitnodigingen en de nieuwsbrief", None),
        ("Gedeelde agenda", "het vaste moment en de zalen", None),
    ),
}
CRITERIA = {
    "en": (
        ("Participation", "share of members at one session a quarter or more", "60%"),
        ("Reach", "teams represented at sessions each quarter", "8 of 12 teams"),
        ("Output", "write-ups published in the wiki", 12),
        ("Satisfaction", 'answer to "was this worth your time?" after each session', "4 out of 5"),
        ("Adoption", "teams that use the shared checklist", "all by the review"),
        ("Newcomers", "new members who join a second session", "75%"),
    ),
    "nl": (
        ("Deelname", "aandeel leden dat minstens één sessie per kwartaal bijwoont", "60%"),
        ("Bereik", "teams vertegenwoordigd op de sessies per kwartaal", "8 van de 12"),
        ("Opbrengst", "aantal gepubliceerde verslagen", 10),
        ("Tevredenheid", "score op de korte bevraging na elke sessie (1-5)", "gemiddeld 4 of meer"),
        ("Gebruik", "teams die de gedeelde checklist gebruiken", "allemaal tegen de herziening"),
        ("Nieuwkomers", "nieuwe leden die een tweede sessie bijwonen", "75%"),
    ),
}
FORMATS = {
    "en": ("lean coffee", "open space", "world café", "fishbowl", "show and tell", "brown bag", "kata", "case clinic"),
    "nl": ("lean coffee", "open space", "world café", "fishbowl", "tekstkliniek", "gastspreker", "intervisie", "demo"),
}
LOCATIONS = {
    "en": ("Meeting room Thames", "Room 4.12 and Teams", "Canteen, second floor", "https://meet.example.com/{slug}"),
    "nl": (
        "Vergaderzaal Schelde / Teams",
        "Zaal 3.07",
        "Cafetaria, tweede verdieping",
        "https://meet.example.org/{slug}",
    ),
}
OTHER_ROLES = {
    "en": ("broadcaster", "librarian", "facilitator"),
    "nl": ("verspreider", "bibliothecaris", "facilitator"),
}
HOW_TO_JOIN = {
    "en": ("Ask in the channel and join the next session", "Mail the coordinator; everyone is welcome"),
    "nl": ("Stuur een bericht in het kanaal of kom gewoon langs", "Mail de coördinator; iedereen is welkom"),
}
ADMISSION = {
    "en": "Anyone who has taken part in a review may join; the core group welcomes newcomers each quarter",
    "nl": "Wie aan een review meewerkte mag aansluiten; de kerngroep verwelkomt nieuwkomers elk kwartaal",
}
TIMES = ("12:30", "12:30", "12:30", "09:00", "8:30", "12:00", "13:00", "15:00", "16:30", "17:15")
TIMEZONES = ("Europe/Brussels", "Europe/Amsterdam", "Europe/London", "UTC", "America/New_York")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


@functools.cache
def _plain_ok(text: str, context: str) -> bool:
    """Whether ``text`` survives unquoted in this YAML context: same string back, nothing else."""
    document = {"block": "k: {}", "seq": "[{}]", "map": "{{k: {}}}"}[context].format(text)
    try:
        loaded = yaml.load(document, Loader=LOADER)
    except yaml.YAMLError:
        return False
    return loaded == {"seq": [text]}.get(context, {"k": text})


def q(text: object, context: str = "block") -> str:
    """A scalar as a coach would write it: plain when YAML reads it back as the same text, else quoted."""
    if not isinstance(text, str):
        return str(text)  # numbers stay unquoted, as in `target: 12`
    return text if _plain_ok(text, context) else json.dumps(text, ensure_ascii=False)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


class CharterWriter:
    """One charter's YAML text, written line by line so every shape and style is under our control."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        self.index = index
        self.lines: list[str] = []

    def pick(self, pool, low: int, high: int) -> list:
        """``low`` to ``high`` items; now and then a long list, as some communities write."""
        count = self.rng.randint(low, high)
        if self.rng.random() < 0.08:
            count = self.rng.randint(high, 3 * high)
        return [self.rng.choice(pool) for _ in range(count)] if count > len(pool) else self.rng.sample(pool, count)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def email(self, name: str) -> str:
        return slugify(name).replace("-", ".") + "@example.org"

    def write_people(self, key: str, leader: bool) -> None:
        """One role as a plain string, a flow or block mapping, or a list of persons."""
        rng, out = self.rng, self.lines
        name = self.person()
        details = {"email": self.email(name)} if rng.random() < 0.5 else {}
        if leader or rng.random() < 0.2:
            details["time_percent"] = rng.choice((10, 15, 20, 25, 10, 15, 5, 30))
        shape = rng.choice(("plain", "flow", "block", "list", "flowlist"))
        if shape == "plain":
            out.append(f"  {key}: {q(name)}")
        elif shape == "flow":
            fields = ", ".join(f"{k}: {q(v, 'map')}" for k, v in {"name": name, **details}.items())
            out.append(f"  {key}: {{{fields}}}")
        elif shape == "block":
            out.append(f"  {key}:")
            for k, v in {"name": name, **details}.items():
                out.append(f"    {k}: {q(v)}")
        elif shape == "flowlist":
            names = [name] + [self.person() for _ in range(rng.randint(1, 3))]
            out.append(f"  {key}: [{', '.join(q(n, 'seq') for n in names)}]")
        else:
            out.append(f"  {key}:")
            for n in range(rng.randint(1, 3)):
                person = name if n == 0 else self.person()
                if rng.random() < 0.5:
                    out.append(f"    - {q(person)}")
                else:
                    extra = f", time_percent: {rng.choice((10, 15, 20))}" if leader else ""
                    out.append(f"    - {{name: {q(person, 'map')}{extra}}}")

    def write(self) -> tuple[str, str]:
        """The file name and YAML text of charter number ``index``."""
        rng, out = self.rng, self.lines
        lang = rng.choice(("nl", "en"))
        topic_en, topic_nl, domain_en, domain_nl = rng.choice(TOPICS)
        topic = topic_nl if lang == "nl" else topic_en
        name = topic + rng.choice(SUFFIXES[lang])
        slug = slugify(name)
        fill = {"topic": topic, "slug": slug}

        if rng.random() < 0.3:
            out.append("# yaml-language-server: $schema=../schema/charter.schema.json")
        if rng.random() < 0.2:
            out.append("---")
        out.append("copkit: 1")  # a folder walk checks only the YAML files that say they are copkit's
        out.append(f"name: {q(name)}")
        if lang == "nl" or rng.random() < 0.5:
            out.append(f"language: {lang}")
        if rng.random() < 0.7:
            out.append(f"phase: {rng.choice(('initiate', 'start-up', 'operate', 'operate', 'wind-down', 'close'))}")
        if rng.random() < 0.8:
            out.append(f"domain: {q((domain_nl if lang == 'nl' else domain_en).capitalize())}")

        statement = rng.choice(STATEMENTS[lang]).format(topic=topic.lower())
        out.append("purpose:")
        if len(statement) > 80:  # long text folded over two lines, as editors wrap it
            cut = statement.rfind(" ", 0, 70)
            out += ["  statement: >-", f"    {statement[:cut]}", f"    {statement[cut + 1 :]}"]
        else:
            out.append(f"  statement: {q(statement)}")
        out.append(f"  focus: {rng.choice(('knowledge-sharing', 'problem-solving', 'innovation'))}")

        out.append("values:")
        for value, behaviour in self.pick(VALUES[lang], 1, 4):
            if rng.random() < 0.25:
                out.append(f"  - {q(value)}")  # the plain-string shorthand: the value alone
            else:
                out += [f"  - value: {q(value)}", f"    behaviour: {q(behaviour)}"]

        out.append("ambitions:")
        out += [f"  - {q(ambition.format(**fill))}" for ambition in self.pick(AMBITIONS[lang], 1, 4)]

        frequency = rng.choice(("weekly", "biweekly", "biweekly", "monthly", "monthly", "quarterly"))
        out += ["cadence:", f"  frequency: {frequency}"]
        if frequency in ("monthly", "quarterly") and rng.random() < 0.7:
            out.append(f"  week: {rng.choice(('first', 'second', 'third', 'fourth', 'last'))}")
        if rng.random() < 0.85:
            out.append(f"  weekday: {rng.choice(WEEKDAYS)}")
        if self.index == 0 or rng.random() < 0.9:
            clock = "12:30" if self.index == 0 else rng.choice(TIMES)
            out.append(f"  time: {clock}")  # unquoted on purpose: YAML 1.1 reads 12:30 as 750
        if rng.random() < 0.8:
            out.append(f"  duration_minutes: {rng.choice((30, 45, 60, 60, 90, 120))}")
        out.append(f"  mode: {rng.choice(('in-person', 'online', 'hybrid'))}")
        if rng.random() < 0.8:
            out.append(f"  location: {q(rng.choice(LOCATIONS[lang]).format(**fill))}")
        if rng.random() < 0.6:
            out.append(f"  timezone: {rng.choice(TIMEZONES)}")
        if rng.random() < 0.6:
            formats = self.pick(FORMATS[lang], 1, 4)
            if rng.random() < 0.5:
                out.append(f"  formats: [{', '.join(q(f, 'seq') for f in formats)}]")
            else:
                out += ["  formats:"] + [f"    - {q(f)}" for f in formats]

        out.append("roles:")
        roles_at = len(out)
        for key in ("sponsor", "leader", "coach", "coordinator"):
            if rng.random() < 0.85:  # a missing role is a warning, not an error
                self.write_people(key, leader=key == "leader")
        if rng.random() < 0.3:
            out.append("  others:")
            for role in self.pick(OTHER_ROLES[lang], 1, 2):
                out += [f"    - role: {q(role)}", f"      name: {q(self.person())}"]
        if len(out) == roles_at:  # every role left out (1 in ~3,000): `roles:` empty is an error, so a leader
            self.write_people("leader", leader=True)

        if rng.random() < 0.75:
            closed = rng.random() < 0.3
            out += ["membership:", f"  access: {'closed' if closed else 'open'}"]
            if closed:
                out.append(f"  admission: {q(ADMISSION[lang])}")
            if rng.random() < 0.8:
                out.append(f"  how_to_join: {q(rng.choice(HOW_TO_JOIN[lang]))}")
            if rng.random() < 0.4:
                out.append(f"  core: [{', '.join(q(self.person(), 'seq') for _ in range(rng.randint(2, 5)))}]")
            if rng.random() < 0.3:
                out.append(f"  rotation_months: {rng.choice((3, 4, 6, 6, 12))}")

        out.append("tooling:")
        for tool, purpose, url in self.pick(TOOLS[lang], 1, 3):
            tool = tool.format(**fill)
            if rng.random() < 0.2:
                out.append(f"  - {q(tool)}")
                continue
            out.append(f"  - name: {q(tool)}")
            if rng.random() < 0.85:
                out.append(f"    purpose: {q(purpose)}")
            if url:
                out.append(f"    url: {url.format(**fill)}")

        out.append("evaluation_criteria:")
        for criterion, measure, target in self.pick(CRITERIA[lang], 1, 3):
            if rng.random() < 0.2:
                out.append(f"  - {q(criterion)}")
            else:
                out += [f"  - criterion: {q(criterion)}", f"    measure: {q(measure)}", f"    target: {q(target)}"]

        review = datetime.date(2026, 12, 1) + datetime.timedelta(days=rng.randint(0, 420))
        out.append(f"review_date: {review.isoformat()}")  # unquoted: a YAML timestamp
        if rng.random() < 0.3:
            launch = review - datetime.timedelta(days=rng.randint(30, 200))
            out += ["launch:", f"  date: {launch.isoformat()}", f"  time: {rng.choice(TIMES)}"]
            if rng.random() < 0.5:
                out.append(f"  location: {q(rng.choice(LOCATIONS[lang]).format(**fill))}")
            out.append(f"  duration_minutes: {rng.choice((60, 90, 120))}")
        if rng.random() < 0.15:
            out.append(f"x-team-code: {q(f'{slug[:2].upper()}-{rng.randint(1, 99):02d}')}")

        suffix = ".yml" if self.index % 10 == 9 else ".yaml"
        return f"{self.index + 1:04d}-{slug}{suffix}", "\n".join(out) + "\n"


def generate(folder: Path, count: int, seed: int) -> list[str]:
    """Write ``count`` charters into ``folder``; return their paths relative to its parent."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    paths = []
    for index in range(count):
        filename, text = CharterWriter(rng, index).write()
        (folder / filename).write_text(text, encoding="utf-8")
        paths.append(f"{folder.name}/{filename}")
    return paths


# --- Running the tools -------------------------------------------------------------------------


def find_tool(name: str) -> str | None:
    """The tool installed beside this Python (the venv's own), else the first on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=CHILD_ENV, capture_output=True, text=True, encoding="utf-8")


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MiB, the largest resident set: ``ru_maxrss`` as
    ``/usr/bin/time`` reports it) of one whole process, its output thrown away as a pre-commit hook's would be."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = 0  # reaped by wait4 above; stops Popen from waiting for it again
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


PARSE_FLOOR = (
    "import sys, yaml\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, 'rb') as handle:\n"
    "        yaml.load(handle, Loader=loader)\n"
)


def commands(copkit: list[str], schema: Path | None, files: list[str], target: str) -> dict[str, list[str] | None]:
    """Each tool's command line for ``files`` (copkit gets ``target``: the folder or the one file);
    ``None`` for a tool that is not installed."""
    jsonschema, yamllint = find_tool("check-jsonschema"), find_tool("yamllint")
    return {
        "copkit check": copkit + ["check", target],
        "check-jsonschema": [jsonschema, "--schemafile", str(schema), *files] if jsonschema and schema else None,
        "yamllint": [yamllint, "-d", "relaxed", *files] if yamllint else None,
        "parse floor": [sys.executable, "-c", PARSE_FLOOR, *files],
    }


def sanity(name: str, argv: list[str], cwd: Path) -> tuple[bool, str]:
    """Run a tool once on the valid charters and say what it thought of them, so a fast tool
    that fails every file (or a slow one that errs) is visible next to its timing."""
    done = run(argv, cwd)
    if name == "check-jsonschema" and done.returncode != 0:
        failing = {line.split("::")[0].strip() for line in done.stdout.splitlines() if "::" in line}
        first = "\n      ".join((done.stdout + done.stderr).strip().splitlines()[:8])
        return False, f"REJECTED {len(failing)} valid charter(s) (exit {done.returncode}); first lines:\n      {first}"
    if name == "yamllint":  # relaxed: line-length and the like are warnings, exit 0
        problems = [line for line in done.stdout.splitlines() if line.startswith("  ")]
        kinds = collections.Counter(line.rsplit("(", 1)[-1].rstrip(")") for line in problems)
        detail = ", ".join(f"{rule} x{count}" for rule, count in kinds.most_common()) or "no problems"
        return done.returncode == 0, f"exit {done.returncode}: {detail}"
    return done.returncode == 0, f"exit {done.returncode}" + (
        f": {done.stderr.strip()[:300]}" if done.returncode else ""
    )


def import_check(
    copkit_module: list[str], one_file: str, cwd: Path
) -> tuple[list[str], list[tuple[float, str]], float]:
    """What ``copkit check`` imports (``-X importtime``): the forbidden packages among them, and
    import time by package (own time of all its modules), to show where start-up goes."""
    done = run([sys.executable, "-X", "importtime", *copkit_module, "check", one_file], cwd)
    by_package: collections.Counter[str] = collections.Counter()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        own, _, module = line[len("import time:") :].split("|")
        if own.strip().isdigit():  # skips the header line
            by_package[module.strip().split(".")[0]] += int(own) / 1e6
    forbidden = [name for name in FORBIDDEN_IMPORTS if name in by_package]
    heaviest = [(seconds, name) for name, seconds in by_package.most_common(6)]
    return forbidden, heaviest, sum(by_package.values())


# --- Main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="number of charters (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; the median is reported (default 5)")
    parser.add_argument("--seed", type=int, default=2027, help="random seed of the generator (default 2027)")
    parser.add_argument("--keep", action="store_true", help="keep the generated charters and print where they are")
    parser.add_argument(
        "--floor-only",
        action="store_true",
        help="time copkit and the parse floor only, not yamllint and check-jsonschema (quicker at 10,000 files)",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # keep results and the progress on stderr in order
    if args.files < 1 or args.rounds < 1:
        parser.error("--files and --rounds must be at least 1")

    script = find_tool("copkit")
    copkit = [script] if script else [sys.executable, "-m", "copkit"]
    if run(copkit + ["--version"], Path.cwd()).returncode != 0:
        print("benchmarks/check.py: copkit is not installed (pip install -e .[bench])", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="copkit-bench-"))
    try:
        return measure(args, copkit, work)
    finally:
        if args.keep:
            print(f"\ncharters kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, copkit: list[str], work: Path) -> int:
    many = generate(work / "charters", args.files, args.seed)
    one = many[0]
    schema: Path | None = work / "schema.json"
    printed = run(copkit + ["schema"], work)
    schema.write_text(printed.stdout, encoding="utf-8")
    if printed.returncode != 0 or not printed.stdout.strip():
        print(f"copkit schema failed (exit {printed.returncode}): check-jsonschema skipped")
        schema = None

    # Every generated charter must be valid before any timing means anything.
    done = run(copkit + ["check", "--format", "json", "charters"], work)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = {"files": 0, "problems": []}
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    if done.returncode != 0 or errors or report["files"] != args.files:
        print(f"copkit check rejected generated charters (exit {done.returncode}):", file=sys.stderr)
        for p in errors[:20]:
            print(f"  {p['path']}:{p['line']}:{p['column']}: {p['code']} {p['message']}", file=sys.stderr)
        print(done.stderr.strip()[:2000], file=sys.stderr)
        return 1
    warnings = collections.Counter(p["code"] for p in report["problems"])
    print(
        f"Generated {args.files} charters (seed {args.seed}); copkit check: all valid, exit 0, "
        f"{sum(warnings.values())} warnings ({', '.join(f'{c} x{n}' for c, n in sorted(warnings.items()))})"
    )

    cases = {"one": commands(copkit, schema, [one], one), "many": commands(copkit, schema, many, "charters")}
    cases["many"]["copkit status"] = copkit + ["status", "--format", "json", "charters"]
    if args.floor_only:
        for case in cases.values():
            case["check-jsonschema"] = case["yamllint"] = None
    failed_on_valid = set()
    for name, argv in cases["many"].items():
        if argv is None:
            print(f"  {name}: {'not timed (--floor-only)' if args.floor_only else 'not installed'}, skipped")
        elif not name.startswith("copkit"):
            ok, said = sanity(name, argv, work)
            print(f"  {name} on the {args.files} valid charters: {said}")
            if not ok:
                failed_on_valid.add(name)
    print(f"  yamllint config: relaxed (-d relaxed); parse floor loader: {LOADER.__name__}")

    plan = [("startup", "copkit --help", copkit + ["--help"])]
    plan += [(case, name, argv) for case in ("one", "many") for name, argv in cases[case].items() if argv]
    times: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    memory: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for round_number in range(args.rounds + 1):  # round 0 warms caches and .pyc files; not counted
        label = "warm-up" if round_number == 0 else f"{round_number}/{args.rounds}"
        print(f"  round {label} ...", file=sys.stderr, flush=True)
        for case, name, argv in plan:
            seconds, mebibytes = timed(argv, work)
            if round_number:
                times[case, name].append(seconds)
                memory[case, name].append(mebibytes)
    median = {key: statistics.median(values) for key, values in times.items()}
    peak = {key: max(values) for key, values in memory.items()}

    print(f"\nMedian wall-clock seconds of whole processes, {args.rounds} rounds round-robin; peak memory (MiB)")
    print(f"  {'command':<20}{'1 file':>14}{f'{args.files} files':>14}{'peak MiB':>10}")
    for name in cases["many"]:
        cells = [f"{median[case, name]:.3f}" if (case, name) in median else "-" for case in ("one", "many")]
        most = f"{peak['many', name]:.0f}" if ("many", name) in peak else "-"
        print(f"  {name:<20}{cells[0]:>14}{cells[1]:>14}{most:>10}")
    print(f"  {'copkit --help':<20}{median['startup', 'copkit --help']:>14.3f}")

    print("\nTargets")
    for label, numerator, denominator, case, target in TARGETS:
        scope = f"{args.files} files" if case == "many" else "1 file"
        if (case, denominator) not in median:
            print(f"  {scope + ': ' + label:<40}   n/a   ({denominator} not installed)")
            continue
        ratio = median[case, numerator] / median[case, denominator]
        verdict = "PASS" if ratio <= target else "MISS"
        caveat = f"  ({denominator} failed on valid charters, see above)" if denominator in failed_on_valid else ""
        print(f"  {scope + ': ' + label:<40}{ratio:>6.2f}   target <= {target:<5} {verdict}{caveat}")
    used = peak["many", "copkit check"]
    if args.files >= MEMORY_TARGET_FILES:
        verdict = "PASS" if used < MEMORY_TARGET_MIB else "MISS"
        print(
            f"  {f'{args.files} files: copkit peak memory MiB':<40}{used:>6.0f}   target < {MEMORY_TARGET_MIB:<6} {verdict}"
        )
    else:
        print(
            f"  {f'{args.files} files: copkit peak memory MiB':<40}{used:>6.0f}   (target < {MEMORY_TARGET_MIB} MiB at {MEMORY_TARGET_FILES:,} files)"
        )

    forbidden, heaviest, total = import_check(["-m", "copkit"], one, work)
    if not heaviest:
        print("\n`copkit check` imports: could not tell (python -X importtime printed nothing)")
        return 0
    verdict = "PASS" if not forbidden else "MISS"
    print(
        f"\n`copkit check` imports {', '.join(FORBIDDEN_IMPORTS)}: {', '.join(forbidden) or 'none of them'}  {verdict}"
    )
    print(
        f"  import time (-X importtime, inflated by the tracing itself): {total:.3f}s in all; by package: "
        + ", ".join(f"{name} {seconds:.3f}s" for seconds, name in heaviest)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
