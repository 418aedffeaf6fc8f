"""Facet counts over the matched items, without scoring them.

Each facet is single-valued per item, so the values of every document are read
once per searcher into plain columns; counting is a pass over the matched
document numbers. A facet's counts honour the query and the *other* facets'
filters (selecting a committee does not hide the other committees' counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from search.schema import FACET_FIELDS


class FacetColumns:
    """Per-document facet values of one searcher, as strings ("" when absent)."""

    def __init__(self, searcher: Any) -> None:
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.columns: dict[str, list[str]] = {}
        for facet, fieldname in FACET_FIELDS.items():
            column = reader.column_reader(fieldname) if reader.has_column(fieldname) else None
            values: list[str] = []
            for docnum in range(size):
                value = column[docnum] if column is not None else None
                values.append(_as_text(value))
            self.columns[facet] = values


def _as_text(value: object) -> str:
    if value is None or value == 0 or value == b"" or value == "":
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def count_facets(
    columns: FacetColumns,
    docnums: Iterable[int],
    selected: Mapping[str, Sequence[str]],
) -> tuple[int, dict[str, Counter[str]]]:
    """(items passing every filter, {facet: Counter of values among items passing the others})."""
    facets = list(columns.columns)
    chosen = {facet: set(selected.get(facet) or ()) for facet in facets}
    active = [facet for facet in facets if chosen[facet]]
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in facets}
    total = 0
    cols = columns.columns
    for doc in docnums:
        failed = [facet for facet in active if cols[facet][doc] not in chosen[facet]]
        if len(failed) > 1:
            continue
        if not failed:
            total += 1
            for facet in facets:
                counts[facet][cols[facet][doc]] += 1
        else:
            # passes every filter but its own facet's: counts for that facet only
            counts[failed[0]][cols[failed[0]][doc]] += 1
    for counter in counts.values():
        counter.pop("", None)
    return total, counts
