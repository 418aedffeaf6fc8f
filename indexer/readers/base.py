"""What every reader is: a format name, a content sniffer and a parser to :class:`Meeting`.

Readers never import whoosh or flask: they turn bytes into the typed model and nothing else.
"""

from __future__ import annotations

from typing import Protocol

from indexer.model import Meeting


class ReaderError(Exception):
    """The file cannot be read as minutes; the message says why, in plain English."""


class Reader(Protocol):
    #: name shown in reports: "text", "edoc-xml", "publication-xml", "firstagenda-html", "pdf"
    name: str

    def sniff(self, head: bytes, path: str) -> bool:
        """Whether a file's first bytes look like this format (content first, suffix second)."""
        ...

    def read(self, data: bytes, path: str) -> Meeting:
        """Parse a whole file. Raise :class:`ReaderError` when it holds no minutes."""
        ...


class CompanionFile(ReaderError):
    """The file describes another file (a manifest) and holds no minutes of its own.

    Indexing reports it as skipped, not failed: it is read together with the file it describes.
    """
