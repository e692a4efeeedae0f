"""How much faster ``akidx build`` is than running papermill + nbconvert by hand.

Runs the same runs twice, into a temporary folder:

1. naive: for each run, the ``papermill`` CLI, then ``jupyter nbconvert --to html``,
   one notebook after the other (what a Makefile loop would do);
2. ``akidx build --force`` (a fresh process, all the same inputs).

A params file with ``each: measure_id`` is one run per measure on both sides: the full
site is every params file's runs (33+ with a page per measure).

    .venv/bin/python benchmarks/bench_build.py            # the full site: params/, expanded
    .venv/bin/python benchmarks/bench_build.py --only ratings measure-08 added-01  # a few
    .venv/bin/python benchmarks/bench_build.py --demo 8   # 8 runs of a small seaborn notebook
    .venv/bin/python benchmarks/bench_build.py --runs 8 16 32   # how the cost grows
    .venv/bin/python benchmarks/bench_build.py --repeat 3       # medians of 3, alternating

``--runs`` makes N params files for the project's real notebooks from the report
itself (one KPI trend per metric with fiscal-year figures, ratings and schedule
per pillar, audit per check, departments, one page per measure and added measure;
cycled when N is larger) and prints,
for each N, both times, seconds per run and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from akidx import config  # noqa: E402

BIN = Path(sys.executable).parent
DEMO_CELLS = [
    ("markdown", "# Demo"),
    ("code", "report_path = ''\nout_dir = 'charts'\nscale = 1", ["parameters"]),
    ("code", "import pandas as pd\nimport seaborn as sns\nimport matplotlib.pyplot as plt\n"
             "from pathlib import Path\nPath(out_dir).mkdir(parents=True, exist_ok=True)"),
    ("code", "df = pd.DataFrame({'x': range(12), 'y': [i * i * scale for i in range(12)]})\n"
             "ax = sns.barplot(data=df, x='x', y='y')\nplt.savefig(Path(out_dir) / 'chart.png')\n"
             "plt.show()\ndf.describe()"),
]


def demo_project(root: Path, runs: int) -> tuple[Path, Path]:
    """``runs`` params files for one small pandas + seaborn notebook."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "akidx", "language": "python", "display_name": "akidx"}
    for kind, source, *tags in DEMO_CELLS:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
            source)
        if tags:
            cell.metadata["tags"] = tags[0]
        nb.cells.append(cell)
    (root / "notebooks").mkdir(parents=True)
    (root / "params").mkdir()
    nbformat.write(nb, root / "notebooks" / "demo.ipynb")
    for i in range(runs):
        (root / "params" / f"demo{i}.yaml").write_text(f"notebook: demo.ipynb\nscale: {i + 1}\n")
    return root / "params", root / "notebooks"


def real_runs(report: Path) -> list[dict]:
    """Every distinct run the project's notebooks can make of ``report``."""
    import akidx
    from akidx import analysis as an

    r = akidx.load_report(report)
    pillars = ["all", *sorted(int(p) for p in r.pillars["pillar_id"])]
    return ([{"notebook": "kpi_trend.ipynb", "metric": m} for m in an.kpi_metrics(r.kpis)]
            + [{"notebook": "ratings.ipynb", "pillar": p} for p in pillars]
            + [{"notebook": "schedule.ipynb", "pillar": p} for p in pillars]
            + [{"notebook": "audit.ipynb", "check": c} for c in ["all", *an.AUDIT_CHECKS]]
            + [{"notebook": "departments.ipynb"}]
            + [{"notebook": "measure.ipynb", "measure_id": int(m)}
               for m in sorted(r.measures["measure_id"])]
            + [{"notebook": "added.ipynb", "added_id": int(a)}
               for a in sorted(r.added_measures["added_id"])])


def runs_project(root: Path, report: Path, n: int) -> tuple[Path, Path]:
    """``n`` params files for the real notebooks (the distinct runs, cycled)."""
    runs = real_runs(report)
    params = root / "params"
    params.mkdir(parents=True)
    for i in range(n):
        run = runs[i % len(runs)]
        values = "".join(f"{k}: {v}\n" for k, v in run.items())
        (params / f"r{i:02d}.yaml").write_text(values, encoding="utf-8")
    return params, config.NOTEBOOKS


def measure(params_dir: Path, notebooks_dir: Path, report: Path, tmp: Path,
            jobs: int | None, repeat: int = 1, only: list[str] | None = None
            ) -> tuple[float, float]:
    """Median seconds of ``repeat`` naive loops and of ``repeat`` ``akidx build --force``
    on the same runs, alternating, so that a noisy moment weighs on both sides."""
    naive_s, akidx_s = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        naive(params_dir, notebooks_dir, report, tmp / f"naive{i}", only)
        naive_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        akidx_build(params_dir, notebooks_dir, report, tmp / f"akidx{i}", jobs, only)
        akidx_s.append(time.perf_counter() - t0)
    return statistics.median(naive_s), statistics.median(akidx_s)


def runs_of(params_dir: Path, notebooks_dir: Path, report: Path,
            only: list[str] | None = None) -> list:
    """The runs ``akidx build`` makes of ``params_dir`` (``each:`` files expanded)."""
    from akidx.publish import driver, plan

    ctx = driver._context(report, params_dir.parent / "probe", params_dir, jobs=None,
                          hide_code=False, show_code=False, formats=("csv",), metrics=None,
                          cell_timeout=None)
    return [r for r in plan.discover(params_dir, notebooks_dir, ctx, only)
            if not r.waiting and not r.error]


