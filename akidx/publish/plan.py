"""What a build is made of: its runs (one per params file), its context, its summary.

Standard library and PyYAML only: deciding what to run must stay cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from akidx import config
from akidx.errors import AkidxError
from akidx.publish import runfile
from akidx.publish.runfile import ParamsFileError
from akidx.publish.state import notebook_hash_of
from akidx.tables.files import sha256_bytes, sha256_file, size_text
from akidx.tables.yamlfile import shorten

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
    each: str = ""  # the id parameter this run is one value of (``each: measure_id``)


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
class ReportFacts:
    """What a build learns about its report as it goes, shared by every run."""

    ids: dict[str, list[int]] | None = None  # each id's values in the report (report_ids)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> value -> name
    source_lines: int = 0  # lines of source.html: line citations up to this one become links


@dataclass(frozen=True)
class Context:
    """Paths and options shared by every run of one build, fixed when it starts
    (what it learns of the report goes to ``facts``)."""

    out: Path
    report: Path
    report_sha: str
    data_dir: Path  # data/processed for the default report, else <out>/data
    cwd: Path  # the project folder: kernels run there, shown paths are relative to it
    jobs: int
    hide_code: bool
    code_sha: str  # the akidx package's source (state.code_hash): new code re-runs all
    formats: tuple[str, ...] = ("csv",)  # table formats written besides datapackage.json
    metrics: Path | None = None  # --metrics: extra metric rules for every run
    metrics_sha: str = ""
    cell_timeout: float = config.CELL_TIMEOUT  # seconds, per cell
    show_code: bool = False  # with hide_code: fold (default), hide or show
    facts: ReportFacts = field(default_factory=ReportFacts)


class RunOutputs(NamedTuple):
    """What a successful run leaves (all must exist to skip it)."""

    notebook: Path  # <out>/notebooks/<run>.ipynb, the executed notebook
    page: Path  # <out>/html/<run>.html
    charts: Path  # <out>/charts/<run>/


def discover(params_dir: Path, notebooks_dir: Path, ctx: Context,
             only: list[str] | None) -> list[Run]:
    """One :class:`Run` per ``params/*.yaml``, keyed by everything its output depends on;
    a file with ``each: measure_id`` is one run per measure of the report
    (``measure-01``, ``measure-02``…, see :func:`expand`).

    A params file that cannot run (see :mod:`akidx.publish.runfile`) is a run with an
    ``error``: it fails alone, before any kernel starts. ``only``: params file names
    (all their runs) or run names.
    """
    files = params_files(params_dir)
    wanted = [Path(name).stem for name in only or []]
    if only:  # a file is read when named, or when a wanted name may be one of its runs
        files = {stem: p for stem, p in files.items()
                 if any(w == stem or w.startswith(f"{stem}-") for w in wanted)}
    runs: list[Run] = []
    for name, path in sorted(files.items()):
        runs += _runs_of(name, path, notebooks_dir, ctx)
    _check_names(runs, files)
    if only:
        runs = [r for r in runs if r.name in wanted or r.params_file.stem in wanted]
        missing = [w for w in wanted if not any(w in (r.name, r.params_file.stem) for r in runs)]
        if missing:
            known = discover(params_dir, notebooks_dir, ctx, None)
            raise AkidxError(f"no params file or run {', '.join(missing)} in {params_dir} "
                             f"(known: {_names(known) or 'none'})")
    return runs


def params_files(params_dir: Path) -> dict[str, Path]:
    """The run files ``*.yaml`` / ``*.yml`` in ``params_dir`` by name. None at all is an
    error, not an empty build: a build that ran nothing would look like a success."""
    found = sorted(params_dir.glob("*.yaml")) + sorted(params_dir.glob("*.yml"))
    if not found:
        state = "holds no params files (*.yaml)" if params_dir.is_dir() else "does not exist"
        raise AkidxError(f"{params_dir}: {state}, so there is nothing to build; each run of "
                         "a notebook is one params file naming its notebook")
    return {p.stem: p for p in found}


def _runs_of(name: str, path: Path, notebooks_dir: Path, ctx: Context) -> list[Run]:
    """The runs of one params file: one, or one per id value with ``each:``."""
    run = Run(name, path)
    try:
        run.notebook, data, nb, each = runfile.load(path, notebooks_dir)
    except ParamsFileError as exc:
        run.error = str(exc)
        return [run]
    nb_hash = notebook_hash_of(nb)
    if not each:
        return [_keyed(run, data, nb_hash, ctx)]
    values = report_ids(ctx)[each]
    width = max(2, *(len(str(v)) for v in values)) if values else 2
    return [_keyed(Run(f"{name}-{v:0{width}d}", path, run.notebook, each=each),
                   {**data, each: v}, nb_hash, ctx) for v in values]


def _keyed(run: Run, data: dict[str, Any], nb_hash: str, ctx: Context) -> Run:
    """``run`` with its parameters, what it waits for and its key."""
    assert run.notebook is not None
    run.parameters = data
    # The build overrides the path parameters: editing them (or a comment) re-runs nothing.
    params = {k: v for k, v in data.items() if k not in PATH_PARAMS}
    try:
        inputs = _input_files(params, ctx)
    except ParamsFileError as exc:  # e.g. a *_path file over the size limit
        run.error = str(exc)
        return run
    run.waiting = _waiting(params, inputs, ctx)
    parts = [run.notebook.name, nb_hash, json.dumps(params, sort_keys=True, default=str),
             ctx.report_sha, ctx.code_sha, ctx.hide_code, ctx.show_code, ctx.metrics_sha,
             sorted((k, v or "") for k, v in inputs.items())]
    run.key = sha256_bytes(json.dumps(parts).encode())
    return run


def _check_names(runs: list[Run], files: dict[str, Path]) -> None:
    """An expanded run named like another params file (``measure-08.yaml``) fails."""
    for run in runs:
        other = files.get(run.name)
        if run.each and other is not None and not run.error:
            run.error = (f"its run {run.name} has the same name as {other.name}; "
                         "rename one of the two files")


def _names(runs: list[Run]) -> str:
    """Run names for a message, each expanded file's runs as one range."""
    shown: dict[str, str] = {}
    for run in runs:
        stem = run.params_file.stem
        if not run.each:
            shown[run.name] = run.name
        else:
            first = shown.get(stem, f"{stem} ({run.name} … ").split(" … ")[0]
            shown[stem] = f"{first} … {run.name})"
    return ", ".join(shown.values())


def report_ids(ctx: Context) -> dict[str, list[int]]:
    """Each id ``each:`` can name (:data:`runfile.EACH`) -> its values in the report,
    in order. From ``ctx.facts.ids`` when the build state has them for this report, else
    parsed once (standard library, ~50 ms) and kept in ``ctx.facts.ids``."""
    if ctx.facts.ids is None:
        ctx.facts.ids = ids_of_report(ctx.report)
    return ctx.facts.ids


def ids_of_report(report: Path) -> dict[str, list[int]]:
    """Parse ``report`` (no pandas) for the values of every id in :data:`runfile.EACH`;
    an unreadable report raises the one-line error ``akidx parse`` would."""
    from akidx.errors import ParseError
    from akidx.parse.document import parse_records
    from akidx.tables.read import located, read_text

    text = read_text(report)[0]
    try:
        records = parse_records(text).records
    except ParseError as err:
        raise located(err, report) from err
    return {key: sorted({int(r[key]) for r in records[table] if r.get(key) is not None})
            for key, table in runfile.EACH.items()}


def _input_files(params: dict[str, Any], ctx: Context) -> dict[str, str | None]:
    """Content hash of each file a ``*_path`` parameter names (from the project folder),
    None when it does not exist: such a run waits (e.g. compare.ipynb for its baseline).
    Bounded like the report: a file over its size limit is refused, not hashed."""
    from akidx.tables.read import MAX_REPORT_BYTES  # loaded by every build already

    found: dict[str, str | None] = {}
    for key, value in params.items():
        if key.endswith("_path") and isinstance(value, str):
            path = ctx.cwd / value
            if path.is_file() and path.stat().st_size > MAX_REPORT_BYTES:
                raise ParamsFileError(f"{key} {shorten(value, 200)}: is larger than "
                                      f"{size_text(MAX_REPORT_BYTES)}, far more than any "
                                      "report; give the right file")
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


def outputs_of(out: Path, name: str) -> RunOutputs:
    """Where run ``name``'s notebook, page and charts are published."""
    return RunOutputs(out / "notebooks" / f"{name}.ipynb", out / "html" / f"{name}.html",
                      out / "charts" / name)


def tables_dirs(ctx: Context) -> list[Path]:
    """Where the report's tables go: always ``<out>/data`` (the shared folder is complete)."""
    shared = ctx.out / "data"
    return [shared] if ctx.data_dir == shared else [ctx.data_dir, shared]


def shown_path(path: Path, ctx: Context) -> str:
    """``path`` relative to the project folder when inside it: for messages and notebooks."""
    path = Path(path).resolve()
    return str(path.relative_to(ctx.cwd)) if path.is_relative_to(ctx.cwd) else str(path)
