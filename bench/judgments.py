"""The judged query sets, and one judged query run through Referat's search service.

A judged set is a corpus and a TOML file of queries judged by reading its items (see the
header of each file). The sets are engine-neutral: judgments are item ids and grades, and a
query is run through :class:`search.service.SearchService`, whatever engine holds the index.

>>> [s.name for s in JUDGED_SETS]
['bundled', 'greve']
>>> j = Judgment("lokalplan", "user", {"a": 2}, filters={"year": ("2023",)})
>>> j.request(limit=5).year, j.scored, j.key
(['2023'], True, 'lokalplan [year=2023]')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RELEVANCE = ROOT / "tests" / "relevance"
DEPTH = 100  # how many hits of a query are read and scored
FILTERS = ("organisation", "committee", "year", "outcome", "closed")


@dataclass(frozen=True)
class JudgedSet:
    """A corpus and the queries judged on it."""

    name: str
    judgments: Path
    corpus: tuple[Path, ...]
    description: str


JUDGED_SETS: tuple[JudgedSet, ...] = (
    JudgedSet(
        "bundled",
        RELEVANCE / "judgments.toml",
        (ROOT / "tests" / "fixtures" / "bundled",),
        "the five small meetings Referat began with (40 items)",
    ),
    JudgedSet(
        "greve",
        RELEVANCE / "greve.toml",
        (ROOT / "data",),
        "data/: Greve's archive 2022-2023 (2,882 items) and the five small meetings",
    ),
)
SETS_BY_NAME = {judged.name: judged for judged in JUDGED_SETS}


@dataclass(frozen=True)
class Judgment:
    """One judged query (see the header of the judgments files)."""

    q: str
    category: str
    relevant: dict[str, int]
    user: str | None = None
    best: str | None = None
    suggestion: str | None = None
    must_not: tuple[str, ...] = ()
    note: str = ""
    #: facet filters chosen beside the query: name → values (OR within, AND across)
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the name of the judged set the query belongs to
    judged_set: str = ""
    #: why Referat is known to lose this query (its per-query checks are expected to fail)
    known_loss: str = ""

    @property
    def scored(self) -> bool:
        """Queries without relevant items (only ``must_not``) do not enter the metrics."""
        return any(grade > 0 for grade in self.relevant.values())

    @property
    def key(self) -> str:
        """The query with its filters: unique within a set, and a readable test id."""
        chosen = " ".join(f"{name}={','.join(values)}" for name, values in self.filters.items())
        return f"{self.q} [{chosen}]" if chosen else self.q

    @property
    def about(self) -> set[str]:
        """The items judged to be about the query (grade 2)."""
        return {item for item, grade in self.relevant.items() if grade == 2}

    def request(self, q: str | None = None, limit: int = DEPTH) -> Any:
        """The search request a user makes: the query (or ``q``) and the filters."""
        from search.service import SearchRequest

        request = SearchRequest(q=self.q if q is None else q, limit=limit)
        for name, values in self.filters.items():
            setattr(request, name, list(values))
        return request


def load_judgments(path: Path, judged_set: str = "") -> list[Judgment]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    judgments: list[Judgment] = []
    for entry in raw["query"]:
        filters = entry.get("filters", {})
        unknown = sorted(set(filters) - set(FILTERS))
        if unknown:
            raise ValueError(f"{path.name}: {entry['q']!r} has unknown filters {unknown}")
        judgments.append(
            Judgment(
                q=entry["q"],
                category=entry["category"],
                relevant={str(k): int(v) for k, v in entry.get("relevant", {}).items()},
                user=entry.get("user"),
                best=entry.get("best"),
                suggestion=entry.get("suggestion"),
                must_not=tuple(entry.get("must_not", ())),
                note=entry.get("note", ""),
                filters={name: tuple(map(str, values)) for name, values in filters.items()},
                judged_set=judged_set,
                known_loss=entry.get("known_loss", ""),
            )
        )
    return judgments


def load_set(judged: JudgedSet) -> list[Judgment]:
    return load_judgments(judged.judgments, judged.name)


@dataclass
class Run:
    """What one system returned for one judged query."""

    ranking: list[str]
    ran: str  # the query actually run (Referat: the suggestion, for misspellings)
    suggestion: str | None = None


def referat_search(service: Any, judgment: Judgment) -> Run:
    """Run a judged query through Referat's SearchService with its filters, following the
    suggestion ("Mente du …?") for a misspelling, as a user who clicks it would."""
    result = service.search(judgment.request())
    suggestion = result.get("suggestion")
    if judgment.suggestion is not None and suggestion:
        followed = service.search(judgment.request(q=suggestion))
        return Run([r["id"] for r in followed["results"]], suggestion, suggestion)
    return Run([r["id"] for r in result["results"]], judgment.q, suggestion)
