"""compare.ipynb under papermill on (an edited copy, the committed report): its CSV files
hold every change the edits made and nothing else; --metrics rules reach it too."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from akidx.config import DEFAULT_REPORT, KERNEL_NAME, ROOT
from tests.parse.test_metrics import YAML
from tests.tables.test_compare import edited

pytestmark = pytest.mark.slow  # starts a Jupyter kernel


@pytest.fixture(scope="module")
def run(tmp_path_factory, raw_text):
    tmp = tmp_path_factory.mktemp("compare")
    report, metrics = tmp / "next-edition.txt", tmp / "metrics.yaml"
    report.write_text(edited(raw_text), encoding="utf-8")
    metrics.write_text(YAML, encoding="utf-8")
    out = tmp / "figures"
    cmd = [sys.executable, "-m", "papermill", "notebooks/compare.ipynb", str(tmp / "out.ipynb"),
           "-k", KERNEL_NAME, "--no-progress-bar", "-p", "report_path", str(report),
           "-p", "baseline_path", str(DEFAULT_REPORT), "-p", "out_dir", str(out),
           "-p", "metrics_path", str(metrics)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, (tmp / "out.ipynb").read_text(encoding="utf-8")


def csv(out, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")


def test_rating_transitions_chart_data(run):
    out, _ = run
    table = csv(out, "rating_transitions").set_index("old")
    # 〇 20 -> 18 stay, #2 to ×, #25 removed; △ 3 stay; × 2 -> #4 to 〇, #5 stays; #26 added
    assert table.loc["〇", "〇"] == 18 and table.loc["〇", "×"] == 1
    assert table.loc["〇", "廃止 / removed"] == 1 and table.loc["△", "△"] == 3
    assert table.loc["×", "〇"] == 1 and table.loc["×", "×"] == 1
    assert table.loc["新規 / added", "〇"] == 1 and table.to_numpy().sum() == 26
    assert (out / "rating_transitions.png").is_file()


def test_kpi_changes_and_the_metrics_rule(run):
    out, notebook = run
    kpis = csv(out, "compare_kpis")
    changed = kpis[kpis["status"] != "same"]
    assert sorted(changed["status"]) == ["dropped"] * 4 + ["new_year", "revised"]
    revised = changed[changed["status"] == "revised"].iloc[0]
    assert (revised["metric"], revised["value_old"], revised["value_new"]) == (
        "chatbot_inquiries", 12236, 13579)
    assert set(csv(out, "kpi_values")["metric"]) == {
        "chatbot_inquiries", "security_incidents", "wifi_uses"}
    # The YAML rule (metrics_path, as akidx build --metrics injects it) applied to both.
    assert kpis.loc[kpis["metric"] == "standard_system_units", "status"].tolist() == ["same"]
    assert "13,579" in notebook and "L1575" in notebook
