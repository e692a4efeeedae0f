"""Measures by department and division, and the contacts their sheets print."""

from __future__ import annotations

import pandas as pd

UNKNOWN = "（不明）"  # shown for a sheet that names no department or division


def with_units(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures with department/division filled in and ``unit`` = 'department division'
    (a division name alone can repeat across departments)."""
    out = measures.assign(department=measures["department"].fillna(UNKNOWN),
                          division=measures["division"].fillna(UNKNOWN),
                          section=measures["section"].fillna(""))
    out["unit"] = out["department"] + " " + out["division"]
    return out


def contacts(measures: pd.DataFrame) -> pd.DataFrame:
    """One row per department/division/section/phone with its measure numbers and marks."""
    return (measures.sort_values("measure_id")
            .groupby(["department", "division", "section", "phone"], dropna=False, sort=False)
            .agg(measures=("measure_id", lambda s: ", ".join(str(int(m)) for m in s)),
                 ratings=("rating", lambda s: "".join(s)))
            .reset_index())


def multi_phone_units(contacts: pd.DataFrame) -> pd.Series:
    """Number of phones per department/division/section that prints more than one."""
    phones = contacts.groupby(["department", "division", "section"])["phone"].nunique()
    return phones[phones > 1]
