"""Export memory: a whole result set streamed, against the same rows buffered, in one run.

``python -m bench.export --items 100000`` generates the corpus (bench.generate) and
builds its index if they are not cached (as bench.run does), then exports every item
as CSV and as JSON Lines twice each: streamed (SearchService.scan → export lines, each
written and forgotten, as the API and the CLI do) and buffered (every row kept, as a
non-streaming export would). It prints each run's peak of Python allocations
(tracemalloc) and its time; a streamed export's peak must not grow with the rows, so it
also exports the rows of one year (a twentieth or so) for comparison.

It is a benchmark that prints figures, never a timed test.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from bench.generate import MINUTES
from bench.run import CACHE, build_index, ensure_corpus
from search.export import export_lines
from search.service import SearchRequest, SearchService


def permalink(item_id: str) -> str:
    return "http://127.0.0.1:8000/punkt/" + item_id


def measure(run: Callable[[], int]) -> dict[str, Any]:
    """Peak traced allocation and wall time of ``run`` (which returns the rows it wrote)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "peak_mb": round(peak / 1e6, 1),
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
    }


def streamed(service: SearchService, request: SearchRequest, fmt: str, out: Path) -> int:
    rows = -1 if fmt == "csv" else 0  # the CSV's heading is a line, not a row
    with out.open("w", encoding="utf-8", newline="") as sink:
        for line in export_lines(service.scan(request), fmt, permalink):
            sink.write(line)
            rows += 1
    return rows


def buffered(service: SearchService, request: SearchRequest, fmt: str, out: Path) -> int:
    """The same bytes, with every line held until the end (the baseline)."""
    lines: Iterable[str] = list(export_lines(list(service.scan(request)), fmt, permalink))
    with out.open("w", encoding="utf-8", newline="") as sink:
        sink.write("".join(lines))
    return len(list(lines)) - (1 if fmt == "csv" else 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--index", type=Path, help="an index of the generated corpus")
    parser.add_argument("--json", type=Path, help="save the figures here")
    args = parser.parse_args(argv)

    index_dir = args.index or CACHE / f"index-{args.items}-s{args.seed}"
    if not (index_dir / "referat-schema.json").is_file():
        corpus = ensure_corpus(args.items, args.seed)
        print(f"building the index in {index_dir} …", flush=True)
        build_index(corpus / MINUTES, index_dir)
    service = SearchService.open(index_dir)
    everything = SearchRequest(sort="newest")
    total = service.search(everything)["total"]
    years = sorted(
        (entry for entry in service.search(everything)["facets"]["year"]),
        key=lambda entry: abs(entry["count"] - total / 10),
    )
    tenth = SearchRequest(sort="newest", year=[years[0]["value"]])
    out = CACHE / "export.out"
    figures: dict[str, Any] = {"items": total, "runs": []}
    print(f"{total} items in {index_dir}")
    for fmt in ("csv", "jsonl"):
        for name, request in (("one year", tenth), ("all", everything)):
            figure = measure(partial(streamed, service, request, fmt, out))
            figures["runs"].append({"format": fmt, "rows_of": name, "mode": "streamed", **figure})
            print(f"{fmt:5} {name:8} streamed: {figure}", flush=True)
        figure = measure(partial(buffered, service, everything, fmt, out))
        figures["runs"].append({"format": fmt, "rows_of": "all", "mode": "buffered", **figure})
        print(f"{fmt:5} all      buffered: {figure}", flush=True)
    service.close()
    out.unlink(missing_ok=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
