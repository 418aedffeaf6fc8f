"""How long indexing a real archive takes from scratch (default: Greve's, in data/).

``python -m bench.index_time [PATH] [--runs N]`` runs ``referat index PATH --index
<new folder> --rebuild`` in a child process N times and prints the wall time of each
run, items per second and, for comparison, the time the readers and normalisation alone
take (every file read and normalised, nothing written). The machine's load average is
printed too: on a shared machine it explains much of the spread. A benchmark prints
figures; it is never a timed unit test.
"""

from __future__ import annotations

import argparse
import json
import os
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


def index_seconds(root: Path) -> tuple[float, dict[str, int]]:
    """Wall seconds of one ``referat index --rebuild`` into a new folder, and its totals."""
    with tempfile.TemporaryDirectory(prefix="referat-index-time-") as folder:
        command = [sys.executable, "-m", "referat", "index", str(root)]
        command += ["--index", str(Path(folder) / "index"), "--rebuild", "--json"]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"referat index failed:\n{done.stderr or done.stdout}")
    totals: dict[str, int] = json.loads(done.stdout)["totals"]
    return seconds, totals


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
        seconds, totals = index_seconds(root)
        verdict = "within" if seconds <= TARGET_SECONDS else "above"
        print(
            f"run {run}: {seconds:.1f} s, {totals['files']} files, {totals['items']} items, "
            f"{totals['items'] / seconds:.0f} items/s ({verdict} the {TARGET_SECONDS:.0f} s target; "
            f"load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
