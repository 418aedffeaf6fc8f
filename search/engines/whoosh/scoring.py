"""BM25F scores of every match of a word query, computed with numpy.

Whoosh scores a query match by match in Python: for a broad word across seven fields
that is hundreds of thousands of calls per search. Here each posting list is read
block by block into arrays (document numbers and term frequencies), the field lengths
of all documents are read once per searcher, and the scores are computed exactly as
whoosh's :class:`whoosh.scoring.BM25F` does, with the same boosts, idf and average
lengths — then combined with numpy set operations (a sum for ``Or`` and ``And``, the
left side for ``AndNot``, the left side plus the right one where both match for
``AndMaybe``). A phrase is scored as whoosh scores it, the sum of its words'
scores, on the items where its words stand next to each other: the positions are
decoded only for the items that have all the words. ``tests/test_scoring.py`` checks
the scores against whoosh's own for a table of queries, with deletions and several
segments.

Queries with expansions (prefixes, ranges) are not handled here:
:func:`score_matches` returns ``None`` and the caller lets whoosh score them;
:func:`matching_docnums` (totals and facets need every match, no score) falls back to
whoosh's unscored matching for them.

Two private parts of whoosh 3 are read for speed, both with a slower public fallback:
a posting block's decoded data tuple (``W3LeafMatcher``) and the byte column of
field lengths.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import formats, scoring
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

Docnums = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float64]

#: field length in words for each stored length byte (whoosh stores lengths as one byte)
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Scored:
    """Matching live documents (sorted, unique) and their scores, position for position."""

    docnums: Docnums
    scores: Scores

    @staticmethod
    def empty() -> Scored:
        return Scored(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


class _Unsupported(Exception):
    """A part of the query that is not a word, OR, AND or NOT."""


class PostingArrays:
    """Posting lists and field lengths of one searcher, as numpy arrays.

    Made once per searcher (the caller makes a new one when the index changes); field
    lengths are read on first use and kept, posting lists are read per query.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size: int = self.reader.doc_count_all()
        self._leaves: list[tuple[Any, int]] = list(self.reader.leaf_readers())
        self._lengths: dict[str, npt.NDArray[np.float64]] = {}
        self._deleted: Docnums | None = None

    def postings(
        self, fieldname: str, text: str, values: bool = False
    ) -> tuple[Docnums, npt.NDArray[np.float64], list[bytes]]:
        """Document numbers (ascending) and term frequencies of ``text`` in ``fieldname``;
        with ``values``, also each posting's encoded word positions."""
        ids: list[Docnums] = []
        weights: list[npt.NDArray[np.float64]] = []
        encoded: list[bytes] = []
        for leaf, offset in self._leaves:
            if (fieldname, text) not in leaf:
                continue
            leaf_ids, leaf_weights = _read_postings(
                leaf.postings(fieldname, text), encoded if values else None
            )
            ids.append(leaf_ids + offset)
            weights.append(leaf_weights)
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64), encoded
        return np.concatenate(ids), np.concatenate(weights), encoded

    def lengths(self, fieldname: str) -> npt.NDArray[np.float64]:
        """Every document's length of ``fieldname`` in words, as whoosh scores it."""
        if fieldname not in self._lengths:
            parts = [_leaf_lengths(leaf, fieldname) for leaf, _ in self._leaves]
            self._lengths[fieldname] = (
                np.concatenate(parts) if parts else np.empty(0, dtype=np.float64)
            )
        return self._lengths[fieldname]

    def deleted(self) -> Docnums:
        if self._deleted is None:
            parts = [
                np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset
                for leaf, offset in self._leaves
                if leaf.has_deletions()
            ]
            self._deleted = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)
        return self._deleted


def score_matches(arrays: PostingArrays, query: wq.Query) -> Scored | None:
    """Every live match of ``query`` with its BM25F score, or None if whoosh must score it."""
    weighting = arrays.searcher.weighting
    if type(weighting) is not scoring.BM25F:
        return None
    try:
        found = _score(arrays, weighting, query)
    except _Unsupported:
        return None
    deleted = arrays.deleted()
    if len(deleted):
        live = ~np.isin(found.docnums, deleted, assume_unique=True)
        found = Scored(found.docnums[live], found.scores[live])
    return found


