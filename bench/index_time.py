"""How long indexing a real archive takes from scratch (default: Greve's, in data/).

``python -m bench.index_time [PATH] [--runs N]`` runs ``referat index PATH --index
<new folder> --rebuild`` in a child process N times and prints the wall time of each
run, items per second and, for comparison, the time the readers and normalisation alone
take (every file read and normalised, nothing written). It prints the CPU seconds of each
run and the machine's load average too: on a shared machine they explain the spread of
the wall time. A benchmark prints figures; it is never a timed unit test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from indexer.pipeline import iter_files, read_file
from indexer.readers.base import ReaderError

GREVE = Path(__file__).resolve().parent.parent / "data" / "greve-firstagenda-json"
TARGET_SECONDS = 20.0


def parse_seconds(root: Path) -> tuple[float, int]:
    """Seconds to read and normalise every file below ``root`` (nothing written), and items."""
    started = time.perf_counter()
    items = 0
    for path in iter_files(root):
        try:
            items += len(read_file(path, path.read_bytes(), {}).items)
        except ReaderError:
            continue
    return time.perf_counter() - started, items


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def index_seconds(root: Path) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds of one ``referat index --rebuild`` into a new folder, its totals.

    CPU seconds (the command's and its worker processes') are what an idle machine's wall
    time would be for a single writer; on a shared machine the wall time is mostly waiting.
    """
    with tempfile.TemporaryDirectory(prefix="referat-index-time-") as folder:
        command = [sys.executable, "-m", "referat", "index", str(root)]
        command += ["--index", str(Path(folder) / "index"), "--rebuild", "--json"]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"referat index failed:\n{done.stderr or done.stdout}")
    totals: dict[str, int] = json.loads(done.stdout)["totals"]
    return seconds, cpu, totals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=GREVE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    root = args.path.resolve()
    print(f"{root}  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    parsed, items = parse_seconds(root)
    print(f"read + normalise only: {parsed:.1f} s for {items} items")
    for run in range(1, args.runs + 1):
        seconds, cpu, totals = index_seconds(root)
        verdict = "within" if seconds <= TARGET_SECONDS else "above"
        print(
            f"run {run}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {totals['files']} files, "
            f"{totals['items']} items, {totals['items'] / seconds:.0f} items/s "
            f"({verdict} the {TARGET_SECONDS:.0f} s target; load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
