"""Acadre MM publication XML: ``<root>`` of nested ``<table name=…>`` records of ``<field>``s.

The meeting file nests agenda → committee, meeting and ``agendaitemparents`` → ``agendaitem``
→ ``bullet`` (one section: ``bulletname`` and escaped HTML in ``bulletcontent``, wrapped with
hard line breaks) and ``enclosure`` (attachments). Item numbers are Acadre's running numbers
("715."), which the printed agenda shows as the item's number: ``agendaData/startAgendaItemNo``
is the first item's, the rest follow in ``sort`` order.

Beside the meeting file Acadre writes a *manifest* (:mod:`indexer.readers.acadre_manifest`)
saying which of the produced documents (agenda or minutes) is published; it is found by the
agenda id both files carry. A manifest alone holds no minutes: it is reported as a companion.
"""

from __future__ import annotations

import html
from pathlib import Path

from lxml import etree

from indexer.danish_dates import find_date
from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Section
from indexer.readers.acadre_manifest import (
    MANIFEST_HEAD,
    AcadreManifest,
    find_manifest,
    is_manifest,
    parse_manifest,
)
from indexer.readers.base import CompanionFile, ReaderError
from indexer.readers.markup import (
    fill_from_sections,
    heading_name,
    html_to_text,
    is_placeholder,
    parse_timestamp,
    parse_xml,
    root_tag,
    sort_and_check_items,
)
from indexer.readers.sections import canonical_heading

_OPEN_ACCESS = ("åben", "åbent", "offentlig")


def fields(table: etree._Element | None) -> dict[str, str]:
    """A record's ``<fields><field name="x">value</field>`` as a dict (first value wins).

    >>> fields(etree.fromstring('<table><fields><field name="a">1</field></fields></table>'))
    {'a': '1'}
    """
    values: dict[str, str] = {}
    if table is None:
        return values
    for field in table.iterfind("fields/field"):
        name = field.get("name")
        if name and name not in values:
            values[name] = "".join(field.itertext()).strip()
    return values


def _table(parent: etree._Element | None, name: str) -> etree._Element | None:
    return parent.find(f"table[@name='{name}']") if parent is not None else None


def _tables(parent: etree._Element, name: str) -> list[etree._Element]:
    return parent.findall(f"table[@name='{name}']")


class AcadreReader:
    name = "acadre-xml"

    def sniff(self, head: bytes, path: str) -> bool:
        """An XML ``<root>`` of Acadre records: the meeting file or its manifest."""
        if root_tag(head) != "root":
            return False
        return b'<table name="agenda"' in head or is_manifest(head)

    def read(self, data: bytes, path: str) -> Meeting:
        if is_manifest(data[:MANIFEST_HEAD]):
            raise CompanionFile(
                "an Acadre manifest: it describes the meeting XML beside it and is read with it"
            )
        root, warnings = parse_xml(data, "Acadre agenda")
        agenda = _table(root, "agenda")
        if root.tag != "root" or agenda is None:
            raise ReaderError("not an Acadre meeting file: no <table name='agenda'> record")
        meeting = Meeting(source_path=path, source_format=self.name, warnings=warnings)
        about = fields(agenda)
        _read_meeting(agenda, meeting)
        start = _start_number(root)
        for position, parent in enumerate(_item_parents(agenda)):
            item = _read_item(parent, start + position if start is not None else None, meeting)
            if item is not None:
                meeting.items.append(item)
        if not meeting.items:
            damage = f"; {warnings[0]}" if warnings else ""
            raise ReaderError(f"Acadre agenda lists no items (no agendaitem record){damage}")
        manifest = _manifest_for(path, about.get("sysid", ""), meeting)
        meeting.kind = _kind(about.get("name", ""), manifest, path, meeting)
        if manifest is not None:
            meeting.committee = meeting.committee or manifest.committee
            meeting.date = meeting.date or manifest.date
        sort_and_check_items(meeting)
        return meeting


