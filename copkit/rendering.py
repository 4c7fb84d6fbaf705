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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from copkit import pdf
from copkit.activities import Activity
from copkit.choices import Audience, HandoutFormat, HandoutName, Language, Meeting
from copkit.errors import CopkitError
from copkit.files import write_outputs
from copkit.handouts import DENSITIES, REGISTRY, Context
from copkit.i18n import Words, translations
from copkit.journal import Journal
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


PDF_OPTIONS = pdf.OPTIONS  # how WeasyPrint writes every PDF: tagged for accessibility (PDF/UA-1)


def _unavailable(exc: pdf.Unavailable) -> RenderError:
    return RenderError(f"PDF needs WeasyPrint and its Pango library ({exc}); use --format html and print that")


def to_pdf(html: str, *, day: date) -> bytes:
    """The PDF of a rendered HTML document, with WeasyPrint, so PDF and HTML look the same; tagged
    for accessibility (:data:`PDF_OPTIONS`). The same HTML and ``day`` (the document's own date, which
    the fonts are stamped with) always give the same bytes, taken from the cache when made before."""
    try:
        with pdf.Batch([pdf.Layout((html,), day)]) as batch:
            content = next(iter(batch))
    except pdf.Unavailable as exc:
        raise _unavailable(exc) from None
    assert content is not None  # only a one-pager can fail to fit
    return content


def pdf_day(charter: Charter, meeting_date: date | None) -> date:
    """The date a handout's PDF is stamped with: the meeting's, else the launch's, else the charter's
    review date; a date of the handout's own, so it never changes from one day to the next."""
    return meeting_date or charter.launch_date or charter.review_date


@dataclass(frozen=True)
class Pending:
    """A handout whose PDF is still to be made (see :func:`finish`); ``too_long`` names what to
    shorten when a one-pager does not fit."""

    handout: HandoutName
    fmt: HandoutFormat
    filename: str
    layout: pdf.Layout
    too_long: str = ""


def finish(
    items: Sequence[Handout | Pending], progress: Callable[[pdf.Batch], Iterable[bytes | None]] = iter
) -> list[Handout]:
    """Every handout with its bytes, in order: the PDFs still to make are made by :class:`copkit.pdf.Batch`
    (from the cache, or laid out in worker processes), ``progress`` wrapped around them. The first
    one-pager in order that does not fit one A4 sheet, even in the smallest readable type, stops the
    run with what to shorten; "fits" means exactly that: one page of the PDF as printed."""
    pending = [item for item in items if isinstance(item, Pending)]
    made: list[bytes] = []
    try:
        with pdf.Batch([item.layout for item in pending]) as batch:
            for item, content in zip(pending, progress(batch), strict=True):
                if content is None:
                    raise RenderError(
                        f"does not fit on one A4 page, even in the smallest readable type: shorten {item.too_long}"
                    )
                made.append(content)
    except pdf.Unavailable as exc:
        raise _unavailable(exc) from None
    contents = iter(made)
    return [
        item if isinstance(item, Handout) else Handout(item.handout, item.fmt, item.filename, next(contents))
        for item in items
    ]


# What a one-pager holds, by the charter key a coach edits, for naming the longest when it does not fit.
def _sizes(charter: Charter) -> dict[str, int]:
    membership = charter.membership
    return {
        "values": sum(len(item.value) + len(item.behaviour or "") for item in charter.values),
        "ambitions": sum(len(item) for item in charter.ambitions),
        "evaluation_criteria": sum(
            len(item.criterion) + len(item.measure or "") + len(item.target or "")
            for item in charter.evaluation_criteria
        ),
        "purpose.statement": len(charter.purpose.statement),
        "domain": len(charter.domain or ""),
        "membership": len(membership.admission or "") + len(membership.how_to_join or "")
        + sum(len(name) for name in membership.core),
        "tooling": sum(len(tool.name) + len(tool.purpose or "") + len(tool.url or "") for tool in charter.tooling),
        "roles.others": sum(len(other.role) + len(other.name) for other in charter.roles.others),
        "cadence": len(charter.cadence.location or "") + sum(len(item) for item in charter.cadence.formats),
    }  # fmt: skip


def longest_parts(charter: Charter, count: int = 3) -> str:
    """'values (20,000 characters), ambitions (…) or evaluation_criteria (…)': the longest parts first."""
    sizes = sorted(((size, key) for key, size in _sizes(charter).items() if size), reverse=True)[:count]
    parts = [f"{key} ({size:,} characters)" for size, key in sizes]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"


# What a template can raise at run time (a misspelt name, a filter given the wrong type, …); the
# message names the template's file and line, never a traceback.
TEMPLATE_FAILURES = (jinja2.TemplateError, TypeError, ValueError, LookupError, ArithmeticError, AttributeError)


