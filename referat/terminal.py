"""How the ``referat`` command's answers read in a terminal: results, the archive report
and an index check as plain text (``--json`` prints the same dicts as JSON)."""

from __future__ import annotations

import html
import re
from typing import Any

import click

from search.engine import IndexCheck


def terminal_snippet(snippet: str) -> str:
    marked = re.sub(
        r"<mark>(.*?)</mark>", lambda m: click.style(m[1], bold=True, underline=True), snippet
    )
    return html.unescape(marked)


def format_results(result: dict[str, Any]) -> str:
    lines = [
        f'{result["total"]} items for "{result["query"]}" '
        f"(page {result['page']} of {result['pages']}, {result['mode']} search)"
    ]
    if result.get("suggestion"):
        lines.append(f"Did you mean: {result['suggestion']}")
    first = (result["page"] - 1) * result["limit"]
    for rank, hit in enumerate(result["results"], start=first + 1):
        closed = " CLOSED" if hit["closed"] else ""
        lines.append("")
        lines.append(
            f"{rank:3}. {hit['date'] or 'undated'}  {hit['committee']}, item {hit['number']}"
            f"  [{hit['outcome']}]{closed}"
        )
        lines.append(f"     {click.style(hit['title'], bold=True)}")
        if hit["snippet"]:
            lines.append(f"     {terminal_snippet(hit['snippet'])}")
        lines.append(f"     {hit['id']}")
    return "\n".join(lines)


def format_report(report: dict[str, Any]) -> str:
    totals = report["totals"]
    lines = [
        f"{totals['items']} items in {totals['meetings']} meetings from {totals['files']} files",
        "",
    ]
    lines.append("Coverage (items per year):")
    for organisation, committees in report["coverage"].items():
        lines.append(f"  {organisation}")
        for committee, years in committees.items():
            spread = ", ".join(f"{year}: {count}" for year, count in years.items())
            lines.append(f"    {committee}: {spread}")
    lines.append("")
    lines.append(
        "Outcomes: " + ", ".join(f"{slug} {count}" for slug, count in report["outcomes"].items())
    )
    lines.append(
        "Formats: " + ", ".join(f"{name} {count}" for name, count in report["formats"].items())
    )
    if report["unknown_outcome"]:
        lines += [
            "",
            f"Minutes items whose decision wording was not recognised ({len(report['unknown_outcome'])}):",
        ]
        lines += [
            f"  {entry['id']}: {entry['decision'] or '(no decision text)'}"
            for entry in report["unknown_outcome"]
        ]
    if report["agendas"]:
        lines += ["", "Agendas without minutes yet:"] + [
            f"  {meeting}" for meeting in report["agendas"]
        ]
    if report["undated"]:
        lines += ["", "Undated meetings (add a date in manifest.toml):"] + [
            f"  {m}" for m in report["undated"]
        ]
    if report.get("guessed_values"):
        lines += ["", "Values guessed, not read (check them, or state them in manifest.toml):"]
        for entry in report["guessed_values"]:
            lines.append(f"  {entry['meeting']} ({entry['source']})")
            lines += [
                f"    {name} = {told['value']!r}, from {told['from']}"
                for name, told in entry["guessed"].items()
            ]
    if report["files_with_warnings"]:
        lines += ["", "Files with warnings:"]
        for entry in report["files_with_warnings"]:
            lines.append(f"  {entry['source']}")
            lines += [f"    {warning}" for warning in entry["warnings"]]
    return "\n".join(lines)


def format_check(result: IndexCheck) -> str:
    lines = [
        f"Index {result.location}: generation {result.generation}, "
        + (f"{result.items:,} items, " if result.items is not None else "")
        + f"{result.parts} files ({result.size / 1e6:,.1f} MB) verified in {result.seconds:.2f} s."
    ]
    if result.outdated:
        lines.append(f"OUTDATED: {result.outdated}.")
    if result.damaged:
        lines.append("DAMAGED:")
        lines += [f"  {problem}" for problem in result.damaged]
    if result.ok:
        lines.append("OK: every file matches what was recorded when it was written.")
    else:
        lines.append("Rebuild it from the source files: referat index --rebuild PATHS")
    if result.leftovers:
        lines.append(
            f"{len(result.leftovers)} leftovers of an unfinished run (the next "
            "`referat index` removes them): "
            + ", ".join(result.leftovers[:5])
            + (" …" if len(result.leftovers) > 5 else "")
        )
    return "\n".join(lines)
