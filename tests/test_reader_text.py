"""The plain-text reader: real Ballerup minutes pages flattened to text, and small variants."""

from __future__ import annotations

import datetime

import pytest

from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.lines import join_url_wraps, split_glued_headings, strip_list_numbers
from indexer.readers.text import READER, committee_from_slug
from indexer.serialize import meeting_to_dict

NO_HEADER = "ballerup-text/000_73358b5f7df021e4.txt"
WITH_HEADER = "ballerup-text/002_1d0fbda90244606e.txt"

SMALL = """Teknik- og Miljøudvalget
Onsdag den 3. marts 2021 - kl. 16:30
Rådhuset, mødelokale 2

Deltagere

Anne Hansen (A) - Deltog
Bo Jensen (V) - Deltog

Afbud/Fraværende

Carl Olsen (C) - Afbud

Punkt 1 Godkendelse af dagsorden

Beslutning

Godkendt

Punkt 2 Ny cykelsti langs
Ballerupvej

Tidligere behandling

Teknik- og Miljøudvalget den 3. februar 2021 Punkt 4

Sagsfremstilling

Stien koster 2 mio. kr.

Bilag

2 bilag

Beslutningen træffes af

Kommunalbestyrelsen

Beslutning

Indstillingen godkendt
"""


def read(text: str | bytes, path: str = "minutes.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return READER.read(data, path)


# --- the real files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "name"),
    [(NO_HEADER, "text-000-ebu-2016-11-08"), (WITH_HEADER, "text-002-ebu-2019-05-14")],
)
def test_real_file_matches_golden(corpus_bytes, golden, relative, name):
    meeting = READER.read(corpus_bytes(relative), relative)
    golden.check(name, meeting_to_dict(meeting))


def test_file_without_header_has_nine_items_and_no_committee_or_date(corpus_bytes):
    meeting = READER.read(corpus_bytes(NO_HEADER), NO_HEADER)
    assert [item.number for item in meeting.items] == list(range(1, 10))
    assert (meeting.committee, meeting.date, meeting.time) == (None, None, None)


def test_date_mentioned_inside_an_item_is_not_the_meeting_date(corpus_bytes):
    # item 2 mentions "dagsordenen den 8. november 2016"; only a manifest may say so
    assert READER.read(corpus_bytes(NO_HEADER), NO_HEADER).date is None


def test_file_with_header_has_twelve_items_the_last_two_closed(corpus_bytes):
    meeting = READER.read(corpus_bytes(WITH_HEADER), WITH_HEADER)
    assert [item.number for item in meeting.items] == list(range(1, 13))
    assert [item.number for item in meeting.items if item.closed] == [11, 12]
    assert meeting.items[10].title == "Meddelelser"
    assert meeting.items[11].decision == "Indstillingen godkendt"


def test_header_gives_committee_date_time_place_and_people(corpus_bytes):
    meeting = READER.read(corpus_bytes(WITH_HEADER), WITH_HEADER)
    assert meeting.committee == "Erhvervs- og Beskæftigelsesudvalget"
    assert meeting.date == datetime.date(2019, 5, 14)
    assert meeting.time == "13:00"
    assert meeting.place == "Huset Venture, Telegrafvej 4, opgang 2 i Ballerup"
    assert meeting.participants[0] == "Musa Kekec (A)"
    assert "Steen Pedersen (centerchef for By Erhverv og Miljø)" in meeting.participants
    assert meeting.absentees == ["Allan Kristensen (C)"]
    assert (
        meeting.source
        == "http://ballerup.dk/dagsorden/erhvervs-og-beskaeftigelsesudvalget-14-05-2019"
    )


def test_punkt_line_inside_a_decision_is_not_an_item(corpus_bytes):
    meeting = READER.read(corpus_bytes(NO_HEADER), NO_HEADER)
    first = meeting.items[0]
    assert first.title == "Meddelelser"
    assert "Punkt 1 er ikke behandlet" in first.decision
    assert meeting.items[1].title.startswith("Tredje budgetopfølgning")


def test_meddelelser_item_sums_its_attachment_counts(corpus_bytes):
    meeting = READER.read(corpus_bytes(WITH_HEADER), WITH_HEADER)
    assert meeting.items[1].attachment_count == 2 + 4


def test_url_broken_by_line_wraps_is_joined(corpus_bytes):
    meeting = READER.read(corpus_bytes(WITH_HEADER), WITH_HEADER)
    text = "\n".join(section.text for section in meeting.items[9].sections)
    assert "databehandleraftaler-truer-med-at-opsige-samarbejde?utm_source=" in text


