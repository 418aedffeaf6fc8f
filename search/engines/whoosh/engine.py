"""The embedded Whoosh engine: an index folder, searched in this process.

One searcher is kept per engine and replaced when the index changes (a new generation
published, or another folder put in its place). Each generation is verified cheaply when
it is opened, and its files are held open so that a request in progress (or an export
scan) finishes on it while the next one is published
(:mod:`search.engines.whoosh.generations`). An error no request should meet (a damaged
large file, or a bug) makes the engine verify the whole index once per generation: damage
is reported as :class:`search.engine.IndexDamaged`, anything else raised as it was.

Every match of a word query is scored at once with numpy, exactly as whoosh's BM25F would
(:mod:`search.engines.whoosh.scoring`); facets, date order and one hit per matter come
from numpy columns (:mod:`search.engines.whoosh.columns`). Prefixes and ranges are scored
by whoosh itself.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt
from whoosh import collectors, sorting
from whoosh import query as wq

from search.compounds import default_splitter
from search.engine import (
    EngineQuery,
    Found,
    Hit,
    IndexCheck,
    IndexDamaged,
    IndexedItem,
    IndexUnavailable,
    MeetingSummary,
)
from search.engines.whoosh.columns import (
    FacetColumns,
    SegmentColumns,
    count_facets,
    passing,
    passing_mask,
)
from search.engines.whoosh.generations import Generation, damage_message, open_generation, pin
from search.engines.whoosh.scoring import (
    PostingArrays,
    Scored,
    best_first,
    matching_docnums,
    score_matches,
    top_hits,
)
from search.engines.whoosh.store import check_folder
from search.engines.whoosh.translate import to_whoosh
from search.fields import EXACT_FIELD, StoredItem
from search.querytree import Node


class Snapshot(NamedTuple):
    """One consistent view of the index: its searcher and the arrays read from it."""

    searcher: Any
    columns: FacetColumns
    arrays: PostingArrays


_Result = TypeVar("_Result")


def _reading(method: Callable[..., _Result]) -> Callable[..., _Result]:
    """``method``, with an unexpected error explained by a thorough check (see the module
    docstring)."""

    @functools.wraps(method)
    def guarded(self: WhooshEngine, *args: Any, **kwargs: Any) -> _Result:
        try:
            return method(self, *args, **kwargs)
        except IndexUnavailable:
            raise
        except Exception as error:
            self.explain(error)
            raise

    return guarded


class WhooshEngine:
    """An index folder opened for searching (a :class:`search.engine.Engine`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self._folder = _folder_identity(path)
        self._lock = threading.Lock()
        self._generation, self._searcher = _open_pinned(path)
        self._snapshot: Snapshot | None = None
        self._leases: dict[int, int] = {}  # searcher → scans still reading it
        self._checked: tuple[int, list[str]] | None = None  # generation → damage found
        self._segment_columns: SegmentColumns = {}  # facet columns of segments read before

    def close(self) -> None:
        self._searcher.close()

    @_reading
    def warm_up(self) -> None:
        self.snapshot()
        default_splitter()

    def snapshot(self) -> Snapshot:
        """The current view of the index, refreshed when the index has changed."""
        with self._lock:
            folder = _folder_identity(self.path)
            # a fresh searcher rather than refresh(): whoosh's refresh fails on an index
            # that had no segments yet, and the index changes rarely; another folder put in
            # place of the index may repeat the generation number: compare folders too
            if folder != self._folder or not self._searcher.up_to_date():
                self._folder = folder
                self._replace_searcher()
            if self._snapshot is None:
                columns = FacetColumns(self._searcher, self._segment_columns)
                self._snapshot = Snapshot(self._searcher, columns, PostingArrays(self._searcher))
            return self._snapshot

    def _replace_searcher(self) -> None:
        stale = self._searcher
        self._generation, self._searcher = _open_pinned(self.path)
        if id(stale) not in self._leases:  # a running scan closes it when it ends
            stale.close()
        self._snapshot = None

    def check(self) -> IndexCheck:
        return check_folder(self.path)

    def explain(self, error: Exception) -> None:
        """Raise :class:`IndexDamaged` from ``error`` when a thorough check finds damage
        (checked once per generation); return when the index is intact."""
        number = self._generation.number
        if self._checked is None or self._checked[0] != number:
            self._checked = (number, check_folder(self.path).damaged)
        if self._checked[1]:
            raise IndexDamaged(damage_message(self.path, self._checked[1])) from error

    # -- searching -------------------------------------------------------------------------

    @_reading
    def search(self, query: EngineQuery) -> Found:
        snapshot = self.snapshot()
        searcher, columns = snapshot.searcher, snapshot.columns
        ordered = _ordered(snapshot, query, query.start + query.count)
        end = query.start + query.count
        hits = [
            Hit(int(docnum), score, _year(columns.value("year", int(docnum))))
            for docnum, score in ordered.pairs(query.start, end)
        ]
        if query.collapse:
            for hit in hits:
                hit.treatments = _treatments(searcher, hit.ref)

        @_reading
        def load(engine: WhooshEngine, chosen: Sequence[Hit]) -> list[StoredItem]:
            return [_payload(searcher.stored_fields(hit.ref)) for hit in chosen]

        return Found(ordered.total, ordered.counts, hits, functools.partial(load, self))

    def scan(self, query: EngineQuery) -> Iterator[tuple[StoredItem, Hit]]:
        snapshot = self._lease()
        try:
            searcher, columns = snapshot.searcher, snapshot.columns
            ordered = _ordered(snapshot, query, None)
            for docnum, score in ordered.pairs(0, None):
                hit = Hit(docnum, score, _year(columns.value("year", docnum)))
                if query.collapse:
                    hit.treatments = _treatments(searcher, docnum)
                yield _payload(searcher.stored_fields(docnum)), hit
        except IndexUnavailable:
            raise
        except Exception as error:
            self.explain(error)
            raise
        finally:
            self._release(snapshot)

    def _lease(self) -> Snapshot:
        """The current view, kept open until :meth:`_release` even if the index changes."""
        snapshot = self.snapshot()
        with self._lock:
            self._leases[id(snapshot.searcher)] = self._leases.get(id(snapshot.searcher), 0) + 1
        return snapshot

    def _release(self, snapshot: Snapshot) -> None:
        key = id(snapshot.searcher)
        with self._lock:
            self._leases[key] -= 1
            if self._leases[key]:
                return
            del self._leases[key]
            retired = snapshot.searcher is not self._searcher
        if retired:
            snapshot.searcher.close()

    @_reading
    def find(
        self, query: Node, limit: int, exclude_meeting: str | None = None
    ) -> list[tuple[StoredItem, float]]:
        searcher = self.snapshot().searcher
        mask = wq.Term("meeting_id", exclude_meeting) if exclude_meeting else None
        hits = searcher.search(to_whoosh(query), limit=limit, mask=mask)
        return [(_payload(hit.fields()), float(hit.score or 0.0)) for hit in hits]

    @_reading
    def items(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        searcher = self.snapshot().searcher
        found: dict[str, StoredItem] = {}
        for item_id in ids:
            stored = searcher.document(id=item_id)
            if stored is not None:
                found[item_id] = _payload(stored)
        return found

    @_reading
    def meeting_items(self, meeting_id: str) -> list[StoredItem]:
        searcher = self.snapshot().searcher
        hits = searcher.search(
            wq.Term("meeting_id", meeting_id), limit=None, sortedby=sorting.FieldFacet("number")
        )
        return [_payload(hit.fields()) for hit in hits]

    @_reading
    def meetings(self) -> list[MeetingSummary]:
        searcher = self.snapshot().searcher
        summaries: list[MeetingSummary] = []
        for raw in searcher.lexicon("meeting_id"):
            meeting_id = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            stored = searcher.document(meeting_id=meeting_id)
            if stored is None:
                continue
            summaries.append(
                MeetingSummary(
                    id=meeting_id,
                    organisation=stored.get("organisation") or None,
                    committee=stored.get("committee") or None,
                    date=stored.get("date") or None,
                    year=stored.get("year") or None,
                    items=searcher.doc_frequency("meeting_id", meeting_id),
                    organisation_name=_payload(stored).get("organisation_name"),
                )
            )
        return summaries

    @_reading
    def doc_frequency(self, field: str, text: str) -> int:
        return int(self.snapshot().searcher.doc_frequency(field, text))

    @_reading
    def key_terms(self, text: str, limit: int) -> list[tuple[str, float]]:
        searcher = self.snapshot().searcher
        return [
            (str(term), float(weight))
            for term, weight in searcher.key_terms_from_text(EXACT_FIELD, text, numterms=limit)
        ]

    @_reading
    def spelling_candidates(self, word: str, limit: int) -> list[str]:
        corrector = self.snapshot().searcher.corrector(EXACT_FIELD)
        return [str(c) for c in corrector.suggest(word, limit=limit, maxdist=2, prefix=1)]

    def all_items(self) -> Iterator[IndexedItem]:
        try:
            for fields in self.snapshot().searcher.all_stored_fields():
                yield IndexedItem(
                    _payload(fields),
                    fields.get("source_path", ""),
                    json.loads(fields.get("warnings") or "[]"),
                )
        except IndexUnavailable:
            raise
        except Exception as error:
            self.explain(error)
            raise


def _open_pinned(path: Path) -> tuple[Generation, Any]:
    """The newest generation and a searcher of it with every file held open."""
    for _ in range(5):
        generation = open_generation(path)
        try:
            searcher = generation.index.searcher()
        except FileNotFoundError:
            continue  # superseded while it was opened: open the newer one
        try:
            pin(searcher, generation.sums)
        except FileNotFoundError:
            searcher.close()
            continue
        return generation, searcher
    raise IndexUnavailable(f"the index at {path} kept changing while it was opened; try again")


class _Ordered(NamedTuple):
    """Every match of a query in its order: document numbers, scores (None by date)."""

    total: int
    counts: dict[str, Counter[str]]
    docnums: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64] | None

    def pairs(self, start: int, end: int | None) -> Iterator[tuple[int, float | None]]:
        docnums = self.docnums[start:end].tolist()
        if self.scores is None:
            return ((docnum, None) for docnum in docnums)
        return zip(docnums, self.scores[start:end].tolist(), strict=True)


def _ordered(snapshot: Snapshot, query: EngineQuery, needed: int | None) -> _Ordered:
    """The matches of ``query`` that pass its filters, in its order (with ``collapse``, the
    first of each matter); ``needed`` says how many of the best a search will read (None:
    all), so that a page of a relevance search sorts only what it shows."""
    searcher, columns, arrays = snapshot
    wquery = to_whoosh(query.query)
    selected = query.filters
    if query.order != "relevance":
        # totals, facets and the date order all from numpy columns: no scoring at all
        matched = matching_docnums(arrays, wquery)
        total, counts = count_facets(columns, matched, selected)
        ordered = columns.by_date(passing(columns, matched, selected), query.order != "oldest")
        if query.collapse:
            firsts, folded = columns.first_per_case(ordered)
            ordered, total = ordered[firsts], total - folded
        return _Ordered(total, counts, ordered, None)
    found = score_matches(arrays, wquery)
    if found is None:
        found = _score_all(searcher, wquery)
    total, counts = count_facets(columns, found.docnums, selected)
    keep = passing_mask(columns, found.docnums, selected)
    if query.collapse:
        ranked = best_first(found, keep)
        firsts, folded = columns.first_per_case(ranked.docnums)
        return _Ordered(total - folded, counts, ranked.docnums[firsts], ranked.scores[firsts])
    if needed is not None:
        best = top_hits(found, keep, needed)
        return _Ordered(
            total,
            counts,
            np.array([docnum for docnum, _ in best], dtype=np.int64),
            np.array([score for _, score in best], dtype=np.float64),
        )
    ranked = best_first(found, keep)
    return _Ordered(total, counts, ranked.docnums, ranked.scores)


def _treatments(searcher: Any, docnum: int) -> int:
    """How many items share this item's matter (1 without a case number)."""
    key = searcher.stored_fields(docnum).get("case_key")
    return int(searcher.doc_frequency("case_key", key)) if key else 1


def _payload(stored: dict[str, Any]) -> StoredItem:
    return cast(StoredItem, json.loads(stored["payload"]))


def _score_all(searcher: Any, query: wq.Query) -> Scored:
    """Every match scored by whoosh, for the queries numpy does not score."""
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(query, collector)
    pairs = sorted((docnum, float(score)) for score, docnum in collector.results().top_n)
    return Scored(
        np.array([docnum for docnum, _ in pairs], dtype=np.int64),
        np.array([score for _, score in pairs], dtype=np.float64),
    )


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _folder_identity(path: Path) -> tuple[int, int]:
    """Which folder is at ``path`` now (a rebuild renames a new one into place)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_dev, stat.st_ino)
