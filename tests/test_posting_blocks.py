"""Posting blocks: Referat writes whoosh's postings in blocks of ``POSTING_BLOCK``, fewer and
larger than whoosh's default of 128, and reads them back whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import indexer.pipeline
import search.engines.whoosh.writers
from bench.generate import MINUTES, Generator
from indexer.pipeline import index_paths
from search.engines.whoosh.store import open_index
from search.engines.whoosh.writers import POSTING_BLOCK
from search.service import SearchRequest, SearchService


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 generated items: many words are in more than 128 of them."""
    out = tmp_path_factory.mktemp("generated")
    Generator(out, 600, seed=3).run()
    return out / MINUTES


def first_block_lengths(index_dir: Path, fieldname: str) -> dict[str, int]:
    """The length of each word's first posting block in each segment, where the segment
    has well over the 128 postings of whoosh's default block for it."""
    index = open_index(index_dir)
    found: dict[str, int] = {}
    with index.searcher() as searcher:
        for leaf in searcher.reader().leaf_readers():
            reader: Any = leaf[0]
            for text in reader.lexicon(fieldname):
                if reader.doc_frequency(fieldname, text) > 200:
                    matcher = reader.postings(fieldname, text)
                    found[text.decode()] = matcher._blocklength
    return found


@pytest.mark.parametrize("parallel", [False, True])
def test_postings_are_written_in_large_blocks(
    minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:
        monkeypatch.setattr(indexer.pipeline, "PARALLEL_WRITE_FILES", 1)
    index_dir = tmp_path / "index"
    index_paths([minutes], index_dir, rebuild=True)
    blocks = first_block_lengths(index_dir, "exact")
    assert blocks, "no word in more than 200 items of a segment"
    assert all(length > 128 for length in blocks.values()), blocks
    assert max(blocks.values()) <= POSTING_BLOCK


def test_common_words_are_counted_across_blocks(
    minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word in more items than one block holds is found in all of them (blocks of 100
    here, so that the 600 items' common words span several)."""
    monkeypatch.setattr(search.engines.whoosh.writers, "POSTING_BLOCK", 100)
    index_dir = tmp_path / "index"
    index_paths([minutes], index_dir, rebuild=True)
    index = open_index(index_dir)
    with index.searcher() as searcher:
        expected = searcher.doc_frequency("exact", "og")
    assert max(first_block_lengths(index_dir, "exact").values()) == 100
    service = SearchService.open(index_dir)
    try:
        assert service.search(SearchRequest(q='"og"'))["total"] == expected > 300
    finally:
        service.close()
