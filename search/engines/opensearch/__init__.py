"""The OpenSearch engine: the index lives on an OpenSearch cluster, named by a URL.

:func:`open_engine`, :func:`open_writer` and :func:`check_index` are what :mod:`search.engine` calls for an
``http(s)://`` location (see :mod:`search.engines.opensearch.connection`).
"""

from __future__ import annotations

from search.engine import DEFAULT_WRITE_WAIT, Engine, IndexCheck, IndexWriter
from search.engines.opensearch.connection import connect, parse_location
from search.engines.opensearch.engine import OpenSearchEngine
from search.engines.opensearch.integrity import check_location
from search.engines.opensearch.writer import OpenSearchWriter

__all__ = ["OpenSearchEngine", "OpenSearchWriter", "check_index", "open_engine", "open_writer"]


# typed as the protocols, so that mypy checks the OpenSearch classes provide all of them
def open_engine(location: str) -> Engine:
    return OpenSearchEngine(location)


def open_writer(
    location: str, rebuild: bool = False, parallel: bool = False, wait: float = DEFAULT_WRITE_WAIT
) -> IndexWriter:
    return OpenSearchWriter(location, rebuild=rebuild, parallel=parallel, wait=wait)


def check_index(location: str) -> IndexCheck:
    """Verify the index at ``location`` (see :mod:`search.engines.opensearch.integrity`)."""
    place = parse_location(location)
    client = connect(place)
    try:
        return check_location(client, place)
    finally:
        client.close()
