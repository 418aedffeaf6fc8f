"""The Whoosh schema: the field contract (:mod:`search.fields`) as Whoosh fields.

Each contract kind has one Whoosh field type. Phrases are matched through a field the
contract does not know: the exact text as pairs of consecutive words, with positions
("taget til efterretning" is the pairs "taget til" and "til efterretning" at consecutive
positions). Only the pair field and ``committee_text`` keep word positions: positions make
every posting a word list that whoosh unpickles in Python; without them a broad word's
postings read ~3× faster ("borgere" at 100k: ~100 → ~30 ms), and a phrase reads its pairs,
which are far rarer than its words (docs/performance.md).

>>> sorted(name for name, f in build_schema().items() if f.format and f.format.supports("positions"))
['committee_text', 'exact_pairs']
"""

from __future__ import annotations

import json
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from search.analysis import exact_analyzer, stemmed_analyzer
from search.engines.whoosh.formats import DanishFrequency, DanishPositions
from search.engines.whoosh.wordpairs import word_pair_analyzer
from search.fields import EXACT_FIELD, FIELDS, SCHEMA_VERSION, Field, ItemDocument

#: the exact text as pairs of consecutive words, with positions: for quoted phrases
PAIR_FIELD = "exact_pairs"

#: this engine's on-disk layout; with the contract's version, what an index was built under
#: (2: every generation has a checksum file, and a rebuild is a generation in the folder)
WHOOSH_LAYOUT = "2"
INDEX_VERSION = f"{SCHEMA_VERSION}.{WHOOSH_LAYOUT}"


def build_schema() -> Schema:
    stemmed, exact = stemmed_analyzer(), exact_analyzer()
    fields: dict[str, FieldType] = {spec.name: _field(spec, stemmed, exact) for spec in FIELDS}
    fields[PAIR_FIELD] = danish_text(word_pair_analyzer(), phrase=True)
    return Schema(**fields)


def _field(spec: Field, stemmed: Any, exact: Any) -> FieldType:
    if spec.kind == "keyword":
        return ID(stored=spec.stored, sortable=spec.sortable, unique=spec.name == "id")
    if spec.kind == "keywords":
        return KEYWORD(stored=spec.stored, lowercase=True, commas=True, scorable=False)
    if spec.kind == "number":
        return NUMERIC(stored=spec.stored, sortable=spec.sortable, signed=False, bits=32)
    if spec.kind == "stored":
        return STORED()
    # an exact phrase is matched through the pair field: the exact field needs no positions
    positions = spec.phrases and spec.name != EXACT_FIELD
    analyzer = stemmed if spec.kind == "stemmed" else exact
    return danish_text(analyzer, phrase=positions, stored=spec.stored)


def danish_text(analyzer: Any, phrase: bool, stored: bool = False) -> TEXT:
    """A text field whose postings are made by the fast formats of ``search.engines.whoosh.formats``."""
    field = TEXT(analyzer=analyzer, phrase=phrase, stored=stored)
    fast = DanishPositions if phrase else DanishFrequency
    field.format = fast(field_boost=field.format.field_boost if field.format else 1.0)
    return field


def whoosh_document(document: ItemDocument) -> dict[str, Any]:
    """The fields Whoosh indexes for one item: the contract's values, lists joined by
    commas, the stored item and warnings as JSON, and the word pairs of the exact text."""
    values = document.values()
    for name in ("case_number", "ref_ids"):
        if name in values:
            values[name] = ",".join(values[name])
    values["payload"] = json.dumps(document.item, ensure_ascii=False)
    values["warnings"] = json.dumps(document.warnings, ensure_ascii=False)
    if EXACT_FIELD in values:
        values[PAIR_FIELD] = values[EXACT_FIELD]
    return values
