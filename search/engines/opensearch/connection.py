"""Where an OpenSearch index is, and talking to it: the location, the client, the errors.

A location is ``http(s)://host:port[,host:port…]/<name>[?shards=N&replicas=N]``: the
hosts of one cluster (the client spreads requests over them and, when one does not
answer, retries the next) and the name of the index, which is an alias pointing at the
physical index that holds the items (a rebuild builds a new one and swaps the alias).
``shards`` and ``replicas`` apply when Referat creates a physical index; by default one
shard, and one replica when the cluster has a second node to hold it.

>>> place = parse_location("http://127.0.0.1:9201,127.0.0.1:9202/referat?replicas=1")
>>> place.hosts, place.name, place.shards, place.replicas
(['http://127.0.0.1:9201', 'http://127.0.0.1:9202'], 'referat', 1, 1)
>>> parse_location("https://search.example.dk/arkiv").hosts
['https://search.example.dk:9200']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    AuthenticationException,
    AuthorizationException,
    ConnectionError,
    ConnectionTimeout,
    NotFoundError,
    TransportError,
)
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as UrllibTimeout

from search.engine import IndexMissing, IndexUnavailable

# The client logs every failed request, with its traceback, as a warning (and a 404 for an
# index looked up before it exists); the engine turns failures into its own messages.
logging.getLogger("opensearch").setLevel(logging.ERROR)

DEFAULT_PORT = 9200
#: seconds a search or a small request may take; a bulk or a refresh gets WRITE_TIMEOUT
READ_TIMEOUT = 30.0
WRITE_TIMEOUT = 300.0

# OpenSearch's rule for index names, kept stricter: lower case, no leading '-', '_', '+'
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,200}$")
_HOST = re.compile(r"^(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.\-]+)(?::(?P<port>\d{1,5}))?$")


@dataclass(frozen=True)
class Location:
    """An OpenSearch index as a user names it (see the module docstring)."""

    url: str
    hosts: list[str]
    name: str
    shards: int = 1
    replicas: int | None = None  # None: one replica when a second node can hold it
    username: str | None = None
    password: str | None = None

    @property
    def shown(self) -> str:
        """The location for messages: the hosts and the name, never a password."""
        return f"{','.join(self.hosts)}/{self.name}"


def parse_location(text: str) -> Location:
    """Read a location; raises :class:`IndexUnavailable` saying what is wrong with it."""
    raw = text.strip()
    scheme, sep, rest = raw.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in ("http", "https"):
        raise _bad(raw, "it must start with http:// or https://")
    hostpart, _, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    username = password = None
    if "@" in hostpart:
        userinfo, hostpart = hostpart.rsplit("@", 1)
        name, _, secret = userinfo.partition(":")
        username, password = unquote(name), unquote(secret)
    hosts = []
    for entry in filter(None, (part.strip() for part in hostpart.split(","))):
        match = _HOST.match(entry)
        port = int(match["port"]) if match and match["port"] else DEFAULT_PORT
        if not match or not 0 < port < 65536:
            raise _bad(raw, f"{entry!r} is not host:port")
        hosts.append(f"{scheme}://{match['host']}:{port}")
    if not hosts:
        raise _bad(raw, "it names no host")
    index = path.strip("/")
    if not _INDEX_NAME.match(index):
        raise _bad(
            raw,
            "the last part must name the index: lower-case letters, digits, '-' and '_' "
            "(e.g. http://127.0.0.1:9200/referat)",
        )
    options = {key: values[-1] for key, values in parse_qs(query).items()}
    unknown = set(options) - {"shards", "replicas"}
    if unknown:
        raise _bad(raw, f"unknown option {sorted(unknown)[0]!r} (known: shards, replicas)")
    shards = _count(raw, options, "shards", 1, 1)
    replicas = _count(raw, options, "replicas", None, 0)
    return Location(raw, hosts, index, shards, replicas, username, password)


def _count(raw: str, options: dict[str, str], key: str, default: int | None, least: int) -> Any:
    if key not in options:
        return default
    value = options[key]
    if not value.isdigit() or int(value) < least or int(value) > 1000:
        raise _bad(raw, f"{key} must be a whole number from {least} to 1000, got {value!r}")
    return int(value)


def _bad(raw: str, why: str) -> IndexUnavailable:
    shown = re.sub(r"//[^/@]*@", "//", raw)  # no password in messages
    return IndexUnavailable(f"{shown!r} is not an OpenSearch index location: {why}")


def connect(location: Location) -> OpenSearch:
    """A client over every host of ``location``: a host that fails is marked dead and the
    request retried on the others, so one node going away fails no request."""
    auth = (location.username, location.password or "") if location.username else None
    return OpenSearch(
        hosts=location.hosts,
        http_auth=auth,
        timeout=READ_TIMEOUT,
        max_retries=max(3, 2 * len(location.hosts)),
        retry_on_timeout=True,
        # 502-504: a node shutting down or a shard moving; the request is retried elsewhere
        retry_on_status=(502, 503, 504),
    )


@contextmanager
def cluster_errors(location: Location, doing: str) -> Iterator[None]:
    """OpenSearch's errors as :class:`IndexUnavailable`, saying what failed and why."""
    try:
        yield
    except ConnectionError as error:
        refused = isinstance(error.info, NewConnectionError)  # a kind of timeout in urllib3
        if isinstance(error, ConnectionTimeout) or (
            isinstance(error.info, UrllibTimeout) and not refused
        ):
            raise IndexUnavailable(  # no answer in time, or (a connect timeout) no connection
                f"OpenSearch at {','.join(location.hosts)} did not answer in time while {doing}"
            ) from error
        raise IndexUnavailable(
            f"cannot reach OpenSearch at {','.join(location.hosts)} while {doing} "
            f"({_cause(error)}); is it running?"
        ) from error
    except (AuthenticationException, AuthorizationException) as error:
        raise IndexUnavailable(
            f"OpenSearch at {','.join(location.hosts)} refused the credentials while {doing}"
        ) from error
    except NotFoundError as error:
        raise IndexMissing(missing_index(location)) from error
    except TransportError as error:
        raise IndexUnavailable(
            f"OpenSearch at {location.shown} failed while {doing}: {describe(error)}"
        ) from error


def missing_index(location: Location) -> str:
    return (
        f"no Referat index at {location.shown} (run `referat index --index {location.url}` first)"
    )


def describe(error: TransportError) -> str:
    """An OpenSearch error in one line: its status, type and reason.

    >>> describe(TransportError(503, "search_phase_execution_exception",
    ...     {"error": {"root_cause": [{"type": "no_shard_available_action_exception",
    ...                                "reason": "No shard available"}]}}))
    '503 no_shard_available_action_exception: No shard available (is the cluster red?)'
    """
    info = error.info if isinstance(error.info, dict) else {}
    detail = info.get("error")
    kind, reason = str(error.error), ""
    if isinstance(detail, dict):
        cause = (detail.get("root_cause") or [detail])[0]
        kind, reason = cause.get("type", kind), cause.get("reason") or ""
    elif detail:
        reason = str(detail)
    text = f"{error.status_code} {kind}" + (f": {reason}" if reason else "")
    if error.status_code == 503 or "no_shard" in text:
        text += " (is the cluster red?)"
    return text


def _cause(error: ConnectionError) -> str:
    info = error.info
    text = str(info) if info else str(error.error)
    if "Connection refused" in text:
        return "connection refused"
    return text.split(": ", 1)[-1][:200]
