"""Values a document does not state are guessed, and Meeting.guessed says from where.

The organisation: manifest, then the document, then URLs, then text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.model import AgendaItem, Attachment, Meeting, Section
from indexer.normalize import infer_organisation, normalize
from indexer.pipeline import read_file

GREVE_LINK = "https://dagsordener.greve.dk/vis/pdf/bilag/6dc19d61-7990-4935-b588-b7ef08385465"


def item_with(text: str = "", url: str | None = None, title: str = "Punkt") -> AgendaItem:
    attachments = [Attachment("Bilag 1", url)] if url else []
    return AgendaItem(
        1, title, sections=[Section("Sagsfremstilling", text)], attachments=attachments
    )


@pytest.mark.parametrize(
    ("stated", "expected"),
    [("Ballerup", "Ballerup"), ("ballerup", "Ballerup"), ("Ballerup Kommune", "Ballerup")],
)
def test_a_stated_organisation_is_made_canonical_and_not_guessed(
    stated: str, expected: str
) -> None:
    meeting = Meeting(
        organisation=stated, items=[item_with("Aftale med Greve Kommune", GREVE_LINK)]
    )
    infer_organisation(meeting)
    assert meeting.organisation == expected
    assert meeting.guessed == {}


def test_urls_come_before_text() -> None:
    meeting = Meeting(items=[item_with("Ballerup Kommune har besluttet.", GREVE_LINK)])
    infer_organisation(meeting)
    assert meeting.organisation == "Greve"
    assert meeting.guessed == {"organisation": f"url: {GREVE_LINK}"}


def test_the_source_url_is_a_url_too() -> None:
    meeting = Meeting(source="http://ballerup.dk/dagsorden/x", items=[item_with()])
    infer_organisation(meeting)
    assert meeting.organisation == "Ballerup"


def test_a_committee_naming_its_council_is_a_header() -> None:
    meeting = Meeting(committee="Aarhus Byråd", items=[item_with("Aftale med Odense Kommune.")])
    infer_organisation(meeting)
    assert meeting.organisation == "Aarhus"
    assert meeting.guessed == {"organisation": "text: 'Aarhus Byråd'"}


def test_text_names_the_publisher_by_its_institution() -> None:
    meeting = Meeting(items=[item_with("satsningen på Syddjurs Kommune, som kulturkommune")])
    infer_organisation(meeting)
    assert meeting.organisation == "Syddjurs"
    assert meeting.guessed == {"organisation": "text: 'Syddjurs Kommune'"}


@pytest.mark.parametrize(
    "text",
    [
        "Studieturen går til Aarhus.",
        "Aftale med Solrød Kommune om stier.",
        "Greve Strand og Køge Bugt",
    ],
)
def test_no_publisher_leaves_the_organisation_unknown(text: str) -> None:
    meeting = Meeting(items=[item_with(text, "https://example.com/bilag.pdf", title=text)])
    infer_organisation(meeting)
    assert meeting.organisation is None
    assert meeting.guessed == {}


def test_an_item_title_is_not_a_header() -> None:
    # as a header "Solrød Kommune" would win; as running text Greve is named more often
    meeting = Meeting(
        items=[
            item_with("Greve Kommune ejer stien.", title="Solrød Kommune"),
            item_with("Greve Kommune har svaret."),
        ]
    )
    infer_organisation(meeting)
    assert meeting.organisation == "Greve"


def test_normalising_twice_keeps_the_guess() -> None:
    meeting = Meeting(items=[item_with("", GREVE_LINK)])
    normalize(normalize(meeting))
    assert meeting.organisation == "Greve"
    assert meeting.guessed == {"organisation": f"url: {GREVE_LINK}"}


DATA = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.mark.parametrize(
    ("relative", "expected", "source"),
    [
        ("ballerup-text/002_1d0fbda90244606e.txt", "Ballerup", "url: http://ballerup.dk/"),
        ("ballerup-text/000_73358b5f7df021e4.txt", "Ballerup", "text: 'Ballerup Kommune'"),
        (
            "ballerup-edoc/ballerup_edoc_SFU_2012-12-04_eDocAgendaPublishing.xml",
            "Ballerup",
            "text: 'Ballerup Kommune'",
        ),
        ("ballerup-publication/Publication32.xml", "Ballerup", "text: 'Ballerup Kommune'"),
        (
            "aarhus-firstagenda/aarhus_firstagenda_TU_2025-10-01_referat.html",
            "Aarhus",
            "text: 'Udvalg: Aarhus Byråd'",
        ),
    ],
)
def test_every_corpus_file_names_its_organisation_without_a_manifest(
    relative: str, expected: str, source: str
) -> None:
    path = DATA / relative
    meeting = read_file(path, path.read_bytes(), {})
    assert meeting.organisation == expected
    assert meeting.guessed["organisation"].startswith(source)


def test_the_manifest_wins_and_is_not_a_guess() -> None:
    path = DATA / "aarhus-firstagenda" / "aarhus_firstagenda_TU_2025-10-01_referat.html"
    meeting = read_file(path, path.read_bytes(), {"organisation": "Aarhus Kommune"})
    assert meeting.organisation == "Aarhus"
    assert "organisation" not in meeting.guessed


MINUTES_WITHOUT_DATE = """Teknik- og Miljøudvalget

Punkt 1 Vejbump på Skolevej

Beslutning

Godkendt
"""


def test_a_date_from_the_file_name_is_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "tmu_2020-02-03.txt"
    meeting = read_file(path, MINUTES_WITHOUT_DATE.encode(), {})
    assert meeting.date is not None and meeting.date.isoformat() == "2020-02-03"
    assert meeting.guessed["date"] == "file name: tmu_2020-02-03.txt"


def test_a_date_from_the_manifest_is_not_a_guess(tmp_path: Path) -> None:
    import datetime

    path = tmp_path / "tmu_2020-02-03.txt"
    meeting = read_file(path, MINUTES_WITHOUT_DATE.encode(), {"date": datetime.date(2020, 2, 4)})
    assert meeting.date == datetime.date(2020, 2, 4)
    assert "date" not in meeting.guessed
