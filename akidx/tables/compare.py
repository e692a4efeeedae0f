"""Two editions of the report side by side: what changed in ratings, KPIs and plans.

Pure (pandas, no files). Measures are paired by number and title, so a renumbered
or reworded measure is still the same measure (``matched_by`` says how); KPI
figures are paired by metric, breakdown and period; schedule items by measure,
year and wording. Everything not paired is added, removed or dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from akidx.parse.normalize import fiscal_year_of, to_ascii
from akidx.parse.vocab import RATING_MARKS
from akidx.tables.report import Report
from akidx.tables.schema import COMPARE_TABLES, frame_of

SIMILAR = 0.6  # difflib ratio from which two titles name the same measure
_NUMBER_RE = re.compile(r"^\d+\s*[.．、]")


@dataclass
class Comparison:
    """What changed from ``old`` to ``new``: one tidy table per kind of change."""

    old: Report
    new: Report
    measures: pd.DataFrame
    kpis: pd.DataFrame
    schedule: pd.DataFrame

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {"measures": self.measures, "kpis": self.kpis, "schedule": self.schedule}

    def counts(self) -> dict[str, dict[str, int]]:
        """Rows per change / status, per table (only the values that occur)."""
        return {"measures": _counts(self.measures["change"]),
                "kpis": _counts(self.kpis["status"]),
                "schedule": _counts(self.schedule["status"])}

    def summary(self) -> str:
        """One screen: what each edition is, then the counts of every kind of change."""
        c = self.counts()
        m, k, s = c["measures"], c["kpis"], c["schedule"]
        lines = [f"old: {self.old.title} ({Path(self.old.source).name or 'text'})",
                 f"new: {self.new.title} ({Path(self.new.source).name or 'text'})",
                 f"  ratings:   improved {m.get('improved', 0)}, worsened "
                 f"{m.get('worsened', 0)}, changed {m.get('changed', 0)}, "
                 f"same {m.get('same', 0)}",
                 f"  measures:  added {m.get('added', 0)}, removed {m.get('removed', 0)}",
                 f"  kpis:      revised {k.get('revised', 0)}, new_year {k.get('new_year', 0)}, "
                 f"added {k.get('added', 0)}, dropped {k.get('dropped', 0)}, "
                 f"same {k.get('same', 0)}",
                 f"  schedule:  added {s.get('added', 0)}, dropped {s.get('dropped', 0)}, "
                 f"same {s.get('same', 0)}"]
        renamed = self.measures[self.measures["matched_by"].isin(
            ["title", "id_similar_title", "similar_title"])]
        for r in renamed.itertuples():
            lines.append(f"  matched by {r.matched_by}: {r.measure_id_old}. {r.title_old} -> "
                         f"{r.measure_id_new}. {r.title_new}")
        return "\n".join(lines)


def compare(old: Report, new: Report) -> Comparison:
    """Compare two editions (``old`` the baseline); see :class:`Comparison`."""
    measures = compare_measures(old.measures, new.measures)
    pairs = {int(r.measure_id_old): int(r.measure_id_new) for r in measures.itertuples()
             if pd.notna(r.measure_id_old) and pd.notna(r.measure_id_new)}
    last_year = old.yearly["fiscal_year"].max() if "yearly" in old.tables else pd.NA
    return Comparison(old, new, measures,
                      compare_kpis(old.kpis, new.kpis, last_year),
                      compare_schedule(old.schedule, new.schedule, pairs))


def _counts(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.value_counts(sort=False).items()}


def norm_title(text: Any) -> str:
    """A title for pairing: ASCII digits, no spaces, no leading 'N.' number."""
    if text is None or pd.isna(text):
        return ""
    return _NUMBER_RE.sub("", re.sub(r"\s+", "", to_ascii(str(text))))


def similarity(a: Any, b: Any) -> float:
    return difflib.SequenceMatcher(None, norm_title(a), norm_title(b)).ratio()


def match_measures(old: pd.DataFrame, new: pd.DataFrame) -> list[tuple[int, int, str, float]]:
    """Pairs of (old row position, new row position, matched_by, similarity).

    In order of trust: same number and title; same title (renumbered); same
    number and a similar title (reworded); then the most similar titles left.
    """
    left, right = dict(enumerate(old.itertuples())), dict(enumerate(new.itertuples()))
    pairs: list[tuple[int, int, str, float]] = []

    def take(test, how: str) -> None:
        for i, o in sorted(left.items()):
            hit = next((j for j, n in sorted(right.items()) if test(o, n)), None)
            if hit is not None:
                pairs.append((i, hit, how, round(similarity(o.title, right[hit].title), 3)))
                del left[i], right[hit]

    same_id = lambda o, n: o.measure_id == n.measure_id  # noqa: E731
    same_title = lambda o, n: norm_title(o.title) == norm_title(n.title)  # noqa: E731
    take(lambda o, n: same_id(o, n) and same_title(o, n), "id_and_title")
    take(same_title, "title")
    take(lambda o, n: same_id(o, n) and similarity(o.title, n.title) >= SIMILAR,
         "id_similar_title")
    scored = sorted(((similarity(o.title, n.title), i, j) for i, o in left.items()
                     for j, n in right.items()), key=lambda t: (-t[0], t[1], t[2]))
    for score, i, j in scored:
        if score >= SIMILAR and i in left and j in right:
            pairs.append((i, j, "similar_title", round(score, 3)))
            del left[i], right[j]
    return pairs


def rating_change(old: Any, new: Any) -> str:
    """improved / worsened / same by the order of ``RATING_MARKS`` (best first)."""
    if old == new:
        return "same"
    if old in RATING_MARKS and new in RATING_MARKS:
        return "improved" if RATING_MARKS.index(new) < RATING_MARKS.index(old) else "worsened"
    return "changed"


def compare_measures(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per measure of either edition (see ``COMPARE_TABLES['measures']``)."""
    rows = []
    paired_old, paired_new = set(), set()
    for i, j, how, score in match_measures(old, new):
        o, n = old.iloc[i], new.iloc[j]
        paired_old.add(i)
        paired_new.add(j)
        rows.append({**_side(o, "old"), **_side(n, "new"), "matched_by": how,
                     "similarity": score, "change": rating_change(o["rating"], n["rating"])})
    rows += [{**_side(old.iloc[i], "old"), "change": "removed"}
             for i in range(len(old)) if i not in paired_old]
    rows += [{**_side(new.iloc[j], "new"), "change": "added"}
             for j in range(len(new)) if j not in paired_new]
    df = frame_of(COMPARE_TABLES["measures"], rows)
    return _sorted(df, ["measure_id_new", "measure_id_old"])


