"""FirstAgenda Publication HTML: the real Aarhus page and hand-made variants."""

from __future__ import annotations

import datetime

import pytest

from indexer.model import Meeting
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.firstagenda import READER
from indexer.readers.sections import canonical_heading
from indexer.serialize import meeting_to_dict

SAMPLE = "aarhus-firstagenda/aarhus_firstagenda_TU_2025-10-01_referat.html"


def row(number: int, title: str, sections: list[tuple[str, str]], *, extra: str = "") -> str:
    body = "".join(f'<h3>{h}</h3>\n<span class="resume">{t}</span>\n' for h, t in sections)
    return (
        f'<tr class="punktrow"><td class="punkt-tabel"><span class="label label-default">{number}'
        f'</span></td><td class="punkt-tabel"><button class="overskrift-btn"><h2 class="overskrift">'
        f'{title}</h2></button><div class="details"><span class="sagsnummer">SAG-{number}</span>'
        f'<div class="punkt"><h3></h3><div><div id="sagsfremstillingContainer"><div>{body}</div>'
        f"</div></div></div>{extra}</div></td></tr>"
    )


def page(
    rows: list[str],
    *,
    headline: str = "Referat 12. marts 2024 kl. 16.00",
    committee: str = "Børn- og Ungeudvalget",
    when: str = "tirsdag den 12. marts 2024 kl. 16.00",
    place: str = "Mødelokale 2",
    participants: str = "",
    meta: str = "",
) -> str:
    return (
        f"<!DOCTYPE html><html lang='da'><head>{meta}<title>{committee}</title></head><body>"
        f'<h1 class="green dato">{headline}</h1><table class="dagsordeninfo"><tbody>'
        f'<tr><td>Udvalg:</td><td><span class="udvalg">{committee}</span></td></tr>'
        f'<tr><td>Mødedato:</td><td><span class="dato">{when}</span></td></tr>'
        f'<tr><td>Mødested:</td><td><span class="sted">{place}</span></td></tr>'
        f'<tr><td>Mødedeltagere:</td><td class="deltagere">{participants}</td></tr>'
        f'</tbody></table><table class="dagsorden"><tbody>{"".join(rows)}</tbody></table>'
        "</body></html>"
    )


def read(text: str | bytes) -> Meeting:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return READER.read(data, "test.html")


@pytest.fixture
def sample(corpus_bytes) -> Meeting:
    return READER.read(corpus_bytes(SAMPLE), SAMPLE)


def test_real_file_matches_golden(sample, golden):
    golden.check("firstagenda-aarhus-TU-2025-10-01", meeting_to_dict(sample))


def test_real_file_meeting_header(sample):
    assert sample.organisation == "Aarhus"
    assert sample.committee == "Teknisk Udvalg"
    assert sample.date == datetime.date(2025, 10, 1)
    assert sample.time == "15:45"
    assert sample.place == "Udvalgsværelse 398"
    assert sample.kind == "referat"
    assert sample.warnings == []


def test_real_file_has_six_open_items(sample):
    assert [item.number for item in sample.items] == [1, 2, 3, 4, 5, 6]
    assert not any(item.closed for item in sample.items)
    assert sample.items[2].case_number == "EMN-2025-008468"
    assert sample.items[4].case_number is None


@pytest.mark.parametrize(
    ("number", "decision"),
    [
        (1, "Ingen bemærkninger."),
        (4, "Udvalget blev orienteret om arkitekturugen i uge 41."),
        (6, "Sagen blev udsat uden behandling."),
    ],
)
def test_real_file_decisions_come_from_beslutninger(sample, number, decision):
    assert sample.items[number - 1].decision == decision
    assert sample.items[number - 1].sections[0].heading == "Beslutning"


def test_real_file_earlier_treatments_are_references(sample):
    assert [ref.text for ref in sample.items[2].references] == [
        "Udvalg: Magistraten, Dato: 19-08-2025, Punktnummer: 7",
        "Udvalg: Aarhus Byråd, Dato: 27-08-2025, Punktnummer: 10",
        "Udvalg: Teknisk Udvalg, Dato: 22-09-2025, Punktnummer: 4",
    ]


def test_real_file_sections_are_canonical_where_known(sample):
    headings = [section.heading for section in sample.items[2].sections]
    assert headings == [
        "Beslutning",
        "Tekst",
        "Sammendrag",
        "Indstilling",
        "Borgmesterens Afdelings påtegning",
        "Tidligere behandling",
    ]


def test_real_file_attachments(sample):
    assert [item.attachment_count for item in sample.items] == [1, 30, 11, 0, 0, 27]
    first = sample.items[0].attachments[0]
    assert first.title == "Referat fra møde den 22. september 2025"
    assert first.url is not None and first.url.startswith("/vis/pdf/bilag/961ad716")


def test_sniff_by_content_not_suffix(corpus_bytes):
    head = corpus_bytes(SAMPLE)[:8192]
    assert READER.sniff(head, "page.txt")
    assert detect_reader(head, "page").name == "firstagenda-html"


