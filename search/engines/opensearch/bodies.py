"""The bodies of a search request, and what is read back from its hits.

A search is one request: the query, the facet filters as a ``post_filter`` (hits and
total honour them), each facet counted by an aggregation under the *other* facets'
filters, the order (ties by id, the same for a page and an export on any number of
shards), and one hit per matter by ``collapse`` on a key every item has.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from search.engine import EngineQuery, Hit
from search.engines.opensearch.mapping import MATTER_FIELD
from search.engines.opensearch.translate import to_dsl
from search.fields import FACET_FIELDS

#: the most values a facet lists (Whoosh lists all; a national archive has ~800 committees)
FACET_VALUES = 5000

Filters = dict[str, dict[str, Any]]


def chosen_filters(query: EngineQuery) -> Filters:
    """Per facet with chosen values, the filter on them (OR within the facet)."""
    return {
        facet: {"terms": {FACET_FIELDS[facet]: list(values)}}
        for facet, values in query.filters.items()
        if values and facet in FACET_FIELDS
    }


def matching(query: EngineQuery, chosen: Filters) -> dict[str, Any]:
    """The query, its facet filters (as a post filter: facets are counted before them)
    and its order. Ties go by id (Whoosh's go by the order items were indexed in)."""
    body: dict[str, Any] = {"query": to_dsl(query.query)}
    if chosen:
        body["post_filter"] = all_of(list(chosen.values()))
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


def facet_aggregations(query: EngineQuery, chosen: Filters) -> dict[str, Any]:
    """Each facet counted under the other facets' filters (a facet no other filter limits
    is counted directly: a filter matching everything costs time); when collapsed, the
    matters."""
    aggregations: dict[str, Any] = {}
    for facet, field in FACET_FIELDS.items():
        others = [f for name, f in chosen.items() if name != facet]
        values = {"terms": {"field": field, "size": FACET_VALUES}}
        aggregations[facet] = (
            {"filter": all_of(others), "aggs": {"values": values}} if others else values
        )
    if query.collapse:
        aggregations["matters"] = {
            "filter": all_of(list(chosen.values())),
            "aggs": {"n": {"cardinality": {"field": MATTER_FIELD, "precision_threshold": 40000}}},
        }
    return aggregations


def facet_counts(found: dict[str, Any]) -> dict[str, Counter[str]]:
    """The facets of a search answer, as the service counts them (no empty values)."""
    counts: dict[str, Counter[str]] = {}
    for facet in FACET_FIELDS:
        answer = found["aggregations"][facet]
        buckets = answer.get("values", answer)["buckets"]
        counts[facet] = Counter(
            {str(b["key"]): int(b["doc_count"]) for b in buckets if str(b["key"])}
        )
    return counts


def all_of(filters: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def hit_of(hit: dict[str, Any], query: EngineQuery) -> Hit:
    """A search hit as the service takes it; its handle is (physical index, id)."""
    score = float(hit["_score"]) if query.order == "relevance" else None
    return Hit((hit["_index"], hit["_id"]), score, first_value(hit, "year"))


def first_value(hit: dict[str, Any], field: str) -> Any:
    """A hit's value of a field asked for as ``docvalue_fields`` (None when it has none)."""
    values = hit.get("fields", {}).get(field)
    return values[0] if values else None


def first_of_matter(hit: dict[str, Any], seen: set[str]) -> bool:
    """Whether ``hit`` is the first of its matter (noted in ``seen``)."""
    matter = first_value(hit, MATTER_FIELD)
    if matter in seen:
        return False
    seen.add(matter)
    return True
