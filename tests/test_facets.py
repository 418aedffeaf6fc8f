"""Facet counting: vectorised counts equal the plain definition, for any filters."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest

from search.engines.whoosh.columns import FacetColumns, count_facets

ORGANISATIONS = ["Aarhus", "Ballerup", "Greve"]
COMMITTEES = ["Økonomiudvalget", "Byrådet", "Teknisk Udvalg", ""]
YEARS = [2016, 2017, 2019, 0]
OUTCOMES = ["godkendt", "udsat", "taget-til-efterretning"]


class _Reader:
    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self._columns = columns

    def doc_count_all(self) -> int:
        return len(next(iter(self._columns.values())))

    def leaf_readers(self) -> list[tuple[_Reader, int]]:
        return [(self, 0)]  # one segment

    def has_column(self, name: str) -> bool:
        return name in self._columns

    def column_reader(self, name: str, translate: bool = True) -> list[Any]:
        return self._columns[name]


class _OldReader(_Reader):
    def column_reader(self, name: str) -> list[Any]:  # type: ignore[override]
        return self._columns[name]


class _Searcher:
    def __init__(self, columns: dict[str, list[Any]], old: bool = False) -> None:
        self._reader = (_OldReader if old else _Reader)(columns)

    def reader(self) -> _Reader:
        return self._reader


def _documents(count: int, seed: int) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    return {
        "organisation": [rng.choice(ORGANISATIONS).encode() for _ in range(count)],
        "committee": [rng.choice(COMMITTEES).encode() for _ in range(count)],
        "year": [rng.choice(YEARS) for _ in range(count)],
        "outcome": [rng.choice(OUTCOMES) for _ in range(count)],
        "closed": [rng.choice(("true", "false")) for _ in range(count)],
    }


def _text(value: Any) -> str:
    if not value:
        return ""
    return value.decode() if isinstance(value, bytes) else str(value)


def _naive(
    docs: dict[str, list[Any]], matched: list[int], selected: Mapping[str, Sequence[str]]
) -> tuple[int, dict[str, Counter[str]]]:
    def passes(doc: int, facet: str) -> bool:
        chosen = selected.get(facet) or ()
        return not chosen or _text(docs[facet][doc]) in chosen

    counts: dict[str, Counter[str]] = {facet: Counter() for facet in docs}
    total = 0
    for doc in matched:
        total += all(passes(doc, facet) for facet in docs)
        for facet in docs:
            if all(passes(doc, other) for other in docs if other != facet):
                value = _text(docs[facet][doc])
                if value:
                    counts[facet][value] += 1
    return total, counts


SELECTIONS: list[dict[str, list[str]]] = [
    {},
    {"committee": ["Byrådet"]},
    {"committee": ["Byrådet", "Teknisk Udvalg"], "year": ["2019"]},
    {"year": ["2016", "2017"], "outcome": ["godkendt"], "closed": ["false"]},
    {"committee": ["Ingen sådan"]},
    {"outcome": ["udsat"], "closed": ["true", "false"]},
    {"organisation": ["Greve"], "committee": ["Byrådet"]},
    {"organisation": ["Aarhus", "Ballerup"], "year": ["2019"]},
]


@pytest.mark.parametrize("selected", SELECTIONS)
def test_counts_equal_the_plain_definition(selected: dict[str, list[str]]) -> None:
    docs = _documents(400, seed=len(str(selected)))
    columns = FacetColumns(_Searcher(docs))
    matched = sorted(random.Random(3).sample(range(400), 250))
    assert count_facets(columns, matched, selected) == _naive(docs, matched, selected)


def test_a_facet_ignores_its_own_filter_but_honours_the_others() -> None:
    docs: dict[str, list[Any]] = {
        "committee": [b"A", b"B", b"A", b"B"],
        "year": [2019, 2019, 2018, 2018],
        "outcome": ["godkendt"] * 4,
        "closed": ["false"] * 4,
    }
    total, counts = count_facets(
        FacetColumns(_Searcher(docs)), range(4), {"committee": ["A"], "year": ["2019"]}
    )
    assert total == 1
    assert counts["committee"] == Counter({"A": 1, "B": 1})
    assert counts["year"] == Counter({"2019": 1, "2018": 1})


def test_documents_without_a_value_are_not_counted() -> None:
    docs: dict[str, list[Any]] = {
        "committee": [b"", b"A"],
        "year": [0, 2019],
        "outcome": ["", "x"],
        "closed": ["", ""],
    }
    total, counts = count_facets(FacetColumns(_Searcher(docs)), [0, 1], {})
    assert total == 2
    assert counts["year"] == Counter({"2019": 1}) and counts["closed"] == Counter()


@pytest.mark.parametrize("docnums", [[], iter([1, 2]), np.array([1, 2]), range(1, 3)])
def test_any_iterable_of_document_numbers_is_accepted(docnums: Any) -> None:
    columns = FacetColumns(_Searcher(_documents(5, seed=1)))
    total, _ = count_facets(columns, docnums, {})
    assert total == (0 if isinstance(docnums, list) else 2)


def test_a_reader_without_untranslated_columns_gives_the_same_counts() -> None:
    docs = _documents(50, seed=2)
    selected = {"year": ["2019"]}
    new = count_facets(FacetColumns(_Searcher(docs)), range(50), selected)
    old = count_facets(FacetColumns(_Searcher(docs, old=True)), range(50), selected)
    assert new == old
