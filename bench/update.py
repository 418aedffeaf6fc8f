"""The librarian's everyday task, timed: one new meeting added to a large archive.

``python -m bench.update --items 100000 --updates 20`` copies the benchmark index of that
size (built by ``bench.run``) to a temporary folder and serves the copy with ``referat
serve``. It generates new meetings and keeps those of 15–25 items, then adds them one at
a time, each with ``referat index <folder of that one meeting> --index <copy>`` as a
librarian would run it, while client threads keep searching the server. For each update
it prints how long the command took and when the server first answered the meeting's
last item (polled from the moment the command started): p50/p95 over all updates.

Baselines in the same run:

* with ``--baseline CHECKOUT`` (e.g. ``git worktree add /tmp/base main``), every other
  update is run by that checkout's code: its figures are printed beside this code's;
* the server's latency before the updates (same clients, same query mix) next to its
  latency while the updates run, and the errors (there must be none);
* the query mix in-process (as ``bench.run`` measures it) on the copy before any update,
  after the updates that left several small segments, and after the updates in which
  whoosh merged the small segments into one (with the number of segments at each point);
* reading every byte of the copy (what a plain run did before building on the index) next
  to the cheap check opening does.

The server, the indexer and the temporary folder are always stopped and removed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.generate import MINUTES, Generator
from bench.load import fetch, load, serve, stop
from bench.queries import query_mix
from bench.run import CACHE, percentile, referat_latency
from indexer.model import Meeting
from search.engines.whoosh.generations import open_generation
from search.engines.whoosh.sums import verify
from search.ids import item_id

#: a meeting of the everyday update, in items
MEETING_ITEMS = range(15, 26)


def one_meeting_folders(work: Path, count: int, seed: int) -> list[tuple[Path, str]]:
    """``count`` folders of one generated meeting (15–25 items) each, with the manifest
    that names its municipality; and the id of each meeting's last item."""
    generated = work / "generated"
    meetings: list[tuple[Path, str]] = []

    def keep(meeting: Meeting, path: Path) -> None:
        if len(meeting.items) in MEETING_ITEMS:
            date = meeting.date.isoformat() if meeting.date else ""
            org, committee = meeting.organisation or "", meeting.committee or ""
            meetings.append((path, item_id(org, committee, date, meeting.items[-1].number)))

    Generator(generated, count * 60 + 300, seed).run(keep)
    minutes = generated / MINUTES
    folders: list[tuple[Path, str]] = []
    for number, (path, last_item) in enumerate(meetings[:count]):
        folder = work / "updates" / f"{number:02d}"
        target = folder / path.relative_to(minutes)
        target.parent.mkdir(parents=True)
        shutil.copy(path, target)
        for manifest in minutes.rglob("manifest.toml"):
            copy = folder / manifest.relative_to(minutes)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(manifest, copy)
        folders.append((folder, last_item))
    if len(folders) < count:
        raise SystemExit(f"only {len(folders)} generated meetings of 15-25 items")
    return folders


