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
from itertools import chain
from typing import Any, cast

import snowballstemmer
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
)
from whoosh.lang.stopwords import stoplists

from search.compounds import CompoundSplitter, default_splitter, suspended_compounds

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


def _stemmed_chain() -> Any:
    """The stemmed analysis as composed filters: the definition :class:`DanishAnalyzer` follows."""
    return (
        _tokenizer()
        | LowercaseFilter()
        | NumberPartsFilter()
        | StopFilter(stoplist=DANISH_STOP_WORDS, minsize=1)
        | DecompoundFilter()
        | FoldFilter()
        | DanishStemFilter()
    )


def _exact_chain() -> Any:
    return _tokenizer() | LowercaseFilter() | NumberPartsFilter() | FoldFilter()


_NUMBER_PARTS = re.compile(r"[-/]")
_MAX_CACHED_WORDS = 300_000

#: one entry per piece of a word (the word, then its number parts): its indexed forms, and
#: whether it is a stop word (then the one form is the folded stop word itself)
_Analysed = tuple[tuple[tuple[str, ...], bool], ...]


class DanishAnalyzer(Analyzer):
    """The chain of :func:`_stemmed_chain` (or :func:`_exact_chain`) in one pass, memoised per word.

    Indexing runs every word through six filters, each a generator over the shared token;
    all of them but the stop words' renumbering depend on the word alone. So each distinct
    word (as the tokenizer found it) is analysed once, and the token stream is rebuilt
    from that, with the positions, offsets and stop flags the chain gives. Calls with
    options this pass does not implement (``keeporiginal``, ``tokenize=False``) go to the
    chain itself.
    """

    def __init__(self, stemmed: bool) -> None:
        self.stemmed = stemmed
        self.chain = _stemmed_chain() if stemmed else _exact_chain()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DanishAnalyzer) and other.stemmed == self.stemmed

    def __hash__(self) -> int:
        return hash((DanishAnalyzer, self.stemmed))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if keeporiginal or not tokenize:
            return cast(
                Iterator[Token],
                self.chain(
                    value,
                    positions=positions,
                    chars=chars,
                    keeporiginal=keeporiginal,
                    removestops=removestops,
                    start_pos=start_pos,
                    start_char=start_char,
                    tokenize=tokenize,
                    mode=mode,
                    **kwargs,
                ),
            )
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        return self._tokens(value, token, start_pos, start_char)

    def forms(self, value: str, mode: str = "index") -> tuple[list[str], list[int]]:
        """The texts and positions of the tokens ``self(value, positions=True, mode=mode)``
        gives, without making tokens: what a field's format needs to index ``value``.

        >>> exact_analyzer().forms("Budget 2016-2017")
        (['budget', '2016-2017', '2016', '2017'], [0, 1, 1, 1])
        >>> stemmed_analyzer().forms("Budget for 2016-2017")
        (['budg', '2016-2017', '2016', '2017'], [0, 1, 2, 3])
        """
        if not self.stemmed:
            # every word keeps all its forms at its own position: no stop words to renumber
            found = self._kept(value, mode)
            texts = list(chain.from_iterable(found))
            if len(texts) == len(found):
                return texts, list(range(len(texts)))
            return texts, [pos for pos, forms in enumerate(found) for _ in forms]
        texts = []
        positions: list[int] = []
        renumbered: int | None = None  # as in _tokens
        for pos, (_, analysed) in enumerate(self._words(value, mode)):
            for forms, stopped in analysed:
                if stopped:
                    continue
                renumbered = pos if renumbered is None else renumbered + 1
                pos = renumbered
                texts.extend(forms)
                positions.extend([pos] * len(forms))
        return texts, positions

    def texts(self, value: str, mode: str = "index") -> list[str]:
        """The texts of :meth:`forms` alone, what a field without positions needs; the
        words are found, looked up and joined in C wherever they were seen before.

        >>> stemmed_analyzer().texts("Budget for 2016-2017")
        ['budg', '2016-2017', '2016', '2017']
        """
        return list(chain.from_iterable(self._kept(value, mode)))

    def _kept(self, value: str, mode: str) -> list[tuple[str, ...]]:
        """The kept forms of each word of ``value`` (none for a stop word), memoised per
        word; for the exact analysis also the last value's (the exact text is indexed
        twice, as words and as word pairs)."""
        global _last_exact
        index_mode = mode == "index"
        last = _last_exact
        if not self.stemmed and last is not None and last[0] is value and last[1] == index_mode:
            return last[2]
        kept = _word_cache(self.stemmed, index_mode, kept_forms=True)
        words = TOKEN_PATTERN.findall(_with_suspended(value, index_mode))
        found = list(map(kept.get, words))
        if None in found:
            analyses = _word_cache(self.stemmed, index_mode)
            for i, forms in enumerate(found):
                if forms is None:
                    analysed = self._analysed(words[i], index_mode, analyses)
                    kept[words[i]] = found[i] = tuple(
                        form for forms, stopped in analysed if not stopped for form in forms
                    )
        if not self.stemmed:
            _last_exact = (value, index_mode, cast(list[tuple[str, ...]], found))
        return cast(list[tuple[str, ...]], found)

    def _words(self, value: str, mode: str) -> Iterator[tuple[re.Match[str], _Analysed]]:
        """Each word the tokenizer finds with its analysis (memoised)."""
        index_mode = mode == "index"
        words = _word_cache(self.stemmed, index_mode)
        for match in TOKEN_PATTERN.finditer(_with_suspended(value, index_mode)):
            word = match.group(0)
            analysed = words.get(word)
            yield match, analysed or self._analysed(word, index_mode, words)

    def _analysed(self, word: str, index_mode: bool, words: dict[str, _Analysed]) -> _Analysed:
        analysed = words.get(word)
        if analysed is None:
            analyse = _analyse_stemmed if self.stemmed else _analyse_exact
            analysed = words[word] = analyse(word, index_mode)
        return analysed

    def _tokens(self, value: str, t: Token, start_pos: int, start_char: int) -> Iterator[Token]:
        stemmed = self.stemmed
        positions, chars, removestops = t.positions, t.chars, t.removestops
        renumbered: int | None = None  # the stop filter's position counter
        for number, (match, analysed) in enumerate(self._words(value, t.mode)):
            t.boost = 1.0
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            pos = start_pos + number
            for forms, stopped in analysed:
                if stopped:
                    if removestops:
                        continue
                    t.stopped = True
                else:
                    t.stopped = False
                    if stemmed and positions:
                        # StopFilter(renumber=True): the first kept piece keeps its
                        # position, every later one (number parts too) takes the next
                        renumbered = pos if renumbered is None else renumbered + 1
                        pos = renumbered
                if positions:
                    t.pos = pos
                for form in forms:
                    t.text = form
                    yield t


