"""Notebook outputs never reach a commit, a diff or `git status`: committed notebooks carry
none, `make`'s set-up installs nbstripout as the git filter that .gitattributes names, so a
notebook an analyst ran reads as its commit, and `make lab` saves a tracked notebook
without outputs (akidx/lab.py, JupyterLab's pre_save_hook) while scratch notebooks keep
theirs.

Git compares a changed file's size before it asks the filter: with the filter alone, after
a run `git status` still lists the notebook until `git add` refreshes git's index (then
nothing is staged); `git diff` shows nothing at any time. The save hook writes the bytes
the filter would produce, so `git status` is clean too. See docs/install.md."""

from __future__ import annotations

import asyncio
import json
import os
import re
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


# --- make lab: JupyterLab's save, through jupyter_server's own contents manager ---------


def lab_hook() -> str:
    """The pre_save_hook `make lab` gives JupyterLab, read from its command line."""
    dry = subprocess.run(["make", "-n", "-s", "-f", str(REPO / "Makefile"), "lab",
                          f"PY={sys.executable}"], cwd=REPO, text=True,
                         capture_output=True, timeout=60)
    line = next((x for x in dry.stdout.splitlines() if "jupyter lab notebooks/" in x), "")
    found = re.search(r"--ContentsManager\.pre_save_hook=(\S+)", line)
    assert found, f"make lab starts JupyterLab without the save hook: {line!r}"
    return found[1]


def save_in_lab(repo: Path, path: str, nb) -> Path:
    """What JupyterLab's save does under `make lab`: the browser's notebook JSON to the
    server's contents manager (root notebooks/, the hook from make's command line)."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    manager = AsyncLargeFileManager(root_dir=str(repo / "notebooks"), pre_save_hook=lab_hook())
    model = {"type": "notebook", "format": "json", "content": json.loads(json.dumps(nb))}
    saved = asyncio.run(manager.save(model, path))
    assert saved.get("content") is None, "the server never sends the saved content back"
    return repo / "notebooks" / path


def ran(nb):
    """``nb`` as a run and JupyterLab leave it: outputs, counts, timings, view state, the
    kernel's details (what nbstripout drops by default and what the Makefile adds)."""
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{n} of 25\n")]
        cell.metadata.update(execution={"iopub.status.idle": "2026-12-03T13:26:06Z"},
                             scrolled=True, collapsed=False)
    nb.metadata.language_info.update(version="3.11.7", mimetype="text/x-python")
    nb.metadata.widgets = {"application/vnd.jupyter.widget-state+json": {}}
    return nb


def committed(repo: Path) -> bytes:
    return subprocess.run(["git", "show", f"HEAD:{NOTEBOOK}"], cwd=repo, capture_output=True,
                          timeout=60, check=True).stdout


def filter_output(repo: Path, text: str) -> bytes:
    """What the clean filter `make` installed makes of ``text`` (git's own command)."""
    command = git(repo, "config", "filter.nbstripout.clean").strip()
    return subprocess.run(command, shell=True, cwd=repo, input=text.encode(),
                          capture_output=True, timeout=120, check=True).stdout


@pytest.fixture
def jupyter_home(tmp_path, monkeypatch):
    """The notebook trust database of jupyter_server's save goes to a temporary folder."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))


def test_make_lab_gives_jupyterlab_the_hook():
    from traitlets.utils.importstring import import_item

    from akidx.lab import strip_tracked_outputs

    assert import_item(lab_hook()) is strip_tracked_outputs


def test_a_run_saved_in_lab_leaves_git_status_clean(repo, jupyter_home):
    path = repo / NOTEBOOK
    nb = ran(nbformat.read(path, as_version=4))
    save_in_lab(repo, "explore.ipynb", nb)
    assert git(repo, "status", "--porcelain") == "", "no `git add` needed"
    assert path.read_bytes() == committed(repo)
    assert path.read_bytes() == filter_output(repo, nbformat.writes(nb) + "\n")


def test_a_real_edit_is_saved_without_outputs(repo, jupyter_home):
    nb = ran(nbformat.read(repo / NOTEBOOK, as_version=4))
    nb.cells.append(nbformat.v4.new_markdown_cell("An analyst's note"))
    text = save_in_lab(repo, "explore.ipynb", nb).read_text(encoding="utf-8")
    assert "An analyst's note" in text and "of 25" not in text
    assert git(repo, "status", "--porcelain").split() == ["M", NOTEBOOK]


# (path under notebooks/, why its outputs are kept)
KEPT = [
    ("scratch/mine.ipynb", "notebooks/scratch/ is the analyst's, ignored by git"),
    ("Untitled.ipynb", "JupyterLab's new notebook, ignored by git"),
    ("new_analysis.ipynb", "not added to git yet: nothing to keep clean"),
]


@pytest.mark.parametrize("path, why", KEPT, ids=[k[0] for k in KEPT])
def test_untracked_notebooks_keep_their_outputs(repo, jupyter_home, path, why):
    nb = ran(nbformat.read(repo / NOTEBOOK, as_version=4))
    (repo / "notebooks" / path).parent.mkdir(parents=True, exist_ok=True)
    saved = nbformat.read(save_in_lab(repo, path, nb), as_version=4)
    assert [c.outputs for c in saved.cells if c.cell_type == "code"] == \
        [c.outputs for c in nb.cells if c.cell_type == "code"], why
    assert saved.metadata.language_info.version == "3.11.7", why


@pytest.mark.slow
def test_run_all_and_autosave_leave_nothing_to_commit(repo, jupyter_home):
    """JupyterLab's Run All + autosave: the notebook's kernel, its folder as the working
    folder, real outputs. Saved under `make lab`, `git status` is clean at once; written
    as a plain JupyterLab would, the filter still keeps them out of diffs and commits."""
    from nbclient import NotebookClient

    path = repo / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name=nb.metadata.kernelspec.name,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert sum(bool(c.get("outputs")) for c in nb.cells) > 3, "the run made outputs"
    save_in_lab(repo, "explore.ipynb", nb)
    assert git(repo, "status", "--porcelain") == ""
    assert path.read_bytes() == committed(repo)
    nbformat.write(nb, path)
    assert any(c.get("outputs") for c in nbformat.read(path, as_version=4).cells)
    assert_nothing_reaches_git(repo)
