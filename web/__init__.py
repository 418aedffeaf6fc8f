"""Referat's web front-end and JSON API (Flask).

``create_app`` is the factory: nothing is opened at import time. Each process
opens one :class:`search.service.SearchService` on first use and keeps it; the
service's engine refreshes its view itself when the index changes. The app never
knows which engine holds the index: ``INDEX`` is a folder or an OpenSearch URL.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    RequestURITooLarge,
)

from search.engine import (
    IndexDamaged,
    IndexMissing,
    IndexOutdated,
    IndexUnavailable,
    default_location,
)
from search.service import SearchService
from web.params import ParamError

SERVICE_KEY = "referat.service"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

ERROR_TITLES = {
    400: "Ugyldig forespørgsel",
    404: "Siden findes ikke",
    405: "Metoden er ikke tilladt",
    414: "Adressen er for lang",
    500: "Der opstod en fejl",
    503: "Søgningen er ikke klar",
}

#: what a Danish page says about an HTTP error (werkzeug's descriptions are English)
ERROR_DETAILS = {
    404: "Vi kunne ikke finde det, du ledte efter. Måske er punktet fjernet fra indekset.",
    405: "Siden kan ikke bruges på den måde.",
    414: "Adressen er for lang til, at vi kan læse den. Prøv en kortere søgning.",
}

#: a request line longer than this is answered 414 (``referat serve`` lets gunicorn pass
#: longer ones on to the app, so that the API can answer in JSON)
MAX_URL_LENGTH = 8190

_service_lock = threading.Lock()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application; ``test_config`` overrides the defaults (e.g. ``INDEX``)."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX=default_location(),
        PAGE_SIZE=20,
        JSON_SORT_KEYS=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from web.api import bp as api_bp
    from web.browse import bp as browse_bp
    from web.feeds import bp as feeds_bp
    from web.pages import bp as pages_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(browse_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(api_bp)
    app.before_request(_refuse_long_urls)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IndexUnavailable, _index_missing)
    app.register_error_handler(ParamError, _bad_param)
    app.register_error_handler(Exception, _unexpected)
    return app


def get_service() -> SearchService:
    """This process's search service, opened on first use (raises IndexUnavailable)."""
    app = current_app
    service = app.extensions.get(SERVICE_KEY)
    if service is None:
        with _service_lock:
            service = app.extensions.get(SERVICE_KEY)
            if service is None:
                service = SearchService.open(app.config["INDEX"])
                app.extensions[SERVICE_KEY] = service
    return service


def close_service(app: Flask) -> None:
    """Close the process's service (tests, shutdown); the next request reopens it."""
    service = app.extensions.pop(SERVICE_KEY, None)
    if service is not None:
        service.close()


def _security_headers(response: Any) -> Any:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, detail: str | None = None) -> Any:
    """A JSON error for the API, a Danish error page for everything else."""
    if wants_json():
        return {"error": message, "status": status}, status
    title = ERROR_TITLES.get(status, "Der opstod en fejl")
    return render_template("error.html", status=status, title=title, detail=detail), status


def _refuse_long_urls() -> None:
    raw = request.environ.get("RAW_URI") or request.full_path
    if len(raw) > MAX_URL_LENGTH:
        raise RequestURITooLarge(f"the URL is longer than {MAX_URL_LENGTH} characters")


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    body, code = error_response(status, error.description or error.name, ERROR_DETAILS.get(status))
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(set(error.valid_methods)))
    return body, code, headers


def _index_missing(error: IndexUnavailable) -> Any:
    # the reason names the index folder: logged for the operator, never shown
    current_app.logger.warning("index unavailable: %s", error)
    if isinstance(error, IndexMissing):
        message = "The index is not available (run `referat index`)."
        detail = "Indekset er ikke bygget endnu — kør `referat index`."
    elif isinstance(error, IndexDamaged):
        message = "The index is damaged (run `referat check`, then `referat index --rebuild`)."
        detail = "Indekset er beskadiget og skal genopbygges — kør `referat index --rebuild`."
    elif isinstance(error, IndexOutdated):
        message = (
            "The index was built by another version of Referat (run `referat index --rebuild`)."
        )
        detail = (
            "Indekset er bygget af en anden version af Referat — kør `referat index --rebuild`."
        )
    else:  # there, but not usable now: a search cluster that is down or overloaded, say
        message = "The index cannot be searched right now; try again later."
        detail = "Søgeindekset kan ikke bruges lige nu. Prøv igen om lidt."
    return error_response(503, message, detail)


def _bad_param(error: ParamError) -> Any:
    return error_response(400, str(error), error.danish)


def _unexpected(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("unhandled error", exc_info=error)
    return error_response(
        500, InternalServerError.description, "Prøv igen om lidt. Fejlen er registreret."
    )
