"""Acadre MM publication XML: the real Syddjurs meeting, its manifest, and hand-made variants."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from indexer.model import Meeting
from indexer.normalize import normalize
from indexer.readers import detect_reader
from indexer.readers.acadre import READER
from indexer.readers.base import CompanionFile, ReaderError
from indexer.serialize import meeting_to_dict

FOLDER = Path(__file__).parent / "fixtures" / "corpus" / "syddjurs-acadre"
MEETING = FOLDER / "acadre_syddjurs_puk_2013-06-20_referat_agenda-3687981.xml"
MANIFEST = FOLDER / "acadre_syddjurs_puk_2013-06-20_manifest_XML_1863.xml"


def fields(**values: str) -> str:
    return (
        "<fields>"
        + "".join(f'<field name="{k}">{v}</field>' for k, v in values.items())
        + "</fields>"
    )


def bullet(name: str, html: str, order: int) -> str:
    escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<table name="bullet">{fields(bulletname=name, bulletsortorder=str(order))[:-9]}'
        f'<field name="bulletcontent">{escaped}</field></fields></table>'
    )


def item(sort: int, title: str, bullets: list[tuple[str, str]], access: str = "Åben") -> str:
    content = "".join(bullet(name, html, n) for n, (name, html) in enumerate(bullets, 1))
    return (
        f'<table name="agendaitemparents">{fields(sort=str(sort))}<table name="agendaitem">'
        f"{fields(name=title, caseno='13/100', accessname=access)}{content}</table></table>"
    )


def acadre_xml(items: list[str], agenda_name: str = "Referat", start: str = "") -> bytes:
    data = (
        f'<?xml version="1.0"?>\r<root><table name="agenda">{fields(sysid="42", name=agenda_name)}'
        f'<table name="committee">{fields(name="Teknik- og Miljøudvalget")}</table>'
        f'<table name="meeting">{fields(date="2014-03-05 16:00", location="Rådhuset")}</table>'
        f"{''.join(items)}</table>"
        f"<agendaData><startAgendaItemNo>{start}</startAgendaItemNo></agendaData></root>"
    )
    return data.replace("\n", "\r").encode("utf-8")


def manifest_xml(agenda_id: str = "42", documents: tuple[tuple[str, str, str], ...] = ()) -> bytes:
    produced = "".join(
        f'<fields><field xmlFusionID="{fusion}"></field><field type="{kind}"></field>'
        f'<field publish="{publish}"></field></fields>'
        for fusion, kind, publish in documents
    )
    return (
        '<root><table name="committee"><fields><field name="Teknik- og Miljøudvalget"></field>'
        f'</fields></table><table name="agenda"><fields><field name="Referat"></field>'
        f'<field sysid="{agenda_id}"></field></fields></table>'
        f'<table name="producedAgenda">{produced}</table></root>'
    ).encode()


def read_in(folder: Path, name: str, data: bytes) -> Meeting:
    path = folder / name
    path.write_bytes(data)
    return normalize(READER.read(data, str(path)))


def test_real_file_with_its_manifest_matches_golden(golden):
    meeting = normalize(READER.read(MEETING.read_bytes(), str(MEETING)))
    value = meeting_to_dict(meeting)
    value["source_path"] = MEETING.name
    golden.check("acadre-syddjurs-PUK-2013-06-20", value)


def test_real_file_numbers_title_and_decision_of_this_meeting():
    meeting = normalize(READER.read(MEETING.read_bytes(), str(MEETING)))
    assert (meeting.committee, meeting.date, meeting.kind) == (
        "Udvalget for plan, udvikling og kultur (PUK)",
        datetime.date(2013, 6, 20),
        "referat",
    )
    (only,) = meeting.items
    # the printed agenda (and the DOCX minutes) number the item 715, Acadre's running number
    assert (only.number, only.title) == (715, "Kulturkommune 2017. Politiske fokusområder")
    assert only.decision.startswith("Punktet blev drøftet.")
    assert [r.date for r in only.references] == [
        datetime.date(2013, 4, 10),
        datetime.date(2013, 4, 24),
    ]
    # hard line breaks inside the escaped HTML are only wrapping: re-flowed
    assert "Byrådets arbejde med formulering af politiske forventninger" in only.sections[1].text


def test_the_manifest_alone_is_a_companion_not_a_failure():
    data = MANIFEST.read_bytes()
    assert detect_reader(data, MANIFEST.name).name == "acadre-xml"
    with pytest.raises(CompanionFile):
        READER.read(data, str(MANIFEST))


@pytest.mark.parametrize(
    ("documents", "kind", "warned"),
    [
        ((("900", "1", "0"), ("901", "2", "1")), "referat", False),  # this file is the minutes
        ((("901", "1", "1"),), "dagsorden", False),  # the manifest says: an agenda
        ((("901", "2", "0"),), "referat", True),  # minutes the manifest says are not published
    ],
)
def test_the_manifest_says_agenda_or_minutes(tmp_path, documents, kind, warned):
    (tmp_path / "manifest_XML_42.xml").write_bytes(manifest_xml(documents=documents))
    meeting = read_in(tmp_path, "agenda-901.xml", acadre_xml([item(1, "Vejplan", [])]))
    assert meeting.kind == kind
    assert any("not published" in w for w in meeting.warnings) == warned


def test_without_a_manifest_the_agenda_name_tells_and_a_warning_says_so(tmp_path):
    meeting = read_in(
        tmp_path, "a.xml", acadre_xml([item(1, "Vejplan", [])], agenda_name="Dagsorden")
    )
    assert meeting.kind == "dagsorden"
    assert any("no Acadre manifest" in w for w in meeting.warnings)


def test_a_manifest_of_another_agenda_is_not_used(tmp_path):
    (tmp_path / "manifest.xml").write_bytes(manifest_xml("7", (("901", "1", "1"),)))
    meeting = read_in(tmp_path, "agenda-901.xml", acadre_xml([item(1, "Vejplan", [])]))
    assert meeting.kind == "referat"
    assert any("no Acadre manifest" in w for w in meeting.warnings)


def test_the_real_pair_copied_elsewhere_still_finds_its_manifest(tmp_path):
    shutil.copy(MANIFEST, tmp_path / "m.xml")
    meeting = read_in(tmp_path, "x.xml", MEETING.read_bytes())
    assert meeting.kind == "referat" and not meeting.warnings


def test_items_follow_the_printed_numbering_from_the_start_number():
    data = acadre_xml(
        [
            item(
                12,
                "Budget",
                [("Beslutning i Teknik- og Miljøudvalget den 05-03-2014", "<p>Godkendt</p>")],
            ),
            item(11, "Vejplan", [("Sagsfremstilling", "<p>Vej</p>")]),
        ],
        start="301",
    )
    meeting = normalize(READER.read(data, "x.xml"))
    assert [(i.number, i.title, i.outcome) for i in meeting.items] == [
        (301, "Vejplan", "ukendt"),
        (302, "Budget", "godkendt"),
    ]


def test_a_closed_item_has_only_its_title_and_decision():
    closed = item(
        3,
        "Salg af grund",
        [("Sagsfremstilling", "<p>Køber er Hansen</p>"), ("Beslutning", "<p>Godkendt</p>")],
        access="Lukket",
    )
    meeting = normalize(READER.read(acadre_xml([closed]), "x.xml"))
    (only,) = meeting.items
    assert only.closed and only.decision == "Godkendt"
    assert "Hansen" not in str(meeting_to_dict(meeting))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<root><table name="agenda"><fields></fields></table></root>', "lists no items"),
        (b"<root><other/></root>", "not an Acadre meeting file"),
        (b'<root><table name="agenda"><fields><field name="sysid">1', "damaged"),
    ],
)
def test_broken_files_give_a_reader_error(data, message):
    with pytest.raises(ReaderError, match=message):
        READER.read(data, "x.xml")
