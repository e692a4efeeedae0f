"""Ship the project's inputs inside the wheel, so an installed akidx works from any folder.

The repository keeps ``data/raw/``, ``notebooks/`` and ``params/`` at its root (the
source of truth in a checkout). Building a wheel copies the report text, the tracked
notebooks and the params files into ``akidx/_project/`` with the same layout, where
``akidx.config`` finds them when akidx is not a checkout. Everything else is in
``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = "_project"  # akidx.config.SHIPPED
# folder -> the files of it that the wheel carries (scratch notebooks stay behind)
INPUTS = {
    "data/raw": ["akishima-dx-midterm-report-2024.txt", "README.md"],
    "notebooks": ["*.ipynb"],
    "params": ["*.yaml", "*.yml"],
}


def project_files(root: Path) -> list[Path]:
    """The input files to ship, relative to ``root``; JupyterLab's Untitled notebooks not."""
    found = {p.relative_to(root) for folder, patterns in INPUTS.items()
             for pattern in patterns for p in (root / folder).glob(pattern) if p.is_file()}
    return sorted(p for p in found if not p.name.startswith("Untitled"))


class BuildWithProject(build_py):
    """``build_py`` that also copies the inputs into ``<build_lib>/akidx/_project/``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install is a checkout: akidx reads the repository itself
        target = Path(self.build_lib) / "akidx" / SHIPPED
        shutil.rmtree(target, ignore_errors=True)  # a file deleted since the last build goes
        for rel in project_files(HERE):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / rel, target / rel)


setup(cmdclass={"build_py": BuildWithProject})
