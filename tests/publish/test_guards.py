"""``akidx build`` never loses a user's file and never hangs; quick: no real kernel starts.

Refusals happen before anything is written; kernels that cannot start are fakes
(tests/publish/fakekernels.py), and each build runs in a thread joined with a bound.
"""

from __future__ import annotations

import fcntl
import functools
import tempfile
import threading
from pathlib import Path

import pytest
from buildkit import Project, make_project
from fakekernels import Fleet

from akidx import config
from akidx.errors import AkidxError, BuildError, KernelStartError
from akidx.publish import pool as pool_module
from akidx.publish.pool import KernelPool
from akidx.tables.files import write_manifest

BOUND = 60.0


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def bounded_build(project: Project, **kwargs) -> BaseException | None:
    """Run the build in a thread; fail the test if it has not ended within BOUND."""
    result: list[BaseException | None] = []

    def target() -> None:
        try:
            project.build(**kwargs)
            result.append(None)
        except BaseException as exc:  # noqa: BLE001 (handed to the test)
            result.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), f"the build still waits after {BOUND} s"
    return result[0]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "project").mkdir()
    return make_project(tmp_path / "project")


@pytest.fixture
def temp(tmp_path: Path, monkeypatch) -> Path:
    """The temp folder kernels' socket folders go to, to check nothing is left there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("mode", ["start-fails", "dies"])
def test_build_ends_when_no_kernel_can_start(project, temp, monkeypatch, mode):
    """The reported hang: FAILED a, FAILED b, then waiting forever on the pool's queue."""
    monkeypatch.setattr(pool_module, "KernelPool", functools.partial(
        KernelPool, new_manager=Fleet(default=mode), ready_timeout=0.5, warmup_timeout=0.5))
    project.params("c", "notebook: chart.ipynb\nscale: 3\n")  # 3 runs, 2 workers
    project.out.mkdir()
    (project.out / "index.html").write_text("previous index", encoding="utf-8")
    (project.out / "html").mkdir()
    (project.out / "html" / "a.html").write_text("previous page", encoding="utf-8")
    write_manifest(project.out, "build", ["index.html", "html/a.html"])
    error = bounded_build(project)
    assert isinstance(error, KernelStartError), error
    assert "could not start" in str(error) and "\n" not in str(error)
    assert (project.out / "index.html").read_text(encoding="utf-8") == "previous index"
    assert (project.out / "html" / "a.html").read_text(encoding="utf-8") == "previous page"
    assert not (project.out / "notebooks").exists() and not (project.out / "failed").exists()
    assert list(temp.iterdir()) == []  # no socket folder left
    assert not (project.out / ".staging").exists()


def user_folder(root: Path) -> Path:
    folder = root / "mine"
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "ratings.ipynb").write_text("mine", encoding="utf-8")
    return folder


def file_not_folder(root: Path) -> Path:
    (root / "a-file").write_text("mine", encoding="utf-8")
    return root / "a-file"


def tables_folder(root: Path) -> Path:
    folder = root / "tables"
    folder.mkdir()
    (folder / "kpis.csv").write_text("x\n", encoding="utf-8")
    write_manifest(folder, "tables", ["kpis.csv"])
    return folder


def raw_copy(root: Path) -> Path:
    folder = root / "raw"
    folder.mkdir()
    (folder / "report.txt").write_bytes(config.DEFAULT_REPORT.read_bytes())
    return folder


# (where --out points, words of the one-line error, why)
CASES = [
    (user_folder, "holds files akidx did not write (notebooks)", "a user's own folder"),
    (file_not_folder, "exists and is not a directory", "a file"),
    (tables_folder, "is an akidx tables folder", "`akidx parse`'s folder, not a build's"),
    (raw_copy, "holds files akidx did not write (report.txt)", "like data/raw"),
    (lambda root: config.ROOT, "is the project's repository folder", "the repository root"),
    (lambda root: config.DATA_RAW, "is the project's input (data/raw) folder", "data/raw"),
    (lambda root: config.DATA_PROCESSED, "is the project's tables (data/processed",
     "the tables' folder"),
    (lambda root: Path("/sys"), "holds files akidx did not write", "a system folder"),
    (lambda root: Path("/proc/akidx-out"), "cannot create the output folder", "unwritable"),
]


@pytest.mark.parametrize("where, words, why", CASES, ids=[c[2] for c in CASES])
def test_out_refused_before_anything_is_written(project, tmp_path, where, words, why):
    out = where(tmp_path)
    small = out.is_dir() and out.is_relative_to(tmp_path)
    before = snapshot(out) if small else None
    existed = out.exists()
    with pytest.raises(AkidxError, match=None) as info:
        project.build(out_dir=out)
    message = str(info.value)
    assert words in message and "\n" not in message, why
    assert not isinstance(info.value, BuildError) or "another" not in message
    assert out.exists() == existed
    if before is not None:
        assert snapshot(out) == before, why  # no .build.lock, no marker, nothing
    if existed and out.is_dir():
        assert not (out / ".build.lock").exists(), why


def test_empty_out_and_bad_jobs(project):
    for kwargs, words in [({"out_dir": ""}, "--out is empty"), ({"jobs": 0}, "--jobs"),
                          ({"jobs": -1}, "--jobs"), ({"cell_timeout": 0}, "--cell-timeout")]:
        with pytest.raises(AkidxError, match=words):
            project.build(**kwargs)
    assert not project.out.exists()


# (what becomes of the params folder, words of the error, why)
NOTHING_TO_BUILD = [
    ("empty", "holds no params files", "a folder without one *.yaml"),
    ("missing", "does not exist", "no params folder at all (e.g. a wheel without inputs)"),
    ("other files", "holds no params files", "notes or a README are not runs"),
]


@pytest.mark.parametrize("state, words, why", NOTHING_TO_BUILD,
                         ids=[c[0] for c in NOTHING_TO_BUILD])
def test_a_build_with_nothing_to_run_says_why_and_fails(project, state, words, why):
    params = project.root / "params"
    for p in params.glob("*"):
        p.unlink()
    if state == "missing":
        params.rmdir()
    elif state == "other files":
        (params / "README.md").write_text("runs go here", encoding="utf-8")
    with pytest.raises(AkidxError, match="nothing to build") as info:
        project.build()
    assert words in str(info.value) and str(params) in str(info.value), why
    assert not project.out.exists(), "nothing created"


def test_report_inside_out_is_refused(project):
    project.out.mkdir()
    write_manifest(project.out, "build", [])
    report = project.out / "data" / "report.txt"
    report.parent.mkdir()
    report.write_bytes(project.report.read_bytes())
    with pytest.raises(AkidxError, match="the report is inside the output folder"):
        project.build(report=report)
    assert report.read_bytes() == project.report.read_bytes()


def test_lock_file_that_cannot_be_opened(project):
    project.out.mkdir()
    write_manifest(project.out, "build", [])
    (project.out / ".build.lock").mkdir()  # cannot be opened as a file, even by root
    with pytest.raises(AkidxError, match="cannot open the build's lock file") as info:
        project.build()
    assert "\n" not in str(info.value)


def test_second_build_on_the_same_out_is_refused(project):
    project.out.mkdir()
    write_manifest(project.out, "build", [])
    with open(project.out / ".build.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildError, match="another akidx build is running"):
            project.build()
