"""The search service: one place that answers searches, items and meetings.

The CLI and the web front-end both call this and render what it returns, plain
JSON-ready dicts, so ``referat search --json`` and ``/api/search`` are the same
contract by construction.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from whoosh import collectors, sorting
from whoosh import query as wq

from search.compounds import default_splitter
from search.facets import FacetColumns, count_facets, passing, passing_mask
from search.index import open_index
from search.outcomes import OUTCOMES, outcome_label
from search.precedents import case_history, resolve_references, similar_items
from search.query import ParsedQuery, parse_query
from search.scoring import (
    PostingArrays,
    Scored,
    best_first,
    matching_docnums,
    score_matches,
    top_hits,
)
from search.snippets import make_snippet
from search.spelling import suggest_query

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
RERANK_DEPTH = 50  # the recency prior reorders this many top hits (it moves a hit ≤ 15 %)
RECENCY_WEIGHT = 0.15  # a mild prior: ten years older costs at most ~10% of the score
RECENCY_HALF_LIFE_YEARS = 8.0
SORTS = ("relevance", "newest", "oldest")
CLOSED_LABELS = {"true": "Lukket", "false": "Åben"}


@dataclass
class SearchRequest:
    """What a user asked for; values are validated by :meth:`normalised`."""

    q: str = ""
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

    def normalised(self) -> SearchRequest:
        """Clamp page/limit, keep only well-formed filter values, pick the default sort."""
        years = [y for y in self.year if y.isdigit() and len(y) == 4]
        outcomes = [o for o in self.outcome if o in OUTCOMES]
        closed = [c for c in self.closed if c in CLOSED_LABELS]
        sort = self.sort if self.sort in SORTS else ("relevance" if self.q.strip() else "newest")
        return SearchRequest(
            q=self.q,
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
        )

    def filters(self) -> dict[str, list[str]]:
        return {
            "committee": self.committee,
            "year": self.year,
            "outcome": self.outcome,
            "closed": self.closed,
        }


class Snapshot(NamedTuple):
    """One consistent view of the index: its searcher and the arrays read from it."""

    searcher: Any
    columns: FacetColumns
    arrays: PostingArrays


class SearchService:
    """Searches one index; reuses its searcher and refreshes it when the index changes."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._index = open_index(index_dir)
        self._folder = _folder_identity(index_dir)
        self._lock = threading.Lock()
        self._searcher = self._index.searcher()
        self._snapshot: Snapshot | None = None

    def close(self) -> None:
        self._searcher.close()

    def warm_up(self) -> None:
        """Do the one-off work of a first search now (facet columns, the compound lexicon)."""
        self._current()
        default_splitter()

    def _current(self) -> Snapshot:
        with self._lock:
            folder = _folder_identity(self.index_dir)
            if folder != self._folder:
                # `referat index --rebuild` swapped in a new index folder, whose generation
                # numbers start again and may equal the old one's: reopen, don't compare
                self._index, self._folder = open_index(self.index_dir), folder
                stale, self._searcher = self._searcher, self._index.searcher()
                stale.close()
                self._snapshot = None
            elif not self._searcher.up_to_date():
                # a fresh searcher rather than refresh(): whoosh's refresh fails on an index
                # that had no segments yet, and the index changes rarely
                stale, self._searcher = self._searcher, self._index.searcher()
                stale.close()
                self._snapshot = None
            if self._snapshot is None:
                self._snapshot = Snapshot(
                    self._searcher, FacetColumns(self._searcher), PostingArrays(self._searcher)
                )
            return self._snapshot

    # -- searching -------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> dict[str, Any]:
        request = request.normalised()
        searcher, columns, arrays = self._current()
        parsed = parse_query(request.q, exact=request.exact)
        selected = request.filters()
        collapsed = 0
        start = (request.page - 1) * request.limit
        depth = max(RERANK_DEPTH, start + request.limit)
        if parsed.empty or request.sort != "relevance":
            # totals, facets and the date order all from numpy columns: no scoring at all
            matched = matching_docnums(arrays, parsed.query)
            total, counts = count_facets(columns, matched, selected)
            ordered = columns.by_date(passing(columns, matched, selected), request.sort != "oldest")
            if request.collapse:
                firsts, collapsed = columns.first_per_case(ordered)
                ordered = ordered[firsts]
            docnums: list[tuple[int, float | None]] = [
                (int(doc), None) for doc in ordered[start : start + request.limit]
            ]
        else:
            # words, OR, AND, NOT, phrases: every match scored at once by numpy, as whoosh
            # would; prefixes and ranges: scored by whoosh
            found = score_matches(arrays, parsed.query)
            if found is None:
                found = self._score_all(searcher, parsed)
            total, counts = count_facets(columns, found.docnums, selected)
            keep = passing_mask(columns, found.docnums, selected)
            if request.collapse:
                ranked = best_first(found, keep)
                firsts, collapsed = columns.first_per_case(ranked.docnums)
                best = [(int(ranked.docnums[i]), float(ranked.scores[i])) for i in firsts[:depth]]
            else:
                best = top_hits(found, keep, depth)
            docnums = self._page(columns, best, request)
        results = [self._result(searcher, docnum, score, parsed) for docnum, score in docnums]
        if request.collapse:
            total -= collapsed
            for result, (docnum, _) in zip(results, docnums, strict=True):
                key = searcher.stored_fields(docnum).get("case_key")
                result["treatments"] = searcher.doc_frequency("case_key", key) if key else 1
        suggestion = None
        if not parsed.empty and total < 3:
            suggestion = suggest_query(searcher, request.q)
        return {
            "query": request.q,
            "mode": "exact" if request.exact or _only_phrases(parsed) else "stemmed",
            "sort": request.sort,
            "total": total,
            "page": request.page,
            "limit": request.limit,
            "pages": max(1, math.ceil(total / request.limit)),
            "results": results,
            "facets": _facet_lists(counts, selected),
            "filters": {name: values for name, values in selected.items() if values},
            "suggestion": suggestion,
        }

    @staticmethod
    def _score_all(searcher: Any, parsed: ParsedQuery) -> Scored:
        """Every match scored by whoosh, for the queries numpy does not score."""
        collector = collectors.UnlimitedCollector()
        searcher.search_with_collector(parsed.query, collector)
        pairs = sorted((docnum, float(score)) for score, docnum in collector.results().top_n)
        return Scored(
            np.array([docnum for docnum, _ in pairs], dtype=np.int64),
            np.array([score for _, score in pairs], dtype=np.float64),
        )

    @staticmethod
    def _page(
        columns: FacetColumns, scored: list[tuple[int, float]], request: SearchRequest
    ) -> list[tuple[int, float | None]]:
        """The requested page of ``scored`` (best first), after the recency prior."""
        start = (request.page - 1) * request.limit
        ranked = scored[: max(RERANK_DEPTH, start + request.limit)]
        if request.recency:
            this_year = date.today().year
            ranked = [
                (docnum, score * _recency(columns.value("year", docnum), this_year))
                for docnum, score in ranked
            ]
            ranked.sort(key=lambda pair: -pair[1])
        return list(ranked[start : start + request.limit])

    def _result(
        self, searcher: Any, docnum: int, score: float | None, parsed: ParsedQuery
    ) -> dict[str, Any]:
        item = json.loads(searcher.stored_fields(docnum)["payload"])
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
            "score": round(score, 3) if score is not None else None,
        }

    # -- items and meetings ----------------------------------------------------------------

    def get_item(self, item_id: str) -> dict[str, Any] | None:
        searcher = self._current().searcher
        stored = searcher.document(id=item_id)
        if stored is None:
            return None
        item: dict[str, Any] = json.loads(stored["payload"])
        resolve_references(searcher, item)
        item["history"] = case_history(searcher, item)
        item["similar"] = similar_items(searcher, item)
        siblings = self._meeting_items(searcher, item["meeting_id"])
        ids = [sibling["id"] for sibling in siblings]
        position = ids.index(item_id) if item_id in ids else -1
        item["previous"] = ids[position - 1] if position > 0 else None
        item["next"] = ids[position + 1] if 0 <= position < len(ids) - 1 else None
        return item

    def get_meeting(self, meeting_id: str) -> dict[str, Any] | None:
        searcher = self._current().searcher
        items = self._meeting_items(searcher, meeting_id)
        if not items:
            return None
        first = items[0]
        meeting = {key: first.get(key) for key in MEETING_KEYS}
        meeting["id"] = meeting_id
        meeting["items"] = [
            {key: entry.get(key) for key in ("id", "number", "title", "outcome", "closed")}
            for entry in items
        ]
        return meeting

    def _meeting_items(self, searcher: Any, meeting_id: str) -> list[dict[str, Any]]:
        hits = searcher.search(
            wq.Term("meeting_id", meeting_id), limit=None, sortedby=sorting.FieldFacet("number")
        )
        return [json.loads(hit["payload"]) for hit in hits]

    def committees(self) -> list[dict[str, Any]]:
        """Committees with their meetings by year, for browsing."""
        searcher = self._current().searcher
        meetings: dict[str, dict[str, Any]] = {}
        for raw in searcher.lexicon("meeting_id"):
            meeting_id = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            stored = searcher.document(meeting_id=meeting_id)
            if stored is None:
                continue
            count = searcher.doc_frequency("meeting_id", meeting_id)
            meetings[meeting_id] = {
                "id": meeting_id,
                "organisation": stored.get("organisation"),
                "committee": stored.get("committee"),
                "date": stored.get("date") or None,
                "year": stored.get("year") or None,
                "items": count,
            }
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for meeting in sorted(meetings.values(), key=lambda m: m["date"] or "", reverse=True):
            key = (meeting["organisation"] or "", meeting["committee"] or "")
            entry = grouped.setdefault(
                key, {"organisation": key[0], "committee": key[1], "years": {}}
            )
            entry["years"].setdefault(str(meeting["year"] or "ukendt"), []).append(meeting)
        return [grouped[key] for key in sorted(grouped, key=lambda k: (k[0], k[1].lower()))]


