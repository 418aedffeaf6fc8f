"""A generated archive: planted references resolve, matters are histories in date order, long facets fold."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from bench.generate import MINUTES, Generator
from indexer.pipeline import index_paths
from search.service import SearchRequest, SearchService

ITEMS = 900


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, dict[str, Any]]:
    out = tmp_path_factory.mktemp("generated")
    Generator(out, ITEMS, seed=11).run()
    report = index_paths([out / MINUTES], out / "index")
    assert not report.failed, report.to_text()
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    service = SearchService.open(out / "index")
    yield service, truth
    service.close()


def test_every_planted_reference_resolves_and_every_dangling_one_stays_unresolved(
    archive: tuple[SearchService, dict[str, Any]],
) -> None:
    service, truth = archive
    assert truth["references"], "the generator planted no references"
    wrong = []
    for planted in truth["references"]:
        item = service.get_item(planted["item"])
        assert item is not None, planted["item"]
        found = [
            reference for reference in item["references"] if reference["text"] == planted["text"]
        ]
        assert found, f"{planted['item']} lost the citation {planted['text']!r}"
        if found[0]["id"] != planted["target"]:
            wrong.append((planted["item"], planted["text"], found[0]["id"], planted["target"]))
    assert not wrong, wrong[:5]


def test_every_matter_is_one_history_in_date_order(
    archive: tuple[SearchService, dict[str, Any]],
) -> None:
    service, truth = archive
    assert truth["matters"]
    for matter in truth["matters"]:
        for item_id in matter["items"]:
            item = service.get_item(item_id)
            assert item is not None
            history = item["history"]
            ids = [step["id"] for step in history]
            assert set(matter["items"]) <= set(ids), (item_id, matter["case_number"])
            dates = [step["date"] for step in history if step["date"]]
            assert dates == sorted(dates), item_id
            assert ids.count(item_id) == 1


def _year_facet(page: str) -> tuple[str, str]:
    """(the visible values, the folded values) of the year facet's HTML."""
    section = page[page.index('id="facet-year"') :]
    section = section[: section.index("</section>")]
    if "<details" not in section:
        return section, ""
    return section[: section.index("<details")], section[section.index("<details") :]


def _labels(html: str) -> set[str]:
    return set(re.findall(r'<span class="facet-label">([^<]+)</span>', html))


def test_long_facet_lists_fold_under_vis_flere_and_keep_a_chosen_value_in_sight(
    archive: tuple[SearchService, dict[str, Any]],
    make_app: Callable[[dict[str, object]], Flask],
) -> None:
    service, _ = archive
    years = [entry["value"] for entry in service.search(SearchRequest())["facets"]["year"]]
    assert len(years) > 10, "the generated archive spans 2007-2025"
    client = make_app({"TESTING": True, "INDEX": service.engine.location}).test_client()
    shown, folded = _year_facet(client.get("/").get_data(as_text=True))
    assert "Vis flere" in folded
    oldest = years[-1]
    assert oldest in _labels(folded) and oldest not in _labels(shown)
    shown, folded = _year_facet(client.get(f"/?year={oldest}").get_data(as_text=True))
    assert oldest in _labels(shown) and oldest not in _labels(folded)


def collapsed_by_hand(service: SearchService, typed: str, sort: str) -> tuple[list[str], int]:
    """The oracle: every match ranked by whoosh's score (or by date), then the first item
    of each case key kept, in plain Python; and the number of matters among all matches.

    (whoosh's own ``collapse=`` is no oracle: when a better item of a matter comes after a
    worse one, the worse one can stay in its top N and its folded count misses the swap.)
    """
    from whoosh import collectors

    from search.engines.whoosh.translate import to_whoosh
    from search.query import parse_query

    searcher = service.engine.snapshot().searcher
    query = to_whoosh(parse_query(typed).query)
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(query, collector)
    stored = {docnum: searcher.stored_fields(docnum) for _, docnum in collector.results().top_n}
    if sort == "relevance":
        ranked = [
            docnum for _, docnum in sorted(collector.results().top_n, key=lambda p: (-p[0], p[1]))
        ]
    else:  # by meeting date, then item number (a stable sort on the date after the number)
        by_number = sorted(stored, key=lambda d: stored[d]["number"])
        ranked = sorted(by_number, key=lambda d: stored[d]["date"], reverse=sort == "newest")
    seen: set[str] = set()
    kept: list[str] = []
    for docnum in ranked:
        key = stored[docnum].get("case_key")
        if key and key in seen:
            continue
        seen.add(key or "")
        kept.append(stored[docnum]["id"])
    return kept[:20], len(kept)


@pytest.mark.parametrize(
    ("typed", "sort"),
    [("borgere", "relevance"), ("lokalplan ELLER budget", "relevance"),
     ("udvikl*", "relevance"), ("", "newest"), ("godkendt", "oldest")],
)  # fmt: skip
def test_one_hit_per_matter_as_whoosh_collapses(
    archive: tuple[SearchService, dict[str, Any]], typed: str, sort: str
) -> None:
    service, _ = archive
    result = service.search(
        SearchRequest(q=typed, sort=sort, collapse=True, recency=False, limit=20)
    )
    expected_ids, expected_total = collapsed_by_hand(service, typed, sort)
    assert [hit["id"] for hit in result["results"]] == expected_ids
    assert result["total"] == expected_total
    assert any(hit["treatments"] > 1 for hit in result["results"])
