"""eDoc AgendaPublishing XML: the real Ballerup file and hand-made variants."""

from __future__ import annotations

import datetime
import json

import pytest

from indexer.model import Meeting
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.edoc import READER
from indexer.readers.sections import canonical_heading
from indexer.serialize import meeting_to_dict

SAMPLE = "ballerup-edoc/ballerup_edoc_SFU_2012-12-04_eDocAgendaPublishing.xml"


def edoc_xml(
    items: list[tuple[int, str, str]],
    *,
    committee: str = "Teknik- og Miljøudvalget",
    state: str = "Referat endeligt godkendt",
    agenda_type: str = "Åben dagsorden",
    front_page: str = "",
    prolog: str = '<?xml version="1.0" encoding="utf-8"?>',
) -> str:
    """A small eDoc file as another municipality's system would write it."""
    parts = []
    for number, title, text in items:
        parts.append(
            f"<MeetingAgendaItem><AgendaItemNumber>{number}</AgendaItemNumber>"
            f"<Document><Title>{title}</Title></Document>"
            f"<FullText>{number}.\t{title}\n\n{text}</FullText></MeetingAgendaItem>"
        )
    return (
        f"{prolog}\n<Meeting><Committee>{committee}</Committee>"
        f"<MeetingDate>10-04-2013 16:00:00</MeetingDate><MeetingState>{state}</MeetingState>"
        f"<MeetingAgendaTypes><MeetingAgendaType><AgendaType>{agenda_type}</AgendaType>"
        f"<FullText>{front_page}</FullText>"
        f"<MeetingAgendaItems>{''.join(parts)}</MeetingAgendaItems>"
        "</MeetingAgendaType></MeetingAgendaTypes></Meeting>"
    )


def read(text: str | bytes) -> Meeting:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return READER.read(data, "test.xml")


@pytest.fixture
def sample(corpus_bytes) -> Meeting:
    return READER.read(corpus_bytes(SAMPLE), SAMPLE)


def test_real_file_matches_golden(sample, golden):
    golden.check("edoc-ballerup-SFU-2012-12-04", meeting_to_dict(sample))


def test_real_file_meeting_header(sample):
    assert sample.committee == "Sundheds- og Forebyggelsesudvalget"
    assert sample.date == datetime.date(2012, 12, 4)
    assert sample.time == "13:00"
    assert sample.place == "Mødecenter C, Lokale 32 på Ballerup Rådhus"
    assert sample.kind == "referat"
    assert "Lolan Ottesen (A) - formand" in sample.participants
    assert len(sample.participants) == 7
    assert sample.absentees == []
    assert sample.source is not None and "type=minute" in sample.source
    assert sample.warnings == []


def test_real_file_items_are_sorted_by_number(sample):
    assert [item.number for item in sample.items] == list(range(1, 9))


@pytest.mark.parametrize(
    ("number", "decision"),
    [
        (1, "Taget til efterretning"),
        (2, "Indstillingen godkendt"),
        (3, "Indstilles til godkendelse"),
        (8, "Taget til efterretning"),
    ],
)
def test_real_file_decisions(sample, number, decision):
    assert sample.items[number - 1].decision == decision


@pytest.mark.parametrize(
    ("number", "case_number"), [(1, "2011-29298"), (3, "2012-31114"), (8, "2010-3082")]
)
def test_real_file_case_numbers(sample, number, case_number):
    assert sample.items[number - 1].case_number == case_number


def test_real_file_cited_earlier_treatment_becomes_reference(sample):
    texts = [ref.text for ref in sample.items[2].references]
    assert texts == ["Kommunalbestyrelsen den 30. januar 2012 Punkt 5"]


def test_real_file_attachments_come_from_document_list(sample):
    meddelelser = sample.items[0]
    assert meddelelser.attachment_count == 3
    assert all(att.url and att.url.startswith("http://") for att in meddelelser.attachments)
    assert sample.items[7].attachment_count == 0


