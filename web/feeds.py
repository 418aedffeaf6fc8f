"""What other programs read: an Atom feed of any search, the OpenSearch description,
robots.txt and a sitemap of every item's permalink."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, render_template, request, stream_with_context, url_for

from search.service import SearchRequest
from web import get_service
from web.params import parse_search_args

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 50
#: the sitemap protocol's limit of addresses per file
SITEMAP_URLS = 50_000
ATOM = "application/atom+xml; charset=utf-8"


@bp.get("/feed")
def feed() -> Any:
    """The search's newest items as Atom: a feed reader subscribed to it is an alert."""
    parsed = parse_search_args(request.args, default_limit=FEED_ENTRIES)
    req = replace(parsed.request, sort="newest", page=1, limit=FEED_ENTRIES)
    result = get_service().search(req)
    page_args: dict[str, Any] = {
        name: values for name, values in request.args.to_dict(flat=False).items() if name != "sort"
    }
    body = render_template(
        "feed.xml",
        result=result,
        req=req,
        self_url=request.url,
        page_url=url_for("pages.search", _external=True, **page_args, sort="newest"),
        updated=max((r["date"] for r in result["results"] if r["date"]), default=None),
    )
    return Response(body, content_type=ATOM)


@bp.get("/opensearch.xml")
def opensearch() -> Any:
    body = render_template("opensearch.xml")
    return Response(body, content_type="application/opensearchdescription+xml; charset=utf-8")


@bp.get("/robots.txt")
def robots() -> Any:
    lines = [
        "User-agent: *",
        # result pages are endless combinations of filters; items are what to index
        "Disallow: /api/",
        "Disallow: /feed",
        "Allow: /punkt/",
        f"Sitemap: {url_for('feeds.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _item_urls(part: int) -> Iterator[tuple[str, str | None]]:
    items = get_service().scan(SearchRequest(sort="oldest"))
    start = part * SITEMAP_URLS
    for item in islice(items, start, start + SITEMAP_URLS):
        yield url_for("pages.item", item_id=item["id"], _external=True), item.get("date")


@bp.get("/sitemap.xml")
def sitemap() -> Any:
    """A sitemap index: one sitemap file per 50,000 items."""
    total = get_service().search(SearchRequest(limit=1))["total"]
    parts = max(1, math.ceil(total / SITEMAP_URLS))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    lines.append('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
    for part in range(1, parts + 1):
        loc = escape(url_for("feeds.sitemap_part", part=part, _external=True))
        lines.append(f"  <sitemap><loc>{loc}</loc></sitemap>\n")
    lines.append("</sitemapindex>\n")
    return Response("".join(lines), content_type="application/xml; charset=utf-8")


@bp.get("/sitemap-<int:part>.xml")
def sitemap_part(part: int) -> Any:
    """The permalinks of items ``(part-1)·50,000`` to ``part·50,000``, streamed."""
    total = get_service().search(SearchRequest(limit=1))["total"]
    if part < 1 or (part - 1) * SITEMAP_URLS >= max(total, 1):
        abort(404)

    def lines() -> Iterator[str]:
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        for loc, date in _item_urls(part - 1):
            lastmod = f"<lastmod>{date}</lastmod>" if date else ""
            yield f"  <url><loc>{escape(loc)}</loc>{lastmod}</url>\n"
        yield "</urlset>\n"

    return Response(stream_with_context(lines()), content_type="application/xml; charset=utf-8")
