"""Publication XML: the real Ballerup agenda and hand-made variants."""

from __future__ import annotations

import datetime
import json
from html import escape

import pytest

from indexer.model import Meeting
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.publication import READER
from indexer.readers.sections import canonical_heading
from indexer.serialize import meeting_to_dict

SAMPLE = "ballerup-publication/Publication32.xml"


def field(caption: str, html: str, *, feedback: bool = False) -> str:
    # Content holds the HTML fragment as escaped text, as the real exports do.
    return (
        f"<ItemField><Caption>{caption}</Caption><IsFeedback>{feedback}</IsFeedback>"
        f"<Content>{escape(html)}</Content></ItemField>"
    )


def item(number: int, caption: str, fields: list[str], *, public: bool = True) -> str:
    return (
        f"<Item><Caption>{caption}</Caption><Case><Number>13/{number}</Number></Case>"
        f"<IsPublic>{public}</IsPublic><Number>{number}</Number>"
        f"<Fields>{''.join(fields)}</Fields></Item>"
    )


def publication_xml(
    items: list[str],
    *,
    committee: str = "Økonomiudvalget",
    members: str = "",
    publication_type: str = "Minutes",
    prolog: str = '<?xml version="1.0" encoding="utf-8"?>',
) -> str:
    return (
        f"{prolog}\n<Publication><PublicationTypeAsEnum>{publication_type}</PublicationTypeAsEnum>"
        "<Agendas><Agenda><Meeting><Members>"
        f"{members}</Members><When>10-04-2013 08:30:00</When><Where>Byrådssalen</Where>"
        f"</Meeting><Name>{committee}</Name><Committee><Name>{committee}</Name></Committee>"
        f"<Items>{''.join(items)}</Items></Agenda></Agendas></Publication>"
    )


def read(text: str | bytes) -> Meeting:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return READER.read(data, "test.xml")


@pytest.fixture
def sample(corpus_bytes) -> Meeting:
    return READER.read(corpus_bytes(SAMPLE), SAMPLE)


def test_real_file_matches_golden(sample, golden):
    golden.check("publication-ballerup-KMB-IT-2013-05-15", meeting_to_dict(sample))


def test_real_file_is_an_agenda_of_kmb_it_udvalget(sample):
    assert sample.committee == "KMB IT-udvalget"
    assert sample.date == datetime.date(2013, 5, 15)
    assert sample.time == "16:30"
    assert sample.place == "Mødecenter A, Lokale 3 på Ballerup Rådhus"
    assert sample.kind == "dagsorden"
    assert len(sample.participants) == 11
    assert sample.warnings == []


def test_real_file_has_five_open_undecided_items(sample):
    assert [item.number for item in sample.items] == [1, 2, 3, 4, 5]
    assert not any(item.closed for item in sample.items)
    assert all(item.decision == "" for item in sample.items)
    last_sections = [(item.sections[-1].heading, item.sections[-1].text) for item in sample.items]
    assert last_sections == [("Beslutning", "")] * 5


def test_real_file_earlier_treatment_is_a_reference(sample):
    assert [ref.text for ref in sample.items[1].references] == [
        "KMB IT-udvalget den 5. december 2012 Punkt 3"
    ]


def test_real_file_list_items_are_on_their_own_lines(sample):
    indstilling = next(s.text for s in sample.items[1].sections if s.heading == "Indstilling")
    assert indstilling.split("\n")[2].startswith("A. Gennemførelse af pilottest")
    assert indstilling.split("\n")[3].startswith("B. Pilottesten gennemføres")


def test_real_file_enclosure_is_an_attachment(sample):
    sapa = sample.items[2]
    assert sapa.attachment_count == 1
    assert sapa.attachments[0].title == "Brev fra KL til Kommunalbestyrelsen vedr Monopolbrud"
    assert sapa.attachments[0].url == "Enclosures/1.pdf"


def test_sniff_and_detect_by_content(corpus_bytes):
    head = corpus_bytes(SAMPLE)[:8192]
    assert READER.sniff(head, "whatever.dat")
    assert detect_reader(head, "x.txt").name == "publication-xml"
    assert not READER.sniff(b"<?xml version='1.0'?><Meeting><MeetingDate/>", "x.xml")


