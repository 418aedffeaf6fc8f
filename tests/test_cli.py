"""The `referat` command, end to end over the bundled corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from referat.cli import main

ITEM_KEYS = {
    "id", "meeting_id", "organisation", "committee", "date", "time", "place", "number", "title",
    "closed", "outcome", "decision", "decided_by", "case_number", "attachments", "sections",
    "references", "source",
}  # fmt: skip
RESULT_KEYS = {
    "id",
    "organisation",
    "committee",
    "date",
    "number",
    "title",
    "outcome",
    "closed",
    "snippet",
    "score",
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def search_json(index: str, *args: str) -> dict:  # type: ignore[type-arg]
    code, output = run("search", *args, "--json", "--index", str(index))
    assert code == 0, output
    return json.loads(output)


def test_search_json_follows_the_contract(bundled_index: str) -> None:
    result = search_json(bundled_index, "socialt frikort")
    assert {"query", "total", "page", "limit", "results", "facets"} <= set(result)
    assert result["total"] >= 1
    assert set(result["results"][0]) >= RESULT_KEYS
    assert result["results"][0]["id"] == "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6"
    assert "<mark>" in result["results"][0]["snippet"]
    assert set(result["facets"]) >= {"committee", "year", "outcome"}


def test_filters_narrow_and_facets_agree(bundled_index: str) -> None:
    result = search_json(
        bundled_index,
        "kontanthjælp",
        "--committee",
        "Erhvervs- og Beskæftigelsesudvalget",
        "--year",
        "2016",
    )
    assert result["total"] >= 1
    for hit in result["results"]:
        assert hit["committee"] == "Erhvervs- og Beskæftigelsesudvalget"
        assert hit["date"].startswith("2016")
    years = {entry["value"]: entry for entry in result["facets"]["year"]}
    assert years["2016"]["selected"] and years["2016"]["count"] == result["total"]
    assert sum(e["count"] for e in result["facets"]["outcome"]) == result["total"]


@pytest.mark.parametrize(
    ("query", "expected_word"), [("flygtning", "flygtninge"), ("virksomhed", "virksomhederne")]
)
def test_inflections_are_found(bundled_index: str, query: str, expected_word: str) -> None:
    result = search_json(bundled_index, query, "--limit", "100")
    assert result["total"] >= 1
    assert any(
        expected_word in hit["snippet"].lower() or query in hit["snippet"].lower()
        for hit in result["results"]
    )


def test_folded_spelling_finds_the_same_items(bundled_index: str) -> None:
    written = search_json(bundled_index, "økonomi", "--limit", "100")
    typed = search_json(bundled_index, "oekonomi", "--limit", "100")
    assert written["total"] > 0
    assert {h["id"] for h in written["results"]} == {h["id"] for h in typed["results"]}


def test_empty_query_with_filter_lists_newest_first(bundled_index: str) -> None:
    result = search_json(
        bundled_index, "", "--committee", "Erhvervs- og Beskæftigelsesudvalget", "--limit", "100"
    )
    assert result["total"] == 21
    dates = [hit["date"] for hit in result["results"]]
    assert dates == sorted(dates, reverse=True)


def test_show_json_is_the_item_object(bundled_index: str) -> None:
    code, output = run(
        "show",
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6",
        "--json",
        "--index",
        str(bundled_index),
    )
    assert code == 0
    item = json.loads(output)
    assert set(item) >= ITEM_KEYS
    assert item["meeting_id"] == "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14"
    assert [s["heading"] for s in item["sections"]][-1] == "Beslutning"


def test_show_human_output_has_sections(bundled_index: str) -> None:
    code, output = run(
        "show",
        "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3",
        "--index",
        str(bundled_index),
    )
    assert code == 0
    assert "Stockholm" in output and "Beslutning" in output


def test_unknown_item_is_a_clear_error(bundled_index: str) -> None:
    code, output = run("show", "ballerup/nope/2019-01-01/1", "--index", str(bundled_index))
    assert code == 1
    assert "no item with id" in output


def test_searching_without_an_index_explains_what_to_do(missing_location: str) -> None:
    code, output = run("search", "frikort", "--index", missing_location)
    assert code == 1
    assert "referat index" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outcome", "maybe"], "--outcome"),
        (["--year", "19"], "--year"),
        (["--limit", "0"], "--limit"),
    ],
)
def test_bad_options_are_usage_errors(bundled_index: str, args: list[str], message: str) -> None:
    code, output = run("search", "x", *args, "--index", str(bundled_index))
    assert code == 2
    assert message in output


def test_the_installed_command_indexes_and_searches(index_location: str) -> None:
    corpus = Path(__file__).resolve().parent / "fixtures" / "bundled"
    index = index_location
    done = subprocess.run(
        [sys.executable, "-m", "referat", "index", str(corpus), "--index", index],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # the eDoc PDF is the meeting its XML already gave
    assert "6 files: 5 indexed, 0 unchanged, 1 skipped, 0 failed" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "referat", "search", "studietur", "--index", index],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "Stockholm" in done.stdout


def test_report_shows_coverage_and_what_needs_a_look(bundled_index: str) -> None:
    code, output = run("report", "--json", "--index", str(bundled_index))
    assert code == 0
    report = json.loads(output)
    assert report["totals"] == {"items": 40, "meetings": 5, "files": 5}
    assert report["coverage"]["Ballerup"]["Erhvervs- og Beskæftigelsesudvalget"] == {
        "2016": 9,
        "2019": 12,
    }
    assert report["agendas"] == ["ballerup/kmb-it-udvalget/2013-05-15"]
    assert sum(report["outcomes"].values()) == 40


def test_report_lists_unrecognised_decisions_and_files_with_warnings(
    tmp_path: Path, index_location: str
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "odd.txt").write_text(
        "Punkt 1 Noget\n\nBeslutning\n\nFormanden gik hjem.\n", encoding="utf-8"
    )
    run("index", str(folder), "--index", index_location)
    code, output = run("report", "--index", index_location)
    assert code == 0
    assert "Formanden gik hjem." in output
    assert "Undated meetings" in output
    assert "no meeting date found" in output


def test_report_says_which_values_were_guessed_and_from_where(
    tmp_path: Path, index_location: str
) -> None:
    folder = tmp_path / "syddjurs"
    folder.mkdir()
    (folder / "referat.txt").write_text(
        "Teknik- og Miljøudvalget\nTirsdag den 4. marts 2014 kl. 16:00\n\n"
        "Punkt 1 Vejplan\n\nSagsfremstilling\nSyddjurs Kommune udbygger vejnettet.\n\n"
        "Beslutning\nGodkendt.\n",
        encoding="utf-8",
    )
    run("index", str(folder), "--index", index_location)
    code, output = run("report", "--json", "--index", index_location)
    assert code == 0
    (entry,) = json.loads(output)["guessed_values"]
    assert entry["meeting"] == "syddjurs/teknik-og-miljoeudvalget/2014-03-04"
    assert entry["guessed"] == {
        "organisation": {"value": "Syddjurs", "from": "text: 'Syddjurs Kommune'"}
    }
    code, output = run("report", "--index", index_location)
    assert "organisation = 'Syddjurs', from text: 'Syddjurs Kommune'" in output
