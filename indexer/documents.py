"""Meeting → index documents: one :class:`search.fields.ItemDocument` per agenda item.

Each section's text goes to the contract's field for its kind (decisions to
``decision``, procedural boilerplate to ``procedural``, …); the whole item, as
pages and the API show it, is the document's :class:`search.fields.StoredItem`.

Two limits keep one file from holding up a run, whatever it contains: an item id is
unique within its meeting whatever numbers the reader found (:func:`item_keys`), and at
most :data:`MAX_SEARCHABLE_CHARS` characters of a file's text are analysed for search
(the rest is stored and shown, and the file is reported).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.model import AgendaItem, Meeting, Reference
from indexer.organisations import organisation_named
from indexer.readers.sections import canonical_heading
from search.fields import ItemDocument, StoredItem
from search.ids import item_id, meeting_id

#: characters of one file's section texts that are analysed for search: analysis takes
#: ~7 s per million characters on one core (measured), so one file costs at most ~35 s of a
#: run; real minutes with their appendices as text stay well below
MAX_SEARCHABLE_CHARS = 5_000_000
#: every item's title stays searchable, up to this many characters
MAX_TITLE_CHARS = 1_000

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
    The committee is already canonical here (normalisation made "Udvalg: Aarhus Byråd"
    in Aarhus' minutes "Byrådet", as it does for the cited meeting itself).

    >>> import datetime
    >>> ref = Reference("…", committee="Byrådet", date=datetime.date(2025, 8, 27), numbers=[10])
    >>> reference_targets(Meeting(organisation="Aarhus"), ref)
    ['aarhus/byraadet/2025-08-27/10']
    """
    if not (reference.committee and reference.date and reference.numbers):
        return []
    organisation = meeting.organisation or "ukendt"
    date = reference.date.isoformat()
    return [item_id(organisation, reference.committee, date, n) for n in reference.numbers]


def cited_meeting(meeting: Meeting, reference: Reference) -> str | None:
    """The id the cited meeting has (or will have) in the archive, when the citation names
    its committee and date: FirstAgenda's case histories name no item number.

    >>> import datetime
    >>> ref = Reference("…", committee="Økonomiudvalget", date=datetime.date(2022, 1, 24))
    >>> cited_meeting(Meeting(organisation="Greve"), ref)
    'greve/oekonomiudvalget/2022-01-24'
    """
    if not (reference.committee and reference.date):
        return None
    organisation = meeting.organisation or "ukendt"
    return meeting_id(organisation, reference.committee, reference.date.isoformat())


def official_name(organisation: str | None) -> str | None:
    """The official name of a known organisation, for pages and citations.

    >>> official_name("København"), official_name("Region Midtjylland"), official_name("Nowhere")
    ('Københavns Kommune', 'Region Midtjylland', None)
    """
    known = organisation_named(organisation or "")
    return known.official if known else None


def item_keys(meeting: Meeting) -> list[str | None]:
    """The last part of each item's id: its number, unique within the meeting.

    A repeat of an earlier item (a page that lists a row twice) gets None: it is indexed
    once. A different item with a number already taken gets "<number>-2", "-3", …

    >>> meeting = Meeting(items=[AgendaItem(1, "A"), AgendaItem(2, "B"), AgendaItem(1, "A"),
    ...                          AgendaItem(2, "C")])
    >>> item_keys(meeting)
    ['1', '2', None, '2-2']
    """
    seen: dict[int, list[AgendaItem]] = {}
    keys: list[str | None] = []
    for item in meeting.items:
        earlier = seen.setdefault(item.number, [])
        if any(item == other for other in earlier):
            keys.append(None)
            continue
        earlier.append(item)
        keys.append(str(item.number) if len(earlier) == 1 else f"{item.number}-{len(earlier)}")
    return keys


def repeated_item_warnings(meeting: Meeting) -> list[str]:
    """What :func:`item_keys` did about repeated numbers, for the librarian.

    >>> repeated_item_warnings(Meeting(items=[AgendaItem(3, "A"), AgendaItem(3, "A"),
    ...                                       AgendaItem(3, "B")]))
    ['item 3 appears more than once with the same content: indexed once', 'two different items are numbered 3: the second is indexed as 3-2']
    """
    warnings: list[str] = []
    for item, key in zip(meeting.items, item_keys(meeting), strict=True):
        if key is None:
            warning = (
                f"item {item.number} appears more than once with the same content: indexed once"
            )
        elif "-" in key:
            warning = (
                f"two different items are numbered {item.number}: the second is indexed as {key}"
            )
        else:
            continue
        if warning not in warnings:
            warnings.append(warning)
    return warnings


def section_chars(item: AgendaItem) -> int:
    return sum(len(section.text) for section in item.sections)


def text_limit_warning(meeting: Meeting) -> str | None:
    """What the librarian should know when the meeting's text is over the limit per file."""
    text = sum(section_chars(item) for item in meeting.items)
    if text <= MAX_SEARCHABLE_CHARS:
        return None
    return (
        f"{text:,} characters of text: only the first {MAX_SEARCHABLE_CHARS:,} are searchable "
        "(the limit per file); all of it is shown"
    )


