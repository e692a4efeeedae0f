"""JupyterLab's save, made to agree with git: a tracked notebook is saved without outputs.

The nbstripout git filter (`make notebook-filter`) already keeps outputs out of every diff
and commit, but git compares a file's size before it asks the filter, so after "Run All"
and autosave `git status` lists the notebook until `git add`. `make lab` therefore starts
JupyterLab with this module's `strip_tracked_outputs` as the ContentsManager's
`pre_save_hook` (jupyter_server's documented way to scrub outputs before saving): a
notebook git tracks is written exactly as the filter would clean it, so the file on disk
is the committed one plus the analyst's real edits. The open browser tab keeps its
outputs (the server never sends the saved content back). Untracked notebooks (the ignored
`notebooks/scratch/`, `Untitled*.ipynb`, a new notebook not yet added) keep theirs.

Standard library and nbstripout only (nbstripout imported when a notebook is saved);
jupyter_server calls the hook, nothing here imports it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

# What nbstripout always drops (its command line's own list, nbstripout 0.9.1 `main()`);
# git config filter.nbstripout.extrakeys (the Makefile's NB_EXTRA_KEYS) adds to it.
# tests/test_lab.py compares this hook's file with the filter's output byte for byte.
NBSTRIPOUT_KEYS = (
    "metadata.signature", "metadata.widgets", "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime", "cell.metadata.execution", "cell.metadata.heading_collapsed",
    "cell.metadata.hidden", "cell.metadata.scrolled",
)
GIT_TIMEOUT = 10  # seconds; a save must not hang on git


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None


def is_tracked(path: Path) -> bool:
    """True when git tracks ``path`` (committed or staged); False outside a checkout."""
    done = _git(path.parent, "ls-files", "--error-unmatch", "--", path.name)
    return done is not None and done.returncode == 0


def _config_words(folder: Path, key: str) -> list[str]:
    done = _git(folder, "config", key)
    return done.stdout.split() if done is not None and done.returncode == 0 else []


def extra_keys(folder: Path) -> list[str]:
    """The keys the filter drops, as nbstripout works them out from git's config."""
    keep = set(_config_words(folder, "filter.nbstripout.keepmetadatakeys"))
    keys = [*NBSTRIPOUT_KEYS, *_config_words(folder, "filter.nbstripout.extrakeys")]
    return [k for k in keys if k not in keep]


def strip_notebook(content: dict[str, Any], folder: Path) -> Any:
    """``content`` cleaned as the Makefile's filter (`nbstripout --keep-id`) cleans it:
    nbstripout's command-line defaults (keep_output=None honours a notebook's own
    `keep_output` metadata), cell ids kept."""
    import nbformat
    from nbstripout import strip_output

    return strip_output(nbformat.from_dict(content), keep_output=None, keep_count=False,
                        keep_id=True, extra_keys=extra_keys(folder))


def strip_tracked_outputs(model: dict[str, Any], path: str, contents_manager: Any,
                          **_: Any) -> None:
    """jupyter_server's pre_save_hook: a tracked notebook's model loses its outputs."""
    if model.get("type") != "notebook" or not model.get("content"):
        return
    file = Path(contents_manager.root_dir, path.strip("/"))
    if is_tracked(file):
        model["content"] = strip_notebook(model["content"], file.parent)
