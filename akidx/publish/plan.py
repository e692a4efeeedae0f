"""What a build is made of: its runs (one per params file), its context, its summary.

Standard library and PyYAML only: deciding what to run must stay cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from akidx import config
from akidx.errors import AkidxError
from akidx.publish import runfile
from akidx.publish.runfile import ParamsFileError
from akidx.publish.state import notebook_hash_of
from akidx.tables.files import sha256_bytes, sha256_file

# Set by the build for every run, whatever the params file says: not part of a run's key
# (metrics_path only with --metrics; the file's content hash is part of the key instead).
PATH_PARAMS = ("report_path", "out_dir", "metrics_path")


@dataclass
class Run:
    """One params file: which notebook, with which parameters, under which content hash."""

    name: str
    params_file: Path
    notebook: Path | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    error: str = ""  # the params file itself is unusable
    waiting: str = ""  # a file it needs (e.g. its baseline_path) does not exist yet


@dataclass
class BuildSummary:
    """What a build did; ``errors`` has one line per failed run."""

    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # e.g. compare, until its baseline exists
    seconds: float = 0.0
    index: Path | None = None

    def __str__(self) -> str:
        wait = f", waiting {len(self.waiting)} ({', '.join(self.waiting)})" if self.waiting else ""
        return (f"ran {len(self.ran)}, skipped {len(self.skipped)}, failed {len(self.failed)}"
                f"{wait} in {self.seconds:.1f} s; index: {self.index}")


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
    formats: tuple[str, ...] = ("csv",)  # table formats written besides datapackage.json
    metrics: Path | None = None  # --metrics: extra metric rules for every run
    metrics_sha: str = ""
    cell_timeout: float = config.CELL_TIMEOUT  # seconds, per cell
    show_code: bool = False  # with hide_code: fold (default), hide or show
    source_lines: int = 0  # lines of source.html: line citations up to this one become links


def discover(params_dir: Path, notebooks_dir: Path, ctx: Context,
             only: list[str] | None) -> list[Run]:
    """One :class:`Run` per ``params/*.yaml``, keyed by everything its output depends on.

    A params file that cannot run (see :mod:`akidx.publish.runfile`) is a run with an
    ``error``: it fails alone, before any kernel starts.
    """
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
            run.notebook, data, nb = runfile.load(path, notebooks_dir)
        except ParamsFileError as exc:
            run.error = str(exc)
            runs.append(run)
            continue
        run.parameters = data
        nb_hash = notebook_hash_of(nb)
        # The build overrides the path parameters: editing them (or a comment) re-runs nothing.
        params = {k: v for k, v in data.items() if k not in PATH_PARAMS}
        inputs = _input_files(params, ctx)
        run.waiting = _waiting(params, inputs, ctx)
        parts = [run.notebook.name, nb_hash, json.dumps(params, sort_keys=True, default=str),
                 ctx.report_sha, ctx.code, ctx.hide_code, ctx.show_code, ctx.metrics_sha,
                 sorted((k, v or "") for k, v in inputs.items())]
        run.key = sha256_bytes(json.dumps(parts).encode())
        runs.append(run)
    return runs


def _input_files(params: dict[str, Any], ctx: Context) -> dict[str, str | None]:
    """Content hash of each file a ``*_path`` parameter names (from the project folder),
    None when it does not exist: such a run waits (e.g. compare.ipynb for its baseline)."""
    found: dict[str, str | None] = {}
    for key, value in params.items():
        if key.endswith("_path") and isinstance(value, str):
            path = ctx.cwd / value
            found[key] = sha256_file(path) if path.is_file() else None
    return found


def _waiting(params: dict[str, Any], inputs: dict[str, str | None], ctx: Context) -> str:
    """Why a run cannot be built yet: a file it names is missing, or its baseline is the
    very report being built (a comparison with itself shows nothing); else ''."""
    for key, sha in inputs.items():
        if sha is None:
            return f"{key} {params[key]} does not exist yet"
    if inputs.get("baseline_path") == ctx.report_sha:
        return (f"baseline_path {params['baseline_path']} is the report being built; "
                "build another edition (--report) to compare it with this one")
    return ""


def outputs_of(out: Path, name: str) -> list[Path]:
    """The files and folder a successful run leaves (all must exist to skip it)."""
    return [out / "notebooks" / f"{name}.ipynb", out / "html" / f"{name}.html",
            out / "charts" / name]


def tables_dirs(ctx: Context) -> list[Path]:
    """Where the report's tables go: always ``<out>/data`` (the shared folder is complete)."""
    shared = ctx.out / "data"
    return [shared] if ctx.data_dir == shared else [ctx.data_dir, shared]


def shown_path(path: Path, ctx: Context) -> str:
    """``path`` relative to the project folder when inside it: for messages and notebooks."""
    path = Path(path).resolve()
    return str(path.relative_to(ctx.cwd)) if path.is_relative_to(ctx.cwd) else str(path)
