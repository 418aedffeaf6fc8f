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


class FacetColumns:
    """Per-document facet values of one searcher, as ordinals into each facet's values.

    ``values[facet][0]`` is always ``""`` (no value); ``ordinals[facet][docnum]`` is the
    position of the document's value in ``values[facet]``.
    """

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        self.size: int = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.positions: dict[str, dict[str, int]] = {}
        self.ordinals: dict[str, Ordinals] = {}
        for facet, fieldname in FACET_FIELDS.items():
            raw = _raw_column(reader, fieldname, self.size)
            values = [""]
            by_text = {"": 0}
            by_raw: dict[object, int] = {}
            for distinct in sorted(set(raw), key=repr):
                text = _as_text(distinct)
                if text not in by_text:
                    by_text[text] = len(values)
                    values.append(text)
                by_raw[distinct] = by_text[text]
            self.values[facet] = values
            self.positions[facet] = by_text
            self.ordinals[facet] = np.fromiter(
                (by_raw[value] for value in raw), dtype=np.int32, count=self.size
            )

        # the matter each item belongs to (0: none), for one hit per matter
        self._cases = _date_ordinals(_raw_column(reader, "case_key", self.size))
        self._dates = _date_ordinals(_raw_column(reader, "date", self.size))
        self._numbers = np.fromiter(
            (
                value if isinstance(value, int) else 0
                for value in _raw_column(reader, "number", self.size)
            ),
            dtype=np.int64,
            count=self.size,
        )

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


def _date_ordinals(raw: list[object]) -> npt.NDArray[np.int64]:
    """Each document's value (an ISO date, a case key) as its rank among the distinct
    values (0 when it has none)."""
    texts = [_as_text(value) for value in raw]
    ranks = {text: rank for rank, text in enumerate(sorted(set(texts) - {""}), start=1)}
    ranks[""] = 0
    return np.fromiter((ranks[text] for text in texts), dtype=np.int64, count=len(texts))


def _raw_column(reader: Any, fieldname: str, size: int) -> list[object]:
    """Every document's stored column value, untranslated (bytes or numbers); None if absent.

    Read segment by segment: iterating an untranslated column is several times faster than
    indexing it per document, and a segment written before any of its documents had the
    field has a shorter column (or none), whose missing values are None.
    """
    raw: list[object] = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        values: list[object] = []
        if leaf.has_column(fieldname):
            try:
                values = list(leaf.column_reader(fieldname, translate=False))[:count]
            except TypeError:  # a reader without the translate option
                column = leaf.column_reader(fieldname)
                values = [column[docnum] for docnum in range(count)]
        raw.extend(values)
        raw.extend([None] * (count - len(values)))
    raw.extend([None] * (size - len(raw)))
    return raw


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
