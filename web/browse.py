"""Browsing the archive: committees (/udvalg), one committee, and the librarian's /arkiv."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, abort, render_template, url_for

from search.service import SearchRequest
from web import get_service
from web.archive import archive_view
from web.charts import Bar, bar_chart, share_chart

bp = Blueprint("browse", __name__)


def committee_key(meetings: Iterable[dict[str, Any]]) -> str:
    """A committee's address: its meetings' ids without the date
    (``ballerup/erhvervs-og-beskaeftigelsesudvalget``)."""
    first = next(iter(meetings))
    return str(first["id"]).rsplit("/", 1)[0]


def items_url(organisation: str | None, committee: str | None, **extra: Any) -> str:
    """The search listing a committee's items."""
    args: dict[str, Any] = {}
    if organisation:
        args["organisation"] = organisation
    if committee:
        args["committee"] = committee
    return url_for("pages.search", **args, **extra)


def _with_links(committees: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entry in committees:
        meetings = [m for year in entry["years"].values() for m in year]
        entry["key"] = committee_key(meetings)
        entry["items_url"] = items_url(entry["organisation"], entry["committee"])
        entry["page_url"] = url_for("browse.committee", key=entry["key"])
        entry["meetings"] = len(meetings)
    return committees


@bp.get("/udvalg")
def committees() -> Any:
    return render_template("committees.html", committees=_with_links(get_service().committees()))


@bp.get("/udvalg/<path:key>")
def committee(key: str) -> Any:
    service = get_service()
    chosen = next(
        (entry for entry in _with_links(service.committees()) if entry["key"] == key.strip("/")),
        None,
    )
    if chosen is None:
        abort(404)
    organisation, name = chosen["organisation"], chosen["committee"]
    years = sorted(chosen["years"].items())
    meetings_chart = bar_chart(
        [
            Bar(year, len(meetings), items_url(organisation, name, year=year))
            for year, meetings in years
        ],
        f"Møder pr. år i {name or 'udvalget'}",
        "møder",
        "meetings",
    )
    result = service.search(
        SearchRequest(
            organisation=[organisation] if organisation else [],
            committee=[name] if name else [],
            limit=1,
        )
    )
    outcomes = {entry["value"]: entry["count"] for entry in result["facets"].get("outcome", [])}
    total = sum(outcomes.values())
    shares = [
        {
            "value": value,
            "count": count,
            "percent": round(100 * count / total) if total else 0,
            "url": items_url(organisation, name, outcome=value),
        }
        for value, count in outcomes.items()
    ]
    return render_template(
        "committee.html",
        committee=chosen,
        years=years,
        meetings_chart=meetings_chart,
        shares=shares,
        shares_chart=share_chart(outcomes, f"Udfald af punkterne i {name or 'udvalget'}"),
        total=total,
    )


@bp.get("/arkiv")
def archive() -> Any:
    return render_template("archive.html", report=archive_view(get_service()))
