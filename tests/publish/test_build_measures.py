"""A page per measure end to end: the pages follow the report being built (a copy with a
measure less gives a page less, and the vanished measure's run is forgotten), each page
is small, records papermill's provenance and reruns with the plain papermill CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from buildkit import write_notebook
from test_each import without_last_measure

from akidx import config
from akidx.publish import build
from akidx.publish.state import BuildState

pytestmark = pytest.mark.slow  # starts Jupyter kernels

LIGHT_CELLS = [("markdown", "# Light"),
               ("code", "report_path = ''\nout_dir = ''\nmeasure_id = 1", ["parameters"]),
               ("code", "from IPython.display import Markdown\nMarkdown(f'No. {measure_id}')")]


def reports(root: Path) -> tuple[Path, Path]:
    """The report (a copy) and a copy without its last measure (25)."""
    full, less = root / "full.txt", root / "less.txt"
    text = config.DEFAULT_REPORT.read_text(encoding="utf-8")
    full.write_text(text, encoding="utf-8")
    altered, number = without_last_measure(text)
    assert number == 25
    less.write_text(altered, encoding="utf-8")
    return full, less


@pytest.fixture(scope="module")
def measures(tmp_path_factory) -> Path:
    """The real measure notebook built, through params/measure.yaml, on the copy with 24
    measures."""
    root = tmp_path_factory.mktemp("measures")
    (root / "params").mkdir()
    shutil.copy(config.PARAMS / "measure.yaml", root / "params")
    _, less = reports(root)
    build(report=less, out_dir=root / "out", params_dir=root / "params",
          notebooks_dir=config.NOTEBOOKS, jobs=2)
    return root / "out"


def test_a_copy_with_a_measure_less_gives_a_page_less(measures: Path) -> None:
    pages = sorted(p.stem for p in (measures / "html").glob("*.html"))
    assert pages == [f"measure-{i:02d}" for i in range(1, 25)]
    index = (measures / "index.html").read_text(encoding="utf-8")
    for name in pages:
        assert f"<a href='html/{name}.html'>" in index
    assert "25. 情報セキュリティ教育の充実" not in index  # L214 / L3576: cut from the copy
    page = (measures / "html" / "measure-24.html").read_text(encoding="utf-8")
    assert "24. 情報セキュリティ対策の強靱化" in page  # L212, the sheet at L3435


def test_measure_pages_stay_under_300_kib(measures: Path) -> None:
    sizes = {p.name: p.stat().st_size for p in (measures / "html").glob("*.html")}
    assert len(sizes) == 24 and max(sizes.values()) <= 300 * 1024, sizes


def test_no_raw_printed_output(measures: Path) -> None:
    """A measure page shows tables, takeaways and charts: no print, no return value."""
    for path in (measures / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        kinds = {o["output_type"] for c in nb.cells for o in c.get("outputs", [])}
        assert kinds <= {"display_data"}, (path.name, kinds)


def test_papermill_provenance_reruns_the_page(measures: Path, tmp_path: Path) -> None:
    """metadata.papermill says which notebook ran with which parameters; the plain papermill
    CLI reruns it from the project folder and shows the same tables."""
    executed = nbformat.read(measures / "notebooks" / "measure-08.ipynb", as_version=4)
    record = executed.metadata["papermill"]
    project = measures.parent  # the params folder's parent: paths are shown from there
    assert (project / record["input_path"]).resolve() == config.NOTEBOOKS / "measure.ipynb"
    assert project / record["output_path"] == measures / "notebooks" / "measure-08.ipynb"
    assert record["parameters"]["measure_id"] == 8
    assert Path(record["parameters"]["report_path"]).name == "less.txt"
    params = {**record["parameters"], "out_dir": str(tmp_path / "charts")}
    again = tmp_path / "again.ipynb"
    done = subprocess.run(
        [sys.executable, "-m", "papermill", record["input_path"], str(again), "-k",
         config.KERNEL_NAME, "-y", json.dumps(params), "--no-progress-bar"],
        cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    def tables(nb) -> list[str]:  # tables and takeaways as text (HTML ids are random)
        return [o["data"]["text/plain"] for c in nb.cells for o in c.get("outputs", [])
                if "text/plain" in o.get("data", {})]

    assert len(tables(executed)) > 5
    assert tables(nbformat.read(again, as_version=4)) == tables(executed)
    assert (tmp_path / "charts" / "chatbot_inquiries_by_year.png").is_file()  # L1587 2 years


def test_a_vanished_measure_is_forgotten(tmp_path: Path) -> None:
    write_notebook(tmp_path / "notebooks" / "light.ipynb", LIGHT_CELLS)
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "m.yaml").write_text("notebook: light.ipynb\neach: measure_id\n")
    full, less = reports(tmp_path)
    out = tmp_path / "out"
    options = {"out_dir": out, "params_dir": tmp_path / "params",
               "notebooks_dir": tmp_path / "notebooks", "jobs": 2}
    assert len(build(report=full, **options).ran) == 25
    assert "m-25" in BuildState.load(out).runs
    summary = build(report=less, **options)
    assert sorted(summary.ran) == [f"m-{i:02d}" for i in range(1, 25)]
    assert "m-25" not in BuildState.load(out).runs
    assert "html/m-25.html" not in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(build(report=less, **options).skipped) == sorted(summary.ran)
