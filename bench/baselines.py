"""Two baselines Referat is measured against, over the very same item texts.

* ``fts5``: SQLite FTS5 with ``tokenize = "unicode61 remove_diacritics 2"`` over the title and
  section texts, ranked by ``bm25()`` — what Aarhus' own minutes archive does. The query is the
  words ANDed, quoted phrases as FTS5 phrases.
* ``snowball``: what Elasticsearch's "danish" analyzer does — words, lower case, Danish stop
  words, the Snowball Danish stem; no æ/ø/å folding, no compound parts, no fuzzy matching.
  Implemented as FTS5 over pre-stemmed text (``remove_diacritics 0``: no folding), bm25 ranking.

Both understand the same query *structure* as Referat (``ELLER``/``OR``, ``IKKE``/``-``,
``titel:``/``beslutning:``/…, ``udvalg:``, ``år:``), translated to FTS5 column filters and SQL,
and the same facet filters (organisation, committee, year, outcome), so that the benchmark
compares text analysis, not query syntax.

>>> snowball_terms("Flygtningene og økonomien i 2016")
['flygtning', 'økonomi', '2016']
>>> parse("studietur IKKE Oslo år:2019")
[[Clause(word=Word(text='studietur', field=None, phrase=False), years=None, negated=False), \
Clause(word=Word(text='Oslo', field=None, phrase=False), years=None, negated=True), \
Clause(word=None, years=(2019, 2019), negated=False)]]
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer
from whoosh.lang.stopwords import stoplists

from indexer.documents import field_for
from search.engine import open_engine
from search.fields import TEXT_FIELD_BOOSTS, USER_FIELDS
from search.query import NOT_WORDS, OR_WORDS, YEAR_FIELDS, tokens, year_range

TEXT_COLUMNS = tuple(TEXT_FIELD_BOOSTS)  # title, decision, recommendation, summary, …
COMMITTEE_COLUMN = "committee"
#: facet filter → the unindexed column holding the item's value as the facets show it
FILTER_COLUMNS = {
    "organisation": "organisation",
    "committee": "committee_name",
    "year": "year",
    "outcome": "outcome",
    "closed": "closed",
}
RESULT_LIMIT = 100


@dataclass(frozen=True)
class Document:
    """One agenda item as every system sees it: its id, facet values and texts per field."""

    id: str
    year: int | None
    committee: str
    texts: dict[str, str]
    organisation: str = ""
    outcome: str = ""
    closed: bool = False


def documents_from_index(index_dir: Path) -> list[Document]:
    """The items stored in a Referat index, split into the contract's fields."""
    engine = open_engine(index_dir)
    documents: list[Document] = []
    try:
        for indexed in engine.all_items():
            item = indexed.item
            texts: dict[str, list[str]] = {"title": [item["title"] or ""]}
            for section in item["sections"]:
                texts.setdefault(field_for(section["heading"]), []).append(section["text"])
            if item.get("decision") and "decision" not in texts:
                texts["decision"] = [item["decision"]]
            date = item.get("date")
            year = int(date[:4]) if date else None
            documents.append(
                Document(
                    id=item["id"],
                    year=year,
                    committee=item.get("committee") or "",
                    texts={name: "\n\n".join(parts) for name, parts in texts.items()},
                    organisation=item.get("organisation") or "",
                    outcome=item.get("outcome") or "",
                    closed=bool(item.get("closed")),
                )
            )
    finally:
        engine.close()
    return sorted(documents, key=lambda d: d.id)


# -- the query structure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None  # a schema field ("title", "committee_text", …) or None for all texts
    phrase: bool


@dataclass(frozen=True)
class Clause:
    word: Word | None
    years: tuple[int, int] | None
    negated: bool


def parse(text: str) -> list[list[Clause]]:
    """The query as OR-branches of AND-clauses, read by Referat's own query tokenizer."""
    branches: list[list[Clause]] = [[]]
    negate_next = False
    for token in tokens(text):
        if token.kind == "paren":
            continue  # the baselines do not nest; parentheses are dropped
        if token.kind == "op":
            if token.text in OR_WORDS:
                branches.append([])
            elif token.text in NOT_WORDS:
                negate_next = True
            continue
        negated = token.negated or negate_next
        negate_next = False
        key = token.field.lower() if token.field else None
        if key in YEAR_FIELDS:
            years = year_range(token.text)
            if years:
                branches[-1].append(Clause(None, years, negated))
            continue
        schema_field = USER_FIELDS.get(key) if key else None
        value = token.text
        if key and schema_field is None:
            value = f"{token.field} {value}"  # "a:b" with an unknown field is two words
        branches[-1].append(Clause(Word(value, schema_field, token.phrase), None, negated))
    return [branch for branch in branches if branch]


# -- analysis ---------------------------------------------------------------------------------

_STEMMER = snowballstemmer.stemmer("danish")
_STOP = frozenset(stoplists["da"])
_WORDS = re.compile(r"\w+")


def snowball_terms(text: str) -> list[str]:
    """Elasticsearch's "danish" analyzer: words, lower case, stop words out, Snowball stem."""
    words = (w for w in _WORDS.findall(text.lower()) if w not in _STOP)
    return [str(_STEMMER.stemWord(w)) for w in words]


