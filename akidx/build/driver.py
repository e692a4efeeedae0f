"""``akidx build``: parse the report, run every params file, render HTML and the index.

This module decides *what* to do and stays light (standard library + PyYAML), so a
build with nothing to do answers in well under a second; :mod:`akidx.build.execute`
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
from akidx.build.plan import (
    BuildSummary,
    Context,
    Run,
    discover,
    outputs_of,
    shown_path,
    tables_dirs,
)
from akidx.build.state import BuildState, code_hash
from akidx.errors import BuildError, InputError
from akidx.tables.files import sha256_bytes

logger = logging.getLogger("akidx.build")


def build(report: Path | None = None, out_dir: Path | None = None, only: list[str] | None = None,
          jobs: int | None = None, force: bool = False, hide_code: bool = False,
          show_code: bool = False,
          params_dir: Path = config.PARAMS, notebooks_dir: Path = config.NOTEBOOKS,
          ) -> BuildSummary:
    """Build every chart, executed notebook, HTML page and ``index.html`` under ``out_dir``.

    Runs whose inputs are unchanged since their last success are skipped unless
    ``force``. Pages fold each code cell; ``hide_code`` leaves code out, ``show_code``
    shows it unfolded. Raises :class:`BuildError` after all runs if any failed.
    """
    started = time.perf_counter()
    params_dir, notebooks_dir = Path(params_dir), Path(notebooks_dir)
    ctx = _context(report, out_dir, jobs, hide_code, params_dir)
    ctx.show_code = show_code and not hide_code
    summary = BuildSummary()
    with _lock(ctx.out):
        shutil.rmtree(ctx.out / ".staging", ignore_errors=True)  # left by a killed build
        state = BuildState.load(ctx.out)
        runs = discover(params_dir, notebooks_dir, ctx, only)
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
        report_info = _cached_report(state, ctx)
        if todo or report_info is None:
            from akidx.build import execute  # heavy imports only from here on

            report_info = execute.run_all(todo, ctx, state, summary)
        state.report = report_info
        state.save(ctx.out)
        from akidx.build import index

        all_runs = discover(params_dir, notebooks_dir, ctx, None) if only else runs
        shown = sorted(all_runs, key=_reading_order)
        summary.index = index.write_index(
            ctx.out, state, [r.name for r in shown], set(summary.failed), _meta(ctx, summary))
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
    given = Path(report or config.DEFAULT_REPORT)
    report_path = given.resolve()
    report_sha = sha256_bytes(_read_report(given))
    # Another edition's tables go next to its outputs, never over data/processed.
    default = report is None or report_path == config.DEFAULT_REPORT.resolve()
    data_dir = config.DATA_PROCESSED if default else out / "data"
    return Context(out=out, report=report_path, report_sha=report_sha, data_dir=data_dir,
                   cwd=params_dir.resolve().parent, jobs=max(1, jobs or os.cpu_count() or 1),
                   hide_code=hide_code, code=code_hash())


def _read_report(path: Path) -> bytes:
    """The report's bytes; when unusable, the same one-line error as ``akidx parse``."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if not data:  # missing, a folder, unreadable or empty: let iorw say which
        from akidx.tables.read import read_text

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
            and info.get("data_dir") == str(ctx.data_dir))
    files = ["datapackage.json", *info.get("tables", [])]
    present = all((d / f).is_file() for d in tables_dirs(ctx) for f in files)
    return info if same and info.get("tables") and present else None


def _meta(ctx: Context, summary: BuildSummary) -> dict[str, str]:
    """What the index says about this build."""
    status = (f"ran {len(summary.ran)}, skipped {len(summary.skipped)} (unchanged), "
              f"failed {len(summary.failed)}")
    from akidx.build.render import CODE_NOTES, code_view  # light: nbconvert loads lazily

    return {"version": config.VERSION, "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "report_name": ctx.report.name, "status": status,
            "code": CODE_NOTES[code_view(ctx.hide_code, ctx.show_code)]}


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".build.lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another akidx build is running in {out}") from None
        yield
