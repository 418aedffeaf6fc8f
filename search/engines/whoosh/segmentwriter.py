"""Fast paths through whoosh's segment writer: documents in a field at a time, postings
out a term at a time. Both write exactly what whoosh writes (``tests/test_index_writer.py``
compares the segment files byte for byte).

**In.** whoosh's ``SegmentWriter.add_document`` asks each field for its terms through a
generator that encodes every text, then hands the pool one posting tuple per call.
:func:`add_document_by_field` gets a field's terms as one list (from the Danish formats'
:meth:`term_postings` where they apply) and gives them to
:meth:`TermPostingPool.add_field` in one call.

**Out.** When the segment is finished, whoosh's ``FieldWriter.add_postings`` takes the
pool's postings one by one: an order check, a field-length lookup through the
per-document columns and a ``W3PostingsWriter.add_posting`` call per posting.
:class:`search.engines.whoosh.postings.TermPostingPool` already holds each term's postings together, so
:func:`flush_segment_by_term` hands each block of up to ``blocklimit`` postings to the
whoosh 3 postings writer at once, with the statistics it would have gathered (maximum
weight, shortest and longest field); whoosh writes the block, the term info and the
inlining as before.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter
from whoosh.writing import SegmentWriter

from search.engines.whoosh.blockwriter import can_write_terms, write_term
from search.engines.whoosh.formats import WordColumns
from search.engines.whoosh.postings import TermPostingPool

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from search.engines.whoosh.postings import _Record


def can_write_by_term(writer: Any) -> bool:
    """Whether ``writer``'s codec is the one whose postings writer this module fills."""
    return type(writer.fieldwriter) is W3FieldWriter and not writer.fieldwriter.is_closed


def can_add_by_field(writer: Any) -> bool:
    """Whether no field of ``writer``'s schema uses what :func:`add_document_by_field`
    leaves to whoosh (term vectors, separate spelling words)."""
    if type(writer).add_document is not SegmentWriter.add_document:  # e.g. MpWriter's
        return False
    return isinstance(writer.pool, TermPostingPool) and not any(
        field.vector or field.separate_spelling() for _, field in writer.schema.items()
    )


def add_document_by_field(writer: Any, add_document: Callable[..., None], **fields: Any) -> None:
    """whoosh's ``SegmentWriter.add_document`` for documents without boosts or custom
    stored values (``_``-prefixed keys), which go to ``add_document`` itself."""
    if any(name.startswith("_") for name in fields):
        add_document(**fields)
        return
    writer._check_state()
    schema, perdoc, docnum, pool = writer.schema, writer.perdocwriter, writer.docnum, writer.pool
    fieldnames = sorted(fields)
    writer._check_fields(schema, fieldnames)
    perdoc.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                columns = _columns(field, value)
                if columns is not None:
                    pool.add_columns(fieldname, docnum, field.format, *columns[:3])
                    frequencies = columns.length
                else:
                    frequencies = pool.add_field(fieldname, docnum, _term_postings(field, value))
                length = frequencies if field.scorable else 0
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
    except ValueError:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


def _columns(field: Any, value: Any) -> WordColumns | None:
    """The postings of ``value`` in ``field`` as columns, where its format makes them."""
    columns = getattr(field.format, "columns", None)
    if columns is None or not isinstance(value, str):
        return None
    found: WordColumns | None = columns(value, field.analyzer)
    return found


def _term_postings(field: Any, value: Any) -> Iterable[tuple[bytes, int, float, Any]]:
    """(encoded text, frequency, weight, value) of each term of ``value`` in ``field``."""
    term_postings = getattr(field.format, "term_postings", None)
    if term_postings is not None and isinstance(value, str):
        found = term_postings(value, field.analyzer)
        if found is not None:
            return found
    return field.index(value)


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
    whole_terms = can_write_terms(fieldwriter)
    for fieldname, text, docnums, weights, values in records:
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = _field_lengths(lengths, fieldname)
            current = fieldname
        if whole_terms:
            write_term(fieldwriter, text, docnums, weights, values, field_lengths)
            continue
        fieldwriter.start_term(text)
        _add_postings(fieldwriter._postwriter, docnums, weights, values, field_lengths)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _field_lengths(lengths: Any, fieldname: str) -> list[int]:
    """Every document's length of ``fieldname`` (0 where none), indexed by document number."""
    if lengths is None:
        return []
    reader = getattr(lengths, "doc_field_length_reader", None)  # whoosh3's fast accessor
    if reader is None:
        return [
            lengths.doc_field_length(docnum, fieldname) or 0
            for docnum in range(lengths.doc_count_all())
        ]
    length_of = reader(fieldname)
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
