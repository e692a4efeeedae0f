"""What a build imports when it has little to do (docs/architecture.md's promise).

A build with nothing to do answers in a fraction of a second because it imports
neither pandas nor Jupyter; a build that only has to rewrite the tables needs pandas
but no kernel machinery. Checked in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.publish.buildkit import make_project

pytestmark = pytest.mark.slow

JUPYTER = ("nbclient", "jupyter_client", "zmq", "nbconvert", "papermill", "ipykernel")
PROBE = """
import json, sys
from pathlib import Path
from akidx.publish import build
root = Path(sys.argv[1])
summary = build(report=root / "report.txt", out_dir=root / "outputs", jobs=2,
                params_dir=root / "params", notebooks_dir=root / "notebooks")
print(json.dumps({"ran": summary.ran, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _build_modules(project) -> set[str]:
    """The top-level modules loaded by one build in a fresh interpreter (no run is due)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(project.root)], cwd=project.root,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ran"] == [], "every run was fresh"
    return set(result["modules"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("lazy"))
    project.build()
    return project


def test_a_build_with_nothing_to_do_imports_neither_pandas_nor_jupyter(built):
    modules = _build_modules(built)
    assert "pandas" not in modules
    assert not modules & set(JUPYTER), sorted(modules & set(JUPYTER))


def test_rewriting_only_the_tables_starts_no_jupyter(built):
    for table in (built.out / "data").glob("*.csv"):
        table.unlink()  # the runs are fresh, the tables are not: parse, write, no kernel
    modules = _build_modules(built)
    assert "pandas" in modules, "the tables were rewritten (the probe can see imports)"
    assert not modules & set(JUPYTER), sorted(modules & set(JUPYTER))
    assert any((built.out / "data").glob("*.csv"))
