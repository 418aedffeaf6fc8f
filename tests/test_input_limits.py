"""Pathological input is bounded: work per word and per file, and one id per item."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import lxml.html
import pytest

import indexer.documents
from indexer.pipeline import index_paths
from search.compounds import MAX_WORD, CompoundSplitter
from search.service import SearchRequest, SearchService
from tests.test_pipeline import MINUTES, item_ids, write

FIRSTAGENDA = Path(__file__).parent / "fixtures/corpus/aarhus-firstagenda"


def test_splitting_a_run_of_one_letter_takes_no_time() -> None:
    # every tail of a run of "a" is a word here: before the limit, trying each cut for a
    # 50,000-letter run took minutes (quadratic in the length, and again for compound heads)
    splitter = CompoundSplitter({"a" * length for length in range(3, 36)})
    started = time.perf_counter()
    assert splitter.split("a" * 50_000) == []
    assert time.perf_counter() - started < 1.0


def test_words_up_to_the_limit_are_still_split() -> None:
    splitter = CompoundSplitter({"kontanthjælp", "modtagere"})
    assert splitter.split("kontanthjælpsmodtagere") == ["kontanthjælp", "modtagere"]
    long_compound = "kontanthjælps" + "modtagere" * 5
    assert len(long_compound) <= MAX_WORD
    assert CompoundSplitter({"kontanthjælp", long_compound[13:]}).split(long_compound)


def test_a_megabyte_of_one_letter_in_a_minutes_file_does_not_stall_the_run(
    tmp_path: Path,
) -> None:
    # reproduction 6: indexing this took 4 min 43 s
    folder = tmp_path / "minutes"
    pasted = MINUTES.replace("Borgerne ønsker", "a" * 1_000_000 + "\n\nBorgerne ønsker")
    write(folder, "tmu.txt", pasted)
    started = time.perf_counter()
    report = index_paths([folder], tmp_path / "index")
    assert time.perf_counter() - started < 60
    assert report.totals()["items"] == 2
    service = SearchService.open(tmp_path / "index")
    assert service.search(SearchRequest(q="vejbump"))["total"] == 1
    service.close()


def test_text_beyond_the_limit_per_file_is_not_searchable_and_the_file_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer.documents, "MAX_SEARCHABLE_CHARS", 120)
    folder = tmp_path / "minutes"
    long_case = "Borgerne ønsker vejbump på Skolevej. " * 4 + "Trafiksanering ved hallen."
    write(folder, "tmu.txt", MINUTES.replace("Ny ordning for affald fra sommerhuse.", long_case))
    report = index_paths([folder], tmp_path / "index")
    assert report.totals()["items"] == 2
    assert any("only the first 120 are searchable" in w for w in report.files[0].warnings)
    service = SearchService.open(tmp_path / "index")
    try:
        assert service.search(SearchRequest(q="skolevej"))["total"] == 2  # within the limit
        assert service.search(SearchRequest(q="trafiksanering"))["total"] == 0  # beyond it
        assert service.search(SearchRequest(q="affaldsordning"))["total"] == 1  # titles stay
        item = service.get_item("ukendt/teknik-og-miljoeudvalget/2020-02-03/2")
        assert "Trafiksanering ved hallen." in item["sections"][0]["text"]  # shown whole
    finally:
        service.close()


def firstagenda_page(tmp_path: Path, change: str | None = None) -> Path:
    """The FirstAgenda page with its first item row repeated (its title changed when
    ``change`` is given): reproduction 5."""
    source = next(FIRSTAGENDA.glob("*.html"))
    page = lxml.html.fromstring(source.read_bytes())
    row = next(row for row in page.find_class("punktrow") if row.tag == "tr")
    repeat = copy.deepcopy(row)
    if change:
        title = next(iter(repeat.find_class("overskrift")))
        title.text = change
        for child in title:
            title.remove(child)
    row.addnext(repeat)
    folder = tmp_path / "firstagenda"
    write(folder, source.name, lxml.html.tostring(page, encoding="utf-8"))
    write(folder, "manifest.toml", '["/"]\norganisation = "Aarhus"\n')
    return folder


def test_a_repeated_item_row_is_indexed_once_and_reported(tmp_path: Path) -> None:
    report = index_paths([firstagenda_page(tmp_path)], tmp_path / "index")
    assert report.totals()["items"] == 6
    assert any("appears more than once" in w for w in report.files[0].warnings)
    service = SearchService.open(tmp_path / "index")
    try:
        found = service.search(SearchRequest(limit=100))
        ids = [hit["id"] for hit in found["results"]]
        assert found["total"] == 6
        assert len(ids) == len(set(ids))
    finally:
        service.close()


def test_two_different_items_with_one_number_keep_both_under_two_ids(tmp_path: Path) -> None:
    report = index_paths([firstagenda_page(tmp_path, "Et andet punkt")], tmp_path / "index")
    assert report.totals()["items"] == 7
    assert any("indexed as 1-2" in w for w in report.files[0].warnings)
    ids = item_ids(tmp_path / "index")
    assert {"aarhus/teknisk-udvalg/2025-10-01/1", "aarhus/teknisk-udvalg/2025-10-01/1-2"} <= ids
