"""Files that arrive gzip-compressed (``x.json.gz``, ``x.xml.gz``) are read as their content.

Compression is recognised by content (gzip's magic bytes), not by the name. The
decompressed size is capped, so a small file that expands without end (a "gzip bomb")
is refused with a clear message instead of filling the memory.

>>> import gzip
>>> decompressed(gzip.compress(b'{"Dagsordenpunkter": []}'), limit=1000)
b'{"Dagsordenpunkter": []}'
>>> decompressed(b"plain text", limit=1000)
b'plain text'
"""

from __future__ import annotations

import zlib

from indexer.readers.base import ReaderError

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def uncompressed_name(path: str) -> str:
    """The name a compressed file's content has: "x.json.gz" → "x.json".

    >>> uncompressed_name("data/greve/møde.json.gz"), uncompressed_name("møde.json")
    ('data/greve/møde.json', 'møde.json')
    """
    return path[: -len(".gz")] if path.lower().endswith(".gz") else path


def decompressed(data: bytes, limit: int) -> bytes:
    """``data`` itself, or its gzip content (every member) when it is gzip-compressed.

    Raises :class:`ReaderError` for damaged or cut-off gzip data and for content
    larger than ``limit`` bytes.
    """
    if not is_gzip(data):
        return data
    parts: list[bytes] = []
    size = 0
    rest = data
    while rest:
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            part = decompressor.decompress(rest, limit - size + 1)
        except zlib.error as error:
            raise ReaderError(f"damaged gzip data: {error}") from error
        size += len(part)
        if size > limit or decompressor.unconsumed_tail:
            raise ReaderError(
                f"the gzip file expands beyond {limit / 1e6:.0f} MB; refused (a gzip bomb?)"
            )
        if not decompressor.eof:
            raise ReaderError("the gzip file is cut off (its compressed data ends too early)")
        parts.append(part)
        rest = decompressor.unused_data
        if rest and not is_gzip(rest):
            break  # trailing bytes after the last member, as gzip(1) allows
    content = b"".join(parts)
    if not content.strip():
        raise ReaderError("the gzip file holds an empty file")
    return content