_word_caches: dict[tuple[bool, bool, bool], dict[str, Any]] = {}
#: the exact analysis's last value (the object itself), its mode and its words' kept forms
_last_exact: tuple[str, bool, list[tuple[str, ...]]] | None = None
_cached_splitter: CompoundSplitter | None = None


def _word_cache(stemmed: bool, index_mode: bool, kept_forms: bool = False) -> dict[str, Any]:
    """The memo of analysed words (or of their kept forms alone); emptied when the compound
    splitter is replaced, and when it has grown past its bound."""
    global _cached_splitter
    splitter = default_splitter()
    if splitter is not _cached_splitter:
        _word_caches.clear()
        _cached_splitter = splitter
    words = _word_caches.setdefault((stemmed, index_mode, kept_forms), {})
    if len(words) >= _MAX_CACHED_WORDS:
        words.clear()
    return words


def _with_suspended(value: str, index_mode: bool) -> str:
    """At index time, the words suspended compounds stand for, after the text."""
    if index_mode and "-" in value:
        expanded = suspended_compounds(value)
        if expanded:
            return value + "\n" + " ".join(expanded)
    return value


def _pieces(lowered: str) -> list[str]:
    """A lower-case word and, for a range or compound number, its parts (see NumberPartsFilter)."""
    if lowered[:1].isdigit() and ("-" in lowered or "/" in lowered):
        return [lowered, *(part for part in _NUMBER_PARTS.split(lowered) if part)]
    return [lowered]


def _analyse_stemmed(word: str, index_mode: bool) -> _Analysed:
    """A word's stemmed forms as :func:`_stemmed_chain` gives them: stop words are marked,
    compound parts (at index time) follow the word, all folded and stemmed."""
    analysed: list[tuple[tuple[str, ...], bool]] = []
    for piece in _pieces(word.lower()):
        if piece in DANISH_STOP_WORDS:
            analysed.append(((fold(piece),), True))
            continue
        parts = default_splitter().split(piece) if index_mode else []
        analysed.append((tuple(stem(fold(form)) for form in (piece, *parts)), False))
    return tuple(analysed)


def _analyse_exact(word: str, index_mode: bool) -> _Analysed:
    """A word's exact forms as :func:`_exact_chain` gives them: lower case, folded."""
    return tuple(((fold(piece),), False) for piece in _pieces(word.lower()))


def stemmed_analyzer() -> Any:
    """Words → lower case → stop words out → compound parts → folded spelling → Danish stems.

    Folding comes before stemming so that every spelling of a word is stemmed alike:
    Snowball strips "sundhedsvaesen" and "sundhedsvæsen" differently, "sundhedsvasen" once.

    >>> analyze("sundhedsvaesen") == analyze("sundhedsvæsenet") == analyze("Sundhedsvæsen")
    True
    """
    return DanishAnalyzer(stemmed=True)


def exact_analyzer() -> Any:
    """Words → lower case → folded spelling; no stemming and no stop words, for exact matching."""
    return DanishAnalyzer(stemmed=False)


def analyze(text: str, exact: bool = False) -> list[str]:
    """The indexed forms of ``text`` as a query would see them.

    >>> analyze("Socialt frikort til borgerne")
    ['socialt', 'frikort', 'borg']
    """
    analyzer = exact_analyzer() if exact else stemmed_analyzer()
    return [token.text for token in analyzer(text, mode="query")]
