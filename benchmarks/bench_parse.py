"""How long load_report takes on the default report, against the 50 ms target.

Run: .venv/bin/python benchmarks/bench_parse.py [REPORT] [--runs N]
Prints the median, min and max over N timed runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from akidx import config, load_report

TARGET_MS = 50.0


def bench(path: Path, runs: int) -> list[float]:
    """Milliseconds per load_report call (read + decode + parse), warm caches."""
    load_report(path)  # warm-up: imports, regex compilation, file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_report(path)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=config.DEFAULT_REPORT)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    times = bench(args.report, args.runs)
    median = statistics.median(times)
    print(f"load_report({args.report.name}): median {median:.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms over {args.runs} runs")
    print(f"ratio to the {TARGET_MS:.0f} ms target: {median / TARGET_MS:.2f}"
          f" ({'within' if median <= TARGET_MS else 'over'} target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
