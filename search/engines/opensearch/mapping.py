"""The field contract (:mod:`search.fields`) as an OpenSearch index: settings and mapping.

Text is analysed in Python, by the very analyzers Whoosh indexes with
(:mod:`search.analysis`), and OpenSearch indexes the resulting words as they are: a
field's value is its indexed forms separated by spaces, split by the ``whitespace``
tokenizer. Where a field keeps positions (quoted phrases), the forms Whoosh puts at one
position (a number and its parts, "2016-2017 2016 2017") are joined by ``|`` and split
again at one position by a ``pattern_capture`` filter. README "OpenSearch: analysis and
scoring" says why, with the measurements.

Scoring is BM25 with Whoosh's K1 and B, each field length counting every indexed form
(``discount_overlaps`` off) as Whoosh counts them; field boosts are query boosts.

An index never refreshes by itself (``refresh_interval: -1``): a Referat writer refreshes
once when it commits, so searchers see each change whole (see
:mod:`search.engines.opensearch.writer`).

>>> sorted(POSITIONAL_FIELDS), "exact" in WORD_FIELDS
(['committee_text', 'exact'], True)
"""

from __future__ import annotations

from typing import Any

from search.fields import EXACT_FIELD, FIELDS, SCHEMA_VERSION, Field

#: this engine's layout (analysis, mapping); with the contract's version, what an index was
#: built under: an index of another version is refused until rebuilt (2: the number of items
#: each commit left is recorded, see search.engines.opensearch.integrity)
OPENSEARCH_LAYOUT = "2"
INDEX_VERSION = f"{SCHEMA_VERSION}.os{OPENSEARCH_LAYOUT}"

#: joins the forms at one position; no analysed form contains it
SAME_POSITION = "|"

#: text fields (stemmed and exact): their values are indexed forms, analysed in Python
WORD_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind in ("stemmed", "exact"))
#: the text fields that keep word positions: those quoted phrases can be matched in
POSITIONAL_FIELDS: frozenset[str] = frozenset(
    f.name for f in FIELDS if f.name in WORD_FIELDS and (f.phrases or f.name == EXACT_FIELD)
)
#: one key per item for one hit per matter: its case key, or its own id when it has none
MATTER_FIELD = "matter"
#: the stored fields, kept in _source but never indexed
STORED_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind == "stored")

# Whoosh's BM25F parameters (whoosh.scoring.BM25F defaults, which Referat uses)
K1 = 1.2
B = 0.75
#: more hits than this cannot be paged through (deep pages are costly; whoosh has no limit)
MAX_RESULT_WINDOW = 1_000_000


def index_body(shards: int, replicas: int | None, alias: str) -> dict[str, Any]:
    """Settings and mapping of a new physical index for the items of ``alias``. A rebuild
    fills it with its replicas already there: a node lost meanwhile loses no items."""
    settings: dict[str, Any] = {
        "number_of_shards": shards,
        "refresh_interval": "-1",
        "max_result_window": MAX_RESULT_WINDOW,
        "analysis": {
            "analyzer": {
                "referat_words": {"type": "custom", "tokenizer": "referat_spaces"},
                "referat_positions": {
                    "type": "custom",
                    "tokenizer": "referat_spaces",
                    "filter": ["referat_same_position"],
                },
            },
            "tokenizer": {
                # whitespace splits tokens longer than 255 characters; a form is never split
                "referat_spaces": {"type": "whitespace", "max_token_length": 4096},
            },
            "filter": {
                "referat_same_position": {
                    "type": "pattern_capture",
                    "preserve_original": False,
                    "patterns": [f"([^{SAME_POSITION}]+)"],
                },
            },
        },
        "similarity": {
            "referat_bm25": {"type": "BM25", "k1": K1, "b": B, "discount_overlaps": False},
        },
    }
    settings.update(replica_settings(replicas))
    return {
        "settings": settings,
        "mappings": {
            "dynamic": "strict",
            "_meta": {"referat": {"version": INDEX_VERSION, "alias": alias, "items": 0}},
            # the analysed text is never shown; the stored item (payload) is what pages show
            "_source": {"excludes": sorted(WORD_FIELDS)},
            "properties": {
                **{spec.name: _property(spec) for spec in FIELDS},
                MATTER_FIELD: {"type": "keyword"},
            },
        },
    }


def replica_settings(replicas: int | None) -> dict[str, Any]:
    """Replicas as the location asks, else one wherever a second node can hold it."""
    if replicas is None:
        return {"auto_expand_replicas": "0-1"}
    return {"auto_expand_replicas": False, "number_of_replicas": replicas}


def _property(spec: Field) -> dict[str, Any]:
    if spec.kind in ("keyword", "keywords"):
        return {"type": "keyword"}
    if spec.kind == "number":
        return {"type": "integer"}
    if spec.kind == "stored":
        return {"type": "object", "enabled": False}
    positional = spec.name in POSITIONAL_FIELDS
    return {
        "type": "text",
        "analyzer": "referat_positions" if positional else "referat_words",
        "index_options": "positions" if positional else "freqs",
        "similarity": "referat_bm25",
    }
