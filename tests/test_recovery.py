"""Referat recovers by itself: locks die with their owner, runs clean up after killed ones,
and searchers keep answering while a new generation is published."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.pipeline import index_paths
from search.engine import IndexBusy, check_index
from search.engines.whoosh.lock import WriteLock, is_locked
from search.engines.whoosh.sums import latest_generation
from search.service import SearchRequest, SearchService
from tests.test_pipeline import MINUTES, item_ids, write

DATA = Path(__file__).resolve().parent / "fixtures" / "bundled"  # the fixed test corpus (40 items)


def referat(*args: str) -> subprocess.CompletedProcess[str]:
    """``referat ARGS`` run to its end in a process of its own."""
    command = [sys.executable, "-m", "referat", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def start_referat(*args: str) -> subprocess.Popen[str]:
    """``referat ARGS`` started in a process of its own (wait with ``communicate``)."""
    command = [sys.executable, "-m", "referat", *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return bool(callable(condition) and condition())


@pytest.fixture
def minutes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    write(folder, "tmu-2020-02-03.txt", MINUTES)
    write(folder, "manifest.toml", '["/"]\norganisation = "Testrup"\n')
    return folder


def test_a_second_writer_waits_a_bounded_time_then_says_who_is_writing(
    minutes_dir: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    with WriteLock(index_dir, wait=0):
        started = time.monotonic()
        with pytest.raises(IndexBusy, match=rf"another process is writing .*pid {os.getpid()}"):
            index_paths([minutes_dir], index_dir, wait=0.5)
        assert time.monotonic() - started >= 0.5
        done = referat("index", str(minutes_dir), "--index", str(index_dir), "--wait", "0")
        assert done.returncode == 1
        assert "another process is writing" in done.stderr and "Traceback" not in done.stderr


def test_a_rebuild_takes_the_write_lock_too(minutes_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    with WriteLock(index_dir, wait=0), pytest.raises(IndexBusy):
        index_paths([DATA], index_dir, rebuild=True, wait=0.2)
    assert len(item_ids(index_dir)) == 2


def test_a_run_that_overlaps_a_rebuild_waits_for_it_and_keeps_its_work(
    generated_minutes: Path, minutes_dir: Path, tmp_path: Path
) -> None:
    # reproduction 2: the run's items vanished when the rebuild was swapped in, and both
    # runs exited 0
    index_dir = tmp_path / "index"
    index_paths([DATA], index_dir)
    rebuild = start_referat("index", str(generated_minutes), "--index", str(index_dir), "--rebuild")
    until(lambda: is_locked(index_dir), 30)
    run = referat("index", str(minutes_dir), "--index", str(index_dir), "--wait", "300")
    rebuild.communicate(timeout=300)
    assert rebuild.returncode == 0 and run.returncode == 0, run.stderr
    service = SearchService.open(index_dir)
    try:
        assert service.get_item("testrup/teknik-og-miljoeudvalget/2020-02-03/1")  # the run's work
        assert service.search(SearchRequest())["total"] > 800  # and the rebuild's
    finally:
        service.close()


def writing_in_two_processes(generated: Path, index_dir: Path) -> subprocess.Popen[str]:
    """A run over ``generated`` into ``index_dir``, once its two writer processes work."""
    run = start_referat("index", str(generated), "--index", str(index_dir))
    assert until(lambda: len(children_of(run.pid)) >= 2, 120), "no writer processes started"
    return run


def test_a_killed_two_process_run_leaves_the_index_free_at_once(
    generated_minutes: Path, minutes_dir: Path, tmp_path: Path
) -> None:
    # reproduction 1: the killed run's writer processes slept on and held the lock for good
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    run = writing_in_two_processes(generated_minutes, index_dir)
    writers = children_of(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate()
    assert until(lambda: not any(alive(pid) for pid in writers), 10)
    assert not is_locked(index_dir)
    done = referat("index", str(minutes_dir), "--index", str(index_dir), "--wait", "0")
    assert done.returncode == 0, done.stderr
    assert check_index(index_dir).ok
    assert not check_index(index_dir).leftovers


def test_a_writer_process_that_dies_fails_the_run_instead_of_losing_its_items(
    generated_minutes: Path, minutes_dir: Path, tmp_path: Path
) -> None:
    # as the OOM killer would: whoosh waited for it forever, or committed without its segment
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    run = writing_in_two_processes(generated_minutes, index_dir)
    os.kill(children_of(run.pid)[0], signal.SIGKILL)
    _, stderr = run.communicate(timeout=300)
    assert run.returncode == 1
    assert "a writer process ended" in stderr and "nothing was changed" in stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1
    assert len(item_ids(index_dir)) == 2
    assert not check_index(index_dir).leftovers


def leave_leftovers(index_dir: Path) -> dict[str, Path]:
    """What killed and failed runs left, as each kind of run leaves it."""
    (index_dir / "referat.tmp").mkdir()
    write(index_dir / "referat.tmp", "k3x9.ctmp", b"\0" * 4096)  # whoosh's column scratch
    write(index_dir / "referat.tmp", "q1.doclist", b"\0" * 4096)  # a job for a writer process
    write(index_dir, "referat_unfinished0.pst", b"\0" * 4096)  # a segment never published
    write(index_dir, "referat_unfinished0.year.col", b"\0" * 64)
    write(index_dir, f"_referat_{latest_generation(index_dir) + 1}.toc.1733000000.5", b"\0")
    write(index_dir / "referat.commit", "_referat_9.toc", b"\0")
    probe = subprocess.Popen(["true"])
    probe.wait()
    dead = probe.pid  # a process that has ended
    staging = index_dir.parent / f".{index_dir.name}.rebuild-{dead}"  # earlier versions' rebuild
    retired = index_dir.parent / f".{index_dir.name}.old-{dead}"
    live = index_dir.parent / f".{index_dir.name}.rebuild-{os.getpid()}"
    for folder in (staging, retired, live):
        write(folder, "referat_x.pst", b"\0" * 4096)
    return {"staging": staging, "retired": retired, "live": live}


def test_what_killed_runs_left_is_removed_by_the_next_run(
    minutes_dir: Path, tmp_path: Path
) -> None:
    # reproductions 3 and 7: unfinished files filled the disk, staging folders stayed
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    before = sorted(path.name for path in index_dir.iterdir())
    siblings = leave_leftovers(index_dir)
    assert check_index(index_dir).ok
    assert len(check_index(index_dir).leftovers) == 5
    report = index_paths([minutes_dir], index_dir)
    assert [entry.status for entry in report.files] == ["unchanged"]
    assert sorted(path.name for path in index_dir.iterdir()) == before
    assert not siblings["staging"].exists() and not siblings["retired"].exists()
    assert siblings["live"].exists()  # its process is alive: never touched
    assert len(item_ids(index_dir)) == 2


def test_nothing_is_removed_while_another_process_holds_the_lock(
    minutes_dir: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    leave_leftovers(index_dir)
    listing = sorted(path.name for path in index_dir.iterdir())
    with WriteLock(index_dir, wait=0), pytest.raises(IndexBusy):
        index_paths([minutes_dir], index_dir, wait=0)
    assert sorted(path.name for path in index_dir.iterdir()) == listing


@contextmanager
def mount_point(folder: Path) -> Iterator[None]:
    """``folder`` as a file system of its own (tmpfs; needs root), else as it is."""
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        yield
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_rebuild_works_when_the_index_folder_is_a_mount_point(
    minutes_dir: Path, tmp_path: Path
) -> None:
    # reproduction 3: the rebuild renamed the index folder: [Errno 16] Device or resource busy
    index_dir = tmp_path / "index"
    with mount_point(index_dir):
        folder = index_dir.stat().st_ino
        index_paths([minutes_dir], index_dir)
        report = index_paths([DATA], index_dir, rebuild=True)
        assert not report.failed
        assert index_dir.stat().st_ino == folder  # the folder itself never moves
        assert "testrup/teknik-og-miljoeudvalget/2020-02-03/1" not in item_ids(index_dir)
        assert check_index(index_dir).ok and not check_index(index_dir).leftovers
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index")]


def test_a_searcher_finishes_on_its_generation_after_a_rebuild_removed_its_files(
    minutes_dir: Path, tmp_path: Path
) -> None:
    from search.engines.whoosh.scoring import score_matches
    from search.engines.whoosh.translate import to_whoosh
    from search.query import parse_query

    index_dir = tmp_path / "index"
    index_paths([minutes_dir], index_dir)
    service = SearchService.open(index_dir)
    try:
        searcher, _, arrays = service.engine.snapshot()  # a request in progress
        index_paths([DATA], index_dir, rebuild=True)  # removes every file it had
        query = to_whoosh(parse_query("sagsfremstilling:affald").query)  # lengths not read yet
        found = score_matches(arrays, query)
        assert found is not None and len(found.docnums) == 1
        assert searcher.stored_fields(int(found.docnums[0]))["id"].endswith("2020-02-03/2")
        # the next request is answered from the new generation
        assert "testrup/teknik-og-miljoeudvalget/2020-02-03/1" not in {
            hit["id"] for hit in service.search(SearchRequest(limit=100))["results"]
        }
    finally:
        service.close()


def test_a_new_index_in_a_folder_of_other_files_leaves_them_alone(
    minutes_dir: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "shared"
    write(index_dir, "notes.txt", "mine")
    write(index_dir, "referat.txt", "also mine")
    index_paths([minutes_dir], index_dir)
    index_paths([DATA], index_dir, rebuild=True)
    assert (index_dir / "notes.txt").read_text() == "mine"
    assert (index_dir / "referat.txt").exists()
    shutil.rmtree(index_dir)
