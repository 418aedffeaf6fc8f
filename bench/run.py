"""The performance benchmark: build, search, pages, and SQLite FTS5 on the same items.

``python -m bench.run --items 10000`` generates the corpus if needed (into
``/tmp/referat-bench``), builds the index with the real ``referat index`` command in a
child process (wall time, items/s, peak RSS, size on disk), then measures the published
query mix (:mod:`bench.queries`): the full request (``SearchService.search``: top 10,
facets, snippets), the top 10 alone (Referat's ranking: numpy BM25F, whoosh for
phrases; and, for reference, whoosh's ``searcher.search(q, limit=10)``) and whole pages
through Flask's test client; then the same documents and queries in FTS5. Figures are
printed and, with ``--json PATH``, saved. No result is cached between measured requests:
what a searcher keeps are per-document columns (facet values, field lengths), read once
when it opens.

``--engine opensearch`` measures the OpenSearch engine first, on a local node of its own
(``--heap``; ``--opensearch URL`` uses a running one instead), and with ``--cluster`` on
three nodes too: the same build, full requests and pages, every node's memory, and the
ratios to Whoosh, measured after it in the same run (:mod:`bench.opensearch`); Whoosh's
top-10-alone figures, which OpenSearch has no counterpart for, are then left out unless
FTS5 is measured too. Each stage's figures are saved as soon as they are measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.fts5 import Fts5Baseline
from bench.generate import MINUTES, Generator
from bench.memory import PeakSampler, tree_rss_mb
from bench.queries import BenchQuery, first_case_number, query_mix
from bench.report import opensearch_lines, report

CACHE = Path(os.environ.get("REFERAT_BENCH_CACHE", "/tmp/referat-bench"))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def summary(millis: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(millis, 0.5), 2),
        "p95_ms": round(percentile(millis, 0.95), 2),
        "p99_ms": round(percentile(millis, 0.99), 2),
        "max_ms": round(max(millis), 2),
        "n": len(millis),
    }


def ensure_corpus(items: int, seed: int) -> Path:
    corpus = CACHE / f"gen-{items}-s{seed}"
    if not (corpus / "truth.json").is_file():
        print(f"generating {items} items into {corpus} …", flush=True)
        Generator(corpus, items, seed).run()
    return corpus


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_index(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """``referat index CORPUS --index DIR --rebuild`` in a child process, timed."""
    figures, peak_kib = index_run(corpus, str(index_dir))
    return {
        **figures,
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "index_mb": round(folder_size(index_dir) / 1e6, 1),
    }


def index_run(corpus: Path, location: str) -> tuple[dict[str, Any], int]:
    """``referat index CORPUS --index LOCATION --rebuild`` in a child process: its items,
    files, wall time and throughput, and its peak RSS (KiB)."""
    command = [sys.executable, "-m", "referat", "index", str(corpus), "--index", location,
               "--rebuild", "--json"]  # fmt: skip
    started = time.perf_counter()
    done, peak_kib, all_peak_mb = run_measured(command)
    seconds = time.perf_counter() - started
    if done.returncode != 0 and not done.stdout.strip():
        raise SystemExit(f"indexing failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    items = sum(f.get("items") or 0 for f in report["files"] if f["status"] == "indexed")
    figures = {
        "items": items,
        "files": len(report["files"]),
        "failed_files": sum(1 for f in report["files"] if f["status"] == "failed"),
        "wall_s": round(seconds, 1),
        "items_per_s": round(items / seconds, 1),
        "all_processes_peak_rss_mb": all_peak_mb,
    }
    return figures, peak_kib


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess[str], int, int]:
    """Run ``command``; its outcome, the peak RSS (KiB) of its largest process (``wait4``:
    it and the processes it waited for, not other children such as OpenSearch nodes we
    started) and the peak of its processes' summed RSS (MB, sampled twice a second)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        with PeakSampler(lambda: [tree_rss_mb(process.pid)]) as summed:
            _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    return done, usage.ru_maxrss, max(summed.peaks, default=0)


