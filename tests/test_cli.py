"""akidx.cli: options reach the one function each command calls; errors are one line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import akidx
from akidx import cli, config
from akidx.errors import BuildError, ParseError
from akidx.tables import export
from akidx.tables.files import MANIFEST, write_manifest
from akidx.tables.report import Report
from akidx.tables.schema import TABLES, frame


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def small_report() -> Report:
    measures = frame("measures", [{"measure_id": 1, "rating": "〇"},
                                  {"measure_id": 2, "rating": "△"}])
    return Report(title="中間報告書テスト", tables={"measures": measures})


@pytest.fixture
def parse_calls(monkeypatch) -> list[tuple]:
    calls = []

    def fake_run_parse(report_path, out_dir, formats, metrics=None):
        calls.append((report_path, out_dir, formats, *([metrics] if metrics else [])))
        return small_report()

    monkeypatch.setattr(cli, "run_parse", fake_run_parse)
    return calls


@pytest.fixture
def build_calls(monkeypatch) -> list[dict]:
    calls = []

    def fake_build(**kwargs):
        calls.append(kwargs)
        return "built 3 notebooks"

    module = types.ModuleType("akidx.publish")
    module.build = fake_build
    monkeypatch.setitem(sys.modules, "akidx.publish", module)
    return calls


def test_parse_defaults(parse_calls, capsys):
    assert cli.main(["parse"]) == 0
    assert parse_calls == [(config.DEFAULT_REPORT, config.DATA_PROCESSED, ("csv",))]
    out = capsys.readouterr().out
    assert "中間報告書テスト" in out
    assert "measures" in out and "〇 1" in out and "△ 1" in out
    assert str(config.DATA_PROCESSED) in out


@pytest.mark.parametrize("argv, expected", [
    (["parse", "r.txt"], (Path("r.txt"), config.DATA_PROCESSED, ("csv",))),
    (["parse", "--out", "o", "r.txt"], (Path("r.txt"), Path("o"), ("csv",))),
    (["parse", "--format", "parquet"], (config.DEFAULT_REPORT, config.DATA_PROCESSED,
                                        ("csv", "parquet"))),
    (["parse", "--format", "parquet", "--format", "csv"],
     (config.DEFAULT_REPORT, config.DATA_PROCESSED, ("csv", "parquet"))),
    (["parse", "--format", "parquet", "other.txt"],  # REPORT may follow --format
     (Path("other.txt"), config.DATA_PROCESSED, ("csv", "parquet"))),
    (["parse", "--format", "csv"], (config.DEFAULT_REPORT, config.DATA_PROCESSED, ("csv",))),
    (["parse", "--format", "xlsx"], (config.DEFAULT_REPORT, config.DATA_PROCESSED,
                                     ("csv", "xlsx"))),
])
def test_parse_options(parse_calls, argv, expected):
    assert cli.main(argv) == 0
    assert parse_calls == [expected]


@pytest.mark.parametrize("argv", [[], ["parse", "--format", "xls"], ["frobnicate"],
                                  ["build", "--jobs", "0"], ["parse", "-q", "-v"]])
def test_usage_errors_exit_2(parse_calls, build_calls, capsys, argv):
    assert cli.main(argv) == 2
    assert parse_calls == [] and build_calls == []
    assert "usage:" in capsys.readouterr().err


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"akidx {akidx.__version__}"


def test_quiet_prints_nothing(parse_calls, capsys):
    assert cli.main(["parse", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_build_defaults(build_calls, capsys):
    assert cli.main(["build"]) == 0
    assert build_calls == [dict(report=config.DEFAULT_REPORT, out_dir=config.OUTPUTS, only=None,
                                jobs=os.cpu_count(), force=False, hide_code=False,
                                cell_timeout=None, show_code=False)]
    assert "built 3 notebooks" in capsys.readouterr().out


def test_build_options(build_calls):
    argv = ["build", "--report", "r.txt", "--out", "o", "--only", "ratings", "kpis",
            "--jobs", "3", "--force", "--hide-code", "--cell-timeout", "2.5"]
    assert cli.main(argv) == 0
    assert build_calls == [dict(report=Path("r.txt"), out_dir=Path("o"), only=["ratings", "kpis"],
                                jobs=3, force=True, hide_code=True, cell_timeout=2.5,
                                show_code=False)]


@pytest.mark.parametrize("given", ["30.5", "1e-9"])
def test_fractional_cell_timeout_is_taken(build_calls, given):
    """Issue 16: a fraction of a second is a valid number of seconds."""
    assert cli.main(["build", "--cell-timeout", given]) == 0
    assert build_calls[0]["cell_timeout"] == float(given)


def test_build_show_code(build_calls):
    assert cli.main(["build", "--show-code"]) == 0
    assert build_calls[0]["show_code"] is True and build_calls[0]["hide_code"] is False


def test_build_hide_and_show_code_conflict(build_calls, capsys):
    assert cli.main(["build", "--hide-code", "--show-code"]) == 2
    assert "not allowed with" in capsys.readouterr().err and build_calls == []


@pytest.mark.parametrize("argv", [["build", "--out", ""], ["parse", "--out", " "],
                                  ["build", "--jobs", "0"], ["build", "--jobs", "-2"],
                                  ["build", "--cell-timeout", "soon"],
                                  ["build", "--cell-timeout", "0"],
                                  ["build", "--cell-timeout", "-1.5"],
                                  ["build", "--cell-timeout", "inf"],
                                  ["build", "--cell-timeout", "nan"]])
def test_bad_options_exit_2_without_calling(parse_calls, build_calls, capsys, argv):
    assert cli.main(argv) == 2  # an empty --out is not the current folder
    assert parse_calls == [] and build_calls == []
    assert "error: argument" in capsys.readouterr().err


def test_ascii_terminal_does_not_crash(tmp_path, raw_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "akidx", "parse", str(raw_path), "--out",
                           str(tmp_path / "out")], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert b"\\u" in done.stdout and b"Traceback" not in done.stderr  # escaped, not a crash


def test_build_format_xlsx(build_calls):
    assert cli.main(["build", "--format", "xlsx", "--format", "parquet"]) == 0
    assert build_calls[0]["formats"] == ("csv", "xlsx", "parquet")
    assert cli.main(["build"]) == 0
    assert "formats" not in build_calls[1], "no --format: the build's own default (CSV)"


def test_build_error_is_one_line(monkeypatch, capsys):
    def failing(**kwargs):
        raise BuildError("2 of 5 notebooks failed: kpis, ratings")

    module = types.ModuleType("akidx.publish")
    module.build = failing
    monkeypatch.setitem(sys.modules, "akidx.publish", module)
    assert cli.main(["build"]) == 2
    assert capsys.readouterr().err == "akidx: error: 2 of 5 notebooks failed: kpis, ratings\n"


def test_keyboard_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run_parse", interrupted)
    assert cli.main(["parse"]) == 130
    assert capsys.readouterr().err.count("\n") == 1


def test_bugs_keep_their_traceback(monkeypatch):
    def buggy(*args):
        raise ZeroDivisionError

    monkeypatch.setattr(cli, "run_parse", buggy)
    with pytest.raises(ZeroDivisionError):
        cli.main(["parse"])


@pytest.mark.parametrize("flags, shown", [([], ["odd cell"]), (["-q"], []),
                                          (["-v"], ["odd cell", "details"])])
def test_log_levels(monkeypatch, capsys, flags, shown):
    def chatty(*args):
        logging.getLogger("akidx.parse").warning("odd cell")
        logging.getLogger("akidx.parse").info("details")
        return small_report()

    monkeypatch.setattr(cli, "run_parse", chatty)
    assert cli.main(["parse", *flags]) == 0
    err = capsys.readouterr().err
    assert [word for word in ("odd cell", "details") if word in err] == shown


def test_parser_warnings_shown_once_and_still_captured_when_quiet(monkeypatch, tmp_path,
                                                                 capsys):
    def warning_parser(text, metrics=None):
        logging.getLogger("akidx.parse").warning("line 88: schedule cell wider than its column")
        return small_report()

    monkeypatch.setattr(akidx.tables.report, "parse_text", warning_parser)
    monkeypatch.setattr(export, "write_tables", lambda *args: [])
    assert cli.main(["parse", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().err.count("line 88: schedule cell wider") == 1
    assert cli.main(["parse", "-q", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    assert logging.getLogger("akidx.parse").isEnabledFor(logging.WARNING)


# --- Bad input, end to end (real run_parse): one line, exit 2, out dir untouched -------


@pytest.fixture
def out_dir(tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "measures.csv").write_bytes(b"\xef\xbb\xbfsentinel\n")
    write_manifest(out, "tables", ["measures.csv"])  # a previous `akidx parse --out`
    return out


def assert_one_line_error(capsys, code: int, *words: str) -> None:
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("akidx: error: ")
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    for word in words:
        assert word in captured.err


def test_bad_input(bad_input, out_dir, capsys):
    path, words = bad_input
    before = snapshot(out_dir)
    code = cli.main(["parse", str(path), "--out", str(out_dir)])
    assert_one_line_error(capsys, code, str(path), *words)
    assert snapshot(out_dir) == before


def test_truncated_report(tmp_path, out_dir, capsys, raw_text):
    before = snapshot(out_dir)
    lines = raw_text.split("\n")
    path = tmp_path / "truncated.txt"
    path.write_text("\n".join(lines[: int(len(lines) * 0.3)]), encoding="utf-8")
    code = cli.main(["parse", str(path), "--out", str(out_dir)])
    # The cut falls inside measure 4's sheet (heading on line 1081 of the report).
    assert_one_line_error(capsys, code, str(path), "truncated", "line 1081", "measure 4")
    assert snapshot(out_dir) == before


def test_parse_error_through_cli(monkeypatch, out_dir, capsys, raw_path):
    def bad_mark(text, metrics=None):
        raise ParseError("unknown rating mark", line=230, text="◎")

    monkeypatch.setattr(akidx.tables.report, "parse_text", bad_mark)
    before = snapshot(out_dir)
    code = cli.main(["parse", str(raw_path), "--out", str(out_dir)])
    assert_one_line_error(capsys, code, f"{raw_path}: line 230: unknown rating mark", "◎")
    assert snapshot(out_dir) == before


def test_no_traceback_from_python_m(tmp_path, out_dir):
    before = snapshot(out_dir)
    missing = tmp_path / "missing.txt"
    done = subprocess.run(
        [sys.executable, "-m", "akidx", "parse", str(missing), "--out", str(out_dir)],
        capture_output=True, text=True, cwd=config.ROOT, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert str(missing) in done.stderr and "no such file" in done.stderr
    assert snapshot(out_dir) == before


def test_parse_end_to_end(tmp_path, raw_path, capsys):
    out = tmp_path / "processed"
    assert cli.main(["parse", str(raw_path), "--out", str(out), "--format", "parquet"]) == 0
    names = {p.name for p in out.iterdir()}
    written = {f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")} | {"datapackage.json"}
    assert names == written | {MANIFEST}
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["kind"] == "tables" and set(manifest["files"]) == written
    assert str(out) in capsys.readouterr().out
