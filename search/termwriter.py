"""Write a segment's posting lists a term at a time instead of a posting at a time.

When whoosh's writer finishes a segment, its ``FieldWriter.add_postings`` takes the
pool's postings one by one: an order check, a field-length lookup through the
per-document columns and a ``W3PostingsWriter.add_posting`` call per posting, about a
third of a rebuild's writing. :class:`search.postings.TermPostingPool` already holds
each term's postings together, so here each block of up to ``blocklimit`` postings is
handed to the whoosh 3 postings writer at once, with the same statistics it would have
gathered (maximum weight, shortest and longest field), and whoosh writes the block, the
term info and the inlining exactly as before. ``tests/test_index_writer.py`` checks
that the segment files are byte for byte those whoosh writes.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from search.postings import _Record


def can_write_by_term(writer: Any) -> bool:
    """Whether ``writer``'s codec is the one whose postings writer this module fills."""
    return type(writer.fieldwriter) is W3FieldWriter and not writer.fieldwriter.is_closed


def flush_segment_by_term(writer: Any) -> None:
    """whoosh's ``SegmentWriter._flush_segment``, with the postings written per term."""
    writer.perdocwriter.close()
    lengths = writer.per_document_reader() if writer.codec.length_stats else None
    try:
        write_records(writer.fieldwriter, writer.schema, lengths, writer.pool.records())
        writer.fieldwriter.close()
    finally:
        if lengths is not None:
            lengths.close()


def write_records(
    fieldwriter: W3FieldWriter, schema: Any, lengths: Any, records: Iterable[_Record]
) -> None:
    """Each record (a term's postings, in field and term order) to ``fieldwriter``."""
    current: str | None = None
    field_lengths: list[int] = []
    for fieldname, text, docnums, weights, values in records:
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = _field_lengths(lengths, fieldname)
            current = fieldname
        fieldwriter.start_term(text)
        _add_postings(fieldwriter._postwriter, docnums, weights, values, field_lengths)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _field_lengths(lengths: Any, fieldname: str) -> list[int]:
    """Every document's length of ``fieldname`` (0 where none), indexed by document number."""
    if lengths is None:
        return []
    length_of = lengths.doc_field_length_reader(fieldname)
    return [length_of(docnum) or 0 for docnum in range(lengths.doc_count_all())]


def _add_postings(
    writer: W3PostingsWriter,
    docnums: array[int],
    weights: array[float],
    values: Sequence[Any],
    lengths: list[int],
) -> None:
    """``add_posting`` for each posting, a block at a time: the block is written when the
    next one starts, the last one by ``finish_postings`` (or inlined in the term info)."""
    limit = writer._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            writer._write_block()
        end = start + limit
        ids = docnums[start:end]
        block_weights = weights[start:end]
        writer._ids = ids
        writer._weights = array("f", block_weights)
        writer._values = [value for value in values[start:end] if value]
        heaviest = max(block_weights)
        writer._maxweight = heaviest if heaviest > 0 else 0
        known = [length for length in map(lengths.__getitem__, ids) if length] if lengths else []
        writer._minlength = min(known) if known else None
        writer._maxlength = max(known) if known else 0
