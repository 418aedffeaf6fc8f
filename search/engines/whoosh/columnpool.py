"""The postings of one text field, kept as columns of integers until the segment is written.

:class:`search.engines.whoosh.postings.TermPostingPool` took a document's postings one by
one: a dictionary lookup, three appends and a size update in Python for each of the ~730
postings of a generated item, about a third of a rebuild's CPU. Here a document's
postings of a field arrive as three lists (its distinct words, their frequencies, their
word positions grouped by word) and go into flat arrays in a few calls that run in C:
word numbers (from one dictionary per field), document numbers, frequencies, positions.
A posting costs 12 bytes (and 4 per position) instead of ~60.

When the segment is written, the postings are sorted by word (the words sorted once, the
postings by one stable numpy sort, so each word's postings stay in document order) and
handed out as whoosh's run records: (field, word, document numbers, weights, encoded
values). Weights and values are what whoosh's formats give: weight = frequency × field
boost; the value is ``pack_uint(frequency)`` (word counts) or the format's encoding of the
positions (``Positions.encode``), each distinct value encoded once.

When the pool is full the columns are written to a scratch file as they are (no sorting)
and read back, field by field, when the segment is written: memory is bounded by the pool's
limit while documents come in, and by the largest field of the segment at the end.
"""

from __future__ import annotations

import operator
import pickle
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from whoosh.system import pack_uint

if TYPE_CHECKING:
    from search.engines.whoosh.postings import _Record

#: the memory a posting, a position and a new word take here, for the pool's limit
POSTING_BYTES = 12
POSITION_BYTES = 4
WORD_BYTES = 120

#: words and postings made Python objects at a time when a field is written
_CHUNK_WORDS = 20_000
_CHUNK_POSTINGS = 500_000

#: an encoded value is split here and joined again, to make a new object (see _values)
_HEAD = 4

_Columns = tuple["array[int]", "array[int]", "array[int]", "array[int]"]


