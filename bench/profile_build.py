"""CPU profiles of the two halves of ``referat index --rebuild``, one at a time.

``python -m bench.profile_build <minutes folder> [--limit N]`` profiles, with cProfile:

1. parsing: files → readers → normalise → index documents (the main process's work);
2. writing: the same documents added to a fresh index by one in-process whoosh writer,
   which is the work ``procs=2`` hands to each worker process (analysis, postings),
   then the commit.

Each phase prints its wall time and its top functions by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from bench.analysis_fingerprint import corpus_item_documents
from search.engines.whoosh.store import WhooshWriter
from search.fields import ItemDocument


def _report(title: str, profile: cProfile.Profile, seconds: float, top: int) -> None:
    print(f"\n=== {title}: {seconds:.1f} s ===")
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def profile_parse(root: Path, limit: int | None, top: int) -> list[ItemDocument]:
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    documents = list(corpus_item_documents(root, limit))
    profile.disable()
    _report(f"parse ({len(documents)} documents)", profile, time.perf_counter() - started, top)
    return documents


def profile_write(documents: list[ItemDocument], top: int) -> None:
    with tempfile.TemporaryDirectory(prefix="referat-profile-") as folder:
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        with WhooshWriter(Path(folder) / "index", rebuild=True) as session:
            for document in documents:
                session.add(document)
            session.commit()
        profile.disable()
        _report("write (one process)", profile, time.perf_counter() - started, top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path, help="a folder of minutes")
    parser.add_argument("--limit", type=int, default=None, help="documents to profile")
    parser.add_argument("--top", type=int, default=25, help="functions to list per table")
    parser.add_argument("--skip-write", action="store_true", help="profile parsing only")
    args = parser.parse_args()
    documents = profile_parse(args.root.resolve(), args.limit, args.top)
    if not args.skip_write:
        profile_write(documents, args.top)


if __name__ == "__main__":
    main()
