"""PDFs from HTML with WeasyPrint: the same HTML always gives the same bytes, a PDF made before is
taken from a cache instead of being laid out again, and several are laid out in worker processes.

Laying out is most of a PDF's time (about 0.3 s a handout), and importing WeasyPrint costs another
0.35 s or more per process, so this module imports only the standard library: a worker process (or
a command that finds every PDF in the cache) never loads Jinja, Pydantic or copkit's models, and
WeasyPrint is imported once per process, on first use.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/copkit/pdf``, ``~/.cache/copkit/pdf``,
``~/Library/Caches/copkit/pdf`` on macOS, ``%LOCALAPPDATA%\\copkit\\pdf`` on Windows), keyed by the
SHA-256 of the HTML, the options, the date and the copkit and WeasyPrint versions; it keeps the most
recently used PDFs up to :data:`CACHE_LIMIT` bytes. A cache that cannot be read or written is no cache:
never an error.
"""

from __future__ import annotations

import calendar
import concurrent.futures
import contextlib
import hashlib
import io
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from copkit import __version__

# PDF/UA-1: a tagged PDF (headings, lists, tables and reading order a screen reader can follow) with the
# document's language (from ``<html lang>``) and its title (from ``<title>``), shown as the window's title.
# WeasyPrint writes it deterministically: the same HTML still gives the same bytes.
OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1"}
CACHE_LIMIT = 64 * 1024 * 1024  # bytes of PDFs kept: some thousand handouts; the oldest used go first
MAX_WORKERS = 8  # each worker holds WeasyPrint (some 60 MB): on a big machine, eight are plenty


class Unavailable(Exception):
    """WeasyPrint, or the Pango library it needs, cannot be loaded; the text says why."""


@dataclass(frozen=True)
class Layout:
    """One PDF to make. ``html``: the document, or a one-pager's HTML at each density, roomiest first,
    of which the first that prints on one page is kept (``one_page``). ``day`` is the date the PDF's
    fonts are stamped with (see :func:`fixed_date`): the command's, never the clock's."""

    html: tuple[str, ...]
    day: date
    one_page: bool = False


