"""A damaged index is found, named, refused with one clear message everywhere, and repaired
by a rebuild (issue 16, reproduction 4: flipped bytes gave tracebacks, a 500, "Worker
failed to boot", or went unnoticed, and a plain run said "unchanged")."""

from __future__ import annotations

import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import search.engines.whoosh.merging as merging
import search.engines.whoosh.store as store
import search.engines.whoosh.sums as sums
from indexer.pipeline import index_paths
from search.engine import IndexDamaged, check_index
from search.service import SearchRequest, SearchService

DATA = Path(__file__).resolve().parent / "fixtures" / "bundled"  # the fixed test corpus (40 items)

LATER = DATA / "ballerup-text"

#: (the file to damage, as a glob in the index folder)
FILES = [
    "_referat_*.toc",  # whoosh's table of contents: schema and segments
    "_referat_*.sums",  # Referat's own record of what was written
    "*.year.col",  # a facet column
    "*._exact_len.col",  # field lengths (scores)
    "*._stored.col",  # the stored items
    "*.pst",  # postings
    "*.trm",  # terms
]


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("intact") / "index"
    assert not index_paths([DATA], index_dir).failed
    return index_dir


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the test corpus without its plain-text meetings (a later run adds them)."""
    index_dir = tmp_path_factory.mktemp("partial") / "index"
    folders = [folder for folder in DATA.iterdir() if folder.is_dir() and folder != LATER]
    assert not index_paths(folders, index_dir).failed
    return index_dir


def damaged_copy(intact: Path, tmp_path: Path, pattern: str) -> tuple[Path, str]:
    """A copy of the index with one byte flipped in the middle of the file ``pattern``."""
    index_dir = tmp_path / "index"
    subprocess.run(["cp", "-a", str(intact), str(index_dir)], check=True)
    target = next(index_dir.glob(pattern))
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x20
    target.write_bytes(bytes(data))
    return index_dir, target.name


def referat(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "referat", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("pattern", FILES)
def test_referat_check_names_the_damaged_file(intact: Path, tmp_path: Path, pattern: str) -> None:
    index_dir, name = damaged_copy(intact, tmp_path, pattern)
    result = check_index(index_dir)
    assert not result.ok
    assert [problem.split(":")[0] for problem in result.damaged] == [name]
    done = referat("check", "--index", str(index_dir))
    assert done.returncode == 1
    assert "DAMAGED" in done.stdout and name in done.stdout and "--rebuild" in done.stdout


def test_an_intact_index_passes_the_check(intact: Path) -> None:
    result = check_index(intact)
    assert result.ok and not result.damaged and not result.leftovers
    assert result.items == 40 and result.parts > 10
    done = referat("check", "--index", str(intact), "--json")
    assert done.returncode == 0 and '"ok": true' in done.stdout


@pytest.mark.parametrize("pattern", FILES)
def test_a_damaged_index_is_one_clear_message_on_the_command_line(
    intact: Path, tmp_path: Path, pattern: str
) -> None:
    index_dir, name = damaged_copy(intact, tmp_path, pattern)
    for command in (["search", "borgere"], ["show", "x/y/2019-05-14/6"], ["report"]):
        done = referat(*command, "--index", str(index_dir))
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "is damaged" in done.stderr and name in done.stderr
    served = referat("serve", "--index", str(index_dir), "--port", "1")
    assert served.returncode == 1 and "is damaged" in served.stderr


@pytest.mark.parametrize("pattern", FILES)
def test_a_plain_run_refuses_a_damaged_index_and_a_rebuild_repairs_it(
    intact: Path, tmp_path: Path, pattern: str
) -> None:
    index_dir, _ = damaged_copy(intact, tmp_path, pattern)
    done = referat("index", str(DATA), "--index", str(index_dir))
    assert done.returncode == 1
    assert "is damaged" in done.stderr and "--rebuild" in done.stderr
    assert "unchanged" not in done.stdout
    repaired = referat("index", str(DATA), "--index", str(index_dir), "--rebuild")
    assert repaired.returncode == 0, repaired.stderr
    assert check_index(index_dir).ok and not check_index(index_dir).leftovers
    service = SearchService.open(index_dir)
    assert service.search(SearchRequest())["total"] == 40
    service.close()


@pytest.mark.parametrize("pattern", FILES)
def test_a_damaged_index_is_a_503_page_and_a_json_error(
    intact: Path, tmp_path: Path, pattern: str, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    index_dir, _ = damaged_copy(intact, tmp_path, pattern)
    client = make_app({"INDEX": str(index_dir), "TESTING": True}).test_client()
    page = client.get("/?q=borgere")
    assert page.status_code == 503
    assert "beskadiget" in page.get_data(as_text=True)
    answer = client.get("/api/search?q=borgere")
    assert answer.status_code == 503
    assert "is damaged" in answer.get_json()["error"]


def test_damage_in_a_large_file_is_found_when_a_search_meets_it(
    intact: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # large files are read whole only by a thorough check: opening does not see this
    monkeypatch.setattr(sums, "SMALL_FILE", 0)
    index_dir, name = damaged_copy(intact, tmp_path, "*._stored.col")
    service = SearchService.open(index_dir)
    try:
        with pytest.raises(IndexDamaged, match=name):
            for page in range(1, 5):
                service.search(SearchRequest(page=page))
    finally:
        service.close()


def test_a_plain_run_verifies_every_byte_of_the_segments_it_merges(
    partial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # opening reads only small files whole; merging a segment copies it into new files,
    # which would carry the damage under fresh checksums
    monkeypatch.setattr(sums, "SMALL_FILE", 0)
    monkeypatch.setattr(merging, "small_segments", lambda segments: list(segments))
    index_dir, name = damaged_copy(partial, tmp_path, "*.pst")
    SearchService.open(index_dir).close()  # opening does not read it
    with pytest.raises(IndexDamaged, match=name):
        index_paths([LATER], index_dir)
    assert not check_index(index_dir).ok


def test_damage_in_a_segment_not_merged_is_not_hidden(
    partial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a plain run reads every byte only of what it merges; what it does not merge keeps
    # its recorded checksums, so the damage is still found afterwards
    monkeypatch.setattr(sums, "SMALL_FILE", 0)
    index_dir, name = damaged_copy(partial, tmp_path, "*.pst")
    assert not index_paths([LATER], index_dir, wait=0).failed
    result = check_index(index_dir)
    assert not result.ok and any(name in problem for problem in result.damaged)


@pytest.mark.parametrize("pattern", ["*.pst", "*.trm", "*._stored.col"])
def test_a_plain_run_over_damage_it_does_not_merge_names_it_or_leaves_it_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    # a changed file's items are deleted and looked up in the damaged segment: the run
    # names the damage; nothing is merged into new files, and a check still finds it
    minutes, index_dir = tmp_path / "minutes", tmp_path / "index"
    subprocess.run(["cp", "-a", str(DATA), str(minutes)], check=True)
    assert not index_paths([minutes], index_dir).failed
    monkeypatch.setattr(sums, "SMALL_FILE", 0)
    target = next(index_dir.glob(pattern))
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x20
    target.write_bytes(bytes(data))
    for page in (minutes / "aarhus-firstagenda").iterdir():
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>Et nyt afsnit.</p></body>"))
    outcome = "indexed"
    try:
        report = index_paths([minutes / "aarhus-firstagenda"], index_dir)
        assert [file.status for file in report.files] == ["indexed"]
    except IndexDamaged as error:
        assert target.name in str(error)
        outcome = "damaged"
    assert not check_index(index_dir).ok
    assert outcome in ("indexed", "damaged")


@pytest.mark.parametrize("damaged", [True, False])
def test_an_error_a_plain_run_meets_is_damage_when_the_index_is_damaged(
    intact: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool
) -> None:
    # what reading a damaged block raises (zlib, pickle) says nothing to a librarian
    def unreadable(*_args: object) -> dict[str, str]:
        raise zlib.error("Error -3 while decompressing data: invalid block type")

    monkeypatch.setattr(sums, "SMALL_FILE", 0)
    monkeypatch.setattr(store, "indexed_sources", unreadable)
    if damaged:
        index_dir, name = damaged_copy(intact, tmp_path, "*.pst")
        with pytest.raises(IndexDamaged, match=name):
            index_paths([LATER], index_dir)
    else:
        index_dir = tmp_path / "index"
        subprocess.run(["cp", "-a", str(intact), str(index_dir)], check=True)
        with pytest.raises(zlib.error):  # not damage: the error itself, not hidden
            index_paths([LATER], index_dir)


class _Segment:
    def __init__(self, count: int) -> None:
        self.count = count

    def doc_count_all(self) -> int:
        return self.count

    def close(self) -> None:  # whoosh closes the reader it made of a segment (this, here)
        pass


@pytest.mark.parametrize(
    "counts",
    [
        [100_000],
        [50_000, 50_000, 20, 20, 20, 20, 20],
        [50_000, 50_000, *[20] * 9],
        [50_000, 3, 3, 3, 3, 3, 3],
        [1, 1, 1, 1],
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 40, 9],
        [5_000, 700, 300, 21, 13, 8, 5, 3, 2, 1, 1],
    ],
)
def test_the_merged_segments_are_those_whoosh_merges(
    counts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import whoosh.reading
    from whoosh.writing import MERGE_SMALL

    merged: list[_Segment] = []

    class Recorder:
        storage = schema = None

        def add_reader(self, reader: Any) -> None:
            merged.append(reader)

    monkeypatch.setattr(whoosh.reading, "SegmentReader", lambda _storage, _schema, seg: seg)
    segments = [_Segment(count) for count in counts]
    MERGE_SMALL(Recorder(), segments)
    assert merging.small_segments(segments) == merged


def test_the_engine_and_the_writer_answer_check(intact: Path, tmp_path: Path) -> None:
    from search.engine import open_writer

    service = SearchService.open(intact)
    try:
        assert service.engine.check().ok
    finally:
        service.close()
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(intact), str(copy)], check=True)
    with open_writer(copy) as writer:
        assert writer.check().ok and writer.check().items == 40
        writer.cancel()
    index_dir, name = damaged_copy(intact, tmp_path, "*.year.col")
    with open_writer(index_dir, rebuild=True) as writer:
        assert writer.check().ok  # a rebuild builds on nothing
        writer.cancel()
    with pytest.raises(IndexDamaged, match=name):
        open_writer(index_dir)
