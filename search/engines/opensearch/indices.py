"""The physical indices behind a location's alias: find, check, create, swap and remove.

A location's name is an alias. Each build of the archive is a physical index named
``<alias>.<UTC time>.<random>``, marked in its mapping's ``_meta`` with the alias it is
for and the layout it was built under; the alias moves from one to the next in one
atomic ``_aliases`` call, so searchers see the old index or the new, never a half-built
one. Indices marked for the alias that it does not point at are what an interrupted
build left behind; the next writer removes them.
"""

from __future__ import annotations

import secrets
import time
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from search.engine import IndexMissing, IndexOutdated, IndexUnavailable
from search.engines.opensearch.connection import (
    WRITE_TIMEOUT,
    Location,
    cluster_errors,
    missing_index,
)
from search.engines.opensearch.mapping import INDEX_VERSION, index_body

#: seconds a swapped-out index lives on, so that searches that started on it can finish
RETIRE_DELAY = 1.0


def current_index(client: OpenSearch, location: Location) -> str | None:
    """The physical index the alias points at; None when there is no such alias.

    Raises :class:`IndexUnavailable` when the name is an index of its own or an alias of
    several indices: not something Referat made.
    """
    with cluster_errors(location, "looking up the index"):
        try:
            found = client.indices.get_alias(name=location.name)
        except NotFoundError:
            if client.indices.exists(index=location.name):
                raise IndexUnavailable(
                    f"{location.shown} is an index Referat did not make (Referat's index "
                    "name is an alias); choose another name"
                ) from None
            return None
    indices = sorted(found)
    if len(indices) != 1:
        raise IndexUnavailable(
            f"the alias {location.name} at {','.join(location.hosts)} points at "
            f"{len(indices)} indices ({', '.join(indices)}); Referat's points at one"
        )
    return indices[0]


def referat_meta(client: OpenSearch, location: Location, index: str) -> dict[str, Any]:
    """What Referat wrote into the index's mapping (``{}`` for an index it did not make)."""
    with cluster_errors(location, "reading the index's mapping"):
        mapping = client.indices.get_mapping(index=index)
    meta = (mapping.get(index, {}).get("mappings", {}).get("_meta") or {}).get("referat")
    return meta if isinstance(meta, dict) else {}


def checked_index(client: OpenSearch, location: Location) -> str:
    """The physical index behind the alias, built under this version of the layout.

    Raises :class:`IndexUnavailable` when there is none and :class:`IndexOutdated` when it
    was built by another version of Referat.
    """
    index = current_index(client, location)
    if index is None:
        raise IndexMissing(missing_index(location))
    check_version(client, location, index)
    return index


def check_version(client: OpenSearch, location: Location, index: str) -> None:
    """Raise :class:`IndexOutdated` unless ``index`` was built under this layout."""
    version = referat_meta(client, location, index).get("version")
    if version != INDEX_VERSION:
        raise IndexOutdated(
            f"the index at {location.shown} was built by another version of Referat "
            f"(schema {version or 'unknown'}, this version uses {INDEX_VERSION}); "
            f"rebuild it with `referat index --rebuild --index {location.url}`"
        )


def create_index(client: OpenSearch, location: Location) -> str:
    """A new, empty physical index for the alias (not yet pointed at)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    index = f"{location.name}.{stamp}.{secrets.token_hex(3)}"
    body = index_body(location.shards, location.replicas, location.name)
    with cluster_errors(location, f"creating the index {index}"):
        try:
            client.indices.create(index=index, body=body, params={"wait_for_active_shards": "1"})
        except RequestError as error:
            # the client sent the request again after a node went away mid-answer: the first
            # one made it (the name is ours alone)
            if error.error != "resource_already_exists_exception":
                raise
    return index


def make_live(client: OpenSearch, location: Location, index: str) -> None:
    """Make a built index ready to serve: refreshed, its primaries active."""
    with cluster_errors(location, f"finishing the index {index}"):
        client.indices.refresh(index=index, params={"request_timeout": WRITE_TIMEOUT})
        client.cluster.health(
            index=index,
            params={"wait_for_status": "yellow", "timeout": "60s", "request_timeout": 90},
        )


def point_alias(client: OpenSearch, location: Location, index: str, previous: str | None) -> None:
    """Move the alias from ``previous`` to ``index`` in one atomic step."""
    actions: list[dict[str, Any]] = [{"add": {"index": index, "alias": location.name}}]
    if previous:
        actions.insert(0, {"remove": {"index": previous, "alias": location.name}})
    with cluster_errors(location, "swapping the new index in"):
        try:
            client.indices.update_aliases(body={"actions": actions})
        except TransportError:
            # sent again after a node went away mid-answer, the first one may have made it
            if current_index(client, location) != index:
                raise


def retire_index(client: OpenSearch, location: Location, index: str) -> None:
    """Remove an index the alias no longer points at, after a moment for the searches
    that started on it."""
    time.sleep(RETIRE_DELAY)
    remove_index(client, location, index)


def remove_index(client: OpenSearch, location: Location, index: str) -> None:
    with cluster_errors(location, f"removing the index {index}"), suppress(NotFoundError):
        client.indices.delete(index=index, params={"request_timeout": WRITE_TIMEOUT})


def leftover_indices(client: OpenSearch, location: Location, keep: set[str]) -> list[str]:
    """Indices made for this alias (by their ``_meta``) other than ``keep``: what builds
    that did not finish left behind."""
    with cluster_errors(location, "listing the indices"):
        mappings = client.indices.get_mapping(
            index=f"{location.name}.*", params={"allow_no_indices": "true"}
        )
    found = []
    for index, body in mappings.items():
        meta = (body.get("mappings", {}).get("_meta") or {}).get("referat") or {}
        if meta.get("alias") == location.name and index not in keep:
            found.append(index)
    return sorted(found)
