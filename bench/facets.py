"""Facets with thousands of committees: truncated lists against every value, in one run.

``python -m bench.facets --items 40000 --organisations 98 --local-committees 40`` makes
(once, cached) a generated archive of 98 municipalities whose local boards give it
thousands of committees, builds it with ``referat index``, and times the same searches
four ways in this process, interleaved round by round:

- ``service_all``: ``SearchService.search`` listing every facet value (``facet_size=max``,
  what the service did before facets were cut), against ``service_30`` (the API's default);
- ``page_all``: the search page listing every value (``/?facet_size=max``), against
  ``page_10`` (the page's default: 10 per facet and "Vis alle 1.234 udvalg").

With ``--baseline-src DIR`` (a checkout of the code before this change, e.g. ``git
archive main | tar -x -C DIR``) the same searches are also timed with that code over the
same index in a child process (``before_service``, ``before_page``), so the ratios are
against the present code too. Hold the shared lock while measuring:
``flock /work/wt/bench.lock python -m bench.facets …``.

>>> ratio(12.0, 3.0)
4.0
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

CACHE = Path(os.environ.get("REFERAT_BENCH_CACHE", "/tmp/referat-bench"))
#: (query, filters) searched; filters are filled in from the archive (a rare committee)
WORDS = ("", "skole", "lokalplan", "budget", "klima", "bolig")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (as bench.run; kept here so the child runs on old code)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def ratio(slow: float, fast: float) -> float:
    return round(slow / fast, 2) if fast else 0.0


def cases(index: Path) -> list[dict[str, Any]]:
    """The searches: each word alone, and each word within a municipality and a rare
    committee (a chosen value far outside the top values, which must stay listed)."""
    from search.service import SearchService

    service = SearchService.open(index)
    counts = service.engine.search(_everything()).facets
    service.close()
    organisation = counts["organisation"].most_common(1)[0][0]
    rare = min(counts["committee"], key=lambda name: (counts["committee"][name], name))
    found: list[dict[str, Any]] = [{"q": word} for word in WORDS]
    found += [{"q": word, "organisation": [organisation]} for word in WORDS[:3]]
    found += [{"q": word, "committee": [rare]} for word in WORDS[:3]]
    return found


def _everything() -> Any:
    from search.engine import EngineQuery
    from search.query import parse_query

    return EngineQuery(parse_query("").query, {}, "newest", 0, 0)


def timings(index: Path, searches: list[dict[str, Any]], rounds: int, old: bool) -> dict[str, Any]:
    """Milliseconds per variant over ``rounds`` passes; ``old``: the code before
    ``facet_size`` existed (only its default behaviour can be asked for)."""
    from search.service import SearchRequest, SearchService
    from web import create_app

    service = SearchService.open(index)
    service.warm_up()
    client = create_app({"INDEX": str(index)}).test_client()

    def service_call(size: int | None) -> Callable[[dict[str, Any]], Any]:
        if old:
            return lambda case: service.search(SearchRequest(**case))
        return lambda case: service.search(SearchRequest(**case, facet_size=size))

    def page_call(size: str | None) -> Callable[[dict[str, Any]], Any]:
        def get(case: dict[str, Any]) -> None:
            args = {**case, "facet_size": size} if size else case
            response = client.get("/?" + urlencode(args, doseq=True))
            if response.status_code != 200:
                raise SystemExit(f"/?{urlencode(args, doseq=True)} answered {response.status_code}")

        return get

    variants: dict[str, Callable[[dict[str, Any]], Any]]
    if old:
        variants = {"before_service": service_call(None), "before_page": page_call(None)}
    else:
        variants = {
            "service_all": service_call(None),
            "service_30": service_call(30),
            "page_all": page_call("max"),
            "page_10": page_call(None),
        }
    for case in searches:  # one untimed pass: lexicons, spelling, the first page render
        for run in variants.values():
            run(case)
    millis: dict[str, list[float]] = {name: [] for name in variants}
    # CPU time too: on a shared machine it moves less than the wall clock
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for case in searches:
            for name, run in variants.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                run(case)
                millis[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
    sizes = {}
    if not old:
        body = client.get("/?" + urlencode(searches[0], doseq=True)).get_data()
        full = client.get("/?" + urlencode({**searches[0], "facet_size": "max"}, doseq=True))
        sizes = {"page_10_kb": round(len(body) / 1024, 1), "page_all_kb": len(full.data) // 1024}
    service.close()
    return {
        **{
            name: {
                "p50_ms": round(percentile(values, 0.5), 2),
                "p95_ms": round(percentile(values, 0.95), 2),
                "cpu_p50_ms": round(percentile(cpu[name], 0.5), 2),
                "cpu_p95_ms": round(percentile(cpu[name], 0.95), 2),
                "n": len(values),
            }
            for name, values in millis.items()
        },
        **sizes,
    }


def ensure_index(items: int, organisations: int, local: int, seed: int) -> tuple[Path, Any]:
    """The generated archive's index (built once), and the build figures (None if cached)."""
    from bench.generate import MINUTES, Generator
    from bench.run import build_index

    corpus = CACHE / f"gen-{items}-o{organisations}-l{local}-s{seed}"
    index = corpus.with_name(corpus.name + "-index")
    if not (corpus / "truth.json").is_file():
        print(f"generating {items} items into {corpus} …", flush=True)
        Generator(corpus, items, seed, None, organisations, local).run()
    if index.is_dir() and any(index.iterdir()):
        return index, None
    print(f"building {index} …", flush=True)
    return index, build_index(corpus / MINUTES, index)


