"""Facet counts over the matched items, without scoring them.

Each facet is single-valued per item, so the values of every document are read once
per searcher into an ordinal column (a numpy array of small integers indexing the
facet's distinct values). Counting is then vectorised: the matched document numbers
select their ordinals, one boolean mask per filtered facet says which documents pass
that facet's filter, and ``bincount`` counts. A facet's counts honour the query and
the *other* facets' filters (selecting a committee does not hide the other
committees' counts), so each facet is counted under the AND of the other masks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from search.fields import FACET_FIELDS

Ordinals = npt.NDArray[np.int32]
Docnums = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


#: a segment's column, coded: its distinct raw values and each document's index into them
CodedColumn = tuple[list[object], "npt.NDArray[np.int32]"]
#: coded columns by (segment id, field name): segments never change once written, so a
#: searcher of the next generation reuses what the last one read (an everyday update adds
#: one small segment; reading every column of 100,000 items again took ~0.5 s)
SegmentColumns = dict[tuple[str, str], CodedColumn]


class FacetColumns:
    """Per-document facet values of one searcher, as ordinals into each facet's values.

    ``values[facet][0]`` is always ``""`` (no value); ``ordinals[facet][docnum]`` is the
    position of the document's value in ``values[facet]``. ``cache``: the coded columns of
    segments read before (see :data:`SegmentColumns`); left holding this searcher's only.
    """

    def __init__(self, searcher: Any, cache: SegmentColumns | None = None) -> None:
        reader = searcher.reader()
        self.size: int = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.positions: dict[str, dict[str, int]] = {}
        self.ordinals: dict[str, Ordinals] = {}
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        cache = {} if cache is None else cache
        used: set[tuple[str, str]] = set()

        def coded(fieldname: str) -> CodedColumn:
            return _coded_column(leaves, fieldname, self.size, cache, used)

        for facet, fieldname in FACET_FIELDS.items():
            distinct, codes = coded(fieldname)
            values = [""]
            by_text = {"": 0}
            by_raw: dict[object, int] = {}
            for value in sorted(distinct, key=repr):
                text = _as_text(value)
                if text not in by_text:
                    by_text[text] = len(values)
                    values.append(text)
                by_raw[value] = by_text[text]
            self.values[facet] = values
            self.positions[facet] = by_text
            self.ordinals[facet] = np.array(list(map(by_raw.__getitem__, distinct)), np.int32)[
                codes
            ]

        # the matter each item belongs to (0: none), for one hit per matter
        self._cases = _date_ordinals(*coded("case_key"))
        self._dates = _date_ordinals(*coded("date"))
        distinct, codes = coded("number")
        numbers = [value if isinstance(value, int) else 0 for value in distinct]
        self._numbers = np.array(numbers, dtype=np.int64)[codes]
        for key in set(cache) - used:
            del cache[key]

    def by_date(self, docnums: Docnums, newest: bool) -> Docnums:
        """``docnums`` in meeting-date order (newest or oldest first), then by item number;
        undated items last."""
        dates = self._dates[docnums]
        undated = np.iinfo(np.int64).max
        key = np.where(dates == 0, undated, -dates if newest else dates)
        return docnums[np.lexsort((self._numbers[docnums], key))]

    def first_per_case(self, ordered: Docnums) -> tuple[npt.NDArray[np.intp], int]:
        """Positions in ``ordered`` of the first item of each matter (items without a case
        number are each their own), and how many items that folds away.

        >>> columns = FacetColumns.__new__(FacetColumns)
        >>> columns._cases = np.array([0, 7, 7, 0, 3, 7])
        >>> positions, folded = columns.first_per_case(np.array([5, 0, 1, 3, 4, 2]))
        >>> positions.tolist(), folded
        ([0, 1, 3, 4], 2)
        """
        cases = self._cases[ordered]
        keep = cases == 0
        _, first = np.unique(cases, return_index=True)
        keep[first] = True
        return np.flatnonzero(keep), int(len(ordered) - np.count_nonzero(keep))

    def value(self, facet: str, docnum: int) -> str:
        """One document's value of one facet ("" when it has none)."""
        return self.values[facet][int(self.ordinals[facet][docnum])]


def _date_ordinals(distinct: list[object], codes: npt.NDArray[np.int32]) -> npt.NDArray[np.int64]:
    """Each document's value (an ISO date, a case key) as its rank among the distinct
    values (0 when it has none)."""
    texts = [_as_text(value) for value in distinct]
    ranks = {text: rank for rank, text in enumerate(sorted(set(texts) - {""}), start=1)}
    ranks[""] = 0
    return np.array([ranks[text] for text in texts], dtype=np.int64)[codes]


