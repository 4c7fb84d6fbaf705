"""Validate a parsed YAML file against a Pydantic model (the charter by default), turning every
Pydantic error into a diagnostic that points at the key or value as written and says what to do about it."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar, overload

from pydantic import BaseModel, RootModel, ValidationError
from yaml.nodes import ScalarNode

from copkit import rules
from copkit.diagnostics import Diagnostic, Severity
from copkit.messages import unprefixed
from copkit.model import Charter
from copkit.yamlfile import Document, Path, kind_of

M = TypeVar("M", bound=BaseModel)


@overload
def validate(document: Document, path: str) -> tuple[Charter | None, list[Diagnostic]]: ...
@overload
def validate(document: Document, path: str, model: type[M]) -> tuple[M | None, list[Diagnostic]]: ...
def validate(
    document: Document, path: str, model: type[BaseModel] = Charter
) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The document as a ``model`` (a charter unless told), or ``None`` and one diagnostic per problem
    Pydantic found (all of them). A list at the top level is validated by a ``RootModel[list[X]]``."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems = {_diagnostic(error, document, path, model) for error in exc.errors(include_url=False)}
        return None, sorted(problems)


def _diagnostic(error: Any, document: Document, path: str, model: type[BaseModel]) -> Diagnostic:
    loc: Path = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    if "at" in ctx:  # a rule about the whole mapping that is best shown at one of its keys
        loc += (ctx["at"],)
    value = error.get("input")
    where = _label(loc[:-1])
    inside = f" in {where}" if where else ""

    if kind == "missing":
        line, column = document.position(loc)
        rule, message = rules.MISSING_KEY, f"missing required key '{loc[-1]}'{inside}{_about(loc, model)}"
    elif kind == "too_long":  # a list: shown at its key, where the coach sees what the list is
        line, column = document.position(loc, key=True)
        count = ctx.get("actual_length")
        has = f"has {count} items" if count is not None else "has too many items"
        rule, message = rules.TOO_LONG, f"{_label(loc)}: {has}: keep it to at most {ctx.get('max_length')}"
    elif kind == "extra_forbidden":
        line, column = document.position(loc, key=True)
        rule, message = rules.UNKNOWN_KEY, f"unknown key '{loc[-1]}'{inside}{_suggest_key(loc, model)}"
    else:
        line, column = document.position(loc)
        rule, message = _explain(kind, loc, value, ctx, unprefixed(error["msg"]), document)
        message = f"{_label(loc)}: {message}" if _label(loc) else message
    return Diagnostic(path, line, column, Severity.ERROR, rule.code, message)


def _explain(
    kind: str, loc: Path, value: Any, ctx: dict[str, Any], default: str, document: Document
) -> tuple[rules.Rule, str]:
    """The rule broken and a message in a coach's words, for one Pydantic error type."""
    found = kind_of(value)
    if kind == "unquoted_boolean":
        node = document.nodes.get(document.written(loc))
        raw = node.value if isinstance(node, ScalarNode) else str(value).lower()
        return rules.UNQUOTED_BOOLEAN, f'a bare {raw} is read as true/false, not as text: write "{raw}" in quotes'
    if kind == "string_type":
        return (
            rules.WRONG_TYPE,
            "is empty: write the text, or leave the key out" if value is None else f"expected text, found {found}",
        )
    if kind == "list_type":
        return rules.WRONG_TYPE, f"expected a list (one '- item' a line), found {found}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return rules.WRONG_TYPE, f"expected a mapping (key: value lines), found {found}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return rules.WRONG_TYPE, f"expected a whole number, found {found}{_quoted(value)}"
    if kind in ("float_type", "float_parsing"):
        return rules.WRONG_TYPE, f"expected a number, found {found}{_quoted(value)}"
    if kind == "literal_error" and loc == ("copkit",):
        return rules.INVALID_VALUE, f"format version {value} is not supported: this copkit reads version 1"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'|(\d+)", ctx.get("expected", ""))
        options = [text or number for text, number in choices]
        if value is None:
            return rules.WRONG_TYPE, f"is empty: choose one of {', '.join(options)}"
        return rules.INVALID_VALUE, f"'{value}' is not one of {', '.join(options)}{did_you_mean(str(value), options)}"
    if kind in ("bool_type", "bool_parsing"):
        return rules.WRONG_TYPE, f"expected true or false, found {found}{_quoted(value)}"
    if kind == "string_too_short":
        return rules.WRONG_TYPE, "is empty: write the text"
    if kind == "too_short":
        return (
            (rules.WRONG_TYPE, "is empty") if isinstance(value, str) else (rules.MISSING_KEY, "needs at least one item")
        )
    if kind == "greater_than_equal":
        return rules.INVALID_VALUE, f"{value} is too small: at least {ctx['ge']}"
    if kind == "less_than_equal":
        return rules.INVALID_VALUE, f"{value} is too large: at most {ctx['le']}"
    if kind == "number_not_boolean":
        return rules.WRONG_TYPE, default
    if kind == "text_too_long":
        return rules.TOO_LONG, default
    return rules.INVALID_VALUE, default


