"""A rebuild commits its staging index in segments; the result is the same index, and a
failure part-way still leaves the old index exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexer.pipeline
import search.engines.whoosh.store as whoosh_store
from indexer.pipeline import index_paths
from search.engines.whoosh.store import open_index
from search.service import SearchRequest, SearchService

CORPUS = Path(__file__).resolve().parent / "fixtures" / "bundled"
QUERIES = ["", "borgere", '"taget til efterretning"', "socialt frikort", "lokalplan -Kattrup"]


def results(index_dir: Path) -> dict[str, list[tuple[str, float]]]:
    """Each query's hits with their scores (sorted: items of equal score may swap places)."""
    service = SearchService.open(index_dir)
    try:
        found = {}
        for typed in QUERIES:
            page = service.search(SearchRequest(q=typed, limit=100))
            found[typed] = sorted((hit["id"], hit["score"] or 0.0) for hit in page["results"])
        return found
    finally:
        service.close()


def segment_count(index_dir: Path) -> int:
    return len(open_index(index_dir)._segments())


@pytest.mark.parametrize("parallel", [False, True])
def test_a_rebuild_in_segments_finds_what_a_rebuild_in_one_finds(
    whoosh_bundled_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    monkeypatch.setattr(whoosh_store, "REBUILD_SEGMENT_ITEMS", 7)
    if parallel:
        monkeypatch.setattr(indexer.pipeline, "PARALLEL_WRITE_FILES", 1)
    index_dir = tmp_path / "index"
    index_paths([CORPUS], index_dir, rebuild=True)
    assert segment_count(index_dir) >= 4
    # separate files: a reader copies a compound segment's postings into memory
    assert not list(index_dir.glob("*.seg"))
    assert list(index_dir.glob("*.pst"))
    assert results(index_dir) == results(whoosh_bundled_index)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index")]


def test_a_rebuild_failing_after_its_first_segments_leaves_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    index_paths([CORPUS], index_dir)
    before = results(index_dir)
    monkeypatch.setattr(whoosh_store, "REBUILD_SEGMENT_ITEMS", 5)
    real_add = whoosh_store.WhooshWriter.add

    def add_then_fail(session: whoosh_store.WhooshWriter, document: dict[str, object]) -> None:
        if session.added == 17:  # three segments are committed to the staging index by now
            raise RuntimeError("disk on fire")
        real_add(session, document)

    monkeypatch.setattr(whoosh_store.WhooshWriter, "add", add_then_fail)
    with pytest.raises(RuntimeError):
        index_paths([CORPUS], index_dir, rebuild=True)
    assert results(index_dir) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index")]
