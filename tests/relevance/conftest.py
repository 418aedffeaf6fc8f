"""The search services the judged sets run against, one fixture per set.

``service`` (the bundled corpus) comes from tests/conftest.py; ``greve_service`` searches
data/ as the session's ``data_index`` built it once. A module that defines these two
fixtures over another engine's index and imports the tests of test_relevance.py holds
that engine to the same judgments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from search.service import SearchService


@pytest.fixture(scope="session")
def greve_service(data_index: Any) -> Iterator[SearchService]:
    """A search service over data/ (Greve's archive and the five small meetings)."""
    svc = SearchService.open(data_index.path)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def service(whoosh_service: SearchService) -> SearchService:
    """The bundled corpus in Whoosh here (tests/conftest.py's ``service`` is parametrized
    by engine, which a fixture looked up by name cannot be); test_relevance_opensearch.py
    holds OpenSearch to the same judgments."""
    return whoosh_service


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """OpenSearch is held to the bundled set only (see test_relevance_opensearch.py)."""
    left_out = [
        item
        for item in items
        if item.nodeid.startswith("tests/relevance/test_relevance_opensearch.py")
        and ("[greve" in item.nodeid)
    ]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]
