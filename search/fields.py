"""The field contract: what an indexed agenda item holds, defined once for every engine.

The indexer turns each agenda item into an :class:`ItemDocument`; every engine (the
embedded Whoosh index, OpenSearch) stores exactly the fields named in :data:`FIELDS`,
each in its own way, and hands back the :class:`StoredItem` it was given. The query
language, facets, precedents and the report speak only of these names.

Text is indexed twice: stemmed, per section kind (so a user can search only decisions),
and exact (the words as written, for exact mode, quoted phrases, spelling suggestions and
similar items). What pages and the API show of an item is one stored JSON object, the
:class:`StoredItem`, so a hit becomes a result without reassembling fields.

>>> [field.name for field in FIELDS if field.searched_by_default][:3]
['title', 'decision', 'recommendation']
>>> FACET_FIELDS["year"], TEXT_FIELD_BOOSTS["title"]
('year', 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict

#: bump whenever fields, their analysis or the stored item change: an engine refuses an
#: index built under another version and asks for a rebuild
SCHEMA_VERSION = "11"

FieldKind = Literal["keyword", "keywords", "number", "stemmed", "exact", "stored"]


@dataclass(frozen=True)
class Field:
    """One field of an indexed item.

    ``keyword``: one exact value (ids, facet values); ``keywords``: several, matched one by
    one (case numbers, cited ids); ``number``: a whole number (ranges, sorting);
    ``stemmed``: Danish text under the stemmed analysis; ``exact``: Danish text under the
    exact analysis; ``stored``: kept, never searched.
    """

    name: str
    kind: FieldKind
    stored: bool = False
    #: one value per item, read as a column: facets, sorting, one hit per matter
    sortable: bool = False
    #: BM25 weight of a match in this field, relative to the case text
    boost: float = 1.0
    #: quoted phrases can be matched in it (each engine decides how)
    phrases: bool = False
    #: plain words typed without a field prefix are searched in it
    searched_by_default: bool = False


def _section(name: str, boost: float) -> Field:
    return Field(name, "stemmed", stored=name == "title", boost=boost, searched_by_default=True)


FIELDS: tuple[Field, ...] = (
    Field("id", "keyword", stored=True),
    Field("meeting_id", "keyword", stored=True),
    Field("organisation", "keyword", stored=True, sortable=True),
    Field("committee", "keyword", stored=True, sortable=True),
    Field("date", "keyword", stored=True, sortable=True),  # ISO date; "" when undated
    Field("year", "number", stored=True, sortable=True),
    Field("number", "number", stored=True, sortable=True),
    Field("outcome", "keyword", stored=True, sortable=True),
    Field("closed", "keyword", stored=True, sortable=True),  # "true" / "false"
    Field("kind", "keyword", stored=True),  # "referat" / "dagsorden"
    Field("case_number", "keywords", stored=True),  # lower case
    # the first case number: items sharing it are one matter (one hit per matter)
    Field("case_key", "keyword", stored=True, sortable=True),
    # ids of the items this item cites as earlier treatments (in the archive or not)
    Field("ref_ids", "keywords", stored=True),
    Field("source_path", "keyword", stored=True),
    # a fingerprint of the meeting's items (titles and texts, not its metadata): two copies
    # of the same minutes share it even when one lacks the organisation, committee or date
    Field("content_key", "keyword", stored=True),
    Field("source_hash", "keyword", stored=True),
    # searched text: title, decision and recommendation weigh more than the case text;
    # procedural boilerplate ("Ingen økonomiske konsekvenser") far less
    _section("title", 4.0),
    _section("decision", 2.0),
    _section("recommendation", 2.0),
    _section("summary", 1.5),
    _section("casetext", 1.0),  # the case text, and any section kind not named here
    _section("procedural", 0.2),
    # the municipality's name: "lokalplan aarhus" finds Aarhus items that never say "Aarhus"
    Field("organisation_text", "stemmed", boost=0.3, searched_by_default=True),
    Field("committee_text", "stemmed", phrases=True),  # only through "udvalg:"
    Field("exact", "exact", phrases=True),  # the whole item: title and every section
    Field("payload", "stored"),  # the StoredItem as JSON
    Field("warnings", "stored"),  # what the librarian was told about the source (JSON list)
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

EXACT_FIELD = "exact"

#: the fields plain words are searched in, with their BM25 boosts
TEXT_FIELD_BOOSTS: dict[str, float] = {f.name: f.boost for f in FIELDS if f.searched_by_default}

#: the text fields a quoted phrase can be matched in
PHRASE_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.phrases)

#: facet name → the sortable field holding its one value per item
FACET_FIELDS: dict[str, str] = {
    "organisation": "organisation",
    "committee": "committee",
    "year": "year",
    "outcome": "outcome",
    "closed": "closed",
}

#: Danish field prefixes a user can type ("beslutning:godkendt") → field
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


class SectionEntry(TypedDict):
    heading: str
    text: str


class AttachmentLink(TypedDict):
    title: str
    url: str | None


class ReferenceEntry(TypedDict):
    """An earlier treatment as the item cites it; ``targets`` are the ids the cited items
    have (or will have) in the archive, one per cited number; ``meeting`` the cited
    meeting's id when the citation names committee and date (many give no item number);
    ``id`` is filled when read."""

    committee: str | None
    date: str | None
    numbers: list[int]
    text: str
    id: str | None
    targets: list[str]
    meeting: NotRequired[str | None]


class StoredItem(TypedDict):
    """The item object of ``referat show --json`` and ``/api/items/<id>``, as stored."""

    id: str
    meeting_id: str
    organisation: str | None
    committee: str | None
    date: str | None
    time: str | None
    place: str | None
    participants: list[str]
    absentees: list[str]
    kind: str
    number: int
    title: str
    closed: bool
    outcome: str
    decision: str
    decision_remark: bool
    votes: str | None
    decided_by: str | None
    case_number: str | None
    attachments: int
    attachment_links: list[AttachmentLink]
    sections: list[SectionEntry]
    references: list[ReferenceEntry]
    source: str | None
    #: the source file relative to the folder that was indexed (never a server path)
    source_file: str
    source_format: str
    #: meeting values guessed rather than read: field name → from where (absent in old indexes)
    guessed: NotRequired[dict[str, str]]
    #: the organisation's official name ("Københavns Kommune", "Region Midtjylland") when
    #: Referat knows it; pages and citations name the publisher with it
    organisation_name: NotRequired[str | None]


@dataclass
class ItemDocument:
    """One agenda item as every engine indexes it: the values of :data:`FIELDS`.

    ``texts`` holds the text fields (stemmed sections, ``organisation_text``,
    ``committee_text``, ``exact``) by field name; the other fields are attributes.
    """

    id: str
    meeting_id: str
    organisation: str
    committee: str
    date: str
    year: int | None
    number: int
    outcome: str
    closed: bool
    kind: str
    source_path: str
    source_hash: str
    item: StoredItem
    texts: dict[str, str] = field(default_factory=dict)
    content_key: str = ""
    case_numbers: list[str] = field(default_factory=list)
    ref_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """Field name → value for every field this item has (lists for ``keywords``).

        >>> doc = ItemDocument("o/c/2019-05-14/3", "o/c/2019-05-14", "O", "C", "2019-05-14",
        ...     2019, 3, "godkendt", False, "referat", "a.txt", "ab12", item={},
        ...     case_numbers=["EMN-1", "EMN-2"])
        >>> values = doc.values()
        >>> values["closed"], values["case_number"], values["case_key"], "payload" in values
        ('false', ['emn-1', 'emn-2'], 'emn-1', False)
        """
        values: dict[str, Any] = {
            "id": self.id,
            "meeting_id": self.meeting_id,
            "organisation": self.organisation,
            "committee": self.committee,
            "date": self.date,
            "number": self.number,
            "outcome": self.outcome,
            "closed": "true" if self.closed else "false",
            "kind": self.kind,
            "source_path": self.source_path,
            "source_hash": self.source_hash,
        }
        if self.content_key:
            values["content_key"] = self.content_key
        if self.year is not None:
            values["year"] = self.year
        cases = [case.strip().lower() for case in self.case_numbers if case.strip()]
        if cases:
            values["case_number"] = cases
            values["case_key"] = cases[0]
        if self.ref_ids:
            values["ref_ids"] = list(self.ref_ids)
        values.update({name: text for name, text in self.texts.items() if text})
        return values
