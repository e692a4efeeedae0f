"""``akidx compare``: options reach run_compare; errors are one line; tables written whole."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from akidx import cli, config
from akidx.tables.compare import compare
from akidx.tables.files import write_manifest
from akidx.tables.report import parse_text
from tests.tables.test_compare import edited
from tests.test_cli import assert_one_line_error, snapshot


@pytest.fixture
def compare_calls(monkeypatch, raw_text) -> list[tuple]:
    calls = []
    original = parse_text(raw_text)

    def fake_run_compare(*args):
        calls.append(args)
        return compare(original, original)

    monkeypatch.setattr(cli, "run_compare", fake_run_compare)
    return calls


@pytest.mark.parametrize("argv, expected", [
    (["compare", "a.txt", "b.txt"],
     (Path("a.txt"), Path("b.txt"), config.DATA_COMPARE, None)),
    (["compare", "a.txt", "b.txt", "--out", "o"], (Path("a.txt"), Path("b.txt"), Path("o"), None)),
    (["compare", "--out", "o", "a.txt", "b.txt", "--metrics", "m.yaml"],
     (Path("a.txt"), Path("b.txt"), Path("o"), Path("m.yaml"))),
])
def test_compare_options(compare_calls, capsys, argv, expected):
    assert cli.main(argv) == 0
    assert compare_calls == [expected]
    out = capsys.readouterr().out
    assert "improved 0, worsened 0" in out and str(expected[2]) in out
    assert len(out.splitlines()) <= 25  # one screen


@pytest.mark.parametrize("argv", [["compare"], ["compare", "a.txt"],
                                  ["compare", "a", "b", "c"]])
def test_compare_usage_errors_exit_2(compare_calls, capsys, argv):
    assert cli.main(argv) == 2
    assert compare_calls == [] and "usage:" in capsys.readouterr().err


def test_compare_quiet_prints_nothing(compare_calls, capsys):
    assert cli.main(["compare", "-q", "a", "b"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.fixture
def out_dir(tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "kpis.csv").write_bytes(b"\xef\xbb\xbfsentinel\n")
    write_manifest(out, "tables", ["kpis.csv"])  # a previous `akidx compare --out`
    return out


def test_compare_bad_input_is_one_line_and_writes_nothing(bad_input, raw_path, out_dir,
                                                          capsys):
    path, words = bad_input
    before = snapshot(out_dir)
    for argv in (["compare", str(path), str(raw_path)], ["compare", str(raw_path), str(path)]):
        code = cli.main([*argv, "--out", str(out_dir)])
        assert_one_line_error(capsys, code, str(path), *words)
        assert snapshot(out_dir) == before


def test_compare_foreign_out_dir_is_refused(raw_path, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    code = cli.main(["compare", str(raw_path), str(raw_path), "--out", str(tmp_path)])
    assert_one_line_error(capsys, code, "did not write", "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_compare_end_to_end_writes_bom_csv_and_datapackage(raw_text, raw_path, tmp_path,
                                                           capsys):
    new = tmp_path / "next-edition.txt"
    new.write_text(edited(raw_text), encoding="utf-8")
    out = tmp_path / "cmp"
    assert cli.main(["compare", str(raw_path), str(new), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "improved 1, worsened 1" in printed and "revised 1, new_year 1" in printed
    assert sorted(p.name for p in out.iterdir()) == [
        ".akidx-manifest.json", "datapackage.json", "kpis.csv", "measures.csv", "schedule.csv"]
    data = (out / "kpis.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    kpis = pd.read_csv(out / "kpis.csv", encoding="utf-8-sig")
    assert kpis.loc[kpis["status"] == "revised", ["value_old", "value_new"]].values.tolist() \
        == [[12236, 13579]]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in package["sources"]] == [raw_path.name, new.name]
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]]
              for r in package["resources"]}
    assert fields["kpis"] == list(kpis.columns)
    assert all(f.get("description_ja") for r in package["resources"]
               for f in r["schema"]["fields"])


def test_parse_and_build_pass_the_metrics_file(monkeypatch):
    parse_calls, build_calls = [], []
    monkeypatch.setattr(cli, "run_parse", lambda *a, **k: parse_calls.append((a, k)) or
                        compare_report())
    module = types.ModuleType("akidx.publish")
    module.build = lambda **kwargs: build_calls.append(kwargs) or "built"
    monkeypatch.setitem(sys.modules, "akidx.publish", module)
    assert cli.main(["parse", "r.txt", "--metrics", "m.yaml", "-q"]) == 0
    assert parse_calls == [((Path("r.txt"), config.DATA_PROCESSED, ("csv",)),
                            {"metrics": Path("m.yaml")})]
    assert cli.main(["build", "--metrics", "m.yaml", "-q"]) == 0
    assert build_calls[0]["metrics"] == Path("m.yaml")


def compare_report():
    from akidx.tables.report import Report

    return Report(title="t", tables={})


def test_compare_refuses_a_users_folder_before_reading(raw_path, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.csv").write_text("my own table", encoding="utf-8")
    assert cli.main(["compare", str(raw_path), str(raw_path), "--out", str(mine)]) == 2
    err = capsys.readouterr().err
    assert "holds files akidx did not write (notes.csv)" in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in mine.iterdir()) == ["notes.csv"]


def test_compare_refuses_an_out_folder_holding_a_report(raw_text, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    inside = out / "old.txt"
    inside.write_text(raw_text, encoding="utf-8")
    write_manifest(out, "tables", [])
    assert cli.main(["compare", str(inside), str(inside), "--out", str(out)]) == 2
    assert "the report is inside --out" in capsys.readouterr().err
    assert inside.read_text(encoding="utf-8") == raw_text
