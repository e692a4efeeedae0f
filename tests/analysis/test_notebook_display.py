"""What notebooks display: report text shown literally (escaped), and each chart as
its saved PNG whose output metadata carries the alt text (title + takeaway ja/en)."""

from __future__ import annotations

import base64

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from akidx.analysis import charts
from akidx.analysis import notebook as nb

EVIL = "<img src=x onerror=alert(1)>"
BOLD = "**bold**"


@pytest.fixture
def displayed(monkeypatch) -> list[tuple]:
    """Every IPython ``display`` call: (objects, keyword arguments)."""
    calls: list[tuple] = []
    monkeypatch.setattr("IPython.display.display", lambda *o, **k: calls.append((o, k)))
    return calls


CASES = [
    (nb.say_html(f"施策 {EVIL}", f"measure {BOLD} & co"),
     ["施策 &lt;img src=x onerror=alert(1)&gt;", "measure **bold** &amp; co"],
     "a takeaway's report text is escaped, Markdown marks stay characters"),
    (nb.table_html(pd.DataFrame({"施策": [EVIL, BOLD], f"<b>{BOLD}</b>": ["a&b", "x"]})),
     [">&lt;img src=x onerror=alert(1)&gt;</td>", ">**bold**</td>", ">a&amp;b</td>",
      ">&lt;b&gt;**bold**&lt;/b&gt;</th>"],
     "table cells and headers are escaped"),
]


@pytest.mark.parametrize(("html", "expected", "why"), CASES)
def test_report_text_is_shown_literally(html, expected, why):
    for part in expected:
        assert part in html, why
    assert "<img" not in html and "<b>" not in html and "<strong>bold" not in html, why


def test_say_displays_html_and_text_never_markdown(displayed):
    nb.say(EVIL, BOLD)
    (data,), kwargs = displayed[0]
    assert kwargs == {"raw": True}
    assert set(data) == {"text/html", "text/plain"}
    assert data["text/html"] == nb.say_html(EVIL, BOLD)
    assert data["text/plain"] == f"→ {EVIL}\n{BOLD}"


def test_show_displays_the_escaped_table(displayed):
    df = pd.DataFrame({"a": [EVIL]})
    nb.show(df)
    (data,), kwargs = displayed[0]
    assert kwargs == {"raw": True} and "&lt;img" in data["text/html"]


MISSING = [(None, "None"), (float("nan"), "NaN"), (pd.NA, "pd.NA"), (pd.NaT, "NaT"),
           ("", "an empty string"), ("  ", "blanks")]


@pytest.mark.parametrize(("value", "why"), MISSING, ids=[m[1] for m in MISSING])
def test_missing_values_show_as_a_dash(value, why):
    df = pd.DataFrame({"n / n": pd.array([1, None], dtype="Int64"), "v / v": ["x", value]})
    html = nb.table_html(df)
    cells = [c.split("<")[0] for c in html.split("<td")[1:]]
    assert [c.split(">", 1)[1] for c in cells] == ["1", "x", "—", "—"], why
    assert "<NA>" not in html and "nan" not in html.lower().replace("nanum", ""), why


def test_an_empty_table_is_a_sentence(displayed):
    nb.show(pd.DataFrame({"施策 / measure": []}))
    nb.show(pd.DataFrame({"a": []}), empty=(f"なし {EVIL}", "none"))
    texts = [call[0][0]["text/html"] for call in displayed]
    assert all("<table" not in t and "<th" not in t for t in texts)
    assert "該当なし。" in texts[0] and "None." in texts[0]
    assert "なし &lt;img" in texts[1] and '<span lang="en">none</span>' in texts[1]


def test_chart_saves_shows_png_with_alt_text_then_says(tmp_path, displayed):
    with matplotlib.rc_context():
        charts.setup()  # the Japanese font of the source caption
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(["a", "b"], [1, 2])
        data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
        made = charts.Chart(fig, data, "demo", f"題 {EVIL}")
        assert nb.chart(made, tmp_path, ("日本語の文。", "An English sentence.")) is None
    paths = {ext: tmp_path / f"demo.{ext}" for ext in ("png", "svg", "csv")}
    assert {p.name for p in tmp_path.iterdir()} == {"demo.png", "demo.svg", "demo.csv"}
    assert not plt.fignum_exists(fig.number), "the figure is closed once saved"
    (image,), kwargs = displayed[0]
    assert kwargs["raw"] is True
    assert base64.b64decode(image["image/png"]) == paths["png"].read_bytes()
    meta = kwargs["metadata"]["image/png"]
    assert meta["alt"] == f"題 {EVIL}: 日本語の文。 An English sentence."
    assert meta["width"] == charts.screen_width(paths["png"])
    (said,), _ = displayed[1]
    assert said["text/html"] == nb.say_html("日本語の文。", "An English sentence.")
    assert len(displayed) == 2, "the PNG once, then the takeaway; no second figure"