def _side(row: pd.Series, side: str) -> dict:
    return {f"measure_id_{side}": row["measure_id"], f"title_{side}": row["title"],
            f"rating_{side}": row["rating"], f"department_{side}": row["department"],
            f"source_line_{side}": row["rating_line"]}


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


def _kpi_keys(kpis: pd.DataFrame) -> list[tuple]:
    """(metric, breakdown, fiscal year, period end, n): n numbers repeats of one key."""
    seen: Counter = Counter()
    keys = []
    for r in kpis.itertuples():
        fy = None if pd.isna(r.fiscal_year) else int(r.fiscal_year)
        end = None if fy is not None or pd.isna(r.period_end) else str(r.period_end)
        base = (r.metric, "" if pd.isna(r.breakdown) else str(r.breakdown), fy, end)
        keys.append((*base, seen[base]))
        seen[base] += 1
    return keys


def compare_kpis(old: pd.DataFrame, new: pd.DataFrame, last_year: Any = pd.NA) -> pd.DataFrame:
    """One row per KPI figure of either edition (see ``COMPARE_TABLES['kpis']``).

    ``last_year``: the old edition's last fiscal year; a new figure for a later
    period is ``new_year``, one for a period the old edition covered ``added``.
    """
    olds = dict(zip(_kpi_keys(old), range(len(old)), strict=True))
    news = dict(zip(_kpi_keys(new), range(len(new)), strict=True))
    rows = []
    for key in [*olds, *(k for k in news if k not in olds)]:
        o = old.iloc[olds[key]] if key in olds else None
        n = new.iloc[news[key]] if key in news else None
        row = {"metric": key[0], "breakdown": key[1], "fiscal_year": key[2],
               "period_end": (n if n is not None else o)["period_end"]}
        for side, r in (("old", o), ("new", n)):
            if r is not None:
                row |= {f"value_{side}": r["value"], f"measure_id_{side}": r["measure_id"],
                        f"source_line_{side}": r["source_line"], f"quote_{side}": r["quote"],
                        "unit": r["unit"]}
        row["status"] = _kpi_status(o, n, last_year)
        rows.append(row)
    df = frame_of(COMPARE_TABLES["kpis"], rows)
    return _sorted(df, ["metric", "breakdown", "fiscal_year", "period_end"])


def _kpi_status(o: pd.Series | None, n: pd.Series | None, last_year: Any) -> str:
    if n is None:
        return "dropped"
    if o is not None:
        same = o["value"] == n["value"] and o["unit"] == n["unit"]
        return "same" if same else "revised"
    year = n["fiscal_year"]
    if pd.isna(year) and pd.notna(n["period_end"]):
        year = fiscal_year_of(dt.date.fromisoformat(str(n["period_end"])))
    later = pd.isna(last_year) or (pd.notna(year) and int(year) > int(last_year))
    return "new_year" if later else "added"


def compare_schedule(old: pd.DataFrame, new: pd.DataFrame,
                     pairs: dict[int, int]) -> pd.DataFrame:
    """Plan items per measure and year, ``added``/``dropped``/``same`` (see the contract).

    ``pairs`` maps old measure numbers to new ones, so a renumbered measure's
    items are compared with its own.
    """
    back = {v: k for k, v in pairs.items()}

    def keys(df: pd.DataFrame, to_new) -> dict[tuple, pd.Series]:
        seen: Counter = Counter()
        out = {}
        for _, r in df.iterrows():
            base = (to_new(int(r["measure_id"])),
                    None if pd.isna(r["fiscal_year"]) else int(r["fiscal_year"]),
                    norm_title(r["plan"]))
            out[(*base, seen[base])] = r
            seen[base] += 1
        return out

    olds = keys(old, lambda m: ("new", pairs[m]) if m in pairs else ("old", m))
    news = keys(new, lambda m: ("new", m))
    rows = []
    for key in [*olds, *(k for k in news if k not in olds)]:
        o, n = olds.get(key), news.get(key)
        row = {"fiscal_year": key[1], "plan": (n if n is not None else o)["plan"],
               "status": "same" if o is not None and n is not None
               else "dropped" if n is None else "added"}
        if o is not None:
            row |= {"measure_id_old": o["measure_id"], "source_line_old": o["source_line"]}
        if n is not None:
            row |= {"measure_id_new": n["measure_id"], "source_line_new": n["source_line"],
                    "measure_id_old": back.get(int(n["measure_id"]))}
        rows.append(row)
    df = frame_of(COMPARE_TABLES["schedule"], rows)
    return _sorted(df, ["measure_id_new", "measure_id_old", "fiscal_year"])
