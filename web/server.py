"""Serving the app with gunicorn, started from Python (``referat serve``).

``preload_app`` stays off: each worker builds its own app and opens its own
engine after the fork, so no index file handles or connections are shared between
processes.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class ReferatServer(BaseApplication):
    """A gunicorn application whose WSGI app is :func:`web.create_app` for one index."""

    def __init__(self, location: str, options: dict[str, Any]) -> None:
        self.location = location
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from web import create_app, get_service

        app = create_app({"INDEX": self.location})
        # runs in each worker after the fork: pay for opening the index and loading the
        # compound lexicon before the first visitor does. Nothing found here stops the
        # worker from booting ("Worker failed to boot"): a missing or damaged index is
        # answered 503 with the reason, request by request, until it is fixed
        with app.app_context():
            try:
                get_service().warm_up()
            except Exception as error:
                app.logger.warning("the index could not be opened yet: %s", error)
        return app


def server_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """gunicorn settings for ``referat serve``.

    >>> server_options("127.0.0.1", 8000, 2)["bind"]
    '127.0.0.1:8000'
    """
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "preload_app": False,
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "referat",
        # 0: gunicorn passes any request line (up to 1 MB) to the app, which answers an
        # over-long URL itself with 414 (JSON under /api/) instead of gunicorn's bare HTML
        "limit_request_line": 0,
    }


def run_server(location: str, host: str, port: int, workers: int) -> None:
    """Serve the index at ``location`` until interrupted (Ctrl-C or SIGTERM)."""
    ReferatServer(location, server_options(host, port, workers)).run()
