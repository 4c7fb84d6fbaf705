"""Render handouts from a valid charter: Markdown, print-ready HTML, and PDF made from that HTML.

Charter text is data, never a template: it reaches Jinja only as values, autoescaped in HTML and
escaped for Markdown, each value once. ``StrictUndefined`` turns a template slip into an error in
tests instead of a blank in a printed handout. Output depends only on the charter, the language,
the templates and ``meeting_date``, so the same input always gives the same bytes.

What to render comes from :data:`copkit.handouts.REGISTRY`; how to write it, from :data:`FORMATS`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from copkit.activities import Activity
from copkit.choices import HandoutFormat, HandoutName, Language, Meeting
from copkit.errors import CopkitError
from copkit.files import write_outputs
from copkit.handouts import REGISTRY, Context
from copkit.i18n import Words, translations
from copkit.model import Charter
from copkit.paths import builtin_templates, slug

GENERATOR = "copkit"


class RenderError(CopkitError):
    """A problem with templates, activities or the output folder, said in words a coach can act on."""


@dataclass(frozen=True)
class Handout:
    handout: HandoutName
    fmt: HandoutFormat
    filename: str
    content: bytes


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~!])")


def escape_markdown(value: object) -> object:
    """Printed values in Markdown handouts: special characters escaped, so charter text stays text."""
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\r", " ").replace("\n", " ")
    return value


def to_pdf(html: str) -> bytes:
    """The PDF of a rendered HTML handout, with WeasyPrint, so PDF and HTML look the same."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library WeasyPrint needs is missing
        raise RenderError(
            f"PDF needs WeasyPrint and its Pango library ({exc}); use --format html and print that"
        ) from None
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class OutputFormat:
    """How one output format is made: which template, how values are escaped, what is done after."""

    template: str  # the template suffix: NAME.<template>.j2
    finish: Callable[[str], bytes]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


FORMATS: dict[HandoutFormat, OutputFormat] = {
    "md": OutputFormat("md", _utf8),
    "html": OutputFormat("html", _utf8),
    "pdf": OutputFormat("html", to_pdf),
}


@functools.cache
def environment(kind: str, lang: str, templates: Path | None) -> jinja2.Environment:
    """A Jinja environment for template kind ``kind`` ('md' or 'html') in ``lang``; the coach's
    folder comes first. Every printed value is escaped for the kind, once."""
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
    return env


def template_context(
    charter: Charter,
    handout: HandoutName,
    *,
    lang: Language,
    meeting_date: date | None = None,
    activities: dict[str, Activity] | None = None,
    minutes: int | None = None,
    meeting: Meeting | None = None,
) -> dict[str, object]:
    """What a handout's templates receive: ``v``, the view-model they lay out (see
    :mod:`copkit.handouts`), and for a coach's own templates the charter ``c`` and ``lang``."""
    return {
        "v": REGISTRY[handout].view(charter, Context(Words(lang), meeting_date, activities, minutes, meeting)),
        "c": charter,
        "lang": lang,
        "generator": GENERATOR,
    }


def render(
    charter: Charter,
    handout: HandoutName,
    fmt: HandoutFormat,
    *,
    lang: Language,
    meeting_date: date | None = None,
    templates: Path | None = None,
    activities: dict[str, Activity] | None = None,
    minutes: int | None = None,
    meeting: Meeting | None = None,
) -> Handout:
    """One handout as bytes, named ``<community-slug>-<handout>.<fmt>``; ``minutes`` and ``meeting``
    set the length of the agenda's and the retrospective's meeting and the agenda's kind of meeting."""
    output = FORMATS[fmt]
    context = template_context(
        charter,
        handout,
        lang=lang,
        meeting_date=meeting_date,
        activities=activities,
        minutes=minutes,
        meeting=meeting,
    )
    name = f"{handout}.{output.template}.j2"
    try:
        text = environment(output.template, lang, templates).get_template(name).render(context)
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"template {name}: {where}{exc.message or exc}") from None
    return Handout(handout, fmt, REGISTRY[handout].filename(slug(charter.name), fmt), output.finish(text))


def refuse_same_names(rendered: list[Handout], sources: Sequence[str] | None = None) -> None:
    """Two communities whose handouts would overwrite each other stop the run before anything is written.

    ``sources`` are the charter files the handouts come from, in the same order, for the message."""
    first: dict[str, str] = {}
    for position, handout in enumerate(rendered):
        source = sources[position] if sources is not None else ""
        if handout.filename not in first:
            first[handout.filename] = source
        elif sources is None:
            raise RenderError(f"two charters would both write {handout.filename}: give the communities different names")
        elif first[handout.filename] != source:  # the same file given twice writes the same bytes twice
            raise RenderError(
                f"{first[handout.filename]} and {source} would both write {handout.filename}: "
                "give the communities different names"
            )


def stale_handouts(rendered: list[Handout], out: Path, *, strict: bool) -> tuple[list[str], int]:
    """Each handout in ``out`` that no longer matches its charter (and, when ``strict``, each missing
    one), and how many were compared; only handouts present in ``out`` count otherwise."""
    stale, compared = [], 0
    for handout in rendered:
        target = out / handout.filename
        if not target.is_file():
            if strict:
                stale.append(f"{target}: missing")
            continue
        compared += 1
        if target.read_bytes() != handout.content:
            stale.append(f"{target}: no longer matches its charter")
    return stale, compared


def write_handouts(rendered: list[Handout], out: Path, *, force: bool) -> list[Path]:
    """Write every handout to ``out``, all or none (see :func:`copkit.files.write_outputs`): a file
    copkit did not write, or one edited since, stops the run unless ``force``."""
    written, _ = write_outputs(
        {out / handout.filename: handout.content for handout in rendered}, force=force, by="render"
    )
    return written
