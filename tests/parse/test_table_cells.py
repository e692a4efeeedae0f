"""Table cells recovered from wrapped lines: small hand-made cases, one per layout trap."""

from __future__ import annotations

import pytest

from akidx.parse.lines import join, join_boxes, split_lines
from akidx.parse.table_cells import group_cells, items, split_wide_narrow


def lines(text: str):
    """Lines as the extraction prints them: a trailing space closes a box."""
    return split_lines(text)


WIDE = "オンライン申請が可能な行政手続数の追加・修正等の対応を"  # 27 characters: a wrapped line

# (raw block, expected (wide text, narrow text), why)
COLUMN_CASES = [
    (f"{WIDE}\nしました。 \nオンライン申請が\n可能な行政手続数\nの増加 \n",
     (f"{WIDE}しました。", "オンライン申請が可能な行政手続数の増加"),
     "plain: wide box, narrow box"),
    ("未達成 ・訪問支援システ\nムの導入 \n・担当部署へのモ\nバイル端末配備 \n",
     ("未達成", "・訪問支援システムの導入 ・担当部署へのモバイル端末配備"),
     "a short result shares its line with the goal"),
    ("市民への情報伝達のメール配信システムを導入しました。 市民への情報伝達\nの一斉送信システ\n"
     "ムの導入 \n", ("市民への情報伝達のメール配信システムを導入しました。",
                    "市民への情報伝達の一斉送信システムの導入"),
     "a sentence ends where the goal starts"),
    ("・新任研修 \n \n情報漏えい等のセ\nキュリティ事故の\n発生防止 \n",
     ("・新任研修", "情報漏えい等のセキュリティ事故の発生防止"),
     "an empty box separates a short last result item from the goal"),
    (f"{WIDE}\nしました。 \n", (f"{WIDE}しました。", ""), "no goal at all"),
]


@pytest.mark.parametrize("raw, expected, why", COLUMN_CASES, ids=[c[2] for c in COLUMN_CASES])
def test_split_wide_narrow(raw, expected, why):
    wide, narrow = split_wide_narrow(lines(raw))
    assert (join_boxes(wide), join_boxes(narrow)) == expected, why


# (raw schedule cells, number of years, expected cells, why)
SCHEDULE_CASES = [
    ("システムの導入 システム利用範囲\nの拡充 \nシステム利用範囲\nの拡充 \n", 3,
     [["システムの導入"], ["システム利用範囲の拡充"], ["システム利用範囲の拡充"]],
     "two cells on one line"),
    ("種類の拡充 種類の拡充 \n既存データの確認 \n種類の拡充 \n既存データの確認 \n", 3,
     [["種類の拡充"], ["種類の拡充", "既存データの確認"], ["種類の拡充", "既存データの確認"]],
     "a repeated item starts the next year"),
    ("・訪問支援 \n・端末配備 \n・訪問支援 \n・端末配備 \n・訪問支援 \n・端末配備 \n", 3,
     [["・訪問支援", "・端末配備"]] * 3, "bulleted items repeat each year"),
    ("・A導入 \n・B検証 \nC実施 \n・B検証 \nC実施 \n", 3,
     [["・A導入", "・B検証"], ["C実施", "・B検証"], ["C実施"]],
     "an item without a bullet starts a year's cell"),
    ("・A \n・B \n", 3, None, "too few items for three years: no guess"),
]


@pytest.mark.parametrize("raw, n, expected, why", SCHEDULE_CASES,
                         ids=[c[3] for c in SCHEDULE_CASES])
def test_group_schedule_cells(raw, n, expected, why):
    cells = group_cells(items(lines(raw)), n)
    got = None if cells is None else [[text for text, _ in cell] for cell in cells]
    assert got == expected, why


# (raw, expected, why)
JOIN_CASES = [
    ("無線 LANの整備及\nびノートパソコン \n", "無線LANの整備及びノートパソコン",
     "the space the extraction puts between Japanese and Latin goes"),
    ("Akishima City Free Wi-Fi \n", "Akishima City Free Wi-Fi", "spaces between Latin words stay"),
    ("・機能要件書を作成  ・RFPの実施 \n", "・機能要件書を作成 ・RFPの実施",
     "runs of spaces become one"),
    ("１２,２３６件 \n", "12,236件", "full-width digits and commas become ASCII"),
]


@pytest.mark.parametrize("raw, expected, why", JOIN_CASES, ids=[c[2] for c in JOIN_CASES])
def test_join(raw, expected, why):
    assert join(lines(raw)) == expected, why


def test_page_numbers_are_dropped_and_line_numbers_kept():
    got = split_lines("本文の途中で\n\n16 \n\n \n\n続きます。 \n")
    assert [(ln.no, ln.text) for ln in got if ln.text] == [(1, "本文の途中で"), (7, "続きます。")]
