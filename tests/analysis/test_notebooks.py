"""Every params file runs under papermill (kernel ``akidx``) on the seed report and on
an altered copy, and the charts' CSV data follow the alteration.

Each notebook runs once per report variant (module-scoped fixtures), a few at a
time, through the papermill CLI exactly as the README documents it.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

import akidx
from akidx import analysis as an
from akidx.config import DEFAULT_REPORT, KERNEL_NAME, NOTEBOOKS, PARAMS, ROOT
from akidx.parse.normalize import to_ascii

pytestmark = pytest.mark.slow  # starts Jupyter kernels: left out of `pytest -m "not slow"`

PAPERMILL = [sys.executable, "-m", "papermill"]
# Files with `each:` (one run per measure) run in test_measure_notebook.py.
PARAM_FILES = sorted(p for p in PARAMS.glob("*.yaml")
                     if "each" not in yaml.safe_load(p.read_text(encoding="utf-8")))
GLYPH = re.compile(r"Glyph \d+ .*missing from font|missing from font|findfont")


def _flip(text: str, measure: int | None, old: str, new: str) -> tuple[str, int]:
    """Turn the chapter-1 rating ``old`` of ``measure`` (first such line if None) to ``new``."""
    line = re.compile(rf"^(\s*([0-9０-９]+)[.．].*\S)\s+{old}(\s*)$", re.M)
    for m in line.finditer(text):
        if measure is None or int(to_ascii(m.group(2))) == measure:
            return text[:m.start()] + f"{m.group(1)} {new}{m.group(3)}" + text[m.end():], \
                int(to_ascii(m.group(2)))
    raise AssertionError(f"no chapter-1 line rated {old} for measure {measure}")


def alter(text: str) -> dict:
    """The altered copy: the chatbot FY2023 figure changed, the first 〇 flipped to ×,
    and a △/× measure whose own text says it fell short flipped to 〇."""
    report = akidx.load_report(DEFAULT_REPORT)
    pretend = report.measures.assign(rating="〇")
    short = [f["measure_id"] for f in an.audit_ratings(pretend, report.yearly)
             if f["measure_id"] in set(report.measures.query("rating != '〇'")["measure_id"])]
    assert short, "no △/× measure says it fell short"
    marks = report.measures.set_index("measure_id")["rating"]
    short.sort(key=lambda m: marks[m] != "△")  # a △ keeps the overall counts from cancelling
    old_mark = marks[short[0]]
    assert text.count("12,236") == 1
    text = text.replace("12,236", "13,236")
    text, flipped = _flip(text, None, "〇", "×")
    text, raised = _flip(text, int(short[0]), old_mark, "〇")
    return {"text": text, "flipped": flipped, "raised": raised, "old_mark": old_mark,
            "value": 13236.0}


def papermill(nb: str, out: Path, params_file: Path | None, cwd: Path, **params) -> \
        subprocess.CompletedProcess:
    """Run the papermill CLI: ``papermill <nb> <out> -f <params> -k akidx -p k v ...``."""
    cmd = [*PAPERMILL, nb, str(out), "-k", KERNEL_NAME, "--no-progress-bar"]
    if params_file:
        cmd += ["-f", str(params_file)]
    for k, v in params.items():
        cmd += ["-p", k, str(v)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def run_all(variant: str, tmp: Path, report: Path | None) -> dict[str, dict]:
    """Execute every params file; returns {stem: {proc, out_dir, notebook}}."""
    jobs = {}
    for pf in PARAM_FILES:
        nb = yaml.safe_load(pf.read_text(encoding="utf-8"))["notebook"]
        out_dir = tmp / variant / pf.stem
        extra = {"out_dir": out_dir}
        if report is None:  # seed: as the build runs it, from notebooks/ with relative paths
            args = (nb, tmp / f"{variant}-{pf.stem}.ipynb", Path("..") / "params" / pf.name,
                    NOTEBOOKS)
        else:  # altered: from the repo root, absolute report path
            extra["report_path"] = report
            args = (f"notebooks/{nb}", tmp / f"{variant}-{pf.stem}.ipynb", pf, ROOT)
        jobs[pf.stem] = (args, extra, out_dir)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(papermill, *a, **e) for k, (a, e, _) in jobs.items()}
    return {k: {"proc": f.result(), "out_dir": jobs[k][2], "notebook": jobs[k][0][1]}
            for k, f in futures.items()}


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return run_all("seed", tmp_path_factory.mktemp("nb"), None)


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("alt")
    change = alter(DEFAULT_REPORT.read_text(encoding="utf-8"))
    path = tmp / "altered-report.txt"
    path.write_text(change["text"], encoding="utf-8")
    return {"runs": run_all("altered", tmp, path), **change}


def csv(run: dict, name: str) -> pd.DataFrame:
    return pd.read_csv(run["out_dir"] / f"{name}.csv", encoding="utf-8-sig")


@pytest.mark.parametrize("stem", [p.stem for p in PARAM_FILES])
def test_params_file_runs(seed, altered, stem):
    for run in (seed[stem], altered["runs"][stem]):
        assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
        pngs = list(run["out_dir"].glob("*.png"))
        assert pngs, "no chart written"
        for png in pngs:
            assert png.with_suffix(".svg").is_file() and png.with_suffix(".csv").is_file()


def test_no_missing_glyphs_in_executed_notebooks(seed, altered):
    runs = [*seed.values(), *altered["runs"].values()]
    for run in runs:
        nb = nbformat.read(run["notebook"], as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") if out.get("name") == "stderr" else ""
                assert not GLYPH.search(text), f"{run['notebook'].name}: {text[:300]}"


def test_no_cell_shows_a_return_value(seed, altered):
    """Readers see charts, tables and takeaways: never a helper's return value (a dict
    of file paths in the build's staging folder once appeared under every chart)."""
    for run in [*seed.values(), *altered["runs"].values()]:
        nb = nbformat.read(run["notebook"], as_version=4)
        results = [out["data"].get("text/plain", "") for cell in nb.cells
                   for out in cell.get("outputs", []) if out.get("output_type") == "execute_result"]
        assert results == [], f"{run['notebook'].name}: {results[:3]}"


