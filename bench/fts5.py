"""SQLite FTS5 as a baseline, over the same documents and queries as Referat.

The text is pre-analysed with Referat's own analyzers (stems, compound parts, folded
æ/ø/å for the searchable columns; the unstemmed forms for phrases), so the two engines
match the same items; FTS5 only stores and ranks the tokens. Facets are GROUP BY
queries that honour the other facets' filters, like Referat's; the top 10 is ranked
by bm25 with Referat's field boosts; snippets come from FTS5's ``snippet()``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.queries import BenchQuery
from search.analysis import exact_analyzer, stemmed_analyzer
from search.engine import open_engine

FACETS = ("committee", "year", "outcome", "closed")
#: FTS5 columns → bm25 weight (Referat's boosts, see search/fields.py)
COLUMNS = {"title": 4.0, "decision": 2.0, "body": 1.0, "exact": 0.0, "committee_text": 0.0,
           "case_number": 0.0}  # fmt: skip
USER_COLUMNS = {"titel": "title", "beslutning": "decision", "udvalg": "committee_text",
                "sagsnr": "case_number"}  # fmt: skip


class Fts5Baseline:
    """An FTS5 database built from a Referat index's stored items."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self._stemmed = stemmed_analyzer()
        self._exact = exact_analyzer()

    def _tokens(self, text: str, exact: bool = False, mode: str = "index") -> str:
        analyzer = self._exact if exact else self._stemmed
        return " ".join(token.text for token in analyzer(text, mode=mode))

    def build(self, index_dir: Path) -> dict[str, float]:
        """Fill the database from the index's stored payloads; returns items and seconds."""
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path)
        columns = ", ".join(COLUMNS)
        self.db.executescript(
            f"""
            CREATE VIRTUAL TABLE fts USING fts5({columns},
                tokenize = "unicode61 remove_diacritics 0 tokenchars '-.,/'");
            CREATE TABLE meta (id INTEGER PRIMARY KEY, committee TEXT, year TEXT, outcome TEXT,
                closed TEXT, date TEXT, number INTEGER, payload TEXT);
            """
        )
        started = time.perf_counter()
        count = 0
        engine = open_engine(index_dir)
        try:
            batch: list[tuple[Any, ...]] = []
            for indexed in engine.all_items():
                count += 1
                batch.append(self._row(count, dict(indexed.item)))
                if len(batch) >= 2000:
                    self._insert(batch)
                    batch = []
            self._insert(batch)
        finally:
            engine.close()
        self.db.commit()
        return {"items": count, "seconds": time.perf_counter() - started}

    def _row(self, rowid: int, item: dict[str, Any]) -> tuple[Any, ...]:
        texts = [section["text"] for section in item["sections"]]
        decision = item.get("decision") or ""
        everything = "\n".join([item["title"], *texts])
        return (
            rowid,
            self._tokens(item["title"]),
            self._tokens(decision),
            self._tokens(everything),
            self._tokens(everything, exact=True),
            self._tokens(item.get("committee") or ""),
            (item.get("case_number") or "").lower(),
            item.get("committee") or "",
            (item.get("date") or "")[:4],
            item["outcome"],
            "true" if item["closed"] else "false",
            item.get("date") or "",
            item["number"],
            json.dumps({k: item[k] for k in ("id", "title", "committee", "date")}),
        )

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" * len(COLUMNS))
        self.db.executemany(
            f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?, {marks})",
            [row[: 1 + len(COLUMNS)] for row in rows],
        )
        self.db.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(row[0], *row[1 + len(COLUMNS) :]) for row in rows],
        )

    # -- queries ---------------------------------------------------------------------------

    def match_expression(self, q: str) -> str | None:
        """Referat's query language (the benchmark's subset) as an FTS5 MATCH expression."""
        parts: list[str] = []
        for phrase in re.findall(r'"([^"]+)"', q):
            parts.append(f'exact : "{self._tokens(phrase, exact=True, mode="query")}"')
        rest = re.sub(r'"[^"]*"', " ", q)
        for word in rest.split():
            field, _, value = word.partition(":") if ":" in word else ("", "", word)
            column = USER_COLUMNS.get(field.lower())
            if column == "case_number":
                parts.append(f'case_number : "{value.lower()}"')
                continue
            tokens = self._tokens(value, mode="query").split()
            terms = " ".join(f'"{token}"' for token in tokens)
            if not terms:
                continue
            parts.append(
                f"{column} : ({terms})" if column else f"{{title decision body}} : ({terms})"
            )
        return " AND ".join(parts) or None

    def _where(
        self, match: str | None, filters: dict[str, list[str]], skip: str = ""
    ) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if match:
            clauses.append("m.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            args.append(match)
        for facet, values in filters.items():
            if values and facet != skip:
                clauses.append(f"m.{facet} IN ({', '.join('?' * len(values))})")
                args += values
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def search(self, query: BenchQuery) -> dict[str, Any]:
        """Total, facets honouring the other facets' filters, top 10 with snippets."""
        match = self.match_expression(query.q)
        where, args = self._where(match, query.filters)
        total = self.db.execute(f"SELECT count(*) FROM meta m{where}", args).fetchone()[0]
        facets = {}
        for facet in FACETS:
            facet_where, facet_args = self._where(match, query.filters, skip=facet)
            facets[facet] = self.db.execute(
                f"SELECT m.{facet}, count(*) FROM meta m{facet_where} GROUP BY 1", facet_args
            ).fetchall()
        return {"total": total, "facets": facets, "results": self.top10(query, snippets=True)}

    def top10(self, query: BenchQuery, snippets: bool = False) -> list[tuple[Any, ...]]:
        match = self.match_expression(query.q)
        if match is None:
            where, args = self._where(None, query.filters)
            sql = (
                f"SELECT m.id, m.payload FROM meta m{where} ORDER BY m.date DESC, m.number LIMIT 10"
            )
            return self.db.execute(sql, args).fetchall()
        weights = ", ".join(str(w) for w in COLUMNS.values())
        snippet = ", snippet(fts, 2, '<mark>', '</mark>', '…', 24)" if snippets else ""
        filters = "".join(
            f" AND m.{facet} IN ({', '.join('?' * len(values))})"
            for facet, values in query.filters.items()
            if values
        )
        sql = (
            f"SELECT fts.rowid, m.payload{snippet} FROM fts JOIN meta m ON m.id = fts.rowid "
            f"WHERE fts MATCH ?{filters} ORDER BY bm25(fts, {weights}) LIMIT 10"
        )
        args = [match] + [v for values in query.filters.values() for v in values]
        return self.db.execute(sql, args).fetchall()

    def size_bytes(self) -> int:
        return self.path.stat().st_size
