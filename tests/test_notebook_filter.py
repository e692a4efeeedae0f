"""Notebook outputs never reach a commit or a diff: committed notebooks carry none, and
`make`'s set-up installs nbstripout as the git filter that .gitattributes names, so a
notebook an analyst ran (JupyterLab's Run All, then autosave) reads as its commit.

Git compares a changed file's size before it asks the filter: after a run, `git status`
still lists the notebook until `git add` refreshes git's index (then nothing is staged);
`git diff` shows nothing at any time. See docs/install.md."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "outputs", "processed", "compare", "build", "dist", "scratch",
        "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "akidx.egg-info"}
NOTEBOOK = "notebooks/explore.ipynb"


def tracked_notebooks() -> list[Path]:
    if (REPO / ".git").exists() and shutil.which("git"):
        names = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=REPO, text=True,
                               capture_output=True, timeout=60, check=True).stdout.split()
        return [REPO / n for n in names]
    return sorted((REPO / "notebooks").glob("[!U]*.ipynb"))


@pytest.mark.parametrize("path", tracked_notebooks(), ids=lambda p: p.name)
def test_committed_notebooks_have_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert not cell.get("outputs"), f"{path.name}: outputs in cell {cell.get('id')}"
        assert cell.get("execution_count") is None, f"{path.name}: {cell.get('id')} was run"
        assert "execution" not in cell.get("metadata", {}), f"{path.name}: run timings"
    assert set(nb["metadata"].get("language_info", {})) <= {"name"}, "a kernel's details"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    return subprocess.run(["git", *args], cwd=repo, env=env, text=True, capture_output=True,
                          timeout=120, check=True).stdout


def make_filter(folder: Path) -> subprocess.CompletedProcess:
    """The Makefile's own set-up step, with this interpreter (which has nbstripout)."""
    return subprocess.run(["make", "-s", "-f", str(REPO / "Makefile"), "notebook-filter",
                           f"PY={sys.executable}"], cwd=folder, text=True,
                          capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path) -> Path:
    """This working tree as a fresh git repository, with `make`'s filter set up."""
    if not (shutil.which("git") and shutil.which("make")):
        pytest.skip("needs git and make")
    pytest.importorskip("nbstripout")
    dest = tmp_path / "akidx"
    shutil.copytree(REPO, dest, ignore=lambda _d, names: [n for n in names if n in SKIP])
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "copy")
    done = make_filter(dest)
    assert done.returncode == 0, done.stderr
    return dest


def assert_nothing_reaches_git(repo: Path) -> None:
    assert git(repo, "diff") == "" and git(repo, "diff", "--stat") == ""
    git(repo, "add", "-A")  # what comes before a commit
    assert git(repo, "status", "--porcelain") == "", "nothing to commit"
    assert git(repo, "diff", "--cached") == ""


def test_set_up_is_idempotent_and_skipped_outside_git(repo, tmp_path):
    config = git(repo, "config", "--local", "--list")
    assert "filter.nbstripout.clean=" in config and "diff.ipynb.textconv=" in config
    assert make_filter(repo).returncode == 0
    assert git(repo, "config", "--local", "--list") == config, "a second run changes nothing"
    plain = tmp_path / "not-a-checkout"
    plain.mkdir()
    done = make_filter(plain)
    assert done.returncode == 0 and "not a git checkout" in done.stdout
    attributes = (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert {"*.ipynb filter=nbstripout", "*.ipynb diff=ipynb"} <= set(attributes)


def test_what_a_run_adds_never_reaches_git(repo):
    """Outputs, counts, timings and the kernel's version, written in by hand (fast)."""
    path = repo / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.execution_count = 3
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="5 of 25\n")]
    code.metadata["execution"] = {"iopub.status.idle": "2026-12-03T13:26:06Z"}
    nb.metadata.language_info.update(version="3.11.7", mimetype="text/x-python")
    nbformat.write(nb, path)
    assert "5 of 25" in path.read_text(encoding="utf-8")
    assert_nothing_reaches_git(repo)


def test_a_real_edit_still_shows(repo):
    path = repo / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("An analyst's note"))
    nbformat.write(nb, path)
    assert "An analyst's note" in git(repo, "diff")


@pytest.mark.slow
def test_run_all_and_autosave_leave_nothing_to_commit(repo):
    """JupyterLab's Run All + autosave: the notebook's kernel, its folder as the working
    folder, outputs written into the tracked file."""
    from nbclient import NotebookClient

    path = repo / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name=nb.metadata.kernelspec.name,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    assert any(c.get("outputs") for c in nb.cells), "the run wrote outputs into the file"
    assert_nothing_reaches_git(repo)
