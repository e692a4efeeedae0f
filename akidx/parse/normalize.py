"""Text and number converters: full-width to ASCII, 和暦 to Western years, dates.

Pure functions, no I/O. They keep the rating marks (〇 △ ×) and circled
numbers intact, which a blanket NFKC normalisation would not.
"""

from __future__ import annotations

import datetime as dt
import re

from akidx.parse.vocab import ERA_LETTERS, ERAS, FIRST_YEAR

_FULLWIDTH = {c: c - 0xFEE0 for c in range(ord("！"), ord("～") + 1)}
for _keep in "（）～！？：；｛｝［］＜＞＿｜＄＃＆＊＋＝＠＾｀＼＂＇／－":
    # Punctuation that Japanese prose prints full-width on purpose stays full-width.
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH[ord("\u3000")] = ord(" ")
_FULLWIDTH[ord("\u00a0")] = ord(" ")
_TO_ASCII = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}
# A regex that touches only the few full-width characters: ~8x faster than str.translate,
# which looks every character of the report up in a dict.
_FULLWIDTH_RE = re.compile("[" + re.escape("".join(_TO_ASCII)) + "]")

_ERA = "|".join(ERAS)
_NUM = rf"(?:\d+|{FIRST_YEAR})"
# 令和4年, 令和元年, 令和4（2022）年: era and year captured; the Western year is optional.
ERA_YEAR = rf"({_ERA})\s*({_NUM})\s*(?:[（(]\s*\d{{4}}\s*[）)])?\s*年"
ERA_YEAR_RE = re.compile(ERA_YEAR)
ERA_MONTH_RE = re.compile(ERA_YEAR + r"\s*(\d{1,2})\s*月")  # 令和3（2021）年11月
ERA_DATE_RE = re.compile(ERA_YEAR + r"\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")  # 令和4年12月1日
ERA_FY_RE = re.compile(ERA_YEAR + "度")  # 令和5年度, 令和5（2023）年度
# Any of the above as one span (for masking dates out of running text).
ERA_SPAN = ERA_YEAR + r"(?:度)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 12,236 / 1.5 / 20


def to_ascii(text: str) -> str:
    """Full-width digits, letters and commas to ASCII; everything else unchanged."""
    return _FULLWIDTH_RE.sub(lambda m: _TO_ASCII[m.group()], text)


def era_year(era: str, year: str | int) -> int:
    """Western year of year ``year`` of ``era`` (``元`` is year 1)."""
    if era not in ERAS:
        raise ValueError(f"unknown era {era!r}")
    n = 1 if year == FIRST_YEAR else int(to_ascii(str(year)))
    if n < 1:
        raise ValueError(f"era year must be 1 or more, got {n}")
    return ERAS[era] + n - 1


def western_to_era(year: int) -> tuple[str, int]:
    """The most recent era that contains ``year`` and the year within it."""
    if year < min(ERAS.values()):
        raise ValueError(f"year {year} is before the first known era ({min(ERAS.values())})")
    era, start = max(((e, s) for e, s in ERAS.items() if s <= year), key=lambda es: es[1])
    return era, year - start + 1


def fiscal_year_ja(year: int) -> str:
    """Western fiscal year to its 和暦 label, e.g. 2023 -> 令和5年度."""
    era, n = western_to_era(year)
    return f"{era}{FIRST_YEAR if n == 1 else n}年度"


def fiscal_year_label(year: int) -> str:
    """Chart label, e.g. 2023 -> FY2023 (R5)."""
    era, n = western_to_era(year)
    return f"FY{year} ({ERA_LETTERS[era]}{n})"


def year_of(m: re.Match) -> int:
    """The Western year of any era pattern's match (令和5年度, 令和4年12月1日 ...)."""
    return era_year(m.group(1), m.group(2))


def date_of(m: re.Match) -> dt.date:
    """The date of an ERA_DATE_RE match (day given) or ERA_MONTH_RE match (the 1st)."""
    day = int(m.group(4)) if m.re is ERA_DATE_RE else 1
    return dt.date(year_of(m), int(m.group(3)), day)


def fiscal_year_of(day: dt.date) -> int:
    """Japanese fiscal years run April to March and carry their starting year."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def parse_number(text: str) -> float:
    """'12,236' -> 12236.0; full-width digits accepted."""
    return float(to_ascii(text).replace(",", ""))


# U+3000 is the only space in the wide range; it counts 0 like every space.
_WIDE_RE = re.compile("[\u2e80-\u2fff\u3001-\uff60\uffa0-\U0010ffff]")
_SPACE_RE = re.compile(r"\s")


def display_width(text: str) -> int:
    """Width in half-width units: wide characters 2, others 1, spaces 0."""
    return len(text) - len(_SPACE_RE.findall(text)) + len(_WIDE_RE.findall(text))
