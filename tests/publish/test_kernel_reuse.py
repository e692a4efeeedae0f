"""A reused kernel starts each notebook like a fresh one (akidx.publish.kernels.RESET)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from buildkit import make_project, write_notebook

from akidx.errors import BuildError

pytestmark = pytest.mark.slow  # starts Jupyter kernels: left out of `pytest -m "not slow"`

LEAKER_CELLS = [
    ("markdown", "# Leaves state behind"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    ("code", "import os, random, sys, warnings\nimport matplotlib, numpy as np, pandas as pd\n"
             "import seaborn as sns\nleaked = 42\n"
             "matplotlib.rcParams['lines.linewidth'] = 9\npd.set_option('display.max_rows', 3)\n"
             "sns.set_theme(style='darkgrid')\n"
             "warnings.simplefilter('error')\nos.chdir('/')\nos.environ['AKIDX_LEAK'] = '1'\n"
             "os.environ.pop('HOME', None)\nsys.path.insert(0, '/leak')\n"
             "np.random.seed(0)\nrandom.seed(0)"),
]
CHECKER_CELLS = [
    ("markdown", "# Finds a fresh kernel"),
    ("code", "report_path = ''\nout_dir = ''", ["parameters"]),
    # The first draws equal those after seed(0) only if the leaker's seed survived.
    ("code", "import os, random, sys, warnings\nimport matplotlib, numpy as np, pandas as pd\n"
             "draws = (np.random.random(), random.random())\nnp.random.seed(0)\nrandom.seed(0)\n"
             "state = ('leaked' in globals(), matplotlib.rcParams['lines.linewidth'],\n"
             "         pd.get_option('display.max_rows'), warnings.filters[0][0],\n"
             "         matplotlib.rcParams['axes.facecolor'], 'AKIDX_LEAK' in os.environ,\n"
             "         'HOME' in os.environ, '/leak' in sys.path,\n"
             "         draws == (np.random.random(), random.random()), os.getcwd() == '/')\n"
             "print('STATE', state)"),
]



def test_reused_kernel_starts_like_a_fresh_one(tmp_path: Path) -> None:
    """One worker runs all notebooks on one kernel: nothing a notebook changed survives it."""
    project = make_project(tmp_path)
    write_notebook(project.root / "notebooks" / "leaker.ipynb", LEAKER_CELLS)
    write_notebook(project.root / "notebooks" / "checker.ipynb", CHECKER_CELLS)
    for name in ("a", "b"):
        (project.root / "params" / f"{name}.yaml").unlink()
    project.params("k1", "notebook: leaker.ipynb\n")
    project.params("k2", "notebook: checker.ipynb\n")
    project.params("k3", "notebook: broken.ipynb\n")
    project.params("k4", "notebook: checker.ipynb\n")
    with pytest.raises(BuildError, match="k3.yaml"):
        project.build(jobs=1)
    # k2 ran on k1's kernel after a reset; k4 on a new kernel (k3 failed, its kernel went).
    states = [re.search(r"STATE \((.*?)\)", project.html(n)).group(1) for n in ("k2", "k4")]
    assert states[0] == states[1]
    fields = [f.strip() for f in states[0].split(",")]
    assert fields[:3] == ["False", "1.5", "60"] and fields[3] != "'error'"
    assert fields[4:] == ["'white'", "False", "True", "False", "False", "False"]
    executed = nbformat.read(project.out / "notebooks" / "k2.ipynb", as_version=4)
    assert [c.execution_count for c in executed.cells if c.cell_type == "code"][0] == 1
