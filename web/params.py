"""Request arguments → :class:`search.service.SearchRequest`, validated once, in ASCII.

The service silently drops malformed filter values; a web client gets a 400 with a
reason instead, so a typo in a URL is noticed rather than quietly ignored. Numbers are
ASCII digits only: ``str.isdigit`` also accepts "²", "①" and "٢", which ``int`` then
refuses or reads as another number.

>>> from werkzeug.datastructures import MultiDict
>>> parsed = parse_search_args(MultiDict([("q", "frikort"), ("year", "2019"), ("year", "2018")]))
>>> parsed.request.year, parsed.request.page
(['2019', '2018'], 1)
>>> parse_search_args(MultiDict([("page", "²")]))
Traceback (most recent call last):
...
web.params.ParamError: page: must be a whole number of at least 1, got '²'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from search.outcomes import OUTCOMES
from search.query import MAX_QUERY_LENGTH
from search.service import (
    CLOSED_LABELS,
    DEFAULT_FACET_SIZE,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    SORTS,
    SearchRequest,
    is_year,
)

FILTER_NAMES = ("organisation", "committee", "year", "outcome", "closed")
MAX_PAGE = 10_000
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_LONGEST_NUMBER = 18
# exactly these spellings (web/openapi.json lists them): a form's checkbox sends "1"
_TRUE = {"1", "true", "on", "yes", "ja"}
_FALSE = {"", "0", "false", "off", "no", "nej"}
FLAG_VALUES = ("", "0", "1", "true", "false", "on", "off", "yes", "no", "ja", "nej")
#: ``facet_size=max`` lists every value of every facet
ALL_VALUES = "max"


class ParamError(ValueError):
    """A request argument is malformed: ``str()`` in English (API clients), ``danish``
    for the pages."""

    def __init__(self, param: str, message: str, danish: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.danish = danish


@dataclass
class ParsedArgs:
    """The validated request plus what the page should tell the user about it."""

    request: SearchRequest
    query_truncated: bool = False
    limit_capped: bool = False


def whole_number(args: MultiDict[str, str], name: str, default: int, danish_name: str) -> int:
    """A whole number of at least 1 in ASCII digits, or ``default`` when absent.

    >>> from werkzeug.datastructures import MultiDict
    >>> whole_number(MultiDict({"limit": "0007"}), "limit", 10, "Antal")
    7
    >>> whole_number(MultiDict({"limit": "9" * 5000}), "limit", 10, "Antal") > 10**17
    True
    """
    raw = args.get(name, "")
    if not raw:
        return default
    digits = (raw.lstrip("0") or "0") if _WHOLE_NUMBER.fullmatch(raw) else ""
    # a longer number is just "very large" (int() refuses strings of 4,300 digits)
    number = int(digits) if 0 < len(digits) <= _LONGEST_NUMBER else 10**_LONGEST_NUMBER
    if not digits or number < 1:
        raise ParamError(
            name,
            f"must be a whole number of at least 1, got {raw!r}",
            f"{danish_name} skal være et helt tal fra 1 og op, skrevet med cifrene 0-9 "
            f"(adressen siger »{raw}«).",
        )
    return number


def facet_size(args: MultiDict[str, str], default: int | None) -> int | None:
    """Values listed per facet: a whole number of at least 1, ``max`` (every value: None),
    or ``default`` when absent.

    >>> from werkzeug.datastructures import MultiDict
    >>> facet_size(MultiDict({"facet_size": "max"}), 10), facet_size(MultiDict(), 10)
    (None, 10)
    >>> facet_size(MultiDict({"facet_size": "alle"}), 10)
    Traceback (most recent call last):
    ...
    web.params.ParamError: facet_size: must be a whole number of at least 1 or max, got 'alle'
    """
    raw = args.get("facet_size", "")
    if not raw:
        return default
    if raw == ALL_VALUES:
        return None
    try:
        return whole_number(args, "facet_size", 1, "")
    except ParamError:
        raise ParamError(
            "facet_size",
            f"must be a whole number of at least 1 or {ALL_VALUES}, got {raw!r}",
            "Antal værdier pr. filter skal være et helt tal fra 1 og op, skrevet med cifrene "
            f"0-9, eller »{ALL_VALUES}« for alle (adressen siger »{raw}«).",
        ) from None


def flag(args: MultiDict[str, str], name: str, danish_name: str) -> bool | None:
    """A yes/no argument: True, False, or None when absent or empty."""
    raw = args.get(name, "")
    if raw not in _TRUE | _FALSE:
        raise ParamError(
            name,
            f"must be true or false, got {raw!r}",
            f"{danish_name} skal være 1 eller 0 (adressen siger »{raw}«).",
        )
    return None if raw == "" else raw in _TRUE


def _values(args: MultiDict[str, str], name: str, strip: bool = True) -> list[str]:
    """Repeated values without duplicates, in the order given. Names are stripped and
    blanks dropped; codes (``strip=False``) are kept exactly as given, to be validated."""
    seen: list[str] = []
    for value in args.getlist(name):
        value = value.strip() if strip else value
        if (value or not strip) and value not in seen:
            seen.append(value)
    return seen


def _choices(
    args: MultiDict[str, str], name: str, allowed: tuple[str, ...], danish: str
) -> list[str]:
    values = _values(args, name, strip=False)
    for value in values:
        if value not in allowed:
            raise ParamError(
                name,
                f"must be one of {', '.join(allowed)}, got {value!r}",
                f"{danish} kan være {', '.join(allowed)} (adressen siger »{value}«).",
            )
    return values


def parse_search_args(
    args: MultiDict[str, str],
    default_limit: int = DEFAULT_LIMIT,
    default_facet_size: int | None = DEFAULT_FACET_SIZE,
) -> ParsedArgs:
    """Validate search arguments; raise :class:`ParamError` for anything malformed.

    ``limit`` above the maximum is capped (not an error); the query is cut at the
    length the query parser reads.
    """
    q = args.get("q", "")
    truncated = len(q) > MAX_QUERY_LENGTH
    q = q[:MAX_QUERY_LENGTH]
    page = whole_number(args, "page", 1, "Sidetallet")
    if page > MAX_PAGE:
        raise ParamError(
            "page", f"must be at most {MAX_PAGE}", f"Sidetallet kan højst være {MAX_PAGE}."
        )
    limit = whole_number(args, "limit", default_limit, "Antal pr. side")
    sort = args.get("sort", "")
    if sort and sort not in SORTS:
        raise ParamError(
            "sort",
            f"must be one of {', '.join(SORTS)}, got {sort!r}",
            f"Sorteringen kan være {', '.join(SORTS)} (adressen siger »{sort}«).",
        )
    years = _values(args, "year", strip=False)
    for year in years:
        if not is_year(year):
            raise ParamError(
                "year",
                f"must be a four-digit year, got {year!r}",
                f"Året skal skrives med fire cifre 0-9, fx 2019 (adressen siger »{year}«).",
            )
    recency = flag(args, "recency", "Nyere først")
    request = SearchRequest(
        q=q,
        organisation=_values(args, "organisation"),
        committee=_values(args, "committee"),
        year=years,
        outcome=_choices(args, "outcome", OUTCOMES, "Udfaldet"),
        closed=_choices(args, "closed", tuple(CLOSED_LABELS), "Åben/lukket"),
        sort=sort,
        page=page,
        limit=min(limit, MAX_LIMIT),
        exact=bool(flag(args, "exact", "Præcis søgning")),
        collapse=bool(flag(args, "collapse", "Én pr. sag")),
        recency=recency is not False,  # on unless turned off
        facet_size=facet_size(args, default_facet_size),
    )
    return ParsedArgs(request=request, query_truncated=truncated, limit_capped=limit > MAX_LIMIT)
