"""A real three-node cluster: it indexes with one replica, and survives ``kill -9`` of a node."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opensearchpy import OpenSearch

from referat.opensearch_nodes import LocalCluster

pytestmark = pytest.mark.opensearch

ITEMS = [
    {"title": "Lokalplan for Kattrup", "committee": "Teknik- og Miljøudvalget"},
    {"title": "Socialt frikort", "committee": "Erhvervs- og Beskæftigelsesudvalget"},
    {"title": "Studietur til Stockholm", "committee": "Erhvervs- og Beskæftigelsesudvalget"},
    {"title": "Budget 2024, økonomiudvalgets forslag", "committee": "Økonomiudvalget"},
    {"title": "Kontanthjælpsmodtagere i job", "committee": "Beskæftigelsesudvalget"},
    {"title": "Lokalplan nord, forslag", "committee": "Teknik- og Miljøudvalget"},
]


def client_of(cluster: LocalCluster, *, skip: str = "") -> OpenSearch:
    """A client over every node but ``skip``: it fails over between them, as the engine will."""
    hosts = [node.url for node in cluster.nodes if node.name != skip]
    return OpenSearch(hosts=hosts, timeout=30, max_retries=3, retry_on_timeout=True)


@pytest.fixture
def replicated_index(opensearch_cluster: LocalCluster) -> Iterator[str]:
    """Three shards with one replica each, holding ITEMS, every copy started (green) so that
    a node may be killed; deleted afterwards."""
    client = client_of(opensearch_cluster)
    settings = {"number_of_shards": 3, "number_of_replicas": 1}
    client.indices.create(index="items", body={"settings": settings})
    for number, item in enumerate(ITEMS):
        client.index(index="items", id=str(number), body=item)
    client.indices.refresh(index="items")
    health = client.cluster.health(index="items", wait_for_status="green")
    assert health["status"] == "green", health
    yield "items"
    client_of(opensearch_cluster).indices.delete(index="items")


def test_three_nodes_form_one_green_cluster(opensearch_cluster: LocalCluster) -> None:
    for node in opensearch_cluster.nodes:
        health = OpenSearch(hosts=[node.url]).cluster.health()
        assert (health["status"], health["number_of_nodes"]) == ("green", 3)
        assert health["cluster_name"] == opensearch_cluster.name


def test_an_index_with_one_replica_is_spread_over_the_nodes(
    opensearch_cluster: LocalCluster, replicated_index: str
) -> None:
    client = client_of(opensearch_cluster)
    shards = client.cat.shards(index=replicated_index, format="json")
    assert len(shards) == 6
    assert {shard["state"] for shard in shards} == {"STARTED"}
    assert {shard["node"] for shard in shards} == {node.name for node in opensearch_cluster.nodes}
    for node in opensearch_cluster.nodes:  # every node answers for the whole index
        count = OpenSearch(hosts=[node.url]).count(index=replicated_index)["count"]
        assert count == len(ITEMS)


def test_kill_9_of_a_node_leaves_the_cluster_yellow_and_searchable(
    opensearch_cluster: LocalCluster, replicated_index: str
) -> None:
    victim = opensearch_cluster.nodes[0]
    opensearch_cluster.kill(victim)
    assert opensearch_cluster.pid(victim) is None

    health = opensearch_cluster.wait_for("yellow", nodes=2)
    assert health["unassigned_shards"] > 0  # the lost copies, waiting for a node
    survivors = client_of(opensearch_cluster, skip=victim.name)
    found = survivors.search(
        index=replicated_index, body={"query": {"match": {"title": "lokalplan"}}}
    )
    assert found["_shards"]["failed"] == 0
    assert {hit["_id"] for hit in found["hits"]["hits"]} == {"0", "5"}
    assert survivors.count(index=replicated_index)["count"] == len(ITEMS)


def test_a_killed_node_rejoins_when_restarted(
    opensearch_cluster: LocalCluster, replicated_index: str
) -> None:
    victim = opensearch_cluster.nodes[1]
    opensearch_cluster.kill(victim)
    opensearch_cluster.wait_for("yellow", nodes=2)
    opensearch_cluster.restart(victim)
    health = opensearch_cluster.wait_for("green", nodes=3)
    assert health["unassigned_shards"] == 0
    count = OpenSearch(hosts=[victim.url]).count(index=replicated_index)["count"]
    assert count == len(ITEMS)
