"""Issue 16.1: a symbolic link inside a build's folder is never followed to write or delete.

``charts/``, ``failed/``, ``html/``, ``notebooks/``, ``data/``, the staging folder and the
build's own files: a link among them is refused in one line naming it, before anything
is written (quick: no kernel starts), and again right before a run publishes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from buildkit import make_project
from test_guards import snapshot

from akidx.errors import AkidxError
from akidx.publish import execute
from akidx.publish.outfolder import OWNED
from akidx.publish.plan import Context, Run
from akidx.tables.files import write_manifest

# (link inside the build folder, what the user's folder it points to holds, why)
CASES = [
    ("charts", {"a/keep.txt": "keep"}, "run a's chart folder was deleted"),
    ("failed", {"a.ipynb": "mine"}, "a stale failed notebook was deleted"),
    ("html", {"a.html": "mine"}, "the page was written over the user's file"),
    ("notebooks", {"a.ipynb": "mine"}, "the executed notebook likewise"),
    ("data", {"measures.csv": "mine", ".akidx-manifest.json": '{"kind": "tables"}'},
     "the tables folder, marked as akidx's"),
    (".staging", {"x/keep.txt": "keep"}, "the staging folder"),
    ("index.html", {"page.html": "mine"}, "a file of the build's"),
]


def user_folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("name", "files", "why"), CASES, ids=[c[0] for c in CASES])
def test_a_link_in_the_build_folder_is_refused(tmp_path, name, files, why):
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    project.out.mkdir()
    write_manifest(project.out, "build", ["index.html"])
    mine = user_folder(tmp_path / "mine", files)
    target = mine / "page.html" if name == "index.html" else mine
    (project.out / name).symlink_to(target)
    before = snapshot(mine)
    with pytest.raises(AkidxError) as err:
        project.build(force=True)
    assert str(err.value).startswith(f"{project.out / name}: is a symbolic link inside "
                                     "akidx's folder"), why
    assert "\n" not in str(err.value)
    assert snapshot(mine) == before and sorted(before) == sorted(
        p.relative_to(mine).as_posix() for p in mine.rglob("*") if p.is_file()), why


def test_every_owned_name_is_checked():
    assert {c[0] for c in CASES} <= set(OWNED)


def test_a_link_made_after_the_build_started_is_refused_when_publishing(tmp_path):
    """The build checked its folder; a link that appears before a run publishes is refused
    then (the run fails), and the user's page is left as it was."""
    out = tmp_path / "out"
    mine = user_folder(tmp_path / "mine", {"a.html": "mine"})
    (out / "charts").mkdir(parents=True)
    (out / "html").symlink_to(mine)
    staging = tmp_path / "staging"
    (staging / "charts").mkdir(parents=True)
    ctx = Context(out=out, report=tmp_path / "r.txt", report_sha="r", data_dir=out / "data",
                  cwd=tmp_path, jobs=1, hide_code=False, code_sha="c")
    with pytest.raises(AkidxError, match=r"/out/html: is a symbolic link"):
        execute._publish(Run("a", tmp_path / "a.yaml"), ctx, staging, "{}", "<p>new</p>")
    assert (mine / "a.html").read_text(encoding="utf-8") == "mine"
    assert not (out / "notebooks").exists()
