"""What the last successful build saw: content hashes, written atomically.

Everything here is standard library only, so a no-op ``akidx build`` can decide
that nothing needs to run without importing Jupyter, papermill or nbconvert.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

STATE_FILE = ".build-state.json"
STATE_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = {".py", ".j2", ".json", ".css", ".tpl"}


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
    return sha256_bytes(Path(path).read_bytes())


def code_hash(package: Path = _PACKAGE) -> str:
    """Hash of the akidx package source: any code change re-runs every notebook."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def notebook_hash(path: Path) -> str:
    """Hash of a notebook's cells, ignoring outputs, execution counts and metadata noise.

    Saving a notebook after running it in Jupyter does not force a rebuild; editing
    a cell, its type or its tags (``parameters``) does.
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        tags = cell.get("metadata", {}).get("tags", [])
        cells.append([cell.get("cell_type"), source, sorted(tags)])
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return sha256_bytes(json.dumps([kernel, cells], ensure_ascii=False).encode())


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


def load_state(out_dir: Path) -> dict[str, Any]:
    """The last state, or an empty one when missing, unreadable or from another version."""
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": STATE_VERSION, "runs": {}}
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return {"version": STATE_VERSION, "runs": {}}
    state.setdefault("runs", {})
    return state


def save_state(out_dir: Path, state: dict[str, Any]) -> None:
    atomic_write(out_dir / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1))
