"""The parser on altered copies of the report made here: the tables must follow the text.

Nothing about this edition is hard-coded, so changing a figure, a rating, a
phone number, a date or the number of measures in the text changes the tables,
and breaking the structure gives a ParseError that names the line.
"""

from __future__ import annotations

import pandas as pd
import pytest

from akidx import load_report
from akidx.errors import ParseError
from akidx.tables.report import parse_text


def alter(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the seed"
    return text.replace(old, new)


def kpi(report, metric: str, fy: int | None) -> pd.Series:
    k = report.kpis[report.kpis.metric == metric]
    k = k[k.fiscal_year.isna()] if fy is None else k[k.fiscal_year == fy]
    assert len(k) == 1
    return k.iloc[0]


def test_changed_figure(raw_text):
    report = parse_text(alter(raw_text, "12,236件の問い合わせ", "13,579件の問い合わせ"))
    assert kpi(report, "chatbot_inquiries", 2023)["value"] == 13579
    assert 13579 in report.figures["value"].tolist()


def test_changed_figures_full_width_and_without_commas(raw_text):
    text = alter(raw_text, "108,979件", "９８７６５件")
    assert kpi(parse_text(text), "wifi_uses", 2023)["value"] == 98765


@pytest.mark.parametrize("mark, stored", [("×", "×"), ("△", "△"), ("○", "〇"), ("◯", "〇"),
                                          ("✕", "×"), ("╳", "×")])
def test_changed_rating_and_look_alike_marks(raw_text, mark, stored):
    row_text = "２.窓口の申請書電子化 "
    report = parse_text(alter(raw_text, row_text + "〇", row_text + mark))
    row = report.measures[report.measures.measure_id == 2].iloc[0]
    assert row["rating"] == stored
    assert (report.measures["rating"] == "〇").sum() == 20 - (stored != "〇")


def test_changed_phone_and_section(raw_text):
    report = parse_text(alter(raw_text, "係 市民係 電話 2021", "係 住民記録係 電話 3021"))
    row = report.measures[report.measures.measure_id == 2].iloc[0]
    assert (row["section"], row["phone"]) == ("住民記録係", "3021")


def test_changed_start_date_moves_the_partial_year(raw_text):
    report = parse_text(alter(raw_text, "令和４年 12月１日の導入", "令和４年 10月１日の導入"))
    assert kpi(report, "chatbot_inquiries", 2022)["period_start"] == "2022-10-01"
    assert kpi(report, "chatbot_inquiries", None)["period_start"] == "2022-10-01"


def test_changed_fiscal_year_in_running_text(raw_text):
    report = parse_text(alter(raw_text, "令和３年度に 42,716件", "令和２年度に 42,716件"))
    assert kpi(report, "wifi_uses", 2020)["value"] == 42716


def test_one_measure_fewer(raw_text):
    lines = raw_text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith(" 25.情報セキュリティ教育"))
    end = next(i for i, ln in enumerate(lines) if "第３章" in ln)
    rows = [i for i, ln in enumerate(lines) if ln.startswith("25.情報セキュリティ教育の充実 〇")]
    keep = [ln for i, ln in enumerate(lines) if not (start <= i < end) and i not in rows]
    report = parse_text("\n".join(keep))
    assert len(report.measures) == 24 and 25 not in report.measures["measure_id"].tolist()
    assert "security_incidents" not in report.kpis["metric"].tolist()


# What a file in a legacy encoding holds instead of characters it cannot encode: EUC-JP
# has the wave dash 〜 where Unicode text has the full-width tilde ～; CP932 lacks 繫.
STAND_INS = {"～": "〜", "繫": "繋"}


def representable(text: str, encoding: str) -> str:
    def fix(ch: str) -> str:
        try:
            ch.encode(encoding)
            return ch
        except UnicodeEncodeError:
            return STAND_INS.get(ch, "〓")

    return "".join(fix(ch) for ch in text)


@pytest.mark.parametrize("encoding, newline", [("cp932", "\r\n"), ("utf-16", "\n"),
                                               ("utf-16-be", "\n"), ("utf-8-sig", "\n"),
                                               ("euc_jp", "\n")])
def test_reencoded_copies_give_identical_tables(raw_text, tmp_path, encoding, newline):
    text = representable(raw_text, encoding)
    path = tmp_path / f"report.{encoding}.txt"
    data = text.replace("\n", newline).encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    original, copy = parse_text(text), load_report(path)
    for name, df in original.tables.items():
        pd.testing.assert_frame_equal(copy.tables[name], df, obj=name)
    assert copy.measures["period_start"].eq(2022).all()  # 令和４年〜令和８年 still read


# (how to break the text, words the error must contain, line it must name, why)
BROKEN = [
    (lambda t: alter(t, "２.窓口の申請書電子化 〇", "２.窓口の申請書電子化 ◎"),
     ["unknown rating mark", "◎"], 167, "◎ is not a rating"),
    (lambda t: t[: t.index(" 20.公共施設における")],
     ["measure 20", "no measure sheet", "truncated"], 204, "sheets 20-25 cut off"),
    (lambda t: alter(t, " ３.電子決済（キャッシュレス）導入事業 \n",
                     t[t.index(" ２.窓口の申請書電子化 \n") : t.index(" ３.電子決済")]
                     + " ３.電子決済（キャッシュレス）導入事業 \n"),
     ["measure 2", "twice"], 967, "the sheet of measure 2 pasted twice"),
    (lambda t: alter(t, "３.電子決済（キャッシュレス）導入事業 〇 \n",
                     "３.電子決済（キャッシュレス）導入事業 〇 \n\n２.窓口の申請書電子化 〇 \n"),
     ["measure 2", "twice", "rating table"], 171, "a rating row repeated"),
    (lambda t: "", ["empty"], None, "nothing at all"),
    (lambda t: "昭島市のお知らせ\n\n令和６年度の予定です。\n", ["no rating table"], None,
     "some other document"),
]


@pytest.mark.parametrize("breaker, words, line, why", BROKEN, ids=[b[3] for b in BROKEN])
def test_broken_structure_is_a_parse_error_naming_the_line(raw_text, breaker, words, line, why):
    with pytest.raises(ParseError) as err:
        parse_text(breaker(raw_text))
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message, (why, message)
    assert err.value.line == line, (why, message)


def test_schedule_items_that_fit_no_year_are_not_given_one(raw_text):
    lines = raw_text.split("\n")
    sched = next(i for i, ln in enumerate(lines) if ln.startswith(" スケジュール") and i > 1047)
    assert lines[sched + 2] == "予定 "  # measure 3's schedule row, line 1060
    lines.insert(sched + 3, "キャッシュレス導入 ")  # a fourth cell for three years
    report = parse_text("\n".join(lines))
    rows = report.schedule[report.schedule.measure_id == 3]
    assert len(rows) == 4 and rows["fiscal_year"].isna().all()
    assert any("measure 3" in w and "without a fiscal year" in w for w in report.warnings)
    assert report.schedule[report.schedule.measure_id != 3]["fiscal_year"].notna().all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_file_cut_inside_a_character_is_reported_as_truncated(raw_text, tmp_path, encoding):
    data = raw_text.encode(encoding)
    plain = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16-le"}[encoding]
    cut = data.index(" ６.多言語対応".encode(plain)) + 3000
    while _decodes(data[:cut], encoding):  # stop inside a character
        cut += 1
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:cut])
    with pytest.raises(ParseError) as err:
        load_report(path)
    assert "truncated" in str(err.value) and err.value.line is not None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False