def add_meeting(
    base: str, index: Path, folder: Path, item: str, code: Path | None = None
) -> dict[str, Any]:
    """Index one meeting's folder: seconds until the server answered its item (polled
    every 20 ms from the start), until the command ended, and the command's CPU seconds."""
    url = f"{base}/api/items/{quote(item)}"
    before = fetch(url)[0]
    command = [sys.executable, "-m", "referat", "index", str(folder), "--index", str(index)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    # ``code``: another checkout of Referat (the baseline) runs the command
    environment = dict(os.environ, PYTHONPATH=str(code)) if code else None
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=code, env=environment
    )
    visible: float | None = None
    ended: float | None = None
    while visible is None and time.perf_counter() - started < 60:
        if ended is None and process.poll() is not None:
            ended = time.perf_counter() - started
        if fetch(url, timeout=10)[0] == 200:
            visible = time.perf_counter() - started
        elif ended is not None and time.perf_counter() - started > ended + 15:
            break
        else:
            time.sleep(0.02)
    _, stderr = process.communicate()
    ended = ended if ended is not None else time.perf_counter() - started
    return {
        "exit": process.returncode,
        "stderr": stderr.decode(errors="replace")[-500:] if process.returncode else "",
        "status_before": before,
        "visible_s": None if visible is None else round(visible, 3),
        "command_s": round(ended, 3),
        "command_cpu_s": round(_children_cpu() - cpu_before, 3),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def segment_count(index: Path) -> int:
    return len(open_generation(index).index._read_toc().segments)


def check_seconds(index: Path) -> dict[str, float]:
    """Seconds of the cheap check (opening) and of reading every byte (the old plain run)."""
    sums = open_generation(index).sums
    started = time.perf_counter()
    assert not verify(index, sums, thorough=False)
    cheap = time.perf_counter() - started
    started = time.perf_counter()
    assert not verify(index, sums, thorough=True)
    thorough = time.perf_counter() - started
    return {"cheap_s": round(cheap, 3), "every_byte_s": round(thorough, 3)}


def mix_latency(index: Path, rounds: int, label: str) -> dict[str, Any]:
    full = referat_latency(index, query_mix(), rounds)["full"]
    figures = {"after": label, "segments": segment_count(index), **full}
    print(json.dumps(figures), flush=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100000, help="which benchmark index")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--index", type=Path, help="another index to copy")
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--small-after", type=int, default=8, help="updates before the mix")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the in-process mix")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of earlier code: every other update is run with it, for comparison",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    source = args.index or CACHE / f"index-{args.items}-s{args.seed}"
    if not source.is_dir():
        raise SystemExit(f"no index at {source}; run `python -m bench.run --items {args.items}`")
    figures: dict[str, Any] = {"index": str(source), "updates": [], "mix": []}
    work = Path(tempfile.mkdtemp(prefix="referat-update-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        index = work / "index"
        shutil.copytree(source, index)
        count = args.updates * (2 if args.baseline else 1)
        folders = one_meeting_folders(work, count, seed=args.seed + 2000)
        figures["check"] = check_seconds(index)
        print(json.dumps(figures["check"]), flush=True)
        figures["mix"].append(mix_latency(index, args.rounds, "0 updates (baseline)"))
        server, base = serve(index, args.workers, work / "server.log")
        mix = query_mix()
        figures["serving_before"] = load(base, mix, args.clients, 40 * args.clients, None)
        print(json.dumps({"serving_before": figures["serving_before"]}), flush=True)
        done = threading.Event()
        serving: dict[str, Any] = {}

        def searching() -> None:
            serving.update(load(base, mix, args.clients, 100_000, done))

        clients = threading.Thread(target=searching)
        clients.start()
        try:
            for number, (folder, item) in enumerate(folders, 1):
                baseline = args.baseline is not None and number % 2 == 0
                code = args.baseline if baseline else None
                update = {"update": number, "baseline": baseline}
                update.update(add_meeting(base, index, folder, item, code))
                update["segments"] = segment_count(index)
                figures["updates"].append(update)
                print(json.dumps(update), flush=True)
                if number == args.small_after:
                    done.set()
                    clients.join()
                    figures["mix"].append(
                        mix_latency(index, args.rounds, f"{number} updates (small segments)")
                    )
                    done.clear()
                    clients = threading.Thread(target=searching)
                    clients.start()
        finally:
            done.set()
            clients.join()
        figures["serving_during"] = serving
        print(json.dumps({"serving_during": serving}), flush=True)
        figures["mix"].append(mix_latency(index, args.rounds, f"{len(folders)} updates"))
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    shown = [u["visible_s"] for u in figures["updates"]]
    failed = None in shown or figures.get("serving_during", {}).get("errors", 1)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    sys.exit(1 if failed else 0)


def report(figures: dict[str, Any]) -> str:
    updates = figures["updates"]
    lines = [f"{len(updates)} updates of one meeting (15-25 items) into {figures['index']}"]
    for baseline in (False, True):
        chosen = [u for u in updates if u["baseline"] == baseline]
        visible = [u["visible_s"] for u in chosen if u["visible_s"] is not None]
        if not visible:
            continue
        cpu = [u["command_cpu_s"] for u in chosen]
        p95 = percentile(visible, 0.95)
        verdict = "within" if p95 <= 2.0 else "above"
        lines.append(
            f"{'baseline code' if baseline else 'this code'}, {len(chosen)} updates: searchable "
            f"after p50 {percentile(visible, 0.5):.2f} s, p95 {p95:.2f} s ({verdict} the 2 s "
            f"target; {len(chosen) - len(visible)} never); the command's CPU p50 "
            f"{percentile(cpu, 0.5):.2f} s, p95 {percentile(cpu, 0.95):.2f} s"
        )
    lines.append(f"load average at the end: {os.getloadavg()[0]:.1f}")
    check = figures["check"]
    lines.append(
        f"check before building: every byte {check['every_byte_s']:.2f} s (before), "
        f"opening's cheap check {check['cheap_s']:.3f} s"
    )
    for name in ("serving_before", "serving_during"):
        s = figures.get(name, {})
        lines.append(
            f"server {name.split('_')[1]} the updates: {s.get('requests', 0)} requests, "
            f"p50 {s.get('p50_ms', 0):.0f} ms, p95 {s.get('p95_ms', 0):.0f} ms, "
            f"errors {s.get('errors', '?')}"
        )
    for mix in figures["mix"]:
        lines.append(
            f"mix after {mix['after']}: {mix['segments']} segments, p50 {mix['p50_ms']:.1f} ms, "
            f"p95 {mix['p95_ms']:.1f} ms"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