@pytest.mark.parametrize(
    ("caption", "canonical"),
    [
        ("Beslutning", "Beslutning"),
        ("BESLUTNING", "Beslutning"),
        ("FORRETNINGSUDVALGETS BESLUTNING", "Beslutning"),
        ("Byrådets beslutning den 24-04-2013", "Beslutning"),
        ("PUNKTET BEHANDLET TIDLIGERE", "Tidligere behandling"),
        ("Tidligere behandling", "Tidligere behandling"),
        ("Sagsfremstilling", "Sagsfremstilling"),
        ("SAGSFREMSTILLING", "Sagsfremstilling"),
        ("Indstilling", "Indstilling"),
        ("FORSLAG TIL BESLUTNING", "Indstilling"),
        ("Resumé", "Sammendrag"),
    ],
)
def test_caption_variants_map_to_canonical_headings(caption, canonical):
    meeting = read(publication_xml([item(1, "Vej", [field(caption, "<p>Teksten</p>")])]))
    (section,) = meeting.items[0].sections
    assert canonical_heading(section.heading) == canonical
    assert section.text == "Teksten"


@pytest.mark.parametrize(
    ("caption", "heading"),
    [
        ("BORGMESTERENS BEMÆRKNINGER", "Borgmesterens bemærkninger"),
        ("Høringsparter", "Høringsparter"),
    ],
)
def test_unknown_captions_keep_their_wording_in_sentence_case(caption, heading):
    meeting = read(publication_xml([item(1, "Vej", [field(caption, "<p>Tekst</p>")])]))
    assert meeting.items[0].sections[0].heading == heading


@pytest.mark.parametrize(
    "content",
    ["", "   ", "<p>&nbsp;</p>", "<p></p><div> </div>", "Tomt indhold", "<p>Tomt indhold</p>"],
)
def test_placeholder_decision_content_is_empty(content):
    fields = [field("Sagsfremstilling", "<p>Sag</p>"), field("Beslutning", content, feedback=True)]
    meeting = read(publication_xml([item(1, "Vej", fields)], publication_type="Final"))
    assert meeting.items[0].sections[-1].heading == "Beslutning"
    assert meeting.items[0].sections[-1].text == ""
    assert meeting.items[0].decision == ""
    assert meeting.kind == "dagsorden"


def test_empty_non_decision_field_is_left_out():
    fields = [field("Tidligere behandling", "<p> </p>"), field("Sagsfremstilling", "<p>Sag</p>")]
    meeting = read(publication_xml([item(1, "Vej", fields)]))
    assert [s.heading for s in meeting.items[0].sections] == ["Sagsfremstilling"]


def test_other_municipality_minutes_with_upper_case_captions():
    fields = [
        field("PUNKTET BEHANDLET TIDLIGERE", "<p>Teknisk Udvalg den 3. april 2013 Punkt 4</p>"),
        field("SAGSFREMSTILLING", "<p>Forvaltningen foresl&aring;r &oslash;get budget.</p>"),
        field(
            "INDSTILLING", "<ul><li>at budgettet godkendes</li><li>at sagen sendes videre</li></ul>"
        ),
        field("BESLUTNINGEN TRÆFFES AF", "<p>Byrådet</p>"),
        field("FORRETNINGSUDVALGETS BESLUTNING", "<p>Anbefales.</p>", feedback=True),
    ]
    meeting = read(
        publication_xml(
            [item(2, "Budget 2014", fields), item(1, "Salg af grund", [], public=False)],
            committee="Forretningsudvalget",
        )
    )
    assert meeting.kind == "referat"
    assert meeting.committee == "Forretningsudvalget"
    assert meeting.date == datetime.date(2013, 4, 10) and meeting.time == "08:30"
    first, budget = meeting.items
    assert first.closed and not budget.closed
    assert budget.case_number == "13/2"
    assert budget.decision == "Anbefales."
    assert budget.decided_by == "Byrådet"
    assert [r.text for r in budget.references] == ["Teknisk Udvalg den 3. april 2013 Punkt 4"]
    assert budget.sections[1].text == "Forvaltningen foreslår øget budget."
    assert budget.sections[2].text == "- at budgettet godkendes\n- at sagen sendes videre"


