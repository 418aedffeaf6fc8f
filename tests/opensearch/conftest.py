"""A real three-node OpenSearch cluster per test module (the single node of the whole
session, ``opensearch_node``, is in tests/conftest.py, since every engine-neutral test uses it).

Started by :class:`referat.opensearch_nodes.LocalCluster` on free ports, in a folder under
/tmp, and stopped at the end. A cluster that cannot start FAILS the tests that need it, with
the reason (missing Java or Maven, Maven refused, the nodes' last log lines): it never skips
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from referat.opensearch_nodes import LocalCluster
from tests.conftest import failing_with_the_reason, started


@pytest.fixture(scope="module")
def three_nodes(opensearch_workdir: Path, request: pytest.FixtureRequest) -> Iterator[LocalCluster]:
    """A real three-node cluster for one test module; every test finds all three running."""
    module = request.module.__name__.rsplit(".", 1)[-1]
    cluster = started(opensearch_workdir / f"cluster-{module}", 3)
    yield cluster
    cluster.stop()


@pytest.fixture
def opensearch_cluster(three_nodes: LocalCluster) -> LocalCluster:
    """The module's cluster with every node up: a node an earlier test killed is restarted."""
    with failing_with_the_reason():
        for node in three_nodes.nodes:
            if three_nodes.pid(node) is None:
                three_nodes.restart(node)
        three_nodes.wait_for("green", nodes=3)
    return three_nodes
