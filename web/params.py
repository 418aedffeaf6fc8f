"""Request arguments → :class:`search.service.SearchRequest`, with validation.

The service silently drops malformed filter values; a web client gets a 400 with a
reason instead, so a typo in a URL is noticed rather than quietly ignored.

>>> from werkzeug.datastructures import MultiDict
>>> parsed = parse_search_args(MultiDict([("q", "frikort"), ("year", "2019"), ("year", "2018")]))
>>> parsed.request.year, parsed.request.page
(['2019', '2018'], 1)
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from search.outcomes import OUTCOMES
from search.query import MAX_QUERY_LENGTH
from search.service import CLOSED_LABELS, DEFAULT_LIMIT, MAX_LIMIT, SORTS, SearchRequest

FILTER_NAMES = ("committee", "year", "outcome", "closed")
MAX_PAGE = 10_000
_TRUE = {"1", "true", "on", "yes", "ja"}
_FALSE = {"", "0", "false", "off", "no", "nej"}


class ParamError(ValueError):
    """A request argument is malformed; the message names it (English, for API clients)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


@dataclass
class ParsedArgs:
    """The validated request plus what the page should tell the user about it."""

    request: SearchRequest
    query_truncated: bool = False
    limit_capped: bool = False


def _int_arg(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ParamError(name, f"must be a whole number of at least 1, got {raw!r}")
    return int(raw)


def _values(args: MultiDict[str, str], name: str) -> list[str]:
    """Repeated values, without blanks and duplicates, in the order given."""
    seen: list[str] = []
    for value in args.getlist(name):
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def parse_search_args(args: MultiDict[str, str], default_limit: int = DEFAULT_LIMIT) -> ParsedArgs:
    """Validate search arguments; raise :class:`ParamError` for anything malformed.

    ``limit`` above the maximum is capped (not an error); the query is cut at the
    length the query parser reads.
    """
    q = args.get("q", "")
    truncated = len(q) > MAX_QUERY_LENGTH
    q = q[:MAX_QUERY_LENGTH]
    page = _int_arg(args, "page", 1)
    if page > MAX_PAGE:
        raise ParamError("page", f"must be at most {MAX_PAGE}")
    limit = _int_arg(args, "limit", default_limit)
    capped = limit > MAX_LIMIT
    sort = args.get("sort", "").strip()
    if sort and sort not in SORTS:
        raise ParamError("sort", f"must be one of {', '.join(SORTS)}, got {sort!r}")
    years = _values(args, "year")
    for year in years:
        if not (year.isdigit() and len(year) == 4):
            raise ParamError("year", f"must be a four-digit year, got {year!r}")
    outcomes = _values(args, "outcome")
    for outcome in outcomes:
        if outcome not in OUTCOMES:
            raise ParamError("outcome", f"must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    closed = _values(args, "closed")
    for value in closed:
        if value not in CLOSED_LABELS:
            raise ParamError("closed", f"must be true or false, got {value!r}")
    exact_raw = args.get("exact", "").strip().lower()
    if exact_raw not in _TRUE | _FALSE:
        raise ParamError("exact", f"must be true or false, got {exact_raw!r}")
    collapse_raw = args.get("collapse", "").strip().lower()
    if collapse_raw not in _TRUE | _FALSE:
        raise ParamError("collapse", f"must be true or false, got {collapse_raw!r}")
    recency_raw = args.get("recency", "").strip().lower()
    if recency_raw not in _TRUE | _FALSE:
        raise ParamError("recency", f"must be true or false, got {recency_raw!r}")
    request = SearchRequest(
        q=q,
        committee=_values(args, "committee"),
        year=years,
        outcome=outcomes,
        closed=closed,
        sort=sort,
        page=page,
        limit=min(limit, MAX_LIMIT),
        exact=exact_raw in _TRUE,
        collapse=collapse_raw in _TRUE,
        recency=recency_raw == "" or recency_raw in _TRUE,  # on unless turned off
    )
    return ParsedArgs(request=request, query_truncated=truncated, limit_capped=capped)
