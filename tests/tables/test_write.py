"""akidx.tables.write.write_tables: CSV, Parquet and datapackage.json, written atomically."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
from pathlib import Path

import pandas as pd
import pytest

from akidx.errors import AkidxError
from akidx.tables import write
from akidx.tables.files import write_manifest
from akidx.tables.report import Report
from akidx.tables.schema import TABLES, frame

# From data/raw/README.md, computed with sha256sum when the file was added.
RAW_SHA256 = "3d907fa38bc5bea7d8aae967f54f703a276972bab9a4fb43aecbc69541cbf143"

SAMPLE = {"integer": 7, "number": 12236.0, "string": "令和５年度 〇", "boolean": True,
          "date": "2023-04-01"}


def fake_report() -> Report:
    """Every table: one row of sample values, one row of NA, one with other values."""
    tables = {}
    for name, fields in TABLES.items():
        full = {f.name: SAMPLE[f.type] for f in fields}
        other = {f.name: {"number": 1.5, "boolean": False}.get(f.type, SAMPLE[f.type])
                 for f in fields}
        tables[name] = frame(name, [full, {}, other])
    return Report(title="昭島市デジタル化推進計画 中間報告書", tables=tables,
                  sha256="ab" * 32, source="data/raw/akishima-dx-midterm-report-2024.txt")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def existing_out(tmp_path) -> Path:
    out = tmp_path / "processed"
    out.mkdir()
    (out / "README.md").write_text("Generated; not committed.\n", encoding="utf-8")
    (out / "measures.csv").write_bytes(b"sentinel,old\n1,2\n")
    write_manifest(out, "tables", ["measures.csv"])  # written by akidx before
    return out


def test_write_tables_csv(tmp_path):
    written = write.write_tables(fake_report(), tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(
        [f"{name}.csv" for name in TABLES] + ["datapackage.json"])
    raw = (tmp_path / "out" / "kpis.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert b"\r" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    names = [f.name for f in TABLES["kpis"]]
    assert rows[0] == names
    full, empty, other = (dict(zip(names, row, strict=True)) for row in rows[1:])
    assert full["value"] == "12236" and other["value"] == "1.5"
    assert full["approx"] == "true" and other["approx"] == "false"
    assert full["measure_id"] == "7" and full["period_start"] == "2023-04-01"
    assert full["metric"] == "令和５年度 〇"
    assert set(empty.values()) == {""}


def test_write_tables_replaces_line_breaks(tmp_path, caplog):
    report = fake_report()
    report.tables["measures"].loc[0, "goal"] = "一行目\n二行目\r\n三行目"
    with caplog.at_level(logging.WARNING, logger="akidx"):
        write.write_tables(report, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "measures.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["goal"] == "一行目 二行目 三行目"
    assert any("measures.goal" in r.getMessage() for r in caplog.records)


def test_write_tables_parquet_round_trip(tmp_path):
    report = fake_report()
    write.write_tables(report, tmp_path / "out", formats=("csv", "parquet"))
    for name, df in report.tables.items():
        assert (tmp_path / "out" / f"{name}.csv").exists()
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / f"{name}.parquet"), df)


def test_datapackage(tmp_path):
    report = fake_report()
    write.write_tables(report, tmp_path / "out", formats=("parquet",))
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title"] == report.title
    assert package["publisher"]["local_government_code"] == "132071"
    assert package["publisher"]["title"] == "昭島市"
    assert package["sources"][0]["sha256"] == report.sha256
    assert dt.datetime.fromisoformat(package["created"]).tzinfo is not None
    csv_resources = {r["name"]: r for r in package["resources"] if r["format"] == "csv"}
    assert set(csv_resources) == set(TABLES)
    for name, resource in csv_resources.items():
        fields = resource["schema"]["fields"]
        assert [(f["name"], f["type"]) for f in fields] == [(f.name, f.type) for f in TABLES[name]]
        assert all(f["description"] and f["description_ja"] for f in fields)
        data = (tmp_path / "out" / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert {r["path"] for r in package["resources"]} >= {f"{n}.parquet" for n in TABLES}


def test_write_tables_keeps_readme_and_drops_stale_files(existing_out):
    (existing_out / "obsolete_table.csv").write_text("x\n", encoding="utf-8")
    # a table an older edition had, written by akidx (its marker lists it; an unlisted
    # file is the user's and is refused: test_ownership.py, issue 16.2)
    write_manifest(existing_out, "tables", ["measures.csv", "obsolete_table.csv"])
    write.write_tables(fake_report(), existing_out)
    assert (existing_out / "README.md").read_text(encoding="utf-8") == "Generated; not committed.\n"
    assert not (existing_out / "obsolete_table.csv").exists()
    assert not (existing_out / "measures.csv").read_bytes().startswith(b"sentinel")
    assert sorted(p.name for p in existing_out.parent.iterdir()) == ["processed"]


@pytest.mark.parametrize("error", [OSError("disk full"), RuntimeError("bug")])
def test_write_tables_failure_leaves_out_dir_unchanged(monkeypatch, existing_out, error):
    before = snapshot(existing_out)

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises((AkidxError, RuntimeError)):
        write.write_tables(fake_report(), existing_out, formats=("csv", "parquet"))
    assert snapshot(existing_out) == before
    assert sorted(p.name for p in existing_out.parent.iterdir()) == ["processed"]


def test_write_tables_failed_swap_leaves_out_dir_unchanged(monkeypatch, existing_out):
    before = snapshot(existing_out)
    replace = os.replace

    def flaky(src, dst):
        if Path(src).name.startswith(".processed.new-"):
            raise OSError("rename failed")
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(AkidxError, match="unchanged"):
        write.write_tables(fake_report(), existing_out)
    assert snapshot(existing_out) == before
    assert sorted(p.name for p in existing_out.parent.iterdir()) == ["processed"]


def test_write_tables_refuses_foreign_directory(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AkidxError, match="notes.txt"):
        write.write_tables(fake_report(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_write_tables_refuses_a_file(tmp_path):
    target = tmp_path / "out"
    target.write_text("a file", encoding="utf-8")
    with pytest.raises(AkidxError, match="not a directory"):
        write.write_tables(fake_report(), target)


def test_write_tables_through_a_symlink(tmp_path, existing_out):
    link = tmp_path / "link"
    link.symlink_to(existing_out, target_is_directory=True)
    write.write_tables(fake_report(), link)
    assert link.is_symlink() and link.resolve() == existing_out.resolve()
    assert (existing_out / "pillars.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "processed"]
