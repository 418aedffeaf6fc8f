"""eDoc "AgendaPublishing" XML: ``<Meeting>`` with agenda types, items and their full text.

Each ``MeetingAgendaItem`` has a number, ``Document/Title`` and a ``FullText`` whose
section headings are plain lines ("Sammendrag", "Indstilling", "Sundheds- og
Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 3"). Items are not in number
order in the file. The agenda type's own ``FullText`` is the minutes' front page:
place, "Tilstede" and "Afbud/Fraværende" lists.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.danish_dates import find_date, find_time
from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Section
from indexer.readers.base import ReaderError
from indexer.readers.markup import (
    element_text,
    fill_from_sections,
    parse_timestamp,
    parse_xml,
    root_tag,
    sort_and_check_items,
)
from indexer.readers.sections import canonical_heading, split_sections
from indexer.readers.textutil import clean_text

_NUMBERED_TITLE = re.compile(r"^(\d+)\.\s+(.+)$")
_CASE_NUMBER = re.compile(r"^sags?\s*nr\.?\s*:?\s*(\S.*)$", re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"^dok(?:ument)?\.?\s*nr\.?\s*:?", re.IGNORECASE)
# "Kommunalbestyrelsen den 30. januar 2012 Punkt 5": an earlier treatment cited above the text.
_REFERENCE = re.compile(r"\bden\b.*\b(?:19|20)\d\d\b.*\bpunkt\s+\d+\s*$", re.IGNORECASE)
_PLACE = re.compile(r"^(?:i|mødested:?|sted:)\s+(\S.*)$", re.IGNORECASE)

_PARTICIPANT_LABELS = {"tilstede", "til stede", "deltagere", "mødedeltagere", "deltog", "fremmødte"}
_ABSENTEE_LABELS = {"afbud/fraværende", "afbud", "fraværende", "fravær", "fraværende/afbud"}
_STOP_LABELS = {"sekretær", "referent", "sekretariat", "indholdsfortegnelse", "mødeleder"}


class EdocReader:
    name = "edoc-xml"

    def sniff(self, head: bytes, path: str) -> bool:
        """An XML file whose root is ``<Meeting>`` with eDoc's agenda elements."""
        if root_tag(head) != "Meeting":
            return False
        return any(marker in head for marker in (b"<MeetingAgendaType", b"<MeetingDate"))

    def read(self, data: bytes, path: str) -> Meeting:
        root, warnings = parse_xml(data, "eDoc meeting")
        if root.tag != "Meeting":
            raise ReaderError(f"not an eDoc AgendaPublishing file: root element is <{root.tag}>")
        meeting = Meeting(source_path=path, source_format=self.name, warnings=warnings)
        meeting.committee = element_text(root.find("Committee")) or None
        meeting.date, meeting.time = parse_timestamp(element_text(root.find("MeetingDate")))

        urls: list[tuple[bool, str]] = []
        for agenda_type in root.iterfind("MeetingAgendaTypes/MeetingAgendaType"):
            closed = "lukket" in element_text(agenda_type.find("AgendaType")).lower()
            if url := element_text(agenda_type.find("UrlShowCompleteAgendaType")):
                urls.append((closed, url))
            if not closed and not (meeting.place or meeting.participants):
                _read_front_page(_full_text(agenda_type), meeting)
            for element in agenda_type.iterfind("MeetingAgendaItems/MeetingAgendaItem"):
                item = _read_item(element, closed, meeting)
                if item is not None:
                    meeting.items.append(item)

        if not meeting.items:
            raise ReaderError("eDoc file lists no agenda items (no MeetingAgendaItem)")
        # The open minutes' address is the one to show; False sorts first.
        meeting.source = min(urls)[1] if urls else None
        meeting.kind = _kind(element_text(root.find("MeetingState")), meeting)
        sort_and_check_items(meeting)
        return meeting


def _full_text(element: etree._Element) -> str:
    full = element.find("FullText")
    return clean_text("".join(full.itertext())) if full is not None else ""


def _kind(state: str, meeting: Meeting) -> MeetingKind:
    lowered = state.lower()
    if "referat" in lowered or "minute" in lowered:
        return "referat"
    if "dagsorden" in lowered or "agenda" in lowered:
        return "dagsorden"
    decided = any(item.decision for item in meeting.items)
    meeting.warn(f"meeting state {state!r} does not say agenda or minutes; guessed from decisions")
    return "referat" if decided else "dagsorden"


def _read_front_page(text: str, meeting: Meeting) -> None:
    """Place, participants and absentees from the front page, up to the table of contents."""
    mode: list[str] | None = None
    for raw in text.split("\n"):
        line = raw.strip()
        label = line.lower().rstrip(":").strip()
        if label == "indholdsfortegnelse" or _NUMBERED_TITLE.match(line):
            break
        if meeting.date is None and find_date(line):
            meeting.date = find_date(line)
        if meeting.time is None and find_time(line):
            meeting.time = find_time(line)
        if label in _PARTICIPANT_LABELS:
            mode = meeting.participants
        elif label in _ABSENTEE_LABELS:
            mode = meeting.absentees
        elif label in _STOP_LABELS:
            mode = None
        elif not line:
            # A list ends at the blank line after its last name.
            if mode is not None and mode:
                mode = None
        elif mode is not None:
            mode.append(line)
        elif meeting.place is None and (place := _PLACE.match(line)):
            meeting.place = place.group(1).strip()


def _read_item(element: etree._Element, closed: bool, meeting: Meeting) -> AgendaItem | None:
    text = _full_text(element)
    lines = text.split("\n") if text else []
    first = next((line for line in lines if line.strip()), "")
    numbered = _NUMBERED_TITLE.match(first.strip())
    number_text = element_text(element.find("AgendaItemNumber"))
    if number_text.isdigit():
        number = int(number_text)
    elif numbered:
        number = int(numbered.group(1))
    else:
        meeting.warn(f"an agenda item without a number was skipped ({first[:60]!r})")
        return None
    document = element.find("Document")
    title = element_text(document.find("Title")) if document is not None else ""
    if not title and document is not None:
        title = element_text(document.find("NeutralTitle"))
    if not title and numbered:
        title = " ".join(numbered.group(2).split())
    if not title:
        meeting.warn(f"item {number} has no title")
    item = AgendaItem(number=number, title=title, closed=closed)
    if numbered:
        lines = lines[lines.index(first) + 1 :]
    item.sections = _sections(lines, item)
    fill_from_sections(item)
    if document is not None:
        for attachment in document.iterfind("Attachments/Attachment"):
            name = element_text(attachment.find("Title")) or element_text(
                attachment.find("NeutralTitle")
            )
            url = element_text(attachment.find("UrlShowAttachment")) or None
            item.attachments.append(Attachment(title=name, url=url))
    item.attachment_count = len(item.attachments)
    return item


def _sections(lines: list[str], item: AgendaItem) -> list[Section]:
    """Sections of an item's full text; the case number and cited earlier treatments come first."""
    references: list[str] = []
    rest: list[str] = []
    in_preamble = True
    for line in lines:
        stripped = line.strip()
        if in_preamble and canonical_heading(stripped) is not None:
            in_preamble = False
        if in_preamble and (case := _CASE_NUMBER.match(stripped)):
            item.case_number = item.case_number or case.group(1).strip()
        elif in_preamble and _DOCUMENT_NUMBER.match(stripped):
            continue
        elif in_preamble and _REFERENCE.search(stripped):
            references.append(stripped)
        else:
            rest.append(line)
    sections = [Section("Tidligere behandling", "\n".join(references))] if references else []
    return sections + split_sections(rest)


READER = EdocReader()
