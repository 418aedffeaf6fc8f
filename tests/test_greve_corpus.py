"""The Greve archive in data/, indexed as `make serve` indexes it: invariants over all of it.

What the index holds is checked against counts taken from the JSON files themselves (the
json module and plain string tests, not the reader): every item is found, every "Lukket:"
item is closed and titled without the prefix, decisions get outcomes, one committee has
one name, the organisation comes from the files, case numbers join committees into one
history, and a title found nowhere else finds its item.
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from search.engine import open_engine
from search.service import SearchRequest, SearchService

DATA = Path(__file__).resolve().parent.parent / "data"
GREVE = DATA / "greve-firstagenda-json"
CLOSED_PREFIX = "lukket:"


@dataclass(frozen=True)
class SourceItem:
    """One agenda item as the JSON gives it."""

    file: str
    committee: str
    number: int
    title: str
    case_number: str
    html: str


def source_items() -> list[SourceItem]:
    items = []
    for path in sorted(GREVE.glob("*.json.gz")):
        agenda = json.loads(gzip.decompress(path.read_bytes()))
        for raw in agenda["Dagsordenpunkter"]:
            items.append(
                SourceItem(
                    path.name,
                    agenda["Udvalg"]["Navn"],
                    int(raw["Punktnummer"]),
                    raw["Navn"],
                    raw["SagsNummer"] or "",
                    "".join(field["Html"] or "" for field in raw["Felter"]),
                )
            )
    return items


SOURCE = source_items()


@pytest.fixture(scope="module")
def service(data_service: SearchService) -> SearchService:
    return data_service


@pytest.fixture(scope="module")
def indexed(data_index: Any) -> dict[tuple[str, int], dict[str, Any]]:
    """(file name, item number) → the item as the index stores it (the API's item object)."""
    files = {str(Path(entry.path)): Path(entry.path).name for entry in data_index.report.files}
    found: dict[tuple[str, int], dict[str, Any]] = {}
    engine = open_engine(data_index.path)
    try:
        for indexed_item in engine.all_items():
            item = dict(indexed_item.item)
            if Path(indexed_item.source_path).parent == GREVE.resolve():
                found[(files[indexed_item.source_path], item["number"])] = item
    finally:
        engine.close()
    return found


def test_the_corpus_is_what_its_readme_says() -> None:
    assert len({item.file for item in SOURCE}) == 198
    assert len(SOURCE) == 2882
    assert sum(item.title.lower().startswith(CLOSED_PREFIX) for item in SOURCE) == 185


def test_every_file_of_data_is_indexed(data_index: Any) -> None:
    files = [path for path in DATA.rglob("*") if path.is_file() and path.name != "manifest.toml"]
    statuses = {Path(entry.path).name: entry.status for entry in data_index.report.files}
    assert len(statuses) == len(files)
    assert {name: status for name, status in statuses.items() if status != "indexed"} == {}


def test_every_agenda_item_is_found(indexed: dict[tuple[str, int], dict[str, Any]]) -> None:
    assert sorted(indexed) == sorted((item.file, item.number) for item in SOURCE)


def test_every_closed_item_is_closed_and_titled_without_the_prefix(
    indexed: dict[tuple[str, int], dict[str, Any]],
) -> None:
    for item in SOURCE:
        stored = indexed[(item.file, item.number)]
        is_closed = item.title.lower().startswith(CLOSED_PREFIX)
        assert stored["closed"] is is_closed, (item.file, item.number)
        expected = item.title[len(CLOSED_PREFIX) :].strip() if is_closed else item.title.strip()
        assert stored["title"] == " ".join(expected.split())


def test_a_closed_item_keeps_nothing_but_its_title_and_decision(
    indexed: dict[tuple[str, int], dict[str, Any]],
) -> None:
    closed = [stored for stored in indexed.values() if stored["closed"]]
    assert len(closed) == 185
    for stored in closed:
        assert [s["heading"] for s in stored["sections"]] in ([], ["Beslutning"])
        assert stored["attachment_links"] == [] and stored["references"] == []


def test_at_least_95_percent_of_decided_open_items_have_an_outcome(
    indexed: dict[tuple[str, int], dict[str, Any]],
) -> None:
    decided = [s for s in indexed.values() if not s["closed"] and s["decision"].strip()]
    recognised = [s for s in decided if s["outcome"] != "ukendt"]
    assert len(decided) > 2000
    assert len(recognised) / len(decided) >= 0.95


def test_one_committee_one_name(indexed: dict[tuple[str, int], dict[str, Any]]) -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for item in SOURCE:
        names[item.committee].add(indexed[(item.file, item.number)]["committee"])
    assert all(len(indexed_names) == 1 for indexed_names in names.values())
    canonical = {next(iter(indexed_names)) for indexed_names in names.values()}
    assert len(canonical) == len(names) == 10
    assert not any(re.search(r"\d", name) for name in canonical)  # no term, no year
    assert "Byrådet" in canonical


def test_the_organisation_is_greve_without_a_manifest(
    indexed: dict[tuple[str, int], dict[str, Any]],
) -> None:
    manifest = tomllib.loads((DATA / "manifest.toml").read_text(encoding="utf-8"))
    assert not any(key.startswith(GREVE.name) for key in manifest)
    assert {stored["organisation"] for stored in indexed.values()} == {"Greve"}
    assert all(stored["id"].startswith("greve/") for stored in indexed.values())


def test_items_sharing_a_case_number_across_committees_form_one_history(
    indexed: dict[tuple[str, int], dict[str, Any]], service: SearchService
) -> None:
    groups: dict[str, list[SourceItem]] = defaultdict(list)
    for item in SOURCE:
        if item.case_number:
            groups[item.case_number].append(item)
    across = [group for group in groups.values() if len({i.committee for i in group}) > 1]
    assert len(across) > 300
    for group in across[::7]:
        ids = {indexed[(i.file, i.number)]["id"] for i in group}
        first = service.get_item(sorted(ids)[0])
        assert first is not None
        assert ids <= {step["id"] for step in first["history"]}


def test_a_unique_title_finds_its_item_in_the_top_three(
    indexed: dict[tuple[str, int], dict[str, Any]], service: SearchService
) -> None:
    counts: dict[str, int] = defaultdict(int)
    for stored in indexed.values():
        counts[stored["title"].lower()] += 1
    unique = sorted(
        (stored for stored in indexed.values() if counts[stored["title"].lower()] == 1),
        key=lambda stored: stored["id"],
    )
    assert len(unique) > 500
    missed = []
    for stored in unique[::10]:
        hits = service.search(SearchRequest(q=stored["title"], limit=3))["results"]
        if stored["id"] not in [hit["id"] for hit in hits]:
            missed.append(stored["title"])
    assert missed == []


def test_a_citation_without_an_item_number_links_to_the_cited_meetings_item(
    indexed: dict[tuple[str, int], dict[str, Any]], service: SearchService
) -> None:
    """FirstAgenda's case histories name committee and date only ("Udvalg: Økonomiudvalget
    2022, Dato: 24-01-2022"): the cited meeting's item of the same matter is the link, and a
    meeting that is in the archive is never called "not in the archive"."""
    by_meeting: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for stored in indexed.values():
        by_meeting[stored["meeting_id"]].append(stored)
    citing = sorted(
        (s for s in indexed.values() if any(r.get("meeting") for r in s["references"])),
        key=lambda s: s["id"],
    )
    assert len(citing) > 200
    checked = 0
    for stored in citing[::5]:
        item = service.get_item(stored["id"])
        assert item is not None
        cases = {c.strip() for c in (stored["case_number"] or "").split(",") if c.strip()}
        for reference in item["references"]:
            cited = by_meeting.get(reference.get("meeting") or "", [])
            assert reference["meeting_id"] == (reference["meeting"] if cited else None)
            same = {
                other["id"]
                for other in cited
                if cases & {c.strip() for c in (other["case_number"] or "").split(",")}
            }
            if same and not reference["targets"]:
                assert reference["id"] in same
                assert reference["id"] in {step["id"] for step in item["history"]}
                checked += 1
    assert checked > 50
