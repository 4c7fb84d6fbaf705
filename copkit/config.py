"""Project configuration, as ruff and yamllint keep it: ``[tool.copkit]`` in ``pyproject.toml`` or a
``.copkit.toml``, found by walking up from the checked path, so a repository says once what every call
would otherwise repeat.

Keys (patterns are gitignore-style, relative to the configuration file's folder)::

    include = ["charters/*.yaml"]        # YAML files to check even without a top-level 'copkit:' key
    exclude = ["legacy/", "drafts/*.yaml"]
    ignore = ["W105"]                      # warnings switched off everywhere
    per-file-ignores = {"legacy/*.yaml" = ["W101"]}
    strict = true                          # warnings fail the check too
    lang = "nl"                            # the language of messages and handouts

An unknown key or a value of the wrong type is a :class:`ConfigError` naming the file and the key
(``tomllib`` gives no line numbers). Imports nothing heavy: ``copkit check`` reads it on every run.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.choices import LANGUAGES
from copkit.errors import UsageError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

CONFIG_NAMES = (".copkit.toml", "pyproject.toml")  # in this order: .copkit.toml wins in the same folder

KEYS = ("include", "exclude", "ignore", "per-file-ignores", "strict", "lang")


class ConfigError(UsageError):
    """A configuration file copkit cannot use; the message names the file and the key."""


@functools.lru_cache(maxsize=256)
def spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """Gitignore-style patterns, as pathspec reads them, compiled once (imported here: only discovery needs it)."""
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def relative(path: Path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` in POSIX form, or None when it lies outside it."""
    try:
        return Path(path).absolute().relative_to(folder).as_posix()
    except ValueError:
        return None


@dataclass
class Config:
    """What is in force. ``source`` is the file it came from (None: no file, the defaults)."""

    source: Path | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    ignore: frozenset[str] = frozenset()
    per_file_ignores: dict[str, frozenset[str]] = field(default_factory=dict)
    strict: bool = False
    lang: str | None = None

    @property
    def root(self) -> Path:
        """The folder the patterns are relative to: the configuration file's, or the current one."""
        return (self.source.parent if self.source else Path.cwd()).absolute()

    def _matches(self, patterns: Iterable[str], path: Path, *, folder: bool = False) -> bool:
        patterns = tuple(patterns)
        if not patterns:  # before the path is made absolute: a walk asks for every file
            return False
        where = relative(path, self.root)
        if where is None:
            return False
        return spec(tuple(patterns)).match_file(where + ("/" if folder else ""))

    def included(self, path: Path) -> bool:
        return self._matches(self.include, path)

    def excluded(self, path: Path, *, folder: bool = False) -> bool:
        return self._matches(self.exclude, path, folder=folder)

    def ignored_for(self, path: Path) -> frozenset[str]:
        """The codes ``per-file-ignores`` switches off for ``path`` (``ignore`` applies everywhere)."""
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores.items():
            if self._matches([pattern], path):
                codes |= ignored
        return frozenset(codes)

    def as_toml(self) -> str:
        """What is in force, as TOML a user may paste into ``.copkit.toml``, with where it came from."""
        origin = f"# from {self.source}" if self.source else "# no configuration file found: the defaults"

        def strings(values: Iterable[str]) -> str:
            return "[" + ", ".join(f'"{value}"' for value in values) + "]"

        per_file = ", ".join(
            f'"{pattern}" = {strings(sorted(codes))}' for pattern, codes in self.per_file_ignores.items()
        )
        lines = [
            origin,
            "[tool.copkit]" if self.source and self.source.name == "pyproject.toml" else "",
            f"include = {strings(self.include)}",
            f"exclude = {strings(self.exclude)}",
            f"ignore = {strings(sorted(self.ignore))}",
            f"per-file-ignores = {{{per_file}}}",
            f"strict = {'true' if self.strict else 'false'}",
            f'lang = "{self.lang}"' if self.lang else "# lang: not set (each charter's own language)",
        ]
        return "\n".join(line for line in lines if line) + "\n"


def find_config(start: Path) -> Path | None:
    """The first ``.copkit.toml``, or ``pyproject.toml`` with a ``[tool.copkit]`` table, in ``start``'s
    folder or one above it. A ``pyproject.toml`` without that table is passed over, as ruff does."""
    folder = Path(start).absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == "pyproject.toml" and "copkit" not in _read(path).get("tool", {}):
                continue
            return path
    return None


def load_config(start: Path | None = None) -> Config:
    """The configuration in force for ``start`` (default: the current folder); the defaults when no
    file is found."""
    path = find_config(start or Path("."))
    if path is None:
        return Config()
    table = _read(path)
    if path.name == "pyproject.toml":
        table = table["tool"]["copkit"]
        prefix = "tool.copkit."
    else:
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.copkit] must be a table")
    return parse(table, path, prefix)


def parse(table: Mapping[str, Any], path: Path, prefix: str = "") -> Config:
    """A :class:`Config` from a TOML table; any unknown key or wrong type names the file and the key."""

    def fail(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {what}")

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; the keys are {', '.join(KEYS)}"
            raise fail(key, f"unknown key{hint}")

    def patterns(key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, 'must be a list of patterns, e.g. ["legacy/*.yaml"]')
        return value

    def codes(key: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, 'must be a list of warning codes, e.g. ["W105"]')
        try:
            return warning_codes(value)
        except ValueError as error:
            raise fail(key, str(error)) from None

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise fail("per-file-ignores", 'must be a table of patterns and codes, e.g. {"legacy/*.yaml" = ["W101"]}')
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise fail("strict", "must be true or false")
    lang = table.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise fail("lang", f"must be one of {', '.join(LANGUAGES)}")
    return Config(
        source=path,
        include=patterns("include"),
        exclude=patterns("exclude"),
        ignore=codes("ignore", table.get("ignore", [])),
        per_file_ignores={
            pattern: codes(f'per-file-ignores."{pattern}"', value) for pattern, value in per_file.items()
        },
        strict=strict,
        lang=lang,
    )


def warning_codes(values: Iterable[str]) -> frozenset[str]:
    """Codes as written (any case, comma-separated allowed), each a known warning; ValueError otherwise."""
    from copkit import rules

    codes = {code.strip().upper() for value in values for code in value.split(",") if code.strip()}
    for code in sorted(codes):
        rule = rules.REGISTRY.get(code)
        if rule is None:
            raise ValueError(f"unknown rule code {code}; 'copkit rules' lists them")
        if rule.severity.value == "error":
            raise ValueError(f"{code} is an error of the charter format, not advice: it cannot be ignored")
    return frozenset(codes)


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when a configuration file is found: most runs have none

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it: {error.strerror or error}") from None
