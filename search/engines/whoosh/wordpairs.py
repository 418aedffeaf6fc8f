"""Word pairs: the exact text as pairs of consecutive words, for quoted phrases.

A two-word phrase is one pair term, a longer one a chain of pairs at consecutive
positions. A phrase's pairs are far rarer than its words ("til" is in nearly every
item, "til efterretning" is not), so matching it reads far fewer postings, and the
single-word fields need no positions at all (docs/performance.md).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from itertools import pairwise, repeat
from typing import Any

from whoosh.analysis import Filter, Token

from search.analysis import exact_analyzer

#: what joins the two words of an indexed word pair (a space never occurs inside a word)
PAIR_SEPARATOR = " "


def word_pairs(words: list[str]) -> list[str]:
    """The indexed pairs of consecutive words, as :class:`WordPairFilter` writes them.

    >>> word_pairs(["taget", "til", "efterretning"])
    ['taget til', 'til efterretning']
    """
    return [first + PAIR_SEPARATOR + second for first, second in pairwise(words)]


def pair_forms(texts: list[str], positions: list[int]) -> tuple[list[str], list[int]]:
    """Each form joined to each form at the next position, at the first one's position.

    Every form at a position (a number and its parts) is paired with every form at the
    next, so a pair matches wherever the phrase of the single words would.

    >>> pair_forms(["budget", "2016-2017", "2016", "2017", "vedtaget"], [0, 1, 1, 1, 2])
    ... # doctest: +NORMALIZE_WHITESPACE
    (['budget 2016-2017', 'budget 2016', 'budget 2017',
      '2016-2017 vedtaget', '2016 vedtaget', '2017 vedtaget'], [0, 0, 0, 1, 1, 1])
    """
    if positions == list(range(len(positions))):  # one form per position: pair neighbours
        return list(
            map(operator.add, map(operator.add, texts, repeat(PAIR_SEPARATOR)), texts[1:])
        ), list(range(len(texts) - 1))
    pairs: list[str] = []
    pair_positions: list[int] = []
    previous: list[str] = []  # the forms at the position before the current one
    current: list[str] = []
    current_pos = -2
    for text, pos in zip(texts, positions, strict=True):
        if pos != current_pos:
            previous = current if pos == current_pos + 1 else []
            current, current_pos = [], pos
        current.append(text)
        for form in previous:
            pairs.append(form + PAIR_SEPARATOR + text)
            pair_positions.append(pos - 1)
    return pairs, pair_positions


class WordPairFilter(Filter):
    """Each word joined to the next, at the first word's position (see :func:`pair_forms`).

    A two-word phrase is then one term, and a longer one a chain of pairs at consecutive
    positions: far fewer postings to read than its single words ("til" is in nearly every
    item, "til efterretning" is not). Needs positions. The words of the stream are
    collected (texts, not tokens) and the pairs given on the stream's last token.

    >>> [(t.text, t.pos) for t in word_pair_analyzer()("taget til efterretning", positions=True)]
    [('taget til', 0), ('til efterretning', 1)]
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        texts: list[str] = []
        positions: list[int] = []
        token = None
        for token in tokens:
            texts.append(token.text)
            positions.append(token.pos)
        if token is None:
            return
        for text, pos in zip(*pair_forms(texts, positions), strict=True):
            token.text, token.pos = text, pos
            yield token


def word_pair_analyzer() -> Any:
    """The exact analysis, then each word paired with the next (see :class:`WordPairFilter`)."""
    return exact_analyzer() | WordPairFilter()
