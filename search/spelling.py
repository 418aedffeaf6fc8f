"""Spelling suggestions ("Mente du: …?") from the index's own vocabulary.

Candidates come from the ``exact`` field's lexicon (words as written, lower case, with
æ/ø/å folded); the suggestion shows the word as the minutes spell it, read back from
an item that contains it, so a user sees "kontanthjælp", never a stem or "kontanthjalp".
"""

from __future__ import annotations

import re

from search import querytree as qt
from search.analysis import analyze, exact_analyzer, fold
from search.engine import Engine
from search.fields import EXACT_FIELD, TEXT_FIELD_BOOSTS

_WORD = re.compile(r"[^\W\d_]{3,}")
#: what is left as typed: phrases, field-limited terms (``titel:"…"``, ``år:2019``) and
#: markup (``<script>``: its words are no misspelling of Danish)
_AS_TYPED = re.compile(r'((?:[^\W\d_]+:)?"[^"]*"?|[^\W\d_]+:\S*|<[^<>]*>?)')
_OPERATORS = {"og", "eller", "ikke", "and", "or", "not"}
_exact = exact_analyzer()


def _known(engine: Engine, word: str) -> bool:
    terms = analyze(word)
    if not terms:
        return True
    return any(engine.doc_frequency(name, terms[0]) for name in TEXT_FIELD_BOOSTS)


def surface_form(engine: Engine, folded: str) -> str:
    """How the minutes write the indexed word ``folded`` (lower case), or ``folded`` itself."""
    hits = engine.find(qt.Term(EXACT_FIELD, folded), limit=1)
    if not hits:
        return folded
    item = hits[0][0]
    texts = [item["title"], *(section["text"] for section in item["sections"])]
    for text in texts:
        for token in _exact(text, chars=True, mode="query"):
            if token.text == folded:
                return text[token.startchar : token.endchar].lower()
    return folded


def edit_distance(left: str, right: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn ``left`` into ``right``.

    >>> edit_distance("frikrot", "frikort"), edit_distance("asdf", "af"), edit_distance("alert", "aldre")
    (1, 2, 2)
    """
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, start=1):
        current = [i]
        for j, b in enumerate(right, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == right[j - 2] and left[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def plausible(word: str, candidate: str) -> bool:
    """Whether ``candidate`` is a likely correction of the (folded) ``word``: one edit in a
    short word, two in a longer one (a third of "asdf" is no typo of "af").

    >>> plausible("studietru", "studietur"), plausible("asdf", "af"), plausible("alert", "aldre")
    (True, False, False)
    """
    allowed = 1 if len(word) <= 5 else 2
    return edit_distance(word, candidate) <= allowed


def suggest_query(engine: Engine, text: str) -> str | None:
    """The query with unknown words replaced by the closest indexed words, or None.

    Only plain words are corrected; phrases, fields, operators and markup are left as
    typed. Whether the suggestion finds more than the query is for the caller to check.

    >>> _AS_TYPED.split('titel:"socialt frikrot" kontanthjlp år:2019')
    ['', 'titel:"socialt frikrot"', ' kontanthjlp ', 'år:2019', '']
    """
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        lowered = word.lower()
        if lowered in _OPERATORS or _known(engine, lowered):
            return word
        folded = fold(lowered)
        for candidate in engine.spelling_candidates(folded, limit=3):
            if candidate != folded and plausible(folded, candidate) and _known(engine, candidate):
                changed = True
                return surface_form(engine, candidate)
        return word

    pieces = _AS_TYPED.split(text)  # odd positions are the pieces left as typed
    suggestion = "".join(
        piece if position % 2 else _WORD.sub(replace, piece)
        for position, piece in enumerate(pieces)
    )
    return suggestion if changed else None
