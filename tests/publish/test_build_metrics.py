"""``akidx build --metrics``: the rules reach the tables and every notebook, and changing
them re-runs what they affect."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.parse.test_metrics import YAML
from tests.publish.buildkit import make_project, write_notebook

pytestmark = pytest.mark.slow  # starts Jupyter kernels

CELLS = [
    ("markdown", "# Metric rows"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "from akidx.analysis import notebook as nb\n"
             "report, out_dir, legend = nb.start(report_path, out_dir)\n"
             "rows = (report.kpis['metric'] == 'standard_system_units').sum()\n"
             "print(f'METRIC ROWS {rows}')"),
]


def test_build_metrics_reach_tables_and_notebooks(tmp_path):
    project = make_project(tmp_path)
    for name in ("a", "b"):
        (project.root / "params" / f"{name}.yaml").unlink()
    write_notebook(project.root / "notebooks" / "rows.ipynb", CELLS)
    project.params("rows", "notebook: rows.ipynb\n")
    rules = tmp_path / "metrics.yaml"
    rules.write_text(YAML, encoding="utf-8")

    summary = project.build(metrics=rules)
    assert summary.ran == ["rows"]
    assert "METRIC ROWS 1" in project.html("rows")
    kpis = pd.read_csv(project.out / "data" / "kpis.csv", encoding="utf-8-sig")
    assert (kpis["metric"] == "standard_system_units").sum() == 1

    assert project.build(metrics=rules).skipped == ["rows"]  # nothing changed
    summary = project.build()  # without the rules: the run's key changed
    assert summary.ran == ["rows"] and "METRIC ROWS 0" in project.html("rows")
    kpis = pd.read_csv(project.out / "data" / "kpis.csv", encoding="utf-8-sig")
    assert (kpis["metric"] == "standard_system_units").sum() == 0
