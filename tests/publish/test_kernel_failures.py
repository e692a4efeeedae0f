"""Real kernels that cannot start, cells that run away, Ctrl-C, a failure while publishing.

Every subprocess has a timeout and every in-process build a bounded thread, so a hang
fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from buildkit import Project, make_project, write_notebook
from test_guards import bounded_build, snapshot

from akidx import config
from akidx.errors import BuildError
from akidx.publish import sockets
from akidx.tables import files
from akidx.tables.files import write_manifest

pytestmark = pytest.mark.slow  # starts Jupyter kernels: left out of `pytest -m "not slow"`


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def akidx_cli(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
              **popen) -> subprocess.Popen:
    """``python -m akidx`` on a copy of the report, temp files under ``tmp_path/tmp``."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    report = tmp_path / "report.txt"
    report.write_bytes(config.DEFAULT_REPORT.read_bytes())
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "akidx", *args, "--report", str(report),
                             "--out", str(tmp_path / "out")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=config.ROOT, **popen)


def processes_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline and proc.name != str(os.getpid()):
            found.append(cmdline)
    return found


def test_broken_ipykernel_ends_the_build_in_one_line(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "ipykernel_launcher.py").write_text('raise ImportError("ipykernel is broken (test)")')
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous index", encoding="utf-8")
    write_manifest(out, "build", ["index.html"])
    started = time.perf_counter()
    proc = akidx_cli(tmp_path, "build", env={"PYTHONPATH": str(fake)})
    _, err = proc.communicate(timeout=120)
    assert time.perf_counter() - started < 60
    assert proc.returncode == 2
    assert err.count("\n") == 1, err
    assert err.startswith("akidx: error: Jupyter kernel `") and "could not start" in err
    assert "ImportError: ipykernel is broken (test)" in err and "pip install" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "previous index"
    assert list((tmp_path / "tmp").iterdir()) == []  # no socket folder left
    assert processes_mentioning(str(tmp_path / "tmp")) == []


SLEEPER_CELLS = [
    ("markdown", "# Runs away"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "import time\ntime.sleep(120)"),
]


def test_cell_timeout_fails_that_run_alone(project):
    write_notebook(project.root / "notebooks" / "sleeper.ipynb", SLEEPER_CELLS)
    project.params("slow", "notebook: sleeper.ipynb\n")
    started = time.perf_counter()
    error = bounded_build(project, cell_timeout=3)
    assert time.perf_counter() - started < 60
    assert isinstance(error, BuildError)
    assert str(error) == ("params/slow.yaml: notebooks/sleeper.ipynb cell 3 `import time`: "
                          "CellTimeoutError: still running after 3 s (--cell-timeout)")
    assert sorted(error.summary.ran) == ["a", "b"] and error.summary.failed == ["slow"]


def test_failure_while_publishing_keeps_the_old_run_whole(project, monkeypatch):
    project.build()
    before = snapshot(project.out)
    real = os.replace

    def full_disk(src, dst):
        if Path(dst) == project.out / "html" / "b.html" and Path(src).name == "page.html":
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", full_disk)
    project.params("b", "notebook: chart.ipynb\nscale: 5\n")
    with pytest.raises(BuildError, match="params/b.yaml: OSError: .*No space left") as info:
        project.build()
    assert info.value.summary.failed == ["b"]
    after = snapshot(project.out)
    for name in before:  # b's page, notebook and charts: all old
        if "/b" in f"/{name}" and not name.startswith("."):
            assert after[name] == before[name], name
    monkeypatch.undo()
    assert project.build().ran == ["b"]  # the next build redoes exactly what is missing
    assert "TOTAL 275" in project.html("b")


def test_ctrl_c_leaves_no_kernel_and_no_traceback(tmp_path):
    proc = akidx_cli(tmp_path, "build", "--jobs", "2", start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((tmp_path / "tmp").glob("akidx-k-*/k*.json")):
        time.sleep(0.2)
    time.sleep(3)  # kernels warming or running notebooks
    os.killpg(proc.pid, signal.SIGINT)  # the terminal sends it to the whole group
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "ZMQError" not in err, err
    assert err.strip().splitlines()[-1] == "akidx: interrupted"
    time.sleep(1)
    assert processes_mentioning(str(tmp_path / "tmp")) == []
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "out" / ".staging").exists()


def test_kill_9_kernels_follow_and_the_next_build_cleans_up(tmp_path):
    proc = akidx_cli(tmp_path, "build", "--jobs", "2", start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((tmp_path / "tmp").glob("akidx-k-*/k*.json")):
        time.sleep(0.2)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGKILL)  # the build only: kernels run in their own sessions
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 20  # kernels poll their parent and exit
    while time.monotonic() < deadline and processes_mentioning(str(tmp_path / "tmp")):
        time.sleep(0.5)
    assert processes_mentioning(str(tmp_path / "tmp")) == []
    stale = list((tmp_path / "tmp").glob("akidx-k-*"))
    assert stale  # left by the kill: the next start removes it
    sockets.clean_stale(tmp_path / "tmp")
    assert list((tmp_path / "tmp").glob("akidx-k-*")) == []