# --- quirks, as tables ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Det Regionale Arbejdsmarkedsråd har drøftet1.",
            "1. Det Regionale Arbejdsmarkedsråd har drøftet",
        ),
        ("Virksomhedsbesøg.1.", "1. Virksomhedsbesøg."),
        ("Virksomhedsbesøg1.", "1. Virksomhedsbesøg"),
        (
            "Revisionsberetning for regnskabsåret 2018.1.",
            "1. Revisionsberetning for regnskabsåret 2018.",
        ),
        (
            "Status om it-sikkerhed tages til efterretning. 1.",
            "1. Status om it-sikkerhed tages til efterretning.",
        ),
        ("bevillingsrammerne under Erhvervs-1.", "1. bevillingsrammerne under Erhvervs-"),
        ("virksomheder til Ballerup Kommune,1.", "1. virksomheder til Ballerup Kommune,"),
    ],
)
def test_glued_list_number_moves_to_the_start_of_the_entry(line, expected):
    assert strip_list_numbers([line]) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "Revisionsberetningen for 2018.",
        "idet 90 pct.",
        "jævnfør punkt 1.",
        "efter § 5, stk. 1.",
        "nedbringe udledningen af CO2.",
        "et beløb på 1,1.",
        "forventes gennemført i 2021.",
    ],
)
def test_real_numbers_at_the_end_of_a_line_are_kept(line):
    assert strip_list_numbers([line]) == [line]


def test_list_number_counts_only_when_it_continues_the_list():
    lines = ["Første punkt1.", "Andet punkt2.", "ikke et punkt9.", "Tredje punkt3."]
    assert strip_list_numbers(lines) == [
        "1. Første punkt",
        "2. Andet punkt",
        "ikke et punkt9.",
        "3. Tredje punkt",
    ]


def test_section_heading_glued_to_a_sentence_is_split_off():
    assert split_glued_headings(["på medarbejdere.Bilag"]) == ["på medarbejdere.", "Bilag"]
    assert split_glued_headings(["se www.ballerup.dk.Tak"]) == ["se www.ballerup.dk.Tak"]


def test_url_join_leaves_ordinary_next_lines_alone():
    assert join_url_wraps(["https://kleresca.dk/da-dk/about", "Bilag"]) == [
        "https://kleresca.dk/da-dk/about",
        "Bilag",
    ]


@pytest.mark.parametrize(
    ("heading_lines", "title"),
    [
        (["Punkt 2 Meddelelser"], "Meddelelser"),
        (
            ["Punkt 2 Tredje budgetopfølgning 2016 for", "Erhvervs- og Beskæftigelsesudvalget"],
            "Tredje budgetopfølgning 2016 for Erhvervs- og Beskæftigelsesudvalget",
        ),
        (
            [
                "Punkt 2 Mål- og rammebeskrivelser for 2017 på",
                "bevillingsrammerne under Erhvervs- og",
                "Beskæftigelsesudvalget",
            ],
            "Mål- og rammebeskrivelser for 2017 på bevillingsrammerne under Erhvervs- og Beskæftigelsesudvalget",
        ),
        (["Punkt 2: Budget 2022"], "Budget 2022"),
        (["PUNKT 2 Budget  2022 "], "Budget 2022"),
    ],
)
def test_title_is_joined_across_line_wraps(heading_lines, title):
    text = (
        "Punkt 1 Start\n\nBeslutning\nGodkendt\n\n"
        + "\n".join(heading_lines)
        + "\n\nSagsfremstilling\nTekst.\n"
    )
    assert read(text).items[1].title == title


def test_title_ends_at_a_section_heading_without_blank_line():
    meeting = read("Punkt 1 Meddelelser\nBeskrivelse\nIntet nyt.\n")
    assert meeting.items[0].title == "Meddelelser"
    assert meeting.items[0].sections[0].text == "Intet nyt."


@pytest.mark.parametrize(
    "line",
    [
        "Punkt 1 er ikke behandlet, idet punktet blev behandlet tidligere.",
        "Punkt 3 blev udsat.",
        "Punkt 1 og 2 blev behandlet samlet.",
    ],
)
def test_sentence_starting_with_punkt_is_not_an_item(line):
    meeting = read(
        f"Punkt 1 Meddelelser\n\nBeslutning\n\nTaget til efterretning:\n\n{line}\n\nPunkt 2 Budget\n"
    )
    assert [item.number for item in meeting.items] == [1, 2]
    assert line in meeting.items[0].decision


def test_item_numbers_must_increase():
    meeting = read(
        "Punkt 1 Meddelelser\n\nPunkt 2 Budget\n\nPunkt 2 Budget igen\n\nPunkt 3 Eventuelt\n"
    )
    assert [item.number for item in meeting.items] == [1, 2, 3]


def test_forward_jump_is_not_taken_when_the_next_number_follows():
    meeting = read("Punkt 1 Meddelelser\n\nPunkt 5 Se sagen\n\nPunkt 2 Budget\n")
    assert [(item.number, item.title) for item in meeting.items] == [
        (1, "Meddelelser"),
        (2, "Budget"),
    ]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Punkt 11 LUKKET Meddelelser", "Meddelelser"),
        ("Punkt 11 Lukket punkt: Salg af grund", "Salg af grund"),
        ("Punkt 11 (Lukket) Personalesag", "Personalesag"),
    ],
)
def test_closed_item_is_flagged_and_its_title_loses_the_marker(line, title):
    item = read(f"{line}\n\nBeslutning\n\nIntet\n").items[0]
    assert (item.closed, item.title, item.decision) == (True, title, "Intet")


