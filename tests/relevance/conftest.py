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