def test_kpi_csv_follows_the_report(seed, altered):
    before = csv(seed["kpi_chatbot_inquiries"], "chatbot_inquiries_by_year")
    after = csv(altered["runs"]["kpi_chatbot_inquiries"], "chatbot_inquiries_by_year")
    latest = before["fiscal_year"].max()
    assert before.loc[before["fiscal_year"] == latest, "value"].item() == 12236
    assert after.loc[after["fiscal_year"] == latest, "value"].item() == altered["value"]
    cum_before = csv(seed["kpi_chatbot_inquiries"], "chatbot_inquiries_cumulative_L1587")
    cum_after = csv(altered["runs"]["kpi_chatbot_inquiries"],
                    "chatbot_inquiries_cumulative_L1587")
    assert cum_before["matches"].all()
    assert not cum_after["matches"].any() and (cum_after["difference"] == -1000).all()
    stated = cum_after.loc[cum_after["bar"] == "stated", "value"].item()
    assert cum_after.loc[cum_after["bar"] == "sum_of_years", "value"].sum() == stated + 1000
    audit = csv(altered["runs"]["audit"], "findings")
    assert (audit["check"] == "cumulative").any()
    assert not (csv(seed["audit"], "findings")["check"] == "cumulative").any()


def test_ratings_csv_follows_the_report(seed, altered):
    def counts(run):
        df = csv(run, "ratings_overall")
        return dict(zip(df["rating"], df["count"], strict=True))

    before, after = counts(seed["ratings"]), counts(altered["runs"]["ratings"])
    expected = dict(before)  # one 〇 became ×, one △/× became 〇
    expected["〇"] += -1 + 1
    expected["×"] += 1
    expected[altered["old_mark"]] -= 1
    assert after == expected
    audit = csv(altered["runs"]["audit"], "findings")
    assert altered["raised"] in set(audit.loc[audit["check"] == "rating", "measure_id"])
    assert not (csv(seed["audit"], "findings")["check"] == "rating").any()
    grid = csv(altered["runs"]["schedule"], "schedule_grid")
    assert set(grid.loc[grid["measure_id"] == altered["flipped"], "rating"]) == {"×"}


@pytest.mark.parametrize(("nb", "name", "value"), [
    ("kpi_trend.ipynb", "metric", "no_such_metric"),
    ("ratings.ipynb", "pillar", "99"),
])
def test_unknown_parameter_lists_valid_values(tmp_path, nb, name, value):
    """The message lists exactly what the notebook accepts: the metrics with at least one
    fiscal-year figure (a KPI trend needs years), or 'all' and every pillar number."""
    report = akidx.load_report(DEFAULT_REPORT)
    kpis = report.kpis
    yearly = sorted(set(kpis.loc[kpis["fiscal_year"].notna(), "metric"].dropna()))
    assert set(kpis["metric"].dropna()) - set(yearly), "the report has metrics without years"
    valid = {"metric": ", ".join(repr(m) for m in yearly),
             "pillar": "'all', " + ", ".join(str(int(p)) for p in
                                             sorted(report.pillars["pillar_id"]))}[name]
    proc = papermill(f"notebooks/{nb}", tmp_path / "out.ipynb", None, ROOT,
                     out_dir=tmp_path / "figs", **{name: value})
    assert proc.returncode != 0
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "ValueError"
    given = yaml.safe_load(value)  # papermill -p reads "99" as the number 99
    assert errors[0]["evalue"] == f"unknown {name} {given!r}; valid values: {valid}"
    assert not (tmp_path / "figs").exists(), "stopped before any chart"


def test_charts_render_every_report_string_without_missing_glyphs(tmp_path):
    """In-process: all titles, names and marks of the report, drawn with warnings as errors."""
    import matplotlib.pyplot as plt

    from akidx.analysis import charts

    report = akidx.load_report(DEFAULT_REPORT)
    strings = set()
    for name in ("measures", "pillars", "added_measures"):
        df = report.tables[name]
        for col in df.columns:
            if str(df[col].dtype) == "string":
                strings.update(df[col].dropna().str.slice(0, 200))
    charts.setup()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots(figsize=(8, 3), layout="none")
        for i, s in enumerate(sorted(strings)):
            ax.text(0, i, s)
        ax.set_xticks([0, 1], charts.fy_labels([2022, 2023]))
        charts.save(fig, tmp_path, "glyphs", pd.DataFrame({"s": sorted(strings)}))
        plt.close(fig)
    assert (tmp_path / "glyphs.png").stat().st_size > 0


def test_saved_chart_files_are_readable_by_others(tmp_path):
    """Charts are published files: 0644 under the usual umask, not mkstemp's 0600."""
    import matplotlib.pyplot as plt

    from akidx.analysis import charts

    old = os.umask(0o022)
    try:
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(["a", "b"], [1, 2])
        paths = charts.save(fig, tmp_path, "perm", pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}))
        plt.close(fig)
        extra = charts.save_csv(pd.DataFrame({"x": [1]}), tmp_path, "table")
    finally:
        os.umask(old)
    for path in [*paths.values(), extra]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o044 == 0o044, f"{path.name}: {oct(mode)}"
    assert not list(tmp_path.glob(".*.tmp")), "no temp file left behind"
    assert (tmp_path / "perm.csv").read_bytes().startswith(b"\xef\xbb\xbfx,y\n")