# --- hand-made variants --------------------------------------------------------------------


def test_small_variant_with_another_committee():
    meeting = read(SMALL)
    assert meeting.committee == "Teknik- og Miljøudvalget"
    assert (meeting.date, meeting.time) == (datetime.date(2021, 3, 3), "16:30")
    assert meeting.place == "Rådhuset, mødelokale 2"
    assert meeting.participants == ["Anne Hansen (A)", "Bo Jensen (V)"]
    assert meeting.absentees == ["Carl Olsen (C)"]
    item = meeting.items[1]
    assert item.title == "Ny cykelsti langs Ballerupvej"
    assert [ref.text for ref in item.references] == [
        "Teknik- og Miljøudvalget den 3. februar 2021 Punkt 4"
    ]
    assert (item.attachment_count, item.decided_by) == (2, "Kommunalbestyrelsen")
    assert item.decision == "Indstillingen godkendt"


@pytest.mark.parametrize(
    "data",
    [
        SMALL.replace("\n", "\r\n").encode("cp1252"),
        b"\xef\xbb\xbf" + SMALL.encode("utf-8"),
        SMALL.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["crlf-cp1252", "utf8-bom", "crlf-utf8"],
)
def test_encodings_and_line_endings_give_the_same_meeting(data):
    assert meeting_to_dict(read(data)) == meeting_to_dict(read(SMALL))


def test_several_decision_sections_are_joined_with_blank_lines():
    text = "Punkt 1 Budget\n\nBeslutning\nUdsat.\n\nSagsfremstilling\nTekst.\n\nBeslutning\nGodkendt.\n"
    assert read(text).items[0].decision == "Udsat.\n\nGodkendt."


def test_empty_indhold_wrapper_is_dropped_but_one_with_text_is_kept():
    empty = read("Punkt 1 Budget\n\nIndhold\n\nSammendrag\nKort.\n").items[0]
    assert [section.heading for section in empty.sections] == ["Sammendrag"]
    full = read("Punkt 1 Budget\n\nIndhold\nEt resumé.\n").items[0]
    assert [(s.heading, s.text) for s in full.sections] == [("Indhold", "Et resumé.")]


def test_source_url_gives_committee_and_date_when_there_is_no_header():
    meeting = read(
        "Punkt 1 Budget\n\nSagen forelægges Teknik- og Miljøudvalget.\n\n"
        "Source URL: http://ballerup.dk/dagsorden/teknik-og-miljoeudvalget-02-06-2020\n"
    )
    assert meeting.committee == "Teknik- og Miljøudvalget"
    assert meeting.date == datetime.date(2020, 6, 2)
    assert "Source URL" not in str(meeting_to_dict(meeting)["items"])


@pytest.mark.parametrize(
    ("url", "text", "committee"),
    [
        (
            "http://ballerup.dk/dagsorden/erhvervs-og-beskaeftigelsesudvalget-14-05-2019",
            "i Erhvervs- og Beskæftigelsesudvalget",
            "Erhvervs- og Beskæftigelsesudvalget",
        ),
        ("http://x.dk/dagsorden/boerne-og-skoleudvalget-1-2-2020", "", "Boerne og skoleudvalget"),
        ("http://x.dk/dagsorden/oekonomiudvalget-1-2-2020", "ØKONOMIUDVALGET", "ØKONOMIUDVALGET"),
    ],
)
def test_committee_from_url_slug(url, text, committee):
    assert committee_from_slug(url, text) == committee


# --- sniffing and errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"Punkt 1 Meddelelser\n",
        "Økonomiudvalget\n\nPunkt 1 Godkendelse".encode("cp1252"),
        b"\xef\xbb\xbfPunkt 1 Meddelelser",
    ],
)
def test_sniff_accepts_text_with_an_item_line(head):
    assert READER.sniff(head, "x.bin")


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"\x00\x01\x02Punkt 1 Meddelelser\x00",
        b"<?xml version='1.0'?>\n<Meeting>Punkt 1 Budget</Meeting>",
        b"<!DOCTYPE html><html><body>\nPunkt 1 Budget</body></html>",
        b"<html>\nPunkt 1 Budget",
        b"%PDF-1.4\nPunkt 1 Budget",
        "Referat af mødet uden punkter.\n".encode(),
    ],
    ids=["empty", "binary", "xml", "doctype", "html", "pdf", "no-items"],
)
def test_sniff_rejects_non_minutes_text(head):
    assert not READER.sniff(head, "minutes.txt")


def test_registry_picks_the_text_reader_for_the_real_files(corpus_bytes):
    assert detect_reader(corpus_bytes(NO_HEADER)[:8192], NO_HEADER).name == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        ("Referat\n\nIntet på dagsordenen.\n".encode(), "no agenda items"),
    ],
    ids=["empty", "blank", "binary", "no-items"],
)
def test_unreadable_input_raises_reader_error(data, message):
    with pytest.raises(ReaderError, match=message):
        READER.read(data, "minutes.txt")