def _read_meeting(agenda: etree._Element, meeting: Meeting) -> None:
    committee = fields(_table(agenda, "committee"))
    meeting.committee = committee.get("name") or None
    held = _table(agenda, "meeting")
    about = fields(held)
    meeting.date, meeting.time = parse_timestamp(about.get("date", ""))
    if meeting.date is None:
        meeting.date = find_date(about.get("dateF5", ""))
    address = html_to_text(about.get("address", "")).replace("\n", ", ")
    place = ", ".join(part for part in (about.get("location", ""), address) if part.strip())
    meeting.place = place or None
    members = _table(held, "meetmember")
    for member in members.iterfind("table[@name='member']") if members is not None else ():
        person = fields(member)
        name = " ".join(person.get("name", "").split())
        if name:
            absent = person.get("absent", "0") not in ("", "0")
            (meeting.absentees if absent else meeting.participants).append(name)


def _start_number(root: etree._Element) -> int | None:
    text = (root.findtext("agendaData/startAgendaItemNo") or "").strip()
    return int(text) if text.isdigit() else None


def _item_parents(agenda: etree._Element) -> list[etree._Element]:
    def sort_key(parent: etree._Element) -> int:
        sort = fields(parent).get("sort", "")
        return int(sort) if sort.isdigit() else 0

    parents = [
        p for p in _tables(agenda, "agendaitemparents") if _table(p, "agendaitem") is not None
    ]
    return sorted(parents, key=sort_key)


def _read_item(parent: etree._Element, printed: int | None, meeting: Meeting) -> AgendaItem | None:
    record = _table(parent, "agendaitem")
    about = fields(record)
    sort = fields(parent).get("sort", "")
    number = printed if printed is not None else int(sort) if sort.isdigit() else None
    title = " ".join(about.get("name", "").split())
    if number is None:
        meeting.warn(f"an agenda item without a number was skipped ({title[:60]!r})")
        return None
    access = about.get("accessname", "").lower()
    closed = not access.startswith(_OPEN_ACCESS) if access else about.get("access", "1") != "1"
    item = AgendaItem(number=number, title=title, closed=closed)
    if not title:
        meeting.warn(f"item {number} has no title")
    item.case_number = about.get("caseno") or None
    bullets = sorted(
        _tables(record, "bullet") if record is not None else [],
        key=lambda bullet: int(fields(bullet).get("bulletsortorder", "0") or 0),
    )
    for bullet in bullets:
        section = _section(fields(bullet))
        if section is not None:
            item.sections.append(section)
    fill_from_sections(item)
    for enclosure in _tables(record, "enclosure") if record is not None else []:
        described = fields(enclosure)
        if name := described.get("name") or described.get("filename"):
            item.attachments.append(Attachment(title=" ".join(name.split())))
    item.attachment_count = len(item.attachments)
    return item


def _section(bullet: dict[str, str]) -> Section | None:
    """One bullet as a section; empty bullets other than a decision are left out.

    >>> _section({"bulletname": "Indstilling", "bulletcontent": "<p>Direktøren\\r\\rindstiller</p>"})
    Section(heading='Indstilling', text='Direktøren indstiller')
    """
    heading = heading_name(bullet.get("bulletname", "")) or "Tekst"
    # the content is escaped HTML, sometimes escaped twice; hard line breaks are only wrapping
    content = bullet.get("bulletcontent", "")
    if "&lt;" in content:
        content = html.unescape(content)
    text = html_to_text(content)
    if is_placeholder(text):
        text = ""
    if not text and canonical_heading(heading) != "Beslutning":
        return None
    return Section(heading, text)


def _manifest_for(path: str, agenda_id: str, meeting: Meeting) -> AcadreManifest | None:
    try:
        found = find_manifest(Path(path), agenda_id)
    except OSError as error:
        meeting.warn(f"the Acadre manifest beside the file could not be read: {error}")
        return None
    if found is None:
        return None
    manifest, warning = parse_manifest(found)
    if warning:
        meeting.warn(warning)
    return manifest


def _kind(
    agenda_name: str, manifest: AcadreManifest | None, path: str, meeting: Meeting
) -> MeetingKind:
    """Agenda or minutes: the manifest says which document this is, else the agenda's name."""
    if manifest is not None:
        document = manifest.document_for(Path(path).name)
        if document is not None:
            if not document.published:
                meeting.warn("the Acadre manifest says this document is not published")
            return document.kind
    lowered = agenda_name.lower()
    if manifest is None:
        meeting.warn("no Acadre manifest beside the file: agenda or minutes told by its name")
    if "referat" in lowered or "beslutning" in lowered:
        return "referat"
    if "dagsorden" in lowered:
        return "dagsorden"
    return "referat" if any(item.decision for item in meeting.items) else "dagsorden"


READER = AcadreReader()
