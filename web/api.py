"""The JSON API: the service's dicts as they are (``/api/search`` is ``referat search --json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, request

from web import get_service
from web.params import parse_search_args

bp = Blueprint("api", __name__, url_prefix="/api")

OPENAPI_PATH = Path(__file__).with_name("openapi.json")


@bp.get("/search")
def search() -> Any:
    parsed = parse_search_args(request.args)
    return get_service().search(parsed.request)


@bp.get("/items/<path:item_id>")
def item(item_id: str) -> Any:
    found = get_service().get_item(item_id.strip("/"))
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


@bp.get("/openapi.json")
def openapi() -> Any:
    return openapi_document()


@cache
def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return document
