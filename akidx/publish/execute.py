"""The heavy half of ``akidx build``: parse once, execute in parallel, render, publish.

Each run executes into a private staging folder; only a run that succeeded
replaces that run's published notebook, HTML and charts (temp + os.replace), so
a failure or a kill never leaves a half-written page behind the old good one.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from akidx import config
from akidx.errors import KernelStartError
from akidx.publish.plan import (
    PATH_PARAMS,
    BuildSummary,
    Context,
    Run,
    outputs_of,
    shown_path,
    tables_dirs,
)
from akidx.publish.state import BuildState, ReportInfo, RunRecord, TablesWritten
from akidx.publish.titles import heading_of, retitle, run_title
from akidx.tables.files import atomic_write, check_no_links, publish_together

if TYPE_CHECKING:  # the kernel machinery (nbclient, jupyter_client, zmq) loads only to run
    from akidx.publish.kernels import CellFailure
    from akidx.publish.pool import KernelPool

logger = logging.getLogger("akidx.publish")


def run_all(todo: list[Run], ctx: Context, state: BuildState,
            summary: BuildSummary) -> ReportInfo:
    """Execute ``todo`` (may be empty), record results in ``summary``/``state``; report info."""
    return asyncio.run(_run_all(todo, ctx, state, summary))


async def _run_all(todo: list[Run], ctx: Context, state: BuildState,
                   summary: BuildSummary) -> ReportInfo:
    size = min(ctx.jobs, len(todo))
    pool = None
    if todo:  # kernels boot first: everything below overlaps with their startup
        from akidx.publish.pool import KernelPool

        pool = KernelPool(size, ctx.cwd, config.PACKAGE.parent)
    try:
        report_info, renderer = await asyncio.to_thread(_prepare, ctx, bool(todo))
        if pool is None:
            return report_info
        queue: asyncio.Queue[Run] = asyncio.Queue()
        for run in todo:
            queue.put_nowait(run)
        with _Progress(len(todo)) as progress:
            workers = [asyncio.create_task(
                _worker(queue, pool, renderer, ctx, state, summary, progress))
                for _ in range(size)]
            try:  # the first KernelStartError ends the build: the other workers are cancelled
                await asyncio.gather(*workers)
            finally:
                for task in workers:
                    task.cancel()
                await asyncio.gather(*workers, return_exceptions=True)
        return report_info
    finally:
        if pool is not None:
            await pool.close()
        with contextlib.suppress(OSError):
            (ctx.out / ".staging").rmdir()  # only if empty: another build's may be in use


def _prepare(ctx: Context, rendering: bool) -> tuple[ReportInfo, Any]:
    """Parse the report once, write its tables; import papermill and build the renderer."""
    from akidx.analysis.headline import headline
    from akidx.tables.read import load_report
    from akidx.tables.write import write_tables

    report = load_report(ctx.report, ctx.metrics)
    head = headline(report, ctx.report_sha)
    ctx.facts.labels = head.names()  # measure pages titled as the index lists them
    written: list[Path] = []
    for folder in tables_dirs(ctx):  # <out>/data always: the shared folder is complete
        written = write_tables(report, folder, ctx.formats, owned=folder == ctx.out / "data")
    tables = sorted(p.name for p in written if p.name != "datapackage.json")
    info = ReportInfo(headline=head, written=TablesWritten(
        report_sha=ctx.report_sha, code_sha=ctx.code_sha, data_dir=str(ctx.data_dir),
        formats=list(ctx.formats), metrics_sha=ctx.metrics_sha, tables=tables))
    if not rendering:
        return info, None
    import papermill.parameterize  # noqa: F401  (import cost paid while kernels boot)

    from akidx.publish.render import Renderer, code_view

    renderer = Renderer(code_view(ctx.hide_code, ctx.show_code), ctx.facts.source_lines)
    # What is loaded by now (pandas, nbconvert, Jinja, Pygments) lives as long as the build:
    # out of the collector's view, full collections while rendering stay cheap.
    gc.collect()
    gc.freeze()
    return info, renderer


async def _worker(queue: asyncio.Queue[Run], pool: KernelPool, renderer: Any, ctx: Context,
                  state: BuildState, summary: BuildSummary, progress: _Progress) -> None:
    while not queue.empty():
        run = queue.get_nowait()
        started = time.perf_counter()
        try:
            error = await _run_one(run, pool, renderer, ctx, state)
        except KernelStartError:
            raise  # no kernel for any run: the whole build stops, saying why
        except Exception as exc:  # unreadable notebook, disk full...: this run only
            logger.debug("run %s crashed", run.name, exc_info=True)
            error = f"{shown_path(run.params_file, ctx)}: {type(exc).__name__}: {exc}"
        if error:
            summary.failed.append(run.name)
            summary.errors.append(error)
        else:
            summary.ran.append(run.name)
        progress.done(run.name, "FAILED" if error else "ran", time.perf_counter() - started)


async def _run_one(run: Run, pool: KernelPool, renderer: Any, ctx: Context,
                   state: BuildState) -> str:
    """Execute, render and publish one run; the error line, or '' on success."""
    import nbformat

    staging_root = ctx.out / ".staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=staging_root, prefix=f"{run.name}."))
    try:
        (staging / "charts").mkdir()
        nb, failure = await _execute(run, pool, ctx, staging / "charts")
        if failure:
            check_no_links(ctx.out, ["failed"])
            atomic_write(ctx.out / "failed" / f"{run.name}.ipynb", nbformat.writes(nb))
            return _failure_line(run, nb, failure, ctx)
        executed = nbformat.writes(nb)
        heading = heading_of(nb, run.name)
        title = run_title(heading, run.parameters, ctx.facts.labels)
        retitle(nb, title)  # the page's heading: the executed notebook keeps its own
        html = renderer.html(nb, title, run.notebook.parent, _provenance(ctx))
        _publish(run, ctx, staging, executed, html)
        shown = {k: str(v) for k, v in run.parameters.items() if k not in PATH_PARAMS}
        files = sorted(p.relative_to(ctx.out).as_posix()
                       for p in outputs_of(ctx.out, run.name).charts.rglob("*") if p.is_file())
        state.runs[run.name] = RunRecord(key=run.key, title=title, heading=heading, params=shown,
                                         thumbnail=_thumbnail(ctx.out, run.name), files=files)
        state.save(ctx.out)  # after the outputs: a kill before this means "run again"
        return ""
    finally:
        shutil.rmtree(staging, ignore_errors=True)


async def _execute(run: Run, pool: KernelPool, ctx: Context,
                   charts: Path) -> tuple[Any, CellFailure | None]:
    """The run's notebook with its parameters, executed on a warm kernel (charts into the
    staging folder ``charts``); the cell that failed, if one did."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    from akidx.publish import kernels

    assert run.notebook is not None
    source = nbformat.read(run.notebook, as_version=4)
    for cell in source.cells:  # papermill expects every cell to have tags
        cell.metadata.setdefault("tags", [])
    source.metadata.setdefault("papermill", {})
    params = {**run.parameters, "report_path": str(ctx.report), "out_dir": str(charts)}
    if ctx.metrics is not None:
        params["metrics_path"] = str(ctx.metrics)
    nb = parameterize_notebook(source, params, kernel_name=config.KERNEL_NAME)
    t0 = time.perf_counter()
    kernel = await pool.get()
    t1 = time.perf_counter()
    try:
        failure = await kernels.execute(nb, kernel, ctx.cwd, ctx.cell_timeout)
    except BaseException:
        pool.release(kernel)
        raise
    if failure:
        pool.release(kernel)  # its state is suspect: the next run gets a fresh kernel
    else:
        await pool.recycle(kernel)
    logger.debug("%s: waited %.2f s for a kernel, executed in %.2f s", run.name, t1 - t0,
                 time.perf_counter() - t1)
    _show_final_paths(nb, params, run, ctx)
    return nb, failure


