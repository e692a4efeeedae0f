"""``akidx build``: parse the report, run every params file, render HTML and the index.

This module decides *what* to do and stays light (standard library + PyYAML), so a
build with nothing to do answers in well under a second; :mod:`akidx.publish.execute`
does the heavy part (kernels, papermill, nbconvert) only when something runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from akidx import config
from akidx.errors import AkidxError, BuildError, InputError
from akidx.publish.plan import (
    BuildSummary,
    Context,
    Run,
    discover,
    outputs_of,
    params_files,
    shown_path,
    tables_dirs,
)
from akidx.publish.sockets import clean_stale
from akidx.publish.state import STATE_FILE, BuildState, code_hash
from akidx.tables.files import (
    check_folder,
    check_no_links,
    check_tables_folder,
    sha256_bytes,
    sha256_file,
    write_manifest,
)
from akidx.tables.formats import require

logger = logging.getLogger("akidx.publish")
# What a build writes or deletes in its folder: a symbolic link among them is refused.
OWNED = ("charts", "notebooks", "html", "failed", "data", ".staging", "index.html",
         STATE_FILE, ".build.lock")


def build(report: Path | None = None, out_dir: Path | None = None, only: list[str] | None = None,
          jobs: int | None = None, force: bool = False, hide_code: bool = False,
          show_code: bool = False,
          params_dir: Path = config.PARAMS, notebooks_dir: Path = config.NOTEBOOKS,
          formats: tuple[str, ...] = ("csv",), metrics: Path | None = None,
          cell_timeout: float | None = None) -> BuildSummary:
    """Build every chart, executed notebook, HTML page and ``index.html`` under ``out_dir``.

    Runs whose inputs are unchanged since their last success are skipped unless
    ``force``; runs whose ``*_path`` file does not exist yet wait (a note, no page).
    Pages fold each code cell; ``hide_code`` leaves code out, ``show_code`` shows it
    unfolded. ``metrics``: a YAML file of extra metric rules, used by every run. Raises
    :class:`BuildError` after all runs if any failed, and :class:`AkidxError` before
    writing anything if ``out_dir`` may hold a user's files.
    """
    started = time.perf_counter()
    params_dir, notebooks_dir = Path(params_dir), Path(notebooks_dir)
    _check_options(out_dir, jobs, cell_timeout)
    params_files(params_dir)  # nothing to build: say so before creating anything
    require(formats)  # a missing optional library: say so before any kernel starts
    ctx = _context(report, out_dir, jobs, hide_code, params_dir)
    ctx.formats = tuple(formats)  # of the tables: csv, parquet, xlsx
    if metrics is not None:
        ctx.metrics, ctx.metrics_sha = _metrics(Path(metrics))
    if cell_timeout is not None:
        ctx.cell_timeout = cell_timeout
    ctx.show_code = show_code and not hide_code
    summary = BuildSummary()
    with _claim(ctx):
        shutil.rmtree(ctx.out / ".staging", ignore_errors=True)  # left by a killed build
        state = BuildState.load(ctx.out)
        ctx.ids = _cached_ids(state, ctx)
        runs = _without_waiting(discover(params_dir, notebooks_dir, ctx, only), ctx, summary)
        if not only:  # forget runs whose params file is gone
            state.runs = {r.name: state.runs[r.name] for r in runs if r.name in state.runs}
        todo: list[Run] = []
        for run in runs:
            if run.error:
                summary.failed.append(run.name)
                summary.errors.append(f"{shown_path(run.params_file, ctx)}: {run.error}")
            elif not force and _fresh(run, state, ctx.out):
                summary.skipped.append(run.name)
                (ctx.out / "failed" / f"{run.name}.ipynb").unlink(missing_ok=True)  # stale
            else:
                todo.append(run)
        source_text = _source_text(ctx, state)
        report_info = _cached_report(state, ctx)
        clean_stale()  # socket folders a killed build left: cheap, so on no-op builds too
        if todo or report_info is None:
            from akidx.publish import execute  # heavy imports only from here on

            report_info = execute.run_all(todo, ctx, state, summary)
        if source_text is not None:  # after the report parsed: never a text without pages
            from akidx.publish.source import write_source

            write_source(ctx.out, source_text, ctx.report.name, ctx.report_sha)
            state.source = {"key": _source_key(ctx), "lines": ctx.source_lines}
        state.report = report_info
        if ctx.ids is not None:  # each id's values (each:), for the next build to skip parsing
            state.report["ids"] = ctx.ids
        state.save(ctx.out)
        from akidx.publish import index

        all_runs = [r for r in discover(params_dir, notebooks_dir, ctx, None)
                    if not r.waiting] if only else runs
        shown = sorted(all_runs, key=_reading_order)
        summary.index = index.write_index(
            ctx.out, state, [r.name for r in shown], set(summary.failed), _meta(ctx, summary))
        write_manifest(ctx.out, "build", _written(ctx.out, state))
    summary.seconds = time.perf_counter() - started
    logger.info("%s", summary)
    if summary.failed:
        error = BuildError("\n".join(summary.errors))
        error.summary = summary  # type: ignore[attr-defined]
        raise error
    return summary


def _context(report: Path | None, out_dir: Path | None, jobs: int | None, hide_code: bool,
             params_dir: Path) -> Context:
    out = Path(out_dir or config.OUTPUTS).resolve()
    given = config.resolve_path(report or config.DEFAULT_REPORT)  # the one path rule
    report_path = given.resolve()
    report_sha = sha256_bytes(_read_report(given))
    # Another edition's tables go next to its outputs, never over data/processed; so do
    # an installed akidx's (only a checkout has a project folder to share them in).
    default = config.CHECKOUT and (report is None
                                   or report_path == config.DEFAULT_REPORT.resolve())
    data_dir = config.DATA_PROCESSED if default else out / "data"
    return Context(out=out, report=report_path, report_sha=report_sha, data_dir=data_dir,
                   cwd=params_dir.resolve().parent, jobs=max(1, jobs or os.cpu_count() or 1),
                   hide_code=hide_code, code=code_hash())


def _metrics(path: Path) -> tuple[Path, str]:
    """The metrics file, checked now (one-line error before anything runs), and its hash."""
    from akidx.tables.read import read_metrics

    read_metrics(path)
    return path.resolve(), sha256_file(path)


def _without_waiting(runs: list[Run], ctx: Context, summary: BuildSummary) -> list[Run]:
    """The runs that can be built. One still waiting for a file (compare.ipynb until a
    second edition exists) is an expected state, not a problem: an info line (-v) and a
    count in the summary, not a warning on every build."""
    for run in runs:
        if run.waiting and not run.error:
            summary.waiting.append(run.name)
            logger.info("%s: not built: %s", shown_path(run.params_file, ctx), run.waiting)
    return [r for r in runs if r.error or not r.waiting]


def _check_options(out_dir: Path | str | None, jobs: int | None,
                   cell_timeout: float | None) -> None:
    if out_dir is not None and not str(out_dir).strip():
        raise AkidxError("--out is empty (an unset variable?); give a folder, "
                         f"or leave --out out for {config.OUTPUTS}")
    if jobs is not None and jobs < 1:
        raise AkidxError(f"--jobs must be 1 or more, got {jobs}")
    if cell_timeout is not None and not 0 < cell_timeout < float("inf"):
        raise AkidxError(f"--cell-timeout must be a number of seconds more than 0, "
                         f"got {cell_timeout}")


def _read_report(path: Path) -> bytes:
    """The report's bytes (bounded); when unusable, the same one-line error as ``akidx parse``."""
    from akidx.tables.read import read_bytes, read_text

    data = read_bytes(path)
    if not data:  # empty: let read_text say so, in its words
        read_text(path)
        raise InputError(f"{path}: cannot read the report")  # not reached in practice
    return data


