"""Precedents: earlier treatments as links, a matter's history, and similar items.

References are parsed and turned into candidate item ids when an item is indexed
(``targets`` in its payload, ``ref_ids`` in the index). Whether a candidate exists
is looked up here, when the item is read: a term lookup per reference, so a link
appears the moment the cited meeting is indexed, and disappears if it is removed.

A matter's history is the connected part of the graph whose edges are references
(both directions) and shared case numbers, walked breadth-first with a visited set
(cycles and self-references are harmless), bounded in size, in date order.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from search import querytree as qt
from search.engine import Engine
from search.fields import EXACT_FIELD

HISTORY_LIMIT = 60
SIMILAR_LIMIT = 5
SIMILAR_TERMS = 15
# sections that say the same thing in every item; they would make everything look alike
_PROCEDURAL_HEADINGS = (
    "økonomiske konsekvenser",
    "bilag",
    "beslutningen træffes af",
    "tidligere behandling",
    "fraværende",
)


def resolve_references(engine: Engine, item: dict[str, Any]) -> None:
    """Fill each reference's ``id`` (first cited item in the archive) and ``ids`` (per number)."""
    references = item.get("references", [])
    present = engine.items({t for r in references for t in r.get("targets") or []})
    for reference in references:
        targets = reference.get("targets") or []
        ids = [target if target in present else None for target in targets]
        reference["ids"] = ids
        reference["id"] = next((found for found in ids if found), None)


def _neighbours(engine: Engine, item: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(item, via) for every item in the archive directly connected to ``item``."""
    cited = [t for reference in item.get("references", []) for t in reference.get("targets") or []]
    found: list[tuple[dict[str, Any], str]] = [
        (dict(other), "reference") for other in engine.items(cited).values()
    ]
    citing = engine.find(qt.Term("ref_ids", item["id"]), limit=HISTORY_LIMIT)
    found += [(dict(other), "reference") for other, _ in citing]
    for case_number in _case_numbers(item):
        sharing = engine.find(qt.Term("case_number", case_number), limit=HISTORY_LIMIT)
        found += [(dict(other), "case-number") for other, _ in sharing]
    return found


def _case_numbers(item: dict[str, Any]) -> list[str]:
    raw = item.get("case_number") or ""
    return [part.strip().lower() for part in raw.split(",") if part.strip()]


def _step(item: dict[str, Any], via: str) -> dict[str, Any]:
    return {
        "id": item["id"],
        "committee": item["committee"],
        "date": item["date"],
        "number": item["number"],
        "title": item["title"],
        "outcome": item["outcome"],
        "via": via,
    }


def case_history(engine: Engine, item: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of the matter ``item`` belongs to, itself included, oldest first.

    Cited items that are not in the archive appear with ``id`` None and what the
    citation says (committee, date, number).
    """
    steps: dict[str, dict[str, Any]] = {item["id"]: _step(item, "self")}
    missing: dict[tuple[str, str, int], dict[str, Any]] = {}
    queue = deque([item])
    while queue and len(steps) < HISTORY_LIMIT:
        current = queue.popleft()
        references = current.get("references", [])
        present = engine.items({t for r in references for t in r.get("targets") or []})
        for reference in references:
            for target, number in zip(
                reference.get("targets") or [], reference.get("numbers") or [], strict=False
            ):
                if target in steps or target in present:
                    continue
                key = (reference.get("committee") or "", reference.get("date") or "", number)
                missing.setdefault(
                    key,
                    {
                        "id": None,
                        "committee": reference.get("committee"),
                        "date": reference.get("date"),
                        "number": number,
                        "title": None,
                        "outcome": None,
                        "via": "reference",
                    },
                )
        for neighbour, via in _neighbours(engine, current):
            if neighbour["id"] in steps:
                continue
            steps[neighbour["id"]] = _step(neighbour, via)
            queue.append(neighbour)
    if len(steps) == 1 and not missing:
        return []
    history = list(steps.values()) + list(missing.values())
    history.sort(
        key=lambda step: (step["date"] or "9999", step["committee"] or "", step["number"] or 0)
    )
    return history


def similar_items(
    engine: Engine, item: dict[str, Any], limit: int = SIMILAR_LIMIT
) -> list[dict[str, Any]]:
    """Items about the same subject from other meetings (more-like-this on the item's words)."""
    text = "\n".join(
        [item["title"], item["title"]]
        + [
            section["text"]
            for section in item.get("sections", [])
            if not section["heading"].lower().startswith(_PROCEDURAL_HEADINGS)
        ]
    )
    if not text.strip():
        return []
    terms = engine.key_terms(text, SIMILAR_TERMS)
    terms = [(term, weight) for term, weight in terms if len(term) > 2 and not term.isdigit()]
    if not terms:
        return []
    query = qt.Or(tuple(qt.Term(EXACT_FIELD, term, weight) for term, weight in terms))
    similar = []
    for other, _ in engine.find(query, limit, exclude_meeting=item["meeting_id"]):
        similar.append(
            {
                "id": other["id"],
                "title": other["title"],
                "committee": other["committee"],
                "date": other["date"],
                "outcome": other["outcome"],
            }
        )
    return similar
