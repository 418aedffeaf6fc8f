"""The query language users type, parsed into a query tree for any engine. It never raises.

Words must all match (in any section); ``"..."`` is an exact phrase; ``-word``,
``IKKE``/``NOT`` exclude; ``ELLER``/``OR`` between words gives either; ``OG``/``AND``
are accepted; ``word*`` is a prefix; ``titel:``, ``beslutning:``, ``indstilling:``,
``sagsfremstilling:``, ``udvalg:`` limit a word to one field; ``år:2016`` and
``år:2016..2019`` limit years. Anything malformed degrades to plain words.

Beside what must match, plain words rank by how they were typed (:mod:`search.together`:
words next to each other, words as written), and a word that names how a matter ended
("afslag", "udsat") also matches the items with that outcome.

>>> parse_query("titel:frikort").query
Term(field='title', text='frikort', boost=4.0)
>>> sorted({term.field for term in qt.terms(parse_query("frikort").query)})[:3]
['casetext', 'decision', 'exact']
>>> parse_query('"socialt frikort" år:2019').query  # doctest: +NORMALIZE_WHITESPACE
And(parts=(Phrase(field='exact', words=('socialt', 'frikort'), boost=1.0),
           Range(field='year', start=2019, end=2019)))
>>> [t.field for t in qt.terms(parse_query("dispensation afslag").query) if t.field[0] == "o"]
['organisation_text', 'organisation_text', 'outcome']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search import querytree as qt
from search.analysis import analyze, fold
from search.fields import EXACT_FIELD, PHRASE_FIELDS, TEXT_FIELD_BOOSTS, USER_FIELDS
from search.outcomes import typed_outcome
from search.together import WordsTogether

MAX_QUERY_LENGTH = 500
#: the score an item's outcome adds when a query word names it ("afslag" → afvist): about
#: what the word would add in the decision text, where the minutes seldom repeat it
OUTCOME_BOOST = 20.0

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[^\W\d_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<paren>[()])|(?P<word>[^\s()"]+))'
)
OR_WORDS = frozenset({"or", "eller"})
AND_WORDS = frozenset({"and", "og"})
NOT_WORDS = frozenset({"not", "ikke"})
YEAR_FIELDS = frozenset({"år", "aar", "ar", "year"})
_YEAR_RANGE = re.compile(r"^(\d{4})(?:\s*(?:\.\.|-|–)\s*(\d{4}))?$")


@dataclass
class ParsedQuery:
    """The query tree plus what snippets need: the analysed terms a hit may contain."""

    query: qt.Node
    stemmed_terms: set[str] = field(default_factory=set)
    exact_terms: set[str] = field(default_factory=set)
    #: the exact words of each quoted phrase of two or more words, marked only together
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    exact_phrases: bool = False
    empty: bool = False


@dataclass
class Token:
    """One piece of what the user typed: a term (word or phrase), an operator or a parenthesis."""

    kind: str  # "term", "op", "paren"
    text: str
    field: str | None = None
    negated: bool = False
    phrase: bool = False


def tokens(text: str) -> list[Token]:
    """The user's query split the way the query language reads it (never raises).

    >>> [(t.kind, t.text, t.field, t.negated) for t in tokens('frikort ELLER -titel:"social"')]
    [('term', 'frikort', None, False), ('op', 'eller', None, False), ('term', 'social', 'titel', True)]
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        negated = bool(match["neg"])
        fieldname = match["field"]
        if match["paren"]:
            tokens.append(Token("paren", match["paren"]))
        elif match["phrase"] is not None:
            tokens.append(Token("term", match["phrase"], fieldname, negated, phrase=True))
        elif match["word"]:
            word = match["word"]
            if (
                not negated
                and fieldname is None
                and word.lower() in OR_WORDS | AND_WORDS | NOT_WORDS
            ):
                tokens.append(Token("op", word.lower()))
            else:
                tokens.append(Token("term", word, fieldname, negated))
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], exact: bool, parsed: ParsedQuery) -> None:
        self.tokens = tokens
        self.pos = 0
        self.exact = exact
        self.parsed = parsed

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> qt.Node | None:
        parts = [self.parse_and()]
        while (token := self.peek()) and token.kind == "op" and token.text in OR_WORDS:
            self.pos += 1
            parts.append(self.parse_and())
        kept = [part for part in parts if part is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else qt.Or(tuple(kept))

    def parse_and(self) -> qt.Node | None:
        must: list[qt.Node] = []
        must_not: list[qt.Node] = []
        together = WordsTogether()
        while (token := self.peek()) is not None:
            if token.kind == "op" and token.text in OR_WORDS:
                break
            if token.kind == "paren" and token.text == ")":
                break
            self.pos += 1
            if token.kind == "op" and token.text in AND_WORDS:
                together.stop()
                continue
            negate = token.negated
            if token.kind == "op" and token.text in NOT_WORDS:
                following = self.peek()
                if following is None or following.kind == "op":
                    continue
                self.pos += 1
                token, negate = following, True
            together.add(_plain_words(token) if not negate else None)
            sub = self.parse_group() if token.kind == "paren" else self.term_query(token)
            if sub is None:
                continue
            (must_not if negate else must).append(sub)
        if not must and not must_not:
            return None
        positive: qt.Node = (
            must[0] if len(must) == 1 else qt.And(tuple(must)) if must else qt.Every()
        )
        if must and (ranking := together.clauses()):
            positive = qt.AndMaybe(positive, ranking)
        if must_not:
            negative = qt.Or(tuple(must_not)) if len(must_not) > 1 else must_not[0]
            return qt.AndNot(positive, negative)
        return positive

    def parse_group(self) -> qt.Node | None:
        # We are just past "(" (a stray ")" is skipped by the caller loop).
        if self.tokens[self.pos - 1].text == ")":
            return None
        inner = self.parse_or()
        if (token := self.peek()) and token.kind == "paren" and token.text == ")":
            self.pos += 1
        return inner

    def term_query(self, token: Token) -> qt.Node | None:
        fieldname = USER_FIELDS.get(token.field.lower()) if token.field else None
        if token.field and token.field.lower() in YEAR_FIELDS:
            return _year_query(token.text)
        text = token.text if fieldname or not token.field else f"{token.field} {token.text}"
        if token.phrase:
            return self.phrase_query(text, fieldname)
        if text.endswith("*") and len(text.rstrip("*")) >= 2:
            return self.prefix_query(text.rstrip("*"), fieldname)
        if fieldname == "case_number":
            return qt.Term("case_number", text.lower())
        exact = self.exact
        words = analyze(text, exact=exact)
        words = [w for w in words if w] if exact else words
        # "2016-2017" analyses to the whole plus its parts; the whole is what was meant.
        words = _drop_number_parts(text, words)
        if not words:
            return None
        (self.parsed.exact_terms if exact else self.parsed.stemmed_terms).update(words)
        fields = _fields(fieldname, exact)
        queries = [_across(fields, word) for word in words]
        outcome = _named_outcome(text) if not (fieldname or exact) else None
        if outcome and len(queries) == 1:
            # "dispensation afslag": a decision rarely repeats the word a user types for it
            queries = [qt.Or((queries[0], qt.Term("outcome", outcome, OUTCOME_BOOST)))]
        return queries[0] if len(queries) == 1 else qt.And(tuple(queries))

    def phrase_query(self, text: str, fieldname: str | None) -> qt.Node | None:
        if fieldname == "case_number":
            return qt.Term("case_number", text.strip().lower())
        words = _drop_number_parts(text, analyze(text, exact=True))
        if not words:
            return None
        if fieldname is None:
            self.parsed.exact_phrases = True
            self._mark_phrase(words)
            return _exact_phrase(words)
        stems = _drop_number_parts(text, analyze(text, exact=False))
        self.parsed.stemmed_terms.update(stems)
        if fieldname in PHRASE_FIELDS:
            return _phrase(fieldname, stems)
        # a section is not a phrase field: the phrase anywhere in the item, and its words
        # in that section
        boost = TEXT_FIELD_BOOSTS.get(fieldname, 1.0)
        in_section: list[qt.Node] = [qt.Term(fieldname, stem, boost) for stem in stems]
        if len(words) > 1:
            self._mark_phrase(words)
            in_section.insert(0, _exact_phrase(words))
        return in_section[0] if len(in_section) == 1 else qt.And(tuple(in_section))

    def _mark_phrase(self, words: list[str]) -> None:
        if len(words) == 1:
            self.parsed.exact_terms.add(words[0])
        elif tuple(words) not in self.parsed.phrases:
            self.parsed.phrases.append(tuple(words))

    def prefix_query(self, text: str, fieldname: str | None) -> qt.Node:
        prefix = fold(text.lower())
        self.parsed.stemmed_terms.add(prefix + "*")
        fields = _fields(fieldname, False)
        return qt.Or(
            tuple(qt.Prefix(name, prefix, TEXT_FIELD_BOOSTS.get(name, 1.0)) for name in fields)
        )


def _named_outcome(text: str) -> str | None:
    """The outcome a single typed word names, punctuation aside.

    >>> _named_outcome("afslag,"), _named_outcome("Udsat."), _named_outcome("udsatte")
    ('afvist', 'udsat', None)
    """
    words = analyze(text, exact=True)
    return typed_outcome(words[0]) if len(words) == 1 else None


def _plain_words(token: Token) -> list[str]:
    """The exact words of a plain word as typed (no field, phrase, prefix or negation);
    [] for anything else, which ends a run of words typed together.

    >>> _plain_words(Token("term", "It-sikkerhed")), _plain_words(Token("term", "frik*"))
    (['it', 'sikkerhed'], [])
    """
    if token.kind != "term" or token.field or token.phrase or token.negated:
        return []
    if token.text.endswith("*"):
        return []
    return _drop_number_parts(token.text, analyze(token.text, exact=True))


def _fields(fieldname: str | None, exact: bool) -> list[str]:
    if fieldname:
        return [fieldname]
    return [EXACT_FIELD] if exact else list(TEXT_FIELD_BOOSTS)


def _phrase(fieldname: str, words: list[str]) -> qt.Node:
    return qt.Term(fieldname, words[0]) if len(words) == 1 else qt.Phrase(fieldname, tuple(words))


def _exact_phrase(words: list[str]) -> qt.Node:
    """A quoted phrase: one word in the exact field, else the words in a row there.

    >>> _exact_phrase(["taget", "til", "efterretning"])
    Phrase(field='exact', words=('taget', 'til', 'efterretning'), boost=1.0)
    """
    return _phrase(EXACT_FIELD, words)


def _across(fields: list[str], word: str) -> qt.Node:
    terms = [qt.Term(name, word, TEXT_FIELD_BOOSTS.get(name, 1.0)) for name in fields]
    return terms[0] if len(terms) == 1 else qt.Or(tuple(terms))


def _drop_number_parts(text: str, words: list[str]) -> list[str]:
    result: list[str] = []
    skip = 0
    for word in words:
        if skip:
            skip -= 1
            continue
        result.append(word)
        if word[:1].isdigit() and ("-" in word or "/" in word):
            skip = len([p for p in re.split(r"[-/]", word) if p])
    return result


def year_range(text: str) -> tuple[int, int] | None:
    """The years an ``år:`` value names, first to last.

    >>> year_range("2019..2016"), year_range("2019"), year_range("nu")
    ((2016, 2019), (2019, 2019), None)
    """
    match = _YEAR_RANGE.match(text.strip())
    if not match:
        return None
    start, end = int(match[1]), int(match[2] or match[1])
    return min(start, end), max(start, end)


def _year_query(text: str) -> qt.Node | None:
    years = year_range(text)
    return qt.Range("year", *years) if years else None


def parse_query(text: str, exact: bool = False) -> ParsedQuery:
    """Parse what the user typed; an empty or meaningless query matches everything."""
    text = (text or "")[:MAX_QUERY_LENGTH].strip()
    parsed = ParsedQuery(query=qt.Every())
    parser = _Parser(tokens(text), exact, parsed)
    parts: list[qt.Node] = []
    while parser.peek() is not None:
        part = parser.parse_or()
        if part is not None:
            parts.append(part)
        if parser.peek() is not None:  # a stray ")" or a dangling operator: skip it, go on
            parser.pos += 1
    result = parts[0] if len(parts) == 1 else qt.And(tuple(parts)) if parts else None
    if result is None:
        parsed.empty = True
        parsed.query = qt.Every()
    else:
        parsed.query = result
    return parsed
