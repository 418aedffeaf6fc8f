"""The writer's fast paths (term pool, documents by field, postings by term) write exactly
the segment whoosh writes."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool, SegmentWriter

from bench.analysis_fingerprint import corpus_documents, fingerprint_index
from search.engines.whoosh.postings import TermPostingPool
from search.engines.whoosh.writers import _MpWriter, with_fast_postings


def segment_files(index_dir: Path) -> dict[str, bytes]:
    """The segment's files by what follows its (random) name: postings, terms, columns."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in index_dir.glob("referat_*.*")
        if not path.name.endswith(".toc")
    }


@pytest.mark.parametrize(("limit", "runs"), [(10**9, 0), (200_000, 4), (4_000, 129)])
def test_the_fast_postings_write_the_same_segment_as_whoosh(
    corpus_dir: Path, tmp_path: Path, limit: int, runs: int, whoosh_index: Callable[[Path], Any]
) -> None:
    documents = list(corpus_documents(corpus_dir, limit=60))
    (tmp_path / "plain").mkdir()
    (tmp_path / "fast").mkdir()
    plain = SegmentWriter(whoosh_index(tmp_path / "plain"), compound=False)
    assert type(plain.pool) is PostingPool
    fast = with_fast_postings(SegmentWriter(whoosh_index(tmp_path / "fast"), compound=False))
    assert isinstance(fast.pool, TermPostingPool)
    assert {"_flush_segment", "add_document"} <= set(vars(fast))
    fast.pool.limit = limit  # small limits spill runs; past 128 runs whoosh merges some first
    for document in documents:
        plain.add_document(**document)
        fast.add_document(**document)
    assert len(fast.pool.runs) >= runs
    assert (fast.pool.spilled_columns > 0) == (runs > 0)  # the text fields' columns too
    plain.commit()
    fast.commit()
    assert fingerprint_index(tmp_path / "fast") == fingerprint_index(tmp_path / "plain")
    # byte for byte: block statistics and inlined postings too, not only the postings
    written, expected = segment_files(tmp_path / "fast"), segment_files(tmp_path / "plain")
    assert {"pst", "trm", "_stored.col", "committee.col"} <= set(expected)
    assert written == expected


@pytest.mark.parametrize("limit", [10**9, 3_000])
def test_postings_out_of_order_come_out_in_whoosh_order(limit: int) -> None:
    rng = random.Random(7)
    postings = [
        (rng.choice("ab"), rng.choice([b"x", b"y", b"zz"]), rng.randrange(50), rng.random(), None)
        for _ in range(2_000)
    ]
    pool = TermPostingPool(RamStorage(), None)
    pool.limit = limit
    for posting in postings:
        pool.add(posting)
    assert list(pool.items()) == sorted(postings)


def test_the_two_process_writer_keeps_sending_documents_to_its_processes(
    tmp_path: Path, whoosh_index: Callable[[Path], Any]
) -> None:
    writer = _MpWriter(whoosh_index(tmp_path), procs=2, multisegment=True)
    try:
        assert isinstance(writer.pool, TermPostingPool)
        assert "add_document" not in vars(writer)  # its own add_document hands them out
    finally:
        writer.cancel()
