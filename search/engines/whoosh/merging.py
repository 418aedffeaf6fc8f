"""Which segments a plain run merges, and checking every byte of those before it does.

A plain run (not a rebuild) adds its documents as a new segment and lets whoosh's
``MERGE_SMALL`` policy merge the smallest segments into it. Merging copies a segment's
postings and stored items into new files, which get fresh checksums when the generation
is published: damage in a merged segment would be hidden from then on. Every other
segment only keeps its files, and their checksums are carried on unchanged
(:func:`search.engines.whoosh.generations.publish`), so ``referat check`` still finds any
damage in them.

So a plain run reads every byte of the segments it is about to merge, not of the whole
index: adding one meeting to 100,000 items read 0.9 GB before (~0.5 s), now the few small
segments earlier updates wrote. Opening the generation still checks every file's size and
reads the small ones (facet and length columns) whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.util import fib

from search.engines.whoosh.sums import Sums, segment_files, verify

#: a merge policy as whoosh's writer calls it: (writer, segments) → the segments kept
MergePolicy = Callable[[Any, list[Any]], list[Any]]


def small_segments(segments: list[Any]) -> list[Any]:
    """The segments whoosh's ``MERGE_SMALL`` merges (none, or at least two): the smallest,
    up to the first point where the first i of them (i > 3) hold fewer items than
    fib(i + 5). The same choice as whoosh's, which picks and merges in one step.

    >>> class Segment:
    ...     def __init__(self, count: int) -> None:
    ...         self.count = count
    ...     def doc_count_all(self) -> int:
    ...         return self.count
    >>> [s.count for s in small_segments([Segment(n) for n in (50000, 20, 20, 20, 20, 20)])]
    []
    >>> sizes = (50000, 3, 3, 3, 3, 3, 3)
    >>> [s.count for s in small_segments([Segment(n) for n in sizes])]
    [3, 3, 3, 3, 3]
    """
    chosen: list[Any] = []
    total = 0
    for i, segment in enumerate(sorted(segments, key=lambda s: s.doc_count_all())):
        total += max(segment.doc_count_all(), 0)
        chosen.append(segment)
        if i > 3 and total < fib(i + 5):
            return chosen if len(chosen) > 1 else []
    return []


def checked_merge_small(
    folder: Path, sums: Sums, on_damage: Callable[[list[str]], None]
) -> MergePolicy:
    """whoosh's ``MERGE_SMALL``, after every byte of the segments it merges is checked
    against ``sums``; ``on_damage`` gets the problems (and raises) when they differ."""

    def merge(writer: Any, segments: list[Any]) -> list[Any]:
        chosen = small_segments(segments)
        if not chosen:
            return segments
        names = list(sums.files)
        merged = {
            name: sums.files[name]
            for segment in chosen
            for name in segment_files(names, segment.segment_id())
        }
        problems = verify(folder, replace(sums, files=merged), thorough=True)
        if problems:
            on_damage(problems)
        for segment in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [segment for segment in segments if segment not in chosen]

    return merge