def own_peak_rss_mb() -> float:
    """This process's peak RSS so far (searcher, facet columns, caches), in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def measure(mix: list[BenchQuery], rounds: int, run: Callable[[BenchQuery], Any]) -> dict[str, Any]:
    millis: list[float] = []
    by_kind: dict[str, list[float]] = {}
    by_query: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query in mix:
            elapsed = timed(lambda query=query: run(query))  # type: ignore[misc]
            millis.append(elapsed)
            by_kind.setdefault(query.kind, []).append(elapsed)
            by_query.setdefault(query.label(), []).append(elapsed)
    result: dict[str, Any] = dict(summary(millis))
    result["p50_by_kind_ms"] = {k: round(percentile(v, 0.5), 2) for k, v in by_kind.items()}
    # the queries that make the tail: with a few rounds, p95 is one of these
    slowest = sorted(by_query.items(), key=lambda item: -max(item[1]))[:3]
    result["slowest_max_ms"] = {label: round(max(v), 1) for label, v in slowest}
    return result


def request_for(query: BenchQuery) -> Any:
    from search.service import SearchRequest

    f = query.filters
    return SearchRequest(
        q=query.q,
        committee=f.get("committee", []),
        year=f.get("year", []),
        outcome=f.get("outcome", []),
        closed=f.get("closed", []),
    )


def service_latency(location: str, mix: list[BenchQuery], rounds: int) -> dict[str, Any]:
    """The full request (``SearchService.search``) for any engine; the first one timed apart."""
    from search.service import SearchService

    opened = time.perf_counter()
    service = SearchService.open(location)
    first = timed(lambda: service.search(request_for(mix[0])))
    result = {
        "open_and_first_request_ms": round((time.perf_counter() - opened) * 1000, 1),
        "first_request_ms": round(first, 1),
        "full": measure(mix, rounds, lambda query: service.search(request_for(query))),
        "totals": {q.label(): service.search(request_for(q))["total"] for q in mix},
    }
    service.close()
    return result


def referat_latency(
    index_dir: Path, mix: list[BenchQuery], rounds: int, internals: bool = True
) -> dict[str, Any]:
    """Whoosh's full request; with ``internals`` also its top 10 alone and whoosh's own."""
    from search.engines.whoosh import WhooshEngine
    from search.engines.whoosh.scoring import score_matches, top_hits
    from search.engines.whoosh.translate import to_whoosh
    from search.query import parse_query
    from search.service import SearchService

    request = request_for
    opened = time.perf_counter()
    service = SearchService.open(index_dir)
    first = timed(lambda: service.search(request(mix[0])))
    open_ms = (time.perf_counter() - opened) * 1000

    def full(query: BenchQuery) -> None:
        clear = getattr(service, "clear_cache", None)
        if callable(clear):
            clear()  # a result cache, if the service ever gets one, must not answer
        service.search(request(query))

    engine = service.engine
    assert isinstance(engine, WhooshEngine), "the top-10 figures measure the Whoosh engine"
    searcher, _, arrays = engine.snapshot()

    def top10(query: BenchQuery) -> None:
        """Referat's own ranking of the top 10: numpy BM25F, or whoosh for prefixes."""
        wquery = to_whoosh(parse_query(query.q).query)
        found = score_matches(arrays, wquery)
        if found is None:
            searcher.search(wquery, limit=10)
        else:
            top_hits(found, None, 10)

    def whoosh_top10(query: BenchQuery) -> None:
        searcher.search(to_whoosh(parse_query(query.q).query), limit=10)

    totals = {q.label(): service.search(request(q))["total"] for q in mix}
    result = {
        "open_and_first_request_ms": round(open_ms, 1),
        "first_request_ms": round(first, 1),
        "full": measure(mix, rounds, full),
        "totals": totals,
    }
    if internals:
        result["top10"] = measure(mix, rounds, top10)
        result["whoosh_top10"] = measure(mix, rounds, whoosh_top10)
    service.close()
    return result


def page_latency(index_dir: Path | str, mix: list[BenchQuery], rounds: int) -> dict[str, Any]:
    from web import create_app

    client = create_app({"INDEX": str(index_dir)}).test_client()
    client.get("/")  # opens the service and its facet columns

    def page(query: BenchQuery) -> None:
        response = client.get("/?" + urlencode({"q": query.q, **query.filters}, doseq=True))
        if response.status_code != 200:
            raise SystemExit(f"page for {query.label()!r} answered {response.status_code}")

    return measure(mix, rounds, page)


def fts5_figures(index_dir: Path, path: Path, mix: list[BenchQuery], rounds: int) -> dict[str, Any]:
    baseline = Fts5Baseline(path)
    build = baseline.build(index_dir)
    return {
        "build_s": round(build["seconds"], 1),
        "items_per_s": round(build["items"] / build["seconds"], 1),
        "db_mb": round(baseline.size_bytes() / 1e6, 1),
        "full": measure(mix, rounds, baseline.search),
        "top10": measure(mix, rounds, baseline.top10),
        "totals": {q.label(): baseline.search(q)["total"] for q in mix},
    }