def _quoted(value: Any) -> str:
    return f" '{value}'" if isinstance(value, str) else ""


def _label(loc: Path) -> str:
    """``cadence.time`` or ``values.behaviour``: the keys leading there; line and column say which item."""
    return ".".join(part for part in loc if isinstance(part, str))


def _about(loc: Path, model: type[BaseModel]) -> str:
    field = _fields_at(loc[:-1], model).get(str(loc[-1]))
    description = field.description if field is not None else None
    return f": {description}" if description else ""


def _suggest_key(loc: Path, model: type[BaseModel]) -> str:
    known = list(_fields_at(loc[:-1], model))
    hint = did_you_mean(str(loc[-1]), known)
    if hint:
        return hint
    extensions = " (extension keys start with 'x-')" if _takes_extensions(_model_at(loc[:-1], model)) else ""
    return f"; known keys here: {', '.join(known)}{extensions}" if known else ""


def _takes_extensions(model: type[BaseModel] | None) -> bool:
    """Whether the mapping keeps ``x-`` keys aside, as every charter mapping does."""
    extra = (model.model_config.get("json_schema_extra") if model is not None else None) or {}
    patterns = extra.get("patternProperties") if isinstance(extra, dict) else None
    return isinstance(patterns, dict) and "^x-" in patterns


def did_you_mean(word: str, options: list[str]) -> str:
    """A hint at the option meant: the same word in other letters, the English for a word typed in
    another language (from the catalogues: 'Dinsdag' means tuesday), or a close spelling."""
    from copkit.i18n import (
        typed_words,  # Babel and the catalogues only when a choice is wrong: `copkit check` stays light
    )

    by_case = {option.casefold(): option for option in options}
    translated = next((choice for choice in typed_words().get(word.casefold().strip(), ()) if choice in by_case), None)
    folded = word.casefold().strip()
    # 'retrospective' for 'retro': a whole word that begins with an option (or the other way round)
    shortened = next((option for option in by_case if len(folded) >= 3 and folded.startswith(option)), None)
    close = (
        by_case.get(word.casefold())
        or translated
        or shortened
        or next(iter(difflib.get_close_matches(word.casefold(), list(by_case), n=1, cutoff=0.6)), None)
    )
    if close is None:
        return ""
    return f" (did you mean '{by_case.get(close, close)}'?)"


def _fields_at(loc: Path, top: type[BaseModel]) -> dict[str, Any]:
    """The fields of the model found at ``loc`` inside ``top``, else none."""
    model = _model_at(loc, top)
    return dict(model.model_fields) if model is not None else {}


def _model_at(loc: Path, top: type[BaseModel]) -> type[BaseModel] | None:
    """The model found at ``loc`` inside ``top`` (list indexes step into items), else ``None``."""
    model: type[BaseModel] | None = _unwrapped(top)
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _unwrapped(_model_in(field.annotation)) if field is not None else None
    return model


def _unwrapped(model: type[BaseModel] | None) -> type[BaseModel] | None:
    """The model a ``RootModel[list[X]]`` holds (X), or the model itself; errors inside a root model
    have no ``root`` step in their location."""
    while model is not None and issubclass(model, RootModel):
        model = _model_in(model.model_fields["root"].annotation)
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``list[X]``, ``X | None`` or ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            if found := _model_in(argument):
                return found
    return None
