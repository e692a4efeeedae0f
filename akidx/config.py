"""Paths, defined once (cookiecutter-data-science style), and the one rule for relative paths.

Two layouts, one set of names. In a **checkout** (the repository, ``pip install -e .``
included) the project folder is the repository: inputs (``data/raw/``, ``notebooks/``,
``params/``) and outputs (``data/processed/``, ``outputs/``) sit side by side as the
README shows; so they do for an installed akidx run inside a clone. **Installed**
(``pip install akidx`` or a wheel) and run anywhere else, the package carries a read-only
copy of the inputs (``akidx/_project/``, put there by ``setup.py`` when the wheel is
built), and outputs go under the current folder: never into the install folder.
"""

from __future__ import annotations

import os
from pathlib import Path

VERSION = "0.1.0"  # the package version (pyproject.toml reads it from here)

PACKAGE = Path(__file__).resolve().parent  # the akidx package folder
SHIPPED = "_project"  # where a wheel carries data/raw/, notebooks/ and params/
REPORT_NAME = "akishima-dx-midterm-report-2024.txt"


def is_checkout(repo: Path) -> bool:
    """True when ``repo`` is a clone of the project: the package and the folders beside it."""
    return ((repo / "pyproject.toml").is_file() and (repo / "akidx" / "config.py").is_file()
            and (repo / "params").is_dir() and (repo / "notebooks").is_dir()
            and (repo / "data" / "raw").is_dir())


def project_folders(package: Path, cwd: Path) -> tuple[Path, Path]:
    """``(inputs, outputs)``: where inputs are read and where outputs go by default.

    A checkout: the repository, both. An installed akidx run inside a clone (the current
    folder or one above it): that clone, both, as the clone's own code would use it.
    Anywhere else: the copy shipped in the package, and the current folder ``cwd``.
    """
    for repo in (package.parent, cwd, *cwd.parents):
        if is_checkout(repo):
            return repo, repo
    return package / SHIPPED, cwd


ROOT, WORK = project_folders(PACKAGE, Path.cwd())  # inputs' folder, outputs' folder
CHECKOUT = ROOT == WORK  # a clone: inputs and outputs in one repository
DATA_RAW = ROOT / "data" / "raw"
NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "params"
DEFAULT_REPORT = DATA_RAW / REPORT_NAME
DATA_PROCESSED = WORK / "data" / "processed"  # akidx parse's tables
DATA_COMPARE = WORK / "data" / "compare"  # akidx compare's tables (not committed)
OUTPUTS = WORK / "outputs"  # akidx build's pages

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


def resolve_path(path: str | os.PathLike, output: bool = False) -> Path:
    """The one path rule of akidx: an absolute path stays as it is; a relative path is
    taken from the current folder when something exists there, else from the project
    folder: :data:`ROOT` for an input, :data:`WORK` for an ``output``. The result is
    absolute.

    So ``"data/raw/…"`` means the same file in a shell at the root and in a notebook whose
    working folder is ``notebooks/`` (JupyterLab's), and a path that really is next to
    you still wins. After ``pip install`` the same string finds the report shipped in the
    package, while an output folder that does not exist yet lands under the current
    folder, never in the install folder. ``load_report``, ``akidx parse`` and the
    notebooks' ``report_path`` / ``out_dir`` parameters all go through here.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.absolute()
    return (WORK if output else ROOT) / p
