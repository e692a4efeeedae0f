"""``akidx build``: parse the report, run every params file, render HTML and the index.

This module decides *what* to do and stays light (standard library + PyYAML), so a
build with nothing to do answers in well under a second; :mod:`akidx.pipeline`
does the heavy part (kernels, papermill, nbconvert) only when something runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from akidx import config
from akidx.buildstate import code_hash, load_state, notebook_hash, save_state, sha256_bytes
from akidx.errors import AkidxError, BuildError, InputError

logger = logging.getLogger("akidx.build")
# Set by the build for every run, whatever the params file says: not part of a run's key.
PATH_PARAMS = ("report_path", "out_dir")


@dataclass
class Run:
    """One params file: which notebook, with which parameters, under which content hash."""

    name: str
    params_file: Path
    notebook: Path | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    error: str = ""  # the params file itself is unusable


@dataclass
class BuildSummary:
    """What a build did; ``errors`` has one line per failed run."""

    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index: Path | None = None

    def __str__(self) -> str:
        return (f"ran {len(self.ran)}, skipped {len(self.skipped)}, failed {len(self.failed)} "
                f"in {self.seconds:.1f} s; index: {self.index}")


@dataclass
class Context:
    """Paths and options shared by every run of one build."""

    out: Path
    report: Path
    report_sha: str
    data_dir: Path  # data/processed for the default report, else <out>/data
    cwd: Path  # the project folder: kernels run there, shown paths are relative to it
    jobs: int
    hide_code: bool
    code: str


def build(report: Path | None = None, out_dir: Path | None = None, only: list[str] | None = None,
          jobs: int | None = None, force: bool = False, hide_code: bool = False,
          params_dir: Path = config.PARAMS, notebooks_dir: Path = config.NOTEBOOKS,
          ) -> BuildSummary:
    """Build every chart, executed notebook, HTML page and ``index.html`` under ``out_dir``.

    Runs whose inputs are unchanged since their last success are skipped unless
    ``force``. Raises :class:`BuildError` after all runs if any failed.
    """
    started = time.perf_counter()
    params_dir, notebooks_dir = Path(params_dir), Path(notebooks_dir)
    ctx = _context(report, out_dir, jobs, hide_code, params_dir)
    summary = BuildSummary()
    with _lock(ctx.out):
        shutil.rmtree(ctx.out / ".staging", ignore_errors=True)  # left by a killed build
        state = load_state(ctx.out)
        runs = discover(params_dir, notebooks_dir, ctx, only)
        if not only:  # forget runs whose params file is gone
            state["runs"] = {r.name: state["runs"][r.name] for r in runs if r.name in state["runs"]}
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
            from akidx import pipeline  # heavy imports only from here on

            report_info = pipeline.run_all(todo, ctx, state, summary)
        state["report"] = report_info
        save_state(ctx.out, state)
        from akidx import gallery

        all_runs = discover(params_dir, notebooks_dir, ctx, None) if only else runs
        shown = sorted(all_runs, key=_reading_order)
        summary.index = gallery.write_index(
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
        from akidx.iorw import read_text  # imports pandas: only on this error path

        read_text(path)
        raise InputError(f"{path}: cannot read the report")  # not reached in practice
    return data


def _reading_order(run: Run) -> tuple[int, str]:
    stem = run.notebook.stem if run.notebook is not None else ""
    order = config.NOTEBOOK_ORDER
    return (order.index(stem) if stem in order else len(order), run.name)


def discover(params_dir: Path, notebooks_dir: Path, ctx: Context,
             only: list[str] | None) -> list[Run]:
    """One :class:`Run` per ``params/*.yaml``, keyed by everything its output depends on."""
    import yaml

    found = sorted(params_dir.glob("*.yaml")) + sorted(params_dir.glob("*.yml"))
    files = {p.stem: p for p in found}
    if only:
        wanted = [Path(name).stem for name in only]
        unknown = [name for name in wanted if name not in files]
        if unknown:
            raise AkidxError(f"no params file for {', '.join(unknown)} in {params_dir} "
                             f"(known: {', '.join(sorted(files)) or 'none'})")
        files = {name: files[name] for name in sorted(set(wanted))}
    runs = []
    for name, path in sorted(files.items()):
        run = Run(name, path)
        try:
            raw = path.read_bytes()
            data = yaml.safe_load(raw) or {}
            if not isinstance(data, dict) or not isinstance(data.get("notebook"), str):
                raise ValueError("needs a 'notebook: <file in notebooks/>' entry")
            run.notebook = notebooks_dir / data.pop("notebook")
            run.parameters = data
            nb_hash = notebook_hash(run.notebook)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            run.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            runs.append(run)
            continue
        # The build overrides the path parameters: editing them (or a comment) re-runs nothing.
        params = {k: v for k, v in data.items() if k not in PATH_PARAMS}
        parts = [run.notebook.name, nb_hash, json.dumps(params, sort_keys=True, default=str),
                 ctx.report_sha, ctx.code, ctx.hide_code]
        run.key = sha256_bytes(json.dumps(parts).encode())
        runs.append(run)
    return runs


def outputs_of(out: Path, name: str) -> list[Path]:
    """The files and folder a successful run leaves (all must exist to skip it)."""
    return [out / "notebooks" / f"{name}.ipynb", out / "html" / f"{name}.html",
            out / "figures" / name]


def _fresh(run: Run, state: dict[str, Any], out: Path) -> bool:
    entry = state["runs"].get(run.name) or {}
    return entry.get("key") == run.key and all(p.exists() for p in outputs_of(out, run.name))


def tables_dirs(ctx: Context) -> list[Path]:
    """Where the report's tables go: always ``<out>/data`` (the shared folder is complete)."""
    shared = ctx.out / "data"
    return [shared] if ctx.data_dir == shared else [ctx.data_dir, shared]


def _cached_report(state: dict[str, Any], ctx: Context) -> dict[str, Any] | None:
    """The index's report data from the last build, if the report, code and tables still match."""
    info = state.get("report") or {}
    same = (info.get("sha256") == ctx.report_sha and info.get("code") == ctx.code
            and info.get("data_dir") == str(ctx.data_dir))
    files = ["datapackage.json", *info.get("tables", [])]
    present = all((d / f).is_file() for d in tables_dirs(ctx) for f in files)
    return info if same and info.get("tables") and present else None


def shown_path(path: Path, ctx: Context) -> str:
    """``path`` relative to the project folder when inside it: for messages and notebooks."""
    path = Path(path).resolve()
    return str(path.relative_to(ctx.cwd)) if path.is_relative_to(ctx.cwd) else str(path)


def _meta(ctx: Context, summary: BuildSummary) -> dict[str, str]:
    """What the index says about this build."""
    from akidx import __version__

    status = (f"ran {len(summary.ran)}, skipped {len(summary.skipped)} (unchanged), "
              f"failed {len(summary.failed)}")
    return {"version": __version__, "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "report_name": ctx.report.name, "status": status}


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
