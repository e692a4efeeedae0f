"""What a build is made of: its runs (one per params file), its context, its summary.

Standard library and PyYAML only: deciding what to run must stay cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from akidx.build.state import notebook_hash
from akidx.errors import AkidxError
from akidx.tables.files import sha256_bytes

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
    show_code: bool = False  # with hide_code: fold (default), hide or show


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
                 ctx.report_sha, ctx.code, ctx.hide_code, ctx.show_code]
        run.key = sha256_bytes(json.dumps(parts).encode())
        runs.append(run)
    return runs


def outputs_of(out: Path, name: str) -> list[Path]:
    """The files and folder a successful run leaves (all must exist to skip it)."""
    return [out / "notebooks" / f"{name}.ipynb", out / "html" / f"{name}.html",
            out / "figures" / name]


def tables_dirs(ctx: Context) -> list[Path]:
    """Where the report's tables go: always ``<out>/data`` (the shared folder is complete)."""
    shared = ctx.out / "data"
    return [shared] if ctx.data_dir == shared else [ctx.data_dir, shared]


def shown_path(path: Path, ctx: Context) -> str:
    """``path`` relative to the project folder when inside it: for messages and notebooks."""
    path = Path(path).resolve()
    return str(path.relative_to(ctx.cwd)) if path.is_relative_to(ctx.cwd) else str(path)
