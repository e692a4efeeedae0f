"""What the last successful build saw: content hashes, written atomically.

Standard library only, so a no-op ``akidx build`` can decide that nothing needs
to run without importing Jupyter, papermill or nbconvert.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from akidx.tables.files import atomic_write, sha256_bytes
from akidx.tables.summary import Headline

STATE_FILE = ".build-state.json"
STATE_VERSION = 3  # 3: typed report record (headline, tables written, ids)
_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_SUFFIXES = {".py", ".j2", ".json", ".css", ".tpl"}


def code_hash(package: Path = _PACKAGE) -> str:
    """Hash of the akidx package source: any code change re-runs every notebook."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def notebook_hash_of(nb: dict[str, Any]) -> str:
    """Hash of a notebook's cells, ignoring outputs, execution counts and metadata noise.

    Saving a notebook after running it in Jupyter does not force a rebuild; editing
    a cell, its type or its tags (``parameters``) does."""
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        tags = cell.get("metadata", {}).get("tags", [])
        cells.append([cell.get("cell_type"), source, sorted(tags)])
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return sha256_bytes(json.dumps([kernel, cells], ensure_ascii=False).encode())


@dataclass
class RunRecord:
    """One run's last success: its key and what the index shows of it."""

    key: str
    title: str = ""
    heading: str = ""
    params: dict[str, str] = field(default_factory=dict)
    thumbnail: str | None = None
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TablesWritten:
    """What the report's tables were last written from: while all of it matches, a build
    reuses them (and the headline) instead of parsing the report again."""

    report_sha: str
    code_sha: str
    data_dir: str
    formats: list[str]
    metrics_sha: str
    tables: list[str]  # the files besides datapackage.json


@dataclass(frozen=True)
class ReportInfo:
    """The report as the last build saw it: its headline for the index, where its tables
    were written, and each ``each:`` id's values (None: not parsed for ids yet)."""

    headline: Headline
    written: TablesWritten
    ids: dict[str, list[int]] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportInfo:
        return cls(headline=Headline.from_json(data["headline"]),
                   written=TablesWritten(**data["written"]), ids=data.get("ids"))


@dataclass(frozen=True)
class SourceInfo:
    """``source.html`` as last written: for which report and code, and its line count."""

    key: str
    lines: int


@dataclass
class BuildState:
    """Every run's last success, the report's data for the index, and ``source.html``'s."""

    runs: dict[str, RunRecord] = field(default_factory=dict)
    report: ReportInfo | None = None
    source: SourceInfo | None = None

    @classmethod
    def load(cls, out_dir: Path) -> BuildState:
        """The last state, or an empty one when missing, unreadable or from another version."""
        try:
            raw = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
            if raw.get("version") != STATE_VERSION:
                return cls()
            runs = {name: RunRecord(**entry) for name, entry in raw["runs"].items()}
            report = ReportInfo.from_json(raw["report"]) if raw.get("report") else None
            source = SourceInfo(**raw["source"]) if raw.get("source") else None
            return cls(runs=runs, report=report, source=source)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls()

    def save(self, out_dir: Path) -> None:
        data = {"version": STATE_VERSION, **asdict(self)}
        atomic_write(out_dir / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1))
