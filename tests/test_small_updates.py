"""What makes adding one meeting to a large archive fast stays correct: a run reads only
the indexed sources under the paths it is given, and a searcher of the next generation
reuses the facet columns of the segments it shares with the last one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.pipeline import index_paths
from search.engine import open_writer
from search.engines.whoosh import merging, store
from search.engines.whoosh.columns import FacetColumns
from search.engines.whoosh.engine import WhooshEngine

DATA = Path(__file__).resolve().parent / "fixtures" / "bundled"
LATER = DATA / "ballerup-text"


def _columns(columns: FacetColumns) -> tuple[object, ...]:
    ordinals = {facet: values.tolist() for facet, values in columns.ordinals.items()}
    return (
        columns.size,
        columns.values,
        ordinals,
        columns._cases.tolist(),
        columns._dates.tolist(),
        columns._numbers.tolist(),
    )


def test_an_update_reuses_the_columns_of_the_segments_it_kept(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    folders = [folder for folder in DATA.iterdir() if folder.is_dir() and folder != LATER]
    assert not index_paths(folders, index_dir).failed
    engine = WhooshEngine(index_dir)
    try:
        before = engine.snapshot().columns
        saved = dict(engine._segment_columns)
        kept = set(saved)
        assert kept and {segment for segment, _ in kept} == {
            leaf.segment().segment_id() for leaf, _ in before_leaves(engine)
        }
        assert not index_paths([LATER], index_dir).failed
        after = engine.snapshot().columns
        assert after is not before and after.size > before.size
        # the first generation's segment was not read again; the new one was added
        assert kept < set(engine._segment_columns)
        assert all(engine._segment_columns[key] is saved[key] for key in kept)
        fresh = WhooshEngine(index_dir)
        try:
            assert _columns(after) == _columns(fresh.snapshot().columns)
        finally:
            fresh.close()
    finally:
        engine.close()


def before_leaves(engine: WhooshEngine) -> list[tuple[object, int]]:
    return list(engine.snapshot().searcher.reader().leaf_readers())


def test_a_run_reads_the_indexed_sources_under_its_paths(index_location: str) -> None:
    """On both engines: the sources under the given paths, and nothing else."""
    assert not index_paths([DATA], index_location).failed
    writer = open_writer(index_location)
    try:
        every = writer.stored_sources()
        prefixes = [str(LATER.resolve()), str(DATA.resolve() / "ballerup-edoc")]
        some = writer.stored_sources(prefixes)
    finally:
        writer.cancel()
    assert len(every) == 5 and all(every.values())
    expected = {
        source: digest for source, digest in every.items() if source.startswith(tuple(prefixes))
    }
    assert len(expected) == 3  # two text files and the eDoc XML (its PDF adds nothing)
    assert some == expected
    # and a second run over the same folder finds every file unchanged
    again = index_paths([LATER], index_location)
    assert [file.status for file in again.files] == ["unchanged", "unchanged"]


def test_a_new_meeting_is_published_before_small_segments_are_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge is one more generation after the change: the librarian's meeting is
    searchable before whoosh copies the small segments into one (bench/update.py)."""
    index_dir = tmp_path / "index"
    folders = sorted(folder for folder in DATA.iterdir() if folder.is_dir() and folder != LATER)
    for folder in folders:  # a run each: a small segment each
        assert not index_paths([folder], index_dir).failed
    monkeypatch.setattr(
        merging, "small_segments", lambda segments: list(segments) if len(segments) > 1 else []
    )
    published: list[list[int]] = []
    real_publish = store.publish

    def spy(folder: Path, toc: Any, carried: Any) -> Any:
        published.append([segment.doc_count() for segment in toc.segments])
        return real_publish(folder, toc, carried)

    monkeypatch.setattr(store, "publish", spy)
    assert not index_paths([LATER], index_dir).failed
    change, merged = published
    assert len(change) == len(folders) + 1  # the new segment beside the kept ones
    assert len(merged) == 1 and sum(merged) == sum(change)