def ratios(referat: dict[str, Any], fts5: dict[str, Any]) -> dict[str, float]:
    return {
        f"{what}_{p}": round(referat[what][p] / max(fts5[what][p], 1e-6), 2)
        for what in ("full", "top10")
        for p in ("p50_ms", "p95_ms", "p99_ms")
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix")
    parser.add_argument("--reuse-index", action="store_true", help="skip the build if built")
    parser.add_argument("--no-fts5", action="store_true")
    parser.add_argument("--json", type=Path, help="save the figures here")
    parser.add_argument(
        "--engine",
        choices=["whoosh", "opensearch"],
        default="whoosh",
        help="opensearch: measure it first, then Whoosh, in the same run",
    )
    parser.add_argument("--opensearch", metavar="URL", help="a running node to use (http://…)")
    parser.add_argument("--heap", default="1g", help="heap of each local OpenSearch node")
    parser.add_argument("--cluster", action="store_true", help="also on three local nodes")
    args = parser.parse_args(argv)

    corpus = ensure_corpus(args.items, args.seed)
    index_dir = CACHE / f"index-{args.items}-s{args.seed}"
    mix = query_mix(first_case_number(corpus))
    figures: dict[str, Any] = {
        "items": args.items, "seed": args.seed, "rounds": args.rounds,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "queries": [{"kind": q.kind, "query": q.label()} for q in mix],
    }  # fmt: skip

    def checkpoint() -> None:
        """Save what is measured so far: a long run that stops early keeps its figures."""
        if args.json:
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))

    if args.engine == "opensearch":
        figures["opensearch"] = {}
        opensearch_runs(args, corpus / MINUTES, mix, figures["opensearch"], checkpoint)
    if not (args.reuse_index and index_dir.is_dir()):
        print("building the index …", flush=True)
        figures["build"] = build_index(corpus / MINUTES, index_dir)
        print(json.dumps(figures["build"]), flush=True)
        checkpoint()
    # next to OpenSearch only what both engines answer is compared (full requests, pages);
    # FTS5 is compared with Whoosh's top 10 alone as well
    internals = args.engine == "whoosh" or not args.no_fts5
    figures["referat"] = referat_latency(index_dir, mix, args.rounds, internals)
    figures["rss_mb_after_searches"] = own_peak_rss_mb()
    checkpoint()
    figures["pages"] = page_latency(index_dir, mix, args.rounds)
    figures["rss_mb_after_pages"] = own_peak_rss_mb()
    if not args.no_fts5:
        fts5_path = CACHE / f"fts5-{args.items}-s{args.seed}.sqlite"
        figures["fts5"] = fts5_figures(index_dir, fts5_path, mix, args.rounds)
        figures["ratio_referat_to_fts5"] = ratios(figures["referat"], figures["fts5"])
    if args.engine == "opensearch":
        for run in figures["opensearch"].values():
            run["ratio_to_whoosh"] = whoosh_ratios(run, figures)
    print(report(figures))
    checkpoint()


def opensearch_runs(
    args: Any,
    corpus: Path,
    mix: list[BenchQuery],
    runs: dict[str, Any],
    checkpoint: Callable[[], None],
) -> None:
    """The OpenSearch figures into ``runs``: on one node, and with ``--cluster`` on three;
    each run's figures are printed and saved (``checkpoint``) as soon as they are measured."""
    from bench import opensearch as bench_os

    plans = [("node", 1, "")] + ([("cluster", 3, "?shards=3&replicas=1")] if args.cluster else [])
    for name, size, options in plans:
        if args.opensearch and name == "node":
            runs[name] = opensearch_run(args, f"{args.opensearch}/bench-{args.items}", corpus, mix)
        else:
            with bench_os.local_nodes(CACHE / f"opensearch-{name}", size, args.heap) as nodes:
                hosts = ",".join(url.removeprefix("http://") for url in nodes.urls)
                location = f"http://{hosts}/bench-{args.items}-s{args.seed}{options}"
                runs[name] = opensearch_run(args, location, corpus, mix, nodes)
        print("\n".join(opensearch_lines(name, runs[name])), flush=True)
        checkpoint()


def opensearch_run(
    args: Any, location: str, corpus: Path, mix: list[BenchQuery], nodes: Any = None
) -> dict[str, Any]:
    from bench import opensearch as bench_os

    run: dict[str, Any] = {"location": location.split("?")[0]}
    if not (args.reuse_index and bench_os.exists(location)):
        print(f"building the OpenSearch index {location} …", flush=True)
        run["build"] = bench_os.build(corpus, location, nodes)
        print(json.dumps(run["build"]), flush=True)
    run["search"] = service_latency(location, mix, args.rounds)
    run["search_process_rss_mb"] = bench_os.own_rss_mb()
    run["pages"] = page_latency(location, mix, args.rounds)
    if nodes is not None:
        run["nodes_rss_mb_after_searches"] = bench_os.nodes_rss_mb(nodes)
    return run


def whoosh_ratios(run: dict[str, Any], figures: dict[str, Any]) -> dict[str, float]:
    """OpenSearch / Whoosh in the same run: build time, full request and page latencies."""
    found: dict[str, float] = {}
    for p in ("p50_ms", "p95_ms", "p99_ms"):
        found[f"full_{p}"] = round(run["search"]["full"][p] / figures["referat"]["full"][p], 2)
        found[f"page_{p}"] = round(run["pages"][p] / figures["pages"][p], 2)
    if "build" in run and "build" in figures:
        found["build_wall"] = round(run["build"]["wall_s"] / figures["build"]["wall_s"], 2)
    return found


if __name__ == "__main__":
    main()
