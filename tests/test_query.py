"""The query language: what users type never raises and means what they expect."""

from __future__ import annotations

import pytest

from search import querytree as qt
from search.analysis import analyze
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
    assert isinstance(parsed.query, qt.Every)


@pytest.mark.parametrize(
    ("typed", "operator"), [("a ELLER b", qt.Or), ("a OR b", qt.Or), ("kontant ELLER hjælp", qt.Or)]
)
def test_danish_and_english_or(typed: str, operator: type) -> None:
    assert isinstance(
        parse_query(typed.replace("a ", "borger ").replace(" b", " flygtning")).query, operator
    )


@pytest.mark.parametrize(
    "typed", ["frikort IKKE socialt", "frikort NOT socialt", "frikort -socialt"]
)
def test_exclusion(typed: str) -> None:
    assert isinstance(parse_query(typed).query, qt.AndNot)


@pytest.mark.parametrize("typed", ["frikort OG socialt", "frikort AND socialt", "frikort socialt"])
def test_all_words_must_match(typed: str) -> None:
    query = parse_query(typed).query
    if isinstance(query, qt.AndMaybe):  # what ranks beside it (search/together.py)
        query = query.required
    assert isinstance(query, qt.And)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('"frikort"', qt.Term("exact", "frikort")),
        ('"socialt frikort"', qt.Phrase("exact", ("socialt", "frikort"))),
        ('"Socialt  Frikort!"', qt.Phrase("exact", ("socialt", "frikort"))),
        ('"taget til efterretning"', qt.Phrase("exact", ("taget", "til", "efterretning"))),
        ('"budget 2016-2017"', qt.Phrase("exact", ("budget", "2016-2017"))),
        ('"æblerne på Århus"', qt.Phrase("exact", ("ablerne", "pa", "arhus"))),
    ],
)
def test_a_phrase_is_its_exact_words_in_a_row(typed: str, expected: qt.Node) -> None:
    parsed = parse_query(typed)
    assert parsed.query == expected
    assert parsed.exact_phrases


def test_a_phrase_in_a_section_is_the_phrase_in_the_item_and_its_words_in_the_section() -> None:
    parsed = parse_query('titel:"socialt frikort"')
    assert parsed.query == qt.And(
        (
            qt.Phrase("exact", ("socialt", "frikort")),
            *(qt.Term("title", stem, 4.0) for stem in analyze("socialt frikort")),
        )
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('udvalg:"teknik og miljø"', qt.Phrase("committee_text", ("teknik", "miljo"))),
        ('sagsnr:"2018-12345"', qt.Term("case_number", "2018-12345")),
        ('titel:"studietur"', qt.Term("title", "studietur", 4.0)),
    ],
)
def test_phrases_in_phrase_fields_or_one_word(typed: str, expected: qt.Node) -> None:
    assert parse_query(typed).query == expected


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
    assert qt.fields(parse_query(typed).query) == {field}


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [("år:2019", 2019, 2019), ("år:2016..2019", 2016, 2019), ("aar:2019..2016", 2016, 2019)],
)
def test_year_ranges(typed: str, start: int, end: int) -> None:
    assert parse_query(typed).query == qt.Range("year", start, end)


def test_prefix_search_is_folded() -> None:
    assert isinstance(parse_query("økonomi*").query, qt.Or)
    assert "okonomi*" in parse_query("økonomi*").stemmed_terms


def test_unknown_field_prefix_is_searched_as_words() -> None:
    assert {t.text for t in qt.terms(parse_query("http://ballerup").query)} >= {"http"}


def test_long_queries_are_cut_not_refused() -> None:
    parsed = parse_query("frikort " * 1000)
    assert not parsed.empty
    assert len(" ".join(["frikort"] * 1000)[:MAX_QUERY_LENGTH]) == MAX_QUERY_LENGTH


def test_exact_mode_uses_the_unstemmed_field() -> None:
    assert qt.fields(parse_query("flygtninge", exact=True).query) == {"exact"}
