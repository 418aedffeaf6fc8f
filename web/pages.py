"""The Danish HTML pages: search, item, meeting, committees, help.

Each view asks the service for its dict and hands it to a template with a few
presentation extras (toggle links, Danish dates); no search logic lives here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for

from search.outcomes import outcome_label
from search.service import MAX_LIMIT
from web import get_service
from web.params import parse_search_args
from web.viewmodels import (
    SORT_LABELS,
    count_label,
    danish_date,
    danish_number,
    facet_views,
    highlighter,
    pagination,
    paragraphs,
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


@bp.app_template_filter("paragraphs")
def _paragraphs(value: str) -> list[str]:
    return paragraphs(value)


@bp.get("/")
def search() -> Any:
    page_size = current_app.config["PAGE_SIZE"]
    parsed = parse_search_args(request.args, default_limit=page_size)
    req = parsed.request
    result = get_service().search(req)
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
    pages = [
        {"number": n, "url": search_url(req, page_size, page=n)} if n else None
        for n in pagination(result["page"], result["pages"])
    ]
    suggestion_url = (
        search_url(req, page_size, q=result["suggestion"], page=1) if result["suggestion"] else None
    )
    first = (result["page"] - 1) * result["limit"]
    return render_template(
        "search.html",
        result=result,
        req=req,
        query_truncated=parsed.query_truncated,
        limit_capped=parsed.limit_capped,
        max_limit=MAX_LIMIT,
        facets=facet_views(result, req, page_size),
        chosen=selected_filters(req, page_size),
        reset_url=search_url(req, page_size, committee=[], year=[], outcome=[], closed=[], page=1),
        sorts=sorts,
        pages=pages,
        previous_url=search_url(req, page_size, page=result["page"] - 1)
        if result["page"] > 1
        else None,
        next_url=search_url(req, page_size, page=result["page"] + 1)
        if result["page"] < result["pages"]
        else None,
        suggestion_url=suggestion_url,
        total_label=count_label(result["total"]),
        first_rank=first + 1,
        last_rank=first + len(result["results"]),
    )


@bp.get("/punkt/<path:item_id>")
def item(item_id: str) -> Any:
    found = get_service().get_item(item_id.strip("/"))
    if found is None:
        abort(404)
    q = request.args.get("q", "")[:500]
    return render_template(
        "item.html",
        item=found,
        q=q,
        mark=highlighter(q),
        permalink=url_for("pages.item", item_id=found["id"], _external=True),
        back_url=url_for("pages.search", q=q) if q else None,
    )


@bp.get("/moede/<path:meeting_id>")
def meeting(meeting_id: str) -> Any:
    found = get_service().get_meeting(meeting_id.strip("/"))
    if found is None:
        abort(404)
    return render_template("meeting.html", meeting=found)


@bp.get("/udvalg")
def committees() -> Any:
    return render_template("committees.html", committees=get_service().committees())


@bp.get("/hjaelp")
def help_page() -> Any:
    return render_template("help.html")
