"""The archive report (what ``referat report`` prints) for the web: without the index's
location, and with a link on each line to the items it is about."""

from __future__ import annotations

from typing import Any

from flask import url_for

from search.service import SearchService


def public_report(service: SearchService) -> dict[str, Any]:
    """The report as the API serves it: everything but where the index lies on the server."""
    report = service.report()
    report.pop("index", None)
    return report


def _search(**args: Any) -> str:
    return url_for("pages.search", **{name: value for name, value in args.items() if value})


def archive_view(service: SearchService) -> dict[str, Any]:
    """The report with links: coverage lines to searches, items and meetings to their pages."""
    report = public_report(service)
    coverage = []
    for organisation, committees in report["coverage"].items():
        org = organisation if organisation != "ukendt" else None
        rows = []
        for committee, years in committees.items():
            name = committee if committee != "ukendt" else None
            rows.append(
                {
                    "committee": committee,
                    "url": _search(organisation=org, committee=name),
                    "total": sum(years.values()),
                    "years": [
                        {
                            "year": year,
                            "count": count,
                            "url": _search(
                                organisation=org,
                                committee=name,
                                year=year if year.isdigit() else None,
                            ),
                        }
                        for year, count in years.items()
                    ],
                }
            )
        coverage.append(
            {
                "organisation": organisation,
                "organisation_name": report.get("organisation_names", {}).get(organisation),
                "url": _search(organisation=org),
                "total": sum(row["total"] for row in rows),
                "committees": rows,
            }
        )
    return {
        **report,
        "coverage": coverage,
        "outcome_urls": {slug: _search(outcome=slug) for slug in report["outcomes"]},
    }
