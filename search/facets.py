"""Facet counts → the lists a search answers with: the top values, the chosen ones, and
how many were left out.

An engine counts every value of every facet (:attr:`search.engine.Found.facets`); an
archive of 98 municipalities has thousands of committees, and a page or a JSON answer
listing them all is slow to make and unreadable. So, as Datasette truncates facets,
each facet lists its ``size`` most frequent values, plus the values the user chose
(always shown, even outside the top or at 0), and says whether values were left out
(``truncated``) and how many values it has (``total_values``). The cut is made here,
not in an engine, so that every engine gets it from the counts it already returns.

>>> from collections import Counter
>>> counts = {"committee": Counter({"Byrådet": 9, "Økonomiudvalget": 5, "Skolebestyrelsen": 1})}
>>> lists, info = facet_lists(counts, {"committee": ["Skolebestyrelsen"]}, size=1)
>>> [(entry["value"], entry["count"], entry["selected"]) for entry in lists["committee"]]
[('Byrådet', 9, False), ('Skolebestyrelsen', 1, True)]
>>> info["committee"]
{'truncated': True, 'total_values': 3}
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from search.outcomes import outcome_label

#: values per facet when the request does not say (Datasette's default facet size)
DEFAULT_FACET_SIZE = 30
#: facets that are never cut: one value per year, so short, and a chart shows them all
WHOLE_FACETS = frozenset({"year"})
CLOSED_LABELS = {"true": "Lukket", "false": "Åben"}


def facet_label(facet: str, value: str) -> str:
    """The Danish label of a facet value.

    >>> facet_label("closed", "true"), facet_label("committee", "Byrådet")
    ('Lukket', 'Byrådet')
    """
    if facet == "outcome":
        return outcome_label(value)
    if facet == "closed":
        return CLOSED_LABELS.get(value, value)
    return value


def facet_lists(
    counts: Mapping[str, Counter[str]],
    selected: Mapping[str, Sequence[str]],
    size: int | None = DEFAULT_FACET_SIZE,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """({facet: [{value, label, count, selected}]}, {facet: {truncated, total_values}}).

    Values are listed most frequent first (ties by value), years newest first; ``size``
    None lists every value. A chosen value the counts lack is listed at 0.
    """
    lists: dict[str, list[dict[str, Any]]] = {}
    info: dict[str, dict[str, Any]] = {}
    for facet, counter in counts.items():
        chosen = list(selected.get(facet) or ())
        values = dict(counter)
        for value in chosen:
            values.setdefault(value, 0)
        if facet in WHOLE_FACETS:
            order = sorted(values, reverse=True)
        elif size is None or len(values) <= size:
            order = sorted(values, key=lambda v: (-values[v], v))
        else:
            # the top ``size`` without sorting thousands of values; chosen ones follow
            order = heapq.nsmallest(size, values, key=lambda v: (-values[v], v))
            listed = set(order)
            order += sorted((v for v in chosen if v not in listed), key=lambda v: (-values[v], v))
        lists[facet] = [
            {
                "value": value,
                "label": facet_label(facet, value),
                "count": values[value],
                "selected": value in chosen,
            }
            for value in order
        ]
        info[facet] = {"truncated": len(order) < len(values), "total_values": len(values)}
    return lists, info