def matching_docnums(arrays: PostingArrays, query: wq.Query) -> Docnums:
    """Sorted document numbers of the live items matching ``query``."""
    found = score_matches(arrays, query)
    if found is not None:
        return found.docnums
    docnums = np.fromiter(arrays.searcher.docs_for_query(query), dtype=np.int64)
    docnums.sort()
    return docnums


def best_first(found: Scored, keep: npt.NDArray[np.bool_] | None) -> Scored:
    """All of ``found`` where ``keep`` is true, best first (ties: lower docnum first)."""
    if keep is not None:
        found = Scored(found.docnums[keep], found.scores[keep])
    order = np.lexsort((found.docnums, -found.scores))
    return Scored(found.docnums[order], found.scores[order])


def top_hits(
    found: Scored, keep: npt.NDArray[np.bool_] | None, count: int
) -> list[tuple[int, float]]:
    """The best ``count`` (docnum, score) among ``found`` where ``keep`` is true.

    Ties go to the lower document number, as in whoosh's collectors.
    """
    scores = found.scores if keep is None else found.scores[keep]
    if len(scores) > count:
        # the count-th best score, and everything at least as good (ties kept for the sort)
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        good = found.scores >= threshold
        keep = good if keep is None else keep & good
    ranked = best_first(found, keep)
    return list(zip(ranked.docnums[:count].tolist(), ranked.scores[:count].tolist(), strict=True))


def _score(arrays: PostingArrays, weighting: scoring.BM25F, query: wq.Query) -> Scored:
    if isinstance(query, wq.Term):
        return _score_term(arrays, weighting, query)
    if isinstance(query, wq.Phrase):
        return _score_phrase(arrays, weighting, query)
    if isinstance(query, wq.Every):
        return Scored(
            np.arange(arrays.size, dtype=np.int64), np.full(arrays.size, float(query.boost))
        )
    if isinstance(query, wq.AndNot):
        positive = _score(arrays, weighting, query.a)
        excluded = _score(arrays, weighting, query.b).docnums
        keep = ~np.isin(positive.docnums, excluded, assume_unique=True)
        return Scored(positive.docnums[keep], positive.scores[keep])
    if isinstance(query, wq.AndMaybe):
        required = _score(arrays, weighting, query.a)
        optional = _score(arrays, weighting, query.b)
        _, left, right = np.intersect1d(
            required.docnums, optional.docnums, assume_unique=True, return_indices=True
        )
        scores = required.scores.copy()
        scores[left] += optional.scores[right]
        return Scored(required.docnums, scores * query.boost)
    if isinstance(query, wq.Or) and query.subqueries:
        parts = [_score(arrays, weighting, sub) for sub in query.subqueries]
        docnums, where = np.unique(
            np.concatenate([part.docnums for part in parts]), return_inverse=True
        )
        sums = np.bincount(where, weights=np.concatenate([part.scores for part in parts]))
        return Scored(docnums, (sums * query.boost).astype(np.float64, copy=False))
    if isinstance(query, wq.And) and query.subqueries:
        result = _intersect([_score(arrays, weighting, sub) for sub in query.subqueries])
        return Scored(result.docnums, result.scores * query.boost)
    raise _Unsupported(type(query).__name__)


def _intersect(parts: list[Scored]) -> Scored:
    """The documents in every part, with their scores summed (whoosh's And)."""
    parts = sorted(parts, key=lambda part: len(part.docnums))
    result = parts[0]
    for part in parts[1:]:
        docnums, left, right = np.intersect1d(
            result.docnums, part.docnums, assume_unique=True, return_indices=True
        )
        result = Scored(docnums, result.scores[left] + part.scores[right])
    return result


