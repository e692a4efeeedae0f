"""The wheel, as an analyst installs it: built from a copy of this checkout, installed
into a fresh venv away from the clone (dependencies from the package index, pinned by
requirements.txt as constraints), then used from a folder outside the clone: the
console script, `akidx parse`, `load_report()` and one notebook run. Outputs land in
that folder and nothing is written into the install folder. Slow: ~2-3 minutes, most of
it pip downloading the dependencies (less when pip's cache has them)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from akidx import config

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
# Never copied into the build's source: generated, large or machine-local.
SKIP = {".git", ".venv", "outputs", "processed", "compare", "build", "dist", "scratch",
        "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "akidx.egg-info"}
INSTALL_TIMEOUT = 420  # seconds: downloading ~70 wheels on a cold cache


def run(cmd: list, cwd: Path, timeout: float, env: dict | None = None) -> str:
    env = {k: v for k, v in (env or os.environ).items() if k != "PYTHONPATH"}  # not the clone
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    return run(["git", *args], repo, 60, env)


def copy_checkout(dest: Path) -> Path:
    """This working tree as a fresh git repository (what is committed there = what is here)."""
    shutil.copytree(REPO, dest, ignore=lambda _d, names: [n for n in names if n in SKIP])
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "copy")
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    if not shutil.which("git"):
        pytest.skip("needs git")
    tmp = tmp_path_factory.mktemp("wheel")
    src = copy_checkout(tmp / "src")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", src],
        tmp, 300)
    wheel = next((tmp / "dist").glob("akidx-*.whl"))
    run([sys.executable, "-m", "venv", tmp / "venv"], tmp, 120)
    python = tmp / "venv" / "bin" / "python"
    run([python, "-m", "pip", "install", "-q", "--no-compile", wheel,
         "-c", REPO / "requirements.txt"], tmp, INSTALL_TIMEOUT)
    site = Path(run([python, "-c", "import akidx, os; print(os.path.dirname(akidx.__file__))"],
                    tmp, 60).strip())
    return {"src": src, "wheel": wheel, "python": python, "bin": python.parent,
            "package": site, "tmp": tmp}


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if "__pycache__" not in p.parts}


def test_building_leaves_the_checkout_clean(installed):
    """`pip wheel .` / `pip install .` build in build/: ignored, so git sees nothing."""
    assert git(installed["src"], "status", "--porcelain") == ""
    assert (installed["src"] / "build").is_dir(), "the build folder this test is about"


def test_the_wheel_carries_templates_report_notebooks_and_params(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    shipped = f"akidx/{config.SHIPPED}"
    expected = {f"{shipped}/data/raw/{config.REPORT_NAME}",
                "akidx/publish/templates/akidx_offline/index.html.j2"}
    expected |= {f"{shipped}/notebooks/{p.name}" for p in config.NOTEBOOKS.glob("*.ipynb")}
    expected |= {f"{shipped}/params/{p.name}" for p in config.PARAMS.glob("*.yaml")}
    assert expected <= names, sorted(expected - names)
    assert not [n for n in names if "/scratch/" in n or "Untitled" in n]


def test_from_any_folder(installed, tmp_path):
    """What issue 17 tried: the command, the tables, the report, one notebook run."""
    away, bin_ = tmp_path / "analyst", installed["bin"]
    away.mkdir()
    before = files_under(installed["package"])
    version = run([bin_ / "akidx", "--version"], away, 60)
    assert version.strip() == f"akidx {config.VERSION}"

    run([bin_ / "akidx", "-q", "parse"], away, 120)
    assert (away / "data" / "processed" / "measures.csv").is_file(), "outputs go where I am"

    code = "import akidx; r = akidx.load_report(); print(r.sha256, len(r.measures))"
    sha, rows = run([installed["python"], "-c", code], away, 120).split()
    assert sha == hashlib.sha256(config.DEFAULT_REPORT.read_bytes()).hexdigest()
    import akidx  # the checkout's own parse of the same file

    assert int(rows) == len(akidx.load_report().measures)

    run([bin_ / "akidx", "-q", "build", "--only", "ratings", "--jobs", "1"], away, 300)
    assert (away / "outputs" / "html" / "ratings.html").is_file()
    assert (away / "outputs" / "index.html").is_file()
    assert files_under(installed["package"]) == before, "nothing written into the install"
