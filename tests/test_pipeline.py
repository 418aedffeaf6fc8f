"""Indexing runs: bad input is reported, good input indexed, nothing indexed is ever lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import search.engines.whoosh.generations as generations
from indexer.pipeline import IndexingError, index_paths
from search.engine import IndexOutdated, IndexUnavailable
from search.engines.whoosh.store import indexed_sources, open_index
from search.service import SearchRequest, SearchService

MINUTES = """Teknik- og Miljøudvalget
Mandag den 3. februar 2020 - kl. 16:00

Punkt 1 Vejbump på Skolevej

Sagsfremstilling

Borgerne ønsker vejbump på Skolevej ved skolen.

Beslutning

Godkendt

Punkt 2 Affaldsordning for sommerhuse

Sagsfremstilling

Ny ordning for affald fra sommerhuse.

Beslutning

Taget til efterretning
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def item_ids(index_dir: str | Path) -> set[str]:
    service = SearchService.open(index_dir)
    try:
        return {hit["id"] for hit in service.search(SearchRequest(limit=100))["results"]}
    finally:
        service.close()


@pytest.fixture
def minutes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    write(folder, "tmu-2020-02-03.txt", MINUTES)
    write(folder, "manifest.toml", '["/"]\norganisation = "Testrup"\n')
    return folder


def test_a_folder_of_minutes_is_indexed(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    report = index_paths([minutes_dir], index_location)
    assert not report.failed
    assert item_ids(index_location) == {
        "testrup/teknik-og-miljoeudvalget/2020-02-03/1",
        "testrup/teknik-og-miljoeudvalget/2020-02-03/2",
    }


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.bin", bytes(range(256)) * 64, "binary"),
        ("no-items.txt", b"Dette er bare en tekst uden punkter.\n", "no"),
        ("broken.xml", b"<?xml version='1.0'?><Meeting><Committee>X", "XML"),
    ],
)
def test_a_bad_file_is_reported_and_the_rest_indexed(
    minutes_dir: Path, tmp_path: Path, index_location: str, name: str, content: bytes, reason: str
) -> None:
    write(minutes_dir, name, content)
    report = index_paths([minutes_dir], index_location)
    bad = next(entry for entry in report.files if entry.path.endswith(name))
    assert bad.status == "failed"
    assert reason.lower() in (bad.error or "").lower()
    assert report.failed
    assert len(item_ids(index_location)) == 2


