"""The OpenSearch engine: the index lives on an OpenSearch cluster, named by a URL.

:func:`open_engine` and :func:`open_writer` are what :mod:`search.engine` calls for an
``http(s)://`` location (see :mod:`search.engines.opensearch.connection`).
"""

from __future__ import annotations

from search.engine import Engine, IndexWriter
from search.engines.opensearch.engine import OpenSearchEngine
from search.engines.opensearch.writer import OpenSearchWriter

__all__ = ["OpenSearchEngine", "OpenSearchWriter", "open_engine", "open_writer"]


# typed as the protocols, so that mypy checks the OpenSearch classes provide all of them
def open_engine(location: str) -> Engine:
    return OpenSearchEngine(location)


def open_writer(location: str, rebuild: bool = False, parallel: bool = False) -> IndexWriter:
    return OpenSearchWriter(location, rebuild=rebuild, parallel=parallel)
