"""Judged queries over the bundled corpus, and the suite that holds Referat to them.

The suite shares the judgment loader and the metrics with the benchmark in bench/, which is
not an installed package: make the repository root importable for it.
"""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.append(_ROOT)
