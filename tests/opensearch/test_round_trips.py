"""A search is one HTTP round trip to the cluster: the hits, their stored items, the total
and the facets come back in one answer (each round trip costs milliseconds a page adds up).
"""

from __future__ import annotations

from typing import Any

import pytest

from search.service import SearchRequest, SearchService

pytestmark = pytest.mark.opensearch


def counted_requests(service: SearchService, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the HTTP requests the engine's client sends from now on."""
    transport = service.engine.client.transport  # type: ignore[attr-defined]
    sent: list[str] = []
    send = transport.perform_request

    def counting(method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        sent.append(url.split("?")[0].rsplit("/", 1)[-1])
        return send(method, url, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counting)
    return sent


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("kontanthjælp", {}),  # ranked by relevance: the 50 best, reordered by recency
        ('"taget til efterretning"', {}),
        ("", {"year": ["2019"]}),  # no words: newest first
        ("budget", {"committee": ["Erhvervs- og Beskæftigelsesudvalget"]}),  # a facet chosen
    ],
)
def test_a_search_is_one_request_with_its_items_total_and_facets(
    opensearch_service: SearchService,
    monkeypatch: pytest.MonkeyPatch,
    q: str,
    filters: dict[str, list[str]],
) -> None:
    sent = counted_requests(opensearch_service, monkeypatch)
    found = opensearch_service.search(SearchRequest(q=q, limit=5, **filters))  # type: ignore[arg-type]
    assert found["total"] >= 3  # no "Mente du" looked for
    assert sent == ["_search"]
    assert found["results"] and found["facets"]["year"]


def test_the_items_a_search_returns_are_the_stored_items(
    opensearch_service: SearchService,
) -> None:
    results = opensearch_service.search(SearchRequest(q="lokalplan", limit=10))["results"]
    stored = opensearch_service.engine.items([result["id"] for result in results])
    assert [result["title"] for result in results] == [
        stored[result["id"]]["title"] for result in results
    ]
