"""Real OpenSearch for tests: one node per test session, a three-node cluster per module.

Both are started by :class:`referat.opensearch_nodes.LocalCluster` on free ports, in a folder
under /tmp (OpenSearch's system user cannot enter pytest's private tmp folders), and stopped
and removed at the end. A node that cannot start FAILS the tests that need it, with the reason
(missing Java or Maven, Maven refused, the node's last log lines): it never skips them.

The engine's tests elsewhere in tests/ can use them by importing the fixtures into their
conftest.py (``from tests.opensearch.conftest import opensearch_workdir, opensearch_node, ...``).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from referat.opensearch_install import OpenSearchError
from referat.opensearch_nodes import LocalCluster


@pytest.fixture(scope="session")
def opensearch_workdir() -> Iterator[Path]:
    """A folder OpenSearch's system user may enter (pytest's tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="referat-opensearch-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def failing_with_the_reason() -> Iterator[None]:
    """An OpenSearch that cannot start fails the test (never skips it), saying why."""
    try:
        yield
    except OpenSearchError as error:
        pytest.fail(f"OpenSearch could not start: {error}", pytrace=False)


def started(directory: Path, size: int) -> LocalCluster:
    cluster = LocalCluster.plan(directory, size)
    with failing_with_the_reason():
        cluster.start()
    return cluster


@pytest.fixture(scope="session")
def opensearch_node(opensearch_workdir: Path) -> Iterator[LocalCluster]:
    """One real node for the whole session (``.urls[0]``); stopped when the session ends."""
    node = started(opensearch_workdir / "single", 1)
    yield node
    node.stop()


@pytest.fixture(scope="session")
def opensearch_client(opensearch_node: LocalCluster) -> OpenSearch:
    return OpenSearch(hosts=opensearch_node.urls, timeout=30)


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
