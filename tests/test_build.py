"""End-to-end tests of ``akidx build`` on small notebooks written by the tests.

Real kernels, real papermill/nbconvert, a temporary project folder; the report is a
copy of the real one (so its tables go to ``<out>/data``, never to data/processed).
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from akidx import config
from akidx.build import BuildSummary, build
from akidx.errors import AkidxError, BuildError, InputError
from akidx.iorw import read_text
from akidx.pipeline import run_title

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
                         "60e6kgAAAABJRU5ErkJggg==")
CHART_CELLS = [
    ("markdown", "# Squares chart\n\n![logo](logo.png)"),
    ("code", "report_path = ''\nout_dir = 'figures'\nscale = 1", ["parameters"]),
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


LEAKER_CELLS = [
    ("markdown", "# Leaves state behind"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "import os, random, sys, warnings\nimport matplotlib, numpy as np, pandas as pd\n"
             "import seaborn as sns\nleaked = 42\n"
             "matplotlib.rcParams['lines.linewidth'] = 9\npd.set_option('display.max_rows', 3)\n"
             "sns.set_theme(style='darkgrid')\n"
             "warnings.simplefilter('error')\nos.chdir('/')\nos.environ['AKIDX_LEAK'] = '1'\n"
             "os.environ.pop('HOME', None)\nsys.path.insert(0, '/leak')\n"
             "np.random.seed(0)\nrandom.seed(0)"),
]
CHECKER_CELLS = [
    ("markdown", "# Finds a fresh kernel"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    # The first draws equal those after seed(0) only if the leaker's seed survived.
    ("code", "import os, random, sys, warnings\nimport matplotlib, numpy as np, pandas as pd\n"
             "draws = (np.random.random(), random.random())\nnp.random.seed(0)\nrandom.seed(0)\n"
             "state = ('leaked' in globals(), matplotlib.rcParams['lines.linewidth'],\n"
             "         pd.get_option('display.max_rows'), warnings.filters[0][0],\n"
             "         matplotlib.rcParams['axes.facecolor'], 'AKIDX_LEAK' in os.environ,\n"
             "         'HOME' in os.environ, '/leak' in sys.path,\n"
             "         draws == (np.random.random(), random.random()), os.getcwd() == '/')\n"
             "print('STATE', state)"),
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
        return build(report=self.report, out_dir=self.out, params_dir=self.root / "params",
                     notebooks_dir=self.root / "notebooks", **kwargs)

    def html(self, name: str) -> str:
        return (self.out / "html" / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = Project(tmp_path)
    proj.report.write_bytes(config.DEFAULT_REPORT.read_bytes())
    write_notebook(tmp_path / "notebooks" / "chart.ipynb", CHART_CELLS)
    (tmp_path / "notebooks" / "logo.png").write_bytes(PIXEL)  # a markdown image
    write_notebook(tmp_path / "notebooks" / "broken.ipynb", BROKEN_CELLS)
    write_notebook(tmp_path / "notebooks" / "figure.ipynb", FIGURE_CELLS)
    proj.params("a", "notebook: chart.ipynb\nscale: 1\n")
    proj.params("b", "notebook: chart.ipynb\nscale: 2\n")
    return proj


EXTERNAL = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                      re.IGNORECASE)


def assert_offline(html: str) -> None:
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert "@import" not in html and "url(http" not in html


LINK = re.compile(r"""\b(?:href|src)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)


def assert_links_are_files(html: str, out: Path) -> None:
    """Every link resolves to a file inside ``out``: the folder can be zipped or served."""
    links = [m.group(2) for m in LINK.finditer(html)]
    assert links
    for link in links:
        assert "://" not in link and not link.startswith("/"), link
        target = (out / link).resolve()
        assert target.is_relative_to(out.resolve()) and target.is_file(), link


