"""The search service: one place that answers searches, items and meetings.

The CLI and the web front-end both call this and render what it returns, plain
JSON-ready dicts, so ``referat search --json`` and ``/api/search`` are the same
contract by construction.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from search.archive_report import archive_report
from search.engine import Engine, EngineQuery, Hit, Order, default_location, open_engine
from search.facets import CLOSED_LABELS, DEFAULT_FACET_SIZE, facet_lists
from search.fields import StoredItem
from search.outcomes import OUTCOMES
from search.precedents import case_history, resolve_references, similar_items
from search.query import ParsedQuery, parse_query
from search.snippets import make_snippet
from search.spelling import suggest_query

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
RERANK_DEPTH = 50  # the recency prior reorders this many top hits (it moves a hit ≤ 15 %)
RECENCY_WEIGHT = 0.15  # a mild prior: ten years older costs at most ~10% of the score
RECENCY_HALF_LIFE_YEARS = 8.0
SORTS = ("relevance", "newest", "oldest")
_YEAR = re.compile(r"[0-9]{4}")


def is_year(value: str) -> bool:
    """A four-digit year in ASCII digits (``str.isdigit`` also accepts "²" and "٢٠١٩").

    >>> is_year("2019"), is_year("٢٠١٩"), is_year("19")
    (True, False, False)
    """
    return _YEAR.fullmatch(value) is not None


@dataclass
class SearchRequest:
    """What a user asked for; values are validated by :meth:`normalised`."""

    q: str = ""
    organisation: list[str] = field(default_factory=list)
    committee: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    sort: str = ""
    page: int = 1
    limit: int = DEFAULT_LIMIT
    exact: bool = False
    recency: bool = True
    collapse: bool = False  # one hit per matter (case number), with its number of treatments
    #: values listed per facet (the most frequent, plus the chosen ones); None: all
    facet_size: int | None = DEFAULT_FACET_SIZE

    def normalised(self) -> SearchRequest:
        """Clamp page/limit, keep only well-formed filter values, pick the default sort."""
        years = [y for y in self.year if is_year(y)]
        outcomes = [o for o in self.outcome if o in OUTCOMES]
        closed = [c for c in self.closed if c in CLOSED_LABELS]
        sort = self.sort if self.sort in SORTS else ("relevance" if self.q.strip() else "newest")
        return SearchRequest(
            q=self.q,
            organisation=[o for o in self.organisation if o],
            committee=[c for c in self.committee if c],
            year=years,
            outcome=outcomes,
            closed=closed,
            sort=sort,
            page=max(1, self.page),
            limit=min(MAX_LIMIT, max(1, self.limit)),
            exact=self.exact,
            recency=self.recency,
            collapse=self.collapse,
            facet_size=None if self.facet_size is None else max(1, self.facet_size),
        )

    def filters(self) -> dict[str, list[str]]:
        return {
            "organisation": self.organisation,
            "committee": self.committee,
            "year": self.year,
            "outcome": self.outcome,
            "closed": self.closed,
        }


class SearchService:
    """Answers searches, items and meetings from one engine (see :mod:`search.engine`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, location: str | Path | None = None) -> SearchService:
        """The service over the index at ``location`` (default: $REFERAT_INDEX or var/index);
        raises :class:`search.engine.IndexUnavailable`."""
        return cls(open_engine(location or default_location()))

    def close(self) -> None:
        self.engine.close()

    def warm_up(self) -> None:
        """Do the one-off work of a first search now (facet columns, the compound lexicon)."""
        self.engine.warm_up()

    # -- searching -------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> dict[str, Any]:
        request = request.normalised()
        parsed = parse_query(request.q, exact=request.exact)
        selected = request.filters()
        start = (request.page - 1) * request.limit
        if parsed.empty or request.sort != "relevance":
            order: Order = "oldest" if request.sort == "oldest" else "newest"
            found = self.engine.search(
                EngineQuery(parsed.query, selected, order, start, request.limit, request.collapse)
            )
            hits = found.hits
        else:
            # the recency prior reorders the best RERANK_DEPTH hits, then the page is cut
            depth = max(RERANK_DEPTH, start + request.limit)
            found = self.engine.search(
                EngineQuery(parsed.query, selected, "relevance", 0, depth, request.collapse)
            )
            hits = self._page(found.hits, request)
        items = found.load(hits)
        results = [_result(item, hit, parsed) for item, hit in zip(items, hits, strict=True)]
        if request.collapse:
            for result, hit in zip(results, hits, strict=True):
                result["treatments"] = hit.treatments or 1
        total = found.total
        facets, facet_info = facet_lists(found.facets, selected, request.facet_size)
        suggestion = None
        if not parsed.empty and total < 3:
            suggestion = self._better_query(request, total)
        return {
            "query": request.q,
            "mode": "exact" if request.exact or _only_phrases(parsed) else "stemmed",
            "sort": request.sort,
            "total": total,
            "page": request.page,
            "limit": request.limit,
            "pages": max(1, math.ceil(total / request.limit)),
            "results": results,
            "facets": facets,
            "facet_info": facet_info,
            "facet_size": request.facet_size,
            "filters": {name: values for name, values in selected.items() if values},
            "suggestion": suggestion,
        }

    def scan(self, request: SearchRequest) -> Iterator[StoredItem]:
        """Every item ``request`` finds (all pages, its filters), in the order its pages
        show them, read one at a time (for exports: memory does not grow with the rows)."""
        request = request.normalised()
        parsed = parse_query(request.q, exact=request.exact)
        relevance = not parsed.empty and request.sort == "relevance"
        order: Order = "relevance"
        if not relevance:
            order = "oldest" if request.sort == "oldest" else "newest"
        query = EngineQuery(parsed.query, request.filters(), order, 0, 0, request.collapse)
        found = self.engine.scan(query)
        if relevance and request.recency:
            # the first RERANK_DEPTH hits as a page shows them (the recency prior), then on
            best = list(islice(found, RERANK_DEPTH))
            by_id = {item["id"]: item for item, _ in best}
            hits = [replace(hit, ref=item["id"]) for item, hit in best]
            for hit in self._page(hits, replace(request, page=1, limit=RERANK_DEPTH)):
                yield by_id[hit.ref]
        for item, _ in found:
            yield item

    def archive_counts(self) -> dict[str, Counter[str]]:
        """How many items of the whole archive have each facet value (no query, no
        filter): to tell a chosen value the archive lacks from one the search misses."""
        everything = EngineQuery(parse_query("").query, {}, "newest", 0, 0)
        return self.engine.search(everything).facets

    def _better_query(self, request: SearchRequest, total: int) -> str | None:
        """A spelling suggestion for the query, only if it finds more than the query did."""
        suggestion = suggest_query(self.engine, request.q)
        if suggestion is None:
            return None
        corrected = parse_query(suggestion, exact=request.exact)
        if corrected.empty:
            return None
        found = self.engine.search(
            EngineQuery(corrected.query, request.filters(), "newest", 0, 0, request.collapse)
        )
        return suggestion if found.total > total else None

    @staticmethod
    def _page(hits: list[Hit], request: SearchRequest) -> list[Hit]:
        """The requested page of ``hits`` (best first), after the recency prior."""
        start = (request.page - 1) * request.limit
        ranked = hits[: max(RERANK_DEPTH, start + request.limit)]
        if request.recency:
            this_year = date.today().year
            ranked = [
                replace(hit, score=(hit.score or 0.0) * _recency(hit.year, this_year))
                for hit in ranked
            ]
            ranked.sort(key=lambda hit: -(hit.score or 0.0))
        return ranked[start : start + request.limit]

    # -- items and meetings ----------------------------------------------------------------

    def stored_item(self, item_id: str) -> StoredItem | None:
        """The item as indexed (no history, similar items or neighbours), or None."""
        return self.engine.items([item_id]).get(item_id)

    def report(self) -> dict[str, Any]:
        """What the archive holds, for the librarian (see :mod:`search.archive_report`)."""
        return archive_report(self.engine)

    def get_item(self, item_id: str) -> dict[str, Any] | None:
        stored = self.stored_item(item_id)
        if stored is None:
            return None
        item: dict[str, Any] = dict(stored)
        resolve_references(self.engine, item)
        item["history"] = case_history(self.engine, item)
        item["similar"] = similar_items(self.engine, item)
        ids = [sibling["id"] for sibling in self.engine.meeting_items(item["meeting_id"])]
        position = ids.index(item_id) if item_id in ids else -1
        item["previous"] = ids[position - 1] if position > 0 else None
        item["next"] = ids[position + 1] if 0 <= position < len(ids) - 1 else None
        return item

    def get_meeting(self, meeting_id: str) -> dict[str, Any] | None:
        items = self.engine.meeting_items(meeting_id)
        if not items:
            return None
        first: dict[str, Any] = dict(items[0])
        meeting = {key: first.get(key) for key in MEETING_KEYS}
        meeting["id"] = meeting_id
        meeting["items"] = [
            {
                "id": entry["id"],
                "number": entry["number"],
                "title": entry["title"],
                "outcome": entry["outcome"],
                "closed": entry["closed"],
            }
            for entry in items
        ]
        return meeting

    def committees(self) -> list[dict[str, Any]]:
        """Committees with their meetings by year, for browsing."""
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        meetings = sorted(self.engine.meetings(), key=lambda m: m.date or "", reverse=True)
        for meeting in meetings:
            key = (meeting.organisation or "", meeting.committee or "")
            entry = grouped.setdefault(
                key,
                {
                    "organisation": key[0],
                    "organisation_name": meeting.organisation_name,
                    "committee": key[1],
                    "years": {},
                },
            )
            entry["years"].setdefault(str(meeting.year or "ukendt"), []).append(
                {
                    "id": meeting.id,
                    "organisation": meeting.organisation,
                    "committee": meeting.committee,
                    "date": meeting.date,
                    "year": meeting.year,
                    "items": meeting.items,
                }
            )
        return [grouped[key] for key in sorted(grouped, key=lambda k: (k[0], k[1].lower()))]


