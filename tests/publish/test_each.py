"""``each: measure_id``: one params file, one run per measure of the report being built.

Plan level (no kernel): the runs' names, parameters and keys follow the report, also
an altered copy with a measure less; ``each:`` problems are one line; ``--only``
takes a file or a run.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from buildkit import write_notebook

from akidx import config
from akidx.errors import AkidxError, ParseError
from akidx.publish.plan import Context, discover, ids_of_report

ID_CELLS = [
    ("markdown", "# One measure"),
    ("code", "report_path = ''\nout_dir = ''\nmeasure_id = 1\nadded_id = 1\nnote = 'x'",
     ["parameters"]),
    ("code", "print(measure_id)"),
]
PLAIN_CELLS = [("markdown", "# Plain"), ("code", "report_path = ''\nout_dir = ''", ["parameters"])]


def project(root: Path, files: dict[str, str], report_text: str | None = None) -> Context:
    """A project with ``params/<name>.yaml`` files and a copy (or altered copy) of the report."""
    write_notebook(root / "notebooks" / "one.ipynb", ID_CELLS)
    write_notebook(root / "notebooks" / "plain.ipynb", PLAIN_CELLS)
    (root / "params").mkdir()
    for name, text in files.items():
        (root / "params" / f"{name}.yaml").write_text(text, encoding="utf-8")
    report = root / "report.txt"
    report.write_text(report_text or config.DEFAULT_REPORT.read_text(encoding="utf-8"),
                      encoding="utf-8")
    return Context(out=root / "out", report=report, report_sha="0", data_dir=root, cwd=root,
                   jobs=1, hide_code=False, code_sha="0")


def runs_of(root: Path, ctx: Context, only: list[str] | None = None) -> dict:
    return {r.name: r for r in discover(root / "params", root / "notebooks", ctx, only)}


def without_last_measure(text: str) -> tuple[str, int]:
    """The report without its last measure: its chapter-1 rating line and its sheet (from
    its heading to the next chapter). Returns the text and the measure's number."""
    lines = text.split("\n")
    rated = [i for i, ln in enumerate(lines) if re.match(r"^\s*(\d+)[.．].*\s[〇△×]\s*$", ln)]
    last = rated[-1]
    number = int(re.match(r"^\s*(\d+)", lines[last]).group(1))
    head = next(i for i in range(last + 1, len(lines))  # the sheet's heading
                if re.match(rf"^\s*{number}[.．]\S", lines[i]))
    end = next((i for i in range(head + 1, len(lines))
                if re.match(r"^第\s*\d+\s*章", lines[i])), len(lines))
    return "\n".join(lines[:last] + lines[last + 1:head] + lines[end:]), number


def test_one_run_per_measure(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"measure": "notebook: one.ipynb\neach: measure_id\n",
                             "plain": "notebook: plain.ipynb\n"})
    runs = runs_of(tmp_path, ctx)
    # The report's chapter-1 table rates measures 1 to 25 (lines 165-214).
    assert sorted(runs) == sorted([f"measure-{i:02d}" for i in range(1, 26)] + ["plain"])
    assert runs["measure-08"].parameters == {"measure_id": 8}
    assert runs["measure-08"].each == "measure_id" and runs["plain"].each == ""
    assert len({r.key for r in runs.values()}) == len(runs)  # each key has its own id
    assert not any(r.error for r in runs.values())


def test_a_measure_less_is_a_run_less(tmp_path: Path) -> None:
    text, number = without_last_measure(config.DEFAULT_REPORT.read_text(encoding="utf-8"))
    assert number == 25
    ctx = project(tmp_path, {"measure": "notebook: one.ipynb\neach: measure_id\n"}, text)
    assert sorted(runs_of(tmp_path, ctx)) == [f"measure-{i:02d}" for i in range(1, 25)]


def test_added_measures(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"added": "notebook: one.ipynb\neach: added_id\nnote: y\n"})
    runs = runs_of(tmp_path, ctx)
    # 追加１ … 追加５ (lines 311, 391, 477, …)
    assert sorted(runs) == [f"added-0{i}" for i in range(1, 6)]
    assert runs["added-03"].parameters == {"note": "y", "added_id": 3}


def test_ids_from_the_build_state_skip_parsing(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"m": "notebook: one.ipynb\neach: measure_id\n"})
    ctx = replace(ctx, report=tmp_path / "gone.txt")  # never read: the ids are known
    ctx.facts.ids = {"measure_id": [3, 100], "added_id": [], "pillar_id": []}
    assert sorted(runs_of(tmp_path, ctx)) == ["m-003", "m-100"]  # padded to the widest id


