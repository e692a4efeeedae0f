"""Command line: reads options, calls one function per command, reports errors in one line.

The only place logging is configured. Any :class:`AkidxError` is the user's to
fix, so it prints ``akidx: error: <message>`` and exits 2 without a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from akidx import config
from akidx.errors import AkidxError, BuildError
from akidx.tables.formats import FORMATS

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130
_HANDLER_MARK = "_akidx_cli"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``akidx`` with ``argv`` (default: sys.argv[1:]); return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, usage errors
        return done.code if isinstance(done.code, int) else EXIT_ERROR
    _configure_logging(args.verbose, args.quiet)
    for stream in (sys.stdout, sys.stderr):  # an ASCII terminal: escape, never crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.handler(args)
    except AkidxError as err:
        print(f"akidx: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("akidx: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run_parse(report_path: Path, out_dir: Path, formats: tuple[str, ...],
              metrics: Path | None = None):
    """:func:`akidx.tables.export.export_tables`, imported on first use (it loads pandas)."""
    from akidx.tables.export import export_tables

    return export_tables(report_path, out_dir, formats, metrics)


def _parse(args: argparse.Namespace) -> int:
    formats = tuple(dict.fromkeys(["csv", *(args.format or [])]))
    report = run_parse(args.report, args.out, formats, **_metrics(args))
    if not args.quiet:
        print(report.summary())
        print(f"wrote {', '.join(formats)} and datapackage.json to {args.out}")
    return EXIT_OK


def run_compare(old_path: Path, new_path: Path, out_dir: Path, metrics: Path | None = None):
    """:func:`akidx.tables.export.compare_editions`, imported on first use (pandas)."""
    from akidx.tables.export import compare_editions

    return compare_editions(old_path, new_path, out_dir, metrics)


def _compare(args: argparse.Namespace) -> int:
    comparison = run_compare(args.old, args.new, args.out, args.metrics)
    if not args.quiet:
        print(comparison.summary())
        print(f"wrote measures.csv, kpis.csv, schedule.csv and datapackage.json to {args.out}")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from akidx.publish import build  # lazy: pulls in papermill and nbconvert

    try:
        summary = build(report=args.report, out_dir=args.out, only=args.only, jobs=args.jobs,
                        force=args.force, hide_code=args.hide_code,
                        cell_timeout=args.cell_timeout, show_code=args.show_code,
                        **_formats(args), **_metrics(args))
    except BuildError as err:
        if getattr(err, "summary", None) is not None:
            print(err.summary, file=sys.stderr)  # ran / skipped / failed, then the failures
        raise
    if summary is not None and not args.quiet:
        print(summary)
    return EXIT_OK


def _formats(args: argparse.Namespace) -> dict[str, tuple[str, ...]]:
    """``formats=`` for build when --format was given (CSV first, no repeats)."""
    return {"formats": tuple(dict.fromkeys(["csv", *args.format]))} if args.format else {}


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _verbosity(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="akidx", description="Akishima City DX mid-term report: tables, charts, HTML.")
    parser.add_argument("--version", action="version", version=f"akidx {config.VERSION}")
    _verbosity(parser, default=None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", parents=[common], help="parse the report into CSV/Parquet tables")
    p.add_argument("report", nargs="?", type=Path, default=config.DEFAULT_REPORT,
                   metavar="REPORT", help="report text file (default: %(default)s)")
    p.add_argument("--out", type=_folder, default=config.DATA_PROCESSED, metavar="DIR",
                   help="output directory, replaced as a whole (default: %(default)s)")
    p.add_argument("--format", action="append", choices=FORMATS,
                   help="also write this format (repeatable); CSV is always written")
    _metrics_option(p)
    p.set_defaults(handler=_parse)

    b = sub.add_parser("build", parents=[common], help="run the notebooks and build the HTML")
    b.add_argument("--report", type=Path, default=config.DEFAULT_REPORT, metavar="PATH",
                   help="report text file (default: %(default)s)")
    b.add_argument("--out", type=_folder, default=config.OUTPUTS, metavar="DIR",
                   help="output directory (default: %(default)s)")
    b.add_argument("--only", nargs="+", metavar="NAME", help="run only these notebooks")
    b.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                   help="notebooks run in parallel (default: %(default)s)")
    b.add_argument("--force", action="store_true", help="rerun even if outputs are fresh")
    code = b.add_mutually_exclusive_group()
    code.add_argument("--hide-code", action="store_true", help="leave code cells out of the HTML")
    code.add_argument("--show-code", action="store_true",
                      help="show code cells unfolded (default: folded under 'コード / Code')")
    b.add_argument("--format", action="append", choices=FORMATS,
                   help="also write the tables in this format (repeatable); CSV always")
    _metrics_option(b)
    b.add_argument("--cell-timeout", type=_seconds, default=None, metavar="SECONDS",
                   help=f"stop a cell running longer (default: {config.CELL_TIMEOUT:g})")
    b.set_defaults(handler=_build)
    _compare_parser(sub, common)
    return parser


def _compare_parser(sub, common: argparse.ArgumentParser) -> None:
    c = sub.add_parser("compare", parents=[common],
                       help="what changed between two editions (ratings, KPIs, plans)")
    c.add_argument("old", type=Path, metavar="OLD", help="the earlier edition's text file")
    c.add_argument("new", type=Path, metavar="NEW", help="the later edition's text file")
    c.add_argument("--out", type=Path, default=config.DATA_COMPARE, metavar="DIR",
                   help="output directory, replaced as a whole (default: %(default)s)")
    _metrics_option(c)
    c.set_defaults(handler=_compare)


def _metrics_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--metrics", type=Path, metavar="FILE",
                        help="YAML file of extra KPI metric rules (see README)")


def _metrics(args: argparse.Namespace) -> dict[str, Path]:
    """``{"metrics": FILE}`` when --metrics was given (the functions default to none)."""
    return {"metrics": args.metrics} if args.metrics else {}


def _verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="count", default=default,
                       help="more log output (-vv for debug)")
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="errors only")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def _seconds(value: str) -> float:
    """A number of seconds above 0 (a fraction is waited as the next whole second)."""
    number = float(value)
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {value}")
    return number


def _folder(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty (an unset shell variable?); give a folder")
    return Path(value)


def _configure_logging(verbose: int | None, quiet: bool | None) -> None:
    """Log lines to stderr from the akidx loggers; -q errors only, -v info, -vv debug.

    -q filters at the handler, not the logger, so warnings still reach the
    parser's capture into ``Report.warnings``.
    """
    level = logging.ERROR if quiet else {None: logging.WARNING, 0: logging.WARNING,
                                         1: logging.INFO}.get(verbose, logging.DEBUG)
    logger = logging.getLogger("akidx")
    for old in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("akidx: %(levelname)s: %(message)s"))
    handler.setLevel(level)
    setattr(handler, _HANDLER_MARK, True)
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.WARNING))
