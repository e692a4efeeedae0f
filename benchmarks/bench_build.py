"""How much faster ``akidx build`` is than running papermill + nbconvert by hand.

Runs the same params files twice, into a temporary folder:

1. naive: for each params file, the ``papermill`` CLI, then ``jupyter nbconvert --to html``,
   one notebook after the other (what a Makefile loop would do);
2. ``akidx build --force`` (a fresh process, all the same inputs).

    .venv/bin/python benchmarks/bench_build.py            # the project's params/
    .venv/bin/python benchmarks/bench_build.py --demo 8   # 8 runs of a small seaborn notebook
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    ("code", "report_path = ''\nout_dir = 'figures'\nscale = 1", ["parameters"]),
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


def naive(params_dir: Path, notebooks_dir: Path, report: Path, out: Path) -> None:
    """papermill CLI, then jupyter nbconvert, per params file, sequentially."""
    for params_file in sorted(params_dir.glob("*.yaml")):
        data = yaml.safe_load(params_file.read_text(encoding="utf-8"))
        notebook = notebooks_dir / data.pop("notebook")
        data.update(report_path=str(report), out_dir=str(out / "figures" / params_file.stem))
        values = out / "params" / params_file.name
        values.parent.mkdir(parents=True, exist_ok=True)
        values.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        executed = out / "notebooks" / f"{params_file.stem}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([BIN / "papermill", "-k", config.KERNEL_NAME, "--log-level", "ERROR",
                        notebook, executed, "-f", values], check=True, cwd=params_dir.parent,
                       stdout=subprocess.DEVNULL)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--output-dir",
                        out / "html", executed], check=True, stderr=subprocess.DEVNULL)


def akidx_build(params_dir: Path, notebooks_dir: Path, report: Path, out: Path,
                jobs: int | None) -> None:
    """``akidx build --force`` in its own process (interpreter start-up included)."""
    code = ("import sys; from pathlib import Path; from akidx.build import build; "
            "build(report=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), force=True, "
            "params_dir=Path(sys.argv[3]), notebooks_dir=Path(sys.argv[4]), "
            "jobs=int(sys.argv[5]) or None)")
    subprocess.run([sys.executable, "-c", code, report, out, params_dir, notebooks_dir,
                    str(jobs or 0)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=int, metavar="N", help="N runs of a small demo notebook")
    parser.add_argument("--jobs", type=int, help="akidx build --jobs (default: cores)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="akidx-bench-"))
    try:
        if args.demo:
            params_dir, notebooks_dir = demo_project(tmp / "demo", args.demo)
        else:
            params_dir, notebooks_dir = config.PARAMS, config.NOTEBOOKS
        runs = len(list(params_dir.glob("*.yaml")))
        report = tmp / config.DEFAULT_REPORT.name  # a copy: tables go to <out>/data
        shutil.copy(config.DEFAULT_REPORT, report)
        print(f"{runs} params files from {params_dir}, {os.cpu_count()} cores")
        t0 = time.perf_counter()
        naive(params_dir, notebooks_dir, report, tmp / "naive")
        t_naive = time.perf_counter() - t0
        print(f"naive papermill + nbconvert, sequential: {t_naive:6.1f} s "
              f"({t_naive / runs:.2f} s/notebook)")
        t0 = time.perf_counter()
        akidx_build(params_dir, notebooks_dir, report, tmp / "akidx", args.jobs)
        t_akidx = time.perf_counter() - t0
        print(f"akidx build --force:                     {t_akidx:6.1f} s "
              f"({t_akidx / runs:.2f} s/notebook)")
        print(f"speed-up: {t_naive / t_akidx:.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
