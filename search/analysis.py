"""Danish text analysis: one definition used at index time and at query time.

Analyzers are small composable Whoosh filters (``Tokenizer | Filter | …``); each
filter is a generator over Whoosh's reused token and never keeps it.

The stemmed analyzer is what ordinary searches use: inflections, spellings
without æ/ø/å and number ranges all meet on one indexed form.

>>> [t.text for t in stemmed_analyzer()("Flygtningene fik kontanthjælp i 2016-2017")]
['flygtning', 'fik', 'kontanthjalp', '2016-2017', '2016', '2017']
>>> [t.text for t in stemmed_analyzer()("okonomi oekonomi Økonomien")]
['okonomi', 'okonomi', 'okonomi']

The exact analyzer keeps the surface form (only case and Danish letters folded),
for quoted phrases and exact mode:

>>> [t.text for t in exact_analyzer()("Flygtningene fik kontanthjælp")]
['flygtningene', 'fik', 'kontanthjalp']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.lang.stopwords import stoplists

from search.compounds import CompoundSplitter, default_splitter

# Case numbers ("EMN-2025-008468"), numbers with separators ("9,164", "2016-2017",
# "04.12.2012"), then words. Letters are any Unicode letter, so æ, ø, å, é, ü are kept.
TOKEN_PATTERN = re.compile(
    r"[^\W\d_]{2,}-\d{2,}(?:-\d+)+"
    r"|\d+(?:[.,\-/]\d+)*"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)?"
    r"|\w+"
)

DANISH_STOP_WORDS = frozenset(stoplists["da"]) | frozenset({"kl", "pkt", "jf", "bl", "a", "ca"})

_FOLDS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ae", "a"), ("oe", "o"), ("aa", "a"))
_COMBINING = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Spell a lower-case word the way someone without æ/ø/å would: one form for all spellings.

    >>> [fold(w) for w in ("økonomi", "oekonomi", "okonomi", "århus", "aarhus", "café")]
    ['okonomi', 'okonomi', 'okonomi', 'arhus', 'arhus', 'cafe']
    """
    for old, new in _FOLDS:
        text = text.replace(old, new)
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


_STEMMER = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Danish stem of a lower-case word; numbers and short words are left alone.

    >>> [stem(w) for w in ("flygtninge", "virksomhederne", "lokalplanen", "2016")]
    ['flygtning', 'virksom', 'lokalplan', '2016']
    """
    if len(word) < 3 or not word[0].isalpha():
        return word
    # Snowball is not idempotent ("indsatsen" → "indsats" → "indsat"); stemming until nothing
    # changes makes every form that passes through a common stem meet on one form, e.g. the
    # query "indsats" and the text "indsatsen", or "sundhedsvasen" and "sundhedsvasenet".
    for _ in range(4):
        stemmed = str(_STEMMER.stemWord(word))
        if stemmed == word or len(stemmed) < 3:
            return stemmed
        word = stemmed
    return word


# whoosh's own Filter narrows Composable.__call__ to a token stream; mypy sees that as an
# incompatible override, hence the ignores on our filters' __call__ below.


class NumberPartsFilter(Filter):
    """Also index the parts of a range or compound number ("2016-2017" → 2016, 2017).

    >>> [t.text for t in (_tokenizer() | NumberPartsFilter())("2016-2017")]
    ['2016-2017', '2016', '2017']
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            text = token.text
            yield token
            if text[:1].isdigit() and ("-" in text or "/" in text):
                for part in re.split(r"[-/]", text):
                    if part:
                        token.text = part
                        yield token


class DanishStemFilter(Filter):
    """Replace each word by its Snowball Danish stem (cached: minutes repeat their words)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


class FoldFilter(Filter):
    """Fold æ/ø/å and their two-letter spellings to one form (see :func:`fold`)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            token.text = fold(token.text)
            yield token


