"""The one path rule: relative to the current folder when the path exists there, else to
the project folder (inputs: ROOT; outputs: WORK); load_report, the notebooks' parameters
and ``akidx parse`` share it."""

from __future__ import annotations

from pathlib import Path

import pytest

import akidx
from akidx import config
from akidx.errors import InputError

# (given path, where a file of that name exists: "cwd", "root", "both" or "none",
#  an output?, where the result points: "cwd", "root", "work" or "as given", why)
CASES = [
    ("data/r.txt", "root", False, "root", "from notebooks/: the project's file"),
    ("data/r.txt", "cwd", False, "cwd", "a file next to you is found"),
    ("data/r.txt", "both", False, "cwd", "the current folder wins when the path exists there"),
    ("data/r.txt", "none", False, "root", "a missing input is looked for in the project"),
    ("out/new", "none", True, "work",
     "a new output folder goes under the outputs' folder (the repository in a checkout, "
     "the current folder once installed)"),
    ("data/r.txt", "root", True, "work",
     "an output never goes into the inputs' folder (installed: the package's own)"),
    ("data/r.txt", "cwd", True, "cwd", "an existing output next to you is used"),
    ("ABS", "none", False, "as given", "an absolute path is never moved"),
    ("ABS", "none", True, "as given", "an absolute output path is never moved"),
]


@pytest.mark.parametrize("given, exists, output, expected, why", CASES)
def test_resolve_path(tmp_path, monkeypatch, given, exists, output, expected, why):
    cwd, root, work = tmp_path / "cwd", tmp_path / "root", tmp_path / "work"
    for base in (cwd, root, work):
        (base / "data").mkdir(parents=True)
        if exists in (base.name, "both") and base is not work:
            (base / "data" / "r.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(config, "ROOT", root)
    monkeypatch.setattr(config, "WORK", work)
    if given == "ABS":
        given = str(tmp_path / "elsewhere" / "r.txt")
    want = {"cwd": cwd / given, "root": root / given, "work": work / given,
            "as given": Path(given)}[expected]
    assert config.resolve_path(given, output=output) == want, why
    assert config.resolve_path(given, output=output).is_absolute()


def test_load_report_without_argument_from_notebooks(monkeypatch, raw_path):
    """What an analyst does in JupyterLab: the kernel's folder is notebooks/."""
    monkeypatch.chdir(config.NOTEBOOKS)
    default = akidx.load_report()
    assert default.source == str(config.DEFAULT_REPORT) and len(default.measures) == 25
    relative = akidx.load_report("data/raw/akishima-dx-midterm-report-2024.txt")
    assert relative.sha256 == default.sha256
    assert Path(relative.source) == raw_path


def test_missing_relative_path_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        akidx.load_report("data/raw/no-such-edition.txt")
    message = str(info.value)
    assert "no such file" in message and "current folder" in message
    assert str(config.ROOT) in message and "\n" not in message


def test_help_texts_say_what_comes_back():
    for obj in (akidx.load_report, akidx.Report):
        doc = obj.__doc__ or ""
        assert len(doc.splitlines()) > 10, obj
        assert "measures" in doc and ">>>" in doc
    assert "InputError" in akidx.load_report.__doc__
    assert "ParseError" in akidx.load_report.__doc__
    assert "current folder" in akidx.load_report.__doc__


def test_build_report_option_follows_the_rule(monkeypatch, tmp_path):
    """`akidx build --report data/raw/…` from notebooks/ finds the repository's file."""
    from akidx.publish import driver

    monkeypatch.chdir(config.NOTEBOOKS)
    relative = Path("data/raw/akishima-dx-midterm-report-2024.txt")
    ctx = driver._context(relative, tmp_path / "out", config.PARAMS, jobs=1, hide_code=False,
                          show_code=False, formats=("csv",), metrics=None, cell_timeout=None)
    assert ctx.report == config.DEFAULT_REPORT.resolve()
    assert ctx.data_dir == config.DATA_PROCESSED, "still the default report"
