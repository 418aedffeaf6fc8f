"""An :class:`search.fields.ItemDocument` as the JSON OpenSearch indexes.

Text fields hold their indexed forms, analysed here by :mod:`search.analysis` exactly as
Whoosh indexes them (see :mod:`search.engines.opensearch.mapping`): forms separated by
spaces, and in the fields with positions the forms of one position joined by ``|``.

>>> positioned(["budget", "2016-2017", "2016", "2017", "vedtaget"], [0, 1, 1, 1, 2])
'budget 2016-2017|2016|2017 vedtaget'
"""

from __future__ import annotations

from typing import Any

from search.analysis import exact_analyzer, stemmed_analyzer
from search.engines.opensearch.mapping import (
    MATTER_FIELD,
    POSITIONAL_FIELDS,
    SAME_POSITION,
    WORD_FIELDS,
)
from search.fields import FIELDS_BY_NAME, ItemDocument

_STEMMED = stemmed_analyzer()
_EXACT = exact_analyzer()


def source(document: ItemDocument) -> dict[str, Any]:
    """The document's ``_source``: the contract's values, text fields as indexed forms."""
    values = document.values()
    body: dict[str, Any] = {}
    for name, value in values.items():
        if name in WORD_FIELDS:
            body[name] = indexed_text(name, value)
        elif name == "date" and not value:
            continue  # undated: absent, so that date orders put it last
        else:
            body[name] = value
    body[MATTER_FIELD] = values.get("case_key") or f"item:{document.id}"
    body["payload"] = document.item
    body["warnings"] = list(document.warnings)
    return body


def indexed_text(field: str, text: str) -> str:
    """``text`` as the forms ``field`` indexes, analysed as Whoosh's index analyses it.

    >>> indexed_text("title", "Lokalplanforslag for Kattrup")
    'lokalplanforslag lokalplan forslag lokal plan kattrup'
    >>> indexed_text("exact", "Budget 2016-2017")
    'budget 2016-2017|2016|2017'
    """
    analyzer = _STEMMED if FIELDS_BY_NAME[field].kind == "stemmed" else _EXACT
    if field in POSITIONAL_FIELDS:
        return positioned(*analyzer.forms(text, "index"))
    return " ".join(analyzer.texts(text, "index"))


def positioned(texts: list[str], positions: list[int]) -> str:
    """Forms and their positions as one string: one word per position, the forms of a
    position joined by ``|`` (a phrase then matches them wherever Whoosh's would)."""
    words: list[str] = []
    last = None
    for text, position in zip(texts, positions, strict=True):
        if position == last:
            words[-1] += SAME_POSITION + text
        else:
            words.append(text)
            last = position
    return " ".join(words)
