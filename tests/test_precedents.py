"""Precedents: references become links as soon as the cited meeting is indexed; histories in date order."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from indexer.pipeline import index_paths
from search.service import SearchService

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
LOKALPLAN = "aarhus/teknisk-udvalg/2025-10-01/3"

# Aarhus Byråd, 27 August 2025, item 10: the step the Teknisk Udvalg item cites, here as plain text
BYRAAD = """Aarhus Byråd
Onsdag den 27. august 2025 - kl. 18:30
Byrådssalen, Aarhus Rådhus

Punkt 10 Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup - forslag

Sagsfremstilling

Forslag til lokalplan 1221 for et erhvervsområde ved Kattrup sendes i offentlig høring.

Beslutning

Indstillingen godkendt
"""


def meeting(committee: str, date: str, items: list[tuple[int, str, str, str]]) -> str:
    """Plain-text minutes; items are (number, title, earlier treatments, case number)."""
    day, month, year = date.split("-")
    months = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ]
    lines = [committee, f"Mandag den {int(day)}. {months[int(month) - 1]} {year} - kl. 16:00", ""]
    for number, title, earlier, case in items:
        lines += [f"Punkt {number} {title}", ""]
        if earlier:
            lines += ["Tidligere behandling", "", earlier, ""]
        lines += [
            "Sagsfremstilling",
            "",
            f"Sagen om {title.lower()}. Sagsnr.: {case}" if case else f"Sagen om {title.lower()}.",
            "",
        ]
        lines += ["Beslutning", "", "Godkendt", ""]
    return "\n".join(lines)


def index_folder(folder: Path, files: dict[str, str], index_dir: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.toml").write_text('["/"]\norganisation = "Testrup"\n', encoding="utf-8")
    report = index_paths([folder], index_dir)
    assert not report.failed, report.to_text()


@pytest.fixture
def aarhus_index(tmp_path: Path, index_location: str) -> str:
    source = tmp_path / "aarhus"
    shutil.copytree(CORPUS / "aarhus-firstagenda", source)
    (source / "manifest.toml").write_text('["/"]\norganisation = "Aarhus"\n', encoding="utf-8")
    index_paths([source], index_location)
    return index_location


def test_unresolved_references_keep_their_parsed_meaning(aarhus_index: str) -> None:
    service = SearchService.open(aarhus_index)
    item = service.get_item(LOKALPLAN)
    assert item is not None
    assert [(r["committee"], r["date"], r["numbers"], r["id"]) for r in item["references"]] == [
        ("Magistraten", "2025-08-19", [7], None),
        ("Byrådet", "2025-08-27", [10], None),
        ("Teknisk Udvalg", "2025-09-22", [4], None),
    ]
    assert [step["committee"] for step in item["history"]] == [
        "Magistraten",
        "Byrådet",
        "Teknisk Udvalg",
        "Teknisk Udvalg",
    ]
    service.close()


def test_a_reference_links_once_the_cited_meeting_arrives_in_another_format(
    aarhus_index: str, tmp_path: Path
) -> None:
    byraad = tmp_path / "byraad"
    byraad.mkdir()
    (byraad / "byraad-2025-08-27.txt").write_text(BYRAAD, encoding="utf-8")
    (byraad / "manifest.toml").write_text('["/"]\norganisation = "Aarhus"\n', encoding="utf-8")
    assert not index_paths([byraad], aarhus_index).failed

    service = SearchService.open(aarhus_index)
    item = service.get_item(LOKALPLAN)
    assert item is not None
    assert item["references"][1]["id"] == "aarhus/byraadet/2025-08-27/10"
    history = item["history"]
    assert [step["date"] for step in history] == sorted(step["date"] for step in history)
    byraad_step = next(step for step in history if step["committee"] == "Byrådet")
    assert byraad_step["id"] == "aarhus/byraadet/2025-08-27/10"
    assert byraad_step["outcome"] == "godkendt"

    # and the cited item knows who cited it
    cited = service.get_item("aarhus/byraadet/2025-08-27/10")
    assert cited is not None
    assert LOKALPLAN in [step["id"] for step in cited["history"]]
    service.close()


def test_cycles_self_references_and_missing_items(tmp_path: Path, index_location: str) -> None:
    files = {
        "a.txt": meeting(
            "Økonomiudvalget",
            "01-03-2020",
            [(1, "Skolebyggeri", "Børne- og Ungeudvalget den 2. april 2020 Punkt 1", "")],
        ),
        "b.txt": meeting(
            "Børne- og Ungeudvalget",
            "02-04-2020",
            [
                (
                    1,
                    "Skolebyggeri",
                    "Økonomiudvalget den 1. marts 2020 Punkt 1\nBørne- og Ungeudvalget den 2. april 2020 Punkt 1\nByrådet den 9. maj 2019 Punkt 99",
                    "",
                )
            ],
        ),
    }
    index_folder(tmp_path / "cycle", files, index_location)
    service = SearchService.open(index_location)
    item = service.get_item("testrup/boerne-og-ungeudvalget/2020-04-02/1")
    assert item is not None
    ids = [step["id"] for step in item["history"]]
    assert ids.count("testrup/boerne-og-ungeudvalget/2020-04-02/1") == 1
    assert "testrup/oekonomiudvalget/2020-03-01/1" in ids
    assert None in ids  # Byrådet 2019, not in the archive
    assert [s["date"] for s in item["history"]] == sorted(s["date"] for s in item["history"])
    service.close()


def test_items_sharing_a_case_number_are_one_history(tmp_path: Path, index_location: str) -> None:
    files = {
        "a.txt": meeting(
            "Teknik- og Miljøudvalget",
            "10-01-2021",
            [(3, "Cykelsti langs Ringvejen", "", "2020-12345")],
        ),
        "b.txt": meeting(
            "Økonomiudvalget", "20-01-2021", [(5, "Anlægsbevilling til cykelsti", "", "2020-12345")]
        ),
        "c.txt": meeting(
            "Byrådet",
            "27-01-2021",
            [(7, "Cykelsti, bevilling", "", "2020-12345"), (8, "Andet", "", "2020-99999")],
        ),
    }
    index_folder(tmp_path / "case", files, index_location)
    service = SearchService.open(index_location)
    item = service.get_item("testrup/oekonomiudvalget/2021-01-20/5")
    assert item is not None
    assert [(s["committee"], s["via"]) for s in item["history"]] == [
        ("Teknik- og Miljøudvalget", "case-number"),
        ("Økonomiudvalget", "self"),
        ("Byrådet", "case-number"),
    ]
    service.close()


def test_similar_items_come_from_other_meetings(service: SearchService) -> None:
    # both about ressourceforløb: the coordination of one, the cross-sector development
    item = service.get_item("ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/5")
    assert item is not None
    assert [other["id"] for other in item["similar"]][:1] == [
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2016-11-08/8"
    ]
    assert all(other["id"].rsplit("/", 1)[0] != item["meeting_id"] for other in item["similar"])
    assert {"id", "title", "committee", "date"} <= set(item["similar"][0])


@pytest.mark.parametrize(
    "item_id",
    [
        # Aarhus' development plan for Pier 3: nothing in the bundled archive is about it;
        # more-like-this alone offered "Meddelelser" and rules for buying IT equipment
        "aarhus/teknisk-udvalg/2025-10-01/2",
        # a local plan in Aarhus: only Ballerup's employment and health items are there
        "aarhus/teknisk-udvalg/2025-10-01/3",
        # a study trip to Stockholm: the Oslo trip shares only the word "studietur"
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3",
        # "Meddelelser" (announcements): other meetings' announcements share only the title
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/2",
    ],
)
def test_no_similar_items_rather_than_irrelevant_ones(service: SearchService, item_id: str) -> None:
    item = service.get_item(item_id)
    assert item is not None
    assert item["similar"] == []


def test_the_item_page_shows_the_case_history_with_links(
    aarhus_index: str, tmp_path: Path, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    byraad = tmp_path / "byraad"
    byraad.mkdir()
    (byraad / "byraad.txt").write_text(BYRAAD, encoding="utf-8")
    (byraad / "manifest.toml").write_text('["/"]\norganisation = "Aarhus"\n', encoding="utf-8")
    index_paths([byraad], aarhus_index)
    client = make_app({"TESTING": True, "INDEX": aarhus_index}).test_client()
    page = client.get(f"/punkt/{LOKALPLAN}").get_data(as_text=True)
    history = page[page.index("Sagsforløb") :]
    assert 'href="/punkt/aarhus/byraadet/2025-08-27/10"' in history
    assert (
        history.index("19. august 2025")
        < history.index("27. august 2025")
        < history.index("1. oktober 2025")
    )
    assert "ikke i arkivet" in history
