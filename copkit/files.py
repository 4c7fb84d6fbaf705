"""Files written whole or not at all: a reader never sees half a charter or half a handout."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_whole(path: Path, content: bytes, *, replace: bool = True) -> None:
    """Write ``content`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    With ``replace=False`` an existing file is never touched, not even one that appeared a moment
    ago: the temporary file is linked into place, which fails with ``FileExistsError``.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file stands where the folder should be: not the "file exists" of the target
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path.parent)) from None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's private 0600
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
