"""Matching and scoring with numpy agree with whoosh's matchers and BM25F, deletions included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import collectors

from search.engines.whoosh.columns import FacetColumns
from search.engines.whoosh.scoring import (
    PostingArrays,
    Scored,
    matching_docnums,
    score_matches,
    top_hits,
)
from search.engines.whoosh.translate import to_whoosh
from search.query import parse_query
from search.service import SearchRequest, SearchService


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
def test_numpy_matching_equals_whoosh(whoosh_service: SearchService, typed: str) -> None:
    searcher, _, arrays = whoosh_service.engine.snapshot()
    query = to_whoosh(parse_query(typed).query)
    expected = sorted(searcher.docs_for_query(query))
    assert matching_docnums(arrays, query).tolist() == expected


SCORED_QUERIES = [
    "borgere",
    "kontanthjælp ELLER flygtninge",
    "socialt frikort",
    "lokalplan -Kattrup",
    "titel:studietur",
    "beslutning:godkendt",
    "-lokalplan",
    "(budget ELLER økonomi) udvalg:økonomiudvalget",
    "sagsnr:EMN-2025-010561",
    "ordetfindesikke",
    '"taget til efterretning"',
    '"socialt frikort" borgere',
    'titel:"socialt frikort"',
    '"til til"',
    '"budget 2016-2017"',
    '"frikort socialt"',
    "lokalplan udsat",  # an outcome word: the outcome field beside the text
    "det nære sundhedsvæsen",  # words typed together: pairs and words as typed rank
]


def whoosh_scores(searcher: Any, query: Any) -> dict[int, float]:
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(query, collector)
    return {docnum: score for score, docnum in collector.results().top_n}


def assert_scored_like_whoosh(searcher: Any, arrays: PostingArrays, typed: str) -> None:
    query = to_whoosh(parse_query(typed).query)
    found = score_matches(arrays, query)
    assert found is not None
    expected = whoosh_scores(searcher, query)
    assert found.docnums.tolist() == sorted(expected)
    assert found.scores.tolist() == pytest.approx([expected[d] for d in found.docnums.tolist()])


@pytest.mark.parametrize("typed", SCORED_QUERIES)
def test_numpy_scores_equal_whooshs_bm25f(whoosh_service: SearchService, typed: str) -> None:
    searcher, _, arrays = whoosh_service.engine.snapshot()
    assert_scored_like_whoosh(searcher, arrays, typed)


@pytest.mark.parametrize("typed", ["udvikl*", "år:2019 budget"])
def test_prefixes_and_ranges_are_left_to_whoosh(whoosh_service: SearchService, typed: str) -> None:
    _, _, arrays = whoosh_service.engine.snapshot()
    assert score_matches(arrays, to_whoosh(parse_query(typed).query)) is None


def test_several_segments_and_deleted_items(tmp_path: Path) -> None:
    from indexer.pipeline import index_paths
    from search.engines.whoosh.store import WhooshWriter
    from tests.test_pipeline import MINUTES, write

    for day in ("3", "4", "5"):
        folder = tmp_path / f"m{day}"
        write(folder, "a.txt", MINUTES.replace("3. februar", f"{day}. februar"))
        index_paths([folder], tmp_path / "index")  # one commit, so one more segment, each
    with WhooshWriter(tmp_path / "index") as session:
        for number in (1, 2):
            session.remove_item(f"ukendt/teknik-og-miljoeudvalget/2020-02-04/{number}")
        session.commit()  # whoosh merges no segments of three: the items stay, marked deleted
    service = SearchService.open(tmp_path / "index")
    searcher, _, arrays = service.engine.snapshot()
    assert searcher.reader().has_deletions()
    assert len(list(searcher.reader().leaf_readers())) > 1
    query = to_whoosh(parse_query("vejbump").query)
    assert matching_docnums(arrays, query).tolist() == sorted(searcher.docs_for_query(query))
    assert len(matching_docnums(arrays, query)) == 2
    for typed in ("vejbump", "vejbump ELLER budget", "-vejbump", "budget", '"ønsker vejbump"'):
        assert_scored_like_whoosh(searcher, arrays, typed)
    service.close()


def test_top_hits_keeps_the_filtered_best_with_ties_to_the_lower_docnum() -> None:
    found = Scored(np.array([1, 2, 3, 4, 5]), np.array([0.5, 2.0, 1.0, 2.0, 3.0]))
    assert top_hits(found, None, 3) == [(5, 3.0), (2, 2.0), (4, 2.0)]
    keep = np.array([True, True, True, False, False])
    assert top_hits(found, keep, 2) == [(2, 2.0), (3, 1.0)]
    assert top_hits(found, keep, 10) == [(2, 2.0), (3, 1.0), (1, 0.5)]
    assert top_hits(Scored.empty(), None, 10) == []


@pytest.mark.parametrize("typed", ["borgere", "kontanthjælp ELLER flygtninge", "lokalplan"])
def test_the_service_ranks_as_whoosh_does(whoosh_service: SearchService, typed: str) -> None:
    searcher, _, _ = whoosh_service.engine.snapshot()
    hits = searcher.search(to_whoosh(parse_query(typed).query), limit=10)
    expected = [searcher.stored_fields(hit.docnum)["id"] for hit in hits]
    result = whoosh_service.search(SearchRequest(q=typed, recency=False))
    assert [hit["id"] for hit in result["results"]] == expected


def test_date_order_is_newest_first_then_item_number_and_undated_last(
    whoosh_service: SearchService,
) -> None:
    searcher, columns, _ = whoosh_service.engine.snapshot()
    assert isinstance(columns, FacetColumns)
    everything = np.arange(searcher.reader().doc_count_all(), dtype=np.int64)
    newest = [searcher.stored_fields(int(d)) for d in columns.by_date(everything, newest=True)]
    keys = [(f["date"], -f["number"]) for f in newest]
    assert keys == sorted(keys, reverse=True)
    oldest = [
        searcher.stored_fields(int(d))["date"] for d in columns.by_date(everything, newest=False)
    ]
    assert oldest == sorted(oldest)
