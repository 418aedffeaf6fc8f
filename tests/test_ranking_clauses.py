"""What a query ranks by beside what it matches: words typed together, words as typed, and
words that name how a matter ended (search/together.py, search/outcomes.py).

Each table holds items written the way Greve's minutes write them; the item the query is
about must come first, and the clauses that only rank must never change what matches.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from indexer.documents import item_document
from indexer.model import AgendaItem, Meeting, Section
from search import querytree as qt
from search.engine import EngineQuery, open_writer
from search.query import parse_query
from search.service import SearchRequest, SearchService
from search.together import WordsTogether

#: (title, case text, decision, outcome) of the items of one small archive
ITEMS = [
    (
        "Klimastrandvej - foranalyse og anlægsoverslag",
        "Klimastrandvej skal sikre Greve mod oversvømmelse. Strandvejen får et spor i hver "
        "retning, og klimastrandvejen hæves.",
        "Anbefales.",
        "anbefalet",
    ),
    (
        "Dispensation til nedrivning af bevaringsværdigt sommerhus på Greve Strandvej 75",
        "Ejeren søger om at rive huset ned og bygge et nyt.",
        "1.-2. Godkendt.",
        "godkendt",
    ),
    (
        "Orientering om udsættelse af udbud af udbygning af idrætsfaciliteter ved Karlslunde "
        "Idrætscenter",
        "Udbuddet er udsat.",
        "Anbefales.",
        "anbefalet",
    ),
    (
        "Greve Idrætscenter",
        "Hallerne i Karlslunde og Tune er selvforvaltende; Greve Idrætscenter er ikke. "
        "Karlslunde Stadion og Greve Idrætscenter deler kunstgræsbanen.",
        "Anbefales.",
        "anbefalet",
    ),
    (
        "Klinteparksvej 5 - Lovliggørende dispensation til regulering af terræn",
        "Ejeren søger dispensation fra lokalplanen til en terrænregulering.",
        "Ikke godkendt.",
        "afvist",
    ),
    (
        "Tilbud til udsatte borgere",
        "Udsatte borgere kan få hjælp, også når en sag om dispensation er udsat.",
        "Godkendt.",
        "godkendt",
    ),
    (
        "Greve Bygade 66 - Dispensation til vinkelhus",
        "Ejeren søger dispensation til et vinkelhus.",
        "Sagen sendes tilbage til administrationen.",
        "udsat",
    ),
    (
        "Implementering af Barnets lov i Greve Kommune og ny organisering af børneområdet",
        "Loven træder i kraft 1. januar 2024.",
        "Godkendt.",
        "godkendt",
    ),
    (
        "Barnets trivsel efter ny lov",
        "Efter dagtilbudsloven skal barnets trivsel vurderes, og barnets forældre høres.",
        "Taget til efterretning.",
        "taget-til-efterretning",
    ),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchService]:
    location = tmp_path_factory.mktemp("ranking") / "index"
    meeting = Meeting(
        organisation="Greve",
        committee="Klima-, Teknik- og Miljøudvalget",
        date=datetime.date(2023, 5, 25),
        source_path="ktmu.json",
    )
    with open_writer(location) as writer:
        for number, (title, text, decision, outcome) in enumerate(ITEMS, start=1):
            sections = [Section("Sagsfremstilling", text), Section("Beslutning", decision)]
            item = AgendaItem(number, title, sections=sections, decision=decision)
            item.outcome = outcome
            writer.add(item_document(meeting, item, "ktmu.json", "hash"))
        writer.commit()
    service = SearchService.open(location)
    yield service
    service.close()


def _titles(service: SearchService, typed: str) -> list[str]:
    results = service.search(SearchRequest(q=typed, recency=False))["results"]
    return [result["title"] for result in results]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        # the address, not the project whose name holds "strandvej"
        (
            "Greve Strandvej",
            "Dispensation til nedrivning af bevaringsværdigt sommerhus på Greve Strandvej 75",
        ),
        # the place named in the title, not another centre in a text that names Karlslunde
        (
            "Karlslunde Idrætscenter",
            "Orientering om udsættelse af udbud af udbygning af idrætsfaciliteter ved "
            "Karlslunde Idrætscenter",
        ),
        (
            "barnets lov",
            "Implementering af Barnets lov i Greve Kommune og ny organisering af børneområdet",
        ),
    ],
)
def test_words_typed_together_rank_the_item_where_they_stand_together_first(
    archive: SearchService, typed: str, first: str
) -> None:
    titles = _titles(archive, typed)
    assert len(titles) >= 2  # the query also matches an item with the words apart
    assert titles[0] == first


def test_a_word_for_an_outcome_finds_the_items_with_that_outcome(archive: SearchService) -> None:
    # the decision says "Ikke godkendt", never "afslag"
    assert _titles(archive, "dispensation afslag") == [
        "Klinteparksvej 5 - Lovliggørende dispensation til regulering af terræn"
    ]
    # the item sent back, and the item whose text says "udsat"
    assert set(_titles(archive, "dispensation udsat")) == {
        "Greve Bygade 66 - Dispensation til vinkelhus",
        "Tilbud til udsatte borgere",
    }


def test_a_word_only_like_an_outcome_word_names_no_outcome(archive: SearchService) -> None:
    # "udsatte" (vulnerable) is no "udsat" (postponed): only the item that says it
    assert _titles(archive, "udsatte dispensation") == ["Tilbud til udsatte borgere"]


@pytest.mark.parametrize(
    "typed",
    [
        "Greve Strandvej",
        "Karlslunde Idrætscenter",
        "barnets lov",
        "nyt plejehjem i Tune",
        "greve -strandvej",
        "greve strandvej ELLER idrætscenter",
        "(greve strandvej) år:2023",
    ],
)
def test_the_ranking_clauses_never_change_what_matches(archive: SearchService, typed: str) -> None:
    parsed = parse_query(typed).query
    required = _without_ranking(parsed)
    engine = archive.engine
    total = engine.search(EngineQuery(parsed, order="newest", count=0)).total
    assert total == engine.search(EngineQuery(required, order="newest", count=0)).total


def _without_ranking(node: qt.Node) -> qt.Node:
    if isinstance(node, qt.AndMaybe):
        return _without_ranking(node.required)
    if isinstance(node, qt.And | qt.Or):
        return type(node)(tuple(_without_ranking(part) for part in node.parts))
    if isinstance(node, qt.AndNot):
        return qt.AndNot(_without_ranking(node.positive), _without_ranking(node.negative))
    return node


@pytest.mark.parametrize(
    ("typed", "pairs"),
    [
        ("Greve Strandvej", [("greve", "strandvej")]),
        ("nyt plejehjem i Tune", [("nyt", "plejehjem"), ("plejehjem", "i"), ("i", "tune")]),
        ("Greve OG Strandvej", []),  # an operator ends a run
        ("greve titel:strandvej", []),  # so does a field
        ('greve "strandvej 75"', []),  # and a phrase
        ("It-sikkerhed politik", [("it", "sikkerhed"), ("sikkerhed", "politik")]),
        ("lokalplan 12.50", [("lokalplan", "12.50")]),
        ("strandvej", []),
    ],
)
def test_the_pairs_are_the_words_typed_next_to_each_other(
    typed: str, pairs: list[tuple[str, str]]
) -> None:
    found = [
        node.words
        for node in _ranking_nodes(parse_query(typed).query)
        if isinstance(node, qt.Phrase) and node.boost != 1.0
    ]
    assert found == pairs


def _ranking_nodes(node: qt.Node) -> list[qt.Node]:
    if isinstance(node, qt.AndMaybe):
        optional = node.optional
        return list(optional.parts) if isinstance(optional, qt.Or) else [optional]
    if isinstance(node, qt.And | qt.Or):
        return [found for part in node.parts for found in _ranking_nodes(part)]
    return []


def test_nothing_typed_together_ranks_nothing() -> None:
    together = WordsTogether()
    together.add([])
    together.add(None)
    assert together.clauses() is None


def test_the_clauses_search_only_fields_of_the_contract() -> None:
    from search.fields import FIELDS_BY_NAME

    for typed in ("Greve Strandvej", "dispensation afslag"):
        assert qt.fields(parse_query(typed).query) <= set(FIELDS_BY_NAME)
