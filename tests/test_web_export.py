"""Exports of a whole result set: the API, the CLI, and the engine's scan under them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.service import SearchRequest, SearchService

EBU = "Erhvervs- og Beskæftigelsesudvalget"


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    text = body.decode("utf-8")[1:]
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def all_ids(service: SearchService, request: SearchRequest) -> list[str]:
    """Every id a search lists, page by page, as the pages show them."""
    ids: list[str] = []
    page = 1
    while True:
        result = service.search(SearchRequest(**{**vars(request), "page": page, "limit": 7}))
        ids += [r["id"] for r in result["results"]]
        if page >= result["pages"]:
            return ids
        page += 1


@pytest.mark.parametrize(
    "query",
    ["", "q=udvalget", f"committee={EBU}&year=2019", "q=udvalget&sort=oldest", "collapse=1"],
)
def test_csv_export_has_every_hit_in_page_order(
    client: FlaskClient, service: SearchService, query: str
) -> None:
    from werkzeug.datastructures import MultiDict

    from web.params import parse_search_args

    response = client.get(f"/api/search?{query}&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    rows = csv_rows(response.data)
    assert rows[0] == [
        "id", "kommune", "udvalg", "dato", "punkt", "titel", "udfald", "lukket", "sagsnummer",
        "link",
    ]  # fmt: skip
    args = MultiDict(pair.split("=", 1) for pair in query.split("&") if pair)
    request = parse_search_args(args).request
    assert [row[0] for row in rows[1:]] == all_ids(service, request)


def test_csv_cells_are_danish_for_excel(client: FlaskClient) -> None:
    rows = csv_rows(client.get("/api/search?q=studietur+stockholm&format=csv").data)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["kommune"] == "Ballerup"
    assert row["dato"] == "2019-05-14"  # ISO: Excel reads it as a date in every locale
    assert row["udfald"] == "Godkendt"
    assert row["lukket"] == "nej"
    assert row["link"] == (
        "http://localhost/punkt/ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
    )


def test_jsonl_export_rows_follow_the_contract(client: FlaskClient, service: SearchService) -> None:
    response = client.get("/api/search?closed=true&format=jsonl")
    assert response.mimetype == "application/x-ndjson"
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(rows) == service.search(SearchRequest(closed=["true"]))["total"] > 0
    assert set(rows[0]) == {
        "id", "organisation", "committee", "date", "number", "title", "outcome", "closed",
        "case_number", "permalink",
    }  # fmt: skip
    assert all(row["closed"] is True for row in rows)


def test_export_ignores_page_and_limit(client: FlaskClient) -> None:
    whole = client.get("/api/search?format=jsonl").data
    assert client.get("/api/search?format=jsonl&page=3&limit=2").data == whole


def test_unknown_export_format_is_400_json(client: FlaskClient) -> None:
    response = client.get("/api/search?format=xlsx")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("format:")


def test_cli_prints_the_same_export_as_the_api(client: FlaskClient, bundled_index: Path) -> None:
    from referat.cli import main

    runner = CliRunner()
    for fmt in ("csv", "jsonl"):
        printed = runner.invoke(
            main,
            ["search", "udvalget", "--year", "2019", "--format", fmt, "--index", str(bundled_index),
             "--base-url", "http://localhost/"],
        )  # fmt: skip
        assert printed.exit_code == 0, printed.output
        served = client.get(f"/api/search?q=udvalget&year=2019&format={fmt}").data
        assert printed.stdout_bytes == served


def test_a_scan_keeps_its_view_while_the_index_changes(tmp_path: Path) -> None:
    """An export started before a re-index reads the index as it was, to the end."""
    import shutil

    from indexer.pipeline import index_paths

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", data)
    index = tmp_path / "index"
    index_paths([data], index)
    service = SearchService.open(index)
    try:
        before = [item["id"] for item in service.scan(SearchRequest())]
        scan = service.scan(SearchRequest())
        first = next(scan)["id"]
        shutil.rmtree(data / "ballerup-text")
        index_paths([data], index)
        assert service.search(SearchRequest())["total"] < len(before)  # the new generation
        assert [first, *(item["id"] for item in scan)] == before
    finally:
        service.close()
