"""A posting pool for whoosh's writer that keeps postings per term, compactly.

whoosh's ``PostingPool`` holds every posting as a 5-tuple (field, term, docnum, weight,
value) in one list, sorts the list when it spills a run past ``limitmb`` and at the
end, and pickles runs one posting per call. On a rebuild that was about a third of
the writer processes' CPU, and a tuple costs ~200 bytes, so runs spill early.

:class:`TermPostingPool` groups postings by (field, term) as they come: document
numbers and weights in arrays, encoded values in a list (~60 bytes a posting). Only the
distinct terms are sorted; runs are pickled a term at a time. The postings come out in
exactly the order whoosh's sort gives — (field, term, docnum, weight, value) — so the
segment written from them is the same.

The Danish text fields' postings, most of them, come a field of a document at a time
through :meth:`TermPostingPool.add_columns` and are kept as columns of integers instead
(:mod:`search.engines.whoosh.columnpool`); both kinds come out merged, in that order.
"""

from __future__ import annotations

import heapq
import operator
import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby, islice
from typing import TYPE_CHECKING, Any

from whoosh.util import random_name
from whoosh.writing import PostingPool

from search.engines.whoosh.columnpool import FieldColumns

if TYPE_CHECKING:
    Posting = tuple[str, bytes, int, float, Any]
    #: docnums, weights, encoded values of one term's postings
    _Term = tuple[array[int], array[float], list[Any]]
    #: (field, term, docnums, weights, values): a term's postings, also as stored in a run
    _Record = tuple[str, bytes, array[int], array[float], list[Any]]

# the memory a posting and a new term take here, for the pool's limit (like whoosh's estimate)
_POSTING_BYTES = 4 + 8 + 8
_VALUE_BYTES = 33
_TERM_BYTES = 400
_RECORDS_PER_PICKLE = 2_000


