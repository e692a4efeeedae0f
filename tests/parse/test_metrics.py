"""Metric rules from a YAML file: a new wording becomes a KPI without code; bad rules say which.

The figure used: measure 17's sheet says 「20 の「業務ユニット」」 twice (lines 2663 and
2679 of the committed report); no built-in rule classifies it (unit 業務 is only
rpa_tasks, which needs "RPA"), so today it is a figures row without a kpis row.
"""

from __future__ import annotations

import pytest

from akidx import cli
from akidx.errors import MetricsError
from akidx.parse.metrics import check_rules
from akidx.parse.vocab import METRICS
from akidx.tables.read import load_report, read_metrics
from akidx.tables.report import parse_text

RULE = {"metric": "standard_system_units", "units": ["業務"], "all": ["業務ユニット"]}
YAML = """\
# 標準化の対象業務 / standardised business units
metrics:
  - metric: standard_system_units
    units: [業務]
    all: [業務ユニット]
"""


@pytest.fixture(scope="module")
def plain(raw_text):
    return parse_text(raw_text)


def test_the_figure_is_unclassified_without_the_rule(plain):
    figs = plain.figures[plain.figures["quote"].str.contains("業務ユニット")]
    assert sorted(figs["source_line"]) == [2663, 2679] and set(figs["value"]) == {20}
    assert not plain.kpis["source_line"].isin([2663, 2679]).any()
    assert figs["metric"].isna().all()


def test_a_yaml_rule_adds_the_kpi_rows_and_changes_nothing_else(plain, raw_path, tmp_path):
    path = tmp_path / "metrics.yaml"
    path.write_text(YAML, encoding="utf-8")
    report = load_report(raw_path, metrics=path)
    new = report.kpis[report.kpis["metric"] == "standard_system_units"]
    # One kpis row: line 2679 restates the same 20 for the same (undated) period.
    assert new["source_line"].tolist() == [2663]
    assert new["value"].tolist() == [20] and new["measure_id"].tolist() == [17]
    rest = report.kpis[report.kpis["metric"] != "standard_system_units"].reset_index(drop=True)
    assert rest.equals(plain.kpis)
    figs = report.figures
    assert sorted(figs.loc[figs["metric"] == "standard_system_units", "source_line"]) == [
        2663, 2679]
    assert figs.drop(columns="metric").equals(plain.figures.drop(columns="metric"))


def test_rules_as_a_list_work_the_same(plain, raw_text):
    report = parse_text(raw_text, metrics=[RULE])
    assert (report.kpis["metric"] == "standard_system_units").sum() == 1
    assert check_rules([RULE])[0]["units"] == ("業務",)  # tuples, like vocab.METRICS


def test_built_in_rules_pass_their_own_check():
    assert check_rules(METRICS) == [
        {k: v for k, v in rule.items() if v is not False}
        | {k: () for k in ("units", "all", "any", "breakdown") if k not in rule}
        for rule in METRICS]


# (the rules, words the one-line error must contain, why)
BAD = [
    ("metrics: []", ["expected a list of rules"], "no rules"),
    ("- metric: Bad-Id\n  units: [件]\n  all: [x]", ["rule 1", "'metric'", "Bad-Id"],
     "metric id not snake_case"),
    ("- metric: a\n  units: [件]\n  all: [x]\n- metric: b\n  units: [冊]\n  all: [本]",
     ["rule 2 (b)", "'冊'", "not a unit"], "a unit the parser does not read"),
    ("- metric: c\n  units: [件]", ["rule 1 (c)", "'all' or 'any'"], "no words at all"),
    ("- metric: d\n  all: [x]", ["rule 1 (d)", "'units' is missing"], "no units"),
    ("- metric: e\n  units: [件]\n  al: [x]", ["rule 1 (e)", "unknown key 'al'"], "a typo"),
    ("- metric: f\n  units: [件]\n  all: [1, 2]", ["rule 1 (f)", "'all'", "list of words"],
     "numbers as words"),
    ("- metric: g\n  units: [件]\n  all: [x]\n  breakdown_before: maybe",
     ["rule 1 (g)", "true or false"], "breakdown_before not a boolean"),
    ("- just a word", ["rule 1", "mapping"], "a rule that is not a mapping"),
    ("metrics:\n  - metric: h\n   units: [件]", ["not valid YAML", "line 3"], "bad indentation"),
]


@pytest.mark.parametrize("text, words, why", BAD, ids=[b[2] for b in BAD])
def test_bad_rules_are_one_line_errors_naming_the_rule(tmp_path, text, words, why):
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MetricsError) as err:
        read_metrics(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(path)), why
    for word in words:
        assert word in message, (why, message)


def test_missing_metrics_file(tmp_path):
    with pytest.raises(MetricsError, match="cannot read the metrics file"):
        read_metrics(tmp_path / "nope.yaml")


def test_bad_metrics_file_through_the_cli(tmp_path, raw_path, capsys):
    path = tmp_path / "metrics.yaml"
    path.write_text("- metric: c\n  units: [件]\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["parse", str(raw_path), "--metrics", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "rule 1 (c)" in err
    assert not out.exists()


def test_parse_prints_the_coverage(raw_path, tmp_path, capsys):
    # 46 figures in the report; 9 fit no built-in rule (read by hand: 5か年 l.23, 3つ l.433,
    # 24時間 365日 l.1545, 20業務 l.2663 and l.2679, 24位 4番目 l.2724, 2倍 l.3057).
    assert cli.main(["parse", str(raw_path), "--out", str(tmp_path / "a")]) == 0
    assert "37 of 46 figures classified as KPIs (80%), 9 not" in capsys.readouterr().out
    path = tmp_path / "metrics.yaml"
    path.write_text(YAML, encoding="utf-8")
    assert cli.main(["parse", str(raw_path), "--metrics", str(path),
                     "--out", str(tmp_path / "b")]) == 0
    assert "39 of 46 figures classified as KPIs (85%), 7 not" in capsys.readouterr().out
