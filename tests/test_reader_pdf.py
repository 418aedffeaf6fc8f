"""The PDF reader: the real eDoc minutes PDF, hand-written PDFs for other layouts, and errors."""

from __future__ import annotations

import datetime
import io

import pytest

import indexer.readers.pdf as pdf_module
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.lines import BARE, NUMBERED, PUNKT, find_items
from indexer.readers.pdf import READER, strip_running_lines
from indexer.serialize import meeting_to_dict

SAMPLE = "ballerup-edoc/ballerup_edoc_SFU_2012-12-04_samlet.pdf"

# AgendaItemNumber and Document/Title of the same meeting's eDoc XML file
XML_ITEMS = [
    (1, "Meddelelser"),
    (2, "Bygningsvedligeholdelse 2013 - anlægsbevilling"),
    (3, "Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013"),
    (4, "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013"),
    (5, "KL's opfølgningsproces vedrørende det nære sundhedsvæsen"),
    (6, "Prioritering af midler til kronisk syge borgere og hverdagsrehabilitering for ældre"),
    (7, "Etablering af aktivitetscenter på Solvej 6 i Ballerup"),
    (8, "Evaluering af rygestopkurser"),
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF with one Helvetica text line per string (cp1252 for æøå)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 50 800 Td"]
        for line in lines:
            text = line.encode("cp1252").replace(b"\\", b"\\\\")
            ops.append(b"(" + text.replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*")
        stream = b"\n".join([*ops, b"ET"])
        content = add(b"<< /Length %d >>\nstream\n%b\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    kid_refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    add(b"<< /Type /Pages /Kids [%b] /Count %d >>" % (kid_refs, len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def running_case_numbers_pdf() -> bytes:
    """Another municipality's layout: running case numbers, TOC, decisions before the case."""
    header = ["Kultur- og Fritidsudvalget", "Referat"]
    return make_pdf(
        [
            [
                *header,
                "Side 1 af 3",
                "Mødedato: 10. april 2013, kl. 17:00",
                "Sted: Kulturhuset",
                "Indholdsfortegnelse",
                "715. Kulturkommune 2017 ........ 2",
                "716. Tilskud til foreninger ........ 3",
            ],
            [
                *header,
                "Side 2 af 3",
                "715. Kulturkommune 2017",
                "Sagsnr.: 13/1234",
                "Beslutning i Kultur- og Fritidsudvalget den 10-04-2013",
                "Godkendt.",
                "Sagsfremstilling",
                "Kommunen søger om at blive kulturkommune i 2017.",
                "1. Ansøgning sendes i maj.",
                "2. Svar ventes i juni.",
            ],
            [
                *header,
                "Side 3 af 3",
                "716. Tilskud til foreninger",
                "Beslutning i Kultur- og Fritidsudvalget den 06-03-2013",
                "Udsat.",
                "Beslutning i Kultur- og Fritidsudvalget den 10-04-2013",
                "Godkendt.",
                "Sagsfremstilling",
                "Foreningerne søger tilskud.",
            ],
        ]
    )


@pytest.fixture
def sample(corpus_bytes) -> bytes:
    return corpus_bytes(SAMPLE)


# --- the real file -------------------------------------------------------------------------


def test_real_pdf_matches_golden(sample, golden):
    golden.check("pdf-sfu-2012-12-04", meeting_to_dict(READER.read(sample, SAMPLE)))


def test_real_pdf_has_the_xml_files_item_numbers_and_titles(sample):
    meeting = READER.read(sample, SAMPLE)
    assert [(item.number, item.title) for item in meeting.items] == XML_ITEMS
    assert not any(item.closed for item in meeting.items)


def test_real_pdf_meeting_data_comes_from_the_first_page(sample):
    meeting = READER.read(sample, SAMPLE)
    assert meeting.committee == "Sundheds- og Forebyggelsesudvalget"
    assert (meeting.date, meeting.time) == (datetime.date(2012, 12, 4), "13:00")
    assert meeting.place == "Mødecenter C, Lokale 32 på Ballerup Rådhus"
    assert meeting.participants[:2] == ["Lolan Ottesen (A)", "Grethe Larsen (A)"]
    assert len(meeting.participants) == 7
    assert meeting.warnings == []


# the decisions the eDoc XML file gives for the same items
XML_DECISIONS = [
    "Taget til efterretning",
    "Indstillingen godkendt",
    "Indstilles til godkendelse",
    "Indstillingen godkendt",
    "Indstillingen godkendt",
    "Indstillingen godkendt",
    "Indstillingen godkendt med denne bemærkning: Gruppen af unge i Ballerup Kommune også får "
    "adgang til at bruge lokalerne på Solvej 6.",
    "Taget til efterretning",
]


def test_real_pdf_decisions_are_the_xml_files_decisions(sample):
    items = READER.read(sample, SAMPLE).items
    assert [" ".join(item.decision.split()) for item in items] == XML_DECISIONS


def test_running_page_headers_are_not_in_any_item(sample):
    meeting = READER.read(sample, SAMPLE)
    text = "\n".join(s.text for item in meeting.items for s in item.sections)
    assert "Dato: 04.12.2012" not in text
    assert "Side 5" not in text
    assert "Åbent referat" not in text


def test_case_number_and_unheaded_earlier_treatment_are_read(sample):
    item = READER.read(sample, SAMPLE).items[2]
    assert item.case_number == "2012-31114"
    assert [ref.text for ref in item.references] == [
        "Kommunalbestyrelsen den 30. januar 2012 Punkt 5"
    ]
    assert item.decided_by == "Kommunalbestyrelsen"


def test_pypdf_fallback_finds_the_same_items(sample, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    meeting = READER.read(sample, SAMPLE)
    assert [(item.number, item.title) for item in meeting.items] == XML_ITEMS
    assert meeting.date == datetime.date(2012, 12, 4)
    assert [item.decision for item in meeting.items][2] == "Indstilles til godkendelse"


# --- other layouts -------------------------------------------------------------------------


def test_running_case_numbers_with_toc_and_decisions_first():
    meeting = READER.read(running_case_numbers_pdf(), "kfu.pdf")
    assert [(item.number, item.title) for item in meeting.items] == [
        (715, "Kulturkommune 2017"),
        (716, "Tilskud til foreninger"),
    ]
    assert meeting.committee == "Kultur- og Fritidsudvalget"
    assert (meeting.date, meeting.time, meeting.place) == (
        datetime.date(2013, 4, 10),
        "17:00",
        "Kulturhuset",
    )
    first, second = meeting.items
    assert first.case_number == "13/1234"
    assert first.decision == "Godkendt."
    assert "1. Ansøgning sendes i maj." in first.sections[-1].text
    assert second.decision == "Udsat.\n\nGodkendt."


@pytest.mark.parametrize(
    "heading",
    ["Punkt 2 Budget 2014", "Punkt 2: Budget 2014", "PUNKT 2. Budget 2014"],
)
def test_punkt_headings_in_a_pdf(heading):
    data = make_pdf(
        [
            [
                "Byrådet",
                "Mødet den 3. marts 2014 kl. 19.00",
                "Punkt 1 Spørgetid",
                "Beslutning",
                "Ingen spørgsmål.",
                heading,
                "Beslutning",
                "Godkendt.",
            ]
        ]
    )
    meeting = READER.read(data, "byraad.pdf")
    assert [(item.number, item.title) for item in meeting.items] == [
        (1, "Spørgetid"),
        (2, "Budget 2014"),
    ]
    assert meeting.committee == "Byrådet"


def test_items_after_a_closed_part_marker_are_closed():
    data = make_pdf(
        [
            [
                "Økonomiudvalget",
                "Den 3. marts 2021",
                "Punkt 1 Budget",
                "Beslutning",
                "Godkendt.",
                "Lukket referat",
                "Punkt 2 Salg af grund",
                "Beslutning",
                "Godkendt.",
            ]
        ]
    )
    meeting = READER.read(data, "oeu.pdf")
    assert [(item.number, item.closed) for item in meeting.items] == [(1, False), (2, True)]


def test_toc_entries_followed_by_page_numbers_are_skipped():
    lines = [
        "Indholdsfortegnelse",
        "1. Meddelelser",
        "2. Budget",
        "",
        "3",
        "4",
        "",
        "1.",
        "",
        "Meddelelser",
        "Sagsnr.: 1",
        "Tekst om meddelelser.",
        "Mere tekst.",
        "Beslutning",
        "Taget til efterretning",
        "",
        "2.",
        "",
        "Budget",
        "Beslutning",
        "Godkendt",
    ]
    _header, items = find_items(lines, (PUNKT, BARE, NUMBERED))
    assert [(item.number, item.title, item.start) for item in items] == [
        (1, "Meddelelser", 7),
        (2, "Budget", 16),
    ]


@pytest.mark.parametrize(
    "footer",
    [
        "Side {n}",
        "{n} af 3",
        "Page {n} of 3",
        "{n}",
        "Referat for Teknisk Udvalg 2019-01-02",
        "Teknisk Udvalg - side {n}",
        "Teknisk Udvalg {n}",
    ],
)
def test_running_footers_are_removed(footer):
    bodies = ["Første side.", "Anden side.", "Tredje side."]
    pages = [f"{body}\n{footer.format(n=n)}" for n, body in enumerate(bodies, 1)]
    assert strip_running_lines(pages) == bodies


def test_line_repeated_in_the_body_of_one_page_is_kept():
    pages = ["Udvalg\nTekst\nUdvalg", "Udvalg\nMere", "Udvalg\nSlut"]
    assert strip_running_lines(pages) == ["Tekst", "Mere", "Slut"]
    assert strip_running_lines(["Udvalg\nA\nB\nC"]) == ["Udvalg\nA\nB\nC"]


# --- sniffing and errors -------------------------------------------------------------------


def test_sniff_is_by_magic_bytes(sample):
    assert READER.sniff(sample[:8192], "x.bin")
    assert not READER.sniff(b"Punkt 1 Budget", "x.pdf")
    assert detect_reader(sample[:8192], SAMPLE).name == "pdf"


def test_pdf_without_text_layer_says_so():
    with pytest.raises(ReaderError, match="no text layer"):
        READER.read(make_pdf([[], []]), "scan.pdf")


def test_pdf_without_text_layer_says_so_with_pypdf_too(monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(ReaderError, match="no text layer"):
        READER.read(make_pdf([[]]), "scan.pdf")


@pytest.mark.parametrize("use_pdftotext", [True, False], ids=["pdftotext", "pypdf"])
@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n", b"%PDF-1.7\n\x00\x01garbage\xff" * 50, "truncated"],
    ids=["header-only", "garbage", "truncated"],
)
def test_broken_pdf_raises_reader_error(sample, monkeypatch, data, use_pdftotext):
    if not use_pdftotext:
        monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    payload = sample[: len(sample) // 3] if data == "truncated" else data
    with pytest.raises(ReaderError):
        READER.read(payload, "broken.pdf")


@pytest.mark.parametrize("use_pdftotext", [True, False], ids=["pdftotext", "pypdf"])
def test_encrypted_pdf_raises_reader_error(monkeypatch, use_pdftotext):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(running_case_numbers_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    if not use_pdftotext:
        monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(ReaderError, match="encrypted"):
        READER.read(buffer.getvalue(), "secret.pdf")


def test_non_pdf_bytes_are_refused():
    with pytest.raises(ReaderError, match="not a PDF"):
        READER.read(b"Punkt 1 Budget", "fake.pdf")
