"""What the site's front page shows of a report, as typed records.

:func:`akidx.analysis.headline.headline` computes a :class:`Headline` once per report
(pandas); the build keeps it in its state file as JSON and writes the index from it on
a no-op build, so this module is standard library only. A new headline field is one
field here (and its value in ``headline``); ``from_json`` reads what ``to_json`` wrote.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class HeadlineKpi:
    """A main metric's latest fiscal-year total."""

    metric: str
    ja: str
    en: str
    fiscal_year: int
    fiscal_year_ja: str
    value: float
    unit: str
    approx: bool
    line: str  # its source line as the pages cite it (``L1575``)


@dataclass(frozen=True)
class RatingCount:
    """Measures with one rating mark, and the mark's meaning in the report's legend."""

    mark: str
    count: int
    label: str


@dataclass(frozen=True)
class Pillar:
    id: int
    title: str


@dataclass(frozen=True)
class MeasureItem:
    """A measure as the index lists it: number, title, pillar, mark, meaning, department."""

    id: int
    title: str
    pillar: int | None
    mark: str
    label: str
    department: str

    @property
    def name(self) -> str:
        """How the index and the page titles name it: ``13. AI・RPAによる…``."""
        return f"{self.id}. {self.title}"


@dataclass(frozen=True)
class AddedItem:
    """An added measure (追加施策) as the index lists it."""

    id: int
    title: str
    pillar: int | None
    department: str

    @property
    def name(self) -> str:
        """How the index and the page titles name it: ``追加2. 子どもに関する…``."""
        return f"追加{self.id}. {self.title}"


@dataclass(frozen=True)
class Headline:
    """The report's title and hash, headline KPIs, rating counts, and its measures by pillar."""

    title: str
    sha256: str
    kpis: list[HeadlineKpi] = field(default_factory=list)
    ratings: list[RatingCount] = field(default_factory=list)
    pillars: list[Pillar] = field(default_factory=list)
    measures: list[MeasureItem] = field(default_factory=list)
    added: list[AddedItem] = field(default_factory=list)

    def names(self) -> dict[str, dict[str, str]]:
        """Each id parameter's values and their names (``measure_id`` -> ``"13"`` ->
        ``13. AI・RPA…``), for the titles of the runs of an ``each:`` file."""
        return {"measure_id": {str(m.id): m.name for m in self.measures},
                "added_id": {str(a.id): a.name for a in self.added}}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Headline:
        """The record ``to_json`` wrote; TypeError or KeyError when it is not one."""
        return cls(title=data["title"], sha256=data["sha256"],
                   kpis=[HeadlineKpi(**k) for k in data["kpis"]],
                   ratings=[RatingCount(**r) for r in data["ratings"]],
                   pillars=[Pillar(**p) for p in data["pillars"]],
                   measures=[MeasureItem(**m) for m in data["measures"]],
                   added=[AddedItem(**a) for a in data["added"]])
