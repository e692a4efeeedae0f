"""notebooks/explore.ipynb: the analyst's starting point runs top to bottom the way
JupyterLab runs it (kernel "Python (akidx)", working folder notebooks/), answers its
worked questions from the data, and stays outside the build (no params file)."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest
import yaml

from akidx.config import KERNEL_NAME, NOTEBOOKS, PARAMS

EXPLORE = NOTEBOOKS / "explore.ipynb"
MAX_LINES = 15


def test_explore_is_committed_clean_and_short():
    nb = nbformat.read(EXPLORE, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == KERNEL_NAME
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    for cell in code:
        assert len(cell.source.splitlines()) <= MAX_LINES, cell.source[:60]
    assert "parameters" in code[0].metadata.get("tags", [])


def test_explore_is_not_in_the_build():
    notebooks = {yaml.safe_load(p.read_text(encoding="utf-8")).get("notebook", "")
                 for p in PARAMS.glob("*.y*ml")}
    assert not any("explore" in str(n) for n in notebooks)


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/html", ""))
    return re.sub(r"<[^>]+>", " ", "\n".join(parts))


@pytest.mark.slow
def test_explore_runs_from_the_notebooks_folder(tmp_path):
    out = tmp_path / "explore.ipynb"
    done = subprocess.run(
        [sys.executable, "-m", "papermill", "explore.ipynb", str(out), "-k", KERNEL_NAME,
         "--no-progress-bar"], cwd=NOTEBOOKS, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = text_of(nb)
    # Chapter 1 (lines 165-214): △ for 1, 12, 22 and × for 4, 5; the rest 〇.
    assert "5 of 25 measures are not on track" in text
    assert "マイナポータル活用教室の実施" in text and "minor_revision" in text
    # The chatbot is measure 8 (line 179); 5,760 (line 1563) and 12,236 (line 1575) 件.
    assert "measure 8: AIチャットボットサービスの導入" in text
    assert re.search(r"\b5760\b", text) and re.search(r"\b12236\b", text)
    assert "5760.0" not in text, "whole numbers shown as integers"
    assert "FY2023" in text
    # Measure 9's sheet: 生涯学習部 アキシマエンシス管理課 文化財係 519-5717 (line 1635).
    assert "519-5717" in text and "文化財係" in text
