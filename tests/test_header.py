"""Committee, date and place from the headers of many systems, as pdftotext/pypdf print them."""

from __future__ import annotations

import datetime

import pytest

from indexer.committees import canonical_committee
from indexer.model import Meeting
from indexer.readers.header import parse_header

# (header lines as extracted, committee, date, place)
HEADERS = [
    # Aarhus council PDF: kind, committee and date on one line, then field blocks
    (
        ["REFERAT Aarhus Byråd d. 27-08-2025", "Mødedato", "27-08-2025 kl. 19:00", "Mødested",
         "Rådhuset, Byrådssalen"],
        "Aarhus Byråd", datetime.date(2025, 8, 27), "Rådhuset, Byrådssalen",
    ),
    # Acadre (Syddjurs) first page: the committee, then the meeting's own name
    (
        ["Referat", "Udvalget for plan, udvikling og kultur (PUK)", "Ekstraordinært PUK",
         "Torsdag den 20. juni 2013", "Kl. 10:30", "Kaløvig Kursuscenter", "Præstekravevej 46"],
        "Udvalget for plan, udvikling og kultur (PUK)", datetime.date(2013, 6, 20),
        "Kaløvig Kursuscenter",
    ),
    # eDoc (Ballerup) first page: running header first, then the front page
    (
        ["Sundheds- og Forebyggelsesudvalget", "Referat", "Åbent referat", "Dato: 04.12.2012",
         "Side 1", "Referat", "Sundheds- og Forebyggelsesudvalget",
         "tirsdag den 4. december 2012, kl. 13:00", "i Mødecenter C, Lokale 32"],
        "Sundheds- og Forebyggelsesudvalget", datetime.date(2012, 12, 4), None,
    ),
    # labelled fields, in any order
    (
        ["Dagsorden", "Mødedato: 3. marts 2021 kl. 16.00", "Udvalg: Teknik- og Miljøudvalget",
         "Mødested: Rådhuset, mødelokale 2"],
        "Teknik- og Miljøudvalget", datetime.date(2021, 3, 3), "Rådhuset, mødelokale 2",
    ),
    # a council without "udvalg" in its name, above a date line with a weekday
    (
        ["Side 1 af 12", "Kommunalbestyrelsen", "Referat", "Mandag den 1. februar 2021"],
        "Kommunalbestyrelsen", datetime.date(2021, 2, 1), None,
    ),
    # no body word anywhere: the line above the date, never a heading word
    (
        ["Dagsorden", "Børn og Unge", "Mødedato", "12.01.2022 kl. 17:00"],
        "Børn og Unge", datetime.date(2022, 1, 12), None,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "committee", "date", "place"), HEADERS)
def test_committee_date_and_place_come_from_any_header(lines, committee, date, place):
    meeting = Meeting()
    parse_header(lines, meeting)
    assert canonical_committee(meeting.committee or "") == canonical_committee(committee)
    assert meeting.date == date
    if place is not None:
        assert meeting.place == place


@pytest.mark.parametrize(
    "word",
    ["Mødedato", "Dagsorden", "Referat", "Mødested", "Side", "Indholdsfortegnelse", "Punkt nr."],
)
def test_a_heading_word_is_never_the_committee(word):
    meeting = Meeting()
    parse_header([word, "Onsdag den 1. oktober 2025 kl. 15:00"], meeting)
    assert meeting.committee is None


def test_a_council_header_gives_the_id_its_citations_link_to():
    from indexer.documents import item_payload, reference_targets
    from indexer.normalize import normalize
    from indexer.readers.text import READER
    from indexer.references import parse_reference

    text = (
        "REFERAT Aarhus Byråd d. 27-08-2025\nMødedato\n27-08-2025 kl. 19:00\nMødested\n"
        "Rådhuset\n\nPunkt 10 Køb af landbrugsejendom\n\nBeslutning\nGodkendt.\n"
    )
    meeting = normalize(READER.read(text.encode(), "aarhus.txt"))
    assert (meeting.organisation, str(meeting.date)) == ("Aarhus", "2025-08-27")
    citation = parse_reference("Udvalg: Aarhus Byråd, Dato: 27-08-2025, Punktnummer: 10")
    citing = type(meeting)(organisation="Aarhus")
    assert reference_targets(citing, citation) == [item_payload(meeting, meeting.items[0])["id"]]
