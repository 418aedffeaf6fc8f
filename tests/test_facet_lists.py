"""Long facets: the top values, the chosen ones always, and what was left out — in the
service, the JSON API and the search page (Datasette-style truncated facets)."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.facets import facet_lists
from search.service import SearchRequest, SearchService
from tests.test_web_pages import page_context

COUNTS = Counter({"Byrådet": 40, "Økonomiudvalget": 25, "Teknisk Udvalg": 25, "Ældrerådet": 3})


@pytest.mark.parametrize(
    ("selected", "size", "listed", "truncated"),
    [
        ([], None, ["Byrådet", "Teknisk Udvalg", "Økonomiudvalget", "Ældrerådet"], False),
        ([], 4, ["Byrådet", "Teknisk Udvalg", "Økonomiudvalget", "Ældrerådet"], False),
        ([], 2, ["Byrådet", "Teknisk Udvalg"], True),  # a tie is broken by the value
        (["Ældrerådet"], 1, ["Byrådet", "Ældrerådet"], True),
        (["Ældrerådet", "Økonomiudvalget"], 1, ["Byrådet", "Økonomiudvalget", "Ældrerådet"], True),
        (["Byrådet"], 1, ["Byrådet"], True),
        (["Hegnsynet"], 1, ["Byrådet", "Hegnsynet"], True),  # chosen, found nowhere: at 0
    ],
)
def test_a_facet_lists_its_top_values_and_every_chosen_one(
    selected: list[str], size: int | None, listed: list[str], truncated: bool
) -> None:
    lists, info = facet_lists({"committee": COUNTS}, {"committee": selected}, size)
    assert [entry["value"] for entry in lists["committee"]] == listed
    assert [entry["value"] for entry in lists["committee"] if entry["selected"]] == sorted(
        selected, key=listed.index
    )
    assert info["committee"] == {
        "truncated": truncated,
        "total_values": len(COUNTS) + ("Hegnsynet" in selected),
    }


def test_years_are_never_cut_and_stay_newest_first() -> None:
    years = Counter({str(year): 1 + year % 7 for year in range(2007, 2026)})
    lists, info = facet_lists({"year": years}, {}, size=3)
    assert [entry["value"] for entry in lists["year"]] == sorted(years, reverse=True)
    assert info["year"] == {"truncated": False, "total_values": 19}


def test_thousands_of_committees_become_a_short_list_with_a_count_of_the_rest() -> None:
    committees = Counter({f"Lokalrådet for By {n}": 1 + n % 97 for n in range(4000)})
    lists, info = facet_lists({"committee": committees}, {"committee": ["Lokalrådet for By 0"]})
    counts = [entry["count"] for entry in lists["committee"]]
    assert len(counts) == 31 and counts[-1] == 1  # 30 at 97, then the chosen one
    assert counts[:30] == [97] * 30
    assert info["committee"] == {"truncated": True, "total_values": 4000}


# -- the service --------------------------------------------------------------------------


def test_the_service_cuts_every_facet_but_the_years(service: SearchService) -> None:
    everything = service.search(SearchRequest(facet_size=None))
    cut = service.search(SearchRequest(facet_size=1))
    for name, values in everything["facets"].items():
        info = cut["facet_info"][name]
        assert info["total_values"] == len(values), name
        if name == "year":
            assert cut["facets"][name] == values
        else:
            assert cut["facets"][name] == values[:1], name
            assert info["truncated"] == (len(values) > 1), name
    assert cut["facet_size"] == 1 and everything["facet_size"] is None


def test_a_chosen_committee_outside_the_top_stays_listed(service: SearchService) -> None:
    committees = service.search(SearchRequest(facet_size=None))["facets"]["committee"]
    rarest = committees[-1]["value"]
    result = service.search(SearchRequest(committee=[rarest], facet_size=1))
    listed = [(entry["value"], entry["selected"]) for entry in result["facets"]["committee"]]
    assert listed == [(committees[0]["value"], False), (rarest, True)]


def test_archive_counts_know_every_committee_whatever_the_search(service: SearchService) -> None:
    counts = service.archive_counts()
    listed = service.search(SearchRequest(facet_size=None))["facets"]
    for name in ("organisation", "committee", "outcome"):
        assert counts[name] == {entry["value"]: entry["count"] for entry in listed[name]}


# -- the JSON API ---------------------------------------------------------------------------


def test_the_api_lists_30_values_per_facet_by_default(client: FlaskClient) -> None:
    result = client.get("/api/search").get_json()
    assert result["facet_size"] == 30
    assert all(not info["truncated"] for info in result["facet_info"].values())


def test_the_api_says_which_facets_it_cut(client: FlaskClient) -> None:
    full = client.get("/api/search?facet_size=max").get_json()
    cut = client.get("/api/search?facet_size=2").get_json()
    committees = full["facets"]["committee"]
    assert len(committees) > 2 and full["facet_info"]["committee"]["truncated"] is False
    assert cut["facets"]["committee"] == committees[:2]
    assert cut["facet_info"]["committee"] == {
        "truncated": True,
        "total_values": len(committees),
    }


def test_the_api_keeps_a_chosen_value_outside_the_top(client: FlaskClient) -> None:
    committees = client.get("/api/search?facet_size=max").get_json()["facets"]["committee"]
    rarest = committees[-1]["value"]
    result = client.get("/api/search", query_string={"facet_size": 1, "committee": rarest})
    listed = result.get_json()["facets"]["committee"]
    assert [entry["value"] for entry in listed] == [committees[0]["value"], rarest]
    assert listed[1]["selected"] is True


@pytest.mark.parametrize("value", ["0", "-3", "alle", "MAX", "2.5", "²", " 5"])
def test_a_bad_facet_size_is_a_400_in_json(client: FlaskClient, value: str) -> None:
    response = client.get("/api/search", query_string={"facet_size": value})
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400
    assert body["error"].startswith("facet_size: must be a whole number of at least 1 or max")


# -- the search page ------------------------------------------------------------------------


def _facet(context: dict[str, Any], name: str) -> dict[str, Any]:
    return next(facet for facet in context["facets"] if facet["name"] == name)


def test_the_page_links_a_cut_facet_to_all_its_values(app: Flask, client: FlaskClient) -> None:
    total = len(client.get("/api/search?facet_size=max").get_json()["facets"]["committee"])
    context = page_context(app, client, "/?q=udvalget&facet_size=1")
    committee = _facet(context, "committee")
    assert len(committee["shown"]) == 1 and committee["rest"] >= 1
    assert committee["all_label"] == f"Vis alle {total} udvalg"
    query = parse_qs(urlsplit(committee["all_url"]).query)
    assert query == {"q": ["udvalget"], "facet_size": ["max"]}

    page = client.get("/?q=udvalget&facet_size=1").get_data(as_text=True)
    section = page[page.index('id="facet-committee"') : page.index('id="facet-year"')]
    link = re.search(r'<a class="facet-all" href="([^"]+)"[^>]*>([^<]+)</a>', section)
    assert link and link.group(2) == f"Vis alle {total} udvalg"
    assert f"+ {committee['rest']} " in section

    expanded = page_context(app, client, html.unescape(link.group(1)))
    shown = _facet(expanded, "committee")
    assert len(shown["shown"]) == total and not shown["all_url"]


@pytest.mark.parametrize(
    ("size", "info", "rest", "label", "fewer"),
    [
        (10, {"truncated": True, "total_values": 1234}, 1224, "Vis alle 1.234 udvalg", False),
        (10, {"truncated": True, "total_values": 11}, 1, "Vis alle 11 udvalg", False),
        (None, {"truncated": False, "total_values": 1234}, 0, None, True),
        (200, {"truncated": False, "total_values": 150}, 0, None, True),
        (10, {"truncated": False, "total_values": 10}, 0, None, False),
    ],
)
def test_a_cut_facet_says_how_many_values_it_has_the_danish_way(
    app: Flask,
    size: int | None,
    info: dict[str, Any],
    rest: int,
    label: str | None,
    fewer: bool,
) -> None:
    from web.viewmodels import truncation

    listed = min(info["total_values"], size or info["total_values"])
    with app.test_request_context():
        view = truncation("committee", info, listed, SearchRequest(limit=20, facet_size=size), 20)
    assert (view["rest"], view["all_label"]) == (rest, label)
    if label:
        assert parse_qs(urlsplit(view["all_url"]).query) == {"facet_size": ["max"]}
    else:
        assert view["all_url"] is None
    # back to the page's own size: the address does not need to say it
    assert view["fewer_url"] == ("/" if fewer else None)


def test_the_years_offer_no_shorter_list_as_they_are_never_cut(app: Flask) -> None:
    from web.viewmodels import truncation

    info = {"truncated": False, "total_values": 19}
    with app.test_request_context():
        view = truncation("year", info, 19, SearchRequest(facet_size=None), 20)
    assert view["fewer_url"] is None and view["all_url"] is None


def test_the_page_keeps_a_chosen_value_outside_the_top_with_its_toggle(
    app: Flask, client: FlaskClient
) -> None:
    committees = client.get("/api/search?facet_size=max").get_json()["facets"]["committee"]
    rarest = committees[-1]["value"]
    context = page_context(app, client, f"/?facet_size=1&committee={rarest}")
    shown = _facet(context, "committee")["shown"]
    assert [value["value"] for value in shown] == [committees[0]["value"], rarest]
    chosen = shown[1]
    assert chosen["selected"]
    assert parse_qs(urlsplit(chosen["toggle_url"]).query) == {"facet_size": ["1"]}


def test_the_page_lists_ten_values_per_facet_by_default(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/")
    assert context["req"].facet_size == 10
    for facet in context["facets"]:
        assert not facet["all_url"] and not facet["fewer_url"]
    # the toggles of the default page do not carry facet_size
    year = _facet(context, "year")["shown"][0]
    assert "facet_size" not in year["toggle_url"]


def test_an_expanded_page_keeps_its_size_in_every_link(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/?facet_size=max")
    links = [value["toggle_url"] for facet in context["facets"] for value in facet["shown"]]
    assert links and all("facet_size=max" in link for link in links)
    assert all(len(facet["more"]) == 0 for facet in context["facets"])  # nothing folded


@pytest.mark.parametrize("value", ["0", "alle", "²"])
def test_a_bad_facet_size_is_explained_in_danish_on_the_page(
    client: FlaskClient, value: str
) -> None:
    response = client.get("/", query_string={"facet_size": value})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Antal værdier pr. filter skal være et helt tal fra 1 og op" in page
    assert f"»{value}«" in page


# -- the command line -----------------------------------------------------------------------


def test_the_cli_cuts_facets_like_the_api(bundled_index: Path, client: FlaskClient) -> None:
    from tests.test_cli import search_json

    for size in ("1", "max"):
        printed = search_json(bundled_index, "udvalget", "--facet-size", size)
        served = client.get(f"/api/search?q=udvalget&facet_size={size}").get_json()
        assert printed["facets"] == served["facets"]
        assert printed["facet_info"] == served["facet_info"]


@pytest.mark.parametrize("value", ["0", "alle", "-1", "²"])
def test_the_cli_refuses_a_bad_facet_size_in_plain_english(bundled_index: Path, value: str) -> None:
    from tests.test_cli import run

    code, output = run("search", "x", "--facet-size", value, "--index", str(bundled_index))
    assert code == 2
    assert "--facet-size" in output and "Traceback" not in output
