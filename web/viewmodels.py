"""Presentation helpers: Danish dates and numbers, facet toggle links, pagination, highlighting.

Everything here turns the service's plain dicts into what templates show; no
searching happens here.

>>> danish_date("2019-05-14")
'14. maj 2019'
>>> danish_number(1234)
'1.234'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import url_for
from markupsafe import Markup

from search import snippets
from search.facets import WHOLE_FACETS, facet_label
from search.query import parse_query
from search.service import SearchRequest
from web.params import ALL_VALUES

FACET_TITLES: dict[str, str] = {
    "organisation": "Kommune",
    "committee": "Udvalg",
    "year": "År",
    "outcome": "Udfald",
    "closed": "Åben/lukket",
}

SORT_LABELS: dict[str, str] = {
    "relevance": "Relevans",
    "newest": "Nyeste",
    "oldest": "Ældste",
}

#: what "Vis alle 1.234 …" counts, per facet
FACET_NOUNS: dict[str, tuple[str, str]] = {
    "organisation": ("kommune", "kommuner"),
    "committee": ("udvalg", "udvalg"),
    "year": ("år", "år"),
    "outcome": ("udfald", "udfald"),
    "closed": ("værdi", "værdier"),
}

#: values a facet lists on the page (the most frequent; chosen ones are always listed)
PAGE_FACET_SIZE = 10
#: a long facet that is not cut (the years) folds what lies beyond this under "Vis flere"
FACET_COLLAPSE_AFTER = 10


def danish_number(value: int) -> str:
    """Thousands separated by dots, as Danish writes them.

    >>> danish_number(21)
    '21'
    """
    return f"{value:,}".replace(",", ".")


def count_label(total: int, singular: str = "punkt", plural: str = "punkter") -> str:
    """``21 punkter``, ``1 punkt``.

    >>> count_label(1)
    '1 punkt'
    """
    return f"{danish_number(total)} {singular if total == 1 else plural}"


def search_url(request: SearchRequest, default_limit: int, **changes: Any) -> str:
    """The search page URL for ``request`` with ``changes`` applied (fields of SearchRequest)."""
    target = replace(request, **changes)
    params: dict[str, Any] = {}
    if target.q:
        params["q"] = target.q
    if target.exact:
        params["exact"] = "1"
    if target.collapse:
        params["collapse"] = "1"
    if not target.recency:
        params["recency"] = "0"
    for name, values in target.filters().items():
        if values:
            params[name] = list(values)
    if target.sort:
        params["sort"] = target.sort
    if target.page > 1:
        params["page"] = target.page
    if target.limit != default_limit:
        params["limit"] = target.limit
    if target.facet_size != PAGE_FACET_SIZE:
        params["facet_size"] = ALL_VALUES if target.facet_size is None else target.facet_size
    return url_for("pages.search", **params)


def facet_views(
    result: dict[str, Any], request: SearchRequest, default_limit: int
) -> list[dict[str, Any]]:
    """Each facet with its values as ``{value, label, count, selected, toggle_url}``; a
    facet cut to its top values links to all of them ("Vis alle 1.234 udvalg")."""
    views: list[dict[str, Any]] = []
    filters = request.filters()
    expanded = request.facet_size is None or request.facet_size > FACET_COLLAPSE_AFTER
    for name, title in FACET_TITLES.items():
        values = []
        for entry in result["facets"].get(name, []):
            chosen = list(filters[name])
            if entry["value"] in chosen:
                chosen.remove(entry["value"])
            else:
                chosen.append(entry["value"])
            values.append(
                {
                    "value": entry["value"],
                    "label": entry["label"],
                    "count": entry["count"],
                    "selected": entry["selected"],
                    "toggle_url": search_url(request, default_limit, page=1, **{name: chosen}),
                }
            )
        fold = FACET_COLLAPSE_AFTER if not expanded else len(values)
        views.append(
            {
                "name": name,
                "title": title,
                # a selected value stays visible even when it sorts beyond the fold
                "shown": [v for i, v in enumerate(values) if i < fold or v["selected"]],
                "more": [v for i, v in enumerate(values) if i >= fold and not v["selected"]],
                "selected": [v for v in values if v["selected"]],
                **truncation(name, result.get("facet_info", {}).get(name), len(values),
                             request, default_limit),
            }
        )  # fmt: skip
    return views


def truncation(
    name: str,
    info: dict[str, Any] | None,
    listed: int,
    request: SearchRequest,
    default_limit: int,
) -> dict[str, Any]:
    """What a facet says about values it does not list: ``rest`` (how many), ``all_label``
    and ``all_url`` (the page listing every value), or ``fewer_url`` back to the top
    values once they are all listed."""
    total = info["total_values"] if info else listed
    view: dict[str, Any] = {"rest": 0, "all_label": None, "all_url": None, "fewer_url": None}
    if info and info["truncated"]:
        singular, plural = FACET_NOUNS[name]
        view["rest"] = total - listed
        view["all_label"] = f"Vis alle {count_label(total, singular, plural)}"
        view["all_url"] = search_url(request, default_limit, facet_size=None)
    elif info and request.facet_size != PAGE_FACET_SIZE and total > PAGE_FACET_SIZE:
        if name in WHOLE_FACETS:  # never cut: there is no shorter list to go back to
            return view
        view["fewer_url"] = search_url(request, default_limit, facet_size=PAGE_FACET_SIZE)
    return view


def selected_filters(request: SearchRequest, default_limit: int) -> list[dict[str, str]]:
    """The active filters with a link that removes each one ("Fjern")."""
    chosen: list[dict[str, str]] = []
    for name, values in request.filters().items():
        for value in values:
            rest = [v for v in values if v != value]
            chosen.append(
                {
                    "facet": FACET_TITLES[name],
                    "label": facet_label(name, value),
                    "remove_url": search_url(request, default_limit, page=1, **{name: rest}),
                }
            )
    return chosen


def pagination(page: int, pages: int, window: int = 2) -> list[int | None]:
    """Page numbers to link, ``None`` for a gap.

    >>> pagination(6, 12)
    [1, None, 4, 5, 6, 7, 8, None, 12]
    """
    shown = {1, pages, *range(max(1, page - window), min(pages, page + window) + 1)}
    out: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous > 1:
            out.append(None)
        out.append(number)
        previous = number
    return out


def highlighter(q: str, exact: bool = False) -> Any:
    """A function text → escaped HTML with the query's terms in ``<mark>``.

    Uses the same analysis as the index, so "flygtning" marks "flygtningene".

    >>> mark = highlighter("frikort")
    >>> str(mark("Et <b>frikort</b>"))
    'Et &lt;b&gt;<mark>frikort</mark>&lt;/b&gt;'
    """
    parsed = parse_query(q, exact=exact) if q.strip() else None

    def mark(text: str) -> Markup:
        if parsed is None or not (parsed.stemmed_terms or parsed.exact_terms or parsed.phrases):
            return Markup.escape(text)
        # search.snippets only ever returns escaped text with <mark> around hits
        hits = snippets.find_hits(text, parsed.stemmed_terms, parsed.exact_terms, parsed.phrases)
        return Markup(snippets.highlight(text, hits))

    return mark
