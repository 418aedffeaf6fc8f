"""The query language: what users type never raises and means what they expect."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from search.query import MAX_QUERY_LENGTH, parse_query


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "((",
        ")",
        "IKKE",
        "OR",
        "-",
        "år:",
        "år:abc",
        "titel:",
        ':"',
        "*",
        "a*",
        "\\",
        "\x00",
        "ELLER ELLER",
    ],
)
def test_malformed_input_never_raises(typed: str) -> None:
    parse_query(typed)


def test_empty_query_matches_everything() -> None:
    parsed = parse_query("   ")
    assert parsed.empty
    assert isinstance(parsed.query, wq.Every)


@pytest.mark.parametrize(
    ("typed", "operator"), [("a ELLER b", wq.Or), ("a OR b", wq.Or), ("kontant ELLER hjælp", wq.Or)]
)
def test_danish_and_english_or(typed: str, operator: type) -> None:
    assert isinstance(
        parse_query(typed.replace("a ", "borger ").replace(" b", " flygtning")).query, operator
    )


@pytest.mark.parametrize(
    "typed", ["frikort IKKE socialt", "frikort NOT socialt", "frikort -socialt"]
)
def test_exclusion(typed: str) -> None:
    assert isinstance(parse_query(typed).query, wq.AndNot)


@pytest.mark.parametrize("typed", ["frikort OG socialt", "frikort AND socialt", "frikort socialt"])
def test_all_words_must_match(typed: str) -> None:
    assert isinstance(parse_query(typed).query, wq.And)


def test_a_phrase_searches_the_exact_field() -> None:
    parsed = parse_query('"socialt frikort"')
    assert parsed.query == wq.Phrase("exact", ["socialt", "frikort"])
    assert parsed.exact_phrases


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("titel:studietur", "title"),
        ("beslutning:godkendt", "decision"),
        ("indstilling:drøftes", "recommendation"),
        ("sagsfremstilling:oslo", "casetext"),
        ("udvalg:teknisk", "committee_text"),
    ],
)
def test_danish_field_prefixes(typed: str, field: str) -> None:
    assert {term[0] for term in parse_query(typed).query.iter_all_terms()} == {field}


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [("år:2019", 2019, 2019), ("år:2016..2019", 2016, 2019), ("aar:2019..2016", 2016, 2019)],
)
def test_year_ranges(typed: str, start: int, end: int) -> None:
    assert parse_query(typed).query == wq.NumericRange("year", start, end)


def test_prefix_search_is_folded() -> None:
    assert isinstance(parse_query("økonomi*").query, wq.Or)
    assert "okonomi*" in parse_query("økonomi*").stemmed_terms


def test_unknown_field_prefix_is_searched_as_words() -> None:
    assert {t[1] for t in parse_query("http://ballerup").query.iter_all_terms()} >= {"http"}


def test_long_queries_are_cut_not_refused() -> None:
    parsed = parse_query("frikort " * 1000)
    assert not parsed.empty
    assert len(" ".join(["frikort"] * 1000)[:MAX_QUERY_LENGTH]) == MAX_QUERY_LENGTH


def test_exact_mode_uses_the_unstemmed_field() -> None:
    assert {t[0] for t in parse_query("flygtninge", exact=True).query.iter_all_terms()} == {"exact"}
