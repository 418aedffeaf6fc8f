"""What the archive holds, for the librarian: coverage, outcomes, and what needs a look."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from search.engine import Engine

EXCERPT = 120


def archive_report(engine: Engine) -> dict[str, Any]:
    """Coverage by organisation, committee and year; items without a recognised outcome;
    agendas still waiting for minutes; undated meetings; source files with warnings (named
    relative to the folder that was indexed, with the meetings read from them); and the
    values that were guessed rather than read (which, and from where), per meeting."""
    coverage: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    names: dict[str, str | None] = {}  # organisation → its official name, when known
    outcomes: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    unknown: list[dict[str, Any]] = []
    agendas: set[str] = set()
    undated: set[str] = set()
    warnings: dict[str, dict[str, Any]] = {}  # by source path: shown name, meetings, warnings
    meetings: set[str] = set()
    sources: set[str] = set()
    guessed: dict[str, dict[str, Any]] = {}
    for indexed in engine.all_items():
        item = indexed.item
        organisation = item.get("organisation") or "ukendt"
        committee = item.get("committee") or "ukendt"
        year = (item.get("date") or "")[:4] or "udateret"
        coverage[organisation][committee][year] += 1
        if item.get("organisation_name"):
            names[organisation] = item["organisation_name"]
        outcomes[item["outcome"]] += 1
        formats[item.get("source_format") or "ukendt"] += 1
        meetings.add(item["meeting_id"])
        sources.add(indexed.source_path)
        if item.get("kind") == "dagsorden":
            agendas.add(item["meeting_id"])
        elif item["outcome"] == "ukendt":
            decision = " ".join((item.get("decision") or "").split())
            unknown.append(
                {"id": item["id"], "title": item["title"], "decision": decision[:EXCERPT]}
            )
        if not item.get("date"):
            undated.add(item["meeting_id"])
        if indexed.warnings:
            entry = warnings.setdefault(
                indexed.source_path,
                {
                    "source": item.get("source_file") or "",
                    "meetings": [],
                    "warnings": indexed.warnings,
                },
            )
            if item["meeting_id"] not in entry["meetings"]:
                entry["meetings"].append(item["meeting_id"])
        if item.get("guessed"):
            guessed[item["meeting_id"]] = {
                "meeting": item["meeting_id"],
                "source": item.get("source_file") or "",
                "guessed": {
                    name: {"value": item.get(name), "from": where}
                    for name, where in sorted(item["guessed"].items())
                },
            }
    return {
        "index": engine.location,
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
        "organisation_names": dict(sorted(names.items())),
        "outcomes": dict(outcomes.most_common()),
        "formats": dict(formats.most_common()),
        "unknown_outcome": sorted(unknown, key=lambda entry: entry["id"]),
        "agendas": sorted(agendas),
        "undated": sorted(undated),
        "files_with_warnings": sorted(warnings.values(), key=lambda entry: entry["source"]),
        "guessed_values": [guessed[meeting] for meeting in sorted(guessed)],
    }
