"""Snippet hits: words analysed one at a time mark exactly what the analyzer finds in the text."""

from __future__ import annotations

import json

import pytest

from search.analysis import analyze, exact_analyzer, stemmed_analyzer
from search.query import parse_query
from search.service import SearchService
from search.snippets import find_hits, make_snippet


def hits_by_analysing_the_whole_text(
    text: str, stemmed_terms: set[str], exact_terms: set[str]
) -> list[tuple[int, int, str]]:
    """The oracle: the index's analyzers run over the whole text, as the index sees it."""
    prefixes = tuple(term[:-1] for term in stemmed_terms if term.endswith("*"))
    spans: dict[tuple[int, int], str] = {}
    for token in stemmed_analyzer()(text, chars=True, mode="index", removestops=False):
        hit = token.text in stemmed_terms or (prefixes and token.text.startswith(prefixes))
        if hit and token.endchar <= len(text):
            spans[(token.startchar, token.endchar)] = token.text
    for token in exact_analyzer()(text, chars=True, mode="index"):
        if token.text in exact_terms:
            spans[(token.startchar, token.endchar)] = token.text
    return sorted((start, end, term) for (start, end), term in spans.items())


@pytest.mark.parametrize(
    ("stemmed", "exact"),
    [
        ({"borg", "kontanthjalp", "hjalp"}, set()),
        ({"udvalg*", "plan"}, {"til", "efterretning"}),
        ({"fleksjob", "2019", "2016"}, {"social", "frikort"}),
    ],
)
def test_hits_equal_the_whole_text_analysis(
    whoosh_service: SearchService, stemmed: set[str], exact: set[str]
) -> None:
    searcher = whoosh_service.engine.snapshot().searcher
    checked = 0
    for docnum in range(searcher.doc_count_all()):
        item = json.loads(searcher.stored_fields(docnum)["payload"])
        for text in [item["title"], *(section["text"] for section in item["sections"])]:
            terms = stemmed | set(analyze(text)[:3])  # words that are surely there
            expected = hits_by_analysing_the_whole_text(text, terms, exact)
            assert find_hits(text, terms, exact) == expected, text[:80]
            checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        ("Lokalplanforslaget for Kattrup", {"plan"}, "<mark>Lokalplanforslaget</mark>"),
        ("Budget 2016-2017 vedtaget", {"2016"}, "<mark>2016-2017</mark>"),
        ("Kontanthjælpsmodtagere og flygtninge", {"flygtning"}, "<mark>flygtninge</mark>"),
    ],
)
def test_snippet_marks_whole_words(text: str, terms: set[str], marked: str) -> None:
    assert marked in make_snippet([("Sagsfremstilling", text)], terms, set())


@pytest.mark.parametrize(
    ("typed", "text", "marked"),
    [
        (
            '"taget til efterretning"',
            "Sendt til udvalget. Orienteringen blev taget til efterretning.",
            "Sendt til udvalget. Orienteringen blev "
            "<mark>taget</mark> <mark>til</mark> <mark>efterretning</mark>.",
        ),
        (
            '"socialt frikort" borgere',
            "Borgere fik et socialt tilbud og et frikort; socialt frikort.",
            "<mark>Borgere</mark> fik et socialt tilbud og et frikort; "
            "<mark>socialt</mark> <mark>frikort</mark>.",
        ),
        ('"frikort socialt"', "Et socialt frikort.", "Et socialt frikort."),
        (
            '"Budget 2016"',
            "Budget 2016-2017 vedtaget",
            "<mark>Budget</mark> <mark>2016-2017</mark>",
        ),
    ],
)
def test_a_phrase_is_marked_only_where_its_words_stand_together(
    typed: str, text: str, marked: str
) -> None:
    parsed = parse_query(typed)
    snippet = make_snippet(
        [("Beslutning", text)], parsed.stemmed_terms, parsed.exact_terms, parsed.phrases
    )
    assert marked in snippet
