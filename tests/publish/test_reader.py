"""The reader's page rules at render time: printed output folded (or left out), one code
toggle per run of code cells, every table in a named, focusable scroll region."""

from __future__ import annotations

import nbformat
import pytest

from akidx.publish.reader import printed_text, reader_notebook, table_regions

v4 = nbformat.v4
STREAM = v4.new_output("stream", name="stdout", text="metric='x': 2 fiscal years\n")
WARN = v4.new_output("stream", name="stderr", text="\x1b[31mUserWarning\x1b[0m\n")
REPR = v4.new_output("execute_result", data={"text/plain": "PosixPath('x')"}, execution_count=1)
HTML = v4.new_output("display_data", data={"text/html": "<p>t</p>", "text/plain": "t"})
PNG = v4.new_output("display_data", data={"image/png": "AAAA"})


def notebook(*cells) -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    for kind, source, outputs in cells:
        cell = v4.new_code_cell(source) if kind == "code" else v4.new_markdown_cell(source)
        if kind == "code":
            cell.outputs = list(outputs)
        nb.cells.append(cell)
    return nb


PRINTED = [(STREAM, "metric='x': 2 fiscal years\n", "print"),
           (WARN, "UserWarning\n", "a warning, colours stripped"),
           (REPR, "PosixPath('x')", "a bare repr"),
           (HTML, None, "HTML: a table or takeaway"), (PNG, None, "a chart")]


@pytest.mark.parametrize(("output", "expected", "why"), PRINTED, ids=[c[2] for c in PRINTED])
def test_printed_text(output, expected, why) -> None:
    assert printed_text(output) == expected, why


def kinds(nb) -> list[tuple[str, str, int]]:
    return [(c.cell_type, c.source, len(c.get("outputs", []))) for c in nb.cells]


def test_consecutive_code_folds_once_and_printing_moves_into_the_fold() -> None:
    nb = notebook(("markdown", "# T", []), ("code", "a = 1", []), ("code", "b = 2", [STREAM]),
                  ("code", "c = 3", [HTML]), ("code", "d = 4", [PNG]),
                  ("markdown", "## S", []), ("code", "e = 5", [REPR, HTML]))
    folded = reader_notebook(nb, "fold")
    assert kinds(folded) == [("markdown", "# T", 0), ("code", "a = 1\n\nb = 2\n\nc = 3", 1),
                             ("code", "d = 4", 1), ("markdown", "## S", 0), ("code", "e = 5", 1)]
    assert folded.cells[1].metadata["akidx"]["printed"] == STREAM.text
    assert folded.cells[4].metadata["akidx"]["printed"] == "PosixPath('x')"
    assert "akidx" not in folded.cells[2].metadata
    assert len(nb.cells) == 7 and nb.cells[2].outputs == [STREAM]  # the notebook is unchanged


def test_hide_leaves_printing_out_and_show_changes_nothing() -> None:
    nb = notebook(("code", "a = 1", [STREAM]), ("code", "b = 2", [HTML]))
    hidden = reader_notebook(nb, "hide")
    assert kinds(hidden) == [("code", "a = 1\n\nb = 2", 1)]
    assert "printed" not in hidden.cells[0].metadata.get("akidx", {})
    assert reader_notebook(nb, "show") is nb


def test_tables_get_a_named_focusable_region() -> None:
    page = ('<h1 id="t">KPI &amp; trend<a class="anchor-link" href="#t">¶</a></h1>'
            "<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>"
            '<h2>Say "x"</h2><p>text</p><TABLE><tr><th>h</th></tr></TABLE>')
    out = table_regions(page)
    assert out.count('role="region"') == 2 and out.count('tabindex="0"') == 2
    assert out.count("</table></div>") == 1 and out.count("</TABLE></div>") == 1  # the nest is one
    assert 'aria-label="表 / Table: KPI &amp; trend"' in out
    assert 'aria-label="表 / Table: Say &quot;x&quot;"' in out
    assert table_regions("<p>no table</p>") == "<p>no table</p>"
    assert 'aria-label="表 / Table"' in table_regions("<table></table>")
