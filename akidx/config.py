"""Paths, defined once (cookiecutter-data-science style), and the one rule for relative paths."""

from __future__ import annotations

import os
from pathlib import Path

VERSION = "0.1.0"  # the package version (pyproject.toml reads it from here)

ROOT = Path(__file__).resolve().parent.parent
DATA_RAW = ROOT / "data" / "raw"
DATA_PROCESSED = ROOT / "data" / "processed"
DATA_COMPARE = ROOT / "data" / "compare"  # akidx compare's tables (not committed)
NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "params"
OUTPUTS = ROOT / "outputs"
DEFAULT_REPORT = DATA_RAW / "akishima-dx-midterm-report-2024.txt"

PUBLISHER = "昭島市"
PUBLISHER_EN = "Akishima City"
LOCAL_GOVERNMENT_CODE = "132071"
SOURCE_CAPTION = "出典: 昭島市デジタル化推進計画 中間報告書"
KERNEL_NAME = "akidx"  # for JupyterLab and papermill; the build runs its own interpreter
CELL_TIMEOUT = 600.0  # seconds a notebook cell may run in a build (--cell-timeout)

# Order of the notebooks on the index page (a reader's order: what changed since the last
# edition (only once there is one), overview, KPIs, plan,
# organisation, audit); runs of other notebooks follow, by name.
NOTEBOOK_ORDER = ("compare", "ratings", "kpi_trend", "schedule", "departments", "audit")


def resolve_path(path: str | os.PathLike) -> Path:
    """The one path rule of akidx: an absolute path stays as it is; a relative path is
    taken from the current folder when something exists there, else from the repository
    root. The result is absolute.

    So ``"data/raw/…"`` means the same file in a shell at the root and in a notebook whose
    working folder is ``notebooks/`` (JupyterLab's), and a path that really is next to
    you still wins. ``load_report``, ``akidx parse`` and the notebooks' ``report_path`` /
    ``out_dir`` parameters all go through here.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.absolute()
    return ROOT / p
