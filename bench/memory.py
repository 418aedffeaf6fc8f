"""Resident memory while a benchmark runs: a sampler thread, and the summed RSS of a
process and everything it started (a rebuild's writer processes, analysis workers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from referat.opensearch_nodes import memory_mb


class PeakSampler:
    """Samples a list of numbers every ``every`` seconds in a thread, keeping each one's
    maximum (say, every node's RSS during a build)."""

    def __init__(self, sample: Callable[[], list[int]], every: float = 0.5) -> None:
        self.sample = sample
        self.every = every
        self.peaks: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            values = self.sample()
            if len(values) > len(self.peaks):
                self.peaks += [0] * (len(values) - len(self.peaks))
            self.peaks = [max(a, b) for a, b in zip(self.peaks, values, strict=False)]
            self._stop.wait(self.every)


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs, from ``/proc/PID/task/*/children``
    (empty once ``pid`` is gone)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(kid) for kid in children.read_text(encoding="ascii").split()]
        except (OSError, ValueError):
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def tree_rss_mb(pid: int) -> int:
    """The resident memory of ``pid`` and all its descendants, summed, in MB: what a
    command costs the machine, where ``wait4``'s peak is only its largest process's."""
    return sum(memory_mb(each) for each in (pid, *descendants(pid)))