def _coded_column(
    leaves: list[Any],
    fieldname: str,
    size: int,
    cache: SegmentColumns,
    used: set[tuple[str, str]],
) -> CodedColumn:
    """Every document's stored column value, untranslated (bytes or numbers; None if
    absent), coded as distinct values and indexes; each segment's part from ``cache``
    when it was read before."""
    distinct: dict[object, int] = {}
    parts: list[npt.NDArray[np.int32]] = []
    for leaf in leaves:
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        key = None if segment is None else (segment.segment_id(), fieldname)
        found = cache.get(key) if key else None
        if found is None:
            found = _coded(_raw_column(leaf, fieldname))
            if key:
                cache[key] = found
        if key:
            used.add(key)
        values, codes = found
        mapping = [distinct.setdefault(value, len(distinct)) for value in values]
        parts.append(np.array(mapping, dtype=np.int32)[codes])
    count = sum(map(len, parts))
    if count < size:
        parts.append(np.full(size - count, distinct.setdefault(None, len(distinct)), np.int32))
    codes = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
    return list(distinct), codes


def _coded(raw: list[object]) -> CodedColumn:
    """``raw`` as its distinct values and each one's index into them.

    >>> values, codes = _coded([b"a", None, b"a", 2019])
    >>> values, codes.tolist()
    ([b'a', None, 2019], [0, 1, 0, 2])
    """
    index: dict[object, int] = {}
    codes = np.fromiter(
        (index.setdefault(value, len(index)) for value in raw), dtype=np.int32, count=len(raw)
    )
    return list(index), codes


def _raw_column(leaf: Any, fieldname: str) -> list[object]:
    """One segment's stored column values, untranslated (bytes or numbers); None if absent.

    Iterating an untranslated column is several times faster than indexing it per
    document, and a segment written before any of its documents had the field has a
    shorter column (or none), whose missing values are None.
    """
    count = leaf.doc_count_all()
    values: list[object] = []
    if leaf.has_column(fieldname):
        try:
            values = list(leaf.column_reader(fieldname, translate=False))[:count]
        except TypeError:  # a reader without the translate option
            column = leaf.column_reader(fieldname)
            values = [column[docnum] for docnum in range(count)]
    values.extend([None] * (count - len(values)))
    return values


def _as_text(value: object) -> str:
    """A column value as the facet value the service and pages use.

    >>> _as_text(b"Byr\\xc3\\xa5det"), _as_text(2019), _as_text(0), _as_text(None)
    ('Byrådet', '2019', '', '')
    """
    if value is None or value == 0 or value == b"" or value == "":
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _as_array(docnums: Iterable[int]) -> npt.NDArray[np.int64]:
    if isinstance(docnums, np.ndarray):
        return docnums.astype(np.int64, copy=False)
    if isinstance(docnums, Sequence):
        return np.asarray(docnums, dtype=np.int64)
    return np.fromiter(docnums, dtype=np.int64)


def _masks(
    columns: FacetColumns, matched: Mapping[str, Ordinals], selected: Mapping[str, Sequence[str]]
) -> dict[str, Mask]:
    """Per filtered facet: which of the matched documents have one of the chosen values."""
    masks: dict[str, Mask] = {}
    for facet, ords in matched.items():
        chosen = selected.get(facet) or ()
        if chosen:
            allowed = np.zeros(len(columns.values[facet]), dtype=np.bool_)
            for value in chosen:
                position = columns.positions[facet].get(value)
                if position:
                    allowed[position] = True
            masks[facet] = allowed[ords]
    return masks


def passing(
    columns: FacetColumns, docnums: Iterable[int], selected: Mapping[str, Sequence[str]]
) -> Docnums:
    """The documents of ``docnums`` (order kept) that pass every facet filter."""
    docs = _as_array(docnums)
    mask = passing_mask(columns, docs, selected)
    return docs if mask is None else docs[mask]


def passing_mask(
    columns: FacetColumns, docnums: Docnums, selected: Mapping[str, Sequence[str]]
) -> Mask | None:
    """Which of ``docnums`` pass every facet filter, or None when nothing is filtered."""
    matched = {
        facet: ordinals[docnums]
        for facet, ordinals in columns.ordinals.items()
        if selected.get(facet)
    }
    masks = _masks(columns, matched, selected)
    return np.logical_and.reduce(list(masks.values())) if masks else None


def count_facets(
    columns: FacetColumns,
    docnums: Iterable[int],
    selected: Mapping[str, Sequence[str]],
) -> tuple[int, dict[str, Counter[str]]]:
    """(items passing every filter, {facet: Counter of values among items passing the others}).

    ``selected`` maps a facet to the values chosen for it (OR within a facet, AND across).
    """
    docs = _as_array(docnums)
    matched = {facet: ordinals[docs] for facet, ordinals in columns.ordinals.items()}
    masks = _masks(columns, matched, selected)
    counts: dict[str, Counter[str]] = {}
    for facet, ords in matched.items():
        others = [mask for name, mask in masks.items() if name != facet]
        kept = ords[np.logical_and.reduce(others)] if others else ords
        tally = np.bincount(kept, minlength=len(columns.values[facet]))
        names = columns.values[facet]
        counts[facet] = Counter({names[i]: int(tally[i]) for i in np.flatnonzero(tally) if i != 0})
    if masks:
        total = int(np.count_nonzero(np.logical_and.reduce(list(masks.values()))))
    else:
        total = len(docs)
    return total, counts
