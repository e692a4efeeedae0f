"""How long load_report takes on the default report, against the 50 ms target.

Run: .venv/bin/python benchmarks/bench_parse.py [REPORT] [--runs N]
Prints the median, min and max over N timed runs after one warm-up run.

``--figures 2000 4000 8000``: the report with that many ``1件、`` appended to one line
(issue 16: it was quadratic, 1.6 / 7.8 / 38 s), the seconds of each and the ratio per
doubling (linear: about 2; quadratic: about 4).
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


def one_line_of_figures(text: str, count: int) -> str:
    """``text`` with ``count`` figures appended to its first line that holds 件."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "件" in line)
    lines[at] += "1件、" * count
    return "\n".join(lines)


def bench_figures(path: Path, counts: list[int]) -> None:
    """Seconds to parse the report with ``count`` figures on one line, for each count."""
    from akidx.tables.report import parse_text

    text = path.read_text(encoding="utf-8")
    parse_text(text)  # warm-up
    previous = None
    for count in counts:
        hostile = one_line_of_figures(text, count)
        start = time.perf_counter()
        parse_text(hostile)
        seconds = time.perf_counter() - start
        ratio = f", x{seconds / previous[1]:.1f} for x{count / previous[0]:.1f} figures" \
            if previous else ""
        print(f"{count:>7} figures on one line: {seconds:.2f} s{ratio}")
        previous = (count, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=config.DEFAULT_REPORT)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--figures", type=int, nargs="+", metavar="N",
                        help="time N figures on one line instead (e.g. 2000 4000 8000)")
    args = parser.parse_args(argv)
    if args.figures:
        bench_figures(args.report, args.figures)
        return 0
    times = bench(args.report, args.runs)
    median = statistics.median(times)
    print(f"load_report({args.report.name}): median {median:.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms over {args.runs} runs")
    print(f"ratio to the {TARGET_MS:.0f} ms target: {median / TARGET_MS:.2f}"
          f" ({'within' if median <= TARGET_MS else 'over'} target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
