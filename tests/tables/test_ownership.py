"""akidx writes only into folders it owns; a run's files are published together or not at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from akidx.errors import AkidxError
from akidx.tables import export, files
from akidx.tables.files import MANIFEST, publish_together, write_manifest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def own_csv(root: Path) -> Path:
    (root / "mine.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # the user's own table
    (root / "data.parquet").write_bytes(b"PAR1")
    return root


def build_folder(root: Path) -> Path:
    (root / "index.html").write_text("x", encoding="utf-8")
    write_manifest(root, "build", ["index.html"])
    return root


# (what --out holds, words of the error, why)
CASES = [
    (own_csv, "holds files akidx did not write (data.parquet, mine.csv)",
     "the user's own CSV/Parquet files were silently deleted"),
    (build_folder, "is an akidx build folder", "a build's folder is not a tables folder"),
]


@pytest.mark.parametrize("fill, words, why", CASES, ids=[c[2] for c in CASES])
def test_parse_refuses_a_folder_it_does_not_own(tmp_path, raw_path, fill, words, why):
    (tmp_path / "out").mkdir()
    out = fill(tmp_path / "out")
    before = snapshot(out)
    with pytest.raises(AkidxError, match=re.escape(words)):
        export.export_tables(raw_path, out)
    assert snapshot(out) == before, why
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left


def test_parse_into_its_own_folder_again(tmp_path, raw_path):
    out = tmp_path / "out"
    export.export_tables(raw_path, out)
    (out / "README.md").write_text("kept", encoding="utf-8")
    export.export_tables(raw_path, out)  # its marker makes it akidx's
    assert (out / MANIFEST).is_file() and (out / "README.md").read_text() == "kept"


def test_parse_refuses_a_report_inside_out(tmp_path, raw_path):
    out = tmp_path / "out"
    export.export_tables(raw_path, out)
    report = out / "report.txt"
    report.write_bytes(raw_path.read_bytes())
    with pytest.raises(AkidxError, match="the report is inside --out"):
        export.export_tables(report, out)
    assert report.read_bytes() == raw_path.read_bytes()


def staged(tmp_path: Path) -> tuple[list[tuple[Path, Path]], Path]:
    """Old published files (page, notebook, charts) and their staged replacements."""
    pub, stage = tmp_path / "out", tmp_path / "stage"
    (pub / "html").mkdir(parents=True)
    (pub / "notebooks").mkdir()
    (pub / "charts" / "a").mkdir(parents=True)
    (stage / "charts").mkdir(parents=True)
    for folder, name, text in [(pub / "notebooks", "a.ipynb", "old nb"),
                               (pub / "html", "a.html", "old page 12,236"),
                               (pub / "charts" / "a", "chart.csv", "12236"),
                               (stage, "nb", "new nb"), (stage, "page", "new page 13,236"),
                               (stage / "charts", "chart.csv", "13236")]:
        (folder / name).write_text(text, encoding="utf-8")
    moves = [(stage / "nb", pub / "notebooks" / "a.ipynb"),
             (stage / "page", pub / "html" / "a.html"), (stage / "charts", pub / "charts" / "a")]
    return moves, pub


@pytest.mark.parametrize("fail_at", range(1, 7))
def test_publish_together_or_not_at_all(tmp_path, monkeypatch, fail_at):
    """A failure at any rename (full disk, unwritable html/) leaves the old run whole."""
    moves, pub = staged(tmp_path)
    before = snapshot(pub)
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(src)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(OSError):
        publish_together(moves, tmp_path / "aside")
    assert snapshot(pub) == before  # 12,236 on the page and in the chart data, as before


def test_publish_together(tmp_path):
    moves, pub = staged(tmp_path)
    publish_together(moves, tmp_path / "aside")
    assert (pub / "html" / "a.html").read_text() == "new page 13,236"
    assert (pub / "charts" / "a" / "chart.csv").read_text() == "13236"
    assert (pub / "notebooks" / "a.ipynb").read_text() == "new nb"
    assert not (tmp_path / "aside").exists()


# Issue 16.2: (a user's file put into a folder `parse` owns, relative path, why)
USER_FILES = [
    ("notes.txt", "a file of the user's next to the tables"),
    ("analysis/draft.ipynb", "a folder of the user's"),
    (".hidden", "a hidden file"),
    ("measures.csv.bak", "a copy of a table, under another name"),
]


@pytest.mark.parametrize(("name", "why"), USER_FILES, ids=[c[1] for c in USER_FILES])
def test_parse_keeps_a_user_file_in_its_own_folder(tmp_path, raw_path, name, why):
    out = tmp_path / "out"
    export.export_tables(raw_path, out, ("csv", "parquet"))
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_text("mine", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(AkidxError) as err:
        export.export_tables(raw_path, out)
    assert str(err.value).startswith(f"{out / Path(name).parts[0]}: was not written by akidx")
    assert "\n" not in str(err.value) and snapshot(out) == before, why


def test_the_writer_checks_too(tmp_path, raw_path):
    """Also when the file appears after `parse` checked (between its check and its write)."""
    from akidx.tables.read import load_report
    from akidx.tables.write import write_tables

    out = tmp_path / "out"
    report = load_report(raw_path)
    write_tables(report, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AkidxError, match="notes.txt: was not written by akidx"):
        write_tables(report, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_files_akidx_wrote_in_other_formats_are_replaced(tmp_path, raw_path):
    """What the marker lists (parquet last time), or a table's name, is akidx's: no refusal."""
    out = tmp_path / "out"
    export.export_tables(raw_path, out, ("csv", "parquet", "xlsx"))
    (out / MANIFEST).unlink()  # an older akidx's folder, or data/processed: named like tables
    write_manifest(out, "tables", ["measures.csv"])
    export.export_tables(raw_path, out)
    assert not (out / "measures.parquet").exists() and (out / "measures.csv").is_file()
