"""web/openapi.json against the real app: every endpoint and format described, every real
response valid against its schema, and schemathesis finding no 5xx and no violation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator

OPENAPI = Path(__file__).resolve().parent.parent / "web" / "openapi.json"
DOCUMENT: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
STOCKHOLM = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
MEETING = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14"
#: enough to find a 500 or a schema violation per operation while keeping `make test` short
EXAMPLES_PER_OPERATION = 40


def validate(instance: Any, path: str, status: str, media_type: str) -> None:
    """``instance`` must match the schema documented for ``path``'s response."""
    responses = DOCUMENT["paths"][path]["get"]["responses"]
    response = responses[status]
    if "$ref" in response:
        response = DOCUMENT["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = {**response["content"][media_type]["schema"], "components": DOCUMENT["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/search?q=studietur", "/api/search"),
        ("/api/search?collapse=1&limit=100", "/api/search"),
        ("/api/search?organisation=Aarhus&sort=oldest", "/api/search"),
        ("/api/search?q=studietr", "/api/search"),
        (f"/api/items/{STOCKHOLM}", "/api/items/{id}"),
        ("/api/items/aarhus/teknisk-udvalg/2025-10-01/2", "/api/items/{id}"),
        (f"/api/meetings/{MEETING}", "/api/meetings/{id}"),
        ("/api/committees", "/api/committees"),
        ("/api/archive", "/api/archive"),
    ],
)
def test_real_json_responses_match_their_schema(client: FlaskClient, url: str, path: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    validate(response.get_json(), path, "200", "application/json")


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        ("/api/search?page=%C2%B2", "/api/search", "400"),
        ("/api/items/ingen/saadan/2019-01-01/1", "/api/items/{id}", "404"),
        ("/api/search?q=" + "x" * 9000, "/api/search", "414"),
    ],
)
def test_real_errors_match_their_schema(
    client: FlaskClient, url: str, path: str, status: str
) -> None:
    response = client.get(url)
    assert str(response.status_code) == status
    validate(response.get_json(), path, status, "application/json")


def test_jsonl_rows_match_the_export_row_schema(client: FlaskClient) -> None:
    schema = {"$ref": "#/components/schemas/ExportRow", "components": DOCUMENT["components"]}
    validator = Draft202012Validator(schema)
    lines = client.get("/api/search?format=jsonl").get_data(as_text=True).splitlines()
    assert lines
    for line in lines:
        validator.validate(json.loads(line))


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/search?format=csv", "/api/search"),
        ("/api/search?format=jsonl", "/api/search"),
        (f"/api/items/{STOCKHOLM}?format=csl-json", "/api/items/{id}"),
        (f"/api/items/{STOCKHOLM}?format=ris", "/api/items/{id}"),
        (f"/api/items/{STOCKHOLM}?format=bibtex", "/api/items/{id}"),
    ],
)
def test_every_format_is_documented(client: FlaskClient, url: str, path: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    content = DOCUMENT["paths"][path]["get"]["responses"]["200"]["content"]
    assert response.mimetype in content
    parameter = next(
        p for p in DOCUMENT["paths"][path]["get"]["parameters"] if p["name"] == "format"
    )
    assert url.rsplit("format=", 1)[1] in parameter["schema"]["enum"]


def test_every_api_route_is_documented(app: Flask) -> None:
    routes = {
        rule.rule.replace("<path:item_id>", "{id}").replace("<path:meeting_id>", "{id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes == set(DOCUMENT["paths"])


# -- schemathesis ----------------------------------------------------------------------------


# loaded from the file at import (pytest fixtures are not yet there); requests go to the
# fixture's app in-process
schema = schemathesis.openapi.from_path(OPENAPI)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples on every run: a failure can be reproduced
)
def test_api_conforms_to_its_openapi_description(case: Any, app: Flask) -> None:
    case.call_and_validate(app=app)
