"""Every chart's CSV, every takeaway and every shown table of every params run equals
the golden files captured before the notebooks were rewritten (``golden/<run>/``,
see its README), so moving the presentation code lost nothing.

Quick, no kernel: each notebook's own code cells run in this process, the params
file's values put in after the ``parameters`` cell as papermill does, with
``nb.chart``, ``nb.say`` and ``nb.show`` recording instead of displaying (a chart's
CSV is written as ``charts.save`` writes it; no PNG or SVG is drawn).
"""

from __future__ import annotations

import functools
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest
import yaml

import akidx
from akidx.analysis import charts
from akidx.analysis import notebook as nb
from akidx.config import NOTEBOOKS, PARAMS

GOLDEN = Path(__file__).parent / "golden"
# A params file with `each:` is one run per id; these runs of it have golden files
# (measure-13's tables checked by hand in test_measure_view.py).
EACH_SAMPLES = {"measure": [1, 13], "added": [2]}
_FILES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in PARAMS.glob("*.yaml")}
RUNS = sorted([stem for stem, data in _FILES.items() if "each" not in data]
              + [f"{stem}-{v:02d}" for stem, values in EACH_SAMPLES.items() for v in values])


def params_of(run_name: str) -> dict:
    """The parameters of a run: its params file's, or its each-file's plus its id."""
    if run_name in _FILES:
        return dict(_FILES[run_name])
    stem, value = run_name.rsplit("-", 1)
    params = dict(_FILES[stem])
    params[params.pop("each")] = int(value)
    return params
_load = functools.cache(akidx.load_report)  # the report is parsed once for all runs


class _Table(HTMLParser):
    """The header and cell texts of the first table in an HTML string (standard library;
    entities unescaped, as a reader sees them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.columns: list[str] = []
        self.rows: list[list[str]] = []
        self.part, self.cell = "", None

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("thead", "tbody"):
            self.part = tag
        elif tag == "tr" and self.part == "tbody":
            self.rows.append([])
        elif (tag, self.part) in (("th", "thead"), ("td", "tbody")):
            self.cell = []

    def handle_data(self, data) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag) -> None:
        if tag in ("th", "td") and self.cell is not None:
            text = "".join(self.cell)
            (self.columns if self.part == "thead" else self.rows[-1]).append(text)
            self.cell = None


def table_text(html: str) -> dict:
    """The header and cell texts of the table ``nb.show`` displays."""
    parser = _Table()
    parser.feed(html)
    return {"columns": parser.columns, "rows": parser.rows}


def run(stem: str, out_dir: Path, monkeypatch) -> dict:
    """Execute the run's notebook in-process; returns what it said, showed and saved."""
    said, shown = [], []

    def chart(made, out, takeaway):
        charts.save_csv(made.data, out, made.name)
        plt.close(made.fig)
        said.append(list(takeaway))

    monkeypatch.setattr(nb, "chart", chart)
    def show(df, empty=nb.EMPTY):
        shown.append({"empty": list(empty)} if df.empty else table_text(nb.table_html(df)))

    monkeypatch.setattr(nb, "say", lambda ja, en: said.append([ja, en]))
    monkeypatch.setattr(nb, "say_plain", lambda ja, en: said.append([ja, en]))
    monkeypatch.setattr(nb, "show", show)
    monkeypatch.setattr(nb, "load_report", _load)
    params = params_of(stem)
    notebook = nbformat.read(NOTEBOOKS / params.pop("notebook"), as_version=4)
    params["out_dir"] = str(out_dir)
    namespace: dict = {}
    with matplotlib.rc_context():
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, f"{stem}:{cell.get('id')}", "exec"), namespace)
                if "parameters" in cell.metadata.get("tags", []):
                    namespace.update(params)
    return {"said": said, "shown": shown}


@pytest.mark.parametrize("stem", RUNS)
def test_notebook_output_equals_golden(stem, tmp_path, monkeypatch):
    got = run(stem, tmp_path, monkeypatch)
    golden = GOLDEN / stem
    if os.environ.get("AKIDX_REGEN_GOLDEN"):
        golden.mkdir(exist_ok=True)
        for name in ("said", "shown"):
            path = golden / {"said": "takeaways.json", "shown": "tables.json"}[name]
            path.write_text(json.dumps(got[name], ensure_ascii=False, indent=1), encoding="utf-8")
        for csv in tmp_path.glob("*.csv"):
            (golden / csv.name).write_bytes(csv.read_bytes())
    want_csv = sorted(p.name for p in golden.glob("*.csv"))
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == want_csv
    for name in want_csv:
        assert (tmp_path / name).read_text(encoding="utf-8") == \
            (golden / name).read_text(encoding="utf-8"), name
    assert got["said"] == json.loads((golden / "takeaways.json").read_text(encoding="utf-8"))
    tables = json.loads((golden / "tables.json").read_text(encoding="utf-8"))
    assert len(got["shown"]) == len(tables)
    for i, (table, want) in enumerate(zip(got["shown"], tables, strict=True)):
        assert table == want, f"table {i}"
