"""Relevance benchmark: Referat against two baselines, on every judged query set, in one run.

Run with ``.venv/bin/python -m bench.relevance [--json PATH] [--losses] [--set NAME]``. For
each judged set (bench/judgments.py: the small bundled corpus, and Greve's archive in data/)
it indexes the set's corpus with Referat (a temporary index), builds the FTS5 and
Snowball-only baselines from the very item texts stored in that index, runs every judged
query through all of them and prints recall@10, MRR and nDCG@10, overall, per category and
per user group.

For a misspelled query Referat is measured on the query it suggests ("Mente du …?"), as a user
who follows the suggestion; the baselines, which suggest nothing, on the query as typed.

Another engine: ``--engine URL`` also indexes each set's corpus into the index at
``URL-<set>`` (an OpenSearch URL once that engine exists; see search/engine.py) and measures
Referat on it with the same queries, in the same run, as "Referat (<engine kind>)".
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.baselines import Fts5System, documents_from_index, fts5_baseline, snowball_baseline
from bench.judgments import (
    DEPTH,
    JUDGED_SETS,
    SETS_BY_NAME,
    JudgedSet,
    Judgment,
    Run,
    load_set,
    referat_search,
)
from bench.metrics import Scores, mean, score
from search.engine import IndexOutdated, IndexUnavailable, engine_kind, open_engine


@dataclass
class SystemReport:
    name: str
    per_query: list[tuple[Judgment, Run, Scores]] = field(default_factory=list)

    def overall(self) -> Scores:
        return mean([s for j, _, s in self.per_query if j.scored])

    def by(self, key: Callable[[Judgment], str | None]) -> dict[str, Scores]:
        groups: dict[str, list[Scores]] = {}
        for judgment, _, scores in self.per_query:
            name = key(judgment)
            if name and judgment.scored:
                groups.setdefault(name, []).append(scores)
        return {name: mean(values) for name, values in sorted(groups.items())}


@dataclass
class SetReport:
    """Every system's results on one judged set."""

    judged: JudgedSet
    systems: list[SystemReport]


def evaluate(
    name: str, judgments: Sequence[Judgment], search: Callable[[Judgment], Run]
) -> SystemReport:
    report = SystemReport(name)
    for judgment in judgments:
        run = search(judgment)
        report.per_query.append((judgment, run, score(run.ranking, judgment.relevant)))
    return report


def build_index(judged: JudgedSet, location: str | Path) -> None:
    """Index the set's corpus afresh at ``location`` (a folder or an engine's URL)."""
    from indexer.pipeline import index_paths

    report = index_paths(judged.corpus, location, rebuild=True)
    if report.failed:
        raise SystemExit(report.to_text())


def referat_report(name: str, location: str | Path, judgments: Sequence[Judgment]) -> SystemReport:
    from search.service import SearchService

    service = SearchService.open(location)
    try:
        return evaluate(name, judgments, lambda j: referat_search(service, j))
    finally:
        service.close()


def run_set(
    judged: JudgedSet, workdir: Path, reuse: bool = False, engines: Sequence[str] = ()
) -> SetReport:
    """Referat, the baselines and any other engine on one judged set."""
    judgments = load_set(judged)
    index_dir = workdir / judged.name
    if not (reuse and _usable(index_dir)):
        build_index(judged, index_dir)
    systems = [referat_report("Referat", index_dir, judgments)]
    for location in engines:
        other = f"{location.rstrip('/')}-{judged.name}"
        build_index(judged, other)
        systems.append(referat_report(f"Referat ({engine_kind(other)})", other, judgments))
    documents = documents_from_index(index_dir)
    for system in (fts5_baseline(documents), snowball_baseline(documents)):
        systems.append(evaluate(system.name, judgments, _baseline_search(system)))
    return SetReport(judged, systems)


def _usable(index_dir: Path) -> bool:
    """Whether a kept index exists and this version of Referat can read it."""
    if not index_dir.exists():
        return False
    try:
        open_engine(index_dir).close()
    except IndexOutdated:
        return False
    return True


def run_benchmark(
    sets: Sequence[JudgedSet] = JUDGED_SETS,
    index_root: Path | None = None,
    engines: Sequence[str] = (),
) -> list[SetReport]:
    """Every set in one run; ``index_root`` keeps Referat's indexes there for later runs
    (only while the analysis is unchanged), else they are temporary."""
    if index_root is not None:
        index_root.mkdir(parents=True, exist_ok=True)
        return [run_set(judged, index_root, reuse=True, engines=engines) for judged in sets]
    with tempfile.TemporaryDirectory(prefix="referat-relevance-") as tmp:
        return [run_set(judged, Path(tmp), engines=engines) for judged in sets]


