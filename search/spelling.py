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
#: what is left as typed: phrases and field-limited terms (``titel:"…"``, ``år:2019``)
_AS_TYPED = re.compile(r'((?:[^\W\d_]+:)?"[^"]*"?|[^\W\d_]+:\S*)')
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


def suggest_query(engine: Engine, text: str) -> str | None:
    """The query with unknown words replaced by the closest indexed words, or None.

    Only plain words are corrected; phrases, fields and operators are left as typed.

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
        for candidate in engine.spelling_candidates(fold(lowered), limit=3):
            if candidate != fold(lowered) and _known(engine, candidate):
                changed = True
                return surface_form(engine, candidate)
        return word

    pieces = _AS_TYPED.split(text)  # odd positions are the pieces left as typed
    suggestion = "".join(
        piece if position % 2 else _WORD.sub(replace, piece)
        for position, piece in enumerate(pieces)
    )
    return suggestion if changed else None
