"""eDoc Fujitsu AgendaPublishing XML and its HTML rendering (Middelfart's test committee)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.model import Meeting
from indexer.normalize import normalize
from indexer.pipeline import index_paths
from indexer.readers import detect_reader
from indexer.readers.base import ReaderError
from indexer.readers.edoc_fujitsu import READER as XML_READER
from indexer.readers.edoc_fujitsu_html import READER as HTML_READER
from indexer.serialize import meeting_to_dict
from search.service import SearchRequest, SearchService

FOLDER = Path(__file__).parent / "fixtures" / "corpus" / "middelfart-edoc-fujitsu"
WITH_CLOSED = "edocfujitsu_middelfart_testudvalg_2017-05-02_dagsorden_withclosed_e9117c72"
PUBLIC = "edocfujitsu_middelfart_testudvalg_2017-05-02_dagsorden_publicfilter_41a93779"
# words only the confidential items' case text and attachment titles carry
CLOSED_WORDS = ["sjusket", "gulvtæppet", "skrevet", "dyrt", "Geosager", "Regneark", "beskrivelse"]


def read(name: str) -> Meeting:
    data = (FOLDER / name).read_bytes()
    reader = detect_reader(data[:65536], name)
    return normalize(reader.read(data, name))


@pytest.mark.parametrize(
    ("name", "golden_name"),
    [
        (f"{WITH_CLOSED}.xml", "edoc-fujitsu-xml-middelfart-2017-05-02-withclosed"),
        (f"{WITH_CLOSED}.html", "edoc-fujitsu-html-middelfart-2017-05-02-withclosed"),
    ],
)
def test_real_files_match_golden(name, golden_name, golden):
    golden.check(golden_name, meeting_to_dict(read(name)))


@pytest.mark.parametrize("stem", [WITH_CLOSED, PUBLIC])
def test_xml_and_html_of_the_same_meeting_agree(stem):
    xml, page = read(f"{stem}.xml"), read(f"{stem}.html")
    assert (xml.committee, xml.date, xml.time, xml.place, xml.kind) == (
        page.committee, page.date, page.time, page.place, page.kind,
    )  # fmt: skip
    facts = lambda m: [  # noqa: E731
        (i.number, i.title, i.closed, i.outcome, i.case_number, [s.heading for s in i.sections])
        for i in m.items
    ]
    assert facts(xml) == facts(page)


def test_printed_numbers_not_sort_order():
    # SortOrder runs 1-5 in the public file, the printed numbers (SerialNo) 2-6
    assert [item.number for item in read(f"{PUBLIC}.xml").items] == [2, 3, 4, 5, 6]
    # SortOrder 5 appears twice in the file with closed items; the numbers do not repeat
    assert [item.number for item in read(f"{WITH_CLOSED}.xml").items] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("suffix", [".xml", ".html"])
def test_confidential_items_keep_only_title_and_decision(suffix):
    meeting = read(f"{WITH_CLOSED}{suffix}")
    closed = [item for item in meeting.items if item.closed]
    assert [(i.number, i.title) for i in closed] == [(5, "Anders' møgsag"), (6, "Underskriftsblad")]
    dumped = str(meeting_to_dict(meeting))
    for word in CLOSED_WORDS:
        assert word not in dumped


# the PDF is the HTML printed by Chromium: the PDF reader must close the same items
@pytest.mark.parametrize("suffix", [".xml", ".html", "_chromium.pdf"])
def test_no_word_of_a_confidential_item_is_searchable(tmp_path, suffix):
    source = tmp_path / f"{WITH_CLOSED}{suffix}"
    shutil.copy(FOLDER / source.name, source)
    report = index_paths([source], tmp_path / "index")
    assert [entry.status for entry in report.files] == ["indexed"], report.to_text()
    service = SearchService.open(tmp_path / "index")
    try:
        assert service.search(SearchRequest(q="møgsag"))["total"] == 1  # the title is public
        assert service.search(SearchRequest(q="anlægsregnskab"))["total"] == 1  # open text is
        for word in CLOSED_WORDS:
            assert service.search(SearchRequest(q=word))["total"] == 0, word
    finally:
        service.close()


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (XML_READER, b'<Root xmlns="x"><Other/></Root>', "no Committee/Meeting"),
        (XML_READER, (FOLDER / f"{PUBLIC}.xml").read_bytes()[:4000], "damaged"),
        (HTML_READER, b"<html><body><div class='xsltAgendaTitle'>Dagsorden</div></body></html>",
         "no agenda items"),
    ],
)  # fmt: skip
def test_broken_files_give_a_reader_error(reader, data, message):
    with pytest.raises(ReaderError, match=message):
        reader.read(data, "x")
