"""What the archive holds, for the librarian: coverage, outcomes, and what needs a look."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from search.index import open_index

EXCERPT = 120


def archive_report(index_dir: Path) -> dict[str, Any]:
    """Coverage by organisation, committee and year; items without a recognised outcome;
    agendas still waiting for minutes; undated meetings; source files with warnings."""
    ix = open_index(index_dir)
    coverage: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    outcomes: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    unknown: list[dict[str, Any]] = []
    agendas: set[str] = set()
    undated: set[str] = set()
    warnings: dict[str, list[str]] = {}
    meetings: set[str] = set()
    sources: set[str] = set()
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            item = json.loads(fields["payload"])
            organisation = item.get("organisation") or "ukendt"
            committee = item.get("committee") or "ukendt"
            coverage[organisation][committee][str(fields.get("year") or "udateret")] += 1
            outcomes[item["outcome"]] += 1
            formats[item.get("source_format") or "ukendt"] += 1
            meetings.add(item["meeting_id"])
            sources.add(fields["source_path"])
            if item.get("kind") == "dagsorden":
                agendas.add(item["meeting_id"])
            elif item["outcome"] == "ukendt":
                decision = " ".join((item.get("decision") or "").split())
                unknown.append(
                    {"id": item["id"], "title": item["title"], "decision": decision[:EXCERPT]}
                )
            if not item.get("date"):
                undated.add(item["meeting_id"])
            told = json.loads(fields.get("warnings") or "[]")
            if told:
                warnings[fields["source_path"]] = told
    return {
        "index": str(index_dir),
        "totals": {
            "items": sum(outcomes.values()),
            "meetings": len(meetings),
            "files": len(sources),
        },
        "coverage": {
            org: {
                committee: dict(sorted(years.items()))
                for committee, years in sorted(committees.items())
            }
            for org, committees in sorted(coverage.items())
        },
        "outcomes": dict(outcomes.most_common()),
        "formats": dict(formats.most_common()),
        "unknown_outcome": sorted(unknown, key=lambda entry: entry["id"]),
        "agendas": sorted(agendas),
        "undated": sorted(undated),
        "files_with_warnings": [
            {"source": source, "warnings": told} for source, told in sorted(warnings.items())
        ],
    }
