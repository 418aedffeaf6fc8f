"""The bundled corpus, indexed: every item with its number, title, flags, committee, date, outcome."""

from __future__ import annotations

import re
from typing import Any

import pytest

from search.service import SearchRequest, SearchService


def summary(service: SearchService) -> dict[str, Any]:
    result = service.search(SearchRequest(limit=100, sort="oldest"))
    assert result["total"] == len(result["results"])
    return {
        hit["id"]: {
            "number": hit["number"],
            "title": hit["title"],
            "closed": hit["closed"],
            "committee": hit["committee"],
            "date": hit["date"],
            "outcome": hit["outcome"],
            "kind": hit["kind"],
        }
        for hit in result["results"]
    }


def test_every_bundled_item_is_indexed_as_expected(service: SearchService, golden: Any) -> None:
    golden.check("bundled-corpus-items", summary(service))


def test_the_two_ballerup_text_meetings_have_9_and_12_items(service: SearchService) -> None:
    for meeting, count in (("2016-11-08", 9), ("2019-05-14", 12)):
        found = service.get_meeting(f"ballerup/erhvervs-og-beskaeftigelsesudvalget/{meeting}")
        assert found is not None
        assert [item["number"] for item in found["items"]] == list(range(1, count + 1))


def test_closed_items_are_marked(service: SearchService) -> None:
    meeting = service.get_meeting("ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14")
    assert meeting is not None
    assert [item["number"] for item in meeting["items"] if item["closed"]] == [11, 12]


def test_facet_counts_add_up_to_the_total(service: SearchService) -> None:
    result = service.search(SearchRequest(q="udvalget"))
    for facet in ("committee", "outcome", "closed"):
        assert sum(entry["count"] for entry in result["facets"][facet]) == result["total"]


def test_selecting_a_facet_value_keeps_the_other_values_counts(service: SearchService) -> None:
    everything = service.search(SearchRequest())
    narrowed = service.search(SearchRequest(committee=["Teknisk Udvalg"]))
    before = {e["value"]: e["count"] for e in everything["facets"]["committee"]}
    after = {e["value"]: e["count"] for e in narrowed["facets"]["committee"]}
    assert before == after
    assert narrowed["total"] == before["Teknisk Udvalg"]


def test_values_of_one_facet_combine_with_or_and_facets_with_and(service: SearchService) -> None:
    a = service.search(SearchRequest(year=["2019"]))["total"]
    b = service.search(SearchRequest(year=["2016"]))["total"]
    assert service.search(SearchRequest(year=["2019", "2016"]))["total"] == a + b
    both = service.search(SearchRequest(year=["2019"], outcome=["godkendt"]))
    assert all(
        hit["outcome"] == "godkendt" and hit["date"].startswith("2019") for hit in both["results"]
    )


@pytest.mark.parametrize("part", ["plan", "bevilling", "indsats"])
def test_a_part_of_a_compound_finds_items_where_it_only_appears_inside_compounds(
    service: SearchService, part: str
) -> None:
    inside_only = []
    for hit in service.search(SearchRequest(q=part, limit=100))["results"]:
        item = service.get_item(hit["id"])
        assert item is not None
        text = " ".join([item["title"], *(s["text"] for s in item["sections"])]).lower()
        standalone = re.search(rf"\b{part}(?:en|er|erne|ens|s|et|ets|ninger)?\b", text)
        if part in text and not standalone:
            inside_only.append(hit["id"])
    assert inside_only, f"no item found where {part!r} only occurs inside a compound"


def test_misspelling_gets_a_suggestion(service: SearchService) -> None:
    result = service.search(SearchRequest(q="kontanthjælb"))
    assert result["total"] == 0
    assert result["suggestion"] == "kontanthjælp"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('titel:"socialt frikort" kontanthjælb', 'titel:"socialt frikort" kontanthjælp'),
        ('"kontanthjælb" ELLER kontanthjælb', '"kontanthjælb" ELLER kontanthjælp'),
        (
            "beslutning:kontanthjælb ELLER kontanthjælb",
            "beslutning:kontanthjælb ELLER kontanthjælp",
        ),
        ('titel:"socialt frikort"', None),  # one hit, and no field name taken for a word
        # the misspelt phrase still finds nothing: a suggestion that finds no more is none
        ('"kontanthjælb" kontanthjælb', None),
        ("asdf", None),  # 'af' is two edits from a four-letter word: no typo
        ("<script>alert(1)</script>", None),  # markup is no misspelling of Danish
    ],
)
def test_suggestions_leave_fields_and_phrases_as_typed(
    service: SearchService, typed: str, expected: str | None
) -> None:
    assert service.search(SearchRequest(q=typed))["suggestion"] == expected


def test_collapsing_folds_items_of_one_case_into_one_hit(service: SearchService) -> None:
    everything = service.search(SearchRequest(limit=100))
    collapsed = service.search(SearchRequest(limit=100, collapse=True))
    assert collapsed["total"] == len(collapsed["results"]) < everything["total"]
    shared = [hit for hit in collapsed["results"] if hit["treatments"] > 1]
    assert shared, "the Aarhus meeting has two items of case EMN-2025-010561"
    assert len({hit["id"] for hit in collapsed["results"]}) == len(collapsed["results"])


def test_the_municipality_name_finds_its_items_even_when_their_text_does_not_say_it(
    service: SearchService,
) -> None:
    result = service.search(SearchRequest(q="ballerup studietur", limit=100))
    assert {hit["id"] for hit in result["results"]} >= {
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"
    }
    only_aarhus = service.search(SearchRequest(q="kommune:aarhus", limit=100))
    assert only_aarhus["total"] == 6
