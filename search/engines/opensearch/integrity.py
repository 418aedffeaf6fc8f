"""What "intact" means for an index on a cluster, and how it is verified.

OpenSearch keeps its own checksums (every segment file is verified when a shard is
recovered or copied), so Referat does not checksum files as it does for a folder. What it
can still lose is *items*: a shard whose every copy was lost and then allocated empty,
or a write that never reached an index. So every commit records, in the physical index's
mapping (``_meta.referat.items``), how many items it left there after its refresh, and a
check compares:

- the cluster's health for the index (red: some shard has no copy on a running node);
- the layout version the index was built under (another one: outdated, rebuild it);
- the items the index holds with the number its last commit recorded.

A commit that is in progress or was interrupted (recorded in the writer lock, see
:mod:`search.engines.opensearch.writerlock`) explains a difference in the count: the
check then reports it as a leftover that the next ``referat index`` repairs, not as
damage. Indices an unfinished rebuild left behind are leftovers too.

>>> damage_of(items=10, recorded=10), damage_of(items=7, recorded=10)
(None, 'the index holds 7 items; its last commit left 10 (3 lost)')
"""

from __future__ import annotations

import time
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from search.engine import IndexCheck, IndexDamaged, IndexMissing
from search.engines.opensearch.connection import (
    WRITE_TIMEOUT,
    Location,
    cluster_errors,
    missing_index,
)
from search.engines.opensearch.indices import current_index, leftover_indices, referat_meta
from search.engines.opensearch.mapping import INDEX_VERSION
from search.engines.opensearch.writerlock import LOCK_INDEX


def record_items(client: OpenSearch, location: Location, index: str) -> int:
    """After a commit's refresh: note in ``index``'s mapping how many items it holds."""
    with cluster_errors(location, "recording the number of items"):
        items = int(client.count(index=index)["count"])
        meta = {**referat_meta(client, location, index), "items": items}
        client.indices.put_mapping(
            index=index,
            body={"_meta": {"referat": meta}},
            params={"request_timeout": WRITE_TIMEOUT},
        )
    return items


def damage_of(items: int, recorded: int | None) -> str | None:
    """What is wrong when an index holds ``items`` and its last commit recorded
    ``recorded`` (None: nothing recorded, nothing to compare)."""
    if recorded is None or items == recorded:
        return None
    lost = f" ({recorded - items} lost)" if items < recorded else ""
    return f"the index holds {items} items; its last commit left {recorded}{lost}"


def verify_items(client: OpenSearch, location: Location, index: str) -> None:
    """Raise :class:`IndexDamaged` when ``index`` no longer holds what its last commit
    left (called by a writer holding the lock, so no commit runs meanwhile)."""
    with cluster_errors(location, "counting the items"):
        items = int(client.count(index=index)["count"])
    damage = damage_of(items, _recorded(referat_meta(client, location, index)))
    if damage:
        raise IndexDamaged(
            f"the index at {location.shown} is damaged: {damage}; rebuild it with "
            f"`referat index --rebuild --index {location.url}`"
        )


def check_location(client: OpenSearch, location: Location) -> IndexCheck:
    """Verify the index behind ``location``'s alias (see the module docstring)."""
    started = time.perf_counter()
    index = current_index(client, location)
    if index is None:
        raise IndexMissing(missing_index(location))
    result = IndexCheck(location.shown, generation=index)
    with cluster_errors(location, "checking the index"):
        health = client.cluster.health(index=index, params={"level": "indices"})
        stats = client.indices.stats(index=index, metric="docs,store")["indices"][index]
        items = int(client.count(index=index)["count"]) if health["status"] != "red" else None
    meta = referat_meta(client, location, index)
    if meta.get("version") != INDEX_VERSION:
        result.outdated = (
            f"built by another version of Referat (schema {meta.get('version') or 'unknown'}, "
            f"this version uses {INDEX_VERSION})"
        )
    result.items = items
    result.parts = int(health.get("active_shards", 0))
    result.size = int(stats["total"]["store"]["size_in_bytes"])
    if health["status"] == "red":
        shards = int(health.get("number_of_shards") or 0)
        result.damaged.append(
            f"{shards - int(health.get('active_primary_shards', 0))} of {shards} primary "
            "shards have no copy on a running node (the index is red)"
        )
    damage = damage_of(items, _recorded(meta)) if items is not None else None
    unfinished = _unfinished_commit(client, location)
    if damage and unfinished:
        result.leftovers.append(f"an unfinished commit ({damage})")
    elif damage:
        result.damaged.append(damage)
    result.leftovers += leftover_indices(client, location, keep={index})
    result.seconds = time.perf_counter() - started
    return result


def _recorded(meta: dict[str, Any]) -> int | None:
    value = meta.get("items")
    return int(value) if isinstance(value, int) else None


def _unfinished_commit(client: OpenSearch, location: Location) -> bool:
    """Whether the writer lock records a commit in progress or interrupted."""
    with cluster_errors(location, "reading the writer lock"):
        try:
            found = client.get(index=LOCK_INDEX, id=location.name)
        except NotFoundError:
            return False
    return bool(found["_source"].get("commit"))
