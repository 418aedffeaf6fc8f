"""A bounded load test of ``referat serve`` on 127.0.0.1, also during a re-index.

``python -m bench.load --items 10000`` copies the benchmark index of that size (built by
``bench.run``) to a temporary folder, serves the copy with ``referat serve`` on a free
local port, and sends the published query mix (pages and API, alternately) from 1, 8
and 32 client threads: requests/s, latency percentiles, errors. Then it runs
``referat index <new meetings> --index <the copy>`` while 8 threads keep searching, and
checks that no request failed and that a new item is found without a restart. The server,
the indexer and the temporary folders are always stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.generate import MINUTES, Generator
from bench.queries import BenchQuery, query_mix
from bench.run import CACHE, summary
from indexer.model import Meeting
from search.ids import item_id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def url_for(base: str, query: BenchQuery, number: int) -> str:
    """Even requests ask for the page, odd ones for the JSON API.

    >>> url_for("http://h", BenchQuery("one-word", "budget"), 1)
    'http://h/api/search?q=budget'
    """
    path = "/api/search" if number % 2 else "/"
    return f"{base}{path}?{urlencode({'q': query.q, **query.filters}, doseq=True)}"


def fetch(url: str, timeout: float = 30.0) -> tuple[int, float]:
    """(HTTP status or 0 on a connection error, milliseconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - started) * 1000


def load(
    base: str, mix: list[BenchQuery], clients: int, requests: int, until: threading.Event | None
) -> dict[str, Any]:
    """``requests`` requests from ``clients`` threads (or fewer, once ``until`` is set)."""
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        while until is None or not until.is_set():
            with lock:
                number = next(counter, None)
            if number is None:
                return
            outcome = fetch(url_for(base, mix[number % len(mix)], number))
            with lock:
                results.append(outcome)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    seconds = time.perf_counter() - started
    errors = sum(1 for status, _ in results if status != 200)
    figures: dict[str, Any] = {"clients": clients, "requests": len(results), "errors": errors}
    figures["requests_per_s"] = round(len(results) / seconds, 1)
    figures.update(summary([ms for _, ms in results] or [0.0]))
    return figures


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("referat serve exited; see its log")
        if fetch(f"{base}/api/search?q=", timeout=5)[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit("referat serve did not answer within a minute")


def serve(index: Path, workers: int, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``referat serve`` of ``index`` on a free local port, once it answers; its address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "referat", "serve", "--host", "127.0.0.1", "--port",
             str(port), "--index", str(index), "--workers", str(workers)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_up(base, server)
    except BaseException:
        stop(server)
        raise
    return server, base


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def new_meetings(folder: Path, items: int, seed: int) -> str:
    """Generate meetings for the re-index; returns the id of one of their items."""
    first: list[str] = []

    def remember(meeting: Meeting, _path: Path) -> None:
        if not first:
            date = meeting.date.isoformat() if meeting.date else ""
            org, committee = meeting.organisation or "", meeting.committee or ""
            first.append(item_id(org, committee, date, meeting.items[-1].number))

    Generator(folder, items, seed).run(remember)
    return first[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000, help="which benchmark index")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=600, help="per concurrency level")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--new-items", type=int, default=400, help="items in the re-index")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    source = CACHE / f"index-{args.items}-s{args.seed}"
    if not source.is_dir():
        raise SystemExit(f"no index at {source}; run `python -m bench.run --items {args.items}`")
    requests = min(args.requests, 3000)
    figures: dict[str, Any] = {"items": args.items, "workers": args.workers, "levels": []}
    work = Path(tempfile.mkdtemp(prefix="referat-load-"))
    server: subprocess.Popen[bytes] | None = None
    indexer: subprocess.Popen[bytes] | None = None
    try:
        index = work / "index"
        shutil.copytree(source, index)
        server, base = serve(index, args.workers, work / "server.log")
        mix = query_mix()
        for clients in (int(c) for c in args.clients.split(",")):
            figures["levels"].append(load(base, mix, clients, requests, None))
            print(json.dumps(figures["levels"][-1]), flush=True)

        new_id = new_meetings(work / "new", args.new_items, seed=args.seed + 1000)
        item_url = f"{base}/api/items/{quote(new_id)}"
        before = fetch(item_url)[0]
        done = threading.Event()
        command = [sys.executable, "-m", "referat", "index", str(work / "new" / MINUTES),
                   "--index", str(index)]  # fmt: skip
        started = time.perf_counter()
        indexer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        running = indexer

        def wait_for_indexer() -> None:
            running.wait()
            done.set()

        watcher = threading.Thread(target=wait_for_indexer)
        watcher.start()
        during = load(base, mix, 8, 3000, done)
        watcher.join()
        reindex_s = time.perf_counter() - started
        after, deadline = 0, time.monotonic() + 15
        while after != 200 and time.monotonic() < deadline:
            after = fetch(item_url)[0]
            time.sleep(0.2)
        figures["during_reindex"] = {
            **during,
            "reindex_exit": indexer.returncode,
            "reindex_s": round(reindex_s, 1),
            "new_item": new_id,
            "new_item_status_before": before,
            "new_item_status_after": after,
        }
        print(json.dumps(figures["during_reindex"]), flush=True)
    finally:
        stop(indexer)
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    failed = (
        figures["during_reindex"]["errors"]
        or figures["during_reindex"]["new_item_status_after"] != 200
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
