"""The embedded Whoosh engine: the index is a folder (the default; no server needed).

:func:`open_engine` and :func:`open_writer` are what :mod:`search.engine` calls for a
folder location.
"""

from __future__ import annotations

from pathlib import Path

from search.engine import DEFAULT_WRITE_WAIT, Engine, IndexCheck, IndexWriter
from search.engines.whoosh.engine import WhooshEngine
from search.engines.whoosh.store import WhooshWriter, check_folder

__all__ = ["WhooshEngine", "WhooshWriter", "check_index", "open_engine", "open_writer"]


# typed as the protocols, so that mypy checks the Whoosh classes provide all of them
def open_engine(location: str) -> Engine:
    return WhooshEngine(Path(location))


def open_writer(
    location: str, rebuild: bool = False, parallel: bool = False, wait: float = DEFAULT_WRITE_WAIT
) -> IndexWriter:
    return WhooshWriter(Path(location), rebuild=rebuild, parallel=parallel, wait=wait)


def check_index(location: str) -> IndexCheck:
    return check_folder(Path(location))
