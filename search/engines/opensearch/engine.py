"""The OpenSearch engine: an index on a cluster, searched over HTTP.

Every request goes to the location's alias, so a rebuild swapped in is seen at once, and
needs no state here beyond the client. A search is one request: the query, the facet
filters as a ``post_filter`` (hits and total honour them), each facet counted by an
aggregation under the *other* facets' filters, and one hit per matter by ``collapse``.
Items are read by id (``mget``), without real-time reads, so a commit in progress is never
seen before its refresh. Term statistics for similar items and spelling come from
``_termvectors`` of an artificial document and the term suggester.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from typing import Any, TypeVar, cast

from opensearchpy import helpers
from opensearchpy.exceptions import ConnectionError, TransportError

from search.analysis import exact_analyzer
from search.engine import EngineQuery, Found, Hit, IndexedItem, IndexUnavailable, MeetingSummary
from search.engines.opensearch.connection import (
    Location,
    cluster_errors,
    connect,
    parse_location,
)
from search.engines.opensearch.indices import checked_index
from search.engines.opensearch.mapping import MATTER_FIELD, MAX_RESULT_WINDOW
from search.engines.opensearch.translate import to_dsl
from search.fields import EXACT_FIELD, FACET_FIELDS, StoredItem
from search.querytree import Node

#: the most values a facet lists (Whoosh lists all; a national archive has ~800 committees)
FACET_VALUES = 5000
PAGE = 5000
#: an export reads this many items per request, and keeps its view alive this long between
SCAN_PAGE = 500
KEEP_ALIVE = "2m"
#: pauses before a read is tried again after a node or an index went away under it
RETRY_PAUSES = (0.2, 0.5, 1.0)
#: what OpenSearch says when that happened
WENT_AWAY = (
    "index_not_found",
    "node_disconnected",
    "node_not_connected",
    "connect_transport",
    "node_closed",
)
T = TypeVar("T")


class OpenSearchEngine:
    """An OpenSearch index opened for searching (a :class:`search.engine.Engine`)."""

    def __init__(self, location: str) -> None:
        self.place: Location = parse_location(location)
        self.location = self.place.shown
        self.index = self.place.name
        self.client = connect(self.place)
        try:
            checked_index(self.client, self.place)
        except BaseException:
            self.client.close()
            raise

    def close(self) -> None:
        self.client.close()

    def warm_up(self) -> None:
        self._call("opening the index", lambda: self.client.count(index=self.index))

    # -- searching -------------------------------------------------------------------------

    def search(self, query: EngineQuery) -> Found:
        start = min(query.start, MAX_RESULT_WINDOW)
        chosen = _chosen(query)
        body = _matching(query, chosen)
        body.update(
            {
                "from": start,
                "size": max(0, min(query.count, MAX_RESULT_WINDOW - start)),
                "track_total_hits": True,
                "_source": False,
                "docvalue_fields": ["year", "case_key"],
                "aggs": {
                    facet: {
                        "filter": _all_of([f for name, f in chosen.items() if name != facet]),
                        "aggs": {"values": {"terms": {"field": field, "size": FACET_VALUES}}},
                    }
                    for facet, field in FACET_FIELDS.items()
                },
            }
        )
        if query.collapse:
            body["collapse"] = {"field": MATTER_FIELD}
            body["aggs"]["matters"] = {
                "filter": _all_of(list(chosen.values())),
                "aggs": {
                    "n": {"cardinality": {"field": MATTER_FIELD, "precision_threshold": 40000}}
                },
            }
        found = self._search("searching", body)
        total = int(found["hits"]["total"]["value"])
        if query.collapse:
            total = int(found["aggregations"]["matters"]["n"]["value"])
        facets = {
            facet: Counter(
                {
                    str(bucket["key"]): int(bucket["doc_count"])
                    for bucket in found["aggregations"][facet]["values"]["buckets"]
                    if str(bucket["key"])
                }
            )
            for facet in FACET_FIELDS
        }
        hits = [_hit(hit, query) for hit in found["hits"]["hits"]]
        if query.collapse:
            self._count_treatments(hits, found["hits"]["hits"])
        return Found(total, facets, hits, self._load)

    def scan(self, query: EngineQuery) -> Iterator[tuple[StoredItem, Hit]]:
        """Every match in order, a page at a time through a point in time (one consistent
        view, however the index changes meanwhile) and ``search_after``; one hit per matter
        keeps the first of each, as a collapsed search does."""
        body = _matching(query, _chosen(query))
        body.update(
            {
                "size": SCAN_PAGE,
                "track_total_hits": False,
                "_source": ["payload"],
                "docvalue_fields": ["year", "case_key", MATTER_FIELD],
            }
        )
        opened = self._call(
            "exporting",
            lambda: self.client.create_pit(index=self.index, params={"keep_alive": KEEP_ALIVE}),
        )
        pit = opened["pit_id"]
        seen: set[str] = set()
        try:
            while True:
                body["pit"] = {"id": pit, "keep_alive": KEEP_ALIVE}
                page = self._call("exporting", lambda: self.client.search(body=body))
                pit = page.get("pit_id", pit)
                raw = page["hits"]["hits"]
                if query.collapse:
                    raw = [hit for hit in raw if _first_of_matter(hit, seen)]
                hits = [_hit(hit, query) for hit in raw]
                if query.collapse:
                    self._count_treatments(hits, raw)
                for hit, found in zip(hits, raw, strict=True):
                    yield cast(StoredItem, found["_source"]["payload"]), hit
                if len(page["hits"]["hits"]) < SCAN_PAGE:
                    return
                body["search_after"] = page["hits"]["hits"][-1]["sort"]
        finally:
            with suppress(Exception):  # it expires by itself
                self.client.delete_pit(body={"pit_id": [pit]})

    def _count_treatments(self, hits: list[Hit], raw: list[dict[str, Any]]) -> None:
        """Each collapsed hit's number of items sharing its case key (in the whole index)."""
        keys = {_first(hit, "case_key") for hit in raw} - {None}
        counts: dict[str, int] = {}
        if keys:
            body = {
                "size": 0,
                "query": {"terms": {"case_key": sorted(keys)}},
                "aggs": {"keys": {"terms": {"field": "case_key", "size": len(keys)}}},
            }
            buckets = self._search("counting treatments", body)["aggregations"]["keys"]["buckets"]
            counts = {bucket["key"]: int(bucket["doc_count"]) for bucket in buckets}
        for hit, found in zip(hits, raw, strict=True):
            key = _first(found, "case_key")
            hit.treatments = counts.get(key, 1) if key else 1

    def _load(self, chosen: Sequence[Hit]) -> list[StoredItem]:
        """The stored items of ``chosen``, from the physical index each hit came from."""
        if not chosen:
            return []
        docs = [{"_index": hit.ref[0], "_id": hit.ref[1]} for hit in chosen]
        found = self._mget(docs)
        missing = [doc["_id"] for doc in docs if (doc["_index"], doc["_id"]) not in found]
        if missing:  # a rebuild swapped the index meanwhile: read them from the new one
            found.update({(self.index, key): item for key, item in self.items(missing).items()})
        items = []
        for hit in chosen:
            item = found.get(hit.ref) or found.get((self.index, hit.ref[1]))
            if item is None:
                raise IndexUnavailable(
                    f"the index at {self.location} changed while answering; try again"
                )
            items.append(item)
        return items

    def _mget(self, docs: list[dict[str, str]]) -> dict[tuple[str, str], StoredItem]:
        return {
            (doc["_index"], doc["_id"]): cast(StoredItem, doc["_source"]["payload"])
            for doc in self._read({"docs": docs}, None)
        }

    def _read(self, body: dict[str, Any], index: str | None) -> list[dict[str, Any]]:
        """The documents ``mget`` finds (as the last refresh left them, not in real time);
        a document the cluster cannot read (its shard lost) fails the whole read."""
        answer = self._call(
            "reading items",
            lambda: self.client.mget(
                body=body, index=index, params={"realtime": "false", "_source": "payload"}
            ),
        )
        failed = [doc for doc in answer["docs"] if "error" in doc and not _gone(doc["error"])]
        if failed:
            error = failed[0]["error"]
            reason = error.get("reason", error) if isinstance(error, dict) else error
            raise IndexUnavailable(
                f"OpenSearch at {self.location} failed while reading items: {reason} "
                "(is the cluster red?)"
            )
        return [doc for doc in answer["docs"] if doc.get("found")]

    def find(
        self, query: Node, limit: int, exclude_meeting: str | None = None
    ) -> list[tuple[StoredItem, float]]:
        dsl = to_dsl(query)
        if exclude_meeting:
            dsl = {"bool": {"must": [dsl], "must_not": [{"term": {"meeting_id": exclude_meeting}}]}}
        body = {"query": dsl, "size": limit, "_source": ["payload"]}
        hits = self._search("searching", body)["hits"]["hits"]
        return [(cast(StoredItem, hit["_source"]["payload"]), float(hit["_score"])) for hit in hits]

    def items(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        return {
            doc["_id"]: cast(StoredItem, doc["_source"]["payload"])
            for doc in self._read({"ids": wanted}, self.index)
        }

    def meeting_items(self, meeting_id: str) -> list[StoredItem]:
        body = {
            "query": {"term": {"meeting_id": meeting_id}},
            "sort": [{"number": {"order": "asc"}}],
            "size": 10_000,
            "_source": ["payload"],
        }
        hits = self._search("reading a meeting", body)["hits"]["hits"]
        return [cast(StoredItem, hit["_source"]["payload"]) for hit in hits]

    def meetings(self) -> list[MeetingSummary]:
        fields = ("meeting_id", "organisation", "committee", "date", "year")
        sources = [{name: {"terms": {"field": name, "missing_bucket": True}}} for name in fields]
        summaries: dict[str, MeetingSummary] = {}
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": PAGE, "sources": sources}
            if after:
                composite["after"] = after
            answer = self._search(
                "listing meetings", {"size": 0, "aggs": {"m": {"composite": composite}}}
            )["aggregations"]["m"]
            for bucket in answer["buckets"]:
                key = bucket["key"]
                known = summaries.get(key["meeting_id"])
                summaries[key["meeting_id"]] = MeetingSummary(
                    id=key["meeting_id"],
                    organisation=key["organisation"] or None,
                    committee=key["committee"] or None,
                    date=key["date"] or None,
                    year=key["year"] or None,
                    items=int(bucket["doc_count"]) + (known.items if known else 0),
                )
            after = answer.get("after_key")
            if not after or not answer["buckets"]:
                return list(summaries.values())

    def doc_frequency(self, field: str, text: str) -> int:
        answer = self._call(
            "counting",
            lambda: self.client.count(index=self.index, body={"query": {"term": {field: text}}}),
        )
        return int(answer["count"])

    def key_terms(self, text: str, limit: int) -> list[tuple[str, float]]:
        """As Whoosh's ``key_terms_from_text`` (the Bo1 model) on the exact field: the
        text's words weighted by how often they occur in it against how common they are in
        the archive."""
        weights = Counter(exact_analyzer().texts(text, "index"))
        documents, in_archive = self._term_statistics(list(weights))
        scored = [
            (_bo1(weights[word], count, documents), word) for word, count in in_archive.items()
        ]
        if not scored:
            return []
        norm = _bo1_normaliser(max(score for score, _ in scored), documents)
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [(word, score / norm) for score, word in scored[:limit]]

    def spelling_candidates(self, word: str, limit: int) -> list[str]:
        """Exact-field words within two edits (first letter kept), the most frequent in the
        archive first, as Whoosh's corrector orders them (the term suggester finds them)."""
        body = {
            "size": 0,
            "suggest": {
                "spelling": {
                    "text": word,
                    "term": {
                        "field": EXACT_FIELD,
                        "suggest_mode": "always",
                        "max_edits": 2,
                        "prefix_length": 1,
                        "min_word_length": 2,
                        "accuracy": 0.1,
                        # a number above 1 counts items: however common the word, look
                        "max_term_freq": 2**31 - 1,
                        "max_inspections": 10,
                        "size": max(limit, 10),
                    },
                }
            },
        }
        answer = self._search("looking for spellings", body)
        candidates = {
            option["text"]
            for entry in answer.get("suggest", {}).get("spelling", [])
            for option in entry["options"]
        } - {word}
        _, in_archive = self._term_statistics(sorted(candidates))
        # as Whoosh's corrector: the `limit` greatest (frequency, word), listed by frequency,
        # then alphabetically (so of equally frequent words the alphabetically last are kept)
        kept = sorted(in_archive.items(), key=lambda pair: (pair[1], pair[0]))[-limit:]
        return [word for word, _ in sorted(kept, key=lambda pair: (-pair[1], pair[0]))]

    def _term_statistics(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """The number of items with exact text, and how often each of ``words`` occurs in
        the archive's exact text (words it does not hold are left out); from the term
        vector of an artificial document holding the words."""
        if not words:
            return 1, {}
        body = {
            "doc": {EXACT_FIELD: " ".join(words)},
            "fields": [EXACT_FIELD],
            "term_statistics": True,
            "field_statistics": True,
            "positions": False,
            "offsets": False,
        }
        answer = self._call(
            "weighing words", lambda: self.client.termvectors(index=self.index, body=body)
        )
        vector = answer.get("term_vectors", {}).get(EXACT_FIELD)
        if not vector:
            return 1, {}
        documents = max(1, int(vector["field_statistics"]["doc_count"]))
        counts = {term: int(stats.get("ttf") or 0) for term, stats in vector["terms"].items()}
        return documents, {term: count for term, count in counts.items() if count}

    def all_items(self) -> Iterator[IndexedItem]:
        query = {"query": {"match_all": {}}, "_source": ["payload", "source_path", "warnings"]}
        scanning = helpers.scan(self.client, query=query, index=self.index, size=500)
        with cluster_errors(self.place, "reading every item"):
            for hit in scanning:
                stored = hit["_source"]
                yield IndexedItem(
                    cast(StoredItem, stored["payload"]),
                    stored.get("source_path", ""),
                    list(stored.get("warnings") or []),
                )

    # -- requests ----------------------------------------------------------------------------

    def _search(self, doing: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call(
            doing,
            lambda: self.client.search(
                index=self.index, body=body, params={"allow_partial_search_results": "false"}
            ),
        )

    def _call(self, doing: str, request: Callable[[], T]) -> T:
        """``request`` with OpenSearch's errors as IndexUnavailable; tried again when it
        failed only because a node or an index went away under it (a node killed between
        a search's query and fetch phases, a rebuild swapping its index): every request the
        engine makes only reads."""
        with cluster_errors(self.place, doing):
            for pause in RETRY_PAUSES:
                try:
                    return request()
                except TransportError as error:
                    if isinstance(error, ConnectionError) or not _went_away(error):
                        raise  # the client has tried every host already
                    time.sleep(pause)
            return request()


def _chosen(query: EngineQuery) -> dict[str, dict[str, Any]]:
    """Per facet with chosen values, the filter on them."""
    return {
        facet: _values_filter(FACET_FIELDS[facet], values)
        for facet, values in query.filters.items()
        if values and facet in FACET_FIELDS
    }


def _matching(query: EngineQuery, chosen: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The request's query, its facet filters (as a post filter: facets are counted before
    them) and its order. Ties go by id: the same for a page and an export, on any number of
    shards (Whoosh's ties go by the order items were indexed in, usually the same)."""
    body: dict[str, Any] = {"query": to_dsl(query.query)}
    if chosen:
        body["post_filter"] = _all_of(list(chosen.values()))
    if query.order == "relevance":
        body["sort"] = [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}]
    else:
        direction = "asc" if query.order == "oldest" else "desc"
        body["sort"] = [
            {"date": {"order": direction, "missing": "_last"}},
            {"number": {"order": "asc"}},
            {"id": {"order": "asc"}},
        ]
    return body


def _first_of_matter(hit: dict[str, Any], seen: set[str]) -> bool:
    """Whether ``hit`` is the first of its matter (noted in ``seen``)."""
    matter = _first(hit, MATTER_FIELD)
    if matter in seen:
        return False
    seen.add(matter)
    return True


def _hit(hit: dict[str, Any], query: EngineQuery) -> Hit:
    score = float(hit["_score"]) if query.order == "relevance" else None
    return Hit((hit["_index"], hit["_id"]), score, _first(hit, "year"))


def _gone(error: Any) -> bool:
    """Whether a document's read failed only because its index was removed (a rebuild
    swapped it out): then it is not there, and is read again through the alias."""
    return isinstance(error, dict) and error.get("type") == "index_not_found_exception"


def _went_away(error: TransportError) -> bool:
    """Whether a request failed because a node or an index went away while it ran.

    >>> _went_away(TransportError(500, "node_disconnected_exception", {}))
    True
    >>> _went_away(TransportError(400, "parsing_exception", {}))
    False
    """
    text = f"{error.error} {error.info}"
    return any(sign in text for sign in WENT_AWAY)


def _values_filter(field: str, values: Sequence[str]) -> dict[str, Any]:
    return {"terms": {field: list(values)}}


def _all_of(filters: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def _first(hit: dict[str, Any], field: str) -> Any:
    values = hit.get("fields", {}).get(field)
    return values[0] if values else None


def _bo1(weight: float, in_archive: int, documents: int) -> float:
    """Whoosh's Bo1 score of a word (``whoosh.classify.Bo1Model.score``)."""
    f = in_archive / documents
    return weight * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2)


def _bo1_normaliser(best: float, documents: int) -> float:
    """Whoosh's Bo1 normaliser (``Bo1Model.normalizer``)."""
    if not best:
        return 1.0
    f = best / documents
    return (best * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)