def archive_shape(index: Path) -> dict[str, int]:
    from search.service import SearchService

    service = SearchService.open(index)
    counts = service.engine.search(_everything()).facets
    total = service.engine.search(_everything()).total
    service.close()
    return {"items": total, **{f"{name}_values": len(values) for name, values in counts.items()}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=40000)
    parser.add_argument("--organisations", type=int, default=98)
    parser.add_argument("--local-committees", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--index", type=Path, help="an index to use instead of generating one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-src", type=Path, help="the code before this change")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="save the figures here")
    args = parser.parse_args(argv)
    if args.child:  # run by the parent with the old code first on sys.path
        searches = json.loads(sys.stdin.read())
        print(json.dumps(timings(args.index, searches, args.rounds, old=True)))
        return
    build = None
    index = args.index
    if index is None:
        index, build = ensure_index(
            args.items, args.organisations, args.local_committees, args.seed
        )
    searches = cases(index)
    figures: dict[str, Any] = {"archive": archive_shape(index), "build": build}
    figures["searches"] = len(searches)
    figures.update(timings(index, searches, args.rounds, old=False))
    if args.baseline_src:
        figures.update(before(args.baseline_src, index, searches, args.rounds))
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


def before(source: Path, index: Path, searches: list[dict[str, Any]], rounds: int) -> Any:
    """The same searches timed with the code in ``source``, in a child process."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--index", str(index),
               "--rounds", str(rounds)]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(source.resolve())}
    done = subprocess.run(
        command, input=json.dumps(searches), capture_output=True, text=True, env=environment
    )
    if done.returncode != 0:
        raise SystemExit(f"the baseline failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def report(figures: dict[str, Any]) -> str:
    shape = figures["archive"]
    lines = [
        f"archive: {shape['items']:,} items, {shape['organisation_values']} municipalities, "
        f"{shape['committee_values']:,} committees; {figures['searches']} searches",
    ]
    if figures["build"]:
        lines.append(f"build: {figures['build']}")
    for name in ("service_all", "service_30", "page_all", "page_10", "before_service",
                 "before_page"):  # fmt: skip
        if name in figures:
            entry = figures[name]
            lines.append(
                f"{name:15} p50 {entry['p50_ms']:8.2f} ms   p95 {entry['p95_ms']:8.2f} ms"
                f"   CPU p50 {entry['cpu_p50_ms']:8.2f} ms   p95 {entry['cpu_p95_ms']:8.2f} ms"
            )
    pairs = [("service_all", "service_30"), ("page_all", "page_10"),
             ("before_service", "service_30"), ("before_page", "page_10")]  # fmt: skip
    for slow, fast in pairs:
        if slow in figures and fast in figures:
            lines.append(
                f"{slow} / {fast}: p50 {ratio(figures[slow]['p50_ms'], figures[fast]['p50_ms'])}×"
                f", p95 {ratio(figures[slow]['p95_ms'], figures[fast]['p95_ms'])}×"
                f"; CPU p50 {ratio(figures[slow]['cpu_p50_ms'], figures[fast]['cpu_p50_ms'])}×"
            )
    if "page_10_kb" in figures:
        lines.append(
            f"page size: {figures['page_10_kb']} KB (10 per facet), "
            f"{figures['page_all_kb']} KB (every value)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
