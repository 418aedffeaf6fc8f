"""Fault injection: indexing killed at random points, and a disk that fills up.

After every kill, searchers see the old or the new state (never a mix, never an error),
the next run succeeds with no manual step, and nothing of the killed run is left. Runs
one- and two-process writers, incremental runs and rebuilds, over a corpus made by
bench.generate. Marked ``faults``: ``pytest -m faults`` runs these alone (~1–2 min).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from indexer.pipeline import PARALLEL_WRITE_FILES
from search.engine import check_index
from search.engines.whoosh.lock import is_locked
from search.service import SearchRequest, SearchService
from tests.test_recovery import alive, children_of, until

pytestmark = pytest.mark.faults

DATA = Path(__file__).resolve().parent / "fixtures" / "bundled"  # the fixed test corpus (40 items)
#: per path (one process, two processes): incremental runs and rebuilds, 10 kills in all
KILLS = [False, True, False, True, False]  # rebuild?
SEED = int(os.environ.get("REFERAT_FAULT_SEED", "16"))
#: files of each archive: the two-process writer starts at PARALLEL_WRITE_FILES
FILES = {True: PARALLEL_WRITE_FILES + 10, False: 120}
#: files an incremental run changes: enough for whoosh's writer processes to get work (it
#: hands them documents in batches of 100)
CHANGED_FILES = {True: 80, False: 30}


@dataclass
class Archive:
    """A copy of the generated minutes to change, and an index of it."""

    minutes: Path
    index: Path
    environment: dict[str, str]
    #: rebuild? → seconds a run of that kind takes (process start to exit)
    durations: dict[bool, float] = field(default_factory=dict)
    changes: int = 0

    def run(self, rebuild: bool) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "referat", "index", str(self.minutes)]
        command += ["--index", str(self.index), "--wait", "30", *(["--rebuild"] * rebuild)]
        return subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=self.environment,
        )

    def complete(self, rebuild: bool) -> float:
        """Run to the end (it must succeed); returns how long it took."""
        started = time.monotonic()
        process = self.run(rebuild)
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        return time.monotonic() - started

    def change(self, files: int, rng: random.Random) -> None:
        """Change ``files`` minutes (each one item more), remove one and add one."""
        paths = sorted(self.minutes.rglob("*.txt"))
        self.changes += 1
        for path in rng.sample(paths, files):
            text = path.read_text(encoding="utf-8")
            extra = f"\nPunkt 9 Fejltest {self.changes}\n\nSagsfremstilling\n\nTekst.\n"
            path.write_text(text + extra, encoding="utf-8")
        gone = rng.choice(paths)
        gone.rename(gone.with_name(f"{gone.stem}-flyttet-{self.changes}.txt"))


def item_ids(index: Path) -> frozenset[str]:
    service = SearchService.open(index)
    try:
        return frozenset(entry.item["id"] for entry in service.engine.all_items())
    finally:
        service.close()


def assert_nothing_left(index: Path) -> None:
    result = check_index(index)
    assert result.ok, result.damaged
    assert not result.leftovers, result.leftovers
    assert not [p.name for p in index.parent.iterdir() if p.name.startswith(f".{index.name}")]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Writers with a small lexicon: they start faster, so more kills land while writing."""
    lexicon = tmp_path_factory.mktemp("lexicon") / "words"
    full = Path("/usr/share/dict/danish")
    words = full.read_text(encoding="utf-8").splitlines()[:3000] if full.exists() else []
    lexicon.write_text("\n".join(words), encoding="utf-8")
    return {**os.environ, "REFERAT_LEXICON": str(lexicon)}