def _score_term(
    arrays: PostingArrays,
    weighting: scoring.BM25F,
    term: wq.Term,
    values: list[bytes] | None = None,
) -> Scored:
    """BM25F as whoosh computes it; with ``values``, the encoded positions are appended."""
    searcher, fieldname, text = arrays.searcher, term.fieldname, term.text
    if fieldname not in searcher.schema or (fieldname, text) not in arrays.reader:
        return Scored.empty()
    docnums, weights, encoded = arrays.postings(fieldname, text, values is not None)
    if values is not None:
        values.extend(encoded)
    if not searcher.schema[fieldname].scorable:
        return Scored(docnums, weights * term.boost)  # whoosh's WeightScorer
    b = weighting._field_B.get(fieldname, weighting.B)
    k1 = weighting.K1
    idf = searcher.idf(fieldname, text)
    average = searcher.avg_field_length(fieldname) or 1
    lengths = arrays.lengths(fieldname)[docnums]
    scores = idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))
    return Scored(docnums, scores * term.boost)


def _score_phrase(arrays: PostingArrays, weighting: scoring.BM25F, phrase: wq.Phrase) -> Scored:
    """Whoosh's phrase score (its words' scores summed) where the words stand in order."""
    if phrase.slop != 1 or phrase.fieldname not in arrays.searcher.schema:
        raise _Unsupported("phrase with slop")
    words: list[Scored] = []
    encoded: list[list[bytes]] = []
    for word in phrase.words:
        values: list[bytes] = []
        words.append(_score_term(arrays, weighting, wq.Term(phrase.fieldname, word), values))
        encoded.append(values)
    candidates = _intersect(words)
    if len(words) > 1 and len(candidates.docnums):
        decode = _position_decoder(arrays.searcher.schema[phrase.fieldname].format)
        positions = [
            [decode(values[i]) for i in np.searchsorted(word.docnums, candidates.docnums)]
            for word, values in zip(words, encoded, strict=True)
        ]
        keep = np.fromiter(
            (
                any(all(start + k in positions[k][j] for k in range(1, len(words)))
                    for start in positions[0][j])
                for j in range(len(candidates.docnums))
            ),
            dtype=np.bool_,
            count=len(candidates.docnums),
        )  # fmt: skip
        candidates = Scored(candidates.docnums[keep], candidates.scores[keep])
    return Scored(candidates.docnums, candidates.scores * phrase.boost)


def _position_decoder(field_format: Any) -> Callable[[bytes], set[int]]:
    """A function from a posting's encoded value to its set of word positions."""
    if type(field_format) is formats.Positions:
        # whoosh's Positions value is a 4-byte count and the pickled gaps between positions;
        # decoding it here skips decode_positions' per-position Python loop (~35 % faster)
        return lambda value: set(accumulate(pickle.loads(value[4:])))
    return lambda value: set(field_format.decode_positions(value))


def _read_postings(
    matcher: Any, values: list[bytes] | None = None
) -> tuple[Docnums, npt.NDArray[np.float64]]:
    """One segment's posting list as arrays, block by block where whoosh allows it; with
    ``values``, each posting's encoded value (the word positions) is appended to it."""
    if not hasattr(matcher, "_read_data") or not hasattr(matcher, "_lastblock"):
        ids: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values is not None:
                values.append(matcher.value())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    id_blocks: list[Docnums] = []
    weight_blocks: list[npt.NDArray[np.float64]] = []
    while True:
        matcher._read_data()
        deltas, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        if values is not None:
            values.extend(matcher._data[2])
        id_blocks.append(np.cumsum(np.array(deltas, dtype=np.int64)))
        if block_weights is None:
            weight_blocks.append(np.ones(count))
        elif isinstance(block_weights, float):
            weight_blocks.append(np.full(count, block_weights))
        else:
            weight_blocks.append(np.array(block_weights, dtype=np.float64))
        if matcher._lastblock:
            break
        matcher._next_block()
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


def _leaf_lengths(leaf: Any, fieldname: str) -> npt.NDArray[np.float64]:
    """One segment's field lengths in words (0 for a document without the field)."""
    size = leaf.doc_count_all()
    codes = np.zeros(size, dtype=np.uint8)
    perdoc = getattr(leaf, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is not None and getattr(column, "_fixedlen", None) == 1:
        count = min(size, column._count)
        codes[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
        return _LENGTH_OF_BYTE[codes]
    return np.fromiter(
        (leaf.doc_field_length(docnum, fieldname, 0) or 0 for docnum in range(size)),
        dtype=np.float64,
        count=size,
    )
