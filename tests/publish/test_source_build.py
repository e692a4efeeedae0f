"""The build publishes source.html with the pages: written when the report changes, kept
by a no-op build (which imports no pandas), owned (manifest), linked from every citation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from buildkit import Project, make_project

from akidx import config
from akidx.errors import AkidxError
from akidx.tables.files import MANIFEST

pytestmark = pytest.mark.slow  # starts Jupyter kernels

CITE_CELLS = [
    ("markdown", "# Citations"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "from akidx.analysis import notebook as nb\n"
             "nb.say('累計（1575行目）と L9999999', 'The total (line 1575).')\n"
             "print('L1575 printed')"),
]
NOOP = """
import sys
from pathlib import Path
from akidx.publish import build
root = Path(sys.argv[1])
s = build(report=root / "report.txt", out_dir=root / "outputs", params_dir=root / "params",
          notebooks_dir=root / "notebooks")
assert not s.ran, s
print(sorted(m for m in ("pandas", "nbconvert", "papermill") if m in sys.modules))
"""


def lines_linked(html: str, prefix: str) -> list[str]:
    return re.findall(rf'<a class="akidx-line" href="{re.escape(prefix)}#L(\d+)">', html)


def test_source_page_is_built_linked_and_kept(tmp_path: Path) -> None:
    project: Project = make_project(tmp_path)
    from buildkit import write_notebook

    write_notebook(project.root / "notebooks" / "cite.ipynb", CITE_CELLS)
    project.params("cite", "notebook: cite.ipynb\n")
    project.build()
    out = project.out
    source = out / "source.html"
    page = source.read_text(encoding="utf-8")
    total = project.report.read_text(encoding="utf-8").count("\n") + 1
    assert page.count('<tr id="L') == total
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "source.html" in manifest["files"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "href=\"source.html\"" in index
    assert "1575" in lines_linked(index, "source.html")  # the headline KPI's line
    cite = project.html("cite")
    # Takeaway (ja, en) linked; a line the report lacks and the printed line are not.
    assert lines_linked(cite, "../source.html") == ["1575", "1575"]
    assert "L9999999" in cite and "L1575 printed" in cite

    # A no-op build leaves source.html alone and stays light.
    stamp = source.stat().st_mtime_ns
    env = {**os.environ, "PYTHONPATH": str(config.ROOT)}
    done = subprocess.run([sys.executable, "-c", NOOP, str(project.root)], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]", done.stderr
    assert source.stat().st_mtime_ns == stamp

    # A report that does not parse: the pages stay, and so does their source text.
    before = source.read_bytes()
    project.report.write_text("first line\n<script>x</script> & \"q\"\n", encoding="utf-8")
    with pytest.raises(AkidxError):
        project.build()
    assert source.read_bytes() == before
    # Another edition: rewritten with its text, its own line count.
    text = config.DEFAULT_REPORT.read_text(encoding="utf-8")
    project.report.write_text("<script>x</script> & \"q\"\n" + text, encoding="utf-8")
    project.build()
    page = source.read_text(encoding="utf-8")
    assert page.count('<tr id="L') == total + 1
    assert '<tr id="L1"><th scope="row">1</th><td>&lt;script&gt;x&lt;/script&gt; &amp; ' \
           '&quot;q&quot;</td></tr>' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "1576" in lines_linked(index, "source.html")  # the KPI moved down one line
    # A deleted source page comes back without running anything.
    source.unlink()
    assert project.build().ran == [] and source.is_file()
