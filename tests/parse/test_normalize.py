"""akidx.parse.normalize: table-driven cases (raw, expected, why) plus properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akidx.parse import normalize as n

D = dt.date

TO_ASCII = [
    ("１２，２３６件", "12,236件", "full-width digits and comma"),
    ("ＡＩチャットボット", "AIチャットボット", "full-width letters"),
    ("約３．５％", "約3.5%", "decimal point and percent"),
    ("令和５（2023）年度", "令和5（2023）年度", "full-width brackets stay"),
    ("〇△×①②", "〇△×①②", "rating marks and circled numbers stay"),
    ("令和\u3000５年", "令和 5年", "ideographic space becomes a space"),
    ("ｱﾝｹｰﾄ", "ｱﾝｹｰﾄ", "half-width katakana untouched"),
    ("Wi-Fi 2023", "Wi-Fi 2023", "ASCII untouched"),
]

ERA_YEAR = [
    (("令和", "元"), 2019, "元年 is year 1"),
    (("令和", 5), 2023, "int year"),
    (("令和", "５"), 2023, "full-width digit"),
    (("平成", 1), 1989, "first year of Heisei"),
    (("平成", 31), 2019, "Heisei's last year"),
    (("昭和", 64), 1989, "Showa's last year"),
]

FISCAL_YEAR = [
    ("令和５（2023）年度", 2023, "Western year in full-width brackets"),
    ("令和5(2023)年度", 2023, "ASCII brackets"),
    ("令和元年度", 2019, "元年度"),
    ("令和 6 年度", 2024, "spaces around the number"),
    ("平成30年度", 2018, "Heisei"),
    ("平成３１年度", 2019, "Heisei, full-width"),
    ("令和５年度末までに", 2023, "followed by text"),
    ("実施年度：令和７年度～令和８年度", 2025, "the first one"),
    ("令和４年３月に策定", None, "a month, not a fiscal year"),
    ("2023年度", None, "no era"),
    ("令和７（2025） 令和８（2026）", None, "table header without 年度"),
]

DATES = [
    ("令和４年 12月１日", D(2022, 12, 1), "space and mixed widths"),
    ("令和元年５月１日", D(2019, 5, 1), "元年"),
    ("平成31年4月30日", D(2019, 4, 30), "Heisei's last day"),
    ("令和６年３月31日まで", D(2024, 3, 31), "followed by text"),
    ("令和５年度", None, "fiscal year, no date"),
    ("12月1日", None, "no era"),
]

FISCAL_YEAR_OF = [
    (D(2024, 3, 31), 2023, "March 31 closes the previous FY"),
    (D(2024, 4, 1), 2024, "April 1 opens the FY"),
    (D(2023, 1, 1), 2022, "January is the previous FY"),
    (D(2023, 12, 31), 2023, "December"),
    (D(2019, 4, 1), 2019, "first day of 令和元年度"),
]

LABELS = [
    (2023, "FY2023 (R5)", "Reiwa"),
    (2019, "FY2019 (R1)", "first year of Reiwa"),
    (2018, "FY2018 (H30)", "Heisei"),
]

YEAR_JA = [
    (2019, "令和元年度", "元年度"),
    (2024, "令和6年度", "Reiwa"),
    (2018, "平成30年度", "Heisei"),
]

WIDTHS = [
    ("令和５年度", 10, "full-width characters count 2"),
    ("FY2023", 6, "ASCII counts 1"),
    ("Wi-Fi 利用", 9, "spaces count 0"),
    ("ｱﾝｹｰﾄ", 5, "half-width katakana count 1"),
    ("\u3000全角", 4, "ideographic space counts 0"),
    ("", 0, "empty"),
]


def _ids(cases):
    return [case[-1] for case in cases]


@pytest.mark.parametrize("raw, expected, why", TO_ASCII, ids=_ids(TO_ASCII))
def test_to_ascii(raw, expected, why):
    assert n.to_ascii(raw) == expected


@pytest.mark.parametrize("raw, expected, why", ERA_YEAR, ids=_ids(ERA_YEAR))
def test_era_year(raw, expected, why):
    assert n.era_year(*raw) == expected


@pytest.mark.parametrize("era, year", [("大正", 1), ("令和", 0), ("令和", "０")])
def test_era_year_rejects(era, year):
    with pytest.raises(ValueError):
        n.era_year(era, year)


def test_western_to_era_rejects_years_before_showa():
    with pytest.raises(ValueError, match="1900"):
        n.western_to_era(1900)


def _first_fiscal_year(text: str) -> int | None:
    m = n.ERA_FY_RE.search(n.to_ascii(text))
    return n.year_of(m) if m else None


@pytest.mark.parametrize("raw, expected, why", FISCAL_YEAR, ids=_ids(FISCAL_YEAR))
def test_fiscal_year_pattern(raw, expected, why):
    assert _first_fiscal_year(raw) == expected


@pytest.mark.parametrize("raw, expected, why", DATES, ids=_ids(DATES))
def test_date_pattern(raw, expected, why):
    m = n.ERA_DATE_RE.search(n.to_ascii(raw))
    assert (n.date_of(m) if m else None) == expected


@pytest.mark.parametrize("raw, expected, why", FISCAL_YEAR_OF, ids=_ids(FISCAL_YEAR_OF))
def test_fiscal_year_of(raw, expected, why):
    assert n.fiscal_year_of(raw) == expected


@pytest.mark.parametrize("raw, expected, why", LABELS, ids=_ids(LABELS))
def test_fiscal_year_label(raw, expected, why):
    assert n.fiscal_year_label(raw) == expected


@pytest.mark.parametrize("raw, expected, why", YEAR_JA, ids=_ids(YEAR_JA))
def test_fiscal_year_ja(raw, expected, why):
    assert n.fiscal_year_ja(raw) == expected


@pytest.mark.parametrize("raw, expected, why", WIDTHS, ids=_ids(WIDTHS))
def test_display_width(raw, expected, why):
    assert n.display_width(raw) == expected


@pytest.mark.parametrize("raw, expected", [("12,236", 12236.0), ("１２，２３６", 12236.0),
                                           ("3.5", 3.5)])
def test_parse_number(raw, expected):
    assert n.parse_number(raw) == expected


# --- Properties -----------------------------------------------------------------

MARKS = "〇△×①②③④⑤※・"


@given(st.text())
def test_to_ascii_is_idempotent(text):
    once = n.to_ascii(text)
    assert n.to_ascii(once) == once


@given(st.text(alphabet=st.sampled_from(MARKS) | st.characters()))
def test_to_ascii_keeps_marks(text):
    converted = n.to_ascii(text)
    assert len(converted) == len(text)
    for mark in MARKS:
        assert converted.count(mark) == text.count(mark)


def test_era_round_trip_every_year():
    for year in range(1989, 2101):
        era, number = n.western_to_era(year)
        assert n.era_year(era, number) == year
        assert _first_fiscal_year(n.fiscal_year_ja(year)) == year


@given(st.dates(min_value=D(1989, 1, 8), max_value=D(2100, 12, 31)))
def test_fiscal_year_of_is_the_start_of_the_fy_containing_the_date(day):
    year = n.fiscal_year_of(day)
    first, last = n.fiscal_bounds(year)
    assert first <= day <= last
    assert (first.month, first.day, last.month, last.day) == (4, 1, 3, 31)
    assert n.fiscal_year_of(first) == n.fiscal_year_of(last) == year


def _width_by_definition(text: str) -> int:
    """display_width spelled out one character at a time, as its docstring says."""
    return sum(0 if ch.isspace() else 2 if ord(ch) >= 0x2E80 and not 0xFF61 <= ord(ch) <= 0xFF9F
               else 1 for ch in text)


@given(st.text(alphabet=st.sampled_from(" \u3000\t\naA1ｱ全角〇△①、。・") | st.characters()))
def test_display_width_matches_its_definition(text):
    assert n.display_width(text) == _width_by_definition(text)
