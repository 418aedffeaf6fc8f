"""The query tree (:mod:`search.querytree`) as Whoosh queries.

A quoted phrase in the exact text is matched through the word-pair field: a two-word
phrase is one pair term, a longer one a phrase of pairs at consecutive positions.

>>> to_whoosh(qt.Phrase("exact", ("taget", "til", "efterretning")))
Phrase('exact_pairs', ['taget til', 'til efterretning'], slop=1, boost=1.000000)
>>> str(to_whoosh(qt.And((qt.Term("title", "frikort", 4.0), qt.Range("year", 2016, 2019)))))
'(title:frikort^4.0 AND year:[2016 TO 2019])'
"""

from __future__ import annotations

from whoosh import query as wq

from search import querytree as qt
from search.engines.whoosh.schema import PAIR_FIELD
from search.engines.whoosh.wordpairs import word_pairs
from search.fields import EXACT_FIELD


def to_whoosh(node: qt.Node) -> wq.Query:
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Phrase):
        return _phrase(node)
    if isinstance(node, qt.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Range):
        return wq.NumericRange(node.field, node.start, node.end)
    if isinstance(node, qt.And):
        return wq.And([to_whoosh(part) for part in node.parts])
    if isinstance(node, qt.Or):
        return wq.Or([to_whoosh(part) for part in node.parts])
    if isinstance(node, qt.AndNot):
        return wq.AndNot(to_whoosh(node.positive), to_whoosh(node.negative))
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(to_whoosh(node.required), to_whoosh(node.optional))
    return wq.Every()


def _phrase(node: qt.Phrase) -> wq.Query:
    fieldname, words = node.field, list(node.words)
    if fieldname == EXACT_FIELD:
        fieldname, words = PAIR_FIELD, word_pairs(words)
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=node.boost)
    return wq.Phrase(fieldname, words, boost=node.boost)
