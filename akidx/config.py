"""Paths, defined once (cookiecutter-data-science style)."""

from __future__ import annotations

from pathlib import Path

VERSION = "0.1.0"  # the package version (pyproject.toml reads it from here)

ROOT = Path(__file__).resolve().parent.parent
DATA_RAW = ROOT / "data" / "raw"
DATA_PROCESSED = ROOT / "data" / "processed"
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

# Order of the notebooks on the index page (a reader's order: overview, KPIs, plan,
# organisation, audit); runs of other notebooks follow, by name.
NOTEBOOK_ORDER = ("ratings", "kpi_trend", "schedule", "departments", "audit")
