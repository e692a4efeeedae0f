"""File helpers every part shares: atomic writes, folder swaps, bounded reads,
content hashes, and the ownership marker of the folders akidx writes.

Standard library only. A reader sees the old file or the new one, never half of
one; published files get the usual permissions (``0666 & ~umask``). akidx writes
only into a folder it created, one holding its marker (:data:`MANIFEST`), an empty
one, or the project's own ``outputs/`` and ``data/processed/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from akidx import config
from akidx.errors import AkidxError, InputError

MANIFEST = ".akidx-manifest.json"  # akidx's marker: the folder's kind and the files it wrote


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp/mkdtemp create 0600/0700; published files get the usual permissions.
FILE_MODE = 0o666 & ~_umask()
DIR_MODE = 0o777 & ~_umask()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """A regular file's hash, read in chunks: never the whole file in memory."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


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


def publish_together(moves: list[tuple[Path, Path]], aside: Path) -> None:
    """Move each staged file or folder onto its destination: all of them, or none.

    The old destinations are first moved into ``aside`` (same file system); if any
    move fails, what was moved in is taken out and the old ones are put back.
    """
    aside.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path, Path | None, bool]] = []  # new, dest, old, moved in
    try:
        for i, (new, dest) in enumerate(moves):
            os.chmod(new, DIR_MODE if new.is_dir() else FILE_MODE)
            dest.parent.mkdir(parents=True, exist_ok=True)
            old = None
            if dest.exists() or dest.is_symlink():
                old = aside / str(i)
                os.replace(dest, old)
            done.append((new, dest, old, False))
            os.replace(new, dest)
            done[-1] = (new, dest, old, True)
    except BaseException:
        for new, dest, old, moved in reversed(done):
            with contextlib.suppress(OSError):
                if moved:
                    os.replace(dest, new)
                if old is not None:
                    os.replace(old, dest)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else InputError.

    Opened non-blocking, so a FIFO is refused instead of waiting for a writer, and
    read with a bound, so ``/dev/zero`` or a huge file never fills the memory.
    Other OSErrors (missing, permissions) are the caller's to word.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: is not a regular file (a device, pipe or socket); "
                             "give a file")
        too_big = InputError(f"{path}: is larger than {size_text(limit)}, far more than "
                             "any report or params file; give the right file")
        if info.st_size > limit:
            raise too_big
        os.set_blocking(fd, True)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return data


def size_text(limit: int) -> str:
    """``16 MiB``, ``64 KiB``: a size limit as messages show it."""
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 2**10} KiB"


def _marker(folder: Path) -> dict:
    """akidx's marker in ``folder`` as JSON; {} when missing or unreadable."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def folder_kind(folder: Path) -> str | None:
    """The kind (``build``, ``tables``) akidx's marker gives ``folder``; None if unmarked."""
    kind = _marker(folder).get("kind")
    return kind if isinstance(kind, str) else None


def manifest_files(folder: Path) -> list[str]:
    """The files akidx's marker in ``folder`` says it wrote there ([] if none)."""
    files = _marker(folder).get("files")
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def check_folder(folder: Path, kind: str, own: Iterable[Path] = ()) -> bool:
    """Raise unless akidx may write a ``kind`` folder at ``folder``; True if it is missing.

    Allowed: a missing or empty folder, one with akidx's marker of the same kind, or
    one of ``own`` (the project's own output folders). Anything else may hold a
    user's files: refused, before anything is written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AkidxError(f"{folder}: exists and is not a directory; choose another --out")
    if not folder.exists():
        return True
    marked = folder_kind(folder)
    if marked == kind or folder.resolve() in [Path(p).resolve() for p in own]:
        return False
    if marked is not None:
        raise AkidxError(f"{folder}: is an akidx {marked} folder, not a {kind} folder "
                         f"(see its {MANIFEST}); choose another --out")
    try:
        entries = sorted(p.name for p in folder.iterdir())
    except OSError as err:
        raise AkidxError(f"{folder}: cannot be read ({err.strerror or err}); "
                         "choose another --out") from err
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise AkidxError(f"{folder}: holds files akidx did not write ({shown}); "
                         "choose an empty or new folder for --out")
    return False


def check_tables_folder(out_dir: str | os.PathLike, owned: bool = False) -> None:
    """Refuse a tables folder that may hold a user's files (before parsing or writing).

    Allowed besides :func:`check_folder`'s: the project's ``data/processed/``, or
    (``owned``) a folder the caller already owns, unless it is a symbolic link.
    """
    out_dir = Path(out_dir)
    # A checkout's data/processed is the project's (its README.md is committed); after
    # pip install, ./data/processed may be the user's own: the marker decides.
    project = [config.DATA_PROCESSED] if config.CHECKOUT else []
    own = project + ([out_dir] if owned and not out_dir.is_symlink() else [])
    check_folder(out_dir, "tables", own)


def check_no_links(root: Path, names: Iterable[str]) -> None:
    """Refuse when ``root / name``, or a folder on the way to it, is a symbolic link.

    ``names``: what akidx writes or deletes inside its own folder ``root``. A link there
    would make it write or delete elsewhere (a user's folder): never followed, at any level.
    """
    for name in names:
        path = Path(root)
        for part in Path(name).parts:
            path = path / part
            if path.is_symlink():
                raise AkidxError(f"{path}: is a symbolic link inside akidx's folder {root}; "
                                 "akidx never writes or deletes through a link: remove the "
                                 "link, or choose another --out")


def write_manifest(folder: Path, kind: str, files: Iterable[str]) -> None:
    """Mark ``folder`` as akidx's, listing the files (relative paths) it wrote there."""
    data = {"written_by": "akidx", "kind": kind, "files": sorted(set(files))}
    atomic_write(Path(folder) / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
