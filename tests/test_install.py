"""An installable library: the declared ranges and the pinned lock agree, akidx tells a
checkout from an install, optional formats need their library only when asked for, and
`pip install .` leaves nothing untracked. The wheel itself: tests/test_wheel.py (slow)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from akidx import config

REPO = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def declared() -> dict[str, list[Requirement]]:
    """Every requirement of pyproject.toml (dependencies and extras) by package name,
    the project's own extras (akidx[...]) left out."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    found: dict[str, list[Requirement]] = {}
    for req in reqs:
        if canonicalize_name(req.name) != "akidx":
            found.setdefault(canonicalize_name(req.name), []).append(req)
    return found


def pins() -> dict[str, str]:
    """``name == version`` of requirements.txt and requirements-lab.txt."""
    found = {}
    for name in ("requirements.txt", "requirements-lab.txt"):
        for line in (REPO / name).read_text(encoding="utf-8").splitlines():
            if match := PIN.match(line.strip()):
                found[canonicalize_name(match[1])] = match[2]
    return found


def test_every_declared_requirement_is_pinned_inside_its_range():
    locked = pins()
    ranges = declared()
    assert "pandas" in ranges and "xlsxwriter" in ranges and "jupyterlab" in ranges
    for name, reqs in ranges.items():
        assert name in locked, f"{name}: declared in pyproject.toml but not pinned"
        for req in reqs:
            assert req.specifier.contains(locked[name], prereleases=True), (
                f"{name}=={locked[name]} is outside {req}: change the pin and range together")
            assert req.specifier, f"{name}: give a range, not a bare name"


def test_formats_libraries_are_extras_not_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert not core & {"pyarrow", "xlsxwriter", "openpyxl", "pytest", "jupyterlab"}
    assert project["scripts"]["akidx"] == "akidx.cli:main"


CLONE = ["pyproject.toml", "akidx/config.py", "params/", "notebooks/", "data/raw/"]

# (what the folder holding the package contains, what the current folder (`work`) is,
#  where inputs and outputs go: "package's folder", "shipped + cwd", "the clone", why)
LAYOUTS = [
    (CLONE, "plain", "package's folder", "the repository, or an editable install of it"),
    (["akidx/config.py"], "plain", "shipped + cwd", "an installed wheel, used anywhere"),
    (["akidx/config.py", "params/", "notebooks/", "data/raw/"], "plain", "shipped + cwd",
     "folders of the same names in site-packages do not make a checkout"),
    ([f for f in CLONE if f != "params/"], "plain", "shipped + cwd",
     "a checkout has its params files"),
    (["akidx/config.py"], "clone", "the clone",
     "an installed akidx run at a clone's root uses the clone, as its own code would"),
    (["akidx/config.py"], "clone/notebooks", "the clone",
     "... and from a folder inside the clone (JupyterLab's notebooks/)"),
]


def lay_out(folder: Path, entries: list[str]) -> None:
    for entry in entries:
        path = folder / entry
        if entry.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")


@pytest.mark.parametrize("contents, work, expected, why", LAYOUTS)
def test_project_folders(tmp_path, contents, work, expected, why):
    site, clone = tmp_path / "site", tmp_path / "clone"
    lay_out(site, contents)
    lay_out(clone, CLONE)
    cwd = tmp_path / work
    cwd.mkdir(parents=True, exist_ok=True)
    package = site / "akidx"
    want = {"package's folder": (site, site), "shipped + cwd": (package / config.SHIPPED, cwd),
            "the clone": (clone, clone)}[expected]
    assert config.project_folders(package, cwd) == want, why


def test_this_checkout_is_one():
    assert config.CHECKOUT and config.ROOT == config.WORK == REPO
    assert config.DEFAULT_REPORT == REPO / "data" / "raw" / config.REPORT_NAME
    assert config.DEFAULT_REPORT.is_file()


HIDE = "import sys\nfor m in ({mods}):\n    sys.modules[m] = None\n"
RUN = "from akidx.cli import main\nraise SystemExit(main({argv!r}))\n"


def cli_without(modules: tuple[str, ...], argv: list[str], cwd: Path):
    """``akidx`` in a fresh interpreter in which ``modules`` cannot be imported."""
    code = HIDE.format(mods="".join(f"{m!r}, " for m in modules)) + RUN.format(argv=argv)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=120)


OPTIONAL = ("xlsxwriter", "openpyxl", "pyarrow")


def test_parse_needs_no_optional_format_library(tmp_path):
    done = cli_without(OPTIONAL, ["-q", "parse", "--out", "tables"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "tables" / "measures.csv").is_file()
    assert not (tmp_path / "tables" / "akidx-tables.xlsx").exists()


# (format asked for, the library hidden, the extra the message names)
FORMAT_CASES = [("xlsx", "xlsxwriter", "akidx[xlsx]"), ("parquet", "pyarrow", "akidx[parquet]")]


@pytest.mark.parametrize("fmt, module, extra", FORMAT_CASES)
def test_a_format_without_its_library_is_one_line_and_writes_nothing(tmp_path, fmt, module,
                                                                     extra):
    done = cli_without((module,), ["parse", "--format", fmt, "--out", "tables"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("akidx: error: --format") and extra in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "tables").exists()


def test_pip_install_leaves_nothing_git_shows():
    """`pip install .` builds in build/ (and akidx.egg-info/): both ignored."""
    if not shutil.which("git") or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout")
    for path in ("build/lib/akidx/__init__.py", "akidx.egg-info/PKG-INFO", "dist/x.whl"):
        done = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO, timeout=30)
        assert done.returncode == 0, f"{path} is not ignored by .gitignore"


# (command line, the default folder it writes, why)
USER_FOLDERS = [
    (["parse"], "DATA_PROCESSED", "a cookiecutter-style ./data/processed of the user's"),
    (["build", "--only", "ratings"], "OUTPUTS", "a ./outputs folder of the user's"),
]


@pytest.mark.parametrize("argv, default, why", USER_FOLDERS, ids=["parse", "build"])
def test_installed_defaults_never_replace_a_users_folder(monkeypatch, tmp_path, capsys, argv,
                                                         default, why):
    """In a checkout data/processed and outputs are the project's; installed, the same
    names under the current folder may be the user's: only akidx's marker makes them ours."""
    from akidx.cli import main

    folder = tmp_path / default.lower()
    folder.mkdir()
    (folder / "mine.csv").write_text("my own work\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "CHECKOUT", False)
    monkeypatch.setattr(config, "WORK", tmp_path)
    monkeypatch.setattr(config, default, folder)
    assert main(argv) == 2, why
    assert "holds files akidx did not write (mine.csv)" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["mine.csv"], "left as it was"
