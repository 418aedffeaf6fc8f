"""The Whoosh schema: one document per agenda item.

Text is indexed three times: stemmed (ordinary searches, per section kind so a user
can search only decisions), exact (exact mode) and as exact word pairs (quoted phrases:
"taget til efterretning" is the pairs "taget til" and "til efterretning" at consecutive
positions). Only the pair field keeps word positions: a phrase limited to a section
(``titel:"socialt frikort"``) is matched as the phrase in the item plus its words in that
section. Positions make every posting a word list that whoosh unpickles in Python; without
them a broad word's postings read ~3× faster ("borgere" at 100k: ~100 → ~30 ms), and a
phrase reads its pairs, which are far rarer than its words (docs/performance.md).
What pages and the API show comes from one stored JSON ``payload`` per item, so a
hit is turned into a result without reassembling fields.
"""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from search.analysis import exact_analyzer, stemmed_analyzer
from search.formats import DanishFrequency, DanishPositions
from search.wordpairs import word_pair_analyzer

#: searchable section fields with their BM25F boosts: title, decision and recommendation
#: above the case text; procedural boilerplate ("Ingen økonomiske konsekvenser") far below.
TEXT_FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "decision": 2.0,
    "recommendation": 2.0,
    "summary": 1.5,
    "casetext": 1.0,  # the case text, and any section kind not named here
    "procedural": 0.2,
    # the municipality's name: "lokalplan aarhus" finds Aarhus items that never say "Aarhus"
    "organisation_text": 0.3,
}

#: Danish field prefixes a user can type ("beslutning:godkendt") → schema field
USER_FIELDS: dict[str, str] = {
    "titel": "title",
    "overskrift": "title",
    "beslutning": "decision",
    "indstilling": "recommendation",
    "sammendrag": "summary",
    "resume": "summary",
    "sagsfremstilling": "casetext",
    "udvalg": "committee_text",
    "sagsnr": "case_number",
    "sagsnummer": "case_number",
    # English names work too, for the CLI's users and the API
    "title": "title",
    "decision": "decision",
    "recommendation": "recommendation",
    "summary": "summary",
    "committee": "committee_text",
    "kommune": "organisation_text",
}

EXACT_FIELD = "exact"
#: the exact text as pairs of consecutive words, with positions: for quoted phrases
PAIR_FIELD = "exact_pairs"

#: the text fields that keep word positions, so a phrase can be matched in them
POSITIONAL_FIELDS = frozenset({PAIR_FIELD, "committee_text"})

#: facet name → the sortable stored field that holds its single value per item
FACET_FIELDS: dict[str, str] = {
    "committee": "committee",
    "year": "year",
    "outcome": "outcome",
    "closed": "closed",
}

SCHEMA_VERSION = "8"  # bump whenever fields or analysis change


def build_schema() -> Schema:
    stemmed = stemmed_analyzer()
    fields: dict[str, FieldType] = {
        "id": ID(stored=True, unique=True),
        "meeting_id": ID(stored=True),
        "organisation": ID(stored=True, sortable=True),
        "committee": ID(stored=True, sortable=True),
        "committee_text": danish_text(stemmed, phrase=True),
        "date": ID(stored=True, sortable=True),
        "year": NUMERIC(stored=True, sortable=True, signed=False, bits=32),
        "number": NUMERIC(stored=True, sortable=True, signed=False, bits=32),
        "outcome": ID(stored=True, sortable=True),
        "closed": ID(stored=True, sortable=True),
        "kind": ID(stored=True),
        "case_number": KEYWORD(stored=True, lowercase=True, commas=True, scorable=False),
        # the first case number, for collapsing results to one hit per matter
        "case_key": ID(stored=True, sortable=True),
        # ids of the items this item cites as earlier treatments (present in the archive or not)
        "ref_ids": KEYWORD(stored=True, commas=True, scorable=False),
        "source_path": ID(stored=True),
        "source_hash": ID(stored=True),
        EXACT_FIELD: danish_text(exact_analyzer(), phrase=False),
        PAIR_FIELD: danish_text(word_pair_analyzer(), phrase=True),
        "payload": STORED(),
        # what the librarian was told about the source file when it was indexed (JSON list)
        "warnings": STORED(),
    }
    for name in TEXT_FIELD_BOOSTS:
        fields[name] = danish_text(stemmed, phrase=False, stored=name == "title")
    return Schema(**fields)


def danish_text(analyzer: Any, phrase: bool, stored: bool = False) -> TEXT:
    """A text field whose postings are made by the fast formats of ``search.formats``."""
    field = TEXT(analyzer=analyzer, phrase=phrase, stored=stored)
    fast = DanishPositions if phrase else DanishFrequency
    field.format = fast(field_boost=field.format.field_boost if field.format else 1.0)
    return field


def with_derived_fields(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the fields the index derives from others (the word pairs of the
    exact text), so that callers need not know about them."""
    if EXACT_FIELD in document and PAIR_FIELD not in document:
        return {**document, PAIR_FIELD: document[EXACT_FIELD]}
    return document
