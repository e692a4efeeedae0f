"""Published files are readable by others (a web server, a colleague), as any file
the user creates: temporary files and folders are owner-only until fixed."""

from __future__ import annotations

import os
import stat

import pytest

from akidx.tables.report import parse_text
from akidx.tables.write import write_tables


@pytest.fixture
def normal_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_tables_folder_and_files_are_readable_by_others(raw_text, tmp_path, normal_umask):
    out = tmp_path / "processed"
    out.mkdir(mode=0o700)  # as an earlier akidx left it
    report = parse_text(raw_text)
    for _ in range(2):  # replace the owner-only folder, then a normal one
        write_tables(report, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o755
        for path in out.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path.name
