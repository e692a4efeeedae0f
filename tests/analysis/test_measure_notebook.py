"""measure.ipynb and added.ipynb run one page with the plain papermill CLI, as
docs/measure-pages.md shows; an unknown id stops in one line listing the valid ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from akidx.config import DEFAULT_REPORT, KERNEL_NAME, ROOT

pytestmark = pytest.mark.slow  # starts Jupyter kernels

REPORT = DEFAULT_REPORT.relative_to(ROOT).as_posix()  # data/raw/…, from the repo root


def papermill(notebook: str, out: Path, **params) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "papermill", notebook, str(out), "-k", KERNEL_NAME,
           "--no-progress-bar"]
    for key, value in params.items():
        cmd += ["-p", key, str(value)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def outputs(path: Path) -> list[dict]:
    return [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]


def test_one_measure_page_with_papermill(tmp_path: Path) -> None:
    done = papermill("notebooks/measure.ipynb", tmp_path / "out.ipynb", measure_id=8,
                     report_path=REPORT, out_dir=tmp_path / "charts")
    assert done.returncode == 0, done.stderr[-2000:]
    shown = outputs(tmp_path / "out.ipynb")
    assert {o["output_type"] for o in shown} == {"display_data"}  # nothing printed raw
    text = "\n".join(o["data"].get("text/plain", "") for o in shown)
    assert "8. AIチャットボットサービスの導入" in text  # L179
    assert "12,236" in text  # FY2023 chatbot inquiries, L1575
    # Two fiscal years of chatbot inquiries: the one chart of this measure.
    assert sorted(p.name for p in (tmp_path / "charts").glob("*.png")) == [
        "chatbot_inquiries_by_year.png"]


def test_one_added_measure_page_with_papermill(tmp_path: Path) -> None:
    done = papermill("notebooks/added.ipynb", tmp_path / "out.ipynb", added_id=3,
                     report_path=REPORT, out_dir=tmp_path / "charts")
    assert done.returncode == 0, done.stderr[-2000:]
    text = "\n".join(o["data"].get("text/plain", "") for o in outputs(tmp_path / "out.ipynb"))
    assert "追加3. アナログ規制の見直し" in text  # L477


def test_unknown_measure_id(tmp_path: Path) -> None:
    done = papermill("notebooks/measure.ipynb", tmp_path / "out.ipynb", measure_id=99,
                     report_path=REPORT, out_dir=tmp_path / "charts")
    assert done.returncode != 0
    errors = [o for o in outputs(tmp_path / "out.ipynb") if o["output_type"] == "error"]
    assert [(e["ename"], e["evalue"]) for e in errors] == [
        ("ValueError", "unknown measure_id 99; valid values: "
         + ", ".join(str(i) for i in range(1, 26)))]