def _quote(terms: Iterable[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


# -- the FTS5 systems --------------------------------------------------------------------------


class Fts5System:
    """An in-memory FTS5 table over the documents; ``prepare`` turns text into what is indexed."""

    def __init__(
        self,
        name: str,
        documents: list[Document],
        tokenize: str,
        prepare: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.name = name
        self.prepare = prepare
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join((*TEXT_COLUMNS, COMMITTEE_COLUMN))
        facets = ", ".join(f"{column} UNINDEXED" for column in FILTER_COLUMNS.values())
        self.db.execute(
            f"CREATE VIRTUAL TABLE items USING fts5({columns}, id UNINDEXED, {facets}, "
            f"tokenize = '{tokenize}')"
        )
        rows = []
        for doc in documents:
            values = [self._text(doc.texts.get(name, "")) for name in TEXT_COLUMNS]
            facet_values = (doc.organisation, doc.committee, doc.year, doc.outcome)
            closed = "true" if doc.closed else "false"
            rows.append((*values, self._text(doc.committee), doc.id, *facet_values, closed))
        marks = ", ".join("?" * (len(TEXT_COLUMNS) + 2 + len(FILTER_COLUMNS)))
        self.db.executemany(f"INSERT INTO items VALUES ({marks})", rows)

    def _text(self, text: str) -> str:
        return " ".join(self.prepare(text)) if self.prepare else text

    def _terms(self, text: str) -> list[str]:
        if self.prepare:
            return self.prepare(text)
        return [w for w in text.split() if any(c.isalnum() for c in w)]

    def _word(self, word: Word) -> str | None:
        terms = self._terms(word.text)
        if not terms:
            return None
        # a phrase, or one word the analysis split ("it-sikkerhed"), keeps its words together
        expression = (
            _quote(terms)
            if word.phrase or not self.prepare
            else " AND ".join(_quote([t]) for t in terms)
        )
        if word.field == "committee_text":
            return f"({COMMITTEE_COLUMN} : ({expression}))"
        if word.field in TEXT_COLUMNS:
            return f"({word.field} : ({expression}))"
        return f"({{{' '.join(TEXT_COLUMNS)}}} : ({expression}))"

    def _branch(self, clauses: list[Clause]) -> tuple[str | None, str]:
        positive: list[str] = []
        negative: list[str] = []
        years: list[str] = []
        for clause in clauses:
            if clause.years:
                condition = f"(year BETWEEN {clause.years[0]} AND {clause.years[1]})"
                years.append(f"NOT {condition}" if clause.negated else condition)
            elif clause.word and (expression := self._word(clause.word)):
                (negative if clause.negated else positive).append(expression)
        match = " AND ".join(positive) if positive else None
        if match and negative:
            match = f"({match}) NOT ({' OR '.join(negative)})"
        return match, " AND ".join(years) or "1"

    def search(
        self,
        query: str,
        limit: int = RESULT_LIMIT,
        filters: Mapping[str, Sequence[str]] | None = None,
    ) -> list[str]:
        """Item ids, best first (bm25), at most ``limit``, among the items the facet
        ``filters`` allow (as Referat's: OR within a facet, AND across facets); an unusable
        query finds nothing."""
        branches = [self._branch(b) for b in parse(query)]
        matches = [m for m, _ in branches if m]
        year_filter = " OR ".join(f"({y})" for _, y in branches) or "1"
        facet_filter, facet_values = _facet_condition(filters or {})
        try:
            if matches:
                sql = (
                    f"SELECT id FROM items WHERE items MATCH ? AND ({year_filter}) "
                    f"AND {facet_filter} ORDER BY bm25(items) LIMIT ?"
                )
                arguments = (" OR ".join(matches), *facet_values, limit)
                rows = self.db.execute(sql, arguments).fetchall()
            elif branches:
                sql = (
                    f"SELECT id FROM items WHERE ({year_filter}) AND {facet_filter} "
                    "ORDER BY id LIMIT ?"
                )
                rows = self.db.execute(sql, (*facet_values, limit)).fetchall()
            else:
                rows = []
        except sqlite3.OperationalError:
            return []
        return [str(row[0]) for row in rows]


def _facet_condition(filters: Mapping[str, Sequence[str]]) -> tuple[str, list[object]]:
    """SQL for the facet filters and its parameters.

    >>> _facet_condition({"year": ["2022", "2023"], "committee": ["Byrådet"]})
    ('(year IN (?, ?)) AND (committee_name IN (?))', [2022, 2023, 'Byrådet'])
    """
    conditions: list[str] = []
    values: list[object] = []
    for name, chosen in filters.items():
        if not chosen:
            continue
        column = FILTER_COLUMNS[name]
        conditions.append(f"({column} IN ({', '.join('?' * len(chosen))}))")
        values.extend(int(v) if name == "year" else v for v in chosen)
    return " AND ".join(conditions) or "1", values


def fts5_baseline(documents: list[Document]) -> Fts5System:
    """SQLite FTS5, unicode61 with diacritics removed, bm25 — the Aarhus archive's search."""
    return Fts5System("FTS5 (unicode61)", documents, "unicode61 remove_diacritics 2")


def snowball_baseline(documents: list[Document]) -> Fts5System:
    """Snowball Danish only — Elasticsearch's "danish" analyzer, without folding or compounds."""
    return Fts5System(
        "Snowball only", documents, "unicode61 remove_diacritics 0", prepare=snowball_terms
    )
