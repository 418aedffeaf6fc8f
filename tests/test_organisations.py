"""Denmark's municipalities and regions, found in names, URLs and text."""

from __future__ import annotations

import pytest

from indexer.organisations import (
    ORGANISATIONS,
    canonical_organisation,
    name_key,
    organisation_in_text,
    organisation_in_url,
)


def test_the_table_has_98_municipalities_and_5_regions() -> None:
    kinds = [organisation.kind for organisation in ORGANISATIONS]
    assert kinds.count("kommune") == 98
    assert kinds.count("region") == 5
    assert len({organisation.name for organisation in ORGANISATIONS}) == 103


def test_no_two_organisations_share_a_name_key_or_a_domain() -> None:
    keys = [name_key(o.name) for o in ORGANISATIONS]
    domains = [d for o in ORGANISATIONS for d in o.domains]
    assert len(set(keys)) == len(keys)
    assert len(set(domains)) == len(domains)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ballerup", "Ballerup"),
        ("ballerup", "Ballerup"),
        ("Ballerup Kommune", "Ballerup"),
        ("BALLERUP KOMMUNE", "Ballerup"),
        ("Greve Kommune", "Greve"),
        ("Københavns Kommune", "København"),
        ("København", "København"),
        ("koebenhavn", "København"),
        ("Bornholms Regionskommune", "Bornholm"),
        ("Lyngby-Taarbæk Kommune", "Lyngby-Taarbæk"),
        ("lyngby-taarbaek", "Lyngby-Taarbæk"),
        ("Århus Kommune", "Aarhus"),
        ("Aarhus", "Aarhus"),
        ("Høje Tåstrup Kommune", "Høje-Taastrup"),
        ("Nordfyns Kommune", "Nordfyn"),
        ("Vesthimmerlands Kommune", "Vesthimmerland"),
        ("Region Midtjylland", "Region Midtjylland"),
        ("region hovedstaden", "Region Hovedstaden"),
        ("kk.dk", "København"),
        ("  Aabenraa  ", "Aabenraa"),
        # not in the table: kept as written, whitespace tidied
        ("Testkommune  Nord", "Testkommune Nord"),
        ("Middelfart Testudvalg", "Middelfart Testudvalg"),
    ],
)
def test_canonical_organisation(name: str, expected: str) -> None:
    assert canonical_organisation(name) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://dagsordener.greve.dk/vis/pdf/bilag/6dc19d61-7990-4935-b588-b7ef08385465",
            "Greve",
        ),
        ("http://ballerup.dk/dagsorden/erhvervs-og-beskaeftigelsesudvalget-14-05-2019", "Ballerup"),
        ("https://www.balk.dk/politik/", "Ballerup"),
        ("https://www.kk.dk/dagsordener-og-referater", "København"),
        ("https://dagsordener.aarhus.dk/vis?id=1", "Aarhus"),
        ("https://www.ltk.dk/", "Lyngby-Taarbæk"),
        ("https://www.regionh.dk/politik/", "Region Hovedstaden"),
        ("https://www.rm.dk/politik/", "Region Midtjylland"),
        ("https://egedalkommune.dk/", "Egedal"),
        ("dagsordener.syddjurs.dk", "Syddjurs"),
        ("HTTPS://DAGSORDENER.GREVE.DK/", "Greve"),
        # a "<name>kommune.dk" domain the table does not list
        ("https://www.struerkommune.dk/", "Struer"),
    ],
)
def test_organisation_in_url(url: str, expected: str) -> None:
    found = organisation_in_url(url)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.retsinformation.dk/eli/lta/2019/1234",
        "https://www.pfizer.dk/",
        "https://www.version2.dk/artikel/leverandoerer-presser-kommuner",
        "http://publication.firstagenda.com",
        "https://greve.example.com/",
        "/vis/pdf/bilag/961ad716/?redirectDirectlyToPdf=false",
        "",
        "http://[::1",
    ],
)
def test_urls_of_no_organisation(url: str) -> None:
    assert organisation_in_url(url) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # header lines, as publishing systems print them
        ("Greve Kommune", "Greve"),
        ("REFERAT Aarhus Byråd d. 27-08-2025\nMødedato\n27-08-2025", "Aarhus"),
        ("Syddjurs Kommune\nUdvalget for plan, udvikling og kultur", "Syddjurs"),
        ("KØBENHAVNS KOMMUNE\nBorgerrepræsentationen", "København"),
        ("Bornholms Regionskommune\nKommunalbestyrelsen", "Bornholm"),
        ("Region Midtjylland\nRegionsrådet\nDagsorden", "Region Midtjylland"),
        ("Dagsorden\nByrådet i Greve\n6. februar 2023", "Greve"),
        ("Greve Kommune, Rådhusholmen 10, 2670 Greve", "Greve"),
        # the header wins over what the body talks about
        (
            "Ballerup Kommune\nReferat\n\nAftale med Københavns Kommune og Københavns "
            "Kommunes forsyning. Københavns Kommune betaler.",
            "Ballerup",
        ),
        # running text: the publisher speaking about itself
        (
            "Der er i forlængelse af Byrådets beslutning lagt en plan for arbejdet med "
            "satsningen på Syddjurs Kommune, som kulturkommune.",
            "Syddjurs",
        ),
        (
            "RAR opfordrer til, at Ballerup Kommune fortsat har fokus på ledige. "
            "Ballerup Kommune er en del af det Regionale Arbejdsmarkedsråd. Hvordan "
            "klarer Ballerup Kommune sig i forhold til Glostrup Kommune?",
            "Ballerup",
        ),
        (
            "Ejer af matrikel 10ce har rettet henvendelse til Greve Kommune. Greve Kommune "
            "ejer matrikel 9h. Der er indgået aftale med Solrød Kommune om stien.",
            "Greve",
        ),
        ("Mål- og rammebeskrivelserne udgør en del af Ballerup Kommunes budget.", "Ballerup"),
        ("Sagen er sendt til Region Hovedstadens akutberedskab.", "Region Hovedstaden"),
    ],
)
def test_organisation_in_text(text: str, expected: str) -> None:
    found = organisation_in_text(text)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "text",
    [
        # mere place names
        "Borgerne på Greve Strand ønsker flere bænke.",
        "Studieturen går til Aarhus og Odense i maj.",
        "Køge Bugt Strandpark og Roskilde Festival",
        "Vejen til skolen er lang, og kommunen vil forbedre den.",
        # partners, comparisons, lists: not the publisher
        "Udvalget drøftede en aftale med Solrød Kommune om stier.",
        "Samarbejdet mellem Ishøj Kommune og Vallensbæk Kommune fortsætter.",
        "Udgifterne er lavere end i Gladsaxe Kommune.",
        "Henvendelse fra Hvidovre Kommune vedrørende busruten.",
        "Glostrup Kommune, Albertslund Kommune og Brøndby Kommune indgår i netværket.",
        # two institutions equally often: not our place to choose
        "Odense Kommune har 200.000 indbyggere. Aalborg Kommune har 220.000.",
        "",
    ],
)
def test_no_publisher_in_text(text: str) -> None:
    assert organisation_in_text(text) is None
