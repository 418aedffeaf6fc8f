"""The JSON API contract: the service's dicts, JSON errors, and the OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.service import SearchRequest, SearchService

STOCKHOLM = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
MEETING_2019 = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14"
OPENAPI = Path(__file__).resolve().parent.parent / "web" / "openapi.json"


def get_json(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.mark.parametrize(
    ("url", "request_"),
    [
        ("/api/search?q=studietur", SearchRequest(q="studietur")),
        ("/api/search", SearchRequest()),
        (
            "/api/search?q=udvalget&year=2019&year=2016&outcome=godkendt&sort=oldest&limit=3&page=2",
            SearchRequest(
                q="udvalget",
                year=["2019", "2016"],
                outcome=["godkendt"],
                sort="oldest",
                limit=3,
                page=2,
            ),
        ),
        ("/api/search?q=studietur&exact=1", SearchRequest(q="studietur", exact=True)),
    ],
)
def test_search_json_is_the_service_dict(
    client: FlaskClient, service: SearchService, url: str, request_: SearchRequest
) -> None:
    assert get_json(client, url) == service.search(request_)


def test_committee_counts_sum_to_total(client: FlaskClient) -> None:
    result = get_json(client, "/api/search?q=udvalget")
    assert sum(v["count"] for v in result["facets"]["committee"]) == result["total"] > 0


def test_selected_committee_counts_sum_to_total(client: FlaskClient) -> None:
    result = get_json(
        client, "/api/search?committee=Teknisk+Udvalg&committee=KMB+IT-udvalget&year=2025"
    )
    selected = [v["count"] for v in result["facets"]["committee"] if v["selected"]]
    assert sum(selected) == result["total"] == 6


def test_repeated_filter_values_combine_with_or(client: FlaskClient) -> None:
    one = get_json(client, "/api/search?year=2019")["total"]
    other = get_json(client, "/api/search?year=2016")["total"]
    assert get_json(client, "/api/search?year=2019&year=2016")["total"] == one + other


def test_different_filters_combine_with_and(client: FlaskClient) -> None:
    result = get_json(client, "/api/search?year=2019&closed=true&limit=100")
    assert result["total"] == 2
    assert all(r["closed"] and r["date"].startswith("2019") for r in result["results"])


def test_limit_is_capped_at_100(client: FlaskClient) -> None:
    assert get_json(client, "/api/search?limit=1000")["limit"] == 100


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("sort=random", "sort"),
        ("year=19", "year"),
        ("year=2019&year=last", "year"),
        ("outcome=vedtaget", "outcome"),
        ("closed=maybe", "closed"),
        ("exact=perhaps", "exact"),
    ],
)
def test_bad_parameters_are_400_json(client: FlaskClient, query: str, param: str) -> None:
    body = get_json(client, f"/api/search?{query}", status=400)
    assert body["status"] == 400
    assert body["error"].startswith(f"{param}:")


def test_item_json_is_the_service_item(client: FlaskClient, service: SearchService) -> None:
    assert get_json(client, f"/api/items/{STOCKHOLM}") == service.get_item(STOCKHOLM)


def test_meeting_json_is_the_service_meeting(client: FlaskClient, service: SearchService) -> None:
    assert get_json(client, f"/api/meetings/{MEETING_2019}") == service.get_meeting(MEETING_2019)


@pytest.mark.parametrize(
    "url", ["/api/items/ingen/saadan/2019-01-01/1", "/api/meetings/ingen/saadan", "/api/nope"]
)
def test_unknown_ids_are_404_json(client: FlaskClient, url: str) -> None:
    assert get_json(client, url, status=404)["status"] == 404


def test_missing_index_is_503_json(
    missing_location: str, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    app = make_app({"INDEX": missing_location})
    response = app.test_client().get("/api/search?q=x")
    assert response.status_code == 503
    assert response.get_json()["status"] == 503


def test_api_responses_carry_security_headers(client: FlaskClient) -> None:
    headers = client.get("/api/search?q=studietur").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_json_keeps_danish_letters_readable(client: FlaskClient) -> None:
    assert "Beskæftigelsesudvalget" in client.get(f"/api/items/{STOCKHOLM}").get_data(as_text=True)


# -- OpenAPI ---------------------------------------------------------------------------------


def test_openapi_is_served_as_3_1(client: FlaskClient) -> None:
    document = get_json(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert document == json.loads(OPENAPI.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(json.loads(OPENAPI.read_text(encoding="utf-8"))["paths"]))
def test_documented_paths_exist(client: FlaskClient, path: str) -> None:
    url = path
    if "/meetings/" in path:
        url = path.replace("{id}", MEETING_2019)
    url = url.replace("{id}", STOCKHOLM)
    assert client.get(url).status_code == 200


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def test_search_response_has_the_documented_keys(client: FlaskClient) -> None:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    result = get_json(client, "/api/search?q=studietur")
    documented = _schema(document, "SearchResponse")
    assert set(result) == set(documented["properties"]) == set(documented["required"])
    hit = _schema(document, "Result")
    assert set(hit["required"]) <= set(result["results"][0]) <= set(hit["properties"])
    collapsed = get_json(client, "/api/search?collapse=1&limit=100")
    assert all("treatments" in entry for entry in collapsed["results"])
    assert set(collapsed["results"][0]) <= set(hit["properties"])
    assert set(result["facets"]) == set(documented["properties"]["facets"]["properties"])


def test_item_response_has_the_documented_keys(client: FlaskClient) -> None:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    item = get_json(client, f"/api/items/{STOCKHOLM}")
    assert set(item) == set(_schema(document, "Item")["properties"])


def test_meeting_response_has_the_documented_keys(client: FlaskClient) -> None:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    meeting = get_json(client, f"/api/meetings/{MEETING_2019}")
    assert set(meeting) == set(_schema(document, "Meeting")["properties"])


def test_documented_outcomes_are_the_vocabulary(client: FlaskClient) -> None:
    from search.outcomes import OUTCOMES

    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    assert tuple(_schema(document, "Outcome")["enum"]) == OUTCOMES


def test_the_recency_prior_can_be_turned_off_through_the_api(
    client: FlaskClient, service: SearchService
) -> None:
    off = get_json(client, "/api/search?q=udvalget&recency=0&limit=20")
    assert off == service.search(SearchRequest(q="udvalget", recency=False, limit=20))
    assert get_json(client, "/api/search?q=udvalget&recency=maybe", status=400)["error"].startswith(
        "recency"
    )
