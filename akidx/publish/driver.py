"""``akidx build``: parse the report, run every params file, render HTML and the index.

This module decides *what* to do and stays light (standard library + PyYAML), so a
build with nothing to do answers in well under a second; :mod:`akidx.publish.execute`
does the heavy part (kernels, papermill, nbconvert) only when something runs.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from akidx import config
from akidx.errors import AkidxError, BuildError, InputError
from akidx.publish.outfolder import claim, written
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
from akidx.publish.state import (
    BuildState,
    ReportInfo,
    SourceInfo,
    TablesWritten,
    code_hash,
)
from akidx.tables.files import (
    sha256_bytes,
    sha256_file,
    write_manifest,
)
from akidx.tables.formats import require

logger = logging.getLogger("akidx.publish")


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
    ctx = _context(report, out_dir, params_dir, jobs=jobs, hide_code=hide_code,
                   show_code=show_code, formats=formats, metrics=metrics,
                   cell_timeout=cell_timeout)
    summary = BuildSummary()
    with claim(ctx):
        shutil.rmtree(ctx.out / ".staging", ignore_errors=True)  # left by a killed build
        state = BuildState.load(ctx.out)
        ctx.facts.ids = _cached_ids(state, ctx)
        runs = _without_waiting(discover(params_dir, notebooks_dir, ctx, only), ctx, summary)
        if not only:  # forget runs whose params file is gone
            state.runs = {r.name: state.runs[r.name] for r in runs if r.name in state.runs}
        todo = _due(runs, state, ctx, summary, force)
        _run(todo, ctx, state, summary)
        all_runs = [r for r in discover(params_dir, notebooks_dir, ctx, None)
                    if not r.waiting] if only else runs
        summary.index = _write_index(ctx, state, summary, all_runs)
    summary.seconds = time.perf_counter() - started
    logger.info("%s", summary)
    if summary.failed:
        error = BuildError("\n".join(summary.errors))
        error.summary = summary  # type: ignore[attr-defined]
        raise error
    return summary


def _due(runs: list[Run], state: BuildState, ctx: Context, summary: BuildSummary,
         force: bool) -> list[Run]:
    """The runs to execute; unusable params files fail now, fresh runs are skipped."""
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
    return todo


def _run(todo: list[Run], ctx: Context, state: BuildState, summary: BuildSummary) -> None:
    """Execute ``todo`` (kernels, only when there is one) or reuse the last build's report
    data; write ``source.html`` when the report changed; save the state."""
    source_text = _source_text(ctx, state)
    report = _cached_report(state, ctx)
    clean_stale()  # socket folders a killed build left: cheap, so on no-op builds too
    if todo or report is None:
        from akidx.publish import execute  # heavy imports only from here on

        report = execute.run_all(todo, ctx, state, summary)
    if source_text is not None:  # after the report parsed: never a text without pages
        from akidx.publish.source import write_source

        write_source(ctx.out, source_text, ctx.report.name, ctx.report_sha)
        state.source = SourceInfo(key=_source_key(ctx), lines=ctx.facts.source_lines)
    # each id's values (each:), for the next build to skip parsing
    state.report = replace(report, ids=ctx.facts.ids) if ctx.facts.ids is not None else report
    state.save(ctx.out)


def _write_index(ctx: Context, state: BuildState, summary: BuildSummary,
                 runs: list[Run]) -> Path:
    from akidx.publish import index

    names = [r.name for r in sorted(runs, key=_reading_order)]
    path = index.write_index(ctx.out, state, names, set(summary.failed), _meta(ctx, summary))
    write_manifest(ctx.out, "build", written(ctx.out, state))
    return path


def _context(report: Path | None, out_dir: Path | None, params_dir: Path, *,
             jobs: int | None, hide_code: bool, show_code: bool, formats: tuple[str, ...],
             metrics: Path | None, cell_timeout: float | None) -> Context:
    """Everything the runs share, fixed before the build starts."""
    out = Path(out_dir or config.OUTPUTS).resolve()
    given = config.resolve_path(report or config.DEFAULT_REPORT)  # the one path rule
    report_path = given.resolve()
    report_sha = sha256_bytes(_read_report(given))
    # Another edition's tables go next to its outputs, never over data/processed; so do
    # an installed akidx's (only a checkout has a project folder to share them in).
    default = config.CHECKOUT and (report is None
                                   or report_path == config.DEFAULT_REPORT.resolve())
    metrics_path, metrics_sha = _metrics(Path(metrics)) if metrics is not None else (None, "")
    return Context(out=out, report=report_path, report_sha=report_sha,
                   data_dir=config.DATA_PROCESSED if default else out / "data",
                   cwd=params_dir.resolve().parent, jobs=max(1, jobs or os.cpu_count() or 1),
                   hide_code=hide_code, code_sha=code_hash(), formats=tuple(formats),
                   metrics=metrics_path, metrics_sha=metrics_sha,
                   cell_timeout=config.CELL_TIMEOUT if cell_timeout is None else cell_timeout,
                   show_code=show_code and not hide_code)


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


def _cached_report(state: BuildState, ctx: Context) -> ReportInfo | None:
    """The last build's report data, if the report, code and tables still match."""
    info = state.report
    if info is None:
        return None
    written = info.written
    same = written == TablesWritten(report_sha=ctx.report_sha, code_sha=ctx.code_sha,
                                    data_dir=str(ctx.data_dir), formats=list(ctx.formats),
                                    metrics_sha=ctx.metrics_sha, tables=written.tables)
    files = ["datapackage.json", *written.tables]
    present = all((d / f).is_file() for d in tables_dirs(ctx) for f in files)
    return info if same and written.tables and present else None


def _cached_ids(state: BuildState, ctx: Context) -> dict[str, list[int]] | None:
    """The ids ``each:`` expands over, as the last build parsed them from this same report
    with this same code; None: parse again (:func:`akidx.publish.plan.report_ids`)."""
    info = state.report
    same = (info is not None and info.written.report_sha == ctx.report_sha
            and info.written.code_sha == ctx.code_sha)
    return info.ids if same and isinstance(info.ids, dict) else None


def _source_key(ctx: Context) -> str:
    return f"{ctx.report_sha}:{ctx.code_sha}"


def _source_text(ctx: Context, state: BuildState) -> str | None:
    """Sets ``ctx.facts.source_lines``; the report's text when ``source.html`` must be (re)written
    (the report or the code changed, or the page is gone), else None: a no-op build only
    compares hashes."""
    from akidx.publish.source import SOURCE_PAGE, source_lines

    if (state.source is not None and state.source.key == _source_key(ctx)
            and (ctx.out / SOURCE_PAGE).is_file()):
        ctx.facts.source_lines = state.source.lines
        return None
    from akidx.tables.read import read_text

    text, _sha, _encoding = read_text(ctx.report)
    ctx.facts.source_lines = len(source_lines(text))
    return text


def _meta(ctx: Context, summary: BuildSummary) -> dict[str, str]:
    """What the index says about this build."""
    status = (f"ran {len(summary.ran)}, skipped {len(summary.skipped)} (unchanged), "
              f"failed {len(summary.failed)}")
    from akidx.publish.render import CODE_NOTES, code_view  # light: nbconvert loads lazily

    return {"version": config.VERSION, "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "report_name": ctx.report.name, "status": status,
            "code_view": CODE_NOTES[code_view(ctx.hide_code, ctx.show_code)]}
