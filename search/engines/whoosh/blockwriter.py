"""A term's postings written as whoosh 3 writes them, without its per-posting machinery.

whoosh's ``W3FieldWriter`` writes a term through a ``W3PostingsWriter`` (a posting at a
time into a block, block statistics kept as it goes, a term info object) and an
``OrderedHashWriter`` row; for a segment of generated minutes that was most of the time
spent writing it, since most terms (word pairs above all) have one or two postings.
:func:`write_term` writes the same bytes from a term's whole posting list: the blocks of
``blocklimit`` postings (a small header; the block info and the document numbers, weights
and values, pickled, the data compressed from ``COMPRESSION_MIN_SIZE`` bytes on), then the
term info row. ``tests/test_index_writer.py`` compares the segment files with whoosh's own
byte for byte.
"""

from __future__ import annotations

import operator
import struct
import zlib
from array import array
from collections.abc import Sequence
from itertools import chain
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3FieldWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

#: whoosh 3's term info: flags, total weight, document frequency, shortest and longest
#: field (as bytes), highest weight, first and last document
_TERM_INFO = struct.Struct("!BfIBBfII")


def can_write_terms(fieldwriter: Any) -> bool:
    """Whether :func:`write_term` writes what ``fieldwriter`` would: whoosh 3's own field
    writer, which inlines no postings into the term info (its default)."""
    codec = getattr(fieldwriter, "_codec", None)
    return type(fieldwriter) is W3FieldWriter and getattr(codec, "_inlinelimit", None) == 1


def write_term(
    fieldwriter: W3FieldWriter,
    text: bytes,
    docnums: Sequence[int],
    weights: Sequence[float],
    values: Sequence[bytes],
    lengths: list[int],
) -> None:
    """One term's postings (document order) in the current field of ``fieldwriter``, exactly
    as ``start_term``, an ``add`` per posting and ``finish_term`` write them. ``lengths``:
    every document's length of the field (empty when whoosh keeps no length statistics)."""
    codec = fieldwriter._codec
    limit, level = codec._blocklimit, codec._compression
    fixed = fieldwriter._format.fixed_value_size()
    postfile = fieldwriter._postfile
    offset = postfile.tell()
    parts: list[bytes] = [WHOOSH3_HEADER_MAGIC]
    total_weight: float = 0
    shortest: int | None = None
    longest = 0
    heaviest_of_all: float = 0
    count = len(docnums)
    for start in range(0, count, limit):
        ids = docnums[start : start + limit]
        block_weights = weights[start : start + limit]
        float_weights = array("f", block_weights)
        heaviest = max(block_weights)
        heaviest = heaviest if heaviest > 0 else 0
        known = [length for length in map(lengths.__getitem__, ids) if length] if lengths else []
        block_shortest = min(known) if known else None
        block_longest = max(known) if known else 0
        # the term info's statistics, as W3TermInfo.add_block gathers them
        total_weight += sum(float_weights)
        shortest = block_shortest if shortest is None else min(shortest, block_shortest)  # type: ignore[type-var]
        longest = max(longest, block_longest)
        heaviest_of_all = max(heaviest_of_all, heaviest)
        data = dumps(
            (
                tuple(map(operator.sub, ids, chain((0,), ids))),  # gaps between documents
                _mini_weights(float_weights),
                _mini_values([value for value in values[start : start + limit] if value], fixed),
            ),
            2,
        )
        compression = level if len(data) >= COMPRESSION_MIN_SIZE else 0
        if compression:
            data = zlib.compress(data, compression)
        info = dumps(
            (
                len(ids),
                ids[-1],
                heaviest,
                compression,
                length_to_byte(block_shortest),
                length_to_byte(block_longest),
            ),
            2,
        )
        size = len(info) + len(data)
        parts += (pack_int(-size if start + limit >= count else size), info, data)
    written = b"".join(parts)
    postfile.write(written)
    row = _TERM_INFO.pack(
        False,
        total_weight,
        count,
        0 if shortest is None else length_to_byte(shortest),
        length_to_byte(longest),
        heaviest_of_all,
        docnums[0],
        docnums[-1],
    )
    row += pack_long(offset) + pack_int(len(written))
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + text, row)


def _mini_weights(weights: array[float]) -> Any:
    """Block weights as whoosh stores them: None when all 1, one number when all equal."""
    first = weights[0]
    if first == 1.0 and weights.count(first) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


def _mini_values(values: list[bytes], fixed: int | None) -> Any:
    """Block values as whoosh stores them: joined when each has the same size."""
    if fixed is None or fixed < 0:
        return tuple(values)
    if fixed == 0:
        return None
    return b"".join(values)
