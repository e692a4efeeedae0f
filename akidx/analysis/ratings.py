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


def rating_wide(counts: pd.DataFrame, by: str, values: str = "count",
                by_total: bool = False) -> pd.DataFrame:
    """:func:`rating_counts` per ``by`` as one row per group and one column per mark
    (in mark order); with ``by_total``, groups with most measures first."""
    wide = counts.pivot(index=by, columns="rating", values=values)[list(RATING_MARKS)]
    if by_total:
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    return wide


def pillar_counts(measures: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """:func:`rating_counts` per pillar with the pillar's name beside its number."""
    counts = rating_counts(measures, by="pillar_id")
    counts.insert(1, "pillar", counts["pillar_id"].map(names))
    return counts


def flagged_revisions(measures: pd.DataFrame, revisions: pd.DataFrame) -> pd.DataFrame:
    """Measures rated other than 〇 (by number) with their chapter-1 revision items as
    one '・'-bulleted text (NA when the report gives none)."""
    flagged = measures[measures["rating"] != RATING_MARKS[0]].sort_values("measure_id")
    rev = (revisions.sort_values(["measure_id", "item_no"])
           .groupby("measure_id")["text"].agg(lambda t: "\n".join(f"・{x}" for x in t)))
    return flagged.assign(revision=flagged["measure_id"].map(rev))


def added_in(added: pd.DataFrame, pillar: int | str) -> pd.DataFrame:
    """The added measures of ``pillar`` (all of them for "all")."""
    return added if pillar == "all" else added[added["pillar_id"] == pillar]


def added_per_pillar(added: pd.DataFrame, pillars: list[int],
                     names: dict[int, str]) -> pd.DataFrame:
    """Added measures counted per pillar of ``pillars`` (0 where none), with its name."""
    per = (added.groupby("pillar_id").size().reindex(pillars, fill_value=0)
           .rename("count").reset_index())
    per.insert(1, "pillar", per["pillar_id"].map(names))
    return per
