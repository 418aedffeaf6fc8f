"""Unscored matching with numpy agrees with whoosh's matchers, deletions included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search.facets import FacetColumns
from search.matching import matching_docnums
from search.query import parse_query
from search.service import SearchService


@pytest.mark.parametrize(
    "typed",
    [
        "borgere",
        "kontanthjælp ELLER flygtninge",
        "socialt frikort",
        "lokalplan -Kattrup",
        '"taget til efterretning"',
        "titel:studietur",
        "udvikl*",
        "år:2016..2019 beskæftigelse",
        "",
        "ordetfindesikke",
    ],
)
def test_numpy_matching_equals_whoosh(service: SearchService, typed: str) -> None:
    searcher, _ = service._current()
    query = parse_query(typed).query
    expected = sorted(searcher.docs_for_query(query))
    assert matching_docnums(searcher, query).tolist() == expected


def test_deleted_items_do_not_match(tmp_path: Path) -> None:
    from whoosh.query import Term

    from indexer.pipeline import index_paths
    from search.index import open_or_create_index
    from tests.test_pipeline import MINUTES, write

    folder = tmp_path / "m"
    write(folder, "a.txt", MINUTES)
    write(folder, "b.txt", MINUTES.replace("3. februar", "4. februar"))
    index_paths([folder], tmp_path / "index")
    writer = open_or_create_index(tmp_path / "index").writer()
    writer.delete_by_query(Term("date", "2020-02-04"))
    writer.commit(merge=False)  # the deleted items stay in their segment, marked deleted
    service = SearchService(tmp_path / "index")
    searcher, _ = service._current()
    assert searcher.reader().has_deletions()
    query = parse_query("vejbump").query
    assert matching_docnums(searcher, query).tolist() == sorted(searcher.docs_for_query(query))
    assert len(matching_docnums(searcher, query)) == 1
    service.close()


def test_date_order_is_newest_first_then_item_number_and_undated_last(
    service: SearchService,
) -> None:
    searcher, columns = service._current()
    assert isinstance(columns, FacetColumns)
    everything = np.arange(searcher.reader().doc_count_all(), dtype=np.int64)
    newest = [searcher.stored_fields(int(d)) for d in columns.by_date(everything, newest=True)]
    keys = [(f["date"], -f["number"]) for f in newest]
    assert keys == sorted(keys, reverse=True)
    oldest = [
        searcher.stored_fields(int(d))["date"] for d in columns.by_date(everything, newest=False)
    ]
    assert oldest == sorted(oldest)
