"""FirstAgenda publication API JSON: three real Greve meetings and hand-made variants."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from indexer.model import Meeting
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.firstagenda_json import READER
from indexer.serialize import meeting_to_dict

SAMPLES = Path(__file__).parent / "fixtures" / "firstagenda-json"
BYRAAD = "greve_byraad-2022-2025_2022-01-14_8b2f1d8b.json"  # the council, a closed item
OEKONOMI = "greve_oekonomiudvalget_2022-12-12_7cc45fff.json"  # open, a case history
KULTUR = "greve_kultur-og-fritidsudvalget_2022-03-21_1d3fb686.json"  # a committee's closed item
HOST = "https://dagsordener.greve.dk"


def read_sample(name: str) -> Meeting:
    return READER.read((SAMPLES / name).read_bytes(), name)


@pytest.mark.parametrize(
    ("name", "golden_name"),
    [
        (BYRAAD, "firstagenda-json-greve-byraad-2022-01-14"),
        (OEKONOMI, "firstagenda-json-greve-oekonomiudvalget-2022-12-12"),
        (KULTUR, "firstagenda-json-greve-kultur-og-fritidsudvalget-2022-03-21"),
    ],
)
def test_real_files_match_golden(name: str, golden_name: str, golden: Any) -> None:
    golden.check(golden_name, meeting_to_dict(read_sample(name)))


# --- hand-made agendas: one behaviour each ------------------------------------------------


def agenda(*items: dict[str, Any], **meeting: Any) -> bytes:
    details = {
        "Dato": "2023-03-06T17:00:00+01:00",
        "Sted": "Byrådssalen",
        "Navn": "Dagsorden",
        "Moededeltagere": [],
        **meeting,
    }
    return json.dumps(
        {
            "Dagsordenpunkter": list(items),
            "Udvalg": {"Navn": "Økonomiudvalget"},
            "Moede": details,
            "Id": "11111111-2222-3333-4444-555555555555",
        },
        ensure_ascii=False,
    ).encode("utf-8")


def item(number: int, title: str, html: str, *, link: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "Punktnummer": str(number),
        "Navn": title,
        "SagsNummer": f"22-{number:06d}",
        "Felter": [{"Html": html, "Link": link or f"{HOST}/Vis/Pdf/bilag/felt-{number}"}],
        "Bilag": [],
        "IsOpen": False,
        **extra,
    }


DECIDED = (
    "<div><div id='sagsfremstillingContainer'><div><h3>Beslutning</h3><span>Godkendt.</span>"
    "</div><h3>Fremstilling</h3><span class='ukendt'><h2>Resume</h2><p>Kort resumé.</p>"
    "<h2>Sagsbeskrivelse</h2><p>Hemmelige detaljer om grunden.</p></span></div></div>"
)
UNDECIDED = (
    "<div><div id='sagsfremstillingContainer'><h3>Fremstilling</h3><span class='ukendt'>"
    "<h3>Resume</h3><div>Kort resumé.</div></span></div></div>"
)


def read(data: bytes) -> Meeting:
    return READER.read(data, "test.json")


def test_the_real_council_meeting() -> None:
    meeting = read_sample(BYRAAD)
    assert (meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Byråd 2022-2025",
        datetime.date(2022, 1, 14),
        "08:00",
        "Byrådssalen",
    )
    assert [i.number for i in meeting.items] == [1, 2, 3, 4]
    assert [i.closed for i in meeting.items] == [False, False, True, False]
    assert meeting.kind == "referat"
    assert meeting.source == f"{HOST}/vis?id=8b2f1d8b-1257-4858-911b-465533ce6799"


def test_a_closed_item_loses_its_prefix_and_keeps_only_its_decision() -> None:
    meeting = read(
        agenda(
            item(1, "Lukket: Salg af grund", DECIDED, Bilag=[{"Navn": "Købsaftale", "Id": "b1"}])
        )
    )
    closed = meeting.items[0]
    assert closed.closed and closed.title == "Salg af grund"
    assert [(s.heading, s.text) for s in closed.sections] == [("Beslutning", "Godkendt.")]
    assert closed.decision == "Godkendt."
    assert closed.attachments == [] and closed.references == []


def test_a_closed_item_without_headings_is_all_decision() -> None:
    html = '<div><p class="xsltFirstParagraph">Byr&aring;det godkendte indstillingen.</p><p>Fraværende: Bjarke Abel<br></p></div>'
    closed = read(agenda(item(3, "Lukket: Orientering", html))).items[0]
    assert closed.decision == "Byrådet godkendte indstillingen."


@pytest.mark.parametrize("prefix", ["Lukket: ", "LUKKET: ", "Lukket punkt: ", "Lukket - "])
def test_closed_prefix_spellings(prefix: str) -> None:
    closed = read(agenda(item(1, prefix + "Personalesag", DECIDED))).items[0]
    assert closed.closed and closed.title == "Personalesag"


def test_a_title_that_only_starts_with_the_word_is_open() -> None:
    assert not read(agenda(item(1, "Lukket vej på Tune Landevej", DECIDED))).items[0].closed


def test_is_open_means_nothing() -> None:
    meeting = read(
        agenda(
            item(1, "Budget", DECIDED, IsOpen=False), item(2, "Lukket: Sag", DECIDED, IsOpen=True)
        )
    )
    assert [i.closed for i in meeting.items] == [False, True]


def test_kind_comes_from_the_decisions_not_the_meetings_name() -> None:
    assert read(agenda(item(1, "Budget", DECIDED), Navn="Dagsorden")).kind == "referat"
    assert read(agenda(item(1, "Budget", UNDECIDED), Navn="Referat")).kind == "dagsorden"


def test_open_items_have_their_sections_and_decision() -> None:
    open_item = read(agenda(item(1, "Budget", DECIDED))).items[0]
    assert [s.heading for s in open_item.sections] == [
        "Beslutning",
        "Sammendrag",
        "Sagsfremstilling",
    ]
    assert open_item.decision == "Godkendt."
    assert open_item.case_number == "22-000001"


def test_a_decision_without_its_heading_is_the_first_decision_paragraph() -> None:
    html = (
        "<div><div id='sagsfremstillingContainer'>\n1. udkast til Beskæftigelsespolitikken\n"
        '<p class="xsltFirstParagraph">Udvalget drøftede politikken.</p><div>'
        "<h2><span>Sagsprocedure</span></h2><p>Beskæftigelses- og Erhvervsudvalget.</p></div>"
        "</div></div>"
    )
    open_item = read(agenda(item(2, "1. udkast til Beskæftigelsespolitikken", html))).items[0]
    assert [(s.heading, s.text) for s in open_item.sections] == [
        ("Beslutning", "Udvalget drøftede politikken."),
        ("Sagsprocedure", "Beskæftigelses- og Erhvervsudvalget."),
    ]
    assert open_item.decision == "Udvalget drøftede politikken."


def test_a_sentence_set_as_a_heading_stays_text() -> None:
    long = "Administrationen orienterer om afgørelse af 15. december 2021 fra Det Kommunale Tilsyn."
    html = f"<h3>Beslutning</h3><span>Godkendt.</span><h2>Resume</h2><p>Kort.</p><h2><div>{long}</div></h2>"
    sections = read(agenda(item(1, "Orientering", html))).items[0].sections
    assert [s.heading for s in sections] == ["Beslutning", "Sammendrag"]
    assert long in sections[1].text


def test_absentees_after_a_decision_are_not_the_decision() -> None:
    html = "<h3>Beslutning</h3><span>Dagsordenen blev godkendt. <br><br>Fraværende: Bjarke Abel, Linda Heegaard</span>"
    open_item = read(agenda(item(1, "Dagsorden", html))).items[0]
    assert open_item.decision == "Dagsordenen blev godkendt."
    assert ("Fraværende ved behandlingen", "Bjarke Abel, Linda Heegaard") in [
        (s.heading, s.text) for s in open_item.sections
    ]


def test_attachments_link_absolutely_to_the_publisher() -> None:
    bilag = [{"Navn": "Notat", "Id": "b7c67f92"}, {"Navn": "Kort", "Id": "522b3156"}]
    open_item = read(agenda(item(1, "Budget", DECIDED, Bilag=bilag))).items[0]
    assert [(a.title, a.url) for a in open_item.attachments] == [
        ("Notat", f"{HOST}/vis/pdf/bilag/b7c67f92/?redirectDirectlyToPdf=false"),
        ("Kort", f"{HOST}/vis/pdf/bilag/522b3156/?redirectDirectlyToPdf=false"),
    ]
    assert open_item.attachment_count == 2


def test_without_an_absolute_link_attachments_have_no_url() -> None:
    bilag = [{"Navn": "Notat", "Id": "b7c67f92"}]
    meeting = read(agenda(item(1, "Budget", DECIDED, link="/Vis/Pdf/bilag/x", Bilag=bilag)))
    assert [(a.title, a.url) for a in meeting.items[0].attachments] == [("Notat", None)]
    assert meeting.source is None


def test_an_item_that_is_only_its_attachments_is_described_by_them() -> None:
    bilag = [{"Navn": "Svar vedrørende asbest", "Id": "a1"}, {"Navn": "Svar om stier", "Id": "a2"}]
    empty = "<div><div id='sagsfremstillingContainer'></div></div>"
    only = read(agenda(item(1, "Spørgsmål/Svar Byrådet 2022", empty, Bilag=bilag))).items[0]
    assert [(s.heading, s.text) for s in only.sections] == [
        ("Bilag", "Svar vedrørende asbest\nSvar om stier")
    ]
    with_text = read(agenda(item(1, "Budget", DECIDED, Bilag=bilag))).items[0]
    assert "Bilag" not in [s.heading for s in with_text.sections]


def test_participants_and_absentees() -> None:
    people = [
        {"Name": "Anne Jensen", "Absent": False, "ParticipationCancelled": False},
        {"Name": "Bo Hansen", "Absent": True, "ParticipationCancelled": False},
        {"Name": "Carl Berg", "Absent": False, "ParticipationCancelled": True},
    ]
    meeting = read(agenda(item(1, "Budget", DECIDED), Moededeltagere=people))
    assert meeting.participants == ["Anne Jensen"]
    assert meeting.absentees == ["Bo Hansen", "Carl Berg"]


HISTORY = (
    "<h3>Beslutning</h3><span>Anbefales.</span><h3>Sagens forløb</h3><span class='sagsforloeb'>"
    "<u>28-02-2023 Klima-, Teknik- og Miljøudvalget 2022</u><br> <div>Anbefales.</div><br> "
    "<u>06-03-2023 Økonomiudvalget</u><br> Beslutning ikke frigivet<br> "
    "<u>20-03-2023 Byrådet</u><br> Beslutning ikke frigivet<br></span>"
)


def test_the_case_history_gives_earlier_treatments_but_not_this_one() -> None:
    history_item = read(agenda(item(1, "Budget", HISTORY))).items[0]
    assert [r.text for r in history_item.references] == [
        "Udvalg: Klima-, Teknik- og Miljøudvalget 2022, Dato: 28-02-2023",
        "Udvalg: Byrådet, Dato: 20-03-2023",
    ]
    history = next(s for s in history_item.sections if s.heading == "Tidligere behandling")
    assert history.text == (
        "28-02-2023 Klima-, Teknik- og Miljøudvalget 2022\nAnbefales.\n\n20-03-2023 Byrådet"
    )


def test_items_are_in_number_order_and_one_without_a_number_is_skipped_with_a_warning() -> None:
    nameless = item(9, "Eventuelt", DECIDED, Punktnummer="", Number=None)
    meeting = read(agenda(item(2, "B", DECIDED), item(1, "A", DECIDED), nameless))
    assert [i.number for i in meeting.items] == [1, 2]
    assert any("no number" in warning for warning in meeting.warnings)


# --- what is and is not a FirstAgenda agenda ------------------------------------------------


def test_detected_by_content() -> None:
    data = (SAMPLES / BYRAAD).read_bytes()
    assert detect_reader(data, "meeting.txt").name == "firstagenda-json"
    assert detect_reader(b"\xef\xbb\xbf" + data, "x").name == "firstagenda-json"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"name": "something else"}', "JSON in no supported format"),
        (b"[1, 2, 3]", "JSON in no supported format"),
    ],
)
def test_other_json_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        detect_reader(data, "x.json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"Dagsordenpunkter": [', "not valid JSON"),
        (b'{"Dagsordenpunkter": "none", "Moede": {}}', "not a FirstAgenda agenda"),
        (b'{"Dagsordenpunkter": [], "Moede": {}}', "has no items"),
        (b'{"Dagsordenpunkter": [\xff\xfe]}', "not UTF-8"),
        (b'{"Dagsordenpunkter": [{"Navn": "Uden nummer"}]}', "has no items"),
    ],
)
def test_unusable_files_give_a_reader_error(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError, match=message):
        read(data)


@pytest.mark.parametrize("fraction", [0.01, 0.2, 0.5, 0.9, 0.999])
def test_a_truncated_real_file_gives_a_reader_error(fraction: float) -> None:
    data = (SAMPLES / OEKONOMI).read_bytes()
    with pytest.raises(ReaderError, match="not valid JSON"):
        read(data[: int(len(data) * fraction)])


def test_a_garbled_real_file_gives_a_reader_error() -> None:
    data = bytearray((SAMPLES / OEKONOMI).read_bytes())
    for position in range(100, len(data), 997):
        data[position] = 0x7B  # "{" scattered through the file
    with pytest.raises(ReaderError):
        read(bytes(data))
