"""The writer's faster posting pool builds exactly the index whoosh's own pool builds."""

from __future__ import annotations

from pathlib import Path

from whoosh.writing import PostingPool, SegmentWriter

from bench.analysis_fingerprint import corpus_documents, fingerprint_index
from search.index import _create, _FastPostingPool, _with_fast_pool


def test_the_fast_pool_spilling_runs_writes_the_same_index_as_whoosh(
    corpus_dir: Path, tmp_path: Path
) -> None:
    documents = list(corpus_documents(corpus_dir, limit=60))
    (tmp_path / "plain").mkdir()
    (tmp_path / "fast").mkdir()
    plain = SegmentWriter(_create(tmp_path / "plain"))
    assert type(plain.pool) is PostingPool
    fast = _with_fast_pool(SegmentWriter(_create(tmp_path / "fast")))
    assert isinstance(fast.pool, _FastPostingPool)
    fast.pool.limit = 200_000  # a run every few documents, so runs are written and merged
    for document in documents:
        plain.add_document(**document)
        fast.add_document(**document)
    assert len(fast.pool.runs) > 3
    plain.commit()
    fast.commit()
    assert fingerprint_index(tmp_path / "fast") == fingerprint_index(tmp_path / "plain")
