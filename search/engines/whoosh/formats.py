"""Whoosh posting formats that index a field's text in one call to the Danish analyzer.

whoosh's formats walk the analyzer's token stream, a generator per filter and two
dictionary updates per token. For Referat's own analyzers the formats here ask
:meth:`DanishAnalyzer.texts` (fields without positions) or :meth:`DanishAnalyzer.forms`
(with positions) for the whole value at once and count the words in C; ``term_postings``
gives the writer the same as a field's ``index()``, as one list
(``search/engines/whoosh/segmentwriter.py``). The postings are the same as whoosh's (tested by building
an index both ways and comparing, ``tests/test_formats.py``). Any other analyzer, or a
call with options the fast path does not cover, goes the ordinary way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from whoosh import formats
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.system import pack_uint

from search.analysis import DanishAnalyzer
from search.engines.whoosh.wordpairs import WordPairFilter, pair_forms

#: (text, frequency, weight, encoded value) per distinct word, as whoosh's formats give them
#: (whoosh annotates the text as bytes, but its formats give str and its fields encode it)
WordValues = Iterable[tuple[Any, int, float, bytes]]
#: the same with the text encoded, as a field's ``index()`` gives them
TermPostings = list[tuple[bytes, int, float, bytes]]


class WordColumns(NamedTuple):
    """One value's postings as columns, and the field's length: the distinct words with
    their frequencies, or (a positional field) each word as it occurs with its position."""

    words: list[str]
    frequencies: list[int] | None
    positions: list[int] | None
    length: int


def indexed_texts(analyzer: Any, value: Any, kwargs: dict[str, Any]) -> list[str] | None:
    """The texts ``analyzer`` indexes for ``value`` (no positions), or None for the slow path."""
    if isinstance(analyzer, DanishAnalyzer) and isinstance(value, str) and set(kwargs) <= {"mode"}:
        return analyzer.texts(value, kwargs.get("mode", ""))
    found = indexed_forms(analyzer, value, kwargs)
    return None if found is None else found[0]


def indexed_forms(
    analyzer: Any, value: Any, kwargs: dict[str, Any]
) -> tuple[list[str], list[int]] | None:
    """The texts and positions ``analyzer`` indexes for ``value``, or None for the slow path."""
    if not isinstance(value, str) or set(kwargs) - {"mode"}:
        return None
    mode = kwargs.get("mode", "")
    if isinstance(analyzer, DanishAnalyzer):
        return analyzer.forms(value, mode)
    if isinstance(analyzer, CompositeAnalyzer):
        words, *filters = analyzer.items
        if isinstance(words, DanishAnalyzer) and [type(f) for f in filters] == [WordPairFilter]:
            return pair_forms(*words.forms(value, mode))
    return None


class DanishFrequency(formats.Frequency):
    """whoosh's ``Frequency`` (word counts), fast for the Danish analyzers."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> WordValues:
        texts = indexed_texts(analyzer, value, kwargs)
        if texts is None:
            return super().word_values(value, analyzer, **kwargs)
        return self._values(texts)

    def term_postings(self, value: str, analyzer: Any) -> TermPostings | None:
        """What the field's ``index(value)`` gives (texts encoded), as a list; or None."""
        texts = indexed_texts(analyzer, value, {"mode": "index"})
        return None if texts is None else _encoded(self._values(texts))

    def columns(self, value: str, analyzer: Any) -> WordColumns | None:
        """What ``term_postings`` gives, as columns (see :class:`WordColumns`); or None."""
        texts = indexed_texts(analyzer, value, {"mode": "index"})
        if texts is None:
            return None
        counted = Counter(texts)
        return WordColumns(list(counted), list(counted.values()), None, len(texts))

    def _values(self, texts: list[str]) -> list[tuple[str, int, float, bytes]]:
        boost = self.field_boost
        return [
            (text, count, count * boost, pack_uint(count)) for text, count in Counter(texts).items()
        ]


class DanishPositions(formats.Positions):
    """whoosh's ``Positions`` (word positions, for phrases), fast for the Danish analyzers."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> WordValues:
        found = indexed_forms(analyzer, value, kwargs)
        if found is None:
            return super().word_values(value, analyzer, **kwargs)
        return self._values(*found)

    def term_postings(self, value: str, analyzer: Any) -> TermPostings | None:
        """What the field's ``index(value)`` gives (texts encoded), as a list; or None."""
        found = indexed_forms(analyzer, value, {"mode": "index"})
        if found is None:
            return None
        return _encoded(self._values(*found))

    def columns(self, value: str, analyzer: Any) -> WordColumns | None:
        """What ``term_postings`` gives, as columns (see :class:`WordColumns`); or None."""
        found = indexed_forms(analyzer, value, {"mode": "index"})
        if found is None:
            return None
        texts, positions = found
        return WordColumns(texts, None, positions, len(texts))

    def _values(
        self, texts: list[str], positions: list[int]
    ) -> list[tuple[str, int, float, bytes]]:
        where: defaultdict[str, list[int]] = defaultdict(list)
        for text, pos in zip(texts, positions, strict=True):
            where[text].append(pos)
        boost, encode = self.field_boost, self.encode
        return [(text, len(at), len(at) * boost, encode(at)) for text, at in where.items()]


def _encoded(values: list[tuple[str, int, float, bytes]]) -> TermPostings:
    return [(text.encode("utf-8"), count, weight, value) for text, count, weight, value in values]
