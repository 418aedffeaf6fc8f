"""A large run analyses its items in worker processes (``parallel``): the index it writes
must be the one a single process writes, for a rebuild and for a change, and a failure in
a worker must fail the run without a half-written index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opensearchpy import OpenSearch

from indexer.documents import meeting_documents
from indexer.pipeline import read_file
from referat.opensearch_nodes import LocalCluster
from search.engine import open_writer
from search.engines.opensearch.analysing import BATCH_ITEMS
from search.engines.opensearch.connection import parse_location
from search.engines.opensearch.indices import current_index
from search.fields import ItemDocument
from tests.conftest import drop_opensearch_index, new_index_url

pytestmark = pytest.mark.opensearch

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def documents() -> list[ItemDocument]:
    """The items of a few real Greve meetings: more than two batches, so that workers
    deliver out of step with the reading."""
    found: list[ItemDocument] = []
    for path in sorted((DATA / "greve-firstagenda-json").glob("*.json.gz"))[:16]:
        meeting = read_file(path, path.read_bytes(), {"organisation": "Greve"})
        found += meeting_documents(meeting, str(path), "hash")
    assert len(found) > 2 * BATCH_ITEMS
    return found


@pytest.fixture
def two_locations(
    opensearch_node: LocalCluster, opensearch_client: OpenSearch
) -> Iterator[tuple[str, str]]:
    urls = (new_index_url(opensearch_node, "serial"), new_index_url(opensearch_node, "parallel"))
    yield urls
    for url in urls:
        drop_opensearch_index(opensearch_client, url)


def indexed(client: OpenSearch, location: str) -> dict[str, Any]:
    """Every item's id → its ``_source``, as the cluster holds it."""
    name = location.rsplit("/", 1)[-1]
    client.indices.refresh(index=name)
    found = client.search(index=name, body={"query": {"match_all": {}}, "size": 10_000})
    return {hit["_id"]: hit["_source"] for hit in found["hits"]["hits"]}


def write(location: str, documents: list[ItemDocument], rebuild: bool, parallel: bool) -> None:
    with open_writer(location, rebuild=rebuild, parallel=parallel) as writer:
        for document in documents:
            writer.add(document)
        writer.commit()


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "change"])
def test_workers_write_what_one_process_writes(
    documents: list[ItemDocument],
    two_locations: tuple[str, str],
    opensearch_client: OpenSearch,
    rebuild: bool,
) -> None:
    serial, parallel = two_locations
    first, rest = documents[:5], documents[5:]
    for location, in_workers in ((serial, False), (parallel, True)):
        write(location, first, rebuild=True, parallel=False)
        write(location, rest, rebuild=rebuild, parallel=in_workers)
    expected = indexed(opensearch_client, serial)
    assert len(expected) == (len(rest) if rebuild else len(documents))
    assert indexed(opensearch_client, parallel) == expected


def test_a_failing_worker_fails_the_rebuild_and_the_old_index_stays(
    documents: list[ItemDocument],
    two_locations: tuple[str, str],
    opensearch_client: OpenSearch,
) -> None:
    location = two_locations[0]
    write(location, documents[:5], rebuild=True, parallel=False)
    live = current_index(opensearch_client, parse_location(location))
    broken = ItemDocument(**{**documents[5].__dict__, "texts": {"title": 5}})  # not text
    with pytest.raises(TypeError), open_writer(location, rebuild=True, parallel=True) as writer:
        for document in [*documents[6:], broken]:
            writer.add(document)
        writer.commit()
    assert current_index(opensearch_client, parse_location(location)) == live
    assert set(indexed(opensearch_client, location)) == {d.id for d in documents[:5]}
