"""Refresh the translation catalogues after editing a template, the activity library or copkit's code.

Usage, from anywhere in the repository::

    python templates/locale/update.py                 # re-extract, merge, report
    python templates/locale/update.py --drop-obsolete # also delete messages the code no longer uses
    python templates/locale/update.py --add-language de  # start a catalogue for a new language

What it does:

1. Extracts every marked message into ``templates/locale/copkit.pot``:

   - from ``templates/*.j2`` (Jinja's i18n extension, newstyle gettext, ``_("… %(name)s …", name=…)``);
   - from every module ``copkit/**/*.py``: ``_("…")`` (also ``self._``), the pgettext aliases
     ``p_(context, text)`` / ``self._p(context, text)``, and ``N_p(context, text)``, which marks a text
     without translating it there (the words a coach may type for a choice, context "typed choice");
   - from ``templates/activities.yaml``: the ``name`` and ``how_to`` of every built-in activity,
     with the context "activity" and the activity's id as a comment.
2. Merges that template into every ``templates/locale/<lang>/LC_MESSAGES/copkit.po`` with Babel's
   ``Catalog.update``: existing translations are kept; new messages are added untranslated (no
   fuzzy guessing, so nothing half-right reaches a printed handout); messages the code no longer
   uses are kept as ``#~`` obsolete entries so their wording can be reused, until you pass
   ``--drop-obsolete``.
3. Lists what still needs a translator. ``tests/test_i18n.py`` fails until every message has a
   translation and no obsolete entry is left, so the catalogues and the code stay in step.

Files are rewritten only when their messages change, so running it twice gives no diff.
A translator comment for a message is picked up from ``{# Translators: … #}`` in a template or
``# Translators: …`` in Python, on the line of the message or the line before it.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import yaml
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = LOCALE_DIR.parent
ROOT = TEMPLATES_DIR.parent
ACTIVITIES = TEMPLATES_DIR / "activities.yaml"
ACTIVITY_CONTEXT = "activity"  # as copkit/activities.py looks them up
ACTIVITY_TEXTS = ("name", "how_to")
DOMAIN = "copkit"
POT = LOCALE_DIR / f"{DOMAIN}.pot"
COMMENT_TAGS = ("Translators:",)

# Jinja: the same i18n extension and newstyle gettext as copkit/render.py; a template that does not
# parse is an error here (silent false), not a template whose messages quietly go missing.
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "newstyle_gettext": "true",
    "trimmed": "false",
    "silent": "false",
}
# Python: gettext as ``_`` (also ``self._``), pgettext under the names copkit/i18n.py gives it, and
# N_p, copkit/i18n.py's marker for a text with a context that is looked up elsewhere.
PYTHON_KEYWORDS = {**DEFAULT_KEYWORDS, "p_": ((1, "c"), 2), "_p": ((1, "c"), 2), "N_p": ((1, "c"), 2)}


def template_files() -> list[Path]:
    return sorted(TEMPLATES_DIR.glob("*.j2"))


def python_files() -> list[Path]:
    return sorted((ROOT / "copkit").glob("**/*.py"))


def activity_messages(path: Path = ACTIVITIES) -> Iterable[tuple[int, str, list[str], str]]:
    """(line, text, comments, context) for the name and how-to of every activity in ``path``."""
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for entry in root.value if isinstance(root, yaml.SequenceNode) else []:
        fields = {key.value: value for key, value in entry.value}
        ident = fields["id"].value if "id" in fields else "?"
        for name in ACTIVITY_TEXTS:
            node = fields.get(name)
            if isinstance(node, yaml.ScalarNode):  # the built-in library writes one English text
                yield node.start_mark.line + 1, node.value, [f"activity {ident}: {name}"], ACTIVITY_CONTEXT


# The schema modules whose field descriptions `copkit check` quotes after "missing required key".
FIELD_MODULES = ("copkit.model", "copkit.journal")


def field_messages() -> Iterable[tuple[Path, tuple[int, str, list[str], None]]]:
    """(module file, (line, description, comments, no context)) for every field description of the
    charter and journal models: check's "missing required key 'x': <description>" names them, and
    messages.py translates them as it translates its own templates."""
    import importlib
    import inspect

    from pydantic import BaseModel

    sys.path.insert(0, str(ROOT))  # copkit as this checkout has it, installed or not
    for name in FIELD_MODULES:
        module = importlib.import_module(name)
        path = Path(inspect.getfile(module))
        source = path.read_text(encoding="utf-8")
        for model in vars(module).values():
            if not (inspect.isclass(model) and issubclass(model, BaseModel) and model.__module__ == name):
                continue
            for field_name, field in model.model_fields.items():
                if field.description:
                    line = source[: max(source.find(field.description), 0)].count("\n") + 1
                    yield path, (line, field.description, [f"field {model.__name__}.{field_name}"], None)


def rule_messages() -> Iterable[tuple[Path, tuple[int, str, list[str], None]]]:
    """(catalogue module, (line, rationale, comments, no context)) for every rule: `copkit rules`
    explains each code in the user's language. A rationale may be filled from a named threshold, so
    it is taken from the registry as copkit shows it rather than from the source."""
    import importlib

    sys.path.insert(0, str(ROOT))
    catalogue = importlib.import_module("copkit.rules.catalogue")
    path = Path(catalogue.__file__ or "")
    source = path.read_text(encoding="utf-8")
    for rule in catalogue.REGISTRY.values():
        line = source[: max(source.find(f'"{rule.code}"'), 0)].count("\n") + 1
        yield path, (line, rule.rationale, [f"rule {rule.code} {rule.name}"], None)


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _extract(method: str, path: Path, keywords: dict | None, options: dict | None) -> Iterable[tuple]:
    kwargs = {"comment_tags": COMMENT_TAGS, "options": options}
    if keywords is not None:
        kwargs["keywords"] = keywords
    yield from extract_from_file(method, str(path), **kwargs)


def extract_catalog() -> Catalog:
    """Every message marked for translation in the templates, copkit's modules and the activity
    library, as a template catalogue."""
    catalog = Catalog(
        domain=DOMAIN,
        header_comment="# Translations template for copkit, made by templates/locale/update.py: do not edit.\n#",
        project="copkit",
        copyright_holder="the copkit authors",
        charset="utf-8",
        fuzzy=False,
    )
    sources: list[tuple[str, Path, dict | None, dict | None]] = [
        ("jinja2.ext:babel_extract", path, None, JINJA_OPTIONS) for path in template_files()
    ]
    sources += [("python", path, PYTHON_KEYWORDS, None) for path in python_files()]
    found = [
        (path, message)
        for method, path, keywords, options in sources
        for message in _extract(method, path, keywords, options)
    ]
    found += [(ACTIVITIES, message) for message in activity_messages()]
    found += list(field_messages())
    found += list(rule_messages())
    for path, (lineno, message, comments, context) in found:
        relative = path.relative_to(ROOT).as_posix()
        catalog.add(
            message,
            None,
            [(relative, lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def render(catalog: Catalog, **options) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, **options)
    return buffer.getvalue()


def _without_dates(text: bytes) -> bytes:
    """The catalogue minus the header lines that change on every run, to tell a real change apart."""
    return b"\n".join(
        line for line in text.splitlines() if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    )


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def new_catalog(lang: str) -> Catalog:
    """An empty catalogue for ``lang``, its header set (UTF-8, the language's plural forms)."""
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        header_comment=(
            f"# {Locale.parse(lang).english_name} translations for copkit's handouts.\n"
            "# Refresh with `python templates/locale/update.py`, then translate here.\n#"
        ),
        project="copkit",
        copyright_holder="the copkit authors",
        language_team=Locale.parse(lang).english_name,
        last_translator="copkit translators",
        charset="utf-8",
        fuzzy=False,
    )


