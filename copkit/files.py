"""Files copkit writes: whole or not at all, and never over a file that is not copkit's.

Two ways of writing, one rule each:

- :func:`write_outputs` writes a whole set of outputs (``copkit render``'s handouts, ``copkit site``'s
  pages) as one change. Which files are copkit's is recorded in a manifest in each output folder,
  :data:`MANIFEST` (``.copkit-manifest.json``: each file's name, the SHA-256 of the bytes copkit wrote,
  and the command that wrote it). A file whose bytes still hash to the manifest's is copkit's and is
  replaced freely; a file copkit did not write, or one edited since, is only replaced with ``force``,
  and the refusal names each such file and why. Every file is first written in full as a hidden
  temporary file in its folder and flushed to the disk; then all are renamed into place, each replaced
  file kept aside until the end. A failure, Ctrl-C or SIGTERM on the way puts every replaced file back
  and removes every temporary file: the folders are exactly as before.
- :func:`write_new` writes one file (``copkit init``'s charter, ``copkit calendar``'s ``.ics``). Without
  ``force`` it never replaces anything, not even a file that appears while it writes: the temporary
  file is hard-linked into place, which fails if the name is taken. On file systems without hard links
  (FAT, exFAT, some network shares) it checks that the name is still free and renames: a file that
  appears in the instant between the two would be replaced.

Both refuse, even with ``force``, a target that exists and is not a regular file: a symbolic link, a
FIFO, a device or a folder is never written through or turned into a file. A replaced file keeps its
permission bits; a new one gets the umask's. Messages name the file the user asked for, never a
temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from copkit.errors import CopkitError

MANIFEST = ".copkit-manifest.json"
_TEMP_PREFIX = ".copkit-"
# os.link fails with these where the file system has no hard links
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK, errno.EACCES}


class FileError(CopkitError):
    """A file copkit may not or cannot write; nothing was written."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, words in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return "not a regular file"  # pragma: no cover - doors, whiteouts


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _not_regular(path: Path, status: os.stat_result) -> FileError:
    return FileError(
        f"{path} is {kind_of(status.st_mode)}, not a regular file: copkit never writes over it, not even with --force"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stage(folder: Path, content: bytes, mode: int) -> Path:
    """``content`` in a new hidden temporary file in ``folder``, on the disk, with ``mode``."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fchmod(stream.fileno(), mode)  # mkstemp makes a private 0600 file
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable, where the system allows a folder to be synced."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(handle)


def _make_folder(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and any missing parents, noting each created one (outermost first)."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        try:
            candidate.mkdir()
        except FileExistsError:
            if not candidate.is_dir():
                raise FileError(f"cannot write to {folder}: {candidate} is not a folder") from None
            continue
        except OSError as exc:
            raise FileError(f"cannot write to {folder}: {exc.strerror or exc}") from None
        created.append(candidate)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """While writing, SIGTERM stops copkit as Ctrl-C does, so the same clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """While putting things back, neither Ctrl-C nor SIGTERM stops copkit half-way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- the manifest ---------------------------------------------------------------------------------


@dataclass
class Manifest:
    """What copkit wrote in one folder: file name → the SHA-256 of its bytes and the command that wrote it."""

    folder: Path
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    def owns(self, name: str, content: bytes) -> bool:
        entry = self.files.get(name)
        return entry is not None and entry.get("sha256") == sha256(content)

    def to_bytes(self) -> bytes:
        import json  # the writing commands only: check imports this module for kind_of alone

        data = {"copkit": 1, "files": dict(sorted(self.files.items()))}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder``; an empty one when there is none or it cannot be read as one, so
    that nothing counts as copkit's that copkit cannot prove it wrote."""
    import json

    manifest = Manifest(folder)
    status = _lstat(manifest.path)
    if status is None:
        return manifest
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(manifest.path, status)
    try:
        data = json.loads(manifest.path.read_bytes())
        files = data["files"]
        manifest.files = {
            str(name): {"sha256": str(entry["sha256"]), "by": str(entry.get("by", ""))} for name, entry in files.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        manifest.files = {}
    return manifest


def _current(path: Path) -> bytes | None:
    """The bytes of a regular file, read without blocking on anything else."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # pragma: no cover - swapped since the lstat
            return None
        return stream.read()


# --- a whole set of outputs -----------------------------------------------------------------------


@dataclass
class _Change:
    target: Path  # absolute
    content: bytes | None  # None: remove the target
    shown: Path | None = None  # the path as the user gave it
    mode: int = 0
    existed: bool = False
    staged: Path | None = None
    aside: Path | None = None  # the previous file, kept until everything is in place
    done: bool = False


def write_outputs(
    outputs: Mapping[Path, bytes], *, force: bool, by: str, remove_gone: bool = False
) -> tuple[list[Path], list[Path]]:
    """Write every output whole, all or none; return the paths written and the paths removed.

    ``by`` names the command in the manifest. With ``remove_gone``, files this command wrote earlier
    in the same folders that are not among ``outputs`` now (the pages of a community that is gone)
    are removed, under the same rule as a replacement. Raises :class:`FileError` naming every file
    that stops it, before anything is written; on a failure or an interrupt while writing, every
    folder is left as it was and the error (or KeyboardInterrupt) is raised.
    """
    targets = {Path(os.path.abspath(path)): (Path(path), content) for path, content in outputs.items()}
    folders = sorted({target.parent for target in targets})
    created: list[Path] = []
    for folder in folders:
        _make_folder(folder, created)
    try:
        manifests = {folder: read_manifest(folder) for folder in folders}
        changes, refused = _plan(targets, manifests, force=force, by=by, remove_gone=remove_gone)
        if refused:
            raise FileError("\n".join(refused))
        for folder, manifest in manifests.items():
            changes.append(_manifest_change(folder, manifest))
        with _interruptible():
            _apply(changes)
    except BaseException:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    written = [shown for absolute, (shown, _) in targets.items()]
    removed = [change.shown or change.target for change in changes if change.content is None]
    return written, removed


def _plan(
    targets: Mapping[Path, tuple[Path, bytes]],
    manifests: Mapping[Path, Manifest],
    *,
    force: bool,
    by: str,
    remove_gone: bool,
) -> tuple[list[_Change], list[str]]:
    changes: list[_Change] = []
    refused: list[str] = []
    for target, (shown, content) in targets.items():
        manifest = manifests[target.parent]
        change = _Change(target, content, shown, mode=0o666 & ~_umask())
        status = _lstat(target)
        if status is not None:
            if not stat.S_ISREG(status.st_mode):
                refused.append(_not_regular(shown, status).message)
                continue
            change.existed, change.mode = True, stat.S_IMODE(status.st_mode)
            why = None if force else _foreign(target, manifest, content)
            if why:
                refused.append(f"{shown} {why}: use --force to replace it")
                continue
        manifest.files[target.name] = {"sha256": sha256(content), "by": by}
        changes.append(change)
    if remove_gone:
        for folder, manifest in manifests.items():
            for name, entry in list(manifest.files.items()):
                gone = folder / name
                if entry.get("by") != by or gone in targets:
                    continue
                status = _lstat(gone)
                if status is None or not stat.S_ISREG(status.st_mode):
                    del manifest.files[name]  # no longer there, or no longer copkit's to remove
                    continue
                if not force and not manifest.owns(name, _current(gone) or b""):
                    refused.append(
                        f"{_shown_in(targets, folder) / name} was edited since copkit wrote it, and its community is gone: "
                        "use --force to remove it, or move it elsewhere to keep it"
                    )
                    continue
                del manifest.files[name]
                changes.append(_Change(gone, None, _shown_in(targets, folder) / name, existed=True))
    return changes, refused


def _shown_in(targets: Mapping[Path, tuple[Path, bytes]], folder: Path) -> Path:
    """``folder`` as the user named it, through any output in it."""
    return next((shown.parent for target, (shown, _) in targets.items() if target.parent == folder), folder)


def _foreign(target: Path, manifest: Manifest, content: bytes) -> str | None:
    """Why an existing regular file is not copkit's to replace, or None when it is."""
    current = _current(target)
    if current is None or current == content:  # the same bytes: replacing them loses nothing
        return None
    if manifest.owns(target.name, current):
        return None
    if target.name in manifest.files:
        return "was edited since copkit wrote it"
    return "exists and was not written by copkit"


def _manifest_change(folder: Path, manifest: Manifest) -> _Change:
    target = Path(os.path.abspath(manifest.path))
    status = _lstat(target)
    mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
    return _Change(target, manifest.to_bytes(), mode=mode, existed=status is not None)


def _apply(changes: list[_Change]) -> None:
    current = changes[0]
    try:
        for change in changes:
            current = change
            if change.content is not None:
                change.staged = _stage(change.target.parent, change.content, change.mode)
        for change in changes:
            current = change
            if change.existed:
                change.aside = _set_aside(change.target)
            if change.staged is not None:
                os.replace(change.staged, change.target)
                change.staged = None
            else:
                change.target.unlink(missing_ok=True)
            change.done = True
        for folder in {change.target.parent for change in changes}:
            _sync_folder(folder)
    except BaseException as exc:
        with _uninterrupted():
            _undo(changes)
        if isinstance(exc, OSError):
            raise FileError(
                f"cannot write {current.shown or current.target}: {exc.strerror or exc}; nothing written"
            ) from None
        raise
    for change in changes:
        if change.aside is not None:
            change.aside.unlink(missing_ok=True)


def _set_aside(target: Path) -> Path:
    """Keep the file at ``target`` under a hidden temporary name: a hard link while it stays in place,
    or (without hard links) by moving it there."""
    aside = Path(tempfile.mktemp(dir=target.parent, prefix=_TEMP_PREFIX, suffix=".old"))
    try:
        os.link(target, aside)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        os.replace(target, aside)
    return aside


def _undo(changes: list[_Change]) -> None:
    """Put every folder back as it was: previous files in place, new files and temporary files gone."""
    for change in reversed(changes):
        with contextlib.suppress(OSError):
            if change.aside is not None:
                os.replace(change.aside, change.target)
                change.aside.unlink(missing_ok=True)  # a link to the file still in place: rename did nothing
            elif change.done and change.content is not None:
                change.target.unlink(missing_ok=True)
        if change.staged is not None:
            change.staged.unlink(missing_ok=True)


# --- one new file ---------------------------------------------------------------------------------


def write_new(path: Path, content: bytes, *, force: bool) -> None:
    """Write one file whole. Without ``force`` never over an existing file (:class:`FileExistsError`);
    with it, over a regular file only, keeping its permission bits. Raises :class:`FileError` for a
    target that is not a regular file, :class:`OSError` when the system refuses."""
    folder = path.parent
    created: list[Path] = []
    _make_folder(folder, created)
    status = _lstat(path)
    if status is not None:
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(path, status)
        if not force:
            raise FileExistsError(errno.EEXIST, "exists", str(path))
    mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
    staged: Path | None = None
    try:
        with _interruptible():
            staged = _stage(folder, content, mode)
            if status is not None:
                os.replace(staged, path)
            else:
                _link_new(staged, path)
            _sync_folder(folder)
    except BaseException:
        for made in reversed(created):
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)


def check_new(path: Path) -> None:
    """Before asking anything: raise :class:`FileExistsError` when ``path`` is taken (by anything, a
    dangling link too), :class:`FileError` when the folder it goes in cannot be made or written."""
    if _lstat(path) is not None:
        raise FileExistsError(errno.EEXIST, "exists", str(path))
    for candidate in (path.parent, *path.parent.parents):
        status = _lstat(candidate)
        if status is None:
            continue
        if not stat.S_ISDIR(candidate.stat().st_mode):
            raise FileError(f"cannot write {path}: {candidate} is not a folder")
        if not os.access(candidate, os.W_OK | os.X_OK):
            raise FileError(f"cannot write {path}: {candidate} is not writable")
        return


def _link_new(staged: Path, path: Path) -> None:
    try:
        os.link(staged, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        # No hard links here: check that the name is still free, then rename. A file appearing in
        # the instant between the two would be replaced; no portable call closes that gap.
        if _lstat(path) is not None:
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(staged, path)
