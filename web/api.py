"""The JSON API: the service's dicts as they are (``/api/search`` is ``referat search --json``).

``/api/search?…&format=csv|jsonl`` streams every hit of the search instead of a page;
``/api/items/<id>?format=csl-json|ris|bibtex`` gives the item's citation file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, request, stream_with_context

from search import citations, export
from web import get_service
from web.archive import public_report
from web.params import ParamError, parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")

OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def choose_format(allowed: tuple[str, ...]) -> str:
    """The ``format`` argument: ``json`` (the default) or one of ``allowed``."""
    chosen = request.args.get("format", "json")
    if chosen != "json" and chosen not in allowed:
        choices = ", ".join(("json", *allowed))
        raise ParamError(
            "format",
            f"must be one of {choices}, got {chosen!r}",
            f"Formatet kan være {choices} (adressen siger »{chosen}«).",
        )
    return chosen


def permalinks() -> Callable[[str], str]:
    """item id → the absolute address of its page."""
    prefix = request.url_root + "punkt/"
    return lambda item_id: prefix + item_id


def download_name(stem: str, extension: str) -> str:
    """A file name for a download: ``referat-studietur.csv``.

    >>> download_name("Studietur til Stockholm!", "csv")
    'referat-studietur-til-stockholm.csv'
    """
    words = re.sub(r"[^a-z0-9æøå]+", "-", stem.lower()).strip("-")[:60]
    name = f"referat-{words}" if words else "referat"
    return f"{name.encode('ascii', 'ignore').decode() or 'referat'}.{extension}"


def export_response(lines: Any, export_format: str, stem: str) -> Response:
    """A streamed download of ``lines`` (the rows are made as the client reads them)."""
    response = Response(stream_with_context(lines), content_type=export.MEDIA_TYPES[export_format])
    filename = download_name(stem, export_format)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/search")
def search() -> Any:
    chosen = choose_format(export.FORMATS)
    parsed = parse_search_args(request.args)
    service = get_service()
    if chosen == "json":
        return service.search(parsed.request)
    lines = export.export_lines(service.scan(parsed.request), chosen, permalinks())
    return export_response(lines, chosen, parsed.request.q)


@bp.get("/items/<path:item_id>")
def item(item_id: str) -> Any:
    chosen = choose_format(citations.FORMATS)
    service = get_service()
    if chosen != "json":
        stored = service.stored_item(item_id.strip("/"))
        if stored is None:
            abort(404, f"no item with id {item_id!r}")
        permalink = permalinks()(stored["id"])
        response = Response(
            citations.citation_file(stored, permalink, chosen),
            content_type=citations.MEDIA_TYPES[chosen] + "; charset=utf-8",
        )
        filename = f"{citations.bibtex_key(stored)}.{citations.EXTENSIONS[chosen]}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    found = service.get_item(item_id.strip("/"))
    if found is None:
        abort(404, f"no item with id {item_id!r}")
    return found


@bp.get("/meetings/<path:meeting_id>")
def meeting(meeting_id: str) -> Any:
    found = get_service().get_meeting(meeting_id.strip("/"))
    if found is None:
        abort(404, f"no meeting with id {meeting_id!r}")
    return found


@bp.get("/committees")
def committees() -> Any:
    return {"committees": get_service().committees()}


@bp.get("/archive")
def archive() -> Any:
    return public_report(get_service())


@bp.get("/openapi.json")
def openapi() -> Any:
    return openapi_document()


@cache
def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return document
