"""Referat against the judged queries in judgments.toml (read, not copied from Referat's output).

Per query: the items judged "about it" (grade 2) are in the first ten, the marked best item
comes first, excluded items are not found, and a misspelling gets the right suggestion.
Overall: recall@10, MRR and nDCG@10 stay at or above the floors in floors.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.metrics import mean, score
from bench.relevance import Judgment, load_judgments, referat_search
from search.analysis import analyze
from search.compounds import CompoundSplitter
from search.service import SearchRequest

JUDGMENTS = load_judgments()
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def _ids(judgments: list[Judgment]) -> list[str]:
    return [j.q for j in judgments]


def _top(service: Any, query: str, limit: int = 10) -> list[str]:
    return [r["id"] for r in service.search(SearchRequest(q=query, limit=limit))["results"]]


def test_there_are_enough_judged_queries() -> None:
    assert len(JUDGMENTS) >= 45
    assert len({j.q for j in JUDGMENTS}) == len(JUDGMENTS)


def test_judged_items_exist(service: Any) -> None:
    judged = {i for j in JUDGMENTS for i in [*j.relevant, *j.must_not, j.best] if i}
    assert [i for i in sorted(judged) if service.get_item(i) is None] == []


WITH_ABOUT = [j for j in JUDGMENTS if 2 in j.relevant.values()]


@pytest.mark.parametrize("judgment", WITH_ABOUT, ids=_ids(WITH_ABOUT))
def test_items_about_the_query_are_in_the_first_ten(service: Any, judgment: Judgment) -> None:
    ranking = referat_search(service, judgment).ranking[:10]
    about = {item for item, grade in judgment.relevant.items() if grade == 2}
    assert sorted(about - set(ranking)) == []


WITH_BEST = [j for j in JUDGMENTS if j.best]


@pytest.mark.parametrize("judgment", WITH_BEST, ids=_ids(WITH_BEST))
def test_the_best_item_comes_first(service: Any, judgment: Judgment) -> None:
    assert referat_search(service, judgment).ranking[:1] == [judgment.best]


WITH_EXCLUSIONS = [j for j in JUDGMENTS if j.must_not]


@pytest.mark.parametrize("judgment", WITH_EXCLUSIONS, ids=_ids(WITH_EXCLUSIONS))
def test_excluded_items_are_not_found(service: Any, judgment: Judgment) -> None:
    found = set(_top(service, judgment.q, limit=100))
    assert sorted(found & set(judgment.must_not)) == []


MISSPELT = [j for j in JUDGMENTS if j.suggestion]


@pytest.mark.parametrize("judgment", MISSPELT, ids=_ids(MISSPELT))
def test_a_misspelling_gets_the_right_suggestion(service: Any, judgment: Judgment) -> None:
    result = service.search(SearchRequest(q=judgment.q))
    assert (result["suggestion"] or "").lower() == (judgment.suggestion or "").lower()


@pytest.mark.parametrize("metric", ["recall@10", "mrr", "ndcg@10"])
def test_the_aggregate_figures_stay_above_their_floors(service: Any, metric: str) -> None:
    scored = [j for j in JUDGMENTS if j.scored]
    overall = mean([score(referat_search(service, j).ranking, j.relevant) for j in scored])
    assert overall.as_dict()[metric] >= FLOORS[metric]


@pytest.mark.parametrize(
    ("part", "compound"),
    [
        ("affald", "Kampagne klinisk risikoaffald"),
        ("misbrug", "kvalitetsstandard for stofmisbrug"),
        ("rygestop", "Evaluering af rygestopkurser"),
        ("jobafklaring", "borgere i jobafklaringsforløb"),
        ("tillæg", "lokalplantillægget"),
    ],
)
def test_a_part_found_only_inside_compounds_finds_them(part: str, compound: str) -> None:
    from search.analysis import stemmed_analyzer

    indexed = {t.text for t in stemmed_analyzer()(compound, mode="index")}
    assert set(analyze(part)) <= indexed


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("sundhedsvaesen", "det nære sundhedsvæsenet"),
        ("sundhedsvasen", "Sundhedsvæsen"),
        ("oekonomiaftalen", "økonomiaftalen for 2013"),
        ("indsats", "indsatsen"),
    ],
)
def test_every_spelling_and_form_meets_on_one_stem(typed: str, written: str) -> None:
    assert set(analyze(typed)) <= set(analyze(written))


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("rygestop", ["ryge", "stop"]),  # not ryge-s-top
        ("hjemmeside", ["hjemme", "side"]),  # not hjemme-s-ide
        ("høringssvar", ["høring", "svar"]),  # not hørings-s-var
        ("erhvervspark", ["erhverv", "park"]),  # linking s after a consonant stays
    ],
)
def test_a_letter_that_can_start_the_next_word_is_no_linking_element(
    word: str, parts: list[str]
) -> None:
    words = {"ryge", "stop", "top", "hjemme", "side", "ide", "høring", "hørings", "svar"}
    words |= {"var", "erhverv", "park", "spark"}
    assert [p.rstrip("s") for p in CompoundSplitter(words).split(word)[:2]] == parts
