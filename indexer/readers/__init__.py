"""One reader per input format, chosen by content (file suffix only breaks ties).

>>> detect_reader(b"<?xml version='1.0'?><Publication>", "x.xml").name
'publication-xml'
"""

from __future__ import annotations

import importlib
from functools import cache

from indexer.readers.base import Reader, ReaderError
from indexer.readers.textutil import looks_binary

__all__ = ["Reader", "ReaderError", "all_readers", "detect_reader"]

# Most specific first; the plain-text reader is the fallback and comes last.
READER_MODULES = [
    "indexer.readers.edoc",
    "indexer.readers.edoc_fujitsu",
    "indexer.readers.edoc_fujitsu_html",
    "indexer.readers.publication",
    "indexer.readers.firstagenda",
    "indexer.readers.firstagenda_json",
    "indexer.readers.acadre",
    "indexer.readers.docx",
    "indexer.readers.pdf",
    "indexer.readers.text",
]

SNIFF_BYTES = 65536  # FirstAgenda pages put their first item ~12 KB in


@cache
def all_readers() -> tuple[Reader, ...]:
    return tuple(importlib.import_module(name).READER for name in READER_MODULES)


def detect_reader(head: bytes, path: str) -> Reader:
    """The reader for a file whose first bytes are ``head``; :class:`ReaderError` if none fits."""
    for reader in all_readers():
        if reader.sniff(head[:SNIFF_BYTES], path):
            return reader
    if looks_binary(head[:SNIFF_BYTES]):
        raise ReaderError("binary file in no supported format (text, XML, HTML or PDF)")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ReaderError(
            "XML/HTML in no supported format (eDoc AgendaPublishing, Publication, FirstAgenda)"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        raise ReaderError("JSON in no supported format (FirstAgenda publication API)")
    raise ReaderError("no reader recognises this file (no agenda items found)")
