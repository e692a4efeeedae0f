"""The ASCII ``status`` of a rating: from the legend's wording, else from the mark."""

from __future__ import annotations

import pytest

from akidx.parse.chapter1 import rating_status
from akidx.tables.report import parse_text

# (mark, legend meaning, expected status, why)
CASES = [
    ("〇", "予定どおり実施されている", "on_track", "legend line 157"),
    ("△", "概ね予定どおり実施されているが、軽微な見直しが必要", "minor_revision",
     "legend line 159: 軽微な見直し wins over 予定どおり"),
    ("×", "見直しが必要", "revision", "legend line 161"),
    ("〇", "", "on_track", "no legend: the mark decides"),
    ("△", "", "minor_revision", "no legend: the mark decides"),
    ("×", "", "revision", "no legend: the mark decides"),
    ("△", "見直しが必要", "revision", "an edition whose legend words △ as 見直し: the legend wins"),
    ("〇", "順調", "on_track", "wording the vocabulary does not know: the mark decides"),
    ("◎", "", "", "a mark neither knows: empty, never a guess"),
]


@pytest.mark.parametrize("mark, meaning, expected, why", CASES)
def test_rating_status(mark, meaning, expected, why):
    assert rating_status(mark, meaning) == expected, why


def test_status_column_follows_an_altered_rating(raw_text):
    """Measure 2 is 〇 on line 167; rated × in a copy, its status becomes revision."""
    line = "２.窓口の申請書電子化 〇"
    assert raw_text.count(line) == 1
    report = parse_text(raw_text.replace(line, "２.窓口の申請書電子化 ×"))
    row = report.measures.set_index("measure_id").loc[2]
    assert (row["rating"], row["status"]) == ("×", "revision")
    counts = report.measures["status"].value_counts().to_dict()
    assert counts == {"on_track": 19, "minor_revision": 3, "revision": 3}