def template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line an error was raised at: Jinja rewrites a traceback so that each
    template frame names its file and line; the innermost one is where the template went wrong.
    None when no template frame is in the traceback (the error came from copkit's own code)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename and exc.lineno:
        return exc.filename, exc.lineno
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return found


def template_error(exc: BaseException, name: str) -> CopkitError:
    """``RenderError('my-templates/onepager.html.j2:12: 'v' has no attribute 'nme'')``: a template's
    failure said at its file and line, so a coach editing their own templates knows where to look.
    An error not raised in a template is copkit's own and is raised again as it is."""
    where = template_line(exc)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    if where is None:
        if isinstance(exc, jinja2.TemplateError):
            return RenderError(f"template {name}: {message}")
        raise exc
    filename, line = where
    return RenderError(f"{filename}:{line}: {message} (template {name})")


@dataclass(frozen=True)
class OutputFormat:
    """How one output format is made: which template, how values are escaped, what is done after."""

    template: str  # the template suffix: NAME.<template>.j2
    finish: Callable[[str], bytes] | None  # None: a PDF, made by copkit.pdf (see finish())


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


FORMATS: dict[HandoutFormat, OutputFormat] = {
    "md": OutputFormat("md", _utf8),
    "html": OutputFormat("html", _utf8),
    "pdf": OutputFormat("html", None),
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
    audience: Audience = "facilitator",
    density: int = 0,
    minutes: int | None = None,
    meeting: Meeting | None = None,
    journal: Journal | None = None,
) -> dict[str, object]:
    """What a handout's templates receive: ``v``, the view-model they lay out (see
    :mod:`copkit.handouts`), and for a coach's own templates the charter ``c`` and ``lang``."""
    return {
        "v": REGISTRY[handout].view(
            charter, Context(Words(lang), meeting_date, activities, audience, density, minutes, meeting, journal)
        ),
        "c": charter,
        "lang": lang,
        "generator": GENERATOR,
    }


def prepare(
    charter: Charter,
    handout: HandoutName,
    fmt: HandoutFormat,
    *,
    lang: Language,
    meeting_date: date | None = None,
    templates: Path | None = None,
    activities: dict[str, Activity] | None = None,
    audience: Audience = "facilitator",
    minutes: int | None = None,
    meeting: Meeting | None = None,
    journal: Journal | None = None,
    site_nav: object | None = None,
) -> Handout | Pending:
    """One handout as bytes, or for a PDF its HTML ready to be laid out by :func:`finish`; named
    ``<community-slug>-<handout>.<fmt>`` (see :meth:`HandoutSpec.filename`);
    ``minutes`` and ``meeting`` set the length of the agenda's and the retrospective's meeting and the
    agenda's kind of meeting; ``journal``, the community's journal, brings its open actions and last
    scores to the agenda and the retrospective sheet; ``site_nav`` (:class:`copkit.website.SiteNav`), the
    links a page of the site adds above the handout, which no printed handout has.

    A one-page handout's PDF is laid out ever more tightly until it fits one sheet (its HTML is given at
    each of :data:`copkit.handouts.DENSITIES`, roomiest first). Markdown and HTML have no pages: they always take the roomiest layout,
    so they never depend on WeasyPrint; a browser prints a very full charter's HTML on two pages.
    A coach's own HTML template for the handout is printed as it is, however many pages it makes."""
    output = FORMATS[fmt]
    spec = REGISTRY[handout]
    name = f"{handout}.{output.template}.j2"

    def text(density: int = 0) -> str:
        context = template_context(
            charter,
            handout,
            lang=lang,
            meeting_date=meeting_date,
            activities=activities,
            audience=audience,
            density=density,
            minutes=minutes,
            meeting=meeting,
            journal=journal,
        )
        if site_nav is not None:
            context["site_nav"] = site_nav
        try:
            return environment(output.template, lang, templates).get_template(name).render(context)
        except TEMPLATE_FAILURES as exc:
            raise template_error(exc, name) from None

    filename = spec.filename(slug(charter.name), fmt, audience)
    if output.finish is not None:
        return Handout(handout, fmt, filename, output.finish(text()))
    day = pdf_day(charter, meeting_date)
    if spec.one_page and not (templates is not None and (templates / name).is_file()):
        layout = pdf.Layout(tuple(text(density) for density in DENSITIES), day, one_page=True)
        return Pending(handout, fmt, filename, layout, longest_parts(charter))
    return Pending(handout, fmt, filename, pdf.Layout((text(),), day))


def render(charter: Charter, handout: HandoutName, fmt: HandoutFormat, **options: Any) -> Handout:
    """One handout as bytes: :func:`prepare` with the same arguments, and its PDF made at once."""
    return finish([prepare(charter, handout, fmt, **options)])[0]


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
