"""A scratch notebook with lint errors (JupyterLab's notebooks/Untitled.ipynb, or one in
notebooks/scratch/) does not fail `make lint` (the command `make test` runs first);
a committed project notebook with the same error still does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from akidx.config import ROOT

BAD_CELL = "import os\nx = 1\n"  # F401: `os` imported but unused


def notebook(path: Path, source: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cell = {"cell_type": "code", "execution_count": None, "id": "c1", "metadata": {},
            "outputs": [], "source": source}
    path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})


def make_lint(repo: Path) -> subprocess.CompletedProcess:
    # -o: the venv stamp counts as up to date (the project's .venv is linked in).
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", "lint"], cwd=repo,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if not shutil.which("make") or not shutil.which("git"):
        pytest.skip("needs make and git")
    for name in ("Makefile", "pyproject.toml", ".gitignore"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("akidx", "tests", "benchmarks"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ok.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    notebook(tmp_path / "notebooks" / "project.ipynb", "x = 1\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "project")
    return tmp_path


def test_scratch_notebooks_do_not_fail_lint(repo):
    notebook(repo / "notebooks" / "Untitled.ipynb", BAD_CELL)
    notebook(repo / "notebooks" / "Untitled1.ipynb", BAD_CELL)
    notebook(repo / "notebooks" / "scratch" / "mine.ipynb", BAD_CELL)
    done = make_lint(repo)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_project_notebook_with_errors_still_fails_lint(repo):
    notebook(repo / "notebooks" / "project.ipynb", BAD_CELL)
    git(repo, "commit", "-qam", "broken")
    done = make_lint(repo)
    assert done.returncode != 0
    assert "F401" in done.stdout + done.stderr


def test_make_lab_allows_root_only_as_root():
    if not shutil.which("make"):
        pytest.skip("needs make")
    done = subprocess.run(["make", "-n", "-o", ".venv/.installed", "lab"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stdout.splitlines() if "jupyter lab" in x)
    assert ("--allow-root" in line) == (os.getuid() == 0), line
