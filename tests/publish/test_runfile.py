"""Params files: each unusable one fails its run alone, before any kernel, in one line."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from buildkit import make_project
from hostile import alias_bomb

from akidx.publish.plan import Context, discover

# (params file text, words of the error, why)
CASES = [
    ("notebook: chart.ipynb\nscale: [1\n", "not valid YAML at line", "malformed YAML"),
    ("", "is empty", "an empty file"),
    ("# only a comment\n", "is empty", "comments only"),
    ("- notebook: chart.ipynb\n", "must be a mapping of 'name: value' lines, not a list",
     "a list at the top"),
    ("just text\n", "not text", "a bare string"),
    ("scale: 1\n", "needs a 'notebook: <file in notebooks/>' entry", "no notebook"),
    ("notebook:\n", "needs a 'notebook", "notebook left empty"),
    ("notebook: 3\n", "needs a 'notebook", "notebook not a name"),
    ("notebook: nope.ipynb\n", "notebook 'nope.ipynb' not found", "a notebook that is missing"),
    ("notebook: chart.ipynb\nscael: 2\n", "parameter 'scael' is not declared in chart.ipynb's "
     "parameters cell; did you mean 'scale'?", "a typo"),
    ("notebook: chart.ipynb\non: 1\n", "key True is read by YAML as a boolean", "on: → true"),
    ("notebook: chart.ipynb\nyes: 1\n", "quote it", "yes: → true"),
    ("notebook: chart.ipynb\n1: 1\n", "key 1 is read by YAML as a number", "1: → an integer"),
    ("notebook: chart.ipynb\nscale: big\n", "parameter 'scale': expected a number like the "
     "notebook's default 1, got text 'big'", "text for a number"),
    ("notebook: chart.ipynb\nscale: [1, 2]\n", "got a list", "a list for a number"),
    ("notebook: chart.ipynb\nscale: true\n", "got a boolean", "a boolean for a number"),
    ("notebook: chart.ipynb\nscale:\n", "got nothing", "an empty value for a number"),
    ("notebook: broken.ipynb\nout_dir: 3\nreport_path: x\n", "", "path parameters: any value"),
    ("notebook: chart.ipynb\nscale: 2.5\n", "", "a float for an int default"),
    # issue 16: the one YAML reader (akidx.tables.yamlfile)
    (alias_bomb("scale", head="notebook: chart.ipynb\n", indent=""),
     "line 2: alias *a: akidx reads YAML without aliases", "an alias bomb"),
    ("notebook: chart.ipynb\nscale: 1\nscale: 2\n",
     "line 3: key 'scale' is given twice (first at line 2); keep one", "a key twice"),
    ("notebook: chart.ipynb\nnotebook: broken.ipynb\n", "key 'notebook' is given twice",
     "two notebooks"),
    ("notebook: chart.ipynb\nscale: '" + "x" * 5000 + "'\n", "got text 'xxxx", "a long value"),
    ("notebook: chart.ipynb\n" + "# padding\n" * 7000, "is larger than", "over 64 KiB"),
]


@pytest.mark.parametrize("text, words, why", CASES, ids=[c[2] for c in CASES])
def test_params_file(tmp_path: Path, text: str, words: str, why: str) -> None:
    project = make_project(tmp_path)
    project.params("x", text)
    ctx = Context(out=tmp_path / "out", report=project.report, report_sha="0", data_dir=tmp_path,
                  cwd=tmp_path, jobs=1, hide_code=False, code_sha="0")
    runs = {r.name: r for r in discover(tmp_path / "params", tmp_path / "notebooks", ctx, None)}
    assert runs["a"].error == "" and runs["b"].error == ""  # the others are fine
    assert words in runs["x"].error, (why, runs["x"].error)
    assert "\n" not in runs["x"].error and (words or runs["x"].error == ""), why
    assert len(runs["x"].error) < 300, why  # never the value expanded or repeated whole


def test_params_file_that_is_a_fifo(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    os.mkfifo(tmp_path / "params" / "pipe.yaml")  # reading it would wait for a writer
    ctx = Context(out=tmp_path / "out", report=project.report, report_sha="0", data_dir=tmp_path,
                  cwd=tmp_path, jobs=1, hide_code=False, code_sha="0")
    found: list = []
    thread = threading.Thread(target=lambda: found.extend(
        discover(tmp_path / "params", tmp_path / "notebooks", ctx, None)), daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "discover waits on the FIFO"
    assert "is not a regular file" in {r.name: r for r in found}["pipe"].error


def _outside_cases(tmp_path: Path) -> list[tuple[str, str]]:
    """Notebooks outside notebooks/ (issue 16.7), each a real notebook that would run."""
    evil = tmp_path / "elsewhere" / "evil.ipynb"
    evil.parent.mkdir()
    evil.write_bytes((tmp_path / "notebooks" / "chart.ipynb").read_bytes())
    (tmp_path / "notebooks" / "sub").mkdir()
    (tmp_path / "notebooks" / "sub" / "link.ipynb").symlink_to(evil)
    (tmp_path / "notebooks" / "out").symlink_to(evil.parent)
    return [("../elsewhere/evil.ipynb", "a path up"), (str(evil), "an absolute path"),
            ("sub/link.ipynb", "a link out"), ("out/evil.ipynb", "a folder link out"),
            ("sub/../../elsewhere/evil.ipynb", "down, then up")]


def test_params_file_names_only_notebooks_in_the_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    cases = _outside_cases(tmp_path)
    for i, (notebook, _why) in enumerate(cases):
        project.params(f"x{i}", f"notebook: '{notebook}'\n")
    ctx = Context(out=tmp_path / "out", report=project.report, report_sha="0", data_dir=tmp_path,
                  cwd=tmp_path, jobs=1, hide_code=False, code_sha="0")
    runs = {r.name: r for r in discover(tmp_path / "params", tmp_path / "notebooks", ctx, None)}
    assert runs["a"].error == ""
    for i, (notebook, why) in enumerate(cases):
        error = runs[f"x{i}"].error
        assert error.startswith(f"notebook {notebook!r} is not a file in "), (why, error)
        assert "\n" not in error and runs[f"x{i}"].notebook is None, why
