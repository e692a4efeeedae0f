"""File helpers every part shares: atomic writes, folder swaps, content hashes.

Standard library only. A reader sees the old file or the new one, never half of
one; published files get the usual permissions (``0666 & ~umask``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp/mkdtemp create 0600/0700; published files get the usual permissions.
FILE_MODE = 0o666 & ~_umask()
DIR_MODE = 0o777 & ~_umask()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder + os.replace: readers see old or new."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def replace_dir(new: Path, dest: Path) -> None:
    """Move folder ``new`` to ``dest``, replacing it; if that fails, ``dest`` stays as it was.

    Two renames: a kill between them leaves ``dest`` missing, which the next build
    notices (outputs_present) and repairs by running again.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(new, DIR_MODE)
    if not dest.exists():
        os.replace(new, dest)
        return
    old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.old."))
    os.replace(dest, old / dest.name)
    try:
        os.replace(new, dest)
    except OSError:
        os.replace(old / dest.name, dest)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
