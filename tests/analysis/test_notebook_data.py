"""Table-driven tests of the small computations the notebooks chart: rating pivots,
units and contacts, the schedule grid, added measures, audit counts."""

from __future__ import annotations

import pandas as pd
import pytest

from akidx import analysis as an

M = pd.DataFrame({"measure_id": [3, 1, 2, 4], "rating": ["〇", "△", "〇", "×"],
                  "pillar_id": [1, 1, 2, 2], "department": ["A", None, "B", "B"],
                  "division": ["x", "y", None, "z"], "section": [None, "", "s", None],
                  "phone": ["1", "2", "3", "4"]})
SCHED = pd.DataFrame({"measure_id": [2, 1, 1, 9], "fiscal_year": [2025, 2024, 2024, 2024]})
ADDED = pd.DataFrame({"added_id": [1, 2, 3], "pillar_id": [2, 2, 1]})


def wide_by_total() -> list:
    counts = an.rating_counts(M.assign(d=["a", "b", "b", "b"]), by="d")
    wide = an.rating_wide(counts, "d", by_total=True)
    return [list(wide.index), list(wide.columns), wide.loc["b"].tolist()]


CASES = [
    (wide_by_total, [["b", "a"], ["〇", "△", "×"], [1, 1, 1]],
     "one row per group, marks in order, most measures first"),
    (lambda: an.with_units(M)["unit"].tolist(), ["A x", "（不明） y", "B （不明）", "B z"],
     "a missing department or division reads （不明）; unit joins both"),
    (lambda: an.contacts(an.with_units(M).assign(division="d", department="D",
                                                 phone=["1", "1", "2", "1"]))
     [["section", "phone", "measures", "ratings"]].values.tolist(),
     [["", "1", "1, 3, 4", "△〇×"], ["s", "2", "2", "〇"]],
     "one contact per section and phone (a missing section is ''), measures in number order"),
    (lambda: an.multi_phone_units(pd.DataFrame({
        "department": ["D", "D", "E"], "division": ["d", "d", "e"], "section": ["", "", ""],
        "phone": ["1", "2", "3"]})).tolist(), [2], "only units printing several phones"),
    (lambda: an.plan_grid(an.schedule_in(SCHED, [1, 2, 3]), [1, 2, 3]).values.tolist(),
     [[2, 0], [0, 1], [0, 0]],
     "every measure in scope is a row (0 when it plans nothing), years in order"),
    (lambda: an.flagged_rows(an.plan_grid(SCHED, [1, 2, 3]), M).index.tolist(), [1],
     "rows of measures rated other than 〇"),
    (lambda: an.added_per_pillar(an.added_in(ADDED, "all"), [1, 2, 3],
                                 {1: "1. a", 2: "2. b", 3: "3. c"}).values.tolist(),
     [[1, "1. a", 1], [2, "2. b", 2], [3, "3. c", 0]], "every pillar, 0 where none was added"),
    (lambda: an.added_in(ADDED, 2)["added_id"].tolist(), [1, 2], "one pillar's added measures"),
    (lambda: an.findings_per_check(pd.DataFrame({"check": ["phone", "title", "phone"]}),
                                   ["title", "phone", "rating"]).values.tolist(),
     [["title", 1], ["phone", 2], ["rating", 0]], "counts in the order of the checks, 0 kept"),
    (lambda: an.checks_of("phone"), ["phone"], "one check"),
    (lambda: an.checks_of("all"), list(an.AUDIT_CHECKS), "every check"),
    (lambda: an.flagged_revisions(M, pd.DataFrame({
        "measure_id": [4, 4, 1], "item_no": [2, 1, 1], "text": ["b", "a", "c"]}))
     ["revision"].tolist(), ["・c", "・a\n・b"], "△/× measures by number, items in order"),
]


@pytest.mark.parametrize(("compute", "expected", "why"), CASES)
def test_notebook_data(compute, expected, why):
    assert compute() == expected, why
