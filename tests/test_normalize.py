"""The normalisation stage: canonical committee, outcomes, parsed references, warnings."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from indexer.committees import CommitteeRegistry
from indexer.model import AgendaItem, Attachment, Meeting, Reference, Section
from indexer.normalize import normalize
from indexer.serialize import meeting_to_dict

GOLDEN = Path(__file__).parent / "golden"


def meeting(*items: AgendaItem, **fields: Any) -> Meeting:
    return Meeting(committee="Erhvervs- og Beskæftigelsesudvalget", items=list(items), **fields)


def item(number: int, decision: str = "Indstillingen godkendt", **fields: Any) -> AgendaItem:
    return AgendaItem(number=number, title=f"Punkt {number}", decision=decision, **fields)


# --- the meeting ---------------------------------------------------------------------


def test_returns_the_same_meeting_mutated() -> None:
    original = meeting(item(1))
    assert normalize(original) is original
    assert original.items[0].outcome == "godkendt"


def test_committee_becomes_canonical() -> None:
    result = normalize(Meeting(committee="Erhverv- og Beskæftigelsesudvalgets møde"))
    assert result.committee == "Erhvervs- og Beskæftigelsesudvalget"


def test_committee_resolves_to_known_spelling() -> None:
    registry = CommitteeRegistry(["Erhvervs- og Beskæftigelsesudvalget"])
    result = normalize(Meeting(committee="Erhvervs- og Beskæftigelsesudvalgt"), registry)
    assert result.committee == "Erhvervs- og Beskæftigelsesudvalget"


def test_new_committee_is_added_to_the_registry() -> None:
    registry = CommitteeRegistry()
    normalize(Meeting(committee="TEKNISK UDVALG"), registry)
    assert registry.known == ["Teknisk Udvalg"]


def test_missing_committee_stays_missing() -> None:
    assert normalize(Meeting(committee=None)).committee is None


def test_normalising_twice_changes_nothing_more() -> None:
    once = normalize(meeting(item(1, "Punktet udgik."), item(1), item(4)))
    snapshot = meeting_to_dict(once)
    assert meeting_to_dict(normalize(once)) == snapshot


# --- outcomes ------------------------------------------------------------------------


def test_outcome_remark_and_votes_come_from_the_decision() -> None:
    decision = (
        "For stemte: B, I og C (3)\nImod stemte: Ø, F, V og A (7)\nIndstillingen er forkastet."
    )
    result = normalize(meeting(item(1, decision))).items[0]
    assert (result.outcome, result.decision_remark, result.votes) == (
        "afvist",
        False,
        "For stemte: B, I og C (3) Imod stemte: Ø, F, V og A (7)",
    )


def test_remark_is_flagged() -> None:
    result = normalize(meeting(item(1, "Godkendt med den bemærkning, at der følges op.")))
    assert result.items[0].decision_remark is True


def test_agenda_items_are_ukendt_whatever_the_text() -> None:
    result = normalize(meeting(item(1, "Godkendt"), kind="dagsorden"))
    assert result.items[0].outcome == "ukendt"
    assert result.warnings == []


def test_empty_decision_is_ukendt_without_warning() -> None:
    result = normalize(meeting(item(1, "  \n")))
    assert result.items[0].outcome == "ukendt"
    assert result.warnings == []


def test_unrecognised_wording_is_ukendt_and_warned() -> None:
    result = normalize(meeting(item(1), item(2), item(3), item(4, "Punktet\nudgik.")))
    assert result.items[3].outcome == "ukendt"
    assert result.warnings == ["item 4: unrecognised decision wording: 'Punktet udgik.'"]


def test_long_unrecognised_wording_is_shortened_in_the_warning() -> None:
    result = normalize(meeting(item(1, "Der var foretræde. " * 20)))
    (warning,) = result.warnings
    assert warning.endswith("…'")
    assert len(warning) < 130


def test_reader_stale_outcome_is_replaced() -> None:
    stale = item(1, "Udsat", outcome="godkendt", decision_remark=True, votes="x")
    result = normalize(meeting(stale)).items[0]
    assert (result.outcome, result.decision_remark, result.votes) == ("udsat", False, None)


# --- references ------------------------------------------------------------------------


def test_references_are_parsed_and_keep_their_text() -> None:
    text = "Social- og Sundhedsudvalget den 14. august 2018 Punkt 7"
    result = normalize(meeting(item(5, references=[Reference(text)])))
    assert result.items[0].references == [
        Reference(text, "Social- og Sundhedsudvalget", datetime.date(2018, 8, 14), [7])
    ]


def test_reference_committee_with_slip_resolves_to_known_spelling() -> None:
    registry = CommitteeRegistry(["Erhvervs- og Beskæftigelsesudvalget"])
    ref = Reference("Erhverv- og Beskæftigelsesudvalgt den 17. august 2016 Punkt 2")
    result = normalize(meeting(item(2, references=[ref])), registry)
    assert result.items[0].references[0].committee == "Erhvervs- og Beskæftigelsesudvalget"


def test_unparseable_reference_stays_empty() -> None:
    result = normalize(meeting(item(1, references=[Reference("Se bilag")])))
    assert result.items[0].references == [Reference("Se bilag")]


# --- case numbers and titles ---------------------------------------------------------------


def test_case_number_is_found_in_the_sections() -> None:
    sections = [
        Section("Tekst", "Sagsnr.: 2012-28504\nDok.nr.: 2012-203438"),
        Section("Sagsfremstilling", "Jf. sagsnr. 2010-1"),
    ]
    result = normalize(meeting(item(2, sections=sections)))
    assert result.items[0].case_number == "2012-28504"


def test_case_number_given_by_the_reader_is_kept() -> None:
    sections = [Section("Tekst", "Sagsnr.: 2012-28504")]
    result = normalize(meeting(item(2, sections=sections, case_number="EMN-2025-009242")))
    assert result.items[0].case_number == "EMN-2025-009242"


def test_no_case_number_stays_none() -> None:
    result = normalize(meeting(item(1, sections=[Section("Sagsfremstilling", "Ingen.")])))
    assert result.items[0].case_number is None


def test_titles_are_whitespace_normalised() -> None:
    raw = AgendaItem(3, "  Studietur for Erhvervs- og\nBeskæftigelsesudvalget   til Stockholm ")
    result = normalize(meeting(raw))
    assert (
        result.items[0].title == "Studietur for Erhvervs- og Beskæftigelsesudvalget til Stockholm"
    )


# --- numbering ------------------------------------------------------------------------------


def test_duplicate_item_numbers_are_warned() -> None:
    result = normalize(meeting(item(1), item(2), item(2), item(3)))
    assert result.warnings == ["duplicate item numbers: 2"]


def test_numbering_gaps_are_warned() -> None:
    result = normalize(meeting(item(1), item(2), item(5), item(7)))
    assert result.warnings == ["item numbering has gaps: 3, 4, 6 missing"]


def test_numbering_may_start_above_one() -> None:
    assert normalize(meeting(item(12), item(13), item(14))).warnings == []


def test_items_out_of_order_are_not_a_gap() -> None:
    assert normalize(meeting(item(2), item(1), item(3))).warnings == []


# --- the real corpus, as the readers delivered it (golden files checked by hand) --------------


def _meeting_from_golden(name: str) -> Meeting:
    data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    items = []
    for raw in data.pop("items"):
        raw["sections"] = [Section(**s) for s in raw["sections"]]
        raw["attachments"] = [Attachment(**a) for a in raw["attachments"]]
        raw["references"] = [Reference(r["text"]) for r in raw["references"]]
        items.append(AgendaItem(**raw))
    if data["date"]:
        data["date"] = datetime.date.fromisoformat(data["date"])
    return Meeting(**data, items=items)


T, G, U = "taget-til-efterretning", "godkendt", "udsat"

# Outcomes read by hand from the source files in tests/fixtures/corpus.
CORPUS_OUTCOMES: list[tuple[str, list[str], set[int]]] = [
    ("text-000-ebu-2016-11-08", [T, G, G, G, T, G, T, G, U], {1, 6}),
    ("text-002-ebu-2019-05-14", [T, T, G, T, G, T, G, T, T, T, "ingen", G], {7}),
    ("edoc-ballerup-SFU-2012-12-04", [T, G, "anbefalet", G, G, G, G, T], {7}),
    ("pdf-sfu-2012-12-04", [T, G, "anbefalet", G, G, G, G, T], {7}),
    ("firstagenda-aarhus-TU-2025-10-01", ["ingen", G, U, T, "droeftet", U], set()),
    ("publication-ballerup-KMB-IT-2013-05-15", ["ukendt"] * 5, set()),
]


@pytest.mark.parametrize(("name", "outcomes", "remarks"), CORPUS_OUTCOMES)
def test_corpus_outcomes(name: str, outcomes: list[str], remarks: set[int]) -> None:
    result = normalize(_meeting_from_golden(name))
    assert [i.outcome for i in result.items] == outcomes
    assert {i.number for i in result.items if i.decision_remark} == remarks
    assert not any("unrecognised decision" in w for w in result.warnings)


def test_corpus_firstagenda_references_are_parsed() -> None:
    result = normalize(_meeting_from_golden("firstagenda-aarhus-TU-2025-10-01"))
    parsed = [(r.committee, r.date, r.numbers) for r in result.items[5].references]
    assert parsed == [
        ("Magistraten", datetime.date(2025, 3, 18), [9]),
        ("Byrådet", datetime.date(2025, 3, 26), [14]),
        ("Teknisk Udvalg", datetime.date(2025, 5, 26), [6]),
        ("Teknisk Udvalg", datetime.date(2025, 8, 11), [3]),
    ]


def test_corpus_text_references_are_parsed() -> None:
    result = normalize(_meeting_from_golden("text-002-ebu-2019-05-14"))
    parsed = [(r.committee, r.date, r.numbers) for r in result.items[9].references]
    assert parsed == [("Digitaliserings- og Teknologiudvalget", datetime.date(2019, 2, 26), [4, 5])]
