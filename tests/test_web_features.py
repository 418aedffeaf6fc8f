"""Feeds, citations, charts, the archive page, the municipality, and the defects of issue 15."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask.testing import FlaskClient
from lxml import etree

from search.service import SearchRequest, SearchService
from web.itemview import paragraphs

STOCKHOLM = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
FRIKORT = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6"
PIER3 = "aarhus/teknisk-udvalg/2025-10-01/2"
ATOM = "{http://www.w3.org/2005/Atom}"


def html_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return str(response.get_data(as_text=True))


# -- feeds and discovery -----------------------------------------------------------------------


def test_results_page_links_its_atom_feed(client: FlaskClient) -> None:
    html = html_of(client, "/?q=udvalget&year=2019")
    link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert link is not None
    assert parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query) == {
        "q": ["udvalget"],
        "year": ["2019"],
    }


def test_feed_is_atom_newest_first_with_the_search_filters(client: FlaskClient) -> None:
    response = client.get("/feed?q=udvalget&year=2019")
    assert response.mimetype == "application/atom+xml"
    feed = etree.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert entries and updated == sorted(updated, reverse=True)
    assert all("2019-" in (u or "") for u in updated)
    first = entries[0].find(f"{ATOM}link").get("href")
    assert first.startswith("http://localhost/punkt/")


@pytest.mark.parametrize("url", ["/", "/hjaelp", f"/punkt/{STOCKHOLM}", "/udvalg", "/arkiv"])
def test_every_page_names_the_opensearch_description(client: FlaskClient, url: str) -> None:
    assert '<link rel="search" type="application/opensearchdescription+xml"' in html_of(client, url)


def test_opensearch_description_has_a_search_template(client: FlaskClient) -> None:
    document = etree.fromstring(client.get("/opensearch.xml").data)
    templates = [url.get("template") for url in document.iter("{*}Url")]
    assert "http://localhost/?q={searchTerms}" in templates


def test_robots_and_sitemap_lead_to_every_permalink(
    client: FlaskClient, service: SearchService
) -> None:
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    index = etree.fromstring(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.iter("{*}loc")]
    assert parts == ["http://localhost/sitemap-1.xml"]
    urlset = etree.fromstring(client.get("/sitemap-1.xml").data)
    locations = {loc.text for loc in urlset.iter("{*}loc")}
    everything = service.search(SearchRequest(limit=100))
    assert locations == {f"http://localhost/punkt/{r['id']}" for r in everything["results"]}
    assert client.get("/sitemap-2.xml").status_code == 404


# -- citations -------------------------------------------------------------------------------


def test_item_page_offers_a_danish_citation_to_copy(client: FlaskClient) -> None:
    html = html_of(client, f"/punkt/{STOCKHOLM}")
    citation = re.search(r'<p id="citation-text"[^>]*>([^<]+)</p>', html)
    assert citation is not None
    assert citation.group(1) == (
        "Ballerup Kommune, Erhvervs- og Beskæftigelsesudvalget: referat af mødet 14. maj 2019, "
        "punkt 3: »Studietur for Erhvervs- og Beskæftigelsesudvalget til Stockholm«. "
        f"http://localhost/punkt/{STOCKHOLM}"
    )
    assert 'data-copy="citation-text"' in html


@pytest.mark.parametrize(
    ("fmt", "mimetype", "expected"),
    [
        ("ris", "application/x-research-info-systems", "TY  - RPRT\r\n"),
        ("bibtex", "application/x-bibtex", "@techreport{ballerup-erhvervs-og-"),
        ("csl-json", "application/vnd.citationstyles.csl+json", '"type": "report"'),
    ],
)
def test_citation_files(client: FlaskClient, fmt: str, mimetype: str, expected: str) -> None:
    response = client.get(f"/api/items/{STOCKHOLM}?format={fmt}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    body = response.get_data(as_text=True)
    assert expected in body
    assert f"http://localhost/punkt/{STOCKHOLM}" in body
    assert "2019" in body


def test_csl_json_dates_the_meeting(client: FlaskClient) -> None:
    entry = json.loads(client.get(f"/api/items/{STOCKHOLM}?format=csl-json").data)[0]
    assert entry["issued"] == {"date-parts": [[2019, 5, 14]]}
    assert entry["publisher"] == "Ballerup Kommune"


def test_unknown_item_citation_is_404(client: FlaskClient) -> None:
    assert client.get("/api/items/ingen/saadan/2019-01-01/1?format=ris").status_code == 404


# -- charts ----------------------------------------------------------------------------------


def test_results_chart_has_a_bar_per_year_each_setting_that_year(
    client: FlaskClient, service: SearchService
) -> None:
    html = html_of(client, "/?q=udvalget")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "<desc" in svg
    links = re.findall(r'<a href="([^"]+)" aria-label="(\d{4}): (\d+) punkter"', svg)
    years = service.search(SearchRequest(q="udvalget"))["facets"]["year"]
    assert {(year, int(count)) for _, year, count in links} == {
        (entry["value"], entry["count"]) for entry in years
    }
    for href, year, _ in links:
        query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert query["year"] == [year] and query["q"] == ["udvalget"]


def test_charts_need_no_inline_style(client: FlaskClient) -> None:
    for url in ("/?q=udvalget", "/udvalg/ballerup/erhvervs-og-beskaeftigelsesudvalget"):
        html = html_of(client, url)
        assert " style=" not in html
        assert "<svg" in html


def test_committee_page_shows_meetings_per_year_and_outcome_shares(client: FlaskClient) -> None:
    html = html_of(client, "/udvalg/ballerup/erhvervs-og-beskaeftigelsesudvalget")
    assert 'aria-label="2016: 1 møder"' in html and 'aria-label="2019: 1 møder"' in html
    assert re.search(r"Godkendt</a>: \d+ punkter \(\d+ %\)", html)
    assert 'class="share share-godkendt"' in html


def test_committee_names_link_to_their_items(client: FlaskClient) -> None:
    html = html_of(client, "/udvalg")
    assert '<a href="/?organisation=Aarhus&amp;committee=Teknisk+Udvalg">Teknisk Udvalg</a>' in html


# -- the archive page ------------------------------------------------------------------------


def test_archive_page_links_every_line_to_its_items(client: FlaskClient) -> None:
    html = html_of(client, "/arkiv")
    assert 'href="/?organisation=Aarhus&amp;committee=Teknisk+Udvalg&amp;year=2025"' in html
    assert 'href="/moede/ballerup/kmb-it-udvalget/2013-05-15"' in html  # waiting for minutes
    assert "ballerup-publication/Publication32.xml" in html  # a file with a warning


def test_no_server_path_in_any_output(
    client: FlaskClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # the folders indexed, and the one every test index is in (a Whoosh index is a folder)
    conftest = __import__("tests.conftest", fromlist=["DATA", "BUNDLED"])
    places = [str(conftest.DATA), str(conftest.BUNDLED), str(tmp_path_factory.getbasetemp())]
    for url in (
        f"/api/items/{STOCKHOLM}",
        f"/punkt/{STOCKHOLM}",
        "/api/archive",
        "/arkiv",
        "/api/search?format=jsonl",
    ):
        body = client.get(url).get_data(as_text=True)
        assert not [place for place in places if place in body], url
    item = client.get(f"/api/items/{STOCKHOLM}").get_json()
    assert "source_path" not in item
    assert item["source_file"] == "ballerup-text/002_1d0fbda90244606e.txt"


# -- municipality ----------------------------------------------------------------------------


def test_results_name_the_municipality_and_offer_its_facet(client: FlaskClient) -> None:
    html = html_of(client, "/?q=lokalplan")
    assert '<span class="result-org">Aarhus</span>' in html
    assert 'id="facet-organisation"' in html


def test_organisation_filter(client: FlaskClient) -> None:
    result = client.get("/api/search?organisation=Aarhus&limit=100").get_json()
    assert result["total"] == 6
    assert {r["organisation"] for r in result["results"]} == {"Aarhus"}
    assert [v["value"] for v in result["facets"]["organisation"] if v["selected"]] == ["Aarhus"]


# -- defects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["%C2%B2", "%E2%91%A0", "%D9%A2", "%EF%BC%92", "1%C2%B2", "-1", "1.5", "0"],
    ids=["superscript", "circled", "arabic-indic", "fullwidth", "mixed", "negative", "float", "0"],
)
@pytest.mark.parametrize("name", ["page", "limit"])
def test_non_ascii_numbers_are_400_never_500(client: FlaskClient, name: str, value: str) -> None:
    api = client.get(f"/api/search?{name}={value}")
    assert api.status_code == 400 and api.get_json()["error"].startswith(f"{name}:")
    page = client.get(f"/?{name}={value}")
    assert page.status_code == 400
    assert "Ugyldig forespørgsel" in page.get_data(as_text=True)


@pytest.mark.parametrize("year", ["%D9%A2%D9%A0%D9%A1%D9%A9", "%C2%B2019", "２０１９"])
def test_non_ascii_years_are_400(client: FlaskClient, year: str) -> None:
    assert client.get(f"/api/search?year={year}").status_code == 400


def test_a_danish_page_shows_no_english_error(client: FlaskClient) -> None:
    html = html_of(client, "/?page=0", status=400)
    assert "must be" not in html and "got" not in html
    assert "Sidetallet skal være et helt tal" in html


def test_an_unknown_committee_is_named_not_counted_as_all(client: FlaskClient) -> None:
    html = html_of(client, "/?committee=Findes+ikke")
    assert "Alle 0" not in html
    assert "Ingen punkter" in html
    assert "Arkivet har intet udvalg »Findes ikke«" in html


def test_a_page_beyond_the_last_tells_the_truth(client: FlaskClient) -> None:
    html = html_of(client, "/?page=9999", status=404)
    assert "Alle 40 punkter" not in html and "page=9998" not in html
    assert "Side 9.999 findes ikke" in html
    assert "Søgningen har 40 punkter – der er kun 2 sider" in html


def test_405_names_the_allowed_methods(client: FlaskClient) -> None:
    for url in ("/api/search", "/"):
        response = client.post(url)
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert client.post("/api/search").get_json() == {
        "error": "The method is not allowed for the requested URL.",
        "status": 405,
    }


def test_an_over_long_url_is_414_json_under_api_and_danish_elsewhere(client: FlaskClient) -> None:
    api = client.get("/api/search?q=" + "x" * 9000)
    assert api.status_code == 414 and api.get_json()["status"] == 414
    page = client.get("/?q=" + "x" * 9000)
    assert page.status_code == 414 and "Adressen er for lang" in page.get_data(as_text=True)


def test_serve_lets_long_request_lines_reach_the_app() -> None:
    from web.server import server_options

    assert server_options("127.0.0.1", 8000, 2)["limit_request_line"] == 0


def test_item_page_shows_the_decision_once(client: FlaskClient) -> None:
    html = html_of(client, f"/punkt/{STOCKHOLM}")
    assert html.count("Indstillingen godkendt") == 1
    assert html.count("Beslutningen træffes af") == 1
    assert "0 bilag" not in html_of(client, f"/punkt/{FRIKORT}")


def test_item_page_shows_earlier_treatments_once(client: FlaskClient) -> None:
    html = html_of(client, f"/punkt/{PIER3}")
    visible = re.sub(r"<details class=\"earlier-text\">.*?</details>", "", html, flags=re.S)
    # the section, the references and the history each listed it: now one step of the history
    assert len(re.findall(r"\bMagistraten\b", visible)) == 1
    assert "Udvalg: Magistraten" not in visible
    assert "Tidligere behandling, som kilden skriver den" in html


def test_attachment_and_source_links_go_to_the_publisher(client: FlaskClient) -> None:
    html = html_of(client, f"/punkt/{PIER3}")
    links = re.findall(r'href="([^"]+)"', html)
    bilag = [unquote(link) for link in links if "/bilag/" in link]
    assert bilag and all(
        link.startswith("https://dagsordener.aarhus.dk/vis/pdf/bilag/") for link in bilag
    )
    assert 'href="https://dagsordener.aarhus.dk/"' in html  # Kilde
    assert "Ikke angivet" not in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pr. år. Center for Social- og\nSundhed samt Center for Arbejdsmarked",
            ["pr. år. Center for Social- og Sundhed samt Center for Arbejdsmarked"],
        ),
        ("drøftet på Erhvervs- og\nBeskæftigelsesudvalgets møde", ["drøftet på Erhvervs- og Beskæftigelsesudvalgets møde"]),
        ("op til 20.000 kr.\nskattefrit om året", ["op til 20.000 kr. skattefrit om året"]),
        ("jævnfør\nAktiveringsstrategien", ["jævnfør Aktiveringsstrategien"]),  # ends in no stop word
        ("Fornyet Fokus i\nBeskæftigelsesindsatsen", ["Fornyet Fokus i Beskæftigelsesindsatsen"]),
        ("Talenttiltrækning\nKapitalfremskaffelse", ["Talenttiltrækning\nKapitalfremskaffelse"]),
        (
            "Særlig fokus på aktivitetsparate borgere (kontanthjælpsmodtagere)\nModtagelse af flygtninge",
            ["Særlig fokus på aktivitetsparate borgere (kontanthjælpsmodtagere)\nModtagelse af flygtninge"],
        ),
        ("indstiller at:\n\n1. Orienteringen tages til efterretning.", ["indstiller at:", "1. Orienteringen tages til efterretning."]),
        ("følgende håndhævelser:\nEt påbud", ["følgende håndhævelser:\nEt påbud"]),
    ],
)  # fmt: skip
def test_paragraphs_are_reflowed_where_the_source_wrapped(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_spelling_suggestions_are_plausible_and_find_more(service: SearchService) -> None:
    assert service.search(SearchRequest(q="asdf"))["suggestion"] is None
    assert service.search(SearchRequest(q="<script>alert(1)</script>"))["suggestion"] is None
    assert service.search(SearchRequest(q="studietr"))["suggestion"] == "studietur"


def test_help_table_is_laid_out_for_a_phone() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "web" / "static" / "style.css").read_text()
    phone = css[css.index("@media (max-width: 40rem)") :]
    assert ".syntax, .syntax tbody, .syntax tr, .syntax td { display: block" in phone
    assert "@media print" in css
