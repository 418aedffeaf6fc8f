"""Judged queries over the bundled corpus, and the suite that holds Referat to them.

The suite shares the judgment loader and the metrics with the benchmark in bench/.
"""
