"""Quoted phrases find exactly the items that contain them, in both engines (Whoosh matches
them through word pairs, OpenSearch through positions).

The oracle is plain Python over the exact analysis of each item's text: an item
matches when the phrase's words stand at consecutive positions (any form of a
position counts, so a number's parts do too).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bench.analysis_fingerprint import corpus_documents
from search.analysis import analyze, exact_analyzer
from search.engines.whoosh.scoring import matching_docnums
from search.engines.whoosh.translate import to_whoosh
from search.query import parse_query
from search.service import SearchRequest, SearchService

TYPED_PHRASES = [
    "taget til efterretning",
    "socialt frikort",
    "frikort socialt",
    "Økonomiudvalget godkendte",
    "oekonomiudvalget godkendte",
    "til til",
    "at at at",
    "budget 2016-2017",
    "2016 budget",
    "indstillingen blev godkendt",
    "ordetfindesikke og heller ikke",
]


CORPUS = Path(__file__).resolve().parent / "fixtures" / "bundled"


@pytest.fixture(scope="module")
def item_positions() -> dict[str, list[set[str]]]:
    """Item id → the forms at each position of its exact text (the test corpus, as the index has it)."""
    items: dict[str, list[set[str]]] = {}
    analyzer = exact_analyzer()
    for document in corpus_documents(CORPUS):
        forms: defaultdict[int, set[str]] = defaultdict(set)
        for token in analyzer(document["exact"], positions=True, mode="index"):
            forms[token.pos].add(token.text)
        items[document["id"]] = [forms[pos] for pos in range(max(forms, default=-1) + 1)]
    return items


def contains(positions: list[set[str]], words: list[str]) -> bool:
    return any(
        all(word in positions[start + k] for k, word in enumerate(words))
        for start in range(len(positions) - len(words) + 1)
    )


def phrases_from_the_corpus(items: dict[str, list[set[str]]]) -> list[str]:
    """Two- to five-word phrases cut from every item, at a spread of places."""
    phrases = []
    for number, positions in enumerate(items.values()):
        for cut in range(3):
            length = 2 + (number + cut) % 4
            if len(positions) <= length:
                continue
            start = (number * 31 + cut * 97) % (len(positions) - length)
            phrases.append(" ".join(sorted(positions[start + k])[0] for k in range(length)))
    return phrases


def matched_ids(service: SearchService, typed: str) -> tuple[set[str], set[str]]:
    """Ids matched by numpy matching and by whoosh's own matchers."""
    searcher, _, arrays = service.engine.snapshot()
    query = to_whoosh(parse_query(f'"{typed}"').query)

    def ids(docnums: Any) -> set[str]:
        return {searcher.stored_fields(int(docnum))["id"] for docnum in docnums}

    return ids(matching_docnums(arrays, query)), ids(searcher.docs_for_query(query))


def found_ids(service: SearchService, typed: str) -> set[str]:
    """Ids the service finds for the quoted phrase, in whichever engine it has."""
    result = service.search(SearchRequest(q=f'"{typed}"', limit=100))
    assert result["total"] <= 100
    return {hit["id"] for hit in result["results"]}


def expected_ids(items: dict[str, list[set[str]]], typed: str) -> set[str]:
    # each typed word's first form: a whole number, not its parts ("2016-2017")
    words = [analyze(word, exact=True)[0] for word in typed.split()]
    return {item_id for item_id, positions in items.items() if contains(positions, words)}


@pytest.mark.parametrize("typed", TYPED_PHRASES)
def test_a_typed_phrase_finds_exactly_the_items_containing_it(
    whoosh_service: SearchService, item_positions: dict[str, list[set[str]]], typed: str
) -> None:
    by_numpy, by_whoosh = matched_ids(whoosh_service, typed)
    expected = expected_ids(item_positions, typed)
    assert by_numpy == expected
    assert by_whoosh == expected


def test_phrases_cut_from_the_corpus_find_exactly_their_items(
    whoosh_service: SearchService, item_positions: dict[str, list[set[str]]]
) -> None:
    phrases = phrases_from_the_corpus(item_positions)
    assert len(phrases) >= 60
    for typed in phrases:
        expected = expected_ids(item_positions, typed)
        assert expected, typed  # the phrase was cut from an item, so that item must match
        by_numpy, by_whoosh = matched_ids(whoosh_service, typed)
        assert by_numpy == expected, typed
        assert by_whoosh == expected, typed


def test_words_one_word_apart_match_only_where_they_also_stand_together(
    whoosh_service: SearchService, item_positions: dict[str, list[set[str]]]
) -> None:
    checked = 0
    for positions in item_positions.values():
        if len(positions) < 8:
            continue
        typed = f"{sorted(positions[3])[0]} {sorted(positions[5])[0]}"
        expected = expected_ids(item_positions, typed)
        by_numpy, by_whoosh = matched_ids(whoosh_service, typed)
        assert by_numpy == by_whoosh == expected, typed
        checked += 1
    assert checked >= 30


def test_a_phrases_pairs_must_stand_in_a_row(
    whoosh_service: SearchService, item_positions: dict[str, list[set[str]]]
) -> None:
    """ "a w c" where an item has "a w" and "w c" at different places, never "a w c"."""
    checked = 0
    for positions in item_positions.values():
        words = [sorted(forms)[0] for forms in positions]
        seen: dict[str, int] = {}
        for j, word in enumerate(words[:-1]):
            i = seen.setdefault(word, j)
            if 0 < i < j - 2:
                typed = f"{words[i - 1]} {word} {words[j + 1]}"
                expected = expected_ids(item_positions, typed)
                by_numpy, by_whoosh = matched_ids(whoosh_service, typed)
                assert by_numpy == by_whoosh == expected, typed
                checked += 1
                break
    assert checked >= 20


@pytest.mark.parametrize("typed", TYPED_PHRASES)
def test_a_typed_phrase_finds_exactly_the_items_containing_it_in_each_engine(
    service: SearchService, item_positions: dict[str, list[set[str]]], typed: str
) -> None:
    assert found_ids(service, typed) == expected_ids(item_positions, typed)


def test_phrases_cut_from_the_corpus_and_words_apart_in_each_engine(
    service: SearchService, item_positions: dict[str, list[set[str]]]
) -> None:
    phrases = phrases_from_the_corpus(item_positions)
    apart = [
        f"{sorted(positions[3])[0]} {sorted(positions[5])[0]}"
        for positions in item_positions.values()
        if len(positions) >= 8
    ]
    assert len(phrases) >= 60 and len(apart) >= 30
    for typed in phrases + apart:
        assert found_ids(service, typed) == expected_ids(item_positions, typed), typed