class FieldColumns:
    """One field's postings as columns (see the module docstring)."""

    def __init__(self, fieldformat: Any, positions: bool) -> None:
        self.boost: float = fieldformat.field_boost
        #: a posting's value from its positions (None: the value is its frequency)
        self.encode: Callable[[list[int]], bytes] | None = fieldformat.encode if positions else None
        self.words: dict[str, int] = {}  # word → its number, in the order first seen
        self.spilled: list[str] = []  # scratch files holding earlier columns
        self._empty()

    def _empty(self) -> None:
        self.numbers = array("I")  # word number of each posting (positional: each occurrence)
        self.documents = array("I")
        self.frequencies = array("I")  # of each posting (not for positional fields)
        self.positions = array("I")  # of each occurrence (positional fields)

    def add(
        self,
        docnum: int,
        words: Sequence[str],
        frequencies: Sequence[int] | None,
        positions: Sequence[int] | None,
    ) -> int:
        """One document's postings: distinct ``words`` with their ``frequencies``, or (for a
        positional field, no frequencies) every word as it occurs with its position.
        Returns the memory they take (bytes)."""
        known = self.words
        numbers = list(map(known.get, words))
        size = POSTING_BYTES * len(words)
        if None in numbers:
            for word in compress(words, map(operator.is_, numbers, repeat(None))):
                if word not in known:  # a new word may occur twice in a positional field
                    known[word] = len(known)
                    size += WORD_BYTES + len(word)
            numbers = list(map(known.__getitem__, words))
        self.numbers.extend(numbers)  # type: ignore[arg-type]
        self.documents.extend(repeat(docnum, len(words)))
        if positions is not None:
            self.positions.extend(positions)
        elif frequencies is not None:
            self.frequencies.extend(frequencies)
        return size

    def spill(self, tempstore: Any, name: str) -> None:
        """Write the columns so far to a scratch file, unsorted, and start anew."""
        if not self.numbers:
            return
        with tempstore.create_file(name) as f:
            pickle.dump(self._columns(), f, pickle.HIGHEST_PROTOCOL)
        self.spilled.append(name)
        self._empty()

    def _columns(self) -> _Columns:
        return self.numbers, self.documents, self.frequencies, self.positions

    def records(self, fieldname: str, tempstore: Any) -> Iterator[_Record]:
        """Each word's postings as a run record, in whoosh's order; empties the columns."""
        parts = []
        for name in self.spilled:
            with tempstore.open_file(name) as f:
                parts.append(pickle.load(f))
            tempstore.delete_file(name)
        parts.append(self._columns())
        self.spilled = []
        self._empty()
        numbers, documents, frequencies, positions = (
            np.concatenate([np.frombuffer(part[i], dtype=np.uint32) for part in parts])
            for i in range(4)
        )
        del parts
        texts, self.words = list(self.words), {}
        if not len(numbers):
            return
        rank = np.empty(len(texts), dtype=np.int64)
        rank[sorted(range(len(texts)), key=texts.__getitem__)] = np.arange(len(texts))
        order = np.argsort(rank[numbers], kind="stable")  # a word's documents stay in order
        sorted_numbers, documents = numbers[order], documents[order]
        if self.encode is not None:
            # one entry per occurrence: a posting is a run of one word in one document
            positions = positions[order]
            changes = (np.diff(sorted_numbers) != 0) | (np.diff(documents) != 0)
            offsets = np.flatnonzero(np.concatenate(([True], changes)))
            frequencies = np.diff(np.append(offsets, len(order))).astype(np.uint32)
            sorted_numbers, documents = sorted_numbers[offsets], documents[offsets]
        else:
            offsets, frequencies = None, frequencies[order]
        del order
        starts = np.flatnonzero(np.diff(sorted_numbers, prepend=np.uint32(len(texts))))
        # a chunk of words at a time, so that only a chunk's postings are Python objects
        bounds = [*starts.tolist(), len(sorted_numbers)]
        first = 0
        while first < len(bounds) - 1:
            last = min(len(bounds) - 1, first + _CHUNK_WORDS)
            while last > first + 1 and bounds[last] - bounds[first] > _CHUNK_POSTINGS:
                last = (first + last) // 2
            low, high = bounds[first], bounds[last]
            chunk_frequencies = frequencies[low:high]
            docs: list[int] = documents[low:high].tolist()
            weights: list[float] = (chunk_frequencies * self.boost).tolist()
            chunk_offsets = None if offsets is None else offsets[low:high]
            values = self._values(chunk_frequencies, positions, chunk_offsets)
            for number, start, end in zip(
                sorted_numbers[bounds[first:last]].tolist(),
                bounds[first:last],
                bounds[first + 1 : last + 1],
                strict=True,
            ):
                yield (
                    fieldname,
                    texts[number].encode("utf-8"),
                    array("I", docs[start - low : end - low]),
                    array("d", weights[start - low : end - low]),
                    values[start - low : end - low],
                )
            first = last

    def _values(
        self,
        frequencies: npt.NDArray[np.uint32],
        positions: npt.NDArray[np.uint32],
        offsets: npt.NDArray[np.intp] | None,
    ) -> list[bytes]:
        """The encoded value of each posting (each distinct value encoded once)."""
        if self.encode is None or offsets is None:
            packed = {f: pack_uint(f) for f in np.unique(frequencies).tolist()}
            return list(map(packed.__getitem__, frequencies.tolist()))
        encode = self.encode
        firsts = positions[offsets]
        # whoosh pickles a block's values together, and pickle writes an object it has seen
        # before as a reference: each posting gets its own bytes object, as in whoosh
        single = {p: encode([p]) for p in np.unique(firsts).tolist()}
        heads = {p: value[:_HEAD] for p, value in single.items()}
        tails = {p: value[_HEAD:] for p, value in single.items()}
        firsts_list = firsts.tolist()
        values = list(
            map(
                operator.add,
                map(heads.__getitem__, firsts_list),
                map(tails.__getitem__, firsts_list),
            )
        )
        for index in np.flatnonzero(frequencies > 1).tolist():
            start = int(offsets[index])
            values[index] = encode(positions[start : start + int(frequencies[index])].tolist())
        return values