def test_closed_item_keeps_only_its_decision():
    fields = [
        field("Sagsfremstilling", "<p>Fortrolige oplysninger om køber</p>"),
        field("Beslutning", "<p>Godkendt</p>", feedback=True),
    ]
    meeting = read(publication_xml([item(1, "Salg af grund", fields, public=False)]))
    closed = meeting.items[0]
    assert closed.closed
    assert closed.decision == "Godkendt"
    assert "Fortrolige" not in json.dumps(meeting_to_dict(meeting), ensure_ascii=False)
    assert meeting.warnings


@pytest.mark.parametrize(
    ("value", "text", "present"),
    [("1", "Participating", True), ("0", "NotDecided", True), ("2", "Cancelled", False)],
)
def test_member_participation(value, text, present):
    members = (
        "<MeetingMember><ParticipationStatusAsValue>"
        f"{value}</ParticipationStatusAsValue><ParticipationStatusAsText>{text}"
        "</ParticipationStatusAsText><Name>Anne Hansen (A)</Name></MeetingMember>"
    )
    meeting = read(publication_xml([item(1, "Vej", [])], members=members))
    assert (meeting.participants == ["Anne Hansen (A)"]) is present
    assert (meeting.absentees == ["Anne Hansen (A)"]) is not present


def test_utf8_with_bom_and_entities_in_content():
    xml = publication_xml(
        [item(1, "Økonomi", [field("Sagsfremstilling", "<p>K&oslash;b&nbsp;af jord</p>")])]
    )
    meeting = read(b"\xef\xbb\xbf" + xml.encode("utf-8"))
    assert meeting.items[0].title == "Økonomi"
    assert meeting.items[0].sections[0].text == "Køb af jord"


def test_iso_8859_1_declared_file_is_read():
    xml = publication_xml(
        [item(1, "Økonomi på området", [field("Beslutning", "<p>Godkendt på mødet</p>")])],
        committee="Børne- og Ungeudvalget",
        prolog='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    meeting = read(xml.encode("iso-8859-1"))
    assert meeting.committee == "Børne- og Ungeudvalget"
    assert meeting.items[0].decision == "Godkendt på mødet"


def test_external_entity_is_not_resolved():
    xml = publication_xml([item(1, "&e;", [field("Beslutning", "x")])], committee="&e;").replace(
        "\n<Publication>",
        '\n<!DOCTYPE Publication [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Publication>',
    )
    try:
        meeting = read(xml)
    except ReaderError:
        return
    dumped = json.dumps(meeting_to_dict(meeting))
    assert "root:" not in dumped and "/bin/" not in dumped


def test_script_in_html_content_is_not_text():
    html = "<p>Sag</p><script>alert('x')</script><style>p{}</style>"
    meeting = read(publication_xml([item(1, "Vej", [field("Sagsfremstilling", html)])]))
    assert meeting.items[0].sections[0].text == "Sag"


@pytest.mark.parametrize("fraction", [0.001, 0.05, 0.3, 0.6, 0.95, 0.999])
def test_truncated_real_file_gives_meeting_with_warning_or_reader_error(corpus_bytes, fraction):
    data = corpus_bytes(SAMPLE)
    try:
        meeting = READER.read(data[: int(len(data) * fraction)], SAMPLE)
    except ReaderError as error:
        assert str(error)
        return
    assert meeting.warnings
    assert meeting.items


def test_garbled_real_file_gives_meeting_or_reader_error(corpus_bytes):
    data = bytearray(corpus_bytes(SAMPLE))
    data[40000:40030] = b"</Items></Agenda>\x00<<&\xff\xfe!!!!!"[:30]
    try:
        meeting = READER.read(bytes(data), SAMPLE)
    except ReaderError:
        return
    assert meeting.warnings


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<Publication/>",
        b"<Publication><Agendas><Agenda><Items/></Agenda></Agendas></Publication>",
        b"<Other/>",
    ],
)
def test_files_without_an_agenda_raise_reader_error(data):
    with pytest.raises(ReaderError):
        read(data)
