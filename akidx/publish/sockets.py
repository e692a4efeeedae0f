"""The kernels' socket folders in the temp folder, and removing those of killed builds.

Standard library only: every build, a no-op one too, removes what a ``kill -9`` left
(one glob of the temp folder), without importing Jupyter.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CONN_PREFIX = "akidx-k-"  # + the build's pid: a folder whose build is gone is stale


def clean_stale(parent: Path | None = None) -> None:
    """Remove socket folders left by builds that were killed (``kill -9``)."""
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{CONN_PREFIX}*"):
        pid = folder.name[len(CONN_PREFIX):].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True