def test_real_file_keeps_dated_decision_heading_wording(sample):
    headings = [section.heading for section in sample.items[1].sections]
    assert "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2" in headings


def test_sniff_recognises_real_file_by_content(corpus_bytes):
    head = corpus_bytes(SAMPLE)[:8192]
    assert READER.sniff(head, "no-suffix")
    assert detect_reader(head, "x.bin").name == "edoc-xml"


@pytest.mark.parametrize(
    "head",
    [
        b"<?xml version='1.0'?><Publication><Agendas/>",
        b"<html><body><p>Meeting</p></body></html>",
        b"Punkt 1 Meddelelser\n<Meeting>",
        b"<?xml version='1.0'?><Meeting><Title>Not eDoc</Title></Meeting>",
    ],
)
def test_sniff_rejects_other_content(head):
    assert not READER.sniff(head, "x.xml")


@pytest.mark.parametrize(
    ("line", "canonical"),
    [
        ("Sagsfremstilling", "Sagsfremstilling"),
        ("SAGSFREMSTILLING", "Sagsfremstilling"),
        ("Sammendrag", "Sammendrag"),
        ("Økonomiske konsekvenser og finansiering", "Økonomiske konsekvenser og finansiering"),
        ("Indstilling", "Indstilling"),
        ("Beslutningen træffes af", "Beslutningen træffes af"),
        ("Teknik- og Miljøudvalgets beslutning den 10.04.2013 Punkt 2", "Beslutning"),
        ("TEKNIK- OG MILJØUDVALGETS BESLUTNING DEN 10-04-2013", "Beslutning"),
        ("Økonomiudvalgets beslutning den 16-04-2013", "Beslutning"),
    ],
)
def test_heading_variants_are_recognised(line, canonical):
    meeting = read(edoc_xml([(1, "Vejplan", f"Sagsnr.: 2013-1\n\n{line}\nTeksten.")]))
    (section,) = meeting.items[0].sections
    assert canonical_heading(section.heading) == canonical
    assert section.text == "Teksten."


def test_other_municipality_variant_with_closed_agenda_and_two_decisions():
    text = (
        "Sagsnr.: 13/4411\nDok.nr.: 13/9\nØkonomiudvalget den 4. marts 2013 Punkt 9\n\n"
        "SAGSFREMSTILLING\nForvaltningen foreslår en ny vejplan.\n\n"
        "INDSTILLING\nAt planen godkendes.\n\n"
        "Teknik- og Miljøudvalgets beslutning den 10.04.2013 Punkt 2\nAnbefales.\n\n"
        "Kommunalbestyrelsens beslutning den 24.04.2013 Punkt 7\nGodkendt."
    )
    meeting = read(
        edoc_xml(
            [(2, "Vejplan 2013", text), (1, "Salg af grund", "")],
            agenda_type="Lukket dagsorden",
            state="Dagsorden offentliggjort",
        )
    )
    assert meeting.kind == "dagsorden"
    assert meeting.committee == "Teknik- og Miljøudvalget"
    assert [item.number for item in meeting.items] == [1, 2]
    assert all(item.closed for item in meeting.items)
    vejplan = meeting.items[1]
    assert vejplan.case_number == "13/4411"
    assert vejplan.decision == "Anbefales.\n\nGodkendt."
    assert [ref.text for ref in vejplan.references] == ["Økonomiudvalget den 4. marts 2013 Punkt 9"]
    assert [s.heading for s in vejplan.sections][:3] == [
        "Tidligere behandling",
        "Sagsfremstilling",
        "Indstilling",
    ]