def _baseline_search(system: Fts5System) -> Callable[[Judgment], Run]:
    def search(judgment: Judgment) -> Run:
        return Run(system.search(judgment.q, DEPTH, judgment.filters), judgment.q)

    return search


def _row(label: str, values: Sequence[Scores], width: int) -> str:
    cells = "".join(f"  {s.recall:9.3f} {s.mrr:6.3f} {s.ndcg:8.3f}" for s in values)
    return f"{label:<{width}}{cells}"


def format_table(report: SetReport) -> str:
    systems = report.systems
    width = 20
    header = f"{'':<{width}}" + "".join(f"  {r.name:<25.25}" for r in systems)
    metrics = f"{'':<{width}}" + "  recall@10    MRR  nDCG@10" * len(systems)
    lines = [f"== {report.judged.name}: {report.judged.description}", header, metrics]
    lines += [_row("all", [r.overall() for r in systems], width), ""]
    for label, key in (("category", _category), ("user", _user)):
        groups = [r.by(key) for r in systems]
        for name in groups[0]:
            count = sum(1 for j, _, _ in systems[0].per_query if j.scored and key(j) == name)
            lines.append(_row(f"{label[:3]}:{name} ({count})", [g[name] for g in groups], width))
        lines.append("")
    scored = sum(1 for j, _, _ in systems[0].per_query if j.scored)
    lines.append(f"{scored} scored queries of {len(systems[0].per_query)} judged")
    return "\n".join(lines)


def _category(judgment: Judgment) -> str:
    return judgment.category


def _user(judgment: Judgment) -> str | None:
    return judgment.user


def to_json(reports: Sequence[SetReport]) -> dict[str, Any]:
    return {
        report.judged.name: {
            system.name: {
                "overall": system.overall().as_dict(),
                "categories": {k: v.as_dict() for k, v in system.by(_category).items()},
                "users": {k: v.as_dict() for k, v in system.by(_user).items()},
                "queries": [
                    {"q": j.key, "ran": run.ran, "top": run.ranking[:10], **s.as_dict()}
                    for j, run, s in system.per_query
                ],
            }
            for system in report.systems
        }
        for report in reports
    }


def losses(report: SetReport) -> list[str]:
    """Queries where another system scores higher than Referat, and queries where Referat
    leaves an item judged "about it" out of its first ten (for the reader)."""
    lines: list[str] = []
    referat = report.systems[0]
    for judgment, run, _ in referat.per_query:
        about = judgment.about
        missing = min(len(about), 10) - len(about & set(run.ranking[:10]))
        if missing > 0:
            lines.append(
                f"{report.judged.name}: Referat misses {missing} 'about' item(s) in the first ten"
                f" for {judgment.key!r} ({judgment.category}; ran {run.ran!r})"
            )
    for other in report.systems[1:]:
        for (judgment, run, mine), (_, theirs_run, theirs) in zip(
            referat.per_query, other.per_query, strict=True
        ):
            if judgment.scored and (theirs.ndcg > mine.ndcg + 1e-9 or theirs.mrr > mine.mrr):
                lines.append(
                    f"{report.judged.name}: {other.name} beats Referat on {judgment.key!r}: "
                    f"nDCG {theirs.ndcg:.3f} > {mine.ndcg:.3f} (Referat top: "
                    f"{run.ranking[:3]}, theirs: {theirs_run.ranking[:3]})"
                )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument(
        "--set", action="append", choices=sorted(SETS_BY_NAME), help="only this judged set"
    )
    parser.add_argument("--losses", action="store_true", help="list the queries Referat loses")
    parser.add_argument(
        "--engine",
        action="append",
        default=[],
        metavar="URL",
        help="also measure Referat on another engine, indexing each set at URL-<set>",
    )
    parser.add_argument(
        "--index-dir",
        type=Path,
        help="keep Referat's indexes here and reuse them (delete after changing the analysis)",
    )
    args = parser.parse_args(argv)
    sets = [SETS_BY_NAME[name] for name in args.set] if args.set else list(JUDGED_SETS)
    try:
        reports = run_benchmark(sets, args.index_dir, args.engine)
    except IndexUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for report in reports:
        print(format_table(report))
        if args.losses:
            print("\n".join(losses(report)) or "no query where Referat loses")
        print()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(to_json(reports), ensure_ascii=False, indent=2)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
