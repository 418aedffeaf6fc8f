"""OpenSearch in the benchmarks: nodes of their own, the build, memory and index size.

``bench.run --engine opensearch`` measures Referat on OpenSearch next to Whoosh in the same
run: it starts one local node (and with ``--cluster`` three, the index with three shards
and one replica) in the benchmark cache, builds the index with the real
``referat index --rebuild`` in a child process while sampling the memory of every node,
and measures the same full requests and pages as for Whoosh.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.memory import PeakSampler
from referat import opensearch_nodes
from referat.opensearch_nodes import LocalCluster, memory_mb


@contextmanager
def local_nodes(directory: Path, size: int, heap: str) -> Iterator[LocalCluster]:
    """``size`` nodes with ``heap`` each, started in ``directory`` and stopped afterwards
    (their data stays, so that ``--reuse-index`` finds the index again)."""
    opensearch_nodes.HEAP = heap
    previous = LocalCluster.load(directory)
    cluster = previous if previous and len(previous.nodes) == size else None
    cluster = cluster or LocalCluster.plan(directory, size)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def nodes_rss_mb(cluster: LocalCluster) -> list[int]:
    """Resident memory of each running node, in MB."""
    return [memory_mb(pid) for node in cluster.nodes if (pid := cluster.pid(node))]


def exists(location: str) -> bool:
    """Whether the location's alias exists (a built index to reuse)."""
    base, name = location.split("?")[0].rsplit("/", 1)
    first = base.split(",")[0]
    try:
        with urllib.request.urlopen(f"{first}/_alias/{name}", timeout=10):
            return True
    except OSError:
        return False


def index_size_mb(location: str) -> dict[str, float]:
    """Size on disk of the location's physical index: primaries alone, and with replicas."""
    base, name = location.split("?")[0].rsplit("/", 1)
    first = base.split(",")[0]
    url = f"{first}/_cat/indices/{name}.*?format=json&bytes=b&h=index,store.size,pri.store.size"
    with urllib.request.urlopen(url, timeout=30) as response:
        rows = json.load(response)
    return {
        "primaries_mb": round(sum(int(row["pri.store.size"]) for row in rows) / 1e6, 1),
        "all_copies_mb": round(sum(int(row["store.size"]) for row in rows) / 1e6, 1),
    }


def build(corpus: Path, location: str, cluster: LocalCluster) -> dict[str, Any]:
    """``referat index CORPUS --index LOCATION --rebuild`` in a child process, timed, with
    the child's peak RSS and every node's peak RSS during the build."""
    from bench.run import index_run

    with PeakSampler(lambda: nodes_rss_mb(cluster)) as nodes:
        figures, peak_kib = index_run(corpus, location)
    return {
        **figures,
        "indexer_peak_rss_mb": round(peak_kib / 1024, 1),
        "nodes_peak_rss_mb": nodes.peaks,
        **index_size_mb(location),
    }


def own_rss_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0