@pytest.mark.parametrize(
    "head",
    [
        b"<html><body><h2 class='overskrift'>Nyheder</h2></body></html>",
        b"Punkt 1 punktrow",
        b"<?xml version='1.0'?><Publication>",
    ],
)
def test_sniff_rejects_other_content(head):
    assert not READER.sniff(head, "x.html")


@pytest.mark.parametrize(
    ("wording", "canonical"),
    [
        ("Beslutninger", "Beslutning"),
        ("Beslutning", "Beslutning"),
        ("Resume", "Sammendrag"),
        ("Resumé", "Sammendrag"),
        ("Beslutningspunkter", "Indstilling"),
        ("Sagsforløb", "Tidligere behandling"),
        ("SAGSFREMSTILLING", "Sagsfremstilling"),
    ],
)
def test_heading_variants(wording, canonical):
    meeting = read(page([row(1, "Vej", [(wording, "<div>Tekst.</div>")])]))
    (section,) = meeting.items[0].sections
    assert canonical_heading(section.heading) == canonical
    assert section.text == "Tekst."


def test_other_municipality_agenda_with_closed_item_and_participants():
    history = (
        "<div>Udvalg: Økonomiudvalget</div><div>Dato: 04-03-2024</div><div>Punktnummer: 3</div>"
        "<div>Sendt videre.</div><div>Udvalg: Odense Byråd</div><div>Dato: 06-03-2024</div>"
        "<div>Punktnummer: 12</div><div>Godkendt.</div>"
    )
    rows = [
        row(2, "Skolestruktur", [("Beslutninger", ""), ("Sagsforløb", history)]),
        row(1, "Lukket punkt: Køb af ejendom", [("Beslutninger", "<div>Godkendt.</div>")]),
    ]
    meeting = read(
        page(
            rows,
            headline="Dagsorden 12. marts 2024 kl. 16.00",
            participants="<div>Anne Hansen (A)</div><div>Bo Jensen (V) - Afbud</div>",
        )
    )
    assert meeting.kind == "dagsorden"
    assert meeting.committee == "Børn- og Ungeudvalget"
    assert meeting.organisation == "Odense"
    assert meeting.date == datetime.date(2024, 3, 12) and meeting.time == "16:00"
    assert meeting.participants == ["Anne Hansen (A)"]
    assert meeting.absentees == ["Bo Jensen (V) - Afbud"]
    closed, school = meeting.items
    assert closed.closed and not school.closed
    assert school.decision == ""
    assert [ref.text for ref in school.references] == [
        "Udvalg: Økonomiudvalget, Dato: 04-03-2024, Punktnummer: 3",
        "Udvalg: Odense Byråd, Dato: 06-03-2024, Punktnummer: 12",
    ]


def test_closed_marker_inside_row_closes_the_item():
    closed_row = row(3, "Personalesag", [], extra="<span>Lukket punkt</span>")
    assert read(page([closed_row])).items[0].closed


def test_page_without_council_or_logo_has_no_organisation():
    assert read(page([row(1, "Vej", [("Beslutninger", "<div>Ok</div>")])])).organisation is None


def test_untitled_punctuation_only_block_is_dropped():
    meeting = read(
        page([row(1, "Vej", [("Beslutninger", "<div>Ok</div>"), ("", "<div>. </div>")])])
    )
    assert [s.heading for s in meeting.items[0].sections] == ["Beslutning"]


def test_entities_and_non_breaking_spaces():
    html = page(
        [
            row(
                1,
                "K&oslash;b&nbsp;af grund",
                [("Beslutninger", "<div>Godkendt&#160;&amp; sendt</div>")],
            )
        ]
    )
    item = read(html).items[0]
    assert item.title == "Køb af grund"
    assert item.decision == "Godkendt & sendt"


def test_utf8_with_bom_without_charset_is_read():
    item = read(b"\xef\xbb\xbf" + page([row(1, "Økonomi", [])]).encode("utf-8")).items[0]
    assert item.title == "Økonomi"


def test_iso_8859_1_declared_page_is_read():
    html = page([row(1, "Økonomi på området", [])], meta='<meta charset="iso-8859-1">')
    assert read(html.encode("iso-8859-1")).items[0].title == "Økonomi på området"


def test_script_text_is_not_content():
    rows = [row(1, "Vej", [("Beslutninger", "<div>Ok</div><script>var x = 'punktrow';</script>")])]
    assert read(page(rows)).items[0].decision == "Ok"


@pytest.mark.parametrize("fraction", [0.01, 0.14, 0.16, 0.3, 0.6, 0.9, 0.999])
def test_truncated_real_page_gives_meeting_or_reader_error(corpus_bytes, fraction):
    data = corpus_bytes(SAMPLE)
    try:
        meeting = READER.read(data[: int(len(data) * fraction)], SAMPLE)
    except ReaderError as error:
        assert str(error)
        return
    assert meeting.items
    assert meeting.warnings


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body><p>Ingen dagsorden</p></body></html>", b"\x00\x01binary", b"   "],
)
def test_pages_without_items_raise_reader_error(data):
    with pytest.raises(ReaderError):
        read(data)
