"""The OpenSearch engine: an index on a cluster, searched over HTTP.

Every request goes to the location's alias, so a rebuild swapped in is seen at once, and
needs no state here beyond the client. A search is one request and one round trip
(:mod:`search.engines.opensearch.bodies`): the hits come with their stored items, the
total and the facets, all from the same refreshed view; items are read by id without
real-time reads (:mod:`search.engines.opensearch.reads`), so a commit in progress is
never seen before its refresh; an export pages through a point in time; similar items and
spelling use term statistics as Whoosh does (:mod:`search.engines.opensearch.terms`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from functools import partial
from typing import Any, cast

from opensearchpy import helpers

from search.engine import (
    EngineQuery,
    Found,
    Hit,
    IndexCheck,
    IndexedItem,
    IndexUnavailable,
    MeetingSummary,
)
from search.engines.opensearch.bodies import (
    chosen_filters,
    facet_aggregations,
    facet_counts,
    first_of_matter,
    first_value,
    hit_of,
    matching,
)
from search.engines.opensearch.connection import cluster_errors, connect, parse_location
from search.engines.opensearch.indices import checked_index
from search.engines.opensearch.integrity import check_location
from search.engines.opensearch.mapping import MATTER_FIELD, MAX_RESULT_WINDOW
from search.engines.opensearch.reads import Reader
from search.engines.opensearch.terms import TermStatistics
from search.engines.opensearch.translate import to_dsl
from search.fields import StoredItem
from search.querytree import Node

#: an export reads this many items per request, and keeps its view alive this long between
SCAN_PAGE = 500
KEEP_ALIVE = "2m"


class OpenSearchEngine:
    """An OpenSearch index opened for searching (a :class:`search.engine.Engine`)."""

    def __init__(self, location: str) -> None:
        self.place = parse_location(location)
        self.location = self.place.shown
        self.client = connect(self.place)
        self.reader = Reader(self.client, self.place)
        self.terms = TermStatistics(self.reader)
        try:
            checked_index(self.client, self.place)
        except BaseException:
            self.client.close()
            raise

    @property
    def index(self) -> str:
        return self.reader.index

    def close(self) -> None:
        self.client.close()

    def warm_up(self) -> None:
        self.reader.call("opening the index", lambda: self.client.count(index=self.index))

    # -- searching -------------------------------------------------------------------------

    def search(self, query: EngineQuery) -> Found:
        start = min(query.start, MAX_RESULT_WINDOW)
        chosen = chosen_filters(query)
        body = matching(query, chosen)
        body.update(
            {
                "from": start,
                "size": max(0, min(query.count, MAX_RESULT_WINDOW - start)),
                "track_total_hits": True,
                # the stored items come with the hits: no second round trip to read them
                "_source": ["payload"],
                "docvalue_fields": ["year", "case_key"],
                "aggs": facet_aggregations(query, chosen),
            }
        )
        if query.collapse:
            body["collapse"] = {"field": MATTER_FIELD}
        found = self.reader.search("searching", body)
        total = int(found["hits"]["total"]["value"])
        if query.collapse:
            total = int(found["aggregations"]["matters"]["n"]["value"])
        raw = found["hits"]["hits"]
        hits = [hit_of(hit, query) for hit in raw]
        if query.collapse:
            self._count_treatments(hits, raw)
        payloads = {
            hit.ref: cast(StoredItem, one["_source"]["payload"])
            for hit, one in zip(hits, raw, strict=True)
        }
        return Found(total, facet_counts(found), hits, partial(self._load, payloads))

    def scan(self, query: EngineQuery) -> Iterator[tuple[StoredItem, Hit]]:
        """Every match in order, a page at a time through a point in time (one consistent
        view, however the index changes meanwhile) and ``search_after``; one hit per matter
        keeps the first of each, as a collapsed search does."""
        body = matching(query, chosen_filters(query))
        body.update(
            {
                "size": SCAN_PAGE,
                "track_total_hits": False,
                "_source": ["payload"],
                "docvalue_fields": ["year", "case_key", MATTER_FIELD],
            }
        )
        opened = self.reader.call(
            "exporting",
            lambda: self.client.create_pit(index=self.index, params={"keep_alive": KEEP_ALIVE}),
        )
        pit = opened["pit_id"]
        seen: set[str] = set()
        try:
            while True:
                body["pit"] = {"id": pit, "keep_alive": KEEP_ALIVE}
                page = self.reader.call("exporting", lambda: self.client.search(body=body))
                pit = page.get("pit_id", pit)
                raw = page["hits"]["hits"]
                if query.collapse:
                    raw = [hit for hit in raw if first_of_matter(hit, seen)]
                hits = [hit_of(hit, query) for hit in raw]
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
        keys = {first_value(hit, "case_key") for hit in raw} - {None}
        counts: dict[str, int] = {}
        if keys:
            body = {
                "size": 0,
                "query": {"terms": {"case_key": sorted(keys)}},
                "aggs": {"keys": {"terms": {"field": "case_key", "size": len(keys)}}},
            }
            answer = self.reader.search("counting treatments", body)
            counts = {
                b["key"]: int(b["doc_count"]) for b in answer["aggregations"]["keys"]["buckets"]
            }
        for hit, found in zip(hits, raw, strict=True):
            key = first_value(found, "case_key")
            hit.treatments = counts.get(key, 1) if key else 1

    def _load(
        self, payloads: dict[tuple[str, str], StoredItem], chosen: Sequence[Hit]
    ) -> list[StoredItem]:
        """The stored items of ``chosen``: those the search returned with its hits, any
        other read from the physical index its hit came from."""
        found = {hit.ref: payloads[hit.ref] for hit in chosen if hit.ref in payloads}
        docs = [{"_index": hit.ref[0], "_id": hit.ref[1]} for hit in chosen if hit.ref not in found]
        if docs:
            found.update(
                {
                    (doc["_index"], doc["_id"]): cast(StoredItem, doc["_source"]["payload"])
                    for doc in self.reader.documents({"docs": docs}, None)
                }
            )
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

    def find(
        self, query: Node, limit: int, exclude_meeting: str | None = None
    ) -> list[tuple[StoredItem, float]]:
        dsl = to_dsl(query)
        if exclude_meeting:
            dsl = {"bool": {"must": [dsl], "must_not": [{"term": {"meeting_id": exclude_meeting}}]}}
        body = {"query": dsl, "size": limit, "_source": ["payload"]}
        hits = self.reader.search("searching", body)["hits"]["hits"]
        return [(cast(StoredItem, hit["_source"]["payload"]), float(hit["_score"])) for hit in hits]

    # -- items, meetings and statistics ------------------------------------------------------

    def items(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        return {
            doc["_id"]: cast(StoredItem, doc["_source"]["payload"])
            for doc in self.reader.documents({"ids": wanted}, self.index)
        }

    def meeting_items(self, meeting_id: str) -> list[StoredItem]:
        body = {
            "query": {"term": {"meeting_id": meeting_id}},
            "sort": [{"number": {"order": "asc"}}],
            "size": 10_000,
            "_source": ["payload"],
        }
        hits = self.reader.search("reading a meeting", body)["hits"]["hits"]
        return [cast(StoredItem, hit["_source"]["payload"]) for hit in hits]

    def meetings(self) -> list[MeetingSummary]:
        fields = {name: name for name in ("meeting_id", "organisation", "committee", "date")}
        names = self._organisation_names()
        summaries: dict[str, MeetingSummary] = {}
        for key, count in self.reader.distinct("listing meetings", {**fields, "year": "year"}):
            known = summaries.get(key["meeting_id"])
            summaries[key["meeting_id"]] = MeetingSummary(
                id=key["meeting_id"],
                organisation=key["organisation"] or None,
                committee=key["committee"] or None,
                date=key["date"] or None,
                year=key["year"] or None,
                items=count + (known.items if known else 0),
                organisation_name=names.get(key["organisation"]),
            )
        return list(summaries.values())

    def _organisation_names(self) -> dict[str, str]:
        """Each organisation's official name, as one of its items stores it (the name is
        in the stored item only, so one item per organisation is read)."""
        one = {"top_hits": {"size": 1, "_source": ["payload.organisation_name"]}}
        body = {
            "size": 0,
            "aggs": {
                "orgs": {
                    "terms": {"field": "organisation", "size": 10_000},
                    "aggs": {"one": one},
                }
            },
        }
        buckets = self.reader.search("listing meetings", body)["aggregations"]["orgs"]["buckets"]
        names: dict[str, str] = {}
        for bucket in buckets:
            hits = bucket["one"]["hits"]["hits"]
            name = hits[0]["_source"].get("payload", {}).get("organisation_name") if hits else None
            if name:
                names[bucket["key"]] = name
        return names

    def check(self) -> IndexCheck:
        """Verify the index behind the alias (:mod:`search.engines.opensearch.integrity`)."""
        return check_location(self.client, self.place)

    def doc_frequency(self, field: str, text: str) -> int:
        body = {"query": {"term": {field: text}}}
        answer = self.reader.call(
            "counting", lambda: self.client.count(index=self.index, body=body)
        )
        return int(answer["count"])

    def key_terms(self, text: str, limit: int) -> list[tuple[str, float]]:
        return self.terms.key_terms(text, limit)

    def spelling_candidates(self, word: str, limit: int) -> list[str]:
        return self.terms.spelling_candidates(word, limit)

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
