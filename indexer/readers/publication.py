""" "Publication" XML (eDagsorden/Acadre style): ``Publication/Agendas/Agenda/Items/Item``.

Each item carries ``Fields/ItemField`` with a ``Caption`` ("Sagsfremstilling",
"FORRETNINGSUDVALGETS BESLUTNING", …) and a ``Content`` holding an HTML fragment.
Decision fields are "feedback" fields, filled in at the meeting: an agenda published
before the meeting has them empty.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.model import AgendaItem, Attachment, Meeting, Section
from indexer.readers.base import ReaderError
from indexer.readers.markup import (
    element_text,
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
from indexer.readers.textutil import clean_text

_MARKUP = re.compile(r"<[a-zA-Z/!]|&#?\w+;")

# ParticipationStatusAsValue: 1 and 4 mean present; 0 ("NotDecided") is what an agenda
# published before the meeting says of every invited member, who is then counted as
# taking part (the OS2dagsorden importer does the same); anything else is an absence.
_PRESENT_VALUES = {"0", "1", "4"}
_PRESENT_TEXTS = {"notdecided", "participating", "participated", "present", ""}


class PublicationReader:
    name = "publication-xml"

    def sniff(self, head: bytes, path: str) -> bool:
        """An XML file whose root element is ``<Publication>``."""
        return root_tag(head) == "Publication"

    def read(self, data: bytes, path: str) -> Meeting:
        root, warnings = parse_xml(data, "Publication agenda")
        if root.tag != "Publication":
            raise ReaderError(f"not a Publication XML file: root element is <{root.tag}>")
        agendas = root.findall("Agendas/Agenda")
        if not agendas:
            raise ReaderError("Publication file holds no agenda (no Agendas/Agenda element)")
        meeting = Meeting(source_path=path, source_format=self.name, warnings=warnings)
        if len(agendas) > 1:
            meeting.warn(f"the file holds {len(agendas)} agendas; only the first was read")
        agenda = agendas[0]
        meeting.committee = (
            element_text(agenda.find("Committee/Name")) or element_text(agenda.find("Name")) or None
        )
        meeting_element = agenda.find("Meeting")
        if meeting_element is not None:
            when = element_text(meeting_element.find("When"))
            meeting.date, meeting.time = parse_timestamp(when)
            meeting.place = element_text(meeting_element.find("Where")) or None
            _read_members(meeting_element, meeting)

        for position, element in enumerate(agenda.iterfind("Items/Item"), start=1):
            meeting.items.append(_read_item(element, position, meeting))
        if not meeting.items:
            raise ReaderError("Publication agenda lists no items (no Items/Item element)")

        publication_type = element_text(root.find("PublicationTypeAsEnum")).lower()
        decided = any(item.decision for item in meeting.items)
        minutes = "minute" in publication_type or "referat" in publication_type
        meeting.kind = "referat" if minutes or decided else "dagsorden"
        sort_and_check_items(meeting)
        return meeting


def _read_members(element: etree._Element, meeting: Meeting) -> None:
    for member in element.iterfind("Members/MeetingMember"):
        name = element_text(member.find("Name")) or element_text(member.find("Member/Name"))
        if not name:
            continue
        note = element_text(member.find("ParticipationNote"))
        entry = f"{name}, {note}" if note else name
        value = element_text(member.find("ParticipationStatusAsValue"))
        status = element_text(member.find("ParticipationStatusAsText")).lower()
        present = value in _PRESENT_VALUES if value else status in _PRESENT_TEXTS
        (meeting.participants if present else meeting.absentees).append(entry)


def _read_item(element: etree._Element, position: int, meeting: Meeting) -> AgendaItem:
    number_text = element_text(element.find("Number"))
    if number_text.isdigit():
        number = int(number_text)
    else:
        number = position
        meeting.warn(f"item {position} has no number ({number_text!r}); its position was used")
    title = element_text(element.find("Caption"))
    if not title:
        meeting.warn(f"item {number} has no title")
    closed = element_text(element.find("IsPublic")).lower() == "false"
    item = AgendaItem(number=number, title=title, closed=closed)
    item.case_number = element_text(element.find("Case/Number")) or None

    left_out = 0
    for field in element.iterfind("Fields/ItemField"):
        section = _read_field(field)
        if section is None:
            continue
        is_decision = canonical_heading(section.heading) == "Beslutning"
        if closed and not is_decision and section.text:
            # A closed item's case text is not for the public, even when the export carries it.
            left_out += 1
            continue
        item.sections.append(section)
    if left_out:
        meeting.warn(f"item {number} is closed: {left_out} field(s) besides the decision left out")
    fill_from_sections(item)

    for enclosure in element.iterfind("Enclosures/Enclosure"):
        name = element_text(enclosure.find("Name")) or element_text(enclosure.find("FileName"))
        url = element_text(enclosure.find("DownloadUrl")) or element_text(
            enclosure.find("InstantiationFilePathRelative")
        )
        item.attachments.append(Attachment(title=name, url=url.replace("\\", "/") or None))
    item.attachment_count = len(item.attachments)
    return item


def _read_field(field: etree._Element) -> Section | None:
    """One field as a section; None for an empty field the published agenda would not show.

    Empty feedback (decision) fields are kept, as the publication shows them: an empty
    "Beslutning" says the item is not decided yet.
    """
    caption = element_text(field.find("Caption"))
    content = field.find("Content")
    raw = "".join(content.itertext()) if content is not None else ""
    text = html_to_text(raw) if _MARKUP.search(raw) else clean_text(raw)
    if is_placeholder(text):
        text = ""
    heading = heading_name(caption) if caption else "Tekst"
    feedback = element_text(field.find("IsFeedback")).lower() == "true"
    if not text and not (feedback or canonical_heading(heading) == "Beslutning"):
        return None
    return Section(heading, text)


READER = PublicationReader()
