"""``--cell-timeout`` in seconds, fractions included (issue 16): nbclient takes whole seconds."""

from __future__ import annotations

import pytest
from buildkit import make_project

from akidx.errors import AkidxError
from akidx.publish import kernels

CASES = [
    (30.5, 31, "a fraction waits until the next whole second"),
    (1e-9, 1, "never 0, which nbclient would read as 'no limit'"),
    (0.999, 1, "just under a second"),
    (600.0, 600, "a whole number stays as it is"),
    (None, None, "no limit given"),
]


@pytest.mark.parametrize(("given", "expected", "why"), CASES)
def test_cell_seconds(given, expected, why):
    assert kernels.cell_seconds(given) == expected, why


@pytest.mark.parametrize("bad", [0, -1.5, float("inf"), float("nan")])
def test_a_bad_timeout_is_refused_before_anything(tmp_path, bad):
    project = make_project(tmp_path)
    with pytest.raises(AkidxError, match="--cell-timeout must be a number of seconds") as err:
        project.build(cell_timeout=bad)
    assert "\n" not in str(err.value) and not project.out.exists()


@pytest.mark.slow
def test_a_fractional_timeout_runs_every_notebook(tmp_path):
    """The reported failure: `--cell-timeout 30.5` failed every run with a TraitError."""
    project = make_project(tmp_path)
    summary = project.build(cell_timeout=30.5, jobs=1)
    assert sorted(summary.ran) == ["a", "b"] and not summary.failed
