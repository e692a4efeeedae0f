"""akidx.iorw: reading the report in any encoding, writing the tables atomically."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import logging
from pathlib import Path

import pandas as pd
import pytest

import akidx.parse
from akidx import iorw
from akidx.errors import AkidxError, InputError, ParseError
from akidx.normalize import to_ascii
from akidx.report import Report
from akidx.schema import TABLES, frame
from akidx.vocab import RATING_MARKS

# From data/raw/README.md, computed with sha256sum when the file was added.
RAW_SHA256 = "3d907fa38bc5bea7d8aae967f54f703a276972bab9a4fb43aecbc69541cbf143"


def _same(text: str) -> str:
    return text


def _for_cp932(text: str) -> str:
    # 繫 (U+7E6B, JIS X 0213) has no CP932 code; its common variant 繋 has one.
    return text.replace("繫", "繋")


def _for_euc_jp(text: str) -> str:
    # Python's EUC-JP spells JIS 0x2141/0x215D as U+301C/U+2212, not the
    # full-width ～/－ (U+FF5E/U+FF0D) the PDF extraction produced.
    return text.replace("～", "〜").replace("－", "−")


ENCODED = [
    # (id, text adjustment the encoding needs, how to encode, encoding reported)
    ("utf-8-bom", _same, lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16-le-bom", _same, lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-bom", _same, lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le-no-bom", _same, lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-no-bom", _same, lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ("cp932-crlf", _for_cp932, lambda t: t.replace("\n", "\r\n").encode("cp932"), "cp932"),
    ("euc-jp", _for_euc_jp, lambda t: t.encode("euc_jp"), "euc_jp"),
    ("utf-8-lone-cr", _same, lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ("utf-8-crlf", _same, lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
]


def test_read_text_original(raw_path, raw_text):
    text, sha256, encoding = iorw.read_text(raw_path)
    assert text == raw_text
    assert sha256 == RAW_SHA256
    assert encoding == "utf-8"


@pytest.mark.parametrize("adjust, encode, expected_encoding",
                         [case[1:] for case in ENCODED], ids=[case[0] for case in ENCODED])
def test_read_text_encodings(tmp_path, raw_text, adjust, encode, expected_encoding):
    data = encode(adjust(raw_text))
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    text, sha256, encoding = iorw.read_text(path)
    assert text == adjust(raw_text)
    assert text.split("\n") == adjust(raw_text).split("\n")  # same source_line numbers
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert codecs.lookup(encoding).name == codecs.lookup(expected_encoding).name


def test_only_cr_and_lf_break_lines(tmp_path):
    body = "本文" * 30 + "一\r\n二\x0cまだ二\u2028まだ二\x85まだ二\u2029まだ二\r三\n四"
    path = tmp_path / "lines.txt"
    path.write_bytes(body.encode("utf-8"))
    text, _, _ = iorw.read_text(path)
    lines = text.split("\n")
    assert len(lines) == 4
    assert lines[1] == "二\x0cまだ二\u2028まだ二\x85まだ二\u2029まだ二"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_long_lines(tmp_path, encoding):
    # Few ASCII characters, and 一 (U+4E00) puts NUL bytes on the "wrong" side too.
    text = ("令和５年度の事業達成状況は一定の成果を上げた。" * 10 + "\n") * 50
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode(encoding))
    assert iorw.read_text(path)[0] == text


@pytest.mark.parametrize("suffix", [b"\x00", b"\x00\n\x00"], ids=["nul", "lf-nul-pair"])
def test_utf8_with_stray_nul_is_binary(tmp_path, raw_text, suffix):
    data = raw_text.encode("utf-8") + suffix
    assert len(data) % 2 == 0  # else the UTF-16 guess would not even be tried
    path = tmp_path / "nul.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="binary"):
        iorw.read_text(path)


def test_bom_character_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff令和５年度\n".encode("utf-16-le"))  # BOM as a char, no BOM bytes
    assert iorw.read_text(path)[0] == "令和５年度\n"


def test_charset_normalizer_is_the_last_resort(tmp_path):
    russian = "Привет, мир! Это пример текста на русском языке для проверки кодировки. " * 20
    path = tmp_path / "cp1251.txt"
    path.write_bytes(russian.encode("cp1251"))
    text, _, encoding = iorw.read_text(path)
    assert text == russian
    assert codecs.lookup(encoding).name == "cp1251"


def test_read_text_bad_input(bad_input):
    path, words = bad_input
    with pytest.raises(InputError) as info:
        iorw.read_text(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message


def test_load_report_passes_text_and_records_source(monkeypatch, raw_path, raw_text):
    seen = []

    def fake_parse(text: str) -> Report:
        seen.append(text)
        return Report(title="fake", tables={})

    monkeypatch.setattr(akidx.parse, "parse_text", fake_parse)
    report = iorw.load_report(raw_path)
    assert seen == [raw_text]
    assert report.sha256 == RAW_SHA256
    assert report.source == str(raw_path)


def test_load_report_names_the_file_in_parse_errors(monkeypatch, raw_path):
    original = ParseError("unknown rating mark", line=12, text="◎")

    def fake_parse(text: str) -> Report:
        raise original

    monkeypatch.setattr(akidx.parse, "parse_text", fake_parse)
    with pytest.raises(ParseError) as info:
        iorw.load_report(raw_path)
    assert str(info.value).startswith(f"{raw_path}: line 12: unknown rating mark")
    assert info.value.line == 12
    assert info.value.__cause__ is original


def test_load_report_real_parser(raw_path, raw_text):
    report = iorw.load_report(raw_path)
    assert set(report.tables) == set(TABLES)
    for name, df in report.tables.items():
        assert list(df.columns) == [f.name for f in TABLES[name]], name
    assert len(report.measures) > 0
    assert set(report.measures["rating"].dropna()) <= set(RATING_MARKS)
    n_lines = raw_text.count("\n") + 1
    for name, df in report.tables.items():
        if "source_line" in df:
            assert df["source_line"].between(1, n_lines).all(), name
    lines = raw_text.split("\n")
    for _, pillar in report.pillars.iterrows():  # source_line points at the heading
        assert f"基本方針{pillar['pillar_id']}" in to_ascii(lines[pillar["source_line"] - 1])


def test_load_report_same_tables_from_cp932_crlf(tmp_path, raw_path, raw_text):
    copy = tmp_path / "cp932.txt"
    copy.write_bytes(_for_cp932(raw_text).replace("\n", "\r\n").encode("cp932"))
    original, reencoded = iorw.load_report(raw_path), iorw.load_report(copy)
    for name, df in original.tables.items():
        pd.testing.assert_frame_equal(df.replace("繫", "繋", regex=True),
                                      reencoded.tables[name], obj=name)


# --- write_tables ------------------------------------------------------------------

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
    return out


def test_write_tables_csv(tmp_path):
    written = iorw.write_tables(fake_report(), tmp_path / "out")
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
        iorw.write_tables(report, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "measures.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["goal"] == "一行目 二行目 三行目"
    assert any("measures.goal" in r.getMessage() for r in caplog.records)


def test_write_tables_parquet_round_trip(tmp_path):
    report = fake_report()
    iorw.write_tables(report, tmp_path / "out", formats=("csv", "parquet"))
    for name, df in report.tables.items():
        assert (tmp_path / "out" / f"{name}.csv").exists()
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / f"{name}.parquet"), df)


def test_datapackage(tmp_path):
    report = fake_report()
    iorw.write_tables(report, tmp_path / "out", formats=("parquet",))
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
    iorw.write_tables(fake_report(), existing_out)
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
        iorw.write_tables(fake_report(), existing_out, formats=("csv", "parquet"))
    assert snapshot(existing_out) == before
    assert sorted(p.name for p in existing_out.parent.iterdir()) == ["processed"]


def test_write_tables_failed_swap_leaves_out_dir_unchanged(monkeypatch, existing_out):
    before = snapshot(existing_out)
    rename = Path.rename

    def flaky(self, target):
        if self.name.startswith(".processed.new-"):
            raise OSError("rename failed")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", flaky)
    with pytest.raises(AkidxError, match="unchanged"):
        iorw.write_tables(fake_report(), existing_out)
    assert snapshot(existing_out) == before
    assert sorted(p.name for p in existing_out.parent.iterdir()) == ["processed"]


def test_write_tables_refuses_foreign_directory(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AkidxError, match="notes.txt"):
        iorw.write_tables(fake_report(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_write_tables_refuses_a_file(tmp_path):
    target = tmp_path / "out"
    target.write_text("a file", encoding="utf-8")
    with pytest.raises(AkidxError, match="not a directory"):
        iorw.write_tables(fake_report(), target)


def test_write_tables_through_a_symlink(tmp_path, existing_out):
    link = tmp_path / "link"
    link.symlink_to(existing_out, target_is_directory=True)
    iorw.write_tables(fake_report(), link)
    assert link.is_symlink() and link.resolve() == existing_out.resolve()
    assert (existing_out / "pillars.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "processed"]
