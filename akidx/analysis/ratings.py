"""Counts of the 〇/△/× ratings, overall or per group."""

from __future__ import annotations

import pandas as pd

from akidx.parse.vocab import RATING_MARKS


def rating_counts(measures: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Count and share (0-1) of each rating mark, overall or per value of ``by``.

    Every mark appears in every group, with 0 when absent.
    """
    keys = [by] if by else []
    df = measures.assign(rating=pd.Categorical(measures["rating"], categories=RATING_MARKS))
    counts = df.groupby([*keys, "rating"], observed=False).size().rename("count").reset_index()
    totals = counts.groupby(keys)["count"].transform("sum") if keys else counts["count"].sum()
    counts["share"] = (counts["count"] / totals).fillna(0.0)
    counts["rating"] = counts["rating"].astype("string")
    return counts


def legend(measures: pd.DataFrame) -> dict[str, str]:
    """``{'〇': '予定どおり実施されている', ...}`` from the report, in mark order."""
    pairs = measures[["rating", "rating_label"]].dropna().drop_duplicates("rating")
    labels = dict(zip(pairs["rating"], pairs["rating_label"], strict=True))
    return {m: labels[m] for m in RATING_MARKS if m in labels}
