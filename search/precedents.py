"""Precedents: earlier treatments as links, a matter's history, and similar items.

References are parsed and turned into candidate item ids when an item is indexed
(``targets`` in its payload, ``ref_ids`` in the index). Whether a candidate exists
is looked up here, when the item is read: a term lookup per reference, so a link
appears the moment the cited meeting is indexed, and disappears if it is removed.
A citation that names only committee and date (FirstAgenda's case histories) points at
the cited ``meeting``; its item is the one there that shares a case number (or, failing
that, the title) with the citing item.

A matter's history is the connected part of the graph whose edges are references
(both directions) and shared case numbers, walked breadth-first with a visited set
(cycles and self-references are harmless), bounded in size, in date order.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from search import querytree as qt
from search.analysis import DANISH_STOP_WORDS, exact_analyzer
from search.engine import Engine
from search.fields import EXACT_FIELD

HISTORY_LIMIT = 60
SIMILAR_LIMIT = 5
SIMILAR_TERMS = 15
#: a similar item contains at least this many of the item's key terms …
SIMILAR_MIN_SHARED = 3
#: … carrying at least this share of their weight
SIMILAR_MIN_SHARE = 0.3
# sections that say the same thing in every item; they would make everything look alike
_PROCEDURAL_HEADINGS = (
    "økonomiske konsekvenser",
    "bilag",
    "beslutningen træffes af",
    "tidligere behandling",
    "fraværende",
)


_EXACT = exact_analyzer()


def resolve_references(engine: Engine, item: dict[str, Any]) -> None:
    """Fill each reference's ``id`` (first cited item in the archive), ``ids`` (per number)
    and ``meeting_id`` (the cited meeting, when it is in the archive)."""
    references = item.get("references", [])
    present = engine.items({t for r in references for t in r.get("targets") or []})
    for reference in references:
        targets = reference.get("targets") or []
        ids = [target if target in present else None for target in targets]
        reference["ids"] = ids
        reference["id"] = next((found for found in ids if found), None)
        reference["meeting_id"] = None
        if reference.get("meeting"):
            items = engine.meeting_items(reference["meeting"])
            if items:
                reference["meeting_id"] = reference["meeting"]
            if not targets:
                cited = _same_matter(item, [dict(other) for other in items])
                reference["ids"] = [other["id"] for other in cited]
                reference["id"] = reference["ids"][0] if cited else None


def _same_matter(item: dict[str, Any], candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidates (items of a cited meeting) that are ``item``'s matter: those sharing a
    case number with it, or failing that its title.

    >>> mine = {"id": "a", "case_number": "21-1, 22-5", "title": "Budget"}
    >>> [c["id"] for c in _same_matter(mine, [{"id": "b", "case_number": "22-5", "title": "X"},
    ...     {"id": "c", "case_number": None, "title": "Budget"}])]
    ['b']
    """
    cases = set(_case_numbers(item))
    sharing = [c for c in candidates if c["id"] != item["id"] and cases & set(_case_numbers(c))]
    if sharing:
        return sharing
    title = " ".join((item.get("title") or "").lower().split())
    return [
        c
        for c in candidates
        if c["id"] != item["id"]
        and title
        and " ".join((c.get("title") or "").lower().split()) == title
    ]


def _neighbours(engine: Engine, item: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(item, via) for every item in the archive directly connected to ``item``."""
    cited = [t for reference in item.get("references", []) for t in reference.get("targets") or []]
    found: list[tuple[dict[str, Any], str]] = [
        (dict(other), "reference") for other in engine.items(cited).values()
    ]
    for reference in item.get("references", []):
        if reference.get("meeting") and not reference.get("targets"):
            candidates = [dict(other) for other in engine.meeting_items(reference["meeting"])]
            found += [(other, "reference") for other in _same_matter(item, candidates)]
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


def _subject_text(item: dict[str, Any]) -> str:
    """What an item is about: its title (twice: it says the most) and its sections, without
    the procedural ones and the decision, which read alike in every item."""
    decision = " ".join((item.get("decision") or "").split())
    sections = [
        section["text"]
        for section in item.get("sections", [])
        if not section["heading"].lower().startswith(_PROCEDURAL_HEADINGS)
        and not section["heading"].lower().startswith("beslutning")
        and " ".join(section["text"].split()) != decision
    ]
    return "\n".join([item["title"], item["title"], *sections])


def _name_words(item: dict[str, Any]) -> set[str]:
    names = " ".join(filter(None, (item.get("organisation"), item.get("committee"))))
    return {token.text for token in _EXACT(names)}


def similarity(terms: dict[str, float], other: dict[str, Any]) -> tuple[int, float]:
    """How many of an item's key ``terms`` (word → weight) the ``other`` item's subject
    text contains, and the share of their weight it covers.

    >>> other = {"title": "Ressourceforløb", "sections": [
    ...     {"heading": "Sagsfremstilling", "text": "En intensiv indsats i ressourceforløb"}]}
    >>> similarity({"ressourceforlob": 3.0, "intensiv": 1.0, "kattrup": 4.0}, other)
    (2, 0.5)
    """
    words = {token.text for token in _EXACT(_subject_text(other))}
    shared = [term for term in terms if term in words]
    total = sum(terms.values()) or 1.0
    return len(shared), round(sum(terms[term] for term in shared) / total, 3)


def similar_items(
    engine: Engine, item: dict[str, Any], limit: int = SIMILAR_LIMIT
) -> list[dict[str, Any]]:
    """Items about the same subject from other meetings, or none.

    More-like-this on the item's key terms (the words that best tell it apart in the
    archive), then a floor any engine can apply the same way: a candidate must contain at
    least :data:`SIMILAR_MIN_SHARED` of those terms, carrying :data:`SIMILAR_MIN_SHARE` of
    their weight. Engines' scores are not comparable (nor across archives); shared
    subject words are. An unrelated item that shares one rare word ("Meddelelser", an IT
    purchase for an urban development plan) stays out: none is better than irrelevant.
    """
    text = _subject_text(item)
    if not text.strip():
        return []
    names = _name_words(item)
    terms = {
        term: weight
        for term, weight in engine.key_terms(text, SIMILAR_TERMS)
        if len(term) > 2
        and not term.replace(",", "").replace(".", "").isdigit()
        and term not in DANISH_STOP_WORDS
        and term not in names
    }
    if len(terms) < SIMILAR_MIN_SHARED:
        return []
    query = qt.Or(tuple(qt.Term(EXACT_FIELD, term, weight) for term, weight in terms.items()))
    similar = []
    for other, _ in engine.find(query, limit * 4, exclude_meeting=item["meeting_id"]):
        shared, share = similarity(terms, dict(other))
        if shared < SIMILAR_MIN_SHARED or share < SIMILAR_MIN_SHARE:
            continue
        similar.append(
            {
                "id": other["id"],
                "title": other["title"],
                "committee": other["committee"],
                "date": other["date"],
                "outcome": other["outcome"],
            }
        )
        if len(similar) == limit:
            break
    return similar
