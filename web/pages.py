"""The Danish HTML pages: search, item, meeting, help.

Each view asks the service for its dict and hands it to a template with a few
presentation extras (toggle links, Danish dates, charts); no search logic lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for

from search.citations import FORMATS as CITATION_FORMATS
from search.citations import danish_citation, publisher
from search.dates import danish_date
from search.export import FORMATS as EXPORT_FORMATS
from search.outcomes import outcome_label
from search.service import MAX_LIMIT, SearchRequest
from web import get_service
from web.charts import Bar, bar_chart
from web.itemview import item_view, paragraphs
from web.params import parse_search_args
from web.viewmodels import (
    PAGE_FACET_SIZE,
    SORT_LABELS,
    count_label,
    danish_number,
    facet_views,
    highlighter,
    pagination,
    search_url,
    selected_filters,
)

bp = Blueprint("pages", __name__)


@bp.app_template_filter("danish_date")
def _danish_date(value: str | None) -> str:
    return danish_date(value)


@bp.app_template_filter("danish_number")
def _danish_number(value: int) -> str:
    return danish_number(value)


@bp.app_template_filter("outcome_label")
def _outcome_label(value: str) -> str:
    return outcome_label(value)


@bp.app_template_filter("publisher")
def _publisher(value: Any) -> str:
    """An item, meeting or committee entry's publisher: "Københavns Kommune", "Region …"."""
    return publisher(value)


@bp.app_template_filter("paragraphs")
def _paragraphs(value: str) -> list[str]:
    return paragraphs(value)


def search_args(req: SearchRequest, **extra: Any) -> dict[str, Any]:
    """The URL arguments of a search, for the links beside its results (export, feed)."""
    args: dict[str, Any] = {"q": req.q} if req.q else {}
    args.update({name: values for name, values in req.filters().items() if values})
    if req.exact:
        args["exact"] = "1"
    if req.collapse:
        args["collapse"] = "1"
    if req.sort:
        args["sort"] = req.sort
    return {**args, **extra}


def year_chart(result: dict[str, Any], req: SearchRequest, page_size: int) -> Any:
    """Hits per year as bars (oldest first); a bar sets that year as the filter."""
    years = sorted(
        (entry for entry in result["facets"].get("year", []) if entry["count"]),
        key=lambda entry: entry["value"],
    )
    if len(years) < 2 and not req.year:
        return None
    bars = [
        Bar(
            entry["value"],
            entry["count"],
            search_url(req, page_size, year=[entry["value"]], page=1),
            entry["selected"],
        )
        for entry in years
    ]
    return bar_chart(bars, "Fundne punkter pr. år (vælg et år)", "punkter", "years")


def unknown_values(req: SearchRequest, archive: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Chosen committees and municipalities the archive does not hold at all."""
    missing = []
    for name, label in (("organisation", "kommune"), ("committee", "udvalg")):
        known = archive.get(name, {})
        missing += [f"{label} »{value}«" for value in req.filters()[name] if value not in known]
    return missing


@bp.get("/")
def search() -> Any:
    page_size = current_app.config["PAGE_SIZE"]
    parsed = parse_search_args(
        request.args, default_limit=page_size, default_facet_size=PAGE_FACET_SIZE
    )
    req = parsed.request
    service = get_service()
    result = service.search(req)
    archive = service.archive_counts()
    sorts = [
        {
            "value": value,
            "label": label,
            "url": search_url(req, page_size, sort=value, page=1),
            "current": result["sort"] == value,
        }
        for value, label in SORT_LABELS.items()
        if value != "relevance" or req.q.strip()
    ]
    beyond = result["total"] > 0 and result["page"] > result["pages"]
    pages = [
        {"number": n, "url": search_url(req, page_size, page=n)} if n else None
        for n in pagination(min(result["page"], result["pages"]), result["pages"])
    ]
    suggestion_url = (
        search_url(req, page_size, q=result["suggestion"], page=1) if result["suggestion"] else None
    )
    first = (result["page"] - 1) * result["limit"]
    facets = facet_views(result, req, page_size)
    several_organisations = len(archive.get("organisation", {})) > 1
    facets = [
        facet
        for facet in facets
        if facet["name"] != "organisation" or several_organisations or facet["selected"]
    ]
    html = render_template(
        "search.html",
        result=result,
        req=req,
        query_truncated=parsed.query_truncated,
        limit_capped=parsed.limit_capped,
        max_limit=MAX_LIMIT,
        facets=facets,
        chosen=selected_filters(req, page_size),
        unknown=unknown_values(req, archive),
        reset_url=search_url(
            req, page_size, organisation=[], committee=[], year=[], outcome=[], closed=[], page=1
        ),
        sorts=sorts,
        pages=pages,
        beyond=beyond,
        previous_url=search_url(req, page_size, page=result["page"] - 1)
        if 1 < result["page"] <= result["pages"]
        else None,
        next_url=search_url(req, page_size, page=result["page"] + 1)
        if result["page"] < result["pages"]
        else None,
        suggestion_url=suggestion_url,
        total_label=count_label(result["total"]),
        first_rank=first + 1,
        last_rank=first + len(result["results"]),
        chart=year_chart(result, req, page_size),
        exports=[
            {"format": name, "url": url_for("api.search", **search_args(req, format=name))}
            for name in EXPORT_FORMATS
        ],
        feed_url=url_for("feeds.feed", **search_args(req)),
    )
    return html, 404 if beyond else 200


@bp.get("/punkt/<path:item_id>")
def item(item_id: str) -> Any:
    found = get_service().get_item(item_id.strip("/"))
    if found is None:
        abort(404)
    q = request.args.get("q", "")[:500]
    permalink = url_for("pages.item", item_id=found["id"], _external=True)
    return render_template(
        "item.html",
        item=found,
        view=item_view(found),
        q=q,
        mark=highlighter(q),
        permalink=permalink,
        citation=danish_citation(found, permalink),
        citation_files=[
            {"format": name, "url": url_for("api.item", item_id=found["id"], format=name)}
            for name in CITATION_FORMATS
        ],
        back_url=url_for("pages.search", q=q) if q else None,
    )


@bp.get("/moede/<path:meeting_id>")
def meeting(meeting_id: str) -> Any:
    found = get_service().get_meeting(meeting_id.strip("/"))
    if found is None:
        abort(404)
    return render_template("meeting.html", meeting=found)


@bp.get("/hjaelp")
def help_page() -> Any:
    return render_template("help.html")
