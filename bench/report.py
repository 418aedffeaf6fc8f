"""The benchmark's figures as the lines ``bench.run`` prints."""

from __future__ import annotations

import json
from typing import Any


def report(figures: dict[str, Any]) -> str:
    """Every figure of a finished run (``figures`` as ``bench.run`` saves them)."""
    lines = [f"Referat benchmark: {figures['items']} items, {figures['rounds']} rounds of "
             f"{len(figures['queries'])} queries"]  # fmt: skip
    if "build" in figures:
        b = figures["build"]
        lines.append(
            f"build: {b['items']} items in {b['wall_s']} s = {b['items_per_s']} items/s, "
            f"peak RSS {b['peak_rss_mb']} MB (all processes {b['all_processes_peak_rss_mb']} MB), "
            f"index {b['index_mb']} MB"
        )
    r = figures["referat"]
    lines.append(f"search process peak RSS: {figures['rss_mb_after_searches']} MB after searches, "
                 f"{figures['rss_mb_after_pages']} MB after pages")  # fmt: skip
    lines.append(f"first request (opens searcher, facet columns): {r['first_request_ms']} ms")
    rows = [("full request", r["full"])]
    # the engine-internal top-10 figures are left out when OpenSearch is compared
    rows += [(label, r[key]) for label, key in (("top 10 alone", "top10"),
                                                ("whoosh top 10", "whoosh_top10")) if key in r]  # fmt: skip
    rows.append(("page", figures["pages"]))
    if "fts5" in figures:
        f = figures["fts5"]
        rows += [("FTS5 full", f["full"]), ("FTS5 top 10", f["top10"])]
        lines.append(f"FTS5 build: {f['items_per_s']} items/s, db {f['db_mb']} MB")
    lines += [line for name, s in rows for line in latency_lines(name, s, 14)]
    if "ratio_referat_to_fts5" in figures:
        lines.append(f"Referat/FTS5: {figures['ratio_referat_to_fts5']}")
    for name, run in figures.get("opensearch", {}).items():
        lines += opensearch_lines(name, run)
    return "\n".join(lines)


def opensearch_lines(name: str, run: dict[str, Any]) -> list[str]:
    """One OpenSearch run's figures; printed as soon as they are measured, too."""
    lines = [f"OpenSearch ({name}, {run['location']}):"]
    if "build" in run:
        lines.append(f"  build: {json.dumps(run['build'])}")
    for label, s in (("full request", run["search"]["full"]), ("page", run["pages"])):
        lines += latency_lines(label, s, 14)
    lines.append(f"  search process RSS {run['search_process_rss_mb']} MB; nodes RSS "
                 f"{run.get('nodes_rss_mb_after_searches')} MB after searches")  # fmt: skip
    if "ratio_to_whoosh" in run:
        lines.append(f"  OpenSearch/Whoosh: {run['ratio_to_whoosh']}")
    return lines


def latency_lines(label: str, s: dict[str, Any], width: int) -> list[str]:
    """A latency summary's percentiles and, where measured, its slowest queries.

    >>> latency_lines("page", {"p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "p50_by_kind_ms": {}}, 6)
    ['  page: p50      1.0  p95      2.0  p99      3.0 ms   p50 by kind {}']
    """
    lines = [f"{label:>{width}}: p50 {s['p50_ms']:8.1f}  p95 {s['p95_ms']:8.1f}  p99 "
             f"{s['p99_ms']:8.1f} ms   p50 by kind {s['p50_by_kind_ms']}"]  # fmt: skip
    if "slowest_max_ms" in s:
        lines.append(f"{'':>{width + 2}}slowest (max ms): {s['slowest_max_ms']}")
    return lines