def test_build_writes_everything_offline(project: Project) -> None:
    summary = project.build()
    assert sorted(summary.ran) == ["a", "b"] and not summary.failed and not summary.skipped
    out = project.out
    for name in ("a", "b"):
        assert (out / "notebooks" / f"{name}.ipynb").is_file()
        assert (out / "figures" / name / "chart.png").is_file()
        html = project.html(name)
        assert_offline(html)
        assert "data:image/png;base64," in html  # the chart is embedded, not linked
        assert 'src="logo.png"' not in html  # so is the markdown image
        assert "CODE-MARKER" in html
        # Runs of one notebook are told apart by their parameters: title and page heading.
        assert f"<title>Squares chart — scale {1 if name == 'a' else 2}</title>" in html
        assert re.search(rf"<h1[^>]*>Squares chart — scale {1 if name == 'a' else 2}", html)
    assert "TOTAL 55" in project.html("a") and "TOTAL 110" in project.html("b")
    # The notebook shows where the charts are published, not the staging folder.
    executed = nbformat.read(out / "notebooks" / "a.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'out_dir = "outputs/figures/a"' in injected[0].source
    index = (out / "index.html").read_text(encoding="utf-8")
    assert_offline(index)
    assert "href='html/a.html'" in index and "src='figures/a/chart.png'" in index
    assert "alt='Squares chart — scale 1'" in index
    assert_links_are_files(index, out)
    assert "href='figures/a/chart.png'" in index and "href='data/kpis.csv'" in index
    state = json.loads((out / ".build-state.json").read_text(encoding="utf-8"))
    assert state["report"]["sha256"] in index
    assert "昭島市デジタル化推進計画" in index and "12,236" in index  # title, headline KPI
    assert (out / "data" / "kpis.csv").is_file()  # --report: tables next to the outputs
    assert (out / "data" / "datapackage.json").is_file()
    assert not (out / ".staging").exists() or not any((out / ".staging").iterdir())


def test_incremental(project: Project) -> None:
    project.build()
    started = time.perf_counter()
    again = project.build()
    assert time.perf_counter() - started < 1.0
    assert again.ran == [] and sorted(again.skipped) == ["a", "b"]
    before = project.html("a")
    project.params("b", "notebook: chart.ipynb\nscale: 3\n")
    changed = project.build()
    assert changed.ran == ["b"] and changed.skipped == ["a"]
    assert "TOTAL 165" in project.html("b") and project.html("a") == before
    # The build overrides the path parameters: editing them (or a comment) re-runs nothing.
    project.params("b", "# moved\nnotebook: chart.ipynb\nscale: 3\nout_dir: elsewhere\n"
                        "report_path: other.txt\n")
    assert project.build().ran == []
    # The shared tables are rewritten when missing, without running anything.
    (project.out / "data" / "kpis.csv").unlink()
    assert project.build().ran == [] and (project.out / "data" / "kpis.csv").is_file()
    # A published output that went missing (kill between renames) is rebuilt.
    (project.out / "html" / "a.html").unlink()
    assert project.build().ran == ["a"]
    assert project.build(only=["b"], force=True).ran == ["b"]


def test_failure_is_isolated_and_keeps_previous_outputs(project: Project) -> None:
    project.build()
    good = project.html("b")
    good_png = (project.out / "figures" / "b" / "chart.png").read_bytes()
    project.params("b", "notebook: broken.ipynb\n")
    project.params("c", "notebook: chart.ipynb\nscale: 4\n")
    with pytest.raises(BuildError) as info:
        project.build()
    message = str(info.value)
    assert message.count("\n") == 0  # one line per failure, one failure
    assert "params/b.yaml" in message and "notebooks/broken.ipynb" in message
    assert "cell 4 `1 / 0`" in message and "ZeroDivisionError: division by zero" in message
    summary = info.value.summary
    assert summary.failed == ["b"] and summary.ran == ["c"] and summary.skipped == ["a"]
    assert project.html("b") == good  # the last good page stays
    assert (project.out / "figures" / "b" / "chart.png").read_bytes() == good_png
    failed = nbformat.read(project.out / "failed" / "b.ipynb", as_version=4)
    assert any(o.get("ename") == "ZeroDivisionError" for c in failed.cells
               for o in c.get("outputs", []))
    assert "failed: showing last good build" in (project.out / "index.html").read_text("utf-8")
    # Back to the inputs of the last good build: nothing to run, the failure is stale.
    project.params("b", "notebook: chart.ipynb\nscale: 2\n")
    assert project.build().ran == []
    assert not (project.out / "failed" / "b.ipynb").exists()


def test_hide_code(project: Project) -> None:
    project.build(hide_code=True, only=["a"])
    html = project.html("a")
    assert "CODE-MARKER" not in html and 'class="jp-CodeMirrorEditor' not in html
    assert "TOTAL 55" in html and "data:image/png;base64," in html


def test_unusable_params_file_fails_alone(project: Project) -> None:
    project.params("bad", "scale: 1\n")
    with pytest.raises(BuildError, match=r"params/bad.yaml: ValueError: needs a 'notebook") as info:
        project.build()
    assert sorted(info.value.summary.ran) == ["a", "b"]


def test_unknown_only_name(project: Project) -> None:
    with pytest.raises(AkidxError, match="no params file for nope"):
        project.build(only=["nope"])


def test_report_option_changes_numbers(project: Project) -> None:
    project.params("fig", "notebook: figure.ipynb\n")
    project.build(only=["fig"])
    assert "CHATBOT FY2023: 12,236" in project.html("fig")
    other = project.root / "other-edition.txt"
    other.write_text(project.report.read_text(encoding="utf-8").replace("12,236", "13,579"),
                     encoding="utf-8")
    build(report=other, out_dir=project.out, params_dir=project.root / "params",
          notebooks_dir=project.root / "notebooks", only=["fig"])
    html = project.html("fig")
    assert "CHATBOT FY2023: 13,579" in html and "12,236" not in html
    assert "13,579" in (project.out / "index.html").read_text(encoding="utf-8")


def test_reused_kernel_starts_like_a_fresh_one(project: Project) -> None:
    """One worker runs all notebooks on one kernel: nothing a notebook changed survives it."""
    write_notebook(project.root / "notebooks" / "leaker.ipynb", LEAKER_CELLS)
    write_notebook(project.root / "notebooks" / "checker.ipynb", CHECKER_CELLS)
    for name in ("a", "b"):
        (project.root / "params" / f"{name}.yaml").unlink()
    project.params("k1", "notebook: leaker.ipynb\n")
    project.params("k2", "notebook: checker.ipynb\n")
    project.params("k3", "notebook: broken.ipynb\n")
    project.params("k4", "notebook: checker.ipynb\n")
    with pytest.raises(BuildError, match="k3.yaml"):
        project.build(jobs=1)
    # k2 ran on k1's kernel after a reset; k4 on a new kernel (k3 failed, its kernel went).
    states = [re.search(r"STATE \((.*?)\)", project.html(n)).group(1) for n in ("k2", "k4")]
    assert states[0] == states[1]
    fields = [f.strip() for f in states[0].split(",")]
    assert fields[:3] == ["False", "1.5", "60"] and fields[3] != "'error'"
    assert fields[4:] == ["'white'", "False", "True", "False", "False", "False"]
    executed = nbformat.read(project.out / "notebooks" / "k2.ipynb", as_version=4)
    assert [c.execution_count for c in executed.cells if c.cell_type == "code"][0] == 1


def test_unusable_report_same_message_as_parse(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for report in (tmp_path / "missing.txt", tmp_path, empty):
        with pytest.raises(InputError) as parse_error:
            read_text(report)
        with pytest.raises(InputError) as build_error:
            build(report=report, out_dir=project.out, params_dir=project.root / "params",
                  notebooks_dir=project.root / "notebooks")
        assert str(build_error.value) == str(parse_error.value)
        assert "\n" not in str(build_error.value)


def test_run_title() -> None:
    heading = "KPIの推移 / KPI trend"
    assert (run_title(heading, {"metric": "chatbot_inquiries", "out_dir": "x"})
            == "KPIの推移 / KPI trend — AIチャットボット問い合わせ件数 / AI chatbot inquiries")
    assert run_title(heading, {"metric": "new_metric"}) == f"{heading} — new_metric"
    assert run_title("Ratings", {"pillar": "all", "report_path": "r"}) == "Ratings"
    assert run_title("Ratings", {"pillar": 2}) == "Ratings — pillar 2"


def test_real_params(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(config.DEFAULT_REPORT.read_bytes())
    summary = build(report=report, out_dir=tmp_path / "out")
    assert not summary.failed and summary.ran
    for name in summary.ran:
        assert_offline((tmp_path / "out" / "html" / f"{name}.html").read_text(encoding="utf-8"))
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert_links_are_files(index, tmp_path / "out")
    titles = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", index)
    assert len(titles) == len(set(titles)) == len(summary.ran)  # every card told apart
