"""Meeting → index documents: one :class:`search.fields.ItemDocument` per agenda item.

Each section's text goes to the contract's field for its kind (decisions to
``decision``, procedural boilerplate to ``procedural``, …); the whole item, as
pages and the API show it, is the document's :class:`search.fields.StoredItem`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.model import AgendaItem, Meeting, Reference
from indexer.readers.sections import canonical_heading
from search.fields import ItemDocument, StoredItem
from search.ids import item_id, meeting_id

#: canonical section heading → the contract's text field (anything else → "casetext")
SECTION_FIELDS: dict[str, str] = {
    "Beslutning": "decision",
    "Indstilling": "recommendation",
    "Sammendrag": "summary",
    "Sagsfremstilling": "casetext",
    "Baggrund": "casetext",
    "Beskrivelse": "casetext",
    "Indhold": "casetext",
    "Tekst": "casetext",
    "Vurdering": "casetext",
    "Høring": "casetext",
    "Økonomiske konsekvenser og finansiering": "procedural",
    "Bilag": "procedural",
    "Beslutningen træffes af": "procedural",
    "Tidligere behandling": "procedural",
    "Lovgrundlag": "procedural",
}


def date_key(meeting: Meeting) -> str:
    """The date part of ids: ISO date, or a stable stand-in derived from the source path.

    >>> date_key(Meeting(source_path="data/x.txt"))
    'udateret-1530a756'
    """
    if meeting.date:
        return meeting.date.isoformat()
    digest = hashlib.sha1(meeting.source_path.encode("utf-8")).hexdigest()[:8]
    return f"udateret-{digest}"


def meeting_id_for(meeting: Meeting) -> str:
    return meeting_id(
        meeting.organisation or "ukendt", meeting.committee or "ukendt", date_key(meeting)
    )


def field_for(heading: str) -> str:
    """The contract field a section heading's text is indexed in."""
    return SECTION_FIELDS.get(canonical_heading(heading) or heading, "casetext")


def reference_targets(meeting: Meeting, reference: Reference) -> list[str]:
    """The ids the cited items have (or will have) in the archive, one per cited number.

    Minutes cite earlier treatments within their own organisation, so the organisation
    is the citing meeting's; whether an id exists is checked when the item is read, so a
    link appears as soon as the cited meeting is indexed, in whatever format it came.

    >>> import datetime
    >>> ref = Reference("…", committee="Aarhus Byråd", date=datetime.date(2025, 8, 27), numbers=[10])
    >>> reference_targets(Meeting(organisation="Aarhus"), ref)
    ['aarhus/aarhus-byraad/2025-08-27/10']
    """
    if not (reference.committee and reference.date and reference.numbers):
        return []
    organisation = meeting.organisation or "ukendt"
    date = reference.date.isoformat()
    return [item_id(organisation, reference.committee, date, n) for n in reference.numbers]


def item_payload(meeting: Meeting, item: AgendaItem, source_file: str = "") -> StoredItem:
    """The item object of ``referat show --json`` and ``/api/items/<id>``."""
    organisation = meeting.organisation or "ukendt"
    committee = meeting.committee or "ukendt"
    return {
        "id": item_id(organisation, committee, date_key(meeting), item.number),
        "meeting_id": meeting_id_for(meeting),
        "organisation": meeting.organisation,
        "committee": meeting.committee,
        "date": meeting.date.isoformat() if meeting.date else None,
        "time": meeting.time,
        "place": meeting.place,
        "participants": meeting.participants,
        "absentees": meeting.absentees,
        "kind": meeting.kind,
        "number": item.number,
        "title": item.title,
        "closed": item.closed,
        "outcome": item.outcome,
        "decision": item.decision,
        "decision_remark": item.decision_remark,
        "votes": item.votes,
        "decided_by": item.decided_by,
        "case_number": item.case_number,
        "attachments": item.attachment_count or len(item.attachments),
        "attachment_links": [{"title": a.title, "url": a.url} for a in item.attachments],
        "sections": [{"heading": s.heading, "text": s.text} for s in item.sections],
        "references": [
            {
                "committee": r.committee,
                "date": r.date.isoformat() if r.date else None,
                "numbers": r.numbers,
                "text": r.text,
                "id": None,
                "targets": reference_targets(meeting, r),
            }
            for r in item.references
        ],
        "source": meeting.source,
        "source_file": source_file or Path(meeting.source_path).name,
        "source_format": meeting.source_format,
        # values Referat guessed rather than read (field → from where), for the librarian
        "guessed": dict(meeting.guessed),
    }


def item_document(
    meeting: Meeting, item: AgendaItem, source_path: str, source_hash: str, source_file: str = ""
) -> ItemDocument:
    """The document every engine indexes for one item."""
    payload = item_payload(meeting, item, source_file)
    texts: dict[str, list[str]] = {}
    for section in item.sections:
        texts.setdefault(field_for(section.heading), []).append(section.text)
    if item.decision and "decision" not in texts:
        texts["decision"] = [item.decision]
    everything = [item.title, *(s.text for s in item.sections)]
    own_id = payload["id"]
    cited = sorted({t for r in payload["references"] for t in r["targets"] if t != own_id})
    return ItemDocument(
        id=own_id,
        meeting_id=payload["meeting_id"],
        organisation=meeting.organisation or "",
        committee=meeting.committee or "",
        date=payload["date"] or "",
        year=meeting.date.year if meeting.date else None,
        number=item.number,
        outcome=item.outcome,
        closed=item.closed,
        kind=meeting.kind,
        source_path=source_path,
        source_hash=source_hash,
        item=payload,
        texts={
            "title": item.title,
            "committee_text": meeting.committee or "",
            "organisation_text": meeting.organisation or "",
            "exact": "\n".join(everything),
            **{name: "\n\n".join(parts) for name, parts in texts.items()},
        },
        case_numbers=(item.case_number or "").split(","),
        ref_ids=cited,
        warnings=list(meeting.warnings),
    )


def meeting_documents(
    meeting: Meeting, source_path: str, source_hash: str, source_file: str = ""
) -> list[ItemDocument]:
    """The documents of a meeting's items; ``source_file`` is the file as shown to people
    (relative to the indexed folder), ``source_path`` where the indexer found it."""
    return [
        item_document(meeting, item, source_path, source_hash, source_file)
        for item in meeting.items
    ]
