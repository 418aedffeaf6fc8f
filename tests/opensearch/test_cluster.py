"""A real three-node cluster: it indexes with one replica, and survives ``kill -9`` of a node,
also while Referat's clients search it and a rebuild writes to it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from bench.generate import MINUTES, Generator
from indexer.pipeline import index_paths
from referat.opensearch_nodes import LocalCluster
from search.service import SearchRequest, SearchService

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


# -- Referat's engine on the cluster ---------------------------------------------------------

#: what the searching clients ask, round and round (every kind the query language has)
QUERIES = ["borgere", "lokalplan", '"taget til efterretning"', "titel:budget", "", "kontanthjælp"]


@pytest.fixture(scope="module")
def generated_minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive big enough that a rebuild runs for some seconds (2,000 items)."""
    out = tmp_path_factory.mktemp("cluster-archive")
    Generator(out, 2000, seed=14).run()
    return out / MINUTES


class Searchers:
    """Clients searching the index over and over from threads, counting what fails."""

    def __init__(self, location: str, clients: int) -> None:
        self.location = location
        self.stop = threading.Event()
        self.done = 0
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self._search) for _ in range(clients)]

    def __enter__(self) -> Searchers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _search(self) -> None:
        service = SearchService.open(self.location)
        try:
            while not self.stop.is_set():
                for q in QUERIES:
                    try:
                        result = service.search(SearchRequest(q=q))
                        if not result["total"] or len(result["results"]) != 10:
                            self.failures.append(f"{q!r}: {result['total']} hits")
                    except Exception as error:  # every failure counts, whatever it is
                        self.failures.append(f"{q!r}: {type(error).__name__}: {error}")
                    self.done += 1
        finally:
            service.close()


def indexed(client: OpenSearch, old: set[str]) -> int:
    """How many items a rebuild has sent to its new index so far (0 before it exists)."""
    new = set(client.indices.get(index="archive.*")) - old
    if not new:
        return 0
    stats = client.indices.stats(index=",".join(new), metric="indexing")
    return int(stats["_all"]["primaries"]["indexing"]["index_total"])


def archive_ids(location: str) -> set[str]:
    service = SearchService.open(location)
    try:
        return {indexed.item["id"] for indexed in service.engine.all_items()}
    finally:
        service.close()


def test_kill_9_while_clients_search_and_a_rebuild_runs_fails_no_search_and_loses_nothing(
    opensearch_cluster: LocalCluster, generated_minutes: Path
) -> None:
    hosts = ",".join(node.url.removeprefix("http://") for node in opensearch_cluster.nodes)
    location = f"http://{hosts}/archive?shards=3&replicas=1"
    assert not index_paths([generated_minutes], location).failed
    before = archive_ids(location)
    assert len(before) == 2000
    client = client_of(opensearch_cluster)
    indices = set(client.indices.get(index="archive.*"))
    victim = opensearch_cluster.nodes[0]
    try:
        with Searchers(location, clients=3) as searchers:
            rebuild = subprocess.Popen(
                [sys.executable, "-m", "referat", "index", str(generated_minutes),
                 "--index", location, "--rebuild"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            # while the new index fills, a node dies the way a crash kills it
            deadline = time.monotonic() + 120
            while indexed(client, indices) < 300:
                assert rebuild.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
            opensearch_cluster.kill(victim)
            client = client_of(opensearch_cluster, skip=victim.name)
            _, err = rebuild.communicate(timeout=300)
            time.sleep(2.0)  # and the clients go on searching the swapped-in index
        assert rebuild.returncode == 0, err
        assert searchers.failures == []
        assert searchers.done > 50
        assert archive_ids(location) == before  # nothing lost
        (now,) = client.indices.get(index="archive.*")
        assert now not in indices  # the rebuilt index is the one serving
    finally:
        client_of(opensearch_cluster, skip=victim.name).indices.delete(index="archive.*")
