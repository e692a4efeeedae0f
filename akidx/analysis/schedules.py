"""The schedule of the plan's remaining years: items per measure and fiscal year."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from akidx.parse.vocab import RATING_MARKS


def schedule_in(schedule: pd.DataFrame, ids: Iterable[int]) -> pd.DataFrame:
    """The schedule items of the measures ``ids``."""
    return schedule[schedule["measure_id"].isin(set(ids))]


def schedule_years(schedule: pd.DataFrame) -> list[int]:
    """The fiscal years the schedule plans for, in order."""
    return sorted(int(y) for y in schedule["fiscal_year"].dropna().unique())


def plan_grid(schedule: pd.DataFrame, ids: Iterable[int]) -> pd.DataFrame:
    """Planned items per measure (rows, every one of ``ids``) and fiscal year (columns)."""
    return (schedule.groupby(["measure_id", "fiscal_year"]).size().unstack(fill_value=0)
            .reindex(index=sorted(ids), columns=schedule_years(schedule), fill_value=0))


def flagged_rows(grid: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`schedule_grid` whose measure is rated other than 〇."""
    rating = measures.set_index("measure_id")["rating"]
    return grid[[rating.loc[m] != RATING_MARKS[0] for m in grid.index]]
