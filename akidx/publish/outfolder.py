"""The build's output folder: checked, created, locked and marked as akidx's.

Nothing is written into a folder that may hold a user's files; a symbolic link among
what a build writes or deletes is refused; one build at a time per folder. Standard
library only (a no-op build passes through here too).
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from akidx import config
from akidx.errors import AkidxError, BuildError
from akidx.publish.plan import Context, outputs_of
from akidx.publish.state import STATE_FILE, BuildState
from akidx.tables.files import check_folder, check_no_links, check_tables_folder, write_manifest

# What a build writes or deletes in its folder: a symbolic link among them is refused.
OWNED = ("charts", "notebooks", "html", "failed", "data", ".staging", "index.html",
         STATE_FILE, ".build.lock")


@contextlib.contextmanager
def claim(ctx: Context) -> Iterator[None]:
    """Check, create, lock and mark the output folder; refuse before writing anything.

    Never ours: a folder that may hold a user's files (no akidx marker), one holding
    the report, or ``data/processed`` (the tables' folder, not a build's).
    """
    out = ctx.out
    for folder in {out, ctx.data_dir}:
        if ctx.report.is_relative_to(folder):
            raise AkidxError(f"{ctx.report}: the report is inside the output folder {folder}; "
                             "keep it outside --out")
    project = {config.ROOT: "repository" if config.CHECKOUT else "shipped inputs",
               config.DATA_RAW: "input (data/raw)",
               config.DATA_PROCESSED: "tables (data/processed, for `akidx parse`)"}
    if out in project:
        raise AkidxError(f"{out}: is the project's {project[out]} folder, not a build's; "
                         f"choose another --out (default {config.OUTPUTS})")
    # Installed, ./outputs may be the user's own folder: only akidx's marker makes it ours.
    created = check_folder(out, "build", own=[config.OUTPUTS] if config.CHECKOUT else [])
    check_no_links(out, OWNED)
    if not created and ctx.data_dir != out / "data":
        check_tables_folder(ctx.data_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise AkidxError(f"{out}: cannot create the output folder ({err.strerror or err}); "
                         "choose another --out") from err
    try:
        with _lock(out):
            write_manifest(out, "build", written(out, BuildState.load(out)))
            yield
    except AkidxError:
        if created and not any(out.iterdir()):
            out.rmdir()  # refused or failed before writing: leave nothing behind
        raise


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder."""
    lock = out / ".build.lock"
    try:
        f = open(lock, "a")  # noqa: SIM115 (closed below, after the build)
    except OSError as err:
        raise AkidxError(f"{lock}: cannot open the build's lock file ({err.strerror or err}); "
                         "check the folder's owner and permissions, or choose another --out"
                         ) from err
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another akidx build is running in {out}; wait for it to "
                             "finish") from None
        yield


def written(out: Path, state: BuildState) -> list[str]:
    """What akidx wrote in ``out``: for its marker (:data:`MANIFEST`)."""
    names = ["index.html", "source.html", STATE_FILE, ".build.lock"]
    for name, record in state.runs.items():
        made = outputs_of(out, name)
        names += [p.relative_to(out).as_posix() for p in (made.notebook, made.page)]
        names += record.files
    for folder in ("data", "failed"):
        names += [f"{folder}/{p.name}" for p in sorted((out / folder).glob("*")) if p.is_file()]
    return names
