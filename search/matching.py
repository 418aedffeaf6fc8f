"""Which items match a query, as a numpy array of document numbers, without scoring them.

Totals and facet counts need every match but no score. For the queries people type most
(words, OR, AND, NOT) the posting lists' document numbers are read once each and combined
with numpy set operations, several times faster than whoosh's pure-Python matchers; any
other query (phrases, prefixes, ranges) falls back to whoosh.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq

Docnums = npt.NDArray[np.int64]


class _Unsupported(Exception):
    """The query has a part numpy cannot combine; let whoosh match it."""


def matching_docnums(searcher: Any, query: wq.Query) -> Docnums:
    """Sorted document numbers of the live (not deleted) items matching ``query``."""
    reader = searcher.reader()
    try:
        found = _docnums(reader, query)
    except _Unsupported:
        found = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
        found.sort()
        return found
    if reader.has_deletions():
        return np.setdiff1d(found, _deleted(reader), assume_unique=True)
    return found


def _deleted(reader: Any) -> Docnums:
    """Document numbers deleted but not yet merged away, across the index's segments."""
    parts = [
        np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + offset
        for leaf, offset in reader.leaf_readers()
        if leaf.has_deletions()
    ]
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


def _docnums(reader: Any, query: wq.Query) -> Docnums:
    if isinstance(query, wq.Term):
        if (query.fieldname, query.text) not in reader:
            return np.empty(0, dtype=np.int64)
        ids = reader.postings(query.fieldname, query.text).all_ids()
        return np.fromiter(ids, dtype=np.int64)
    if isinstance(query, wq.Every):
        return np.arange(reader.doc_count_all(), dtype=np.int64)
    if isinstance(query, wq.AndNot):
        return np.setdiff1d(
            _docnums(reader, query.a), _docnums(reader, query.b), assume_unique=True
        )
    if isinstance(query, wq.Or):
        parts = [_docnums(reader, sub) for sub in query.subqueries]
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)
    if isinstance(query, wq.And):
        parts = sorted((_docnums(reader, sub) for sub in query.subqueries), key=len)
        if not parts:
            return np.empty(0, dtype=np.int64)
        result = parts[0]
        for part in parts[1:]:
            result = np.intersect1d(result, part, assume_unique=True)
        return result
    raise _Unsupported(type(query).__name__)
