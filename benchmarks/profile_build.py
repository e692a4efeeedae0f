"""Where the seconds of one forced ``akidx build`` go.

Two measurements of the project's params files:

1. the build itself, in this process, with timers around its steps (kernel start and
   warm-up, parsing and writing the tables, each notebook's cells, rendering the
   page, publishing, the index): wall seconds, as a user waits for them;
2. the notebooks' own work, each notebook's code cells run in this process (no
   kernel) with timers around the chart steps (drawing, caption and layout, PNG,
   SVG, chart data CSV): CPU seconds, so that other load on the machine counts less.

    .venv/bin/python benchmarks/profile_build.py
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from akidx import config  # noqa: E402

WALL: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)


def timed(owner: object, name: str, key: str, table: dict[str, float], clock=time.perf_counter):
    """Wrap ``owner.name`` (sync or async) so that its time adds up under ``key``."""
    import inspect

    original = getattr(owner, name)
    if inspect.iscoroutinefunction(original):
        async def wrapper(*args, **kwargs):
            start = clock()
            try:
                return await original(*args, **kwargs)
            finally:
                table[key] += clock() - start
    else:
        def wrapper(*args, **kwargs):
            start = clock()
            try:
                return original(*args, **kwargs)
            finally:
                table[key] += clock() - start
    setattr(owner, name, wrapper)


def profile_build(out: Path) -> float:
    """One forced build with its steps timed; returns its wall seconds."""
    from akidx.publish import driver, execute, index, pool, render

    timed(pool.KernelPool, "_start", "kernel start + warm-up (per kernel)", WALL)
    timed(execute, "_prepare", "parse report, write tables, load nbconvert", WALL)
    timed(execute, "execute", "notebook cells (kernel)", WALL)
    timed(render.Renderer, "html", "render HTML page", WALL)
    timed(execute, "_publish", "publish (rename into place)", WALL)
    timed(index, "write_index", "index.html", WALL)
    start = time.perf_counter()
    driver.build(out_dir=out, force=True)
    return time.perf_counter() - start


def project_runs() -> list:
    """The runs a build makes of ``params/`` (``each:`` files expanded), but waiting ones."""
    from akidx.publish import driver, plan

    ctx = driver._context(None, Path(tempfile.gettempdir()) / "probe", config.PARAMS,
                          jobs=None, hide_code=False, show_code=False, formats=("csv",),
                          metrics=None, cell_timeout=None)
    return [r for r in plan.discover(config.PARAMS, config.NOTEBOOKS, ctx, None)
            if not r.waiting and not r.error]


def profile_cells() -> None:
    """Each run's code cells in this process, chart steps timed in CPU seconds."""
    import matplotlib

    matplotlib.use("Agg")
    from akidx.analysis import charts, count_charts, kpi_charts

    for module in (count_charts, kpi_charts):
        for name in module.__all__ if hasattr(module, "__all__") else dir(module):
            if not name.startswith("_") and callable(getattr(module, name)) \
                    and getattr(getattr(module, name), "__module__", "") == module.__name__:
                timed(module, name, "draw charts (matplotlib)", CPU, time.process_time)
    timed(charts, "add_caption", "caption + layout + bounding box", CPU, time.process_time)
    timed(charts, "_png", "PNG (render + palette + encode)", CPU, time.process_time)
    timed(charts, "_svg", "SVG", CPU, time.process_time)
    timed(charts, "save_csv", "chart data CSV", CPU, time.process_time)
    tmp = Path(tempfile.mkdtemp(prefix="akidx-prof-"))
    for run in project_runs():
        nb = json.loads(run.notebook.read_text(encoding="utf-8"))
        params = {**run.parameters, "report_path": str(config.DEFAULT_REPORT),
                  "out_dir": str(tmp / run.name)}
        namespace: dict = {}
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), run.name, "exec"), namespace)
                    if "parameters" in cell["metadata"].get("tags", []):
                        namespace.update(params)
        CPU["all code cells"] += time.process_time() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="akidx-prof-") as tmp:
        total = profile_build(Path(tmp) / "out")
    runs = len(project_runs())
    print(f"akidx build --force, {runs} runs: {total:.1f} s wall")
    print("  step (summed over runs; kernels work in parallel)      wall s")
    for key, seconds in WALL.items():
        print(f"  {key:<52} {seconds:6.2f}")
    profile_cells()
    print("notebooks' code cells in one process (no kernel)         CPU s")
    for key in ["all code cells", "draw charts (matplotlib)", "caption + layout + bounding box",
                "PNG (render + palette + encode)", "SVG", "chart data CSV"]:
        print(f"  {key:<52} {CPU[key]:6.2f}")
    other = CPU["all code cells"] - sum(v for k, v in CPU.items() if k != "all code cells")
    print(f"  {'other (import, load report, tables, takeaways)':<52} {other:6.2f}")


if __name__ == "__main__":
    main()