class DecompoundFilter(Filter):
    """After a compound, also emit its parts at the same position ("lokalplanforslag" → lokalplan, forslag).

    Only at index time (the token's ``mode`` is "index"): a query for the whole compound must keep
    matching the exact compound, while a query for a part finds it inside compounds.
    The splitter is looked up lazily so that the pickled schema does not carry a lexicon.
    """

    def __init__(self, splitter: CompoundSplitter | None = None) -> None:
        self._splitter = splitter

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DecompoundFilter)

    def __hash__(self) -> int:
        return hash(DecompoundFilter)

    def __getstate__(self) -> dict[str, Any]:
        return {"_splitter": None}

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        splitter = self._splitter or default_splitter()
        for token in tokens:
            # Read before yielding: later filters change the shared token in place.
            word, skip = token.text, token.mode != "index" or token.stopped
            yield token
            if skip:
                continue
            for part in splitter.split(word):
                token.text = part
                yield token
            token.text = word


# "Erhvervs- og Beskæftigelsesudvalget", "fleks- eller skånejob", "Kultur-, Fritids- og
# Idrætsudvalget": first parts whose shared last part is written only once.
_SUSPENDED = re.compile(
    r"((?:\b[^\W\d_]{2,}-,?\s+)+)(?:og|eller|samt|&)\s+([^\W\d_]{4,})", re.IGNORECASE
)


def suspended_compounds(text: str) -> list[str]:
    """The whole words a Danish suspended compound stands for.

    >>> suspended_compounds("fleks- eller skånejob og kontanthjælps- og uddannelseshjælpsmodtagere")
    ['fleksjob', 'kontanthjælpsmodtagere']
    >>> suspended_compounds("Kultur-, Fritids- og Idrætsudvalget")
    ['Kulturudvalget', 'Fritidsudvalget']
    """
    words: list[str] = []
    for match in _SUSPENDED.finditer(text):
        whole = match.group(2)
        parts = default_splitter().split(whole.lower())
        if len(parts) < 2:
            continue
        tail = whole[len(whole) - len(parts[1]) :]  # the last part as written
        for head in re.findall(r"([^\W\d_]{2,})-", match.group(1)):
            words.append(head + tail)
    return words


class DanishTokenizer(RegexTokenizer):
    """Words, numbers and case numbers; at index time also the words suspended compounds
    stand for ("fleks- eller skånejob" → fleksjob), after the text so positions and
    character offsets of the text itself are unchanged."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        if kwargs.get("mode") == "index" and "-" in value:
            expanded = suspended_compounds(value)
            if expanded:
                value = value + "\n" + " ".join(expanded)
        return super().__call__(value, **kwargs)


def _tokenizer() -> RegexTokenizer:
    return DanishTokenizer(expression=TOKEN_PATTERN)


def stemmed_analyzer() -> Any:
    """Words → lower case → stop words out → compound parts → folded spelling → Danish stems.

    Folding comes before stemming so that every spelling of a word is stemmed alike:
    Snowball strips "sundhedsvaesen" and "sundhedsvæsen" differently, "sundhedsvasen" once.

    >>> analyze("sundhedsvaesen") == analyze("sundhedsvæsenet") == analyze("Sundhedsvæsen")
    True
    """
    return (
        _tokenizer()
        | LowercaseFilter()
        | NumberPartsFilter()
        | StopFilter(stoplist=DANISH_STOP_WORDS, minsize=1)
        | DecompoundFilter()
        | FoldFilter()
        | DanishStemFilter()
    )


def exact_analyzer() -> Any:
    """Words → lower case → folded spelling; no stemming and no stop words, for exact matching."""
    return _tokenizer() | LowercaseFilter() | NumberPartsFilter() | FoldFilter()


def analyze(text: str, exact: bool = False) -> list[str]:
    """The indexed forms of ``text`` as a query would see them.

    >>> analyze("Socialt frikort til borgerne")
    ['socialt', 'frikort', 'borg']
    """
    analyzer = exact_analyzer() if exact else stemmed_analyzer()
    return [token.text for token in analyzer(text, mode="query")]
