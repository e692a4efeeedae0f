"""``akidx build --format xlsx``: the build writes the tables in the formats asked for, and
a change of formats is not hidden by the cached report data. No kernel is started."""

from __future__ import annotations

from pathlib import Path

from akidx import config
from akidx.publish import driver, execute
from akidx.publish.plan import Context
from akidx.publish.state import BuildState
from akidx.tables.xlsx import WORKBOOK


def context(out: Path, formats: tuple[str, ...]) -> Context:
    return Context(out=out, report=config.DEFAULT_REPORT, report_sha="x", data_dir=out / "data",
                   cwd=config.ROOT, jobs=1, hide_code=False, code_sha="c", formats=formats)


def test_prepare_writes_the_workbook_when_asked(tmp_path):
    info, renderer = execute._prepare(context(tmp_path, ("csv", "xlsx")), rendering=False)
    assert renderer is None
    assert (tmp_path / "data" / WORKBOOK).is_file()
    assert WORKBOOK in info.written.tables and info.written.formats == ["csv", "xlsx"]


def test_prepare_writes_csv_only_by_default(tmp_path):
    info, _ = execute._prepare(context(tmp_path, ("csv",)), rendering=False)
    assert not (tmp_path / "data" / WORKBOOK).exists()
    assert info.written.tables and all(name.endswith(".csv") for name in info.written.tables)


def test_cached_report_is_not_reused_for_other_formats(tmp_path):
    ctx = context(tmp_path, ("csv",))
    info, _ = execute._prepare(ctx, rendering=False)
    state = BuildState()
    state.report = info
    assert driver._cached_report(state, ctx) == info
    assert driver._cached_report(state, context(tmp_path, ("csv", "xlsx"))) is None
