"""akidx.tables.read: reading the report in any encoding (CP932+CRLF copies giving the same
tables: tests/test_altered.py)."""

from __future__ import annotations

import codecs
import hashlib

import pytest

import akidx.tables.report
from akidx.errors import InputError, ParseError
from akidx.parse.normalize import to_ascii
from akidx.parse.vocab import RATING_MARKS
from akidx.tables import read
from akidx.tables.report import Report
from akidx.tables.schema import TABLES

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
    text, sha256, encoding = read.read_text(raw_path)
    assert text == raw_text
    assert sha256 == RAW_SHA256
    assert encoding == "utf-8"


@pytest.mark.parametrize("adjust, encode, expected_encoding",
                         [case[1:] for case in ENCODED], ids=[case[0] for case in ENCODED])
def test_read_text_encodings(tmp_path, raw_text, adjust, encode, expected_encoding):
    data = encode(adjust(raw_text))
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    text, sha256, encoding = read.read_text(path)
    assert text == adjust(raw_text)
    assert text.split("\n") == adjust(raw_text).split("\n")  # same source_line numbers
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert codecs.lookup(encoding).name == codecs.lookup(expected_encoding).name


def test_only_cr_and_lf_break_lines(tmp_path):
    body = "本文" * 30 + "一\r\n二\x0cまだ二\u2028まだ二\x85まだ二\u2029まだ二\r三\n四"
    path = tmp_path / "lines.txt"
    path.write_bytes(body.encode("utf-8"))
    text, _, _ = read.read_text(path)
    lines = text.split("\n")
    assert len(lines) == 4
    assert lines[1] == "二\x0cまだ二\u2028まだ二\x85まだ二\u2029まだ二"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_long_lines(tmp_path, encoding):
    # Few ASCII characters, and 一 (U+4E00) puts NUL bytes on the "wrong" side too.
    text = ("令和５年度の事業達成状況は一定の成果を上げた。" * 10 + "\n") * 50
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode(encoding))
    assert read.read_text(path)[0] == text


@pytest.mark.parametrize("suffix", [b"\x00", b"\x00\n\x00"], ids=["nul", "lf-nul-pair"])
def test_utf8_with_stray_nul_is_binary(tmp_path, raw_text, suffix):
    data = raw_text.encode("utf-8") + suffix
    assert len(data) % 2 == 0  # else the UTF-16 guess would not even be tried
    path = tmp_path / "nul.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="binary"):
        read.read_text(path)


def test_bom_character_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff令和５年度\n".encode("utf-16-le"))  # BOM as a char, no BOM bytes
    assert read.read_text(path)[0] == "令和５年度\n"


def test_charset_normalizer_is_the_last_resort(tmp_path):
    russian = "Привет, мир! Это пример текста на русском языке для проверки кодировки. " * 20
    path = tmp_path / "cp1251.txt"
    path.write_bytes(russian.encode("cp1251"))
    text, _, encoding = read.read_text(path)
    assert text == russian
    assert codecs.lookup(encoding).name == "cp1251"


def test_read_text_bad_input(bad_input):
    path, words = bad_input
    with pytest.raises(InputError) as info:
        read.read_text(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word in message


def test_load_report_passes_text_and_records_source(monkeypatch, raw_path, raw_text):
    seen = []

    def fake_parse(text: str, metrics=None) -> Report:
        seen.append((text, metrics))
        return Report(title="fake", tables={})

    monkeypatch.setattr(akidx.tables.report, "parse_text", fake_parse)
    report = read.load_report(raw_path)
    assert seen == [(raw_text, None)]
    assert report.sha256 == RAW_SHA256
    assert report.source == str(raw_path)


def test_load_report_names_the_file_in_parse_errors(monkeypatch, raw_path):
    original = ParseError("unknown rating mark", line=12, text="◎")

    def fake_parse(text: str, metrics=None) -> Report:
        raise original

    monkeypatch.setattr(akidx.tables.report, "parse_text", fake_parse)
    with pytest.raises(ParseError) as info:
        read.load_report(raw_path)
    assert str(info.value).startswith(f"{raw_path}: line 12: unknown rating mark")
    assert info.value.line == 12
    assert info.value.__cause__ is original


def test_load_report_real_parser(raw_path, raw_text):
    report = read.load_report(raw_path)
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
