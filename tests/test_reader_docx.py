"""DOCX minutes: the real Syddjurs minutes (Acadre's Word output) and broken copies."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from indexer.normalize import normalize
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.docx import READER
from indexer.serialize import meeting_to_dict

DOCX = (
    Path(__file__).parent
    / "fixtures"
    / "corpus"
    / "syddjurs-acadre"
    / "acadre_syddjurs_puk_2013-06-20_referat_3687982.docx"
)


@pytest.fixture(scope="module")
def meeting():  # type: ignore[no-untyped-def]
    return normalize(READER.read(DOCX.read_bytes(), DOCX.name))


def test_real_file_matches_golden(meeting, golden):
    golden.check("docx-syddjurs-PUK-2013-06-20", meeting_to_dict(meeting))


def test_the_first_page_names_the_committee_not_the_meeting_name(meeting):
    # the header reads "Referat / Udvalget for plan, udvikling og kultur (PUK) /
    # Ekstraordinært PUK / Torsdag den 20. juni 2013 / Kl. 10:30 / Kaløvig Kursuscenter"
    assert meeting.committee == "Udvalget for plan, udvikling og kultur (PUK)"
    assert (meeting.time, meeting.place) == ("10:30", "Kaløvig Kursuscenter")


def test_the_table_of_contents_and_signature_page_are_no_part_of_the_item(meeting):
    (only,) = meeting.items
    assert (only.number, only.title, only.case_number) == (
        715,
        "Kulturkommune 2017. Politiske fokusområder",
        "12/27845",
    )
    assert "Underskriftsside" not in str(meeting_to_dict(meeting))
    first = only.attachments[0].title
    assert first == "Opsamlingsnotat. Temamøde 20.09.2012 222359/12"


def test_detected_by_content_whatever_the_name():
    data = DOCX.read_bytes()
    assert detect_reader(data[:65536], "download.bin").name == "docx"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip({"mimetype": b"application/epub+zip"}), "not a Word document"),
        (_zip({"word/document.xml": b"<w:document"}), "damaged Word document"),
        (DOCX.read_bytes()[:20000], "damaged Word document"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged Word document"),
    ],
)
def test_broken_documents_give_a_reader_error(data, message):
    with pytest.raises(ReaderError, match=message):
        READER.read(data, "x.docx")