MEETING_KEYS = (
    "meeting_id", "organisation", "committee", "date", "time", "place", "participants",
    "absentees", "kind", "source", "source_format",
)  # fmt: skip


def _folder_identity(path: Path) -> tuple[int, int]:
    """Which folder is at ``path`` now (a rebuild renames a new one into place)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_dev, stat.st_ino)


def _recency(year: str, this_year: int) -> float:
    if not year.isdigit():
        return 1.0
    age = max(0, this_year - int(year))
    return 1.0 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE_YEARS)


def _only_phrases(parsed: ParsedQuery) -> bool:
    return parsed.exact_phrases and not parsed.stemmed_terms


def _label(facet: str, value: str) -> str:
    if facet == "outcome":
        return outcome_label(value)
    if facet == "closed":
        return CLOSED_LABELS.get(value, value)
    return value


def _facet_lists(counts: dict[str, Any], selected: dict[str, list[str]]) -> dict[str, Any]:
    """{facet: [{value, label, count, selected}]}; selected values stay listed even at 0."""
    lists: dict[str, list[dict[str, Any]]] = {}
    for facet, counter in counts.items():
        values = dict(counter)
        for chosen in selected.get(facet) or ():
            values.setdefault(chosen, 0)
        if facet == "year":
            order = sorted(values, reverse=True)
        else:
            order = sorted(values, key=lambda v: (-values[v], v))
        lists[facet] = [
            {
                "value": value,
                "label": _label(facet, value),
                "count": values[value],
                "selected": value in (selected.get(facet) or ()),
            }
            for value in order
        ]
    return lists