@pytest.fixture(scope="module")
def archives(
    generated_minutes: Path,
    environment: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[bool, Archive]:
    """two processes? → an archive indexed that way (built once)."""
    made: dict[bool, Archive] = {}
    for parallel in (True, False):
        folder = tmp_path_factory.mktemp("two" if parallel else "one")
        shutil.copytree(generated_minutes, folder / "minutes")
        for number, path in enumerate(sorted((folder / "minutes").rglob("*.txt"))):
            if number >= FILES[parallel]:
                path.unlink()
                continue
            text = path.read_text(encoding="utf-8")  # one item a file: a run takes seconds
            path.write_text(text.split("\nPunkt 2 ")[0], encoding="utf-8")
        archive = Archive(folder / "minutes", folder / "index", environment)
        files = len(list(archive.minutes.rglob("*.txt")))
        assert (files >= PARALLEL_WRITE_FILES) == parallel
        archive.durations[True] = archive.complete(rebuild=True)
        archive.change(CHANGED_FILES[parallel], random.Random(SEED))
        archive.durations[False] = archive.complete(rebuild=False)
        made[parallel] = archive
    return made


@contextmanager
def searching(index: Path) -> Iterator[tuple[list[str], set[int]]]:
    """A searcher asking all the time, as a web server would, while runs come and go;
    yields the errors it met and the totals it saw."""
    errors: list[str] = []
    totals: set[int] = set()
    stop = threading.Event()

    def ask() -> None:
        service = SearchService.open(index)
        try:
            while not stop.is_set():
                try:
                    totals.add(service.search(SearchRequest(q="", limit=1))["total"])
                except Exception as error:  # any error at all is what this looks for
                    errors.append(f"{type(error).__name__}: {error}")
                time.sleep(0.01)
        finally:
            service.close()

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    try:
        yield errors, totals
    finally:
        stop.set()
        thread.join(timeout=30)


@pytest.mark.parametrize("parallel", [True, False], ids=["two-processes", "one-process"])
def test_indexing_killed_at_random_points_recovers_by_itself(
    archives: dict[bool, Archive], parallel: bool
) -> None:
    archive = archives[parallel]
    rng = random.Random(f"{SEED}-{parallel}")
    states = [item_ids(archive.index)]
    with searching(archive.index) as (errors, totals):
        for rebuild in KILLS:
            before = item_ids(archive.index)
            archive.change(CHANGED_FILES[parallel], rng)
            run = archive.run(rebuild)
            at = rng.uniform(0, archive.durations[rebuild])  # any point of the run, start to end
            time.sleep(at)
            writers = children_of(run.pid)
            run.send_signal(signal.SIGKILL)
            run.communicate()
            assert until(lambda w=writers: not any(alive(p) for p in w), 10), "writers outlived"
            assert not is_locked(archive.index)
            after_kill = item_ids(archive.index)  # opens: the index is never damaged
            states.append(after_kill)
            archive.complete(rebuild=False)  # the next run, with no manual step
            after = item_ids(archive.index)
            states.append(after)
            what = (
                f"killed after {at:.2f} s ({'rebuild' if rebuild else 'incremental'}): "
                f"{sorted(after_kill ^ before)[:3]} {sorted(after_kill ^ after)[:3]}"
            )
            assert after_kill in (before, after), what
            assert before != after, what
            assert_nothing_left(archive.index)
    assert not errors, errors[:5]
    assert totals <= {len(state) for state in states}  # never a state between two


class SmallDisk:
    """A 64 MB file system to fill: a tmpfs filled with a ballast file (as root); without
    root (no mount allowed) a simulated one, where every write of a run past 200 kB fails
    with ENOSPC (a ``sitecustomize`` hook in the run's processes)."""

    SIMULATED_HOOK = """
import errno, os
from whoosh.filedb.structfile import StructFile
_write, _written = StructFile.write, [0]
def write(self, data):
    _written[0] += len(data)
    if _written[0] > 200_000:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return _write(self, data)
StructFile.write = write
"""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = os.geteuid() == 0
        self.full = False

    def fill(self) -> None:
        self.full = True
        if self.real:
            with (self.folder / "ballast").open("wb") as handle:
                remaining = shutil.disk_usage(self.folder).free - 1_500_000
                while remaining > 0:
                    handle.write(b"\0" * min(1 << 20, remaining))
                    remaining -= 1 << 20
        else:
            hook = self.folder.parent / "full-disk" / "sitecustomize.py"
            hook.parent.mkdir(exist_ok=True)
            hook.write_text(self.SIMULATED_HOOK, encoding="utf-8")

    def free(self) -> None:
        self.full = False
        if self.real:
            (self.folder / "ballast").unlink()

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        if self.real or not self.full:
            return base
        return {**base, "PYTHONPATH": str(self.folder.parent / "full-disk")}


@contextmanager
def small_disk(folder: Path) -> Iterator[SmallDisk]:
    disk = SmallDisk(folder)
    folder.mkdir(parents=True)
    if not disk.real:
        yield disk
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("parallel", [True, False], ids=["two-processes", "one-process"])
def test_a_full_disk_fails_the_run_cleanly_and_recovers_once_space_is_freed(
    archives: dict[bool, Archive], tmp_path: Path, parallel: bool
) -> None:
    index = tmp_path / "disk" / "index"
    with small_disk(tmp_path / "disk") as disk:
        archive = Archive(archives[parallel].minutes, index, archives[parallel].environment)
        subprocess.run(
            [sys.executable, "-m", "referat", "index", str(DATA), "--index", str(index)],
            check=True,
            capture_output=True,
        )
        listing = sorted(path.name for path in index.iterdir())
        disk.fill()
        archive.environment = disk.environment(archives[parallel].environment)
        run = archive.run(rebuild=False)
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 1, stderr
        assert "is full" in stderr and "Traceback" not in stderr
        assert stderr.count("\n") == 1, stderr
        assert len(item_ids(index)) == 40  # the index as it was
        assert sorted(path.name for path in index.iterdir()) == listing  # nothing left
        disk.free()  # the next run works with no manual step
        archive.environment = disk.environment(archives[parallel].environment)
        archive.complete(rebuild=False)
        assert len(item_ids(index)) > 40
        assert_nothing_left(index)
