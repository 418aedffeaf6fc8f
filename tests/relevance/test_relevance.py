"""Referat against the judged query sets (read, not copied from Referat's output).

Two sets (bench/judgments.py): judgments.toml over the bundled corpus, and greve.toml over
data/ (Greve's archive). Per query: the items judged "about it" fill the first ten (all of
them when there are at most ten), the marked best item comes first, excluded items are not
found, and a misspelling gets the right suggestion. Per set and per category: recall@10,
MRR and nDCG@10 stay at or above the floors in floors.json.

A query marked ``known_loss`` is one Referat does not win yet: it counts in the figures,
and its per-query check is a strict xfail, so winning it fails the suite until the mark
goes. The services come from one fixture per set (SERVICE_FIXTURES); see conftest.py for
holding another engine to the same judgments.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.judgments import JUDGED_SETS, Judgment, Run, load_set, referat_search
from bench.metrics import Scores, mean, score
from search.analysis import analyze
from search.compounds import CompoundSplitter
from search.service import SearchRequest

SETS: dict[str, list[Judgment]] = {judged.name: load_set(judged) for judged in JUDGED_SETS}
JUDGMENTS = [judgment for judgments in SETS.values() for judgment in judgments]
SERVICE_FIXTURES = {"bundled": "service", "greve": "greve_service"}
FLOORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "floors.json").read_text(encoding="utf-8")
)
METRICS = ("recall@10", "mrr", "ndcg@10")
_runs: dict[tuple[int, str, str], Run] = {}


def _params(judgments: list[Judgment]) -> list[Any]:
    """One test per judgment, a strict xfail where a loss is known."""
    return [
        pytest.param(
            judgment,
            id=f"{judgment.judged_set}:{judgment.key}",
            marks=[pytest.mark.xfail(strict=True, reason=judgment.known_loss)]
            if judgment.known_loss
            else [],
        )
        for judgment in judgments
    ]


@pytest.fixture
def service_for(request: pytest.FixtureRequest) -> Callable[[Judgment], Any]:
    """The search service of a judgment's set."""
    return lambda judgment: request.getfixturevalue(SERVICE_FIXTURES[judgment.judged_set])


@pytest.fixture
def run_of(service_for: Callable[[Judgment], Any]) -> Callable[[Judgment], Run]:
    """A judged query's run on its set's service, run once per service and session."""

    def run(judgment: Judgment) -> Run:
        service = service_for(judgment)
        key = (id(service), judgment.judged_set, judgment.key)
        if key not in _runs:
            _runs[key] = referat_search(service, judgment)
        return _runs[key]

    return run


def test_there_are_enough_judged_queries_in_a_balanced_spread() -> None:
    assert len(SETS["bundled"]) >= 45
    assert len(SETS["greve"]) >= 60
    for judgments in SETS.values():
        assert len({j.key for j in judgments}) == len(judgments)
    categories: dict[str, int] = {}
    for judgment in SETS["greve"]:
        categories[judgment.category] = categories.get(judgment.category, 0) + 1
    assert len(categories) >= 8
    assert min(categories.values()) >= 5
    assert max(categories.values()) <= len(SETS["greve"]) // 4


@pytest.mark.parametrize("name", sorted(SETS))
def test_judged_items_exist(service_for: Callable[[Judgment], Any], name: str) -> None:
    judgments = SETS[name]
    service = service_for(judgments[0])
    judged = {i for j in judgments for i in [*j.relevant, *j.must_not, j.best] if i}
    assert [i for i in sorted(judged) if service.stored_item(i) is None] == []


WITH_ABOUT = [j for j in JUDGMENTS if j.about]


@pytest.mark.parametrize("judgment", _params(WITH_ABOUT))
def test_items_about_the_query_fill_the_first_ten(
    run_of: Callable[[Judgment], Run], judgment: Judgment
) -> None:
    first_ten = run_of(judgment).ranking[:10]
    if len(judgment.about) <= 10:
        assert sorted(judgment.about - set(first_ten)) == []
    else:
        assert [item for item in first_ten if item not in judgment.about] == []
        assert len(first_ten) == 10


WITH_BEST = [j for j in JUDGMENTS if j.best]


@pytest.mark.parametrize("judgment", _params(WITH_BEST))
def test_the_best_item_comes_first(run_of: Callable[[Judgment], Run], judgment: Judgment) -> None:
    assert run_of(judgment).ranking[:1] == [judgment.best]


WITH_EXCLUSIONS = [j for j in JUDGMENTS if j.must_not]


@pytest.mark.parametrize("judgment", _params(WITH_EXCLUSIONS))
def test_excluded_items_are_not_found(
    service_for: Callable[[Judgment], Any], judgment: Judgment
) -> None:
    found = service_for(judgment).search(judgment.request(limit=100))["results"]
    assert sorted({r["id"] for r in found} & set(judgment.must_not)) == []


MISSPELT = [j for j in JUDGMENTS if j.suggestion]


@pytest.mark.parametrize("judgment", _params(MISSPELT))
def test_a_misspelling_gets_the_right_suggestion(
    service_for: Callable[[Judgment], Any], judgment: Judgment
) -> None:
    result = service_for(judgment).search(judgment.request(limit=10))
    assert (result["suggestion"] or "").lower() == (judgment.suggestion or "").lower()


def _figures(run_of: Callable[[Judgment], Run], judgments: list[Judgment]) -> Scores:
    return mean([score(run_of(j).ranking, j.relevant) for j in judgments if j.scored])


FLOORED = [
    (name, category, metric)
    for name, floors in FLOORS.items()
    for category in floors
    for metric in METRICS
]


@pytest.mark.parametrize(("name", "category", "metric"), FLOORED)
def test_the_figures_stay_above_their_floors(
    run_of: Callable[[Judgment], Run], name: str, category: str, metric: str
) -> None:
    judgments = [j for j in SETS[name] if category in ("all", j.category)]
    assert judgments
    figures = _figures(run_of, judgments).as_dict()
    assert figures[metric] >= FLOORS[name][category][metric]


def test_every_category_has_floors() -> None:
    for name, judgments in SETS.items():
        assert {"all"} | {j.category for j in judgments} == set(FLOORS[name])


@pytest.mark.parametrize(
    ("typed", "request_filters"),
    [("Lunas Ark", {"committee": ["Byrådet"], "year": ["2023"]}), ("dispensation", {})],
)
def test_filters_of_a_judgment_reach_the_search(
    typed: str, request_filters: dict[str, list[str]]
) -> None:
    judgment = Judgment(typed, "x", {}, filters={k: tuple(v) for k, v in request_filters.items()})
    request = judgment.request()
    assert isinstance(request, SearchRequest)
    assert {k: v for k, v in request.filters().items() if v} == request_filters


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
