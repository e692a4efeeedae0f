"""End-to-end tests of ``akidx build`` on small notebooks written by the tests.

Real kernels, real papermill/nbconvert, a temporary project folder; the report is a
copy of the real one (so its tables go to ``<out>/data``, never to data/processed).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from buildkit import Project, make_project

from akidx import config
from akidx.errors import AkidxError, BuildError, InputError
from akidx.publish import build
from akidx.publish.titles import run_title
from akidx.tables.files import MANIFEST
from akidx.tables.read import read_text

pytestmark = pytest.mark.slow  # starts Jupyter kernels: left out of `pytest -m "not slow"`


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


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
        path, _, fragment = link.partition("#")
        target = (out / path).resolve()
        assert target.is_relative_to(out.resolve()) and target.is_file(), link
        if fragment:  # a line of source.html: its anchor exists
            assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), link


def test_build_writes_everything_offline(project: Project) -> None:
    summary = project.build()
    assert sorted(summary.ran) == ["a", "b"] and not summary.failed and not summary.skipped
    out = project.out
    for name in ("a", "b"):
        assert (out / "notebooks" / f"{name}.ipynb").is_file()
        assert (out / "charts" / name / "chart.png").is_file()
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
    assert 'out_dir = "outputs/charts/a"' in injected[0].source
    index = (out / "index.html").read_text(encoding="utf-8")
    assert_offline(index)
    assert "href='html/a.html'" in index and "src='charts/a/chart.png'" in index
    assert "alt='Squares chart — scale 1'" in index
    assert_links_are_files(index, out)
    assert "href='charts/a/chart.png'" in index and "href='data/kpis.csv'" in index
    state = json.loads((out / ".build-state.json").read_text(encoding="utf-8"))
    assert state["report"]["headline"]["sha256"] in index
    assert "昭島市デジタル化推進計画" in index and "12,236" in index  # title, headline KPI
    assert (out / "data" / "kpis.csv").is_file()  # --report: tables next to the outputs
    assert (out / "data" / "datapackage.json").is_file()
    assert not (out / ".staging").exists()  # no empty staging folder left either
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["kind"] == "build" and "html/a.html" in manifest["files"]


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
    good_png = (project.out / "charts" / "b" / "chart.png").read_bytes()
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
    assert (project.out / "charts" / "b" / "chart.png").read_bytes() == good_png
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
    assert "data:image/png;base64," in html
    # What the code printed is the analyst's: in the executed notebook, not on the page.
    assert "TOTAL 55" not in html
    assert "TOTAL 55" in (project.out / "notebooks" / "a.ipynb").read_text(encoding="utf-8")


def test_unusable_params_file_fails_alone(project: Project) -> None:
    project.params("bad", "scale: 1\n")
    with pytest.raises(BuildError, match=r"params/bad.yaml: needs a 'notebook") as info:
        project.build()
    assert sorted(info.value.summary.ran) == ["a", "b"]


def test_unknown_only_name(project: Project) -> None:
    with pytest.raises(AkidxError, match="no params file or run nope"):
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
    labels = {"measure_id": {"13": "13. AI・RPA"}, "added_id": {"2": "追加2. 子ども"}}
    assert run_title("施策", {"measure_id": 13}, labels) == "施策 — 13. AI・RPA"
    assert run_title("追加施策", {"added_id": 2}, labels) == "追加施策 — 追加2. 子ども"
    assert run_title("施策", {"measure_id": 99}, labels) == "施策 — measure_id 99"


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
    one_measure = [n for n in summary.ran if n.startswith(("measure-", "added-"))]
    assert len(one_measure) == 25 + 5  # 25 measures (L165-214), 5 added (追加1-5)
    assert len(titles) == len(set(titles)) == len(summary.ran) - len(one_measure)  # cards
    for name in one_measure:  # listed by pillar: one click from the index
        assert f"<a href='html/{name}.html'>" in index, name