MEETING_KEYS = (
    "meeting_id", "organisation", "organisation_name", "committee", "date", "time", "place",
    "participants", "absentees", "kind", "source", "source_format",
)  # fmt: skip


def _result(item: StoredItem, hit: Hit, parsed: ParsedQuery) -> dict[str, Any]:
    """One row of the results: the item's summary and a snippet marking the query's words."""
    sections = [(s["heading"], s["text"]) for s in item["sections"]]
    if not sections and item.get("decision"):
        sections = [("Beslutning", item["decision"])]
    snippet = make_snippet(sections, parsed.stemmed_terms, parsed.exact_terms, parsed.phrases)
    return {
        "id": item["id"],
        "organisation": item["organisation"],
        "committee": item["committee"],
        "date": item["date"],
        "number": item["number"],
        "title": item["title"],
        "outcome": item["outcome"],
        "closed": item["closed"],
        "kind": item.get("kind", "referat"),
        "snippet": snippet,
        "score": round(hit.score, 3) if hit.score is not None else None,
    }


def _recency(year: int | None, this_year: int) -> float:
    if year is None:
        return 1.0
    age = max(0, this_year - year)
    return 1.0 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE_YEARS)


def _only_phrases(parsed: ParsedQuery) -> bool:
    return parsed.exact_phrases and not parsed.stemmed_terms
