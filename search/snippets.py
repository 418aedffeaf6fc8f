"""Highlighted snippets: from the section that matched best, whole words around the hit.

Matching uses the same analyzers as the index, so a snippet marks "flygtningene"
for the query "flygtning", and a whole compound for a part of it.

>>> terms = {"frikort"}
>>> make_snippet([("Sagsfremstilling", "Et socialt frikort giver borgere ret til at tjene.")], terms, set())
'Et socialt <mark>frikort</mark> giver borgere ret til at tjene.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape

from search.analysis import TOKEN_PATTERN, exact_analyzer, stemmed_analyzer

WINDOW_WORDS = 28
_NON_SPACE = re.compile(r"\S+")
_DECISION_HEADINGS = ("beslutning", "indstilling", "sammendrag")

_stemmed = stemmed_analyzer()
_exact = exact_analyzer()


def find_hits(
    text: str,
    stemmed_terms: set[str],
    exact_terms: set[str],
    phrases: Sequence[tuple[str, ...]] = (),
) -> list[tuple[int, int, str]]:
    """(start, end, matched term) of every word in ``text`` that a query term matches; the
    words of a phrase only where the whole phrase stands (the term is then the phrase).

    >>> find_hits("Flygtningene og flygtninge", {"flygtning"}, set())
    [(0, 12, 'flygtning'), (16, 26, 'flygtning')]
    >>> find_hits("fleks- eller skånejob", {"fleksjob"}, set())
    []
    >>> find_hits("til sagen, taget til efterretning", set(), set(), [("taget", "til", "efterretning")])
    [(11, 16, 'taget til efterretning'), (17, 20, 'taget til efterretning'), (21, 33, 'taget til efterretning')]
    """
    prefixes = tuple(term[:-1] for term in stemmed_terms if term.endswith("*"))
    words = list(TOKEN_PATTERN.finditer(text))
    matched: list[str | None] = [None] * len(words)
    for i, word in enumerate(words):
        if stemmed_terms:
            for form in _stemmed_forms(word.group()):
                if form in stemmed_terms or (prefixes and form.startswith(prefixes)):
                    matched[i] = form
        if exact_terms:
            for form in _exact_forms(word.group()):
                if form in exact_terms:
                    matched[i] = form
    for phrase in phrases:
        name = " ".join(phrase)
        for start in range(len(words) - len(phrase) + 1):
            if all(part in _exact_forms(words[start + k].group()) for k, part in enumerate(phrase)):
                matched[start : start + len(phrase)] = [name] * len(phrase)
    return [
        (word.start(), word.end(), term)
        for word, term in zip(words, matched, strict=True)
        if term is not None
    ]


# A word's analysis does not depend on its neighbours (the suspended compounds the index
# adds lie after the text), so each word is analysed once, alone, and remembered:
# snippets re-read the same few thousand words of minutes for every result page.
@lru_cache(maxsize=100_000)
def _stemmed_forms(word: str) -> tuple[str, ...]:
    """The index forms of one word: its stem, its compound parts' stems (whole word first)."""
    return tuple(token.text for token in _stemmed(word, mode="index", removestops=False))


@lru_cache(maxsize=100_000)
def _exact_forms(word: str) -> tuple[str, ...]:
    return tuple(token.text for token in _exact(word, mode="index"))


def _score(heading: str, hits: list[tuple[int, int, str]]) -> float:
    distinct = len({term for _, _, term in hits})
    bonus = 0.5 if heading.lower().startswith(_DECISION_HEADINGS) else 0.0
    return distinct * 10 + min(len(hits), 10) + bonus


def _word_bounds(text: str) -> list[tuple[int, int]]:
    return [word.span() for word in _NON_SPACE.finditer(text)]


def _window(text: str, hits: list[tuple[int, int, str]], size: int) -> tuple[int, int]:
    """Character range of the ``size``-word window holding the most distinct hit terms."""
    words = _word_bounds(text)
    if len(words) <= size:
        return 0, len(text)
    best_start, best_score = 0, -1
    for first in range(0, len(words) - size + 1, max(1, size // 4)):
        lo, hi = words[first][0], words[first + size - 1][1]
        inside = {term for start, end, term in hits if start >= lo and end <= hi}
        if len(inside) > best_score:
            best_start, best_score = first, len(inside)
    last = min(len(words), best_start + size) - 1
    return words[best_start][0], words[last][1]


def highlight(text: str, hits: Iterable[tuple[int, int, str]]) -> str:
    """HTML-escape ``text`` and wrap the hit spans in ``<mark>``."""
    out: list[str] = []
    position = 0
    for start, end, _ in hits:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def make_snippet(
    sections: Sequence[tuple[str, str]],
    stemmed_terms: set[str],
    exact_terms: set[str],
    phrases: Sequence[tuple[str, ...]] = (),
    size: int = WINDOW_WORDS,
) -> str:
    """An HTML snippet (escaped, hits in ``<mark>``) from the best-matching section.

    Without any hit, the start of the first non-empty section (summary first) is shown.
    """
    best: tuple[float, str, list[tuple[int, int, str]]] | None = None
    for heading, text in sections:
        if not text.strip():
            continue
        wanted = stemmed_terms or exact_terms or phrases
        hits = find_hits(text, stemmed_terms, exact_terms, phrases) if wanted else []
        score = _score(heading, hits) if hits else -1.0
        if best is None or score > best[0]:
            best = (score, text, hits)
    if best is None:
        return ""
    _, text, hits = best
    lo, hi = _window(text, hits, size)
    inside = [(s - lo, e - lo, t) for s, e, t in hits if s >= lo and e <= hi]
    snippet = highlight(" ".join(text[lo:hi].split("\n")), inside)
    return ("… " if lo > 0 else "") + snippet + (" …" if hi < len(text) else "")