def _reading_order(run: Run) -> tuple[int, str]:
    stem = run.notebook.stem if run.notebook is not None else ""
    order = config.NOTEBOOK_ORDER
    return (order.index(stem) if stem in order else len(order), run.name)


def _fresh(run: Run, state: BuildState, out: Path) -> bool:
    entry = state.runs.get(run.name)
    return (entry is not None and entry.key == run.key
            and all(p.exists() for p in outputs_of(out, run.name)))


def _cached_report(state: BuildState, ctx: Context) -> dict[str, Any] | None:
    """The index's report data from the last build, if the report, code and tables still match."""
    info = state.report or {}
    same = (info.get("sha256") == ctx.report_sha and info.get("code") == ctx.code
            and info.get("data_dir") == str(ctx.data_dir)
            and info.get("formats", ["csv"]) == list(ctx.formats)
            and info.get("metrics", "") == ctx.metrics_sha)
    files = ["datapackage.json", *info.get("tables", [])]
    present = all((d / f).is_file() for d in tables_dirs(ctx) for f in files)
    return info if same and info.get("tables") and present else None


def _cached_ids(state: BuildState, ctx: Context) -> dict[str, list[int]] | None:
    """The ids ``each:`` expands over, as the last build parsed them from this same report
    with this same code; None: parse again (:func:`akidx.publish.plan.report_ids`)."""
    info = state.report or {}
    ids = info.get("ids")
    same = info.get("sha256") == ctx.report_sha and info.get("code") == ctx.code
    return ids if same and isinstance(ids, dict) else None


def _source_key(ctx: Context) -> str:
    return f"{ctx.report_sha}:{ctx.code}"


def _source_text(ctx: Context, state: BuildState) -> str | None:
    """Sets ``ctx.source_lines``; the report's text when ``source.html`` must be (re)written
    (the report or the code changed, or the page is gone), else None: a no-op build only
    compares hashes."""
    from akidx.publish.source import SOURCE_PAGE, source_lines

    if state.source.get("key") == _source_key(ctx) and (ctx.out / SOURCE_PAGE).is_file():
        ctx.source_lines = int(state.source.get("lines", 0))
        return None
    from akidx.tables.read import read_text

    text, _sha, _encoding = read_text(ctx.report)
    ctx.source_lines = len(source_lines(text))
    return text


def _meta(ctx: Context, summary: BuildSummary) -> dict[str, str]:
    """What the index says about this build."""
    status = (f"ran {len(summary.ran)}, skipped {len(summary.skipped)} (unchanged), "
              f"failed {len(summary.failed)}")
    from akidx.publish.render import CODE_NOTES, code_view  # light: nbconvert loads lazily

    return {"version": config.VERSION, "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "report_name": ctx.report.name, "status": status,
            "code": CODE_NOTES[code_view(ctx.hide_code, ctx.show_code)]}


@contextlib.contextmanager
def _claim(ctx: Context) -> Iterator[None]:
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
            write_manifest(out, "build", _written(out, BuildState.load(out)))
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


def _written(out: Path, state: BuildState) -> list[str]:
    """What akidx wrote in ``out``: for its marker (:data:`MANIFEST`)."""
    names = ["index.html", "source.html", STATE_FILE, ".build.lock"]
    for name, record in state.runs.items():
        names += [p.relative_to(out).as_posix() for p in outputs_of(out, name)[:2]]
        names += record.files
    for folder in ("data", "failed"):
        names += [f"{folder}/{p.name}" for p in sorted((out / folder).glob("*")) if p.is_file()]
    return names