class TermPostingPool(PostingPool):
    """whoosh's posting pool, with postings grouped by term (see the module docstring)."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._terms: dict[str, dict[bytes, _Term]] = {}
        self._columns: dict[str, FieldColumns] = {}

    def add(self, item: Posting) -> None:
        fieldname, text, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((text, 0, weight, value),))

    def add_field(
        self, fieldname: str, docnum: int, postings: Iterable[tuple[bytes, int, float, Any]]
    ) -> int:
        """One document's postings of one field, (text, frequency, weight, value) each;
        returns the frequencies' sum (the field's length). :meth:`add` is one posting."""
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        size = self.currentsize
        total = 0
        for text, frequency, weight, value in postings:
            term = terms.get(text)
            if term is None:
                term = terms[text] = (array("I"), array("d"), [])
                size += _TERM_BYTES + len(text)
            term[0].append(docnum)
            term[1].append(weight)
            term[2].append(value)
            size += _POSTING_BYTES + (_VALUE_BYTES + len(value) if value else 0)
            total += frequency
        self.currentsize = size
        if size > self.limit:
            self.save()
        return total

    def add_columns(
        self,
        fieldname: str,
        docnum: int,
        fieldformat: Any,
        words: Sequence[str],
        frequencies: Sequence[int] | None,
        positions: Sequence[int] | None,
    ) -> None:
        """One document's postings of one field as columns: its distinct words and their
        frequencies, or (a positional field) each word as it occurs and its position."""
        columns = self._columns.get(fieldname)
        if columns is None:
            columns = self._columns[fieldname] = FieldColumns(fieldformat, positions is not None)
            self.fieldnames.add(fieldname)
        self.currentsize += columns.add(docnum, words, frequencies, positions)
        if self.currentsize > self.limit:
            self.save()

    def _column_records(self) -> Iterator[_Record]:
        """The columns' postings as run records, in whoosh's order; empties them."""
        columns, self._columns = self._columns, {}
        for fieldname in sorted(columns):
            yield from columns.pop(fieldname).records(fieldname, self.tempstore)

    def _sorted_records(self) -> Iterator[_Record]:
        """The pooled postings as run records, in whoosh's order; empties the pool."""
        terms, self._terms, self.currentsize = self._terms, {}, 0
        for fieldname in sorted(terms):
            field_terms = terms.pop(fieldname)
            for text in sorted(field_terms):
                yield _in_document_order((fieldname, text, *field_terms.pop(text)))

    def save(self) -> None:
        if self._terms:
            path, f = self._new_run()
            self._dump_records(f, self._sorted_records())
            self._add_run(path)
        for columns in self._columns.values():
            columns.spill(self.tempstore, f"{random_name()}.columns")
        self.currentsize = 0

    @property
    def spilled_columns(self) -> int:
        """How many times the columns were written to scratch files so far."""
        return max((len(columns.spilled) for columns in self._columns.values()), default=0)

    def _write_run(self, f: Any, items: Iterable[Posting]) -> None:
        """A run from postings in order (whoosh's ``reduce_to`` merging runs)."""
        self._dump_records(f, _records(items))

    def _dump_records(self, f: Any, records: Iterable[_Record]) -> None:
        records = iter(records)
        while chunk := list(islice(records, _RECORDS_PER_PICKLE)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[Posting]:
        for record in self._read_run_records(path):
            yield from _postings(record)

    def _read_run_records(self, path: str) -> Iterator[_Record]:
        f = self._open_run(path)
        try:
            while True:
                yield from pickle.load(f)
        except EOFError:
            return
        finally:
            f.close()
            self._remove_run(path)

    def records(self, maxfiles: int = 128) -> Iterator[_Record]:
        """Each term's postings as one record, in whoosh's order: by field and term, each
        record's postings by document number. Empties the pool."""
        pooled = self._pooled_records(maxfiles)
        if not self._columns:
            return pooled
        return _merged([pooled, self._column_records()])

    def _pooled_records(self, maxfiles: int) -> Iterator[_Record]:
        """The postings added one by one (not as columns), as records."""
        if not self.runs:
            return self._sorted_records()
        if self._terms:
            path, f = self._new_run()
            self._dump_records(f, self._sorted_records())
            self._add_run(path)
        if maxfiles < len(self.runs):
            self.reduce_to(maxfiles, maxfiles)
        runs, self.runs = self.runs, []
        return _merged(list(map(self._read_run_records, runs)))

    def items(self, maxfiles: int = 128) -> Iterator[Posting]:
        return (posting for record in self.records(maxfiles) for posting in _postings(record))


def _merged(sources: list[Iterator[_Record]]) -> Iterator[_Record]:
    """Records from several sources, each in whoosh's order, as one stream in that order,
    a term's records from several sources joined into one."""
    merged = heapq.merge(*sources, key=_record_key)
    return (_joined(list(parts)) for _, parts in groupby(merged, key=_record_key))


def _in_document_order(record: _Record) -> _Record:
    """``record`` with its postings in whoosh's order (document, weight, value)."""
    fieldname, text, docnums, weights, values = record
    if all(map(operator.lt, docnums, islice(docnums, 1, None))):
        return record
    # a term twice in one document, or documents out of order
    ordered = sorted(zip(docnums, weights, values, strict=True))
    docnums = array("I", (p[0] for p in ordered))
    weights = array("d", (p[1] for p in ordered))
    return fieldname, text, docnums, weights, [p[2] for p in ordered]


def _record_key(record: _Record) -> tuple[str, bytes]:
    return record[0], record[1]


def _joined(parts: list[_Record]) -> _Record:
    """One term's records from several runs as one record, in document order.

    A run spilled by the pool holds a contiguous range of documents, so ordering the
    parts by their first document is usually enough; runs merged by whoosh's
    ``reduce_to`` may not be, and then the postings are sorted.
    """
    if len(parts) == 1:
        return parts[0]
    parts.sort(key=lambda part: part[2][0])
    fieldname, text = parts[0][0], parts[0][1]
    docnums, weights, values = array("I"), array("d"), list[Any]()
    for _, _, part_docnums, part_weights, part_values in parts:
        docnums.extend(part_docnums)
        weights.extend(part_weights)
        values.extend(part_values)
    return _in_document_order((fieldname, text, docnums, weights, values))


def _postings(record: _Record) -> Iterator[Posting]:
    fieldname, text, docnums, weights, values = record
    for docnum, weight, value in zip(docnums, weights, values, strict=True):
        yield fieldname, text, docnum, weight, value


def _records(postings: Iterable[Posting]) -> Iterator[_Record]:
    """Consecutive postings of one term as one run record."""
    key: tuple[str, bytes] | None = None
    docnums, weights, values = array("I"), array("d"), list[Any]()
    for fieldname, text, docnum, weight, value in postings:
        if key != (fieldname, text):
            if key is not None:
                yield key[0], key[1], docnums, weights, values
            key, docnums, weights, values = (fieldname, text), array("I"), array("d"), []
        docnums.append(docnum)
        weights.append(weight)
        values.append(value)
    if key is not None:
        yield key[0], key[1], docnums, weights, values
