"""The search services the judged sets run against, one fixture per set.

``service`` (the bundled corpus) comes from tests/conftest.py; ``greve_service`` searches
data/ as the session's ``data_index`` built it once (``data_service``). A module that defines these two
fixtures over another engine's index and imports the tests of test_relevance.py holds
that engine to the same judgments.
"""

from __future__ import annotations

import pytest

from search.service import SearchService


@pytest.fixture(scope="session")
def greve_service(data_service: SearchService) -> SearchService:
    """A search service over data/ (Greve's archive and the five small meetings)."""
    return data_service


@pytest.fixture(scope="session")
def service(whoosh_service: SearchService) -> SearchService:
    """The bundled corpus in Whoosh here (tests/conftest.py's ``service`` is parametrized
    by engine, which a fixture looked up by name cannot be); test_relevance_opensearch.py
    holds OpenSearch to the same judgments."""
    return whoosh_service


_BM25 = (
    "not yet looked into; the engines' BM25 differ in idf (OpenSearch's "
    "ln(1 + (N - df + 0.5)/(df + 0.5)) against Whoosh's ln(N/(df+1)) + 1) and OpenSearch "
    "keeps statistics per shard (README 'OpenSearch: analysis and scoring')"
)
#: judged checks OpenSearch loses where Whoosh wins (test id -> why): strict xfails, so
#: they run and fail the suite once OpenSearch wins them (test_relevance_opensearch.py)
OPENSEARCH_LOSSES: dict[str, str] = {
    "test_items_about_the_query_fill_the_first_ten[greve:garanti]": (
        f"an item judged 1 takes a place in the first ten from one judged 2; {_BM25}"
    ),
    "test_the_figures_stay_above_their_floors[greve-compound-part-recall@10]": (
        f"recall@10 0.917 against the floor 0.92; {_BM25}"
    ),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks OpenSearch's known losses (OPENSEARCH_LOSSES) as strict xfails."""
    for item in items:
        if not item.nodeid.startswith("tests/relevance/test_relevance_opensearch.py"):
            continue
        reason = OPENSEARCH_LOSSES.get(item.name)
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
