"""A throwaway akidx project for the build tests: small notebooks, params, a report copy."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import nbformat

from akidx import config
from akidx.publish import BuildSummary, build

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
                         "60e6kgAAAABJRU5ErkJggg==")
CHART_CELLS = [
    ("markdown", "# Squares chart\n\n![logo](logo.png)"),
    ("code", "report_path = ''\nout_dir = 'charts'\nscale = 1", ["parameters"]),
    ("code", "# CODE-MARKER: readers of hide_code pages never see this\n"
             "import matplotlib.pyplot as plt\nfrom pathlib import Path\n"
             "Path(out_dir).mkdir(parents=True, exist_ok=True)"),
    ("code", "ys = [i * i * scale for i in range(6)]\nfig, ax = plt.subplots(figsize=(3, 2))\n"
             "ax.bar(range(6), ys)\nfig.savefig(Path(out_dir) / 'chart.png')\nplt.show()\n"
             "print(f'TOTAL {sum(ys)}')"),
]
BROKEN_CELLS = [
    ("markdown", "# Broken"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "x = 1"),
    ("code", "1 / 0"),
]
FIGURE_CELLS = [
    ("markdown", "# Chatbot figure"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "import akidx\nk = akidx.load_report(report_path).kpis\n"
             "v = k[(k.metric == 'chatbot_inquiries') & (k.fiscal_year == 2023)]['value'].iloc[0]\n"
             "print(f'CHATBOT FY2023: {v:,.0f}')"),
]


def write_notebook(path: Path, cells: list[tuple]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "akidx", "language": "python", "display_name": "akidx"}
    for kind, source, *tags in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        if tags:
            cell.metadata["tags"] = tags[0]
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@dataclass
class Project:
    root: Path

    @property
    def out(self) -> Path:
        return self.root / "outputs"

    @property
    def report(self) -> Path:
        return self.root / "report.txt"

    def params(self, name: str, text: str) -> None:
        (self.root / "params").mkdir(exist_ok=True)
        (self.root / "params" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def build(self, **kwargs) -> BuildSummary:
        kwargs.setdefault("jobs", 2)
        kwargs.setdefault("report", self.report)
        kwargs.setdefault("out_dir", self.out)
        return build(params_dir=self.root / "params", notebooks_dir=self.root / "notebooks",
                     **kwargs)

    def html(self, name: str) -> str:
        return (self.out / "html" / f"{name}.html").read_text(encoding="utf-8")




def make_project(root: Path) -> Project:
    """Two runs of a chart notebook (a, b), plus a broken and a figure notebook unused."""
    proj = Project(root)
    proj.report.write_bytes(config.DEFAULT_REPORT.read_bytes())
    write_notebook(root / "notebooks" / "chart.ipynb", CHART_CELLS)
    (root / "notebooks" / "logo.png").write_bytes(PIXEL)  # a markdown image
    write_notebook(root / "notebooks" / "broken.ipynb", BROKEN_CELLS)
    write_notebook(root / "notebooks" / "figure.ipynb", FIGURE_CELLS)
    proj.params("a", "notebook: chart.ipynb\nscale: 1\n")
    proj.params("b", "notebook: chart.ipynb\nscale: 2\n")
    return proj
