"""Runs that wait for a file (compare.ipynb's baseline) and the --metrics file, without kernels.

Nothing here executes a notebook: a build whose only run waits parses the report
and writes the index, nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from akidx.errors import MetricsError
from akidx.publish.plan import Context, discover
from akidx.tables.files import sha256_bytes
from tests.publish.buildkit import CHART_CELLS, make_project, write_notebook

# chart.ipynb's cells, plus the baseline_path parameter compare.ipynb declares (the
# build refuses a parameter its notebook does not declare).
CMP_CELLS = [(kind, source + "\nbaseline_path = ''" if tags == [["parameters"]] else source,
              *tags) for kind, source, *tags in CHART_CELLS]


def context(root: Path, metrics_sha: str = "") -> Context:
    return Context(out=root / "out", report=root / "report.txt", report_sha="r",
                   data_dir=root / "out" / "data", cwd=root, jobs=1, hide_code=False,
                   code_sha="c", metrics_sha=metrics_sha)


@pytest.fixture
def project(tmp_path):
    proj = make_project(tmp_path)
    write_notebook(proj.root / "notebooks" / "cmp.ipynb", CMP_CELLS)
    proj.params("cmp", "notebook: cmp.ipynb\nbaseline_path: data/old.txt\n")
    return proj


def runs(project, **kwargs):
    ctx = context(project.root, **kwargs)
    return {r.name: r for r in discover(project.root / "params", project.root / "notebooks",
                                        ctx, None)}


def test_a_run_waits_until_its_baseline_exists(project):
    waiting = runs(project)["cmp"]
    assert waiting.waiting == "baseline_path data/old.txt does not exist yet"
    assert not runs(project)["a"].waiting
    (project.root / "data").mkdir()
    (project.root / "data" / "old.txt").write_text("old edition", encoding="utf-8")
    ready = runs(project)["cmp"]
    assert ready.waiting == "" and ready.key
    (project.root / "data" / "old.txt").write_text("another old edition", encoding="utf-8")
    assert runs(project)["cmp"].key != ready.key  # the baseline's content is in the key


def test_the_metrics_file_is_in_every_key(project):
    plain, with_rules = runs(project), runs(project, metrics_sha="m")
    assert all(plain[n].key != with_rules[n].key for n in ("a", "b"))


def test_build_with_only_a_waiting_run_notes_it_and_runs_nothing(project, caplog):
    for name in ("a", "b"):
        (project.root / "params" / f"{name}.yaml").unlink()
    with caplog.at_level(logging.INFO, logger="akidx.publish"):
        summary = project.build()
    assert (summary.ran, summary.skipped, summary.failed, summary.waiting) == ([], [], [], ["cmp"])
    assert "waiting 1 (cmp)" in str(summary)
    assert "not built: baseline_path data/old.txt does not exist yet" in caplog.text
    assert "cmp" not in (project.out / "index.html").read_text(encoding="utf-8")


def test_bad_metrics_file_stops_the_build_before_anything(project):
    bad = project.root / "metrics.yaml"
    bad.write_text("- metric: x\n  units: [件]\n", encoding="utf-8")
    with pytest.raises(MetricsError, match=r"rule 1 \(x\)"):
        project.build(metrics=bad)
    assert not (project.out / "index.html").exists()


def test_a_baseline_that_is_the_report_itself_waits(project):
    project.params("cmp", "notebook: cmp.ipynb\nbaseline_path: report.txt\n")
    ctx = context(project.root)
    ctx = replace(ctx, report_sha=sha256_bytes(project.report.read_bytes()))
    found = {r.name: r for r in discover(project.root / "params", project.root / "notebooks",
                                         ctx, None)}
    assert "is the report being built" in found["cmp"].waiting
    ctx = replace(ctx, report_sha="another edition")
    assert {r.name: r for r in discover(project.root / "params", project.root / "notebooks",
                                        ctx, None)}["cmp"].waiting == ""


def test_a_baseline_over_the_size_limit_is_refused_unhashed(project, monkeypatch):
    """Issue 16.10: a 4 GB sparse baseline_path was hashed on every build (18 s)."""
    from akidx.publish import plan
    from akidx.tables.read import MAX_REPORT_BYTES

    hashed: list[Path] = []
    monkeypatch.setattr(plan, "sha256_file", lambda p: hashed.append(p) or "h")
    (project.root / "data").mkdir()
    with open(project.root / "data" / "old.txt", "wb") as f:
        f.truncate(MAX_REPORT_BYTES + 1)  # sparse: no disk used
    found = runs(project)
    assert found["cmp"].error == ("baseline_path 'data/old.txt': is larger than 16 MiB, far "
                                  "more than any report; give the right file")
    assert hashed == [] and found["a"].error == ""
    with open(project.root / "data" / "old.txt", "r+b") as f:
        f.truncate(MAX_REPORT_BYTES)  # at the limit: hashed as before
    assert runs(project)["cmp"].error == "" and hashed == [project.root / "data" / "old.txt"]


def test_a_no_op_build_removes_stale_kernel_socket_folders(project, tmp_path, monkeypatch):
    """Issue 16.10: only a build that started kernels removed what a `kill -9` left."""
    import tempfile

    from akidx.publish.sockets import CONN_PREFIX

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for name in ("a", "b"):
        (project.root / "params" / f"{name}.yaml").unlink()
    project.build()  # parses once; the next build has nothing to do
    dead, live = temp / f"{CONN_PREFIX}999999999-x", temp / f"{CONN_PREFIX}1-x"  # pid 1 lives
    for folder in (dead, live):
        folder.mkdir()
        (folder / "kernel-1.json").write_text("{}", encoding="utf-8")
    summary = project.build()
    assert (summary.ran, summary.failed, summary.waiting) == ([], [], ["cmp"])
    assert not dead.exists() and live.exists()
