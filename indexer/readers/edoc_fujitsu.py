"""eDoc Fujitsu "AgendaPublishing" XML (namespace ``…fujitsu.dk/agenda/xml/schemas/2009/03/31/``).

``Root/Committee/Meeting/Agenda/AgendaElements/AgendaElement`` holds each item's access
(``AccessIsPublic``, ``AccessName`` "Fortrolig publicering") and a ``HandlingItem`` with the
printed number (``SerialNo``; ``SortOrder`` is only the order, and may repeat), ``Title``,
``CaseNumber``, ``CasePresentations`` (``Title`` + HTML ``Content``, ``IsDecision``) and a
``HandlingPlan`` of the matter's treatments (``Placement`` "This" is this meeting's, with
its ``Decision``; "Beslutning ikke frigivet" means none is published yet).

A confidential item keeps only its (neutral) title and decision: its case text is never
read, even though the export carries it.
"""

from __future__ import annotations

import datetime

from lxml import etree

from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Reference, Section
from indexer.readers.base import ReaderError
from indexer.readers.markup import (
    heading_name,
    html_to_text,
    is_placeholder,
    parse_timestamp,
    parse_xml,
    root_tag,
    sort_and_check_items,
)
from indexer.readers.sections import canonical_heading, decision_text

NAMESPACE = "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"
_NS = {"e": NAMESPACE}
_NOT_RELEASED = ("beslutning ikke frigivet", "ikke frigivet")


def _text(element: etree._Element | None, path: str) -> str:
    found = element.find(path, _NS) if element is not None else None
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _raw(element: etree._Element | None, path: str) -> str:
    found = element.find(path, _NS) if element is not None else None
    return "".join(found.itertext()) if found is not None else ""


class EdocFujitsuReader:
    name = "edoc-fujitsu-xml"

    def sniff(self, head: bytes, path: str) -> bool:
        """An XML file in Fujitsu's agenda namespace (not its HTML rendering)."""
        return root_tag(head) == "Root" and NAMESPACE.encode() in head[:4096]

    def read(self, data: bytes, path: str) -> Meeting:
        root, warnings = parse_xml(data, "eDoc Fujitsu agenda")
        committee = root.find("e:Committee", _NS)
        held = committee.find("e:Meeting", _NS) if committee is not None else None
        if held is None:
            raise ReaderError("not an eDoc Fujitsu agenda: no Committee/Meeting element")
        meeting = Meeting(source_path=path, source_format=self.name, warnings=warnings)
        meeting.committee = _text(committee, "e:Name") or None
        meeting.date, meeting.time = parse_timestamp(_text(held, "e:MeetingDateTime"))
        meeting.place = _text(held, "e:MeetingLocation") or None
        for person in held.iterfind("e:MeetingParticipants/e:MeetingParticipant", _NS):
            if name := _text(person, "e:Name"):
                present = _text(person, "e:Participate").lower() != "false"
                (meeting.participants if present else meeting.absentees).append(name)
        agenda = held.find("e:Agenda", _NS)
        for element in held.iterfind("e:Agenda/e:AgendaElements/e:AgendaElement", _NS):
            item = _read_item(element, meeting)
            if item is not None:
                meeting.items.append(item)
        if not meeting.items:
            damage = f"; {warnings[0]}" if warnings else ""
            raise ReaderError(f"eDoc Fujitsu agenda lists no items (no AgendaElement){damage}")
        meeting.kind = _kind(_text(agenda, "e:Type"), meeting)
        sort_and_check_items(meeting)
        return meeting


def _kind(agenda_type: str, meeting: Meeting) -> MeetingKind:
    lowered = agenda_type.lower()
    if "referat" in lowered or "beslutning" in lowered:
        return "referat"
    if "dagsorden" in lowered:
        return "dagsorden"
    meeting.warn(f"agenda type {agenda_type!r} does not say agenda or minutes; told by decisions")
    return "referat" if any(item.decision for item in meeting.items) else "dagsorden"


def _read_item(element: etree._Element, meeting: Meeting) -> AgendaItem | None:
    handling = element.find("e:HandlingItem", _NS)
    closed = _text(element, "e:AccessIsPublic").lower() == "false"
    serial = _text(handling, "e:SerialNo")
    title, neutral = _text(handling, "e:Title"), _text(handling, "e:NeutralTitle")
    # a confidential item is published under its neutral title when it has one
    title = (neutral or title) if closed else (title or neutral)
    if not serial.isdigit():
        meeting.warn(f"an agenda item without a printed number (SerialNo) was skipped ({title!r})")
        return None
    item = AgendaItem(number=int(serial), title=title, closed=closed)
    if not title:
        meeting.warn(f"item {item.number} has no title")
    item.case_number = _text(handling, "e:CaseNumber") or None
    if handling is None:
        return item
    decisions: list[str] = []
    for presentation in handling.iterfind("e:CasePresentations/e:CasePresentation", _NS):
        is_decision = _text(presentation, "e:IsDecision").lower() == "true"
        if closed and not is_decision:
            continue  # a confidential item's case text is never read
        heading = heading_name(_text(presentation, "e:Title")) or "Tekst"
        text = _content(_raw(presentation, "e:Content"))
        if is_decision:
            heading = heading if canonical_heading(heading) == "Beslutning" else "Beslutning"
            decisions.append(text)
        if text or is_decision:
            item.sections.append(Section(heading, text))
    for treatment in handling.iterfind("e:HandlingPlan/e:Handling", _NS):
        _read_treatment(treatment, item, meeting.date, decided=bool(decisions))
    item.decision = decision_text(item.sections)
    if not closed:
        for attachment in handling.iterfind("e:Attachments/e:Attachment", _NS):
            link = _text(attachment, "e:Link").replace("\\", "/")
            item.attachments.append(Attachment(_text(attachment, "e:Title"), link or None))
    item.attachment_count = len(item.attachments)
    return item


def _content(html: str) -> str:
    text = html_to_text(html) if "<" in html or "&" in html else " ".join(html.split())
    return "" if is_placeholder(text) else text


def _read_treatment(
    treatment: etree._Element, item: AgendaItem, today: datetime.date | None, decided: bool
) -> None:
    """This meeting's decision (when no presentation carries one), or an earlier treatment."""
    decision = _content(_raw(treatment, "e:Decision"))
    released = decision and not decision.lower().rstrip(".").startswith(_NOT_RELEASED)
    when, _ = parse_timestamp(_text(treatment, "e:MeetingDate"))
    if _text(treatment, "e:Placement").lower() == "this":
        if released and not decided:
            item.sections.append(Section("Beslutning", decision))
        return
    if when is None or (today is not None and when >= today):
        return  # a later, planned treatment is no history yet
    committee = _text(treatment, "e:CommitteeName")
    serial = _text(treatment, "e:SerialNo")
    citation = f"{committee} den {when.strftime('%d.%m.%Y')}" + (
        f" punkt {serial}" if serial.isdigit() else ""
    )
    item.references.append(Reference(text=citation))
    if released:
        item.sections.append(Section("Tidligere behandling", f"{citation}\n{decision}"))


READER = EdocFujitsuReader()