def within(texts: list[str], budget: int) -> list[str]:
    """``texts`` cut to ``budget`` characters in all, at the end of a word.

    >>> within(["Vejbump på Skolevej", "Borgerne ønsker vejbump"], 27)
    ['Vejbump på Skolevej', 'Borgerne']
    >>> within(["Vejbump på Skolevej"], 13), within(["Vejbump"], 3)
    (['Vejbump på'], [''])
    """
    kept: list[str] = []
    for text in texts:
        if len(text) <= budget:
            kept.append(text)
            budget -= len(text)
            continue
        cut = text[:budget]
        if not text[budget : budget + 1].isspace():  # the cut is inside a word: drop it
            words = cut.rsplit(maxsplit=1)
            cut = words[0] if len(words) > 1 else ""
        kept.append(cut)
        break
    return kept


def item_payload(
    meeting: Meeting, item: AgendaItem, source_file: str = "", key: str | None = None
) -> StoredItem:
    """The item object of ``referat show --json`` and ``/api/items/<id>``; ``key`` is the
    last part of its id (:func:`item_keys`; default its number)."""
    organisation = meeting.organisation or "ukendt"
    committee = meeting.committee or "ukendt"
    own_id = (
        f"{meeting_id_for(meeting)}/{key}"
        if key
        else item_id(organisation, committee, date_key(meeting), item.number)
    )
    return {
        "id": own_id,
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
                "meeting": cited_meeting(meeting, r),
            }
            for r in item.references
        ],
        "source": meeting.source,
        "source_file": source_file or Path(meeting.source_path).name,
        "source_format": meeting.source_format,
        # values Referat guessed rather than read (field → from where), for the librarian
        "guessed": dict(meeting.guessed),
        "organisation_name": official_name(meeting.organisation),
    }


def item_document(
    meeting: Meeting,
    item: AgendaItem,
    source_path: str,
    source_hash: str,
    source_file: str = "",
    key: str | None = None,
    budget: int = MAX_SEARCHABLE_CHARS,
) -> ItemDocument:
    """The document every engine indexes for one item (its id ending in ``key``), with at
    most ``budget`` characters of its text searchable."""
    payload = item_payload(meeting, item, source_file, key)
    title = "".join(within([item.title], MAX_TITLE_CHARS))
    bodies = within([section.text for section in item.sections], budget)
    texts: dict[str, list[str]] = {}
    for section, body in zip(item.sections, bodies, strict=False):
        texts.setdefault(field_for(section.heading), []).append(body)
    if item.decision and "decision" not in texts and len(bodies) == len(item.sections):
        texts["decision"] = [item.decision]
    everything = [title, *bodies]
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
            "title": title,
            "committee_text": meeting.committee or "",
            "organisation_text": meeting.organisation or "",
            "exact": "\n".join(everything),
            **{name: "\n\n".join(parts) for name, parts in texts.items()},
        },
        case_numbers=(item.case_number or "").split(","),
        ref_ids=cited,
        warnings=list(meeting.warnings),
    )


#: below this much text a meeting is too generic to be recognised by its contents alone
#: (two short agendas of "Godkendelse af dagsorden", "Meddelelser", "Eventuelt" are alike)
MIN_CONTENT_CHARS = 400


def content_key(meeting: Meeting) -> str:
    """A fingerprint of the meeting's items — their numbers, titles and texts, decisions
    left out — but none of its metadata: copies of the same minutes share it whatever the
    organisation, committee or date each copy gives, and so do an agenda and its minutes.
    "" when the meeting has too little text to tell it from another.

    >>> from indexer.model import Section
    >>> a = Meeting(items=[AgendaItem(1, "Vejbump", sections=[Section("Sagsfremstilling", "x " * 300)])])
    >>> b = Meeting(organisation="Greve", items=[AgendaItem(1, " Vejbump ",
    ...     sections=[Section("Sagsfremstilling", "X  " * 300), Section("Beslutning", "Godkendt")])])
    >>> content_key(a) == content_key(b) != "", content_key(Meeting(items=[AgendaItem(1, "Eventuelt")]))
    (True, '')
    """
    digest = hashlib.sha256()
    chars = 0
    for item in meeting.items:
        texts = [item.title] + [
            section.text
            for section in item.sections
            if canonical_heading(section.heading) != "Beslutning"
        ]
        words = " ".join(" ".join(texts).lower().split())
        chars += len(words)
        digest.update(f"{item.number}\x1f{words}\x1e".encode())
    return digest.hexdigest()[:24] if chars >= MIN_CONTENT_CHARS else ""


def meeting_documents(
    meeting: Meeting, source_path: str, source_hash: str, source_file: str = ""
) -> list[ItemDocument]:
    """The documents of a meeting's items, each id once (:func:`item_keys`), with at most
    :data:`MAX_SEARCHABLE_CHARS` characters of the file's text searchable; ``source_file``
    is the file as shown to people (relative to the indexed folder), ``source_path`` where
    the indexer found it."""
    documents: list[ItemDocument] = []
    budget = MAX_SEARCHABLE_CHARS
    contents = content_key(meeting)
    for item, key in zip(meeting.items, item_keys(meeting), strict=True):
        if key is None:
            continue
        document = item_document(meeting, item, source_path, source_hash, source_file, key, budget)
        document.content_key = contents
        documents.append(document)
        budget = max(0, budget - section_chars(item))
    return documents