def buildable(params_dir: Path, notebooks_dir: Path, report: Path, dest: Path) -> Path:
    """A copy of ``params_dir`` without the runs the build would leave waiting (compare,
    while its baseline is the report itself): both sides run the same notebooks."""
    dest.mkdir(parents=True)
    for run in runs_of(params_dir, notebooks_dir, report):
        shutil.copy(run.params_file, dest / run.params_file.name)
    return dest


def naive(params_dir: Path, notebooks_dir: Path, report: Path, out: Path,
          only: list[str] | None = None) -> None:
    """papermill CLI, then jupyter nbconvert, per run (an ``each:`` file's runs one by
    one, each with its id), sequentially."""
    for run in runs_of(params_dir, notebooks_dir, report, only):
        data = {**run.parameters, "report_path": str(report),
                "out_dir": str(out / "charts" / run.name)}
        values = out / "params" / f"{run.name}.yaml"
        values.parent.mkdir(parents=True, exist_ok=True)
        values.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        executed = out / "notebooks" / f"{run.name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([BIN / "papermill", "-k", config.KERNEL_NAME, "--log-level", "ERROR",
                        "--no-progress-bar",
                        run.notebook, executed, "-f", values], check=True, cwd=params_dir.parent,
                       stdout=subprocess.DEVNULL)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--output-dir",
                        out / "html", executed], check=True, stderr=subprocess.DEVNULL)


def akidx_build(params_dir: Path, notebooks_dir: Path, report: Path, out: Path,
                jobs: int | None, only: list[str] | None = None) -> None:
    """``akidx build --force`` in its own process (interpreter start-up included)."""
    code = ("import sys; from pathlib import Path; from akidx.publish import build; "
            "build(report=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), force=True, "
            "params_dir=Path(sys.argv[3]), notebooks_dir=Path(sys.argv[4]), "
            "jobs=int(sys.argv[5]) or None, only=sys.argv[6:] or None)")
    subprocess.run([sys.executable, "-c", code, report, out, params_dir, notebooks_dir,
                    str(jobs or 0), *(only or [])], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def noop(params_dir: Path, notebooks_dir: Path, report: Path, out: Path,
         only: list[str] | None = None) -> tuple[float, float]:
    """A rebuild with nothing to do, in a fresh process: ``(seconds inside build(), seconds
    of the whole process)``."""
    code = ("import sys; from pathlib import Path; from akidx.publish import build; "
            "s = build(report=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), "
            "params_dir=Path(sys.argv[3]), notebooks_dir=Path(sys.argv[4]), "
            "only=sys.argv[5:] or None); assert not s.ran, s; print(s.seconds)")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, report, out, params_dir, notebooks_dir,
                           *(only or [])], check=True, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return float(done.stdout.split()[-1]), time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=int, metavar="N", help="N runs of a small demo notebook")
    parser.add_argument("--runs", type=int, nargs="+", metavar="N",
                        help="N runs of the real notebooks, for each N given (e.g. 8 16 32)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="only these params files or runs (e.g. measure, measure-08)")
    parser.add_argument("--jobs", type=int, help="akidx build --jobs (default: cores)")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="measure each side K times, alternating, and print the medians")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="akidx-bench-"))
    try:
        report = tmp / config.DEFAULT_REPORT.name  # a copy: tables go to <out>/data
        shutil.copy(config.DEFAULT_REPORT, report)
        if args.runs:
            growth(args.runs, report, tmp, args.jobs, args.repeat)
            return
        if args.demo:
            params_dir, notebooks_dir = demo_project(tmp / "demo", args.demo)
        else:
            params_dir = buildable(config.PARAMS, config.NOTEBOOKS, report, tmp / "params")
            notebooks_dir = config.NOTEBOOKS
        runs = len(runs_of(params_dir, notebooks_dir, report, args.only))
        files = len(list(params_dir.glob("*.yaml")))
        print(f"{runs} runs of {files} params files from {params_dir}, {os.cpu_count()} cores")
        t_naive, t_akidx = measure(params_dir, notebooks_dir, report, tmp, args.jobs, args.repeat,
                                   args.only)
        print(f"naive papermill + nbconvert, sequential: {t_naive:6.1f} s "
              f"({t_naive / runs:.2f} s/run)")
        print(f"akidx build --force:                     {t_akidx:6.1f} s "
              f"({t_akidx / runs:.2f} s/run)")
        print(f"speed-up: {t_naive / t_akidx:.1f}x")
        inside, process = noop(params_dir, notebooks_dir, report, tmp / "akidx0", args.only)
        print(f"no-op rebuild: {inside:.2f} s in build(), {process:.2f} s with interpreter "
              "start-up")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def growth(sizes: list[int], report: Path, tmp: Path, jobs: int | None, repeat: int) -> None:
    """The naive loop and ``akidx build --force`` at each size: s/run and ratio."""
    print(f"real notebooks, {os.cpu_count()} cores; seconds (seconds per run)")
    print(f"{'runs':>5} {'naive':>15} {'akidx build':>15} {'ratio':>6}")
    for n in sizes:
        params_dir, notebooks_dir = runs_project(tmp / f"p{n}", report, n)
        t_naive, t_akidx = measure(params_dir, notebooks_dir, report, tmp / f"o{n}", jobs, repeat)
        print(f"{n:>5} {t_naive:7.1f} ({t_naive / n:.2f}) {t_akidx:7.1f} ({t_akidx / n:.2f}) "
              f"{t_naive / t_akidx:5.1f}x", flush=True)


if __name__ == "__main__":
    main()