def add_language(lang: str) -> Path:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        write_if_changed(po, render(new_catalog(lang)))
    return po


def update(drop_obsolete: bool = False, out=sys.stdout) -> int:
    """Refresh the .pot and every .po; the number of messages still to translate in all languages."""
    template = extract_catalog()
    template.creation_date = datetime.now(UTC)
    changed = write_if_changed(POT, render(template))
    print(f"{shown(POT)}: {len(template)} messages{' (updated)' if changed else ''}", file=out)

    missing = 0
    for po in po_files():
        with po.open("rb") as handle:
            catalog = read_po(handle, domain=DOMAIN)
        before = render(catalog)
        catalog.update(template, no_fuzzy_matching=True)
        # Catalog.update moves messages the code no longer uses to .obsolete (written as #~). A message
        # that is back in use takes its old translation back rather than staying in both places.
        for key, old in list(catalog.obsolete.items()):
            current = catalog.get(old.id, old.context)
            if current is not None:
                current.string = current.string or old.string
                del catalog.obsolete[key]
        catalog.revision_date = datetime.now(UTC)
        content = render(catalog, ignore_obsolete=drop_obsolete)
        changed = _without_dates(before) != _without_dates(content) and write_if_changed(po, content)
        todo = [message for message in list(catalog)[1:] if not message.string or message.fuzzy]
        missing += len(todo)
        obsolete = [] if drop_obsolete else list(catalog.obsolete.values())
        print(
            f"{shown(po)}: {len(todo)} to translate, {len(obsolete)} obsolete{' (updated)' if changed else ''}",
            file=out,
        )
        for message in todo:
            context = f" [{message.context}]" if message.context else ""
            print(f"  to translate{context}: {message.id!r}", file=out)
        for message in obsolete:
            print(f"  obsolete (#~, delete with --drop-obsolete): {message.id!r}", file=out)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--drop-obsolete", action="store_true", help="delete messages the code no longer uses from the .po files"
    )
    parser.add_argument("--add-language", metavar="LANG", help="create an empty catalogue for LANG first")
    args = parser.parse_args(argv)
    if args.add_language:
        add_language(args.add_language)
    update(drop_obsolete=args.drop_obsolete)
    return 0


if __name__ == "__main__":
    sys.exit(main())