# (params files, --only, expected runs, why)
ONLY = [
    ({"measure": "notebook: one.ipynb\neach: measure_id\n", "plain": "notebook: plain.ipynb\n"},
     ["measure"], [f"measure-{i:02d}" for i in range(1, 26)], "a file: all its runs"),
    ({"measure": "notebook: one.ipynb\neach: measure_id\n", "plain": "notebook: plain.ipynb\n"},
     ["measure-08", "plain"], ["measure-08", "plain"], "one run and a plain file"),
    ({"measure": "notebook: one.ipynb\neach: measure_id\n",
      "broken": "notebook: nope.ipynb\n"}, ["measure-08.yaml"], ["measure-08"],
     "a file not named is not read"),
]


@pytest.mark.parametrize("files, only, expected, why", ONLY, ids=[c[3] for c in ONLY])
def test_only(tmp_path: Path, files: dict, only: list, expected: list, why: str) -> None:
    ctx = project(tmp_path, files)
    assert sorted(runs_of(tmp_path, ctx, only)) == expected, why


def test_unknown_run(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"measure": "notebook: one.ipynb\neach: measure_id\n",
                             "plain": "notebook: plain.ipynb\n"})
    with pytest.raises(AkidxError) as info:
        runs_of(tmp_path, ctx, ["measure-99"])
    assert str(info.value) == (f"no params file or run measure-99 in {tmp_path / 'params'} "
                               "(known: measure (measure-01 … measure-25), plain)")


# (params file text, words of its one-line error, why)
CASES = [
    ("notebook: one.ipynb\neach: metric\n", "each: 'metric' is not an id the build can expand "
     "(known: measure_id, added_id, pillar_id)", "not an id"),
    ("notebook: one.ipynb\neach: [measure_id]\n", "is not an id the build can expand",
     "a list"),
    ("notebook: one.ipynb\neach:\n", "", "each: left empty is no each"),
    ("notebook: one.ipynb\neach: pillar_id\n", "each: 'pillar_id' is not a parameter declared "
     "in one.ipynb's parameters cell", "the notebook has no such parameter"),
    ("notebook: one.ipynb\neach: measure_id\nmeasure_id: 3\n", "'measure_id' is given a value "
     "and is also the 'each:' id", "both each and a value"),
    ("notebook: one.ipynb\neach: measure_id\nmeasur_id: 3\n", "parameter 'measur_id' is not "
     "declared", "a typo next to each"),
]


@pytest.mark.parametrize("text, words, why", CASES, ids=[c[2] for c in CASES])
def test_each_errors(tmp_path: Path, text: str, words: str, why: str) -> None:
    ctx = project(tmp_path, {"x": text, "plain": "notebook: plain.ipynb\n"})
    runs = runs_of(tmp_path, ctx)
    assert runs["plain"].error == ""
    errors = [r.error for name, r in runs.items() if name == "x" or name.startswith("x-")]
    if words:
        assert errors == [errors[0]] and words in errors[0], (why, errors)
        assert "\n" not in errors[0]
    else:
        assert errors == [""], why


def test_run_named_like_another_file(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"m": "notebook: one.ipynb\neach: measure_id\n",
                             "m-08": "notebook: plain.ipynb\n"})
    runs = discover(tmp_path / "params", tmp_path / "notebooks", ctx, None)
    clash = [r for r in runs if r.name == "m-08"]
    assert [bool(r.error) for r in clash] == [True, False]
    assert "same name as m-08.yaml" in clash[0].error


def test_unreadable_report_is_one_line(tmp_path: Path) -> None:
    ctx = project(tmp_path, {"m": "notebook: one.ipynb\neach: measure_id\n"},
                  "これは報告書ではありません。\n")
    with pytest.raises(ParseError) as info:
        runs_of(tmp_path, ctx)
    assert str(info.value).startswith(f"{ctx.report}: ") and "\n" not in str(info.value)
    with pytest.raises(ParseError):
        ids_of_report(ctx.report)


# (state's report info, ids reused, why)
CACHED = [
    (("r", "c", {"measure_id": [1]}), True, "same report and code"),
    (("other", "c", {"measure_id": [1]}), False, "another report"),
    (("r", "old", {"measure_id": [1]}), False, "the parser changed"),
    (("r", "c", None), False, "no ids recorded"),
    (None, False, "no previous build"),
]


@pytest.mark.parametrize("info, reused, why", CACHED, ids=[c[2] for c in CACHED])
def test_ids_cached_in_the_build_state(tmp_path: Path, info, reused: bool, why: str) -> None:
    from akidx.publish.driver import _cached_ids
    from akidx.publish.state import BuildState, ReportInfo, TablesWritten
    from akidx.tables.summary import Headline

    ctx = replace(project(tmp_path, {}), report_sha="r", code_sha="c")
    if info is not None:
        sha, code, ids = info
        written = TablesWritten(report_sha=sha, code_sha=code, data_dir="", formats=["csv"],
                                metrics_sha="", tables=[])
        info = ReportInfo(headline=Headline("t", sha), written=written, ids=ids)
    got = _cached_ids(BuildState(report=info), ctx)
    assert (got == {"measure_id": [1]}) is reused and (got is None) is not reused, why
