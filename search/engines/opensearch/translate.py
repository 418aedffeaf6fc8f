"""The query tree (:mod:`search.querytree`) as OpenSearch's query DSL.

Terms hold analysed forms, which the index holds as they are, so a word is a ``term``
query; scores add up in ``bool`` as they do in Whoosh's And and Or. A phrase is a
``match_phrase`` on a field with positions. Prefixes and ranges score a constant, as
Whoosh's do. ``AndMaybe`` is a ``bool`` with a ``must`` and a ``should``: the optional
part adds to the score of what the required part matches, as in Whoosh.

>>> to_dsl(qt.And((qt.Term("title", "frikort", 4.0), qt.Range("year", 2016, 2019))))
{'bool': {'must': [{'term': {'title': {'value': 'frikort', 'boost': 4.0}}}, {'range': {'year': {'gte': 2016, 'lte': 2019}}}]}}
>>> to_dsl(qt.Phrase("exact", ("taget", "til", "efterretning")))
{'match_phrase': {'exact': {'query': 'taget til efterretning'}}}
"""

from __future__ import annotations

from typing import Any

from search import querytree as qt


def to_dsl(node: qt.Node) -> dict[str, Any]:
    if isinstance(node, qt.Term):
        return {"term": {node.field: _boosted({"value": node.text}, node.boost)}}
    if isinstance(node, qt.Phrase):
        return {"match_phrase": {node.field: _boosted({"query": " ".join(node.words)}, node.boost)}}
    if isinstance(node, qt.Prefix):
        return {"prefix": {node.field: _boosted({"value": node.text}, node.boost)}}
    if isinstance(node, qt.Range):
        return {"range": {node.field: {"gte": node.start, "lte": node.end}}}
    if isinstance(node, qt.And):
        return {"bool": {"must": [to_dsl(part) for part in node.parts]}}
    if isinstance(node, qt.Or):
        return {"bool": {"should": [to_dsl(part) for part in node.parts]}}
    if isinstance(node, qt.AndNot):
        return {"bool": {"must": [to_dsl(node.positive)], "must_not": [to_dsl(node.negative)]}}
    if isinstance(node, qt.AndMaybe):  # the optional part only adds to the score
        return {"bool": {"must": [to_dsl(node.required)], "should": [to_dsl(node.optional)]}}
    return {"match_all": {}}


def _boosted(query: dict[str, Any], boost: float) -> dict[str, Any]:
    if boost != 1.0:
        query["boost"] = boost
    return query
