"""Judged queries over the bundled corpus and over Greve's archive in data/, and the suite
that holds Referat to them.

The suite shares the judged sets, the judgment loader and the metrics with the benchmark in
bench/ (bench/judgments.py, bench/metrics.py).
"""
