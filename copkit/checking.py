"""Check charter files: read, parse, validate, then run the warnings' checks. Never raises on bad input."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from copkit import noqa, parallel, rules
from copkit.config import Config, relative, spec
from copkit.diagnostics import Diagnostic, Severity
from copkit.errors import CopkitError
from copkit.files import kind_of
from copkit.model import Charter
from copkit.validation import did_you_mean, validate
from copkit.yamlfile import LoadError, read_document, read_stream, source_lines

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from copkit.journal import Journal, Located

CHARTER_SUFFIXES = (".yaml", ".yml")
# A folder walk checks a YAML file only when it says it is copkit's: a line 'copkit:' at its top level
# within its first SNIFF_BYTES (a comment line or two may come first, as in the examples).
SNIFF_BYTES = 4096
_COPKIT_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?copkit[ \t]*:", re.MULTILINE)


@dataclass
class FileResult:
    """What checking one file found; ``charter`` is set when the file is a valid charter, ``entry``
    when it is a valid journal entry, and ``is_entry`` whenever it is meant as one (valid or not)."""

    path: str
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    charter: Charter | None = None
    entry: Located | None = None
    is_entry: bool = False
    community: str | None = None  # the community an entry names, valid or not
    # Once :meth:`compact`: the lines the problems point at, by number, in place of the text.
    lines: dict[int, str] | None = None

    @property
    def errors(self) -> int:
        return sum(problem.severity is Severity.ERROR for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity is Severity.WARNING for problem in self.problems)

    def shown_lines(self) -> dict[int, str]:
        """The lines of the file its problems point at, by 1-based number: what a report quotes."""
        if self.lines is not None:
            return self.lines
        if not self.text or not self.problems:
            return {}
        every = source_lines(self.text)
        return {problem.line: every[problem.line - 1] for problem in self.problems if 0 < problem.line <= len(every)}

    def compact(self) -> None:
        """Keep only what a report needs (path, problems, the lines they point at): a check of
        10,000 files would otherwise hold 10,000 charter models and texts until it reports."""
        self.lines = self.shown_lines()
        self.text, self.charter, self.entry = "", None, None


@dataclass
class Found:
    """What :func:`discover` found: the files to check, each once; the folders it could not read,
    each as an E001 error of that folder (charters in them go unchecked, so CI must not pass); and
    notes on what it passed over on purpose."""

    files: list[Path] = field(default_factory=list)
    unreadable: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # YAML files a walk passed over because they are not copkit's, and the paths excluded (by a
    # .gitignore, the configuration's exclude or --exclude), for --verbose
    passed_over: list[Path] = field(default_factory=list)
    excluded: list[Path] = field(default_factory=list)


def is_copkit_file(path: Path) -> bool:
    """Whether a YAML file says it is a charter or journal entry: a top-level ``copkit:`` key in its
    first :data:`SNIFF_BYTES`. Cheap (no parsing); a file that cannot be read is checked, so its error shows."""
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return True
    return _COPKIT_KEY.search(head) is not None


@dataclass
class Selection:
    """What a folder walk passes over besides non-copkit YAML: the configuration's ``include`` and
    ``exclude`` and the command line's ``--exclude`` patterns (relative to the current folder);
    ``gitignore`` says whether ``.gitignore`` files count."""

    config: Config = field(default_factory=Config)
    exclude: list[str] = field(default_factory=list)
    gitignore: bool = True

    def excluded(self, path: Path, *, folder: bool = False) -> bool:
        if self.config.excluded(path, folder=folder):
            return True
        if not self.exclude:
            return False
        where = relative(path, Path.cwd().absolute())
        return where is not None and spec(tuple(self.exclude)).match_file(where + ("/" if folder else ""))

    def wanted(self, path: Path) -> bool:
        return is_copkit_file(path) or self.config.included(path)


def find_charters(paths: Iterable[Path]) -> Iterator[Path]:
    """The files :func:`discover` finds, for callers that need no more."""
    yield from discover(paths).files


def discover(paths: Iterable[Path], selection: Selection | None = None, *, filter_files: bool = False) -> Found:
    """Files as given; for folders, every copkit file (``*.yaml`` and ``*.yml`` with a top-level
    ``copkit:`` key, or matching the configuration's ``include``) below, skipping hidden ones, what a
    ``.gitignore`` names and what ``exclude`` patterns name (see :class:`Selection`). Other YAML files
    (docker-compose.yml, mkdocs.yml) are passed over and listed in :attr:`Found.passed_over`.
    ``filter_files`` applies the same rule to files named as such (pre-commit names every YAML file).

    Hidden files and folders (``.git``, ``.github``, ``.pre-commit-config.yaml``) hold tool
    configuration, never charters, so a walk passes them over; name one to check it anyway. A walk
    does not follow a symbolic link to a folder (it could lead out of the tree, or round in a circle)
    and passes over a YAML name that is not a regular file (a FIFO would block the reader): both are
    noted. A folder it cannot read is an error of that folder. A path given as such is always checked,
    so a FIFO named on the command line is reported as that file's E001. The same file reached twice
    (named twice, or through a link) is checked once. The walk keeps its own stack, so any depth works.
    """
    found = Found()
    chosen = selection or Selection()
    seen: set[tuple[int, int] | str] = set()

    def add(path: Path) -> None:
        try:
            status = path.stat()
            key: tuple[int, int] | str = (status.st_dev, status.st_ino)
        except OSError:
            key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in paths:
        if not path.is_dir():
            if filter_files and path.name.endswith(CHARTER_SUFFIXES):
                if chosen.excluded(path) or (chosen.gitignore and _ignored_by_git(path)):
                    found.excluded.append(path)
                    continue
                if not chosen.wanted(path):
                    found.passed_over.append(path)
                    continue
            add(path)
            continue
        for file in _walk(path, found, chosen):
            add(file)
    return found


Ignores = tuple[tuple[Path, "GitIgnoreSpec"], ...]


def _gitignore(folder: Path) -> GitIgnoreSpec | None:
    try:
        lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return spec(tuple(lines))


def _parent_ignores(top: Path) -> Ignores:
    """The ``.gitignore`` files above ``top`` up to its repository's root (the folder with ``.git``);
    none when ``top`` is in no repository."""
    folder = top.absolute()
    above: list[Path] = []
    for candidate in folder.parents:
        above.append(candidate)
        if (candidate / ".git").exists():
            break
    else:
        return ()
    if (folder / ".git").exists():
        return ()
    found = [(candidate, _gitignore(candidate)) for candidate in reversed(above)]
    return tuple((where, ignore) for where, ignore in found if ignore is not None)


def _matches(ignores: Ignores, path: Path, *, folder: bool) -> bool:
    for base, ignore in ignores:
        where = relative(path, base)
        if where is not None and ignore.match_file(where + ("/" if folder else "")):
            return True
    return False


def _ignored_by_git(path: Path) -> bool:
    ignores = _parent_ignores(path.parent)
    own = _gitignore(path.parent)
    if own is not None:
        ignores += ((path.parent.absolute(), own),)
    return _matches(ignores, path, folder=False)


def _walk(top: Path, found: Found, chosen: Selection) -> list[Path]:
    files: list[Path] = []
    parents = _parent_ignores(top) if chosen.gitignore else ()
    if _matches(parents, top, folder=True):
        parents = ()  # a folder named as such is searched, even when a .gitignore above names it
    stack: list[tuple[Path, Ignores]] = [(top, parents)]
    while stack:
        folder, ignores = stack.pop()
        if chosen.gitignore and (own := _gitignore(folder)) is not None:
            ignores = (*ignores, (folder.absolute(), own))
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = f"cannot read the folder: {reason}; the charters in it are not checked"
            problem = Diagnostic(str(folder), 1, 1, Severity.ERROR, rules.FILE_UNREADABLE.code, message)
            found.unreadable.append(FileResult(str(folder), [problem]))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            where = Path(folder, entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if _matches(ignores, where, folder=True) or chosen.excluded(where, folder=True):
                        found.excluded.append(where)
                    else:
                        stack.append((where, ignores))
                    continue
                if entry.is_symlink() and entry.is_dir():
                    found.notes.append(
                        f"skipped {where}: a symbolic link to a folder is not followed; name it to check it"
                    )
                    continue
                if not entry.name.endswith(CHARTER_SUFFIXES):
                    continue
                mode = entry.stat().st_mode
            except OSError:  # a dangling link: checking it says why it cannot be read
                files.append(where)
                continue
            if _matches(ignores, where, folder=False) or chosen.excluded(where):
                found.excluded.append(where)
            elif not stat.S_ISREG(mode):
                found.notes.append(f"skipped {where}: {kind_of(mode)}, not a regular file")
            elif chosen.wanted(where):
                files.append(where)
            else:
                found.passed_over.append(where)
    found.passed_over.sort()
    found.excluded.sort()
    return sorted(files)


def check_file(
    path: Path, *, today: date, ignore: frozenset[str] = frozenset(), source: BinaryIO | None = None
) -> FileResult:
    """Every problem in one file, errors first by position; the file itself is never written.

    Whatever goes wrong while reading one file is that file's problem: an unexpected exception
    becomes an error of this file that asks to report it, so the other files are still checked
    and a report is still complete. With ``source`` (the standard input), the text is read from it
    and ``path`` only names it."""
    try:
        return _check_file(path, today=today, ignore=ignore, source=source)
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the run; the message asks for a report
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        problem = Diagnostic(
            str(path),
            1,
            1,
            Severity.ERROR,
            rules.FILE_UNREADABLE.code,
            f"copkit could not read this file ({reason}); please report it",
        )
        return FileResult(str(path), [problem])


def _check_file(path: Path, *, today: date, ignore: frozenset[str], source: BinaryIO | None = None) -> FileResult:
    shown = str(path)
    result = FileResult(shown)
    try:
        document = read_document(path, shown) if source is None else read_stream(source, shown)
    except LoadError as exc:
        result.text = exc.text or ""  # decoded but not parsed: a syntax error still shows its line
        result.problems.extend(exc.problems)
        return result
    result.text = document.text
    result.problems.extend(document.problems)
    sound = not any(problem.severity is Severity.ERROR for problem in document.problems)
    entry_model = None
    if isinstance(document.data, dict) and document.data.get("kind") is not None:
        from copkit.journal import model_for  # journal entries only: a charter's check never builds their models

        entry_model = model_for(document.data)
    if entry_model is None:
        charter, problems = validate(document, shown)
        result.problems.extend(problems)
        if charter is not None and sound:
            result.charter = charter
    else:
        result.is_entry = True
        named = document.data.get("community")
        result.community = named.strip() if isinstance(named, str) else None
        entry, problems = validate(document, shown, entry_model)
        result.problems.extend(problems)
        if entry is not None and sound:
            from copkit.journal import Located

            result.entry = Located(entry, shown, document.positions())
    result.problems.extend(rules.run_checks(document, result.charter, shown, today=today, ignore=ignore))
    result.problems.sort()
    return result


def check_files(
    paths: Iterable[Path],
    *,
    today: date,
    ignore: frozenset[str] = frozenset(),
    config: Config | None = None,
    sources: dict[Path, BinaryIO] | None = None,
) -> list[FileResult]:
    """Check every file (:func:`check_file`), then the journal across them (:func:`link_journals`),
    then drop the warnings switched off for one file: by the configuration's ``per-file-ignores`` and
    by a ``# noqa`` in it (:mod:`copkit.noqa`), which reports a suppression that hides nothing. A
    path in ``sources`` is read from that stream instead (``copkit check -``).

    The results are :meth:`compact <FileResult.compact>`: what a report needs, nothing more. A
    charter is done once checked (the journal's findings go to the entries), so it is let go of at
    once, its name and path kept for the entries that name it; entries wait for the journal."""
    with few_collections():
        return _check_files(paths, today=today, ignore=ignore, config=config, sources=sources or {})


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """The garbage collector kept out of a long check: what is there already (modules, models) is
    frozen out of its reach, and it runs a tenth as often. A file's check leaves no cycles behind for it.
    Afterwards all is as before, unless something was frozen before (copkit's start-up): it stays so."""
    threshold = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen_before:
            gc.unfreeze()


# From this many files on, check (and status) spreads them over the cores other work leaves idle, in
# chunks (copkit.parallel). Measured on two cores (whole processes, round-robin): with one core free, two
# workers took 0.74x of one process's time at 3,000 files and 0.92x at 10,000 (the issue: 0.55x at
# 10,000 on idle cores); at 1,000 no gain (0.75x to 1.10x); with both cores busy, 1.16x to 1.28x at 10,000.
PARALLEL_FILES = 2_000
CHUNK_FILES = 250

# One file checked: its result, and for a valid charter its name, and its model if it cannot be read again
Checked = tuple[FileResult, str | None, Charter | None]


def _check_files(
    paths: Iterable[Path], *, today: date, ignore: frozenset[str], config: Config | None, sources: dict[Path, BinaryIO]
) -> list[FileResult]:
    paths = list(paths)
    work = functools.partial(_check_chunk, today=today, ignore=ignore, config=config)
    checked: Iterable[Checked]
    if not sources and len(paths) >= PARALLEL_FILES and (workers := parallel.idle_cores()):
        chunks = [paths[start : start + CHUNK_FILES] for start in range(0, len(paths), CHUNK_FILES)]
        checked = parallel.in_order(work, chunks, workers=workers)
    else:
        checked = (
            _check_one(path, today=today, ignore=ignore, config=config, source=sources.get(path)) for path in paths
        )
    results: list[FileResult] = []
    charters: dict[str, Charter | Path] = {}  # by name, the last of a name winning; see _Charters
    for path, (result, name, model) in zip(paths, checked, strict=True):
        if name is not None:
            charters[name] = model or path
        results.append(result)
    link_journals(results, today=today, ignore=ignore, charters=charters)
    entries = [result for result in results if result.is_entry]
    suppress(entries, ignore=ignore, config=config)
    for result in entries:
        result.compact()
    return results


def _check_one(
    path: Path, *, today: date, ignore: frozenset[str], config: Config | None, source: BinaryIO | None = None
) -> Checked:
    """:func:`check_file`, and a charter's result made final and compact at once (the journal's
    findings go to the entries, which wait for it). A charter read from a stream keeps its model."""
    result = check_file(path, today=today, ignore=ignore, source=source)
    if result.is_entry:
        return result, None, None
    charter = result.charter
    suppress([result], ignore=ignore, config=config)
    result.compact()
    if charter is None:
        return result, None, None
    return result, charter.name, charter if source is not None else None


def _check_chunk(paths: Sequence[Path], *, today: date, ignore: frozenset[str], config: Config | None) -> list[Checked]:
    """A worker's share of :func:`check_files`."""
    return [_check_one(path, today=today, ignore=ignore, config=config) for path in paths]


def suppress(results: Iterable[FileResult], *, ignore: frozenset[str], config: Config | None) -> None:
    """Drop, in place, the warnings switched off for each file: ``ignore``, the configuration's
    ``per-file-ignores`` and the file's own ``# noqa`` comments (W301 for one that hides nothing)."""
    for result in results:
        switched_off = ignore | (config.ignored_for(Path(result.path)) if config else frozenset())
        problems = [
            problem
            for problem in result.problems
            if problem.severity is Severity.ERROR or problem.code not in switched_off
        ]
        result.problems = noqa.apply(problems, result.text, result.path, ignore=switched_off)


# How far up from an entry's folder copkit looks for its charter when it was not checked with it
# (pre-commit passes only the files that changed): journal/ → the community's folder → its parent.
CHARTER_LEVELS_UP = 3


def link_journals(
    results: list[FileResult],
    *,
    today: date,
    ignore: frozenset[str] = frozenset(),
    charters: Mapping[str, Charter | Path] | None = None,
) -> dict[str, Journal]:
    """Match each journal entry to its charter, report what does not match (E027 for a community no
    charter names, E028 for a criterion the charter does not name) and the journal's coaching
    warnings, each in the file of the entry it is about. Returns the journals by community name.

    An entry's charter is one of the files checked with it, else a charter in its folder or one of
    the :data:`CHARTER_LEVELS_UP` folders above it (checking one changed entry finds the charter
    beside its ``journal/`` folder). ``charters`` names the valid charters among ``results`` when
    their models were let go of (see :class:`_Charters`); by default they are the results' own."""
    valid = _Charters(
        {result.charter.name: result.charter for result in results if result.charter is not None}
        if charters is None
        else charters,
        today=today,
    )
    nearby = _Nearby()
    entries: dict[str, list[Located]] = {}
    for result in results:
        located = result.entry
        if located is None:
            continue
        entry = located.entry
        charter = valid.get(entry.community) or nearby.charter(Path(result.path), entry.community)
        if charter is None:
            known = sorted(valid.names | nearby.names)
            hint = did_you_mean(entry.community, known)
            where = f"; charters checked: {', '.join(known[:5])}" if known and not hint else ""
            line, column = located.at("community")
            message = (
                f"no charter named '{entry.community}' among the files checked or beside the journal{hint}{where}:"
                " write the charter's name exactly, or check the entry together with its charter"
            )
            result.problems.append(
                Diagnostic(result.path, line, column, Severity.ERROR, rules.UNKNOWN_COMMUNITY.code, message)
            )
            result.entry = None
            continue
        named = [criterion.criterion for criterion in charter.evaluation_criteria]
        unknown = False
        for index, scored in enumerate(getattr(entry, "criteria", ())):
            if scored.criterion not in named:
                unknown = True
                line, column = located.at("criteria", index, "criterion")
                hint = did_you_mean(scored.criterion, named) or f"; the charter names {', '.join(named)}"
                message = f"'{scored.criterion}' is not one of the charter's evaluation criteria{hint}"
                result.problems.append(
                    Diagnostic(result.path, line, column, Severity.ERROR, rules.UNKNOWN_CRITERION.code, message)
                )
        if unknown:
            result.entry = None
            continue
        valid.add(charter)
        entries.setdefault(charter.name, []).append(located)
    journals: dict[str, Journal] = {}
    if entries:  # copkit.journal's models only when there are entries: a charter's check never builds them
        from copkit.journal import Journal

        journals = {name: Journal.of(valid.model(name), found) for name, found in entries.items()}
    by_path = {result.path: result for result in results}
    for problem in rules.run_journal_checks(journals.values(), today=today, ignore=ignore):
        by_path[problem.path].problems.append(problem)
    for result in results:
        if result.is_entry:
            result.problems.sort()
    return journals


def journals_for(charters: Sequence[FileResult], *, today: date) -> dict[str, Journal]:
    """The journal of each valid charter among ``charters``, by community name: the entries anywhere
    under the charter's folder that name it (an empty journal when there are none).

    For the commands that read a journal (render, log, report): an error in one of those entries stops
    them, as an error in a charter does; entries of other communities are left alone."""
    journals, problems = collect_journals(charters, today=today)
    errors = [problem for found in problems.values() for problem in found if problem.severity is Severity.ERROR]
    if errors:
        raise CopkitError("the journal has errors: fix them first ('copkit check' explains)", errors)
    return journals


def collect_journals(
    charters: Sequence[FileResult], *, today: date, config: Config | None = None
) -> tuple[dict[str, Journal], dict[str, list[Diagnostic]]]:
    """Each valid charter's journal (see :func:`journals_for`), and every problem in its entries by
    community name, for commands that show problems rather than stop on them. Each folder is read
    once, however many charters it holds; entries among ``charters`` (a folder's results) are not
    read again. With ``config``, its ignores and each file's ``# noqa`` apply, as in ``check``."""
    valid = {result.charter.name: result.charter for result in charters if result.charter is not None}
    folders = [Path(result.path).parent for result in charters if result.charter is not None]
    from copkit.journal import Journal

    journals, problems = kept_journals(charters, valid, folders, today=today, config=config)
    return {name: journals.get(name) or Journal.of(charter, []) for name, charter in valid.items()}, problems


def kept_journals(
    results: Sequence[FileResult],
    valid: Mapping[str, Charter | Path],
    folders: Iterable[Path],
    *,
    today: date,
    config: Config | None = None,
) -> tuple[dict[str, Journal], dict[str, list[Diagnostic]]]:
    """:func:`collect_journals` for results whose charters may have been let go of: ``valid`` names
    each valid charter's model or path (as :func:`link_journals` takes them), ``folders`` are theirs.
    Only the journals that hold entries are returned."""
    seen = {os.path.realpath(result.path) for result in results}
    # entries among the results given are checked already
    entries = [result for result in results if result.is_entry and result.community in valid]
    charters = [result for result in results if not result.is_entry]
    for folder in dict.fromkeys(folders):
        for path in discover([folder]).files:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                result = check_file(path, today=today)
                if result.is_entry and result.community in valid:
                    entries.append(result)
    journals = link_journals([*charters, *entries], today=today, charters=valid)
    if config is not None:  # the warnings counted are the ones check would show
        suppress([*charters, *entries], ignore=config.ignore, config=config)
    problems: dict[str, list[Diagnostic]] = {}
    for result in entries:
        problems.setdefault(result.community or "", []).extend(result.problems)
    return journals, problems


class _Charters:
    """Valid charters by name. A charter check let go of is only its path here: an entry that names
    it reads it again, once (a tree of 10,000 charters holds a journal for a few of them)."""

    def __init__(self, found: Mapping[str, Charter | Path], *, today: date) -> None:
        self.found = dict(found)
        self.today = today

    @property
    def names(self) -> set[str]:
        return set(self.found)

    def get(self, name: str) -> Charter | None:
        found = self.found.get(name)
        if isinstance(found, Path):
            again = check_file(found, today=self.today).charter
            found = again if again is not None and again.name == name else None  # changed since: not found
            if found is None:
                del self.found[name]
            else:
                self.found[name] = found
        return found

    def add(self, charter: Charter) -> None:
        self.found.setdefault(charter.name, charter)

    def model(self, name: str) -> Charter:
        charter = self.get(name)
        assert charter is not None  # an entry is only linked to a charter found
        return charter


class _Nearby:
    """The charters in the folders above entries, each folder read once."""

    def __init__(self) -> None:
        self.folders: dict[Path, list[Charter]] = {}

    @property
    def names(self) -> set[str]:
        return {charter.name for found in self.folders.values() for charter in found}

    def charter(self, entry: Path, community: str) -> Charter | None:
        folder = entry.parent
        for _ in range(CHARTER_LEVELS_UP):
            for charter in self._charters_in(folder):
                if charter.name == community:
                    return charter
            if folder.parent == folder or (folder / ".git").exists():
                break
            folder = folder.parent
        return None

    def _charters_in(self, folder: Path) -> list[Charter]:
        key = folder.resolve()
        if key not in self.folders:
            found = []
            try:
                names = sorted(path for path in folder.iterdir() if path.suffix in CHARTER_SUFFIXES)
            except OSError:
                names = []
            for path in names:
                result = check_file(path, today=date.today())
                if result.charter is not None:
                    found.append(result.charter)
            self.folders[key] = found
        return self.folders[key]


def read_charter(path: str | os.PathLike[str], *, today: date | None = None) -> Charter:
    """The charter in ``path``, for library use: ``copkit.read_charter("charter.yaml")``.

    Raises :class:`copkit.errors.CopkitError` whose ``diagnostics`` list every error, each at its
    line and column. Warnings do not stop it; ``check_file`` returns them. ``today`` (default: the
    real today) only matters for those warnings.
    """
    result = check_file(Path(path), today=today or date.today())
    (charter,) = require_valid([result], f"{path} is not a valid charter")
    return charter


def require_valid(results: Iterable[FileResult], consequence: str) -> list[Charter]:
    """The charters, for commands that need valid ones; any error, or a journal entry given where a
    charter belongs, stops them with ``consequence``."""
    results = list(results)
    if entries := [result.path for result in results if result.is_entry]:
        raise CopkitError(f"{consequence}: {entries[0]} is a journal entry, not a charter; name the charter")
    errors = [problem for result in results for problem in result.problems if problem.severity is Severity.ERROR]
    if errors:
        raise CopkitError(f"{consequence}: fix the charters first ('copkit check' explains)", errors)
    return [result.charter for result in results if result.charter is not None]
