"""The query tree: what a search means, in the field contract's terms, for any engine.

:mod:`search.query` parses what users type into these nodes; each engine translates
them into its own queries (Whoosh query objects, OpenSearch's query DSL). Terms hold
analysed text (stems, folded exact words), so every engine matches the same indexed
forms. Nodes are immutable and compare by value.

>>> tree = AndNot(Term("title", "frikort", 4.0), Term("exact", "kattrup"))
>>> [term.text for term in terms(tree)]
['frikort', 'kattrup']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """An analysed word in one field; ``boost`` multiplies its score."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Analysed words standing next to each other, in this order, in one phrase field;
    ``boost`` multiplies its score."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Any indexed word of ``field`` that starts with ``text``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """A number field between ``start`` and ``end``, both included."""

    field: str
    start: int
    end: int


@dataclass(frozen=True)
class And:
    """Every part must match; the scores add up."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any part may match; the scores of those that do add up."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AndNot:
    """What ``positive`` matches, without what ``negative`` matches; scored as ``positive``."""

    positive: Node
    negative: Node


@dataclass(frozen=True)
class AndMaybe:
    """What ``required`` matches, scored as ``required`` plus ``optional`` where that
    matches too: ``optional`` never adds or removes a match, it only ranks (Lucene's
    "should" beside a "must"; whoosh's ``AndMaybe``)."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Every:
    """Every item (an empty query); scored 1."""


Node = Term | Phrase | Prefix | Range | And | Or | AndNot | AndMaybe | Every


def terms(node: Node) -> Iterator[Term]:
    """Every :class:`Term` in the tree, depth first (phrases' words are not terms)."""
    if isinstance(node, Term):
        yield node
    elif isinstance(node, And | Or):
        for part in node.parts:
            yield from terms(part)
    elif isinstance(node, AndNot):
        yield from terms(node.positive)
        yield from terms(node.negative)
    elif isinstance(node, AndMaybe):
        yield from terms(node.required)
        yield from terms(node.optional)


def fields(node: Node) -> set[str]:
    """The fields the tree searches.

    >>> sorted(fields(Or((Term("title", "a"), Phrase("exact", ("b", "c")), Range("year", 1, 2)))))
    ['exact', 'title', 'year']
    """
    if isinstance(node, Term | Phrase | Prefix | Range):
        return {node.field}
    if isinstance(node, And | Or):
        return set().union(*(fields(part) for part in node.parts))
    if isinstance(node, AndNot):
        return fields(node.positive) | fields(node.negative)
    if isinstance(node, AndMaybe):
        return fields(node.required) | fields(node.optional)
    return set()
