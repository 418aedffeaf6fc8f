"""The embedded Whoosh engine: the index is a folder (the default; no server needed).

:func:`open_engine` and :func:`open_writer` are what :mod:`search.engine` calls for a
folder location.
"""

from __future__ import annotations

from pathlib import Path

from search.engine import Engine, IndexWriter
from search.engines.whoosh.engine import WhooshEngine
from search.engines.whoosh.store import WhooshWriter

__all__ = ["WhooshEngine", "WhooshWriter", "open_engine", "open_writer"]


# typed as the protocols, so that mypy checks the Whoosh classes provide all of them
def open_engine(location: str) -> Engine:
    return WhooshEngine(Path(location))


def open_writer(location: str, rebuild: bool = False, parallel: bool = False) -> IndexWriter:
    return WhooshWriter(Path(location), rebuild=rebuild, parallel=parallel)
