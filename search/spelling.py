"""Spelling suggestions ("Mente du: …?") from the index's own vocabulary.

The ``spell`` field holds the minutes' words as written (lower case, æ/ø/å kept),
so a suggestion is a real word a user recognises, never a stem.
"""

from __future__ import annotations

import re
from typing import Any

from search.analysis import analyze, fold
from search.schema import TEXT_FIELD_BOOSTS

SPELL_FIELD = "spell"
_WORD = re.compile(r"[^\W\d_]{3,}")
_OPERATORS = {"og", "eller", "ikke", "and", "or", "not"}


def _known(searcher: Any, word: str) -> bool:
    terms = analyze(word)
    if not terms:
        return True
    return any(searcher.doc_frequency(name, terms[0]) for name in TEXT_FIELD_BOOSTS)


def suggest_query(searcher: Any, text: str) -> str | None:
    """The query with unknown words replaced by the closest indexed words, or None.

    Only plain words are corrected; phrases, fields and operators are left as typed.
    """
    corrector = searcher.corrector(SPELL_FIELD)
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        lowered = word.lower()
        if lowered in _OPERATORS or _known(searcher, lowered):
            return word
        for candidate in corrector.suggest(lowered, limit=3, maxdist=2, prefix=1):
            if fold(candidate) != fold(lowered) and _known(searcher, candidate):
                changed = True
                return str(candidate)
        return word

    suggestion = _WORD.sub(replace, text)
    return suggestion if changed else None
