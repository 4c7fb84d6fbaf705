"""Render handouts from a valid charter: Markdown, print-ready HTML, and PDF made from that HTML.

Charter text is data, never a template: it reaches Jinja only as values, autoescaped in HTML and
escaped for Markdown. ``StrictUndefined`` turns a template slip into an error in tests instead of
a blank in a printed handout. Output depends only on the charter, the language, the templates and
``meeting_date``, so the same input always gives the same bytes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from copkit.activities import Activity, plan_launch, plan_retro
from copkit.i18n import Words, builtin_templates, translations
from copkit.model import Charter, Person

HANDOUTS = ("onepager", "agenda", "retro")
FORMATS = ("md", "html", "pdf")
GENERATOR = "copkit"


class RenderError(Exception):
    """A problem with templates, activities or the output folder, said in words a coach can act on."""


@dataclass(frozen=True)
class Handout:
    handout: str
    fmt: str
    filename: str
    content: bytes


def slug(name: str) -> str:
    """A file-name-safe form of a community's name: 'Klantgericht schrijven' → 'klantgericht-schrijven'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "community"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~!])")


def escape_markdown(value: object) -> object:
    """Printed values in Markdown handouts: special characters escaped, so charter text stays text."""
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\r", " ").replace("\n", " ")
    return value


@functools.cache
def environment(kind: str, lang: str, templates: Path | None) -> jinja2.Environment:
    """A Jinja environment for ``kind`` ('md' or 'html') in ``lang``; the coach's folder comes first."""
    folders = [str(templates)] if templates is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(builtin_templates())]),
        autoescape=kind == "html",
        finalize=escape_markdown if kind == "md" else None,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["names"] = names  # for macros in labels.j2 too, which are imported without context
    return env


def names(people: Iterable[Person]) -> str:
    return ", ".join(person.name for person in people)


def render(
    charter: Charter,
    handout: str,
    fmt: str,
    *,
    lang: str,
    meeting_date: date | None = None,
    templates: Path | None = None,
    activities: dict[str, Activity] | None = None,
) -> Handout:
    """One handout as bytes, named ``<community-slug>-<handout>.<fmt>``."""
    kind = "md" if fmt == "md" else "html"
    context = handout_context(charter, handout, lang=lang, meeting_date=meeting_date, activities=activities)
    try:
        text = environment(kind, lang, templates).get_template(f"{handout}.{kind}.j2").render(context)
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"template {handout}.{kind}.j2: {where}{exc.message or exc}") from None
    content = to_pdf(text) if fmt == "pdf" else text.encode("utf-8")
    return Handout(handout, fmt, f"{slug(charter.name)}-{handout}.{fmt}", content)


def handout_context(
    charter: Charter,
    handout: str,
    *,
    lang: str,
    meeting_date: date | None = None,
    activities: dict[str, Activity] | None = None,
) -> dict[str, object]:
    """What a handout's template receives: the charter, its words, and the plan for agendas and retros."""
    plan: list[object] = []
    if handout == "agenda":
        plan = list(plan_launch(charter, activities))
        meeting_date = charter.launch.date if charter.launch and charter.launch.date else meeting_date
    elif handout == "retro":
        plan = list(plan_retro(charter, activities=activities))
    return {
        "c": charter,
        "lang": lang,
        "words": Words(lang),
        "meeting_date": meeting_date,
        "plan": plan,
        "generator": GENERATOR,
    }


def to_pdf(html: str) -> bytes:
    """The PDF of a rendered HTML handout, with WeasyPrint, so PDF and HTML look the same."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library WeasyPrint needs is missing
        raise RenderError(f"PDF needs WeasyPrint and its Pango library ({exc}); use --format html and print that") from None
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def made_by_copkit(path: Path) -> bool:
    """Whether an existing file is a handout copkit wrote, which it may replace without --force."""
    try:
        return GENERATOR.encode() in path.read_bytes()
    except OSError:
        return False