def test_a_cp1252_file_is_read_with_its_letters(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    write(
        minutes_dir, "tmu-2020-02-03.txt", MINUTES.replace("Skolevej", "Æblevej").encode("cp1252")
    )
    index_paths([minutes_dir], index_location)
    service = SearchService.open(index_location)
    assert service.search(SearchRequest(q="æblevej"))["total"] == 1
    service.close()


def test_a_huge_file_is_refused_with_a_reason(minutes_dir: Path, tmp_path: Path) -> None:
    write(minutes_dir, "huge.txt", b"Punkt 1 Stort\n\n" + b"x" * (50 * 1024 * 1024))
    report = index_paths([minutes_dir], tmp_path / "index")
    huge = next(entry for entry in report.files if entry.path.endswith("huge.txt"))
    assert huge.status == "failed"
    assert "too large" in (huge.error or "")


def test_a_run_whose_files_all_fail_reports_each_and_fails(
    tmp_path: Path, index_location: str
) -> None:
    folder = tmp_path / "junk"
    write(folder, "a.txt", "ingen punkter her")
    report = index_paths([folder], index_location)
    assert report.failed
    assert report.totals()["items"] == 0


def test_a_missing_path_fails_the_run(tmp_path: Path) -> None:
    with pytest.raises(IndexingError, match="none of the given paths exists"):
        index_paths([tmp_path / "nowhere"], tmp_path / "index")


def test_a_run_over_an_empty_folder_fails(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(IndexingError, match="no files found"):
        index_paths([folder], tmp_path / "index")


def test_unchanged_files_are_not_read_again(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    report = index_paths([minutes_dir], index_location)
    assert [entry.status for entry in report.files] == ["unchanged"]


def test_a_changed_file_replaces_its_items(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    write(minutes_dir, "tmu-2020-02-03.txt", MINUTES.split("Punkt 2")[0])
    report = index_paths([minutes_dir], index_location)
    assert report.files[0].status == "indexed"
    assert item_ids(index_location) == {"testrup/teknik-og-miljoeudvalget/2020-02-03/1"}


def test_a_vanished_file_loses_its_items_but_other_paths_keep_theirs(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    other = tmp_path / "other"
    write(other, "oeu.txt", MINUTES.replace("Teknik- og Miljøudvalget", "Økonomiudvalget"))
    write(other, "manifest.toml", '["/"]\norganisation = "Testrup"\n')
    index_paths([minutes_dir], index_location)
    index_paths([other], index_location)
    (minutes_dir / "tmu-2020-02-03.txt").unlink()
    write(minutes_dir, "notes.txt", MINUTES.replace("3. februar", "4. februar"))
    report = index_paths([minutes_dir], index_location)
    assert report.removed == [str((minutes_dir / "tmu-2020-02-03.txt").resolve())]
    ids = item_ids(index_location)
    assert "testrup/oekonomiudvalget/2020-02-03/1" in ids
    assert "testrup/teknik-og-miljoeudvalget/2020-02-03/1" not in ids
    assert "testrup/teknik-og-miljoeudvalget/2020-02-04/1" in ids


def test_a_moved_file_keeps_its_meeting_in_the_same_run(
    minutes_dir: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    (minutes_dir / "tmu-2020-02-03.txt").rename(minutes_dir / "moved.txt")
    report = index_paths([minutes_dir], index_location)
    assert [entry.status for entry in report.files] == ["indexed"]
    assert len(item_ids(index_location)) == 2
    assert [entry.status for entry in index_paths([minutes_dir], index_location).files] == [
        "unchanged"
    ]


def test_a_file_that_now_fails_keeps_its_indexed_items(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    write(minutes_dir, "tmu-2020-02-03.txt", b"\x00\x01 garbage")
    report = index_paths([minutes_dir], index_location)
    assert report.failed
    assert len(item_ids(index_location)) == 2


def test_a_failure_while_writing_leaves_the_index_as_it_was(
    minutes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_paths([minutes_dir], tmp_path / "index")
    write(minutes_dir, "more.txt", MINUTES.replace("3. februar", "5. februar"))
    import whoosh.writing

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "update_document", explode)
    with pytest.raises(RuntimeError):
        index_paths([minutes_dir], tmp_path / "index")
    monkeypatch.undo()
    assert len(item_ids(tmp_path / "index")) == 2
    assert len(indexed_sources(open_index(tmp_path / "index"))) == 1


def test_minutes_replace_the_agenda_of_the_same_meeting(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    agenda_dir = tmp_path / "agenda"
    write(
        agenda_dir,
        "agenda.txt",
        MINUTES.replace("Godkendt", "").replace("Taget til efterretning", ""),
    )
    write(agenda_dir, "manifest.toml", '["/"]\norganisation = "Testrup"\nkind = "dagsorden"\n')
    index_paths([agenda_dir], index_location)
    service = SearchService.open(index_location)
    assert service.get_item("testrup/teknik-og-miljoeudvalget/2020-02-03/1")["kind"] == "dagsorden"
    service.close()
    index_paths([minutes_dir], index_location)
    again = index_paths([agenda_dir], index_location)
    assert again.files[0].status == "skipped"
    service = SearchService.open(index_location)
    item = service.get_item("testrup/teknik-og-miljoeudvalget/2020-02-03/1")
    assert item["kind"] == "referat"
    assert item["outcome"] == "godkendt"
    assert service.search(SearchRequest())["total"] == 2
    service.close()


def test_a_broken_manifest_fails_the_run_with_its_name(minutes_dir: Path, tmp_path: Path) -> None:
    write(minutes_dir, "manifest.toml", '["/"]\ndate = "3. februar"\n')
    with pytest.raises(IndexingError, match=r"manifest\.toml"):
        index_paths([minutes_dir], tmp_path / "index")


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable for this process: file modes, or a read-only bind mount for root."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    # root ignores file modes; a read-only bind mount is a real read-only file system
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_index_folder_gives_a_clear_message(minutes_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    before = sorted(p.name for p in index_dir.iterdir())
    write(minutes_dir, "more.txt", MINUTES.replace("3. februar", "5. februar"))
    command = [
        sys.executable,
        "-m",
        "referat",
        "index",
        str(minutes_dir),
        "--index",
        str(index_dir),
    ]
    with read_only(index_dir):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "not writable" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in index_dir.iterdir()) == before
    assert len(item_ids(index_dir)) == 2


def test_the_report_is_json_ready(minutes_dir: Path, tmp_path: Path) -> None:
    report = index_paths([minutes_dir], tmp_path / "index")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["totals"]["items"] == 2
    assert data["files"][0]["format"] == "text"


def test_opening_a_missing_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match="referat index"):
        SearchService.open(tmp_path / "none")


def test_a_file_without_date_or_committee_is_indexed_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    write(folder, "bare.txt", MINUTES.split("\n", 2)[2])  # no committee line, no date line
    report = index_paths([folder], tmp_path / "index")
    entry = report.files[0]
    assert entry.status == "indexed"
    assert any("no meeting date" in warning for warning in entry.warnings)
    assert any("no committee" in warning for warning in entry.warnings)
    assert entry.meeting_id is not None and "/udateret-" in entry.meeting_id


def test_the_manifest_supplies_what_the_file_lacks(tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    write(folder, "bare.txt", MINUTES.split("\n", 2)[2])
    write(
        folder,
        "manifest.toml",
        '["bare.txt"]\norganisation = "Testrup"\ncommittee = "Økonomiudvalget"\ndate = 2021-03-04\n',
    )
    report = index_paths([folder], tmp_path / "index")
    assert report.files[0].warnings == []
    assert report.files[0].meeting_id == "testrup/oekonomiudvalget/2021-03-04"


def test_an_index_whose_first_run_found_nothing_is_searchable_and_then_fills(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    junk = tmp_path / "junk"
    write(junk, "a.txt", "ingen punkter her")
    index_paths([junk], index_location)
    service = SearchService.open(index_location)
    assert service.search(SearchRequest(q="vejbump"))["total"] == 0
    index_paths([minutes_dir], index_location)
    assert service.search(SearchRequest(q="vejbump"))["total"] == 1  # same service, refreshed
    service.close()


def test_a_committee_name_with_a_slip_joins_the_committee_already_indexed(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    other = tmp_path / "later"
    write(
        other,
        "later.txt",
        MINUTES.replace("Teknik- og Miljøudvalget", "Teknik- og Miljøudvalgt").replace(
            "3. februar", "2. marts"
        ),
    )
    write(other, "manifest.toml", '["/"]\norganisation = "Testrup"\n')
    report = index_paths([other], index_location)
    assert report.files[0].meeting_id == "testrup/teknik-og-miljoeudvalget/2020-03-02"


def test_an_index_of_another_schema_is_refused_until_rebuilt(
    minutes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    with monkeypatch.context() as patch:
        patch.setattr(generations, "INDEX_VERSION", "0")  # as an earlier version wrote it
        index_paths([minutes_dir], index_dir)
    with pytest.raises(IndexOutdated, match="--rebuild"):
        SearchService.open(index_dir)
    with pytest.raises(IndexUnavailable, match="--rebuild"):
        index_paths([minutes_dir], index_dir)
    report = index_paths([minutes_dir], index_dir, rebuild=True)
    assert not report.failed
    assert len(item_ids(index_dir)) == 2


def test_a_rebuild_keeps_only_the_given_paths_and_a_running_searcher_sees_it(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    other = tmp_path / "other"
    write(other, "oeu.txt", MINUTES.replace("Teknik- og Miljøudvalget", "Økonomiudvalget"))
    index_paths([minutes_dir], index_location)
    index_paths([other], index_location)
    service = SearchService.open(index_location)
    assert service.search(SearchRequest())["total"] == 4
    index_paths([other], index_location, rebuild=True)
    assert service.search(SearchRequest())["total"] == 2
    service.close()


def test_a_rebuild_leaves_no_staging_folder_behind(minutes_dir: Path, tmp_path: Path) -> None:
    index_paths([minutes_dir], tmp_path / "index")
    index_paths([minutes_dir], tmp_path / "index", rebuild=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index")]


def test_a_rebuild_from_files_that_all_fail_leaves_the_index_alone(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    index_paths([minutes_dir], index_location)
    junk = tmp_path / "junk"
    write(junk, "a.txt", "ingen punkter")
    with pytest.raises(IndexingError, match="not rebuilt"):
        index_paths([junk], index_location, rebuild=True)
    assert len(item_ids(index_location)) == 2


def test_the_two_process_writer_indexes_the_same_items(
    minutes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import indexer.pipeline

    write(minutes_dir, "second.txt", MINUTES.replace("3. februar", "4. februar"))
    index_paths([minutes_dir], tmp_path / "serial")
    monkeypatch.setattr(indexer.pipeline, "PARALLEL_WRITE_FILES", 1)
    index_paths([minutes_dir], tmp_path / "parallel")
    assert item_ids(tmp_path / "parallel") == item_ids(tmp_path / "serial")
    assert len(item_ids(tmp_path / "parallel")) == 4


def test_the_recency_prior_prefers_the_newer_of_equal_items_and_can_be_turned_off(
    tmp_path: Path,
    index_location: str,
) -> None:
    folder = tmp_path / "years"
    write(folder, "a.txt", MINUTES.replace("2020", "2024"))
    write(folder, "b.txt", MINUTES.replace("2020", "2010"))
    index_paths([folder], index_location)
    service = SearchService.open(index_location)
    newer_first = service.search(SearchRequest(q="vejbump"))["results"]
    assert [hit["date"][:4] for hit in newer_first] == ["2024", "2010"]
    assert newer_first[0]["score"] > newer_first[1]["score"]
    plain = service.search(SearchRequest(q="vejbump", recency=False))["results"]
    assert plain[0]["score"] == plain[1]["score"]
    service.close()


def test_a_running_service_sees_a_rebuild_even_when_its_generation_number_repeats(
    minutes_dir: Path, tmp_path: Path, index_location: str
) -> None:
    other = tmp_path / "other"
    write(
        other,
        "oeu.txt",
        MINUTES.replace("Vejbump", "Fartdæmpning").replace("vejbump", "fartdæmpning"),
    )
    index_paths([minutes_dir], index_location)  # one commit
    service = SearchService.open(index_location)
    assert service.search(SearchRequest(q="vejbump"))["total"] == 1
    index_paths([other], index_location, rebuild=True)  # a fresh index, also one commit
    assert service.search(SearchRequest(q="vejbump"))["total"] == 0
    assert service.search(SearchRequest(q="fartdæmpning"))["total"] == 1
    service.close()