def _publish(run: Run, ctx: Context, staging: Path, notebook: str, html: str) -> None:
    """Page, notebook and charts replace the old ones together, or none of them does."""
    made = outputs_of(ctx.out, run.name)
    check_no_links(ctx.out, [p.relative_to(ctx.out).parent for p in made]
                   + [Path("failed")])  # checked by the build too; a link made since is refused
    atomic_write(staging / "notebook.ipynb", notebook)
    atomic_write(staging / "page.html", html)
    publish_together([(staging / "notebook.ipynb", made.notebook),
                      (staging / "page.html", made.page), (staging / "charts", made.charts)],
                     staging / "old")
    (ctx.out / "failed" / f"{run.name}.ipynb").unlink(missing_ok=True)


def _provenance(ctx: Context) -> dict[str, str]:
    """Where a page came from, for its footer."""
    from datetime import UTC, datetime

    return {"report_name": ctx.report.name, "sha256": ctx.report_sha, "version": config.VERSION,
            "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def _show_final_paths(nb: Any, params: dict[str, Any], run: Run, ctx: Context) -> None:
    """Show where the charts end up, not the staging folder they were written to, and
    record the source notebook, the executed one and the parameters where papermill does."""
    from papermill.translators import translate_parameters

    shown = {**params, "report_path": shown_path(ctx.report, ctx),
             "out_dir": shown_path(ctx.out / "charts" / run.name, ctx)}
    if ctx.metrics is not None:
        shown["metrics_path"] = shown_path(ctx.metrics, ctx)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = translate_parameters(config.KERNEL_NAME, "python", shown,
                                               "Parameters")
    # papermill's own provenance fields: `papermill <input_path> <output_path> -y <parameters>`
    # reruns this page's notebook (paths from the project folder, as shown).
    record = nb.metadata.setdefault("papermill", {})
    record.update(parameters=shown, input_path=shown_path(run.notebook, ctx),
                  output_path=shown_path(outputs_of(ctx.out, run.name).notebook, ctx))


def _failure_line(run: Run, nb: Any, failure: CellFailure, ctx: Context) -> str:
    """``params/x.yaml: notebooks/x.ipynb cell 4 `1/0`: ZeroDivisionError: division by zero``."""
    where = "kernel start"
    if 0 <= failure.index < len(nb.cells):
        injected = [i for i, c in enumerate(nb.cells)
                    if "injected-parameters" in c.metadata.get("tags", [])]
        number = failure.index + 1 - sum(1 for i in injected if i < failure.index)
        first = next((ln.strip() for ln in nb.cells[failure.index].source.splitlines()
                      if ln.strip()), "")
        where = f"cell {number} `{first[:60]}`"
    return (f"{shown_path(run.params_file, ctx)}: {shown_path(run.notebook, ctx)} {where}: "
            f"{failure.ename}: {failure.evalue}")


def _thumbnail(out: Path, name: str) -> str | None:
    """The first PNG the run saved (its main chart), relative to ``out``."""
    pngs = sorted((out / "charts" / name).rglob("*.png"), key=lambda p: (p.stat().st_mtime, p))
    return pngs[0].relative_to(out).as_posix() if pngs else None


class _Progress:
    """A tqdm bar on a terminal, one log line per run otherwise (CI, pipes)."""

    def __init__(self, total: int) -> None:
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="nb", desc="akidx build", file=sys.stderr)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def done(self, name: str, status: str, seconds: float) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{status} {name}")
            self.bar.update(1)
        else:
            level = logging.INFO if status == "ran" else logging.WARNING
            logger.log(level, "%s %s (%.1f s)", status, name, seconds)
