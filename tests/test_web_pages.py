"""The Danish HTML pages, through Flask's test client, over the bundled corpus index."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from search.service import SearchRequest, SearchService
from web import close_service, create_app

STOCKHOLM = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
MEETING_2019 = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14"
EBU = "Erhvervs- og Beskæftigelsesudvalget"


@contextmanager
def captured(app: Flask) -> Iterator[list[dict[str, Any]]]:
    """The contexts of templates rendered inside the block."""
    contexts: list[dict[str, Any]] = []

    def record(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        contexts.append(context)

    template_rendered.connect(record, app)
    try:
        yield contexts
    finally:
        template_rendered.disconnect(record, app)


def page_context(app: Flask, client: FlaskClient, url: str) -> dict[str, Any]:
    with captured(app) as contexts:
        response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return contexts[0]


def text_of(response: Any) -> str:
    return str(response.get_data(as_text=True))


# -- search page -----------------------------------------------------------------------------


def test_search_page_is_danish_and_keeps_the_query(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur"))
    assert '<html lang="da">' in html
    assert 'value="studietur"' in html
    assert '<label for="q"' in html


def test_search_shows_danish_count_date_number_and_outcome(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur+stockholm"))
    assert re.search(r">\s*1 punkt\s*<", html)
    assert "14. maj 2019" in html
    assert "punkt 3" in html
    assert ">Godkendt</span>" in html


def test_search_result_links_to_item_with_query(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur"))
    assert f'href="/punkt/{STOCKHOLM}?q=studietur"' in html


def test_search_snippet_keeps_marks(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur"))
    assert "<mark>studietur</mark>" in html


def test_stemmed_mode_is_explained(client: FlaskClient) -> None:
    assert "Søgningen omfatter bøjningsformer" in text_of(client.get("/?q=studietur"))


def test_exact_mode_is_explained_and_checkbox_kept(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur&exact=1"))
    assert "Præcis søgning</p>" in html
    assert re.search(r'name="exact" value="1" checked', html)


def test_empty_query_browses_everything_newest_first(
    app: Flask, client: FlaskClient, service: SearchService
) -> None:
    context = page_context(app, client, "/")
    everything = service.search(SearchRequest())
    assert context["result"]["total"] == everything["total"] > 0
    assert context["result"]["sort"] == "newest"
    dates = [r["date"] for r in context["result"]["results"]]
    assert dates == sorted(dates, reverse=True)


def test_total_is_written_with_danish_thousands(app: Flask) -> None:
    from web.viewmodels import count_label

    assert count_label(1234) == "1.234 punkter"


def test_closed_items_are_marked(client: FlaskClient) -> None:
    html = text_of(client.get("/?closed=true"))
    assert "Lukket punkt" in html


def test_agenda_results_are_marked(client: FlaskClient) -> None:
    html = text_of(client.get("/?committee=KMB+IT-udvalget"))
    assert ">Dagsorden</span>" in html


def test_facet_values_carry_toggle_urls(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/?q=studietur")
    facets = {facet["name"]: facet for facet in context["facets"]}
    # the bundled archive holds Aarhus and Ballerup: the municipality facet is shown
    assert set(facets) == {"organisation", "committee", "year", "outcome", "closed"}
    year = facets["year"]["shown"][0]
    assert set(year) == {"value", "label", "count", "selected", "toggle_url"}
    query = parse_qs(urlsplit(year["toggle_url"]).query)
    assert query == {"q": ["studietur"], "year": [year["value"]]}


def test_toggle_url_of_a_selected_value_removes_it(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/?q=studietur&year=2019")
    year = next(f for f in context["facets"] if f["name"] == "year")
    chosen = next(v for v in year["shown"] if v["value"] == "2019")
    assert chosen["selected"]
    assert parse_qs(urlsplit(chosen["toggle_url"]).query) == {"q": ["studietur"]}


def test_selected_facet_is_marked_current_and_removable(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur&year=2019"))
    assert 'aria-current="true"' in html
    assert "Fjern" in html
    assert "Nulstil alle filtre" in html


def test_facet_counts_agree_with_total(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/")
    total = context["result"]["total"]
    for facet in context["facets"]:
        counts = [v["count"] for v in facet["shown"] + facet["more"]]
        assert sum(counts) == total, facet["name"]


def test_values_in_one_facet_combine_with_or(
    app: Flask, client: FlaskClient, service: SearchService
) -> None:
    context = page_context(app, client, "/?outcome=godkendt&outcome=udsat")
    alone = [service.search(SearchRequest(outcome=[o]))["total"] for o in ("godkendt", "udsat")]
    assert context["result"]["total"] == sum(alone) > max(alone)


def test_facets_combine_with_and(app: Flask, client: FlaskClient, service: SearchService) -> None:
    context = page_context(app, client, f"/?committee={EBU}&year=2019&limit=100")
    everything = service.search(SearchRequest(limit=100))["results"]
    both = [r for r in everything if r["committee"] == EBU and r["date"].startswith("2019")]
    assert context["result"]["total"] == len(both) > 0
    assert {r["id"] for r in context["result"]["results"]} == {r["id"] for r in both}


def test_following_a_toggle_url_applies_the_filter(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/?q=godkendt")
    outcome = next(f for f in context["facets"] if f["name"] == "outcome")["shown"][0]
    after = page_context(app, client, outcome["toggle_url"])
    assert after["result"]["total"] == outcome["count"]
    assert after["result"]["filters"] == {"outcome": [outcome["value"]]}


def test_sort_links_switch_order(app: Flask, client: FlaskClient) -> None:
    context = page_context(app, client, "/?q=udvalget")
    oldest = next(s for s in context["sorts"] if s["value"] == "oldest")
    after = page_context(app, client, oldest["url"])
    dates = [r["date"] for r in after["result"]["results"]]
    assert after["result"]["sort"] == "oldest"
    assert dates == sorted(dates)


def test_pagination_nav_links_next_page(
    bundled_index: str, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    app = make_app({"INDEX": bundled_index, "PAGE_SIZE": 5})
    html = text_of(app.test_client().get("/"))
    assert '<nav class="pagination" aria-label="Sider">' in html
    assert 'href="/?page=2" rel="next"' in html
    close_service(app)


def test_zero_results_suggest_spelling_as_a_link(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietr"))
    assert "Ingen punkter matcher" in html
    assert 'Mente du: <a href="/?q=studietur">studietur</a>?' in html


def test_zero_results_offer_dropping_a_filter(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=studietur&year=2012"))
    assert "Prøv uden et af filtrene" in html
    assert 'href="/?q=studietur"' in html


def test_long_query_is_cut_with_a_danish_notice(client: FlaskClient) -> None:
    response = client.get("/?q=" + "studietur " * 60)
    assert response.status_code == 200
    assert "Søgningen var for lang" in text_of(response)


@pytest.mark.parametrize("query", ["page=0", "page=x", "limit=-1", "sort=tilfaeldig", "year=19"])
def test_bad_parameters_give_a_danish_400_page(client: FlaskClient, query: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "Ugyldig forespørgsel" in text_of(response)


def test_script_in_query_is_escaped(client: FlaskClient) -> None:
    html = text_of(client.get("/?q=<script>alert(1)</script>"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- item page -------------------------------------------------------------------------------


def test_item_page_shows_decision_in_a_box(client: FlaskClient) -> None:
    html = text_of(client.get(f"/punkt/{STOCKHOLM}"))
    assert '<section class="decision-box"' in html
    assert "Indstillingen godkendt" in html
    assert "Beslutningen træffes af: Erhvervs- og Beskæftigelsesudvalget" in html


def test_item_page_lists_sections_in_order(client: FlaskClient, service: SearchService) -> None:
    html = text_of(client.get(f"/punkt/{STOCKHOLM}"))
    item = service.get_item(STOCKHOLM)
    assert item is not None
    shown = [
        s
        for s in item["sections"]
        if s["heading"] not in ("Beslutning", "Bilag", "Beslutningen træffes af")
    ]
    positions = [html.index(f"<h3>{s['heading']}</h3>") for s in shown]
    assert positions == sorted(positions)


def test_item_page_highlights_query_terms(client: FlaskClient) -> None:
    html = text_of(client.get(f"/punkt/{STOCKHOLM}?q=studietur"))
    assert "<mark>Studietur</mark>" in html


def test_item_page_has_absolute_permalink(client: FlaskClient) -> None:
    html = text_of(client.get(f"/punkt/{STOCKHOLM}?q=studietur"))
    assert f'value="http://localhost/punkt/{STOCKHOLM}"' in html


def test_item_page_links_meeting_and_neighbours(client: FlaskClient) -> None:
    html = text_of(client.get(f"/punkt/{STOCKHOLM}"))
    assert f'href="/moede/{MEETING_2019}"' in html
    assert f'href="/punkt/{MEETING_2019}/2" rel="prev"' in html
    assert f'href="/punkt/{MEETING_2019}/4" rel="next"' in html


def test_agenda_item_says_no_decision_yet(client: FlaskClient, service: SearchService) -> None:
    agenda = service.search(SearchRequest(committee=["KMB IT-udvalget"]))["results"][0]
    html = text_of(client.get(f"/punkt/{agenda['id']}"))
    assert "Dette er en dagsorden — der er endnu ikke truffet beslutning" in html


def test_unknown_item_is_a_danish_404(client: FlaskClient) -> None:
    response = client.get("/punkt/ingen/saadan/2019-01-01/99")
    assert response.status_code == 404
    assert "Siden findes ikke" in text_of(response)


# -- other pages -----------------------------------------------------------------------------


def test_meeting_page_shows_header_and_agenda(client: FlaskClient) -> None:
    html = text_of(client.get(f"/moede/{MEETING_2019}"))
    assert "<h1>Erhvervs- og Beskæftigelsesudvalget</h1>" in html
    assert "14. maj 2019 kl. 13:00" in html
    assert "Fraværende" in html
    assert f'href="/punkt/{STOCKHOLM}"' in html


def test_unknown_meeting_is_404(client: FlaskClient) -> None:
    assert client.get("/moede/ingen/saadan/2019-01-01").status_code == 404


def test_committee_page_lists_meetings_by_year(client: FlaskClient) -> None:
    html = text_of(client.get("/udvalg"))
    assert "Teknisk Udvalg" in html
    assert "<h3>2019</h3>" in html
    assert f'href="/moede/{MEETING_2019}"' in html


@pytest.mark.parametrize(
    "syntax", ['"socialt frikort"', "ELLER", "IKKE", "OG", "beskæftig*", "titel:", "år:2016..2019"]
)
def test_help_page_explains_query_syntax(client: FlaskClient, syntax: str) -> None:
    html = text_of(client.get("/hjaelp"))
    assert syntax.replace('"', "&#34;") in html or syntax in html


def test_unknown_page_is_a_danish_404(client: FlaskClient) -> None:
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert '<html lang="da">' in text_of(response)


def test_missing_index_is_a_danish_503(
    missing_location: str, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    app = make_app({"INDEX": missing_location})
    response = app.test_client().get("/?q=x")
    assert response.status_code == 503
    assert "Indekset er ikke bygget endnu — kør `referat index`" in text_of(response)


def test_unexpected_error_is_a_danish_500(
    bundled_index: str, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    app = make_app({"INDEX": bundled_index})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Der opstod en fejl" in text_of(response)
    assert "Traceback" not in text_of(response)


# -- security --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/?q=studietur", f"/punkt/{STOCKHOLM}", "/udvalg", "/nope", "/static/style.css"]
)
def test_security_headers_on_every_response(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/?q=studietur&year=2019", f"/punkt/{STOCKHOLM}", "/hjaelp"):
        html = text_of(client.get(url))
        assert "<style" not in html
        assert " style=" not in html
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


@pytest.fixture(scope="module")
def script_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An index of one tiny minutes file whose text holds a <script> tag."""
    from indexer.pipeline import index_paths

    root = tmp_path_factory.mktemp("script")
    (root / "data").mkdir()
    (root / "data" / "minutes.txt").write_text(
        "Punkt 1 Test <script>alert(1)</script>\n\nBeslutning\n\nGodkendt <script>alert(2)</script>\n",
        encoding="utf-8",
    )
    report = index_paths([root / "data"], root / "index")
    assert not report.failed, report.to_text()
    app = create_app({"INDEX": str(root / "index")})
    yield app
    close_service(app)


def test_script_in_document_is_escaped_in_results(script_app: Flask) -> None:
    html = text_of(script_app.test_client().get("/?q=alert"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_script_in_document_is_escaped_on_item_page(script_app: Flask) -> None:
    client = script_app.test_client()
    item_id = client.get("/api/search?q=alert").json["results"][0]["id"]  # type: ignore[index]
    html = text_of(client.get(f"/punkt/{item_id}?q=alert"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;<mark>alert</mark>(2)" in html