@contextlib.contextmanager
def fixed_date(day: date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``day`` while a PDF is made: font subsets made by fontTools stamp
    their ``head`` table with the time they are made (WeasyPrint uses it for variable and colour fonts,
    and for every font where HarfBuzz cannot subset), so without it the same HTML would give different
    bytes from one second to the next."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


# --- WeasyPrint, once per process -----------------------------------------------------------------


@contextlib.contextmanager
def _sonames_only() -> Iterator[None]:
    """On Linux, while WeasyPrint loads Pango: ``ctypes.util.find_library`` answers "not found" at once.

    WeasyPrint tries several names per library (``libpango-1.0-0``, …, ``libpango-1.0.so.0``); cffi
    asks find_library about each name it cannot open, and on Linux each question runs ldconfig and
    gcc: 0.14–0.28 s in all. On Linux find_library only ever answers a soname such as
    ``libpango-1.0.so.0``, which WeasyPrint's list names itself and opens directly a moment later.
    Should that fail, :func:`weasyprint` imports again with find_library as it is."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


_loaded: dict[str, Any] = {}


def weasyprint() -> tuple[Any, Any]:
    """WeasyPrint's HTML class and this process's one FontConfiguration (sharing it saves about a
    quarter of each layout and gives the same bytes), imported on first use."""
    if not _loaded:
        try:
            if sys.platform.startswith("linux"):
                try:
                    # WeasyPrint prints its install hint before it fails: not now, it may load next
                    with _sonames_only(), contextlib.redirect_stdout(io.StringIO()):
                        import weasyprint  # noqa: F401
                except OSError:
                    pass  # a library under another soname: let find_library look, as WeasyPrint expects
            from weasyprint import HTML
            from weasyprint.text.fonts import FontConfiguration
        except (ImportError, OSError) as exc:  # OSError: the Pango library WeasyPrint needs is missing
            raise Unavailable(str(exc)) from None
        _loaded.update(HTML=HTML, fonts=FontConfiguration())
    return _loaded["HTML"], _loaded["fonts"]


def lay_out(layout: Layout) -> bytes | None:
    """The PDF of ``layout``, laid out now; None when a one-pager does not print on one page at
    any density."""
    html_class, fonts = weasyprint()
    with fixed_date(layout.day):
        for html in layout.html:
            document = html_class(string=html).render(font_config=fonts, **OPTIONS)
            if not layout.one_page or len(document.pages) == 1:
                return document.write_pdf(**OPTIONS)  # type: ignore[no-any-return]
    return None


# --- the cache ------------------------------------------------------------------------------------


def cache_folder(kind: str = "pdf") -> Path | None:
    """Where made PDFs (or another ``kind`` of made file: ``charts``) are kept: the platform's cache
    folder for the user, or None without a home."""
    try:
        given = os.environ.get("XDG_CACHE_HOME", "")
        if given and os.path.isabs(given):
            base = Path(given)
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        elif os.name == "nt":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        else:
            base = Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no home folder to be found
        return None
    return base / "copkit" / kind


_versions: list[str] = []


def cache_key(layout: Layout) -> str:
    """What the PDF depends on, hashed: the HTML, the options, the date, copkit's and WeasyPrint's versions."""
    if not _versions:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _versions.append(version("weasyprint"))
        except PackageNotFoundError:
            _versions.append("")
    digest = hashlib.sha256()
    header = f"copkit {__version__}\nweasyprint {_versions[0]}\n{sorted(OPTIONS.items())}\n{layout.day}\n"
    digest.update(f"{header}one page: {layout.one_page}\n".encode())
    for html in layout.html:
        data = html.encode("utf-8")
        digest.update(f"{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def cached(key: str) -> bytes | None:
    """The PDF kept under ``key``, or None; a hit counts as a use, so it is kept longest."""
    folder = cache_folder()
    if folder is None:
        return None
    path = folder / f"{key}.pdf"
    try:
        content = path.read_bytes()
        os.utime(path)
    except OSError:
        return None
    return content if content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF") else None


def keep(key: str, content: bytes) -> None:
    """Keep a PDF under ``key`` (see :func:`store`)."""
    folder = cache_folder()
    if folder is not None:
        store(folder, f"{key}.pdf", content)


def store(folder: Path, name: str, content: bytes) -> None:
    """Keep ``content`` as ``folder/name``, written whole (a temporary file renamed), then trim the
    folder's files of the same kind. A cache that cannot be written is no cache: the PDF or chart is
    made again next time."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _trim(folder, Path(name).suffix)
    except OSError:
        pass  # a read-only or full disk


def _trim(folder: Path, suffix: str = ".pdf") -> None:
    """Delete the least recently used files until the cache holds at most three quarters of its limit."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(suffix):
            stat = entry.stat()
            entries.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= CACHE_LIMIT:
        return
    for _, size, path in sorted(entries):
        with contextlib.suppress(OSError):
            os.unlink(path)
        total -= size
        if total <= CACHE_LIMIT * 3 // 4:
            return


# --- worker processes -----------------------------------------------------------------------------


def _worker() -> None:
    """A worker leaves Ctrl-C to the command (which stops it, and says so once); it loads WeasyPrint
    while the command is still handing out the work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Unavailable):
        weasyprint()  # raised again, for the PDF that needs it, by lay_out()


def _context() -> Any:
    """Fork where the platform forks safely (Linux): a worker starts with copkit already imported.
    It is started before any thread (a progress bar's), so nothing is forked mid-lock."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


class Batch:
    """Each layout's PDF (None for a one-pager that does not fit), in order, each as soon as it and
    those before it are done: iterate over it within ``with``, which stops the workers on the way out
    (done, failed or Ctrl-C: what is not laid out yet never will be). PDFs found in the cache are not
    laid out; when two or more are left and there are two or more CPUs, they are laid out in worker
    processes (one per CPU, at most :data:`MAX_WORKERS`), started here, before the first PDF is asked
    for (and so before any progress bar's thread)."""

    def __init__(self, layouts: Sequence[Layout], *, workers: int | None = None) -> None:
        self.layouts = layouts
        self.keys = [cache_key(layout) for layout in layouts]
        self.found = [cached(key) for key in self.keys]
        missing = [index for index, content in enumerate(self.found) if content is None]
        count = min(workers or min(os.cpu_count() or 1, MAX_WORKERS), len(missing))
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.futures: dict[int, concurrent.futures.Future[bytes | None]] = {}
        if count >= 2:
            self.pool = concurrent.futures.ProcessPoolExecutor(count, mp_context=_context(), initializer=_worker)
            try:
                self.futures = {index: self.pool.submit(lay_out, layouts[index]) for index in missing}
            except BaseException:
                self.close()
                raise

    def __len__(self) -> int:
        return len(self.layouts)

    def __iter__(self) -> Iterator[bytes | None]:
        for index, content in enumerate(self.found):
            if content is None:
                future = self.futures.get(index)
                content = future.result() if future is not None else lay_out(self.layouts[index])
                if content is not None:
                    keep(self.keys[index], content)
            yield content

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
