"""Relevance benchmark: Referat against two baselines, on the judged queries of the test corpus.

Run with ``.venv/bin/python -m bench.relevance [--json PATH]``. In one run it indexes the fixed
test corpus the queries were judged on (tests/fixtures/bundled) with Referat (a temporary
index), builds the FTS5 and Snowball-only baselines from the very item texts stored in that
index, runs every query in tests/relevance/judgments.toml through all three and prints
recall@10, MRR and nDCG@10, overall and per category.

For a misspelled query Referat is measured on the query it suggests ("Mente du …?"), as a user
who follows the suggestion; the baselines, which suggest nothing, on the query as typed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.baselines import (
    Fts5System,
    documents_from_index,
    fts5_baseline,
    snowball_baseline,
)
from bench.metrics import Scores, mean, score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "bundled"  # the corpus the judgments were made on
JUDGMENTS = ROOT / "tests" / "relevance" / "judgments.toml"
DEPTH = 100


@dataclass(frozen=True)
class Judgment:
    """One judged query (see the header of judgments.toml)."""

    q: str
    category: str
    relevant: dict[str, int]
    user: str | None = None
    best: str | None = None
    suggestion: str | None = None
    must_not: tuple[str, ...] = ()
    note: str = ""

    @property
    def scored(self) -> bool:
        """Queries without relevant items (only ``must_not``) do not enter the metrics."""
        return any(grade > 0 for grade in self.relevant.values())


def load_judgments(path: Path = JUDGMENTS) -> list[Judgment]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return [
        Judgment(
            q=entry["q"],
            category=entry["category"],
            relevant={str(k): int(v) for k, v in entry.get("relevant", {}).items()},
            user=entry.get("user"),
            best=entry.get("best"),
            suggestion=entry.get("suggestion"),
            must_not=tuple(entry.get("must_not", ())),
            note=entry.get("note", ""),
        )
        for entry in raw["query"]
    ]


@dataclass
class Run:
    """What one system returned for one judged query."""

    ranking: list[str]
    ran: str  # the query actually run (Referat: the suggestion, for misspellings)
    suggestion: str | None = None


def referat_search(service: Any, judgment: Judgment) -> Run:
    """Run a judged query through Referat's SearchService, following its suggestion if any."""
    from search.service import SearchRequest

    result = service.search(SearchRequest(q=judgment.q, limit=DEPTH))
    suggestion = result.get("suggestion")
    if judgment.suggestion is not None and suggestion:
        followed = service.search(SearchRequest(q=suggestion, limit=DEPTH))
        return Run([r["id"] for r in followed["results"]], suggestion, suggestion)
    return Run([r["id"] for r in result["results"]], judgment.q, suggestion)


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


def evaluate(
    name: str, judgments: Sequence[Judgment], search: Callable[[Judgment], Run]
) -> SystemReport:
    report = SystemReport(name)
    for judgment in judgments:
        run = search(judgment)
        report.per_query.append((judgment, run, score(run.ranking, judgment.relevant)))
    return report


def run_benchmark(judgments: Sequence[Judgment]) -> list[SystemReport]:
    from indexer.pipeline import index_paths
    from search.service import SearchService

    with tempfile.TemporaryDirectory(prefix="referat-relevance-") as tmp:
        index_dir = Path(tmp) / "index"
        index_report = index_paths([DATA], index_dir)
        if index_report.failed:
            raise SystemExit(index_report.to_text())
        documents = documents_from_index(index_dir)
        service = SearchService.open(index_dir)
        try:
            referat = evaluate("Referat", judgments, lambda j: referat_search(service, j))
        finally:
            service.close()
    reports = [referat]
    for system in (fts5_baseline(documents), snowball_baseline(documents)):
        reports.append(evaluate(system.name, judgments, _baseline_search(system)))
    return reports


def _baseline_search(system: Fts5System) -> Callable[[Judgment], Run]:
    def search(judgment: Judgment) -> Run:
        return Run(system.search(judgment.q, DEPTH), judgment.q)

    return search


def _row(label: str, values: Sequence[Scores], width: int) -> str:
    cells = "".join(f"  {s.recall:9.3f} {s.mrr:6.3f} {s.ndcg:8.3f}" for s in values)
    return f"{label:<{width}}{cells}"


def format_table(reports: Sequence[SystemReport]) -> str:
    width = 18
    header = f"{'':<{width}}" + "".join(f"  {r.name:<25.25}" for r in reports)
    metrics = f"{'':<{width}}" + "  recall@10    MRR  nDCG@10" * len(reports)
    lines = [header, metrics, _row("all", [r.overall() for r in reports], width), ""]
    for label, key in (("category", _category), ("user", _user)):
        groups = [r.by(key) for r in reports]
        for name in groups[0]:
            lines.append(_row(f"{label[:3]}:{name}", [g[name] for g in groups], width))
        lines.append("")
    scored = sum(1 for j, _, _ in reports[0].per_query if j.scored)
    lines.append(f"{scored} scored queries of {len(reports[0].per_query)} judged")
    return "\n".join(lines)


def _category(judgment: Judgment) -> str:
    return judgment.category


def _user(judgment: Judgment) -> str | None:
    return judgment.user


def to_json(reports: Sequence[SystemReport]) -> dict[str, Any]:
    return {
        report.name: {
            "overall": report.overall().as_dict(),
            "categories": {k: v.as_dict() for k, v in report.by(_category).items()},
            "users": {k: v.as_dict() for k, v in report.by(_user).items()},
            "queries": [
                {"q": j.q, "ran": run.ran, "top": run.ranking[:10], **s.as_dict()}
                for j, run, s in report.per_query
            ],
        }
        for report in reports
    }


def losses(reports: Sequence[SystemReport]) -> list[str]:
    """Queries where a baseline scores higher than Referat on some metric (for the reader)."""
    lines: list[str] = []
    referat = reports[0]
    for other in reports[1:]:
        for (judgment, run, mine), (_, theirs_run, theirs) in zip(
            referat.per_query, other.per_query, strict=True
        ):
            if judgment.scored and (theirs.ndcg > mine.ndcg + 1e-9 or theirs.mrr > mine.mrr):
                lines.append(
                    f"{other.name} beats Referat on {judgment.q!r}: nDCG {theirs.ndcg:.3f} > "
                    f"{mine.ndcg:.3f} (Referat top: {run.ranking[:3]}, "
                    f"theirs: {theirs_run.ranking[:3]})"
                )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument("--losses", action="store_true", help="list queries a baseline wins")
    args = parser.parse_args(argv)
    reports = run_benchmark(load_judgments(args.judgments))
    print(format_table(reports))
    if args.losses:
        print("\n".join(losses(reports)) or "no query where a baseline beats Referat")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(to_json(reports), ensure_ascii=False, indent=2)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