def test_front_page_gives_participants_and_absentees():
    front = (
        "Referat\n\nTeknik- og Miljøudvalget\nonsdag den 10. april 2013, kl. 16:00\n"
        "i Byrådssalen\n\nTilstede\nAnne Hansen (A)\nBo Jensen (V)\n\n"
        "Afbud/Fraværende\nCarl Nielsen (O)\n\nSekretær\nDorte Holm\n\nINDHOLDSFORTEGNELSE\n1.\tX"
    )
    meeting = read(edoc_xml([(1, "X", "Beslutning\nGodkendt")], front_page=front))
    assert meeting.place == "Byrådssalen"
    assert meeting.participants == ["Anne Hansen (A)", "Bo Jensen (V)"]
    assert meeting.absentees == ["Carl Nielsen (O)"]


def test_item_numbers_with_a_gap_are_reported_after_normalisation():
    from indexer.normalize import normalize

    meeting = normalize(read(edoc_xml([(3, "C", ""), (1, "A", "")])))
    assert [item.number for item in meeting.items] == [1, 3]
    assert any("gaps" in warning for warning in meeting.warnings)


def test_control_character_references_are_blanked():
    meeting = read(edoc_xml([(1, "Meddelelser", "Beslutning\nTaget&#xC; til&#12; efterretning")]))
    assert meeting.items[0].decision == "Taget til efterretning"


def test_utf8_with_bom_is_read():
    data = b"\xef\xbb\xbf" + edoc_xml([(1, "Økonomi", "Beslutning\nGodkendt")]).encode("utf-8")
    assert read(data).items[0].title == "Økonomi"


def test_iso_8859_1_declared_file_is_read():
    xml = edoc_xml(
        [(1, "Økonomi på området", "Beslutning\nGodkendt på mødet")],
        prolog='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    meeting = read(xml.encode("iso-8859-1"))
    assert meeting.items[0].title == "Økonomi på området"
    assert meeting.items[0].decision == "Godkendt på mødet"
    assert meeting.committee == "Teknik- og Miljøudvalget"


def test_undeclared_cp1252_file_is_read():
    xml = edoc_xml([(1, "Økonomi", "Beslutning\nGodkendt")], prolog="")
    assert read(xml.encode("cp1252")).items[0].title == "Økonomi"


def test_external_entity_is_not_resolved():
    xml = edoc_xml([(1, "&e;", "Beslutning\n&e;")], committee="&e;").replace(
        "\n<Meeting>", '\n<!DOCTYPE Meeting [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Meeting>'
    )
    try:
        meeting = read(xml)
    except ReaderError:
        return
    dumped = json.dumps(meeting_to_dict(meeting))
    assert "root:" not in dumped and "/bin/" not in dumped


def test_entity_expansion_bomb_is_refused_not_expanded():
    bomb = '<?xml version="1.0"?><!DOCTYPE Meeting [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    xml = edoc_xml([(1, "Bombe", "Beslutning\n&i;")], prolog=bomb + "]>")
    try:
        meeting = read(xml)
    except ReaderError:
        return
    assert meeting.warnings
    assert len(meeting_to_dict(meeting)["items"][0]["decision"]) < 1000


@pytest.mark.parametrize("fraction", [0.0005, 0.01, 0.2, 0.5, 0.9, 0.999])
def test_truncated_real_file_gives_meeting_with_warning_or_reader_error(corpus_bytes, fraction):
    data = corpus_bytes(SAMPLE)
    cut = data[: int(len(data) * fraction)]
    try:
        meeting = READER.read(cut, SAMPLE)
    except ReaderError as error:
        assert str(error)
        return
    assert meeting.warnings
    assert meeting.items


def test_garbled_real_file_gives_meeting_or_reader_error(corpus_bytes):
    data = bytearray(corpus_bytes(SAMPLE))
    data[200000:200040] = b"<<&&>>\x00\x01</Nope><" * 2 + b"\xff" * 12
    try:
        meeting = READER.read(bytes(data), SAMPLE)
    except ReaderError:
        return
    assert meeting.warnings


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"<?xml version='1.0'?>", b"<Meeting></Meeting>", b"<Other/>", b"\x00\x01\x02"],
)
def test_files_without_minutes_raise_reader_error(data):
    with pytest.raises(ReaderError):
        read(data)
