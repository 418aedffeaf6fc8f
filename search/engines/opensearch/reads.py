"""Reading from a location's index: every request with the cluster's errors as
:class:`search.engine.IndexUnavailable`, and sent again when it failed only because a node
or an index went away while it ran (a node killed between a search's query and fetch
phases, a rebuild swapping its index): every request here only reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError, TransportError

from search.engine import IndexUnavailable
from search.engines.opensearch.connection import Location, cluster_errors

#: pauses before a read is sent again after a node or an index went away under it
RETRY_PAUSES = (0.2, 0.5, 1.0)
#: what OpenSearch says when that happened
WENT_AWAY = (
    "index_not_found",
    "node_disconnected",
    "node_not_connected",
    "connect_transport",
    "node_closed",
)
#: buckets per page of a composite aggregation
PAGE = 5000
T = TypeVar("T")


class Reader:
    """Reads of one location, by default through its alias (``index``)."""

    def __init__(self, client: OpenSearch, place: Location) -> None:
        self.client = client
        self.place = place
        self.index = place.name

    def call(self, doing: str, request: Callable[[], T]) -> T:
        """``request``, its errors as IndexUnavailable saying what was being done."""
        with cluster_errors(self.place, doing):
            for pause in RETRY_PAUSES:
                try:
                    return request()
                except TransportError as error:
                    if isinstance(error, ConnectionError) or not went_away(error):
                        raise  # the client has tried every host already
                    time.sleep(pause)
            return request()

    def search(self, doing: str, body: dict[str, Any], index: str | None = None) -> dict[str, Any]:
        """A search that fails rather than answer from some of the shards."""
        return self.call(
            doing,
            lambda: self.client.search(
                index=index or self.index,
                body=body,
                params={"allow_partial_search_results": "false"},
            ),
        )

    def documents(self, body: dict[str, Any], index: str | None) -> list[dict[str, Any]]:
        """The stored items ``mget`` finds, as the last refresh left them (not in real time,
        so a commit is never seen before it is complete); a document the cluster cannot read
        (its shard lost) fails the read, one whose index was removed is not found."""
        answer = self.call(
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
                f"OpenSearch at {self.place.shown} failed while reading items: {reason} "
                "(is the cluster red?)"
            )
        return [doc for doc in answer["docs"] if doc.get("found")]

    def distinct(
        self,
        doing: str,
        fields: dict[str, str],
        index: str | None = None,
        query: dict[str, Any] | None = None,
    ) -> Iterator[tuple[dict[str, Any], int]]:
        """Every distinct combination of the values of ``fields`` (name → field; a missing
        value is None) with its number of items, among the items ``query`` matches (all
        when None), a page at a time."""
        sources = [
            {name: {"terms": {"field": field, "missing_bucket": True}}}
            for name, field in fields.items()
        ]
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": PAGE, "sources": sources}
            if after:
                composite["after"] = after
            body: dict[str, Any] = {"size": 0, "aggs": {"keys": {"composite": composite}}}
            if query is not None:
                body["query"] = query
            keys = self.search(doing, body, index)["aggregations"]["keys"]
            for bucket in keys["buckets"]:
                yield bucket["key"], int(bucket["doc_count"])
            after = keys.get("after_key")
            if not after or not keys["buckets"]:
                return


def went_away(error: TransportError) -> bool:
    """Whether a request failed because a node or an index went away while it ran.

    >>> went_away(TransportError(500, "node_disconnected_exception", {}))
    True
    >>> went_away(TransportError(400, "parsing_exception", {}))
    False
    """
    text = f"{error.error} {error.info}"
    return any(sign in text for sign in WENT_AWAY)


def _gone(error: Any) -> bool:
    """Whether a document's read failed only because its index was removed (a rebuild
    swapped it out): then it is not there, and is read again through the alias."""
    return isinstance(error, dict) and error.get("type") == "index_not_found_exception"
