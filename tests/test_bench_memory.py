"""bench.memory: a build's memory is the sum of its processes, not its largest one."""

from __future__ import annotations

import sys

from bench.run import run_measured

# A parent that holds 80 MB and starts a child holding 80 MB more, both alive for 1.5 s.
TWO_PROCESSES = """
import subprocess, sys, time
held = bytearray(80 * 1024 * 1024)
child = subprocess.Popen([sys.executable, "-c",
    "import time; held = bytearray(80 * 1024 * 1024); time.sleep(1.5)"])
time.sleep(1.5)
child.wait()
"""


def test_the_summed_peak_counts_the_child_the_largest_peak_does_not() -> None:
    done, largest_kib, summed_mb = run_measured([sys.executable, "-c", TWO_PROCESSES])
    assert done.returncode == 0
    largest_mb = largest_kib / 1024
    assert 80 <= largest_mb < 150
    assert summed_mb >= 160
    assert summed_mb > largest_mb + 60


def test_a_single_process_sums_to_itself() -> None:
    command = [sys.executable, "-c", "import time; b = bytearray(60 * 1024 * 1024); time.sleep(1)"]
    done, largest_kib, summed_mb = run_measured(command)
    assert done.returncode == 0
    assert abs(summed_mb - largest_kib / 1024) < 15
