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


def test_the_summed_peak_counts_the_child() -> None:
    done, _, summed_mb = run_measured([sys.executable, "-c", TWO_PROCESSES])
    assert done.returncode == 0
    # not wait4's figure: a child's ru_maxrss starts from its parent's RSS at fork, so
    # under pytest it is the test process's size, not the command's
    assert 160 <= summed_mb < 400


def test_a_single_process_sums_to_itself() -> None:
    command = [sys.executable, "-c", "import time; b = bytearray(60 * 1024 * 1024); time.sleep(1)"]
    done, _, summed_mb = run_measured(command)
    assert done.returncode == 0
    assert 60 <= summed_mb < 120
